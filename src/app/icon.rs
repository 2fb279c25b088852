//! The window's icon, drawn rather than shipped: the course's ellipse as an energy well —
//! the free energy F_∞ of the ellipse's 48 latents on viridis, low (dark) on the ellipse —
//! with a few data points in the course's blue.

use eframe::egui::IconData;

use crate::palette::{DATA_BLUE, viridis};

/// Icon side in pixels (window managers scale it).
pub const SIDE: usize = 64;

pub fn icon() -> IconData {
    let latents: Vec<[f32; 2]> = (0..48)
        .map(|k| {
            let z = k as f32 * std::f32::consts::TAU / 48.0;
            [2.0 * z.cos(), 1.5 * z.sin()]
        })
        .collect();
    let half = SIDE as f32 / 2.0;
    let data_at = |p: [f32; 2]| latents.iter().step_by(6).any(|g| dist2(p, *g) < 0.03);
    let mut rgba = Vec::with_capacity(SIDE * SIDE * 4);
    for row in 0..SIDE {
        for col in 0..SIDE {
            // Pixel centre → plane: [-2.6, 2.6]² (y up), the ellipse filling the square.
            let p = [
                (col as f32 + 0.5 - half) / half * 2.6,
                (half - row as f32 - 0.5) / half * 2.6,
            ];
            let energy = latents
                .iter()
                .map(|g| dist2(p, *g))
                .fold(f32::MAX, f32::min);
            let colour = if data_at(p) {
                DATA_BLUE
            } else {
                // sqrt spreads the low energies near the ellipse over more of the map.
                viridis((energy.sqrt() / 1.6).min(1.0))
            };
            rgba.extend_from_slice(&[colour.r(), colour.g(), colour.b(), 255]);
        }
    }
    IconData {
        rgba,
        width: SIDE as u32,
        height: SIDE as u32,
    }
}

fn dist2(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_is_dark_on_the_ellipse_and_bright_far_from_it() {
        let icon = icon();
        assert_eq!(icon.rgba.len(), SIDE * SIDE * 4);
        let at = |col: usize, row: usize| {
            let i = (row * SIDE + col) * 4;
            let [r, g, b] = [icon.rgba[i], icon.rgba[i + 1], icon.rgba[i + 2]];
            u32::from(r) + u32::from(g) + u32::from(b)
        };
        // The centre is 1.5 from the ellipse (bright); the ellipse at z = 22.5°, (1.85, 0.57),
        // is pixel (54, 24), between two data points (dark); a corner is far (bright).
        let centre = at(32, 32);
        let on_ellipse = at(54, 24);
        assert!(on_ellipse < centre, "{on_ellipse} vs {centre}");
        assert!(on_ellipse < at(0, 0));
    }
}
