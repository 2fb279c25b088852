//! The denoising autoencoder: corrupt y (cold) into ŷ = y + σε (hot, red) and learn to bring it
//! back. Off the data the reconstruction points home, so ỹ − y is a denoising field.

use burn::tensor::Tensor;

use super::ModelId;
use super::ae_family::{CODE, DEPTH_AE, Recipe, WIDTH, create};
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::corruption::gaussian_corruption;
use super::blocks::cost::squared_distance;
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::learner::ModelRng;
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, Latent, ModelSpec, OwnField};

/// Corruption scale σ.
const SIGMA: Knob = Knob::live(
    "sigma",
    "σ (noise)",
    (0.0, 100.0),
    0.3,
    "Noise of the corruption ŷ = y + σε. Larger σ widens the cold tube.",
)
.slider(0.0, 1.0);

pub const SPEC: ModelSpec = ModelSpec {
    key: "dae",
    title: "Denoising AE",
    recipe: "DAE = corrupt → encoder → decoder → cost ‖y − ỹ‖²",
    about: "Red points are the corrupted inputs of the last step, pushed up; the grey arrows \
            show where the model sends each point (ỹ − y): a denoising field pointing at the \
            data. Raise σ and the cold region widens.",
    energy: EnergyName {
        name: "‖y − ỹ‖², reconstruction energy",
        symbol: "E",
    },
    knobs: &[SIGMA, CODE, WIDTH, DEPTH_AE],
    latent: Latent::Code,
    draws: Draws {
        field: OwnField::Reconstruction { shown: true },
        hot: true,
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "mean training loss",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Corruption,
                "+ σε",
                "Corruption: ŷ = y + σε, ε ~ N(0, I).",
            ),
            Part::new(
                PartKind::Corrupted,
                "ŷ",
                "The corrupted input (red): trained to reconstruct to y, its energy is pushed up.",
            )
            .pushed_up(),
            Part::new(PartKind::Encoder, "Enc", "The encoder: ŷ ↦ its code h."),
            Part::new(PartKind::Code, "h", "The code."),
            Part::new(
                PartKind::Decoder,
                "Dec",
                "The decoder: h ↦ ỹ, the violet curve.",
            ),
            Part::new(PartKind::Output, "ỹ", "The denoised reconstruction."),
            Part::new(PartKind::Cost, "‖y − ỹ‖²", "The cost against the clean y."),
            Part::new(
                PartKind::Energy,
                "E",
                "The energy: the reconstruction error of y itself.",
            ),
        ],
        wires: &[
            (PartKind::Observed, PartKind::Corruption),
            (PartKind::Corruption, PartKind::Corrupted),
            (PartKind::Corrupted, PartKind::Encoder),
            (PartKind::Encoder, PartKind::Code),
            (PartKind::Code, PartKind::Decoder),
            (PartKind::Decoder, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Cost, PartKind::Energy),
        ],
    },
    family: Family::Contrastive {
        pushed_up: "the corrupted inputs ŷ = y + σε, trained to reconstruct to y",
    },
    create: create::<Denoising>,
};

pub struct Denoising;

impl Recipe for Denoising {
    const ID: ModelId = ModelId::Dae;
    const RECONSTRUCTION_ENERGY: bool = true;

    fn loss(
        net: &AutoEncoder,
        y: Tensor<2>,
        knobs: &Knobs,
        rng: &mut ModelRng,
    ) -> (Tensor<1>, Option<Tensor<2>>) {
        let corrupted = gaussian_corruption(y.clone(), knobs.get(&SIGMA), rng); // [N, 2]
        let loss = squared_distance(y, net.reconstruct(corrupted.clone()));
        (loss, Some(corrupted.detach()))
    }

    fn energy(net: &AutoEncoder, y: Tensor<2>, _knobs: &Knobs) -> Tensor<1> {
        squared_distance(y.clone(), net.reconstruct(y))
    }
}
