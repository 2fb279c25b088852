//! The course's colours (ColorBrewer Set3 on a dark background), matplotlib's viridis, and
//! the colour scales of the heatmaps.

mod scale;
mod viridis;

use eframe::egui::Color32;

use crate::energy::Beta;
pub use scale::{ColourMap, ColourScale};
pub use viridis::{viridis, viridis_entry};

/// Data points y: cold.
pub const DATA_BLUE: Color32 = Color32::from_rgb(0x80, 0xb1, 0xd3);
/// Energies and hot (generated / contrastive) points ŷ.
pub const HOT_RED: Color32 = Color32::from_rgb(0xfb, 0x80, 0x72);
/// The manifold ỹ = g(z).
pub const MANIFOLD_VIOLET: Color32 = Color32::from_rgb(0xbc, 0x80, 0xbd);
/// The latent z.
pub const LATENT_ORANGE: Color32 = Color32::from_rgb(0xfd, 0xb4, 0x62);
/// Samples at temperature (the *Samples* layer): Set3's yellow.
pub const GIBBS_YELLOW: Color32 = Color32::from_rgb(0xff, 0xff, 0xb3);
/// A probe point y′ (the point under the cursor in the per-sample view).
pub const PROBE_GREEN: Color32 = Color32::from_rgb(0xb3, 0xde, 0x69);

/// ColorBrewer Set3, the course's qualitative palette (in ColorBrewer's order).
pub const SET3: [Color32; 12] = [
    Color32::from_rgb(0x8d, 0xd3, 0xc7),
    Color32::from_rgb(0xff, 0xff, 0xb3),
    Color32::from_rgb(0xbe, 0xba, 0xda),
    Color32::from_rgb(0xfb, 0x80, 0x72),
    Color32::from_rgb(0x80, 0xb1, 0xd3),
    Color32::from_rgb(0xfd, 0xb4, 0x62),
    Color32::from_rgb(0xb3, 0xde, 0x69),
    Color32::from_rgb(0xfc, 0xcd, 0xe5),
    Color32::from_rgb(0xd9, 0xd9, 0xd9),
    Color32::from_rgb(0xbc, 0x80, 0xbd),
    Color32::from_rgb(0xcc, 0xeb, 0xc5),
    Color32::from_rgb(0xff, 0xed, 0x6f),
];

/// The colour of one β of the family plot: a Set3 colour per mark of the course's slider, as
/// the course colours its β family (one line per β, each its own colour); white for a β
/// between the marks.
pub fn beta_colour(beta: Beta) -> Color32 {
    match Beta::COURSE_MARKS.iter().position(|b| *b == beta) {
        // Skip Set3's pale yellow (index 1): it vanishes on a light background.
        Some(i) => SET3[[0, 2, 3, 4, 5, 6][i]],
        None => Color32::WHITE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One colour per mark of the course's slider, all different, none for a β between them.
    #[test]
    fn every_mark_of_the_beta_family_has_its_own_colour() {
        let colours: Vec<Color32> = Beta::COURSE_MARKS.into_iter().map(beta_colour).collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(SET3.contains(a));
            assert!(colours[i + 1..].iter().all(|b| b != a), "{a:?} twice");
        }
        assert_eq!(beta_colour(Beta::Finite(2.0)), Color32::WHITE);
    }
}
