//! A scene: primitives in world coordinates, projected and sorted back to front for painting.

use super::Camera;

/// RGBA, not premultiplied.
pub type Rgba = [u8; 4];

/// Something drawn, in world coordinates.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A filled triangle; its colour is shaded by how squarely it faces the light.
    Triangle { p: [[f32; 3]; 3], colour: Rgba },
    Line {
        a: [f32; 3],
        b: [f32; 3],
        colour: Rgba,
        width: f32,
    },
    Point {
        p: [f32; 3],
        colour: Rgba,
        radius: f32,
    },
    /// Text anchored at a point (axis names).
    Label {
        p: [f32; 3],
        text: String,
        colour: Rgba,
    },
}

/// A projected primitive, in screen coordinates (about [−1, 1], v up).
#[derive(Clone, Debug, PartialEq)]
pub enum Primitive {
    Triangle {
        p: [[f32; 2]; 3],
        colour: Rgba,
    },
    Line {
        a: [f32; 2],
        b: [f32; 2],
        colour: Rgba,
        width: f32,
    },
    Point {
        p: [f32; 2],
        colour: Rgba,
        radius: f32,
    },
    Label {
        p: [f32; 2],
        text: String,
        colour: Rgba,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub shapes: Vec<Shape>,
}

/// Where the light comes from (world, unit length): above, front left.
const LIGHT: [f32; 3] = [-0.40, -0.45, 0.80];

impl Scene {
    pub fn push(&mut self, shape: Shape) {
        self.shapes.push(shape);
    }

    /// The scene as `camera` sees it: projected, triangles shaded, back to front (later
    /// primitives are nearer and paint over earlier ones).
    pub fn render(&self, camera: &Camera) -> Vec<Primitive> {
        let camera = camera.projector();
        let mut out: Vec<(f32, Primitive)> = self
            .shapes
            .iter()
            .map(|shape| match shape {
                Shape::Triangle { p, colour } => {
                    let q = p.map(|v| camera.project(v));
                    let depth = (q[0].1 + q[1].1 + q[2].1) / 3.0;
                    let colour = shade(*colour, normal(p));
                    (
                        depth,
                        Primitive::Triangle {
                            p: q.map(|v| v.0),
                            colour,
                        },
                    )
                }
                Shape::Line {
                    a,
                    b,
                    colour,
                    width,
                } => {
                    let (pa, da) = camera.project(*a);
                    let (pb, db) = camera.project(*b);
                    // Lines and points win ties with the surface they lie on.
                    let depth = 0.5 * (da + db) + 1e-3;
                    (
                        depth,
                        Primitive::Line {
                            a: pa,
                            b: pb,
                            colour: *colour,
                            width: *width,
                        },
                    )
                }
                Shape::Point { p, colour, radius } => {
                    let (q, d) = camera.project(*p);
                    (
                        d + 2e-3,
                        Primitive::Point {
                            p: q,
                            colour: *colour,
                            radius: *radius,
                        },
                    )
                }
                Shape::Label { p, text, colour } => {
                    let (q, _) = camera.project(*p);
                    (
                        f32::INFINITY,
                        Primitive::Label {
                            p: q,
                            text: text.clone(),
                            colour: *colour,
                        },
                    )
                }
            })
            .collect();
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out.into_iter().map(|(_, p)| p).collect()
    }
}

/// The unit normal of a triangle (either side: a height field is seen from both).
fn normal(p: &[[f32; 3]; 3]) -> [f32; 3] {
    let u = [p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]];
    let v = [p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]];
    let n = [
        u[1] * v[2] - u[2] * v[1],
        u[2] * v[0] - u[0] * v[2],
        u[0] * v[1] - u[1] * v[0],
    ];
    let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt().max(1e-12);
    let n = n.map(|c| c / len);
    // Face up, so light from above brightens it whichever way the triangle was wound.
    if n[2] < 0.0 { n.map(|c| -c) } else { n }
}

/// Lambert shading with an ambient floor: facing the light keeps the colour, turning away
/// darkens it to 45 %.
fn shade(colour: Rgba, n: [f32; 3]) -> Rgba {
    let lit = (n[0] * LIGHT[0] + n[1] * LIGHT[1] + n[2] * LIGHT[2]).max(0.0);
    let k = 0.45 + 0.55 * lit;
    [
        (f32::from(colour[0]) * k).round() as u8,
        (f32::from(colour[1]) * k).round() as u8,
        (f32::from(colour[2]) * k).round() as u8,
        colour[3],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two squares one above the other seen from above: the higher one is painted last.
    /// Seen from below, the lower one is.
    #[test]
    fn nearer_primitives_paint_last_and_facing_the_light_is_brighter() {
        let square = |h: f32, colour| {
            [
                Shape::Triangle {
                    p: [[-1.0, -1.0, h], [1.0, -1.0, h], [1.0, 1.0, h]],
                    colour,
                },
                Shape::Triangle {
                    p: [[-1.0, -1.0, h], [1.0, 1.0, h], [-1.0, 1.0, h]],
                    colour,
                },
            ]
        };
        let mut scene = Scene::default();
        scene.shapes.extend(square(0.5, [255, 0, 0, 255]));
        scene.shapes.extend(square(-0.5, [0, 0, 255, 255]));
        let red_last = |camera: Camera| match scene.render(&camera).last() {
            Some(Primitive::Triangle { colour, .. }) => colour[0] > 0,
            _ => false,
        };
        assert!(red_last(Camera {
            elevation: 60.0,
            ..Camera::default()
        }));
        assert!(!red_last(Camera {
            elevation: -60.0,
            ..Camera::default()
        }));
        // A flat triangle faces the light more squarely than a steep one.
        let flat = shade([200, 200, 200, 255], [0.0, 0.0, 1.0]);
        let steep = shade([200, 200, 200, 255], [1.0, 0.0, 0.0]);
        assert!(flat[0] > steep[0]);
    }
}
