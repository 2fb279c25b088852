//! What differs between two models, in words: the course's own contrasts for the pairs it
//! draws, and for any other pair the blocks one has and the other lacks.

use crate::models::ModelId;
use crate::models::diagram::PartKind;

/// The course's contrasts (order-free pairs).
const CONTRASTS: &[(ModelId, ModelId, &str)] = &[
    (
        ModelId::Dae,
        ModelId::Vae,
        "Both add noise and decode; the DAE corrupts y itself (ŷ = y + σε, pushed up), the VAE \
         adds the noise to z inside the code's bubble and regularises the bubble with the KL.",
    ),
    (
        ModelId::Vae,
        ModelId::Gan,
        "The decoder and the generator are the same block, fed by z ~ N(0, I); what changes is \
         how the energy is shaped: the VAE reconstructs y and holds its codes with a KL \
         (architectural), the GAN's cost net is pushed up on G(z) (contrastive).",
    ),
    (
        ModelId::Ae,
        ModelId::Cae,
        "The same encoder and decoder; the CAE adds a regulariser on ∂ỹ/∂y that flattens the \
         reconstruction around the data, so even an over-complete code cannot learn the \
         identity.",
    ),
    (
        ModelId::Ae,
        ModelId::Dae,
        "The same autoencoder; the DAE trains it on corrupted inputs ŷ, which pushes their \
         energy up: a contrastive AE.",
    ),
    (
        ModelId::Ellipse,
        ModelId::LvNeural,
        "The same LV-EBM: a latent grid, a decoder, a cost, F_β. Only the decoder differs: two \
         numbers (w₁ cos z, w₂ sin z) against an MLP g_θ.",
    ),
    (
        ModelId::Ellipse,
        ModelId::Ae,
        "Both decode a latent into ỹ and pay ‖y − ỹ‖²; the LV-EBM finds its z by search over \
         the grid (inference by minimisation), the AE computes its code with an encoder \
         (amortised inference).",
    ),
    (
        ModelId::HornLv,
        ModelId::Mse,
        "Both read x with a predictor; the LV-EBM keeps a latent z, so each x has a whole \
         ellipse of answers, the regressor has none and predicts the middle, which is wrong.",
    ),
    (
        ModelId::Gan,
        ModelId::Ebm,
        "Both push a cost up on samples; the GAN's samples come from a generator trained to \
         fool C, the EBM's from Langevin chains on E_θ itself: no second network.",
    ),
    (
        ModelId::Dae,
        ModelId::Ebm,
        "Both are contrastive; the DAE's pushed-up points are noisy copies of the data, the \
         EBM's are wherever its own energy is too low (or noise, a live choice).",
    ),
];

/// The sentence for the pair (`a`, `b`).
pub fn contrast(a: ModelId, b: ModelId) -> String {
    if let Some((_, _, text)) = CONTRASTS
        .iter()
        .find(|(x, y, _)| (*x, *y) == (a, b) || (*x, *y) == (b, a))
    {
        return (*text).to_owned();
    }
    let (da, db) = (a.spec().diagram, b.spec().diagram);
    let only = |d: &crate::models::diagram::Diagram, other: &crate::models::diagram::Diagram| {
        d.parts
            .iter()
            .filter(|p| !other.has(p.kind) && p.kind != PartKind::Energy)
            .map(|p| format!("{} ({})", p.kind.name(), p.label))
            .collect::<Vec<_>>()
    };
    let (more, fewer) = (only(&da, &db), only(&db, &da));
    let has = |who: ModelId, parts: &[String]| {
        if parts.is_empty() {
            format!("{} has no block the other lacks", who.title())
        } else {
            format!("{} has {}", who.title(), parts.join(", "))
        }
    };
    let family = if a.spec().family.is_contrastive() == b.spec().family.is_contrastive() {
        "Both shape their energy the same way"
    } else {
        "One is contrastive, the other architectural"
    };
    format!("{}; {}. {family}.", has(a, &more), has(b, &fewer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_has_a_sentence_and_the_courses_pairs_their_own() {
        for a in ModelId::ALL {
            for b in ModelId::ALL {
                if a != b {
                    assert!(contrast(a, b).len() > 40, "{a} {b}");
                }
            }
        }
        assert!(contrast(ModelId::Vae, ModelId::Dae).contains("noise to z"));
        let generated = contrast(ModelId::Cae, ModelId::Gan);
        assert!(
            generated.contains("a regulariser (λ‖∂ỹ/∂y‖²)")
                && generated.contains("a latent sampler"),
            "{generated}"
        );
    }
}
