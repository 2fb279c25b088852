//! The horn in 3-D (course p.35–39): the rows (x, y₁, y₂) coloured by x, a conditional
//! model's manifold at every x as a tube (rings at each x, seams along x), the regressor's
//! predictions f(x) as a line through the middle, and the current slice as a translucent
//! plane.

use super::scene::{Rgba, Scene, Shape};
use crate::palette::{LATENT_ORANGE, MANIFOLD_VIOLET, viridis};

fn rgba(c: eframe::egui::Color32) -> Rgba {
    [c.r(), c.g(), c.b(), 255]
}

/// A model's manifold over x: `(x, ỹ_k at x)` for a range of x.
pub type Tube<'a> = &'a [(f32, Vec<[f32; 2]>)];

/// The 3-D horn: `data` with their inputs `xs`, each model's `tubes` (a one-point manifold
/// is the regressor's line), and the slice plane at `slice`.
pub fn horn_scene(data: &[[f32; 2]], xs: &[f32], tubes: &[Tube<'_>], slice: f32) -> Scene {
    // One scale for y₁ and y₂ (the horn is round), x stretched over the same length.
    let reach = data
        .iter()
        .chain(
            tubes
                .iter()
                .flat_map(|t| t.iter().flat_map(|(_, m)| m.iter())),
        )
        .map(|p| p[0].abs().max(p[1].abs()))
        .filter(|r| r.is_finite())
        .fold(1.0f32, f32::max);
    let world = |x: f32, y: [f32; 2]| [2.0 * x - 1.0, y[0] / reach, y[1] / reach];
    let mut scene = Scene::default();
    for (y, x) in data.iter().zip(xs) {
        scene.push(Shape::Point {
            p: world(*x, *y),
            colour: rgba(viridis(*x)),
            radius: 2.5,
        });
    }
    for tube in tubes {
        tube_shapes(&mut scene, tube, &world);
    }
    let plane = [160, 160, 200, 60];
    let a = 2.0 * slice - 1.0;
    let corner = [
        [a, -1.0, -1.0],
        [a, 1.0, -1.0],
        [a, 1.0, 1.0],
        [a, -1.0, 1.0],
    ];
    for tri in [
        [corner[0], corner[1], corner[2]],
        [corner[0], corner[2], corner[3]],
    ] {
        scene.push(Shape::Triangle {
            p: tri,
            colour: plane,
        });
    }
    let grey = [150, 150, 150, 255];
    for (from, to, name) in [
        ([-1.0, 0.0, 0.0], [1.15, 0.0, 0.0], "x"),
        ([-1.0, -1.0, 0.0], [-1.0, 1.15, 0.0], "y₁"),
        ([-1.0, 0.0, -1.0], [-1.0, 0.0, 1.15], "y₂"),
    ] {
        scene.push(Shape::Line {
            a: from,
            b: to,
            colour: grey,
            width: 1.0,
        });
        scene.push(Shape::Label {
            p: to,
            text: name.to_owned(),
            colour: [235, 235, 235, 255],
        });
    }
    scene
}

/// Rings at each x and seams along x (every sixth latent point); a one-point manifold draws
/// the line of its points instead.
fn tube_shapes(scene: &mut Scene, tube: Tube<'_>, world: &impl Fn(f32, [f32; 2]) -> [f32; 3]) {
    let single = tube.iter().all(|(_, m)| m.len() == 1);
    if single {
        for pair in tube.windows(2) {
            scene.push(Shape::Line {
                a: world(pair[0].0, pair[0].1[0]),
                b: world(pair[1].0, pair[1].1[0]),
                colour: rgba(LATENT_ORANGE),
                width: 3.0,
            });
        }
        return;
    }
    let violet = rgba(MANIFOLD_VIOLET);
    for (x, ring) in tube {
        for k in 0..ring.len() {
            let next = (k + 1) % ring.len();
            scene.push(Shape::Line {
                a: world(*x, ring[k]),
                b: world(*x, ring[next]),
                colour: violet,
                width: 1.5,
            });
        }
    }
    for pair in tube.windows(2) {
        let ((x0, r0), (x1, r1)) = (&pair[0], &pair[1]);
        for k in (0..r0.len().min(r1.len())).step_by(6) {
            scene.push(Shape::Line {
                a: world(*x0, r0[k]),
                b: world(*x1, r1[k]),
                colour: violet,
                width: 1.0,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A horn with a ring tube and a regressor line: the rings, seams, line, points, plane
    /// and axes all appear, and the largest |y| sits on the cube's face.
    #[test]
    fn the_horn_has_data_tube_line_and_slice() {
        let data = [[2.0, 0.0], [0.0, 4.0]];
        let xs = [0.0, 1.0];
        let ring = |r: f32| {
            (0..48)
                .map(|k| {
                    let z = std::f32::consts::TAU * k as f32 / 48.0;
                    [r * z.cos(), r * z.sin()]
                })
                .collect::<Vec<_>>()
        };
        let tube: Vec<(f32, Vec<[f32; 2]>)> = (0..=4)
            .map(|i| (i as f32 / 4.0, ring(1.0 + i as f32)))
            .collect();
        let line: Vec<(f32, Vec<[f32; 2]>)> = (0..=4)
            .map(|i| (i as f32 / 4.0, vec![[0.1, 0.0]]))
            .collect();
        let scene = horn_scene(&data, &xs, &[&tube, &line], 0.5);
        let count = |f: &dyn Fn(&Shape) -> bool| scene.shapes.iter().filter(|s| f(s)).count();
        assert_eq!(count(&|s| matches!(s, Shape::Point { .. })), 2);
        // 5 rings of 48 segments, 4 × 8 seams, 4 line segments, 3 axes.
        assert_eq!(
            count(&|s| matches!(s, Shape::Line { .. })),
            5 * 48 + 4 * 8 + 4 + 3
        );
        assert_eq!(count(&|s| matches!(s, Shape::Triangle { .. })), 2);
        let top = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Line { a, .. } => Some(a[1].abs().max(a[2].abs())),
                _ => None,
            })
            .fold(0.0f32, f32::max);
        assert!(
            (top - 1.0).abs() < 1e-6,
            "the widest ring (radius 5) reaches the face: {top}"
        );
    }
}
