//! The course's colours (ColorBrewer Set3 on a dark background) and the viridis colour map.

use eframe::egui::Color32;

/// Data points y: cold.
pub const DATA_BLUE: Color32 = Color32::from_rgb(0x80, 0xb1, 0xd3);
/// Energies and hot (generated / contrastive) points ŷ.
pub const HOT_RED: Color32 = Color32::from_rgb(0xfb, 0x80, 0x72);
/// The manifold ỹ = g(z).
pub const MANIFOLD_VIOLET: Color32 = Color32::from_rgb(0xbc, 0x80, 0xbd);
/// The latent z.
pub const LATENT_ORANGE: Color32 = Color32::from_rgb(0xfd, 0xb4, 0x62);
/// A probe point y′ (the point under the cursor in the per-sample view).
pub const PROBE_GREEN: Color32 = Color32::from_rgb(0xb3, 0xde, 0x69);

/// Viridis, sampled at 9 evenly spaced stops (matplotlib's values); we interpolate linearly
/// between them, which stays within one 8-bit step of the full 256-entry table.
const VIRIDIS_STOPS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
];

/// Viridis at `t` ∈ [0, 1] (purple = cold = low energy, yellow = hot). Values outside are
/// clamped; NaN maps to the cold end so a bad value can never crash the renderer.
pub fn viridis(t: f32) -> Color32 {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS_STOPS.len() - 1) as f32;
    let i = (x.floor() as usize).min(VIRIDIS_STOPS.len() - 2);
    let f = x - i as f32;
    let [a, b] = [VIRIDIS_STOPS[i], VIRIDIS_STOPS[i + 1]];
    let mix = |c: usize| (a[c] as f32 + (b[c] as f32 - a[c] as f32) * f).round() as u8;
    Color32::from_rgb(mix(0), mix(1), mix(2))
}

/// How values map to colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColourScale {
    /// From the grid's minimum to its 98th percentile: keeps structure visible at every β.
    #[default]
    Auto,
    /// The course's fixed 0 … 2 with "extend max": comparable across β and steps.
    Course,
}

impl ColourScale {
    pub fn label(self) -> &'static str {
        match self {
            ColourScale::Auto => "auto (min … p98)",
            ColourScale::Course => "course (0 … 2)",
        }
    }

    /// The value range `(lo, hi)` for `values`; always `lo < hi`, ignoring non-finite values.
    pub fn range(self, values: &[f32]) -> (f32, f32) {
        let (lo, hi) = match self {
            ColourScale::Course => (0.0, 2.0),
            ColourScale::Auto => {
                let mut finite: Vec<f32> =
                    values.iter().copied().filter(|v| v.is_finite()).collect();
                if finite.is_empty() {
                    return (0.0, 1.0);
                }
                let lo = finite.iter().copied().fold(f32::INFINITY, f32::min);
                let k = ((finite.len() - 1) as f32 * 0.98) as usize;
                let (_, hi, _) = finite.select_nth_unstable_by(k, f32::total_cmp);
                (lo, *hi)
            }
        };
        if hi > lo { (lo, hi) } else { (lo, lo + 1.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_middle_match_matplotlib() {
        assert_eq!(viridis(0.0), Color32::from_rgb(68, 1, 84));
        assert_eq!(viridis(1.0), Color32::from_rgb(253, 231, 37));
        // matplotlib viridis(0.5) = (33, 145, 140)
        let mid = viridis(0.5);
        assert!((mid.r() as i32 - 33).abs() <= 1 && (mid.g() as i32 - 145).abs() <= 1);
        assert_eq!(viridis(f32::NAN), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
    }
}
