//! An orthographic camera around the unit cube: azimuth about the vertical axis, elevation
//! above the horizon, and a zoom.

/// A camera's projection, ready to apply.
#[derive(Clone, Copy, Debug)]
pub struct Projector {
    sa: f32,
    ca: f32,
    se: f32,
    ce: f32,
    s: f32,
}

impl Projector {
    /// See [`Camera::project`].
    pub fn project(&self, p: [f32; 3]) -> ([f32; 2], f32) {
        // Turn the world about the vertical; the viewer then stands in front (−y) and above
        // (+h): screen up is (0, sin e, cos e), the direction to the viewer (0, −cos e, sin e).
        let x = self.ca * p[0] - self.sa * p[1];
        let y = self.sa * p[0] + self.ca * p[1];
        let v = self.se * y + self.ce * p[2];
        let depth = -self.ce * y + self.se * p[2];
        ([self.s * x, self.s * v], depth)
    }
}

/// Where the viewer stands.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Camera {
    /// Degrees about the vertical axis.
    pub azimuth: f32,
    /// Degrees above the horizontal plane, in [−89, 89].
    pub elevation: f32,
    /// 1 shows the whole cube; larger is closer.
    pub zoom: f32,
}

impl Default for Camera {
    /// The course's 3-D plots look from the front-left, somewhat above.
    fn default() -> Self {
        Camera {
            azimuth: -55.0,
            elevation: 30.0,
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// `p` (world: a, b horizontal, h up, each in about [−1, 1]) on the screen: `(u, v)` in
    /// about [−1, 1] (v up) and a depth (larger is nearer the viewer).
    pub fn project(&self, p: [f32; 3]) -> ([f32; 2], f32) {
        self.projector().project(p)
    }

    /// The projection with its sines and cosines worked out once, for many points.
    pub fn projector(&self) -> Projector {
        let (sa, ca) = self.azimuth.to_radians().sin_cos();
        let (se, ce) = self.elevation.to_radians().sin_cos();
        // √3 is the cube's diagonal: at zoom 1 the whole cube fits whatever the angle.
        let s = self.zoom / 3f32.sqrt();
        Projector { sa, ca, se, ce, s }
    }

    /// The direction to the viewer in world coordinates (for shading facing surfaces).
    pub fn toward_viewer(&self) -> [f32; 3] {
        let (sa, ca) = self.azimuth.to_radians().sin_cos();
        let (se, ce) = self.elevation.to_radians().sin_cos();
        [-ce * sa, -ce * ca, se]
    }

    /// Turned by a pointer drag of `(dx, dy)` screen points.
    pub fn dragged(self, dx: f32, dy: f32) -> Self {
        Camera {
            azimuth: (self.azimuth - 0.4 * dx + 180.0).rem_euclid(360.0) - 180.0,
            elevation: (self.elevation + 0.4 * dy).clamp(-89.0, 89.0),
            ..self
        }
    }

    /// Zoomed by a scroll of `delta` points (up is closer).
    pub fn scrolled(self, delta: f32) -> Self {
        Camera {
            zoom: (self.zoom * (delta * 0.002).exp()).clamp(0.3, 8.0),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the front (azimuth 0, elevation 0) the a axis runs right, h up, and b away:
    /// nearer points (smaller b) have larger depth. From above, h is depth.
    #[test]
    fn the_camera_looks_where_its_angles_say() {
        let front = Camera {
            azimuth: 0.0,
            elevation: 0.0,
            zoom: 3f32.sqrt(),
        };
        assert_eq!(front.project([1.0, 0.0, 0.0]).0, [1.0, 0.0]);
        let (up, _) = front.project([0.0, 0.0, 1.0]);
        assert!((up[0]).abs() < 1e-6 && (up[1] - 1.0).abs() < 1e-6);
        assert!(front.project([0.0, -1.0, 0.0]).1 > front.project([0.0, 1.0, 0.0]).1);
        let above = Camera {
            elevation: 89.0,
            ..front
        };
        assert!(above.project([0.0, 0.0, 1.0]).1 > above.project([0.0, 0.0, -1.0]).1);
        // A quarter turn brings the b axis to the right.
        let turned = Camera {
            azimuth: 90.0,
            ..front
        };
        let (b, _) = turned.project([0.0, -1.0, 0.0]);
        assert!((b[0] - 1.0).abs() < 1e-5, "{b:?}");
        // Every corner of the cube fits at zoom 1, at any angle.
        let any = Camera::default();
        for c in 0..8 {
            let p = [
                (c & 1) as f32 * 2.0 - 1.0,
                (c >> 1 & 1) as f32 * 2.0 - 1.0,
                (c >> 2) as f32 * 2.0 - 1.0,
            ];
            let (s, _) = any.project(p);
            assert!(s[0].abs() <= 1.0 && s[1].abs() <= 1.0);
        }
        let d = any.dragged(100.0, -1000.0);
        assert_eq!(d.elevation, -89.0);
        assert!(any.scrolled(100.0).zoom > 1.0);
    }
}
