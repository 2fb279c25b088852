//! Any 2-D surface (F_β, C, reconstruction energy, density) as a shaded height field, with the
//! data on it. Height and colour both follow the plot's colour scale, so the colour bar reads
//! for both.

use super::scene::{Rgba, Scene, Shape};
use crate::landscape::EnergyGrid;
use crate::palette::{ColourMap, DATA_BLUE, viridis};

/// Mesh vertices along each side: the grid is resampled to this, whatever its own size.
pub const MESH: usize = 128;
/// The height field spans h ∈ [−H, H].
const H: f32 = 0.6;

fn rgba(c: eframe::egui::Color32) -> Rgba {
    [c.r(), c.g(), c.b(), 255]
}

/// The value of `grid` at `(y1, y2)`, bilinear between its points (clamped to its extent).
pub fn sample(grid: &EnergyGrid, y: [f32; 2]) -> f32 {
    let s = grid.spec;
    let (w, h) = (s.size.width, s.size.height);
    let fx =
        ((y[0] - s.extent.y1.0) / s.extent.width() * (w - 1) as f32).clamp(0.0, (w - 1) as f32);
    let fy =
        ((y[1] - s.extent.y2.0) / s.extent.height() * (h - 1) as f32).clamp(0.0, (h - 1) as f32);
    let (i, j) = ((fx as usize).min(w - 2), (fy as usize).min(h - 2));
    let (tx, ty) = (fx - i as f32, fy - j as f32);
    let at = |i: usize, j: usize| grid.values[j * w + i];
    let bottom = at(i, j) * (1.0 - tx) + at(i + 1, j) * tx;
    let top = at(i, j + 1) * (1.0 - tx) + at(i + 1, j + 1) * tx;
    bottom * (1.0 - ty) + top * ty
}

/// The surface of `grid` coloured and raised by `map`, the `data` on it, and the axes named
/// (`name` is the function drawn).
pub fn surface_scene(grid: &EnergyGrid, map: &ColourMap, data: &[[f32; 2]], name: &str) -> Scene {
    let ext = grid.spec.extent;
    let [cx, cy] = ext.center();
    let half = 0.5 * ext.width().max(ext.height());
    let world = |y: [f32; 2], t: f32| [(y[0] - cx) / half, (y[1] - cy) / half, -H + 2.0 * H * t];
    let vertex = |i: usize, j: usize| {
        let y = [
            ext.y1.0 + ext.width() * i as f32 / (MESH - 1) as f32,
            ext.y2.0 + ext.height() * j as f32 / (MESH - 1) as f32,
        ];
        let t = map.t(sample(grid, y));
        (world(y, t), t)
    };
    let vertices: Vec<([f32; 3], f32)> = (0..MESH)
        .flat_map(|j| (0..MESH).map(move |i| (i, j)))
        .map(|(i, j)| vertex(i, j))
        .collect();
    let mut scene = Scene::default();
    for j in 0..MESH - 1 {
        for i in 0..MESH - 1 {
            let k = |i: usize, j: usize| vertices[j * MESH + i];
            let (a, b, c, d) = (k(i, j), k(i + 1, j), k(i + 1, j + 1), k(i, j + 1));
            for tri in [[a, b, c], [a, c, d]] {
                let t = (tri[0].1 + tri[1].1 + tri[2].1) / 3.0;
                scene.push(Shape::Triangle {
                    p: tri.map(|v| v.0),
                    colour: rgba(viridis(t)),
                });
            }
        }
    }
    for y in data {
        let t = map.t(sample(grid, *y));
        let mut p = world(*y, t);
        p[2] += 0.01;
        scene.push(Shape::Point {
            p,
            colour: rgba(DATA_BLUE),
            radius: 3.0,
        });
    }
    floor_and_axes(
        &mut scene,
        [(ext.width() / 2.0) / half, (ext.height() / 2.0) / half],
        name,
    );
    scene
}

/// The floor's outline under the surface and the axes' names.
fn floor_and_axes(scene: &mut Scene, [a, b]: [f32; 2], name: &str) {
    let grey = [160, 160, 160, 255];
    let corners = [[-a, -b, -H], [a, -b, -H], [a, b, -H], [-a, b, -H]];
    for k in 0..4 {
        scene.push(Shape::Line {
            a: corners[k],
            b: corners[(k + 1) % 4],
            colour: grey,
            width: 1.0,
        });
    }
    scene.push(Shape::Line {
        a: [-a, -b, -H],
        b: [-a, -b, H],
        colour: grey,
        width: 1.0,
    });
    let white = [235, 235, 235, 255];
    for (p, text) in [
        ([0.0, -b - 0.15, -H], "y₁".to_owned()),
        ([a + 0.15, 0.0, -H], "y₂".to_owned()),
        ([-a, -b, H + 0.12], name.to_owned()),
    ] {
        scene.push(Shape::Label {
            p,
            text,
            colour: white,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::{Beta, GridSpec};
    use crate::palette::ColourScale;

    /// A bowl: bilinear sampling reproduces the grid at its points, the mesh has 2·127²
    /// triangles, the floor 4 + 1 lines, and the lowest vertex is the bowl's centre.
    #[test]
    fn a_bowl_becomes_a_raised_mesh() {
        let spec = GridSpec::DEFAULT;
        let values: Vec<f32> = spec
            .points()
            .iter()
            .map(|p| p[0] * p[0] + p[1] * p[1])
            .collect();
        let grid = EnergyGrid {
            spec,
            beta: Beta::Finite(1.0),
            values,
        };
        assert!((sample(&grid, [0.0, 0.0])).abs() < 1e-6);
        assert!((sample(&grid, [1.0, 1.0]) - 2.0).abs() < 1e-3);
        let map = ColourScale::Linear.fit(&grid.values);
        let scene = surface_scene(&grid, &map, &[[0.0, 0.0]], "‖y‖²");
        let triangles = scene
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Triangle { .. }))
            .count();
        assert_eq!(triangles, 2 * (MESH - 1) * (MESH - 1));
        let lowest = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Triangle { p, .. } => {
                    Some(p.iter().map(|v| v[2]).fold(f32::INFINITY, f32::min))
                }
                _ => None,
            })
            .fold(f32::INFINITY, f32::min);
        assert!((lowest + H).abs() < 1e-3, "{lowest}");
        let point = scene.shapes.iter().find_map(|s| match s {
            Shape::Point { p, .. } => Some(*p),
            _ => None,
        });
        assert!(
            point.is_some_and(|p| p[2] < -H + 0.05),
            "the datum sits at the bottom"
        );
    }
}
