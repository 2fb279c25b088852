//! The plain autoencoder: energy ‖y − Dec(Enc(y))‖². With a 1-D code the decoder traces a
//! curve through the data; with `code = 2` and no constraint it learns the identity and the
//! energy collapses to zero everywhere — the course's warning.

use burn::tensor::Tensor;

use super::ModelId;
use super::ae_family::{CODE, DEPTH_AE, Recipe, WIDTH, create};
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::cost::squared_distance;
use super::diagram::{AE_WIRES, Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::spec::{Draws, EnergyName, Family, Inputs, Latent, ModelSpec, OwnField};

pub const SPEC: ModelSpec = ModelSpec {
    key: "ae",
    title: "Autoencoder",
    recipe: "AE = encoder → decoder → cost ‖y − ỹ‖²",
    about: "The energy is the reconstruction error ‖y − ỹ‖². With a 1-D code the cold set is \
            a curve through the data; give it a 2-D code (and depth 0) and it learns the \
            identity: the whole plane goes cold — the course's warning about over-complete \
            codes.",
    energy: EnergyName {
        name: "‖y − ỹ‖², reconstruction energy",
        symbol: "E",
    },
    knobs: &[CODE, WIDTH, DEPTH_AE],
    latent: Latent::Code,
    draws: Draws {
        field: OwnField::Reconstruction { shown: false },
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "mean training loss",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(PartKind::Encoder, "Enc", "The encoder: y ↦ its code h."),
            Part::new(
                PartKind::Code,
                "h",
                "The code (1-D by default; 2 or more is over-complete).",
            ),
            Part::new(
                PartKind::Decoder,
                "Dec",
                "The decoder: h ↦ ỹ; over the data's codes it draws the violet curve.",
            ),
            Part::new(PartKind::Output, "ỹ", "The reconstruction ỹ = Dec(Enc(y))."),
            Part::new(PartKind::Cost, "‖y − ỹ‖²", "The reconstruction cost."),
            Part::new(
                PartKind::Energy,
                "E",
                "The energy: the reconstruction error.",
            ),
        ],
        wires: AE_WIRES,
    },
    family: Family::Architectural {
        limit: "the code size: a 1-D code can make only a curve cold (a code of 2 or more can make everything cold)",
    },
    create: create::<Plain>,
};

pub struct Plain;

impl Recipe for Plain {
    const ID: ModelId = ModelId::Ae;
    const RECONSTRUCTION_ENERGY: bool = true;

    fn energy(net: &AutoEncoder, y: Tensor<2>, _knobs: &Knobs) -> Tensor<1> {
        squared_distance(y.clone(), net.reconstruct(y))
    }
}
