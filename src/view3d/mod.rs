//! 3-D views without a 3-D API: a scene of triangles, lines, points and labels in world
//! coordinates (the unit cube), projected by an orthographic [`Camera`], shaded by a fixed
//! light and sorted back to front (the painter's algorithm). The window paints the result
//! with egui's painter and the figures with plotters, so the same picture comes out on any
//! renderer — Mesa's llvmpipe under Xvfb, a headless figure, a GPU — with no shader and no
//! depth buffer. (A paint callback on the glow context would draw faster, but only in the
//! window: figures would need a second renderer, and software GL in CI has no depth buffer
//! guarantees worth relying on.)

pub mod camera;
pub mod horn;
pub mod scene;
pub mod surface;

pub use camera::Camera;
pub use scene::{Primitive, Scene};
