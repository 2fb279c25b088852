//! The contractive autoencoder: ‖y − ỹ‖² + λ‖∂ỹ/∂y‖²_F. The penalty makes the reconstruction
//! insensitive to moves off the data, so the energy rises away from it even with a generous
//! code.
//!
//! Why the Jacobian of the reconstruction ỹ = Dec(Enc(y)) and not of the code h = Enc(y) (the
//! original CAE's ‖∂h/∂y‖²): with an untied encoder and decoder, the code's penalty can be
//! dodged by shrinking the code and scaling the decoder up — h → h/c, Dec → Dec(c·), the same
//! ỹ at 1/c² the penalty — and the model drifts back to a plain AE. The reconstruction's
//! Jacobian is the same whatever scale the code has, so it cannot be dodged: the identity pays
//! ‖I‖² = 2 at every point, a projection onto the data's curve pays 1, and an over-complete
//! code still prefers the projection.

use burn::tensor::Tensor;

use super::ModelId;
use super::ae_family::{CODE, DEPTH_AE, Recipe, WIDTH, create};
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::cost::squared_distance;
use super::blocks::regulariser::contractive;
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, Latent, ModelSpec, OwnField};

/// An over-complete code by default: that is where the penalty earns its keep (a plain AE with
/// a 2-D code heads for the identity).
const CODE_2: Knob = Knob {
    default: 2.0,
    ..CODE
};

/// Weight λ of the Jacobian penalty.
const LAMBDA: Knob = Knob::live(
    "lambda",
    "λ (contraction)",
    (0.0, 1000.0),
    0.03,
    "Weight of ‖∂ỹ/∂y‖²: how strongly the reconstruction ignores moves off the data. The \
     identity pays 2 per point, a projection onto the data 1: with λ above the data's noise \
     variance even a 2-D code cannot learn the identity.",
)
.slider(0.0001, 1.0)
.logarithmic();

pub const SPEC: ModelSpec = ModelSpec {
    key: "cae",
    title: "Contractive AE",
    recipe: "CAE = encoder → decoder → cost ‖y − ỹ‖² + regulariser λ‖∂ỹ/∂y‖²",
    about: "The penalty on the reconstruction's Jacobian ‖∂ỹ/∂y‖² makes ỹ ignore moves off \
            the data, so energy rises away from it — even with a 2-D code, where a plain AE \
            learns the identity and goes cold everywhere. Turn λ up and watch the manifold \
            stiffen.",
    energy: EnergyName {
        name: "‖y − ỹ‖² + λ‖∂ỹ/∂y‖², contractive energy",
        symbol: "E",
    },
    knobs: &[LAMBDA, CODE_2, WIDTH, DEPTH_AE],
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
            Part::new(PartKind::Code, "h", "The code."),
            Part::new(
                PartKind::Decoder,
                "Dec",
                "The decoder: h ↦ ỹ, the violet curve.",
            ),
            Part::new(PartKind::Output, "ỹ", "The reconstruction."),
            Part::new(PartKind::Cost, "‖y − ỹ‖²", "The reconstruction cost."),
            Part::new(
                PartKind::Regulariser,
                "λ‖∂ỹ/∂y‖²",
                "The contractive penalty on the reconstruction's Jacobian: it flattens ỹ around the data.",
            ),
            Part::new(
                PartKind::Energy,
                "E",
                "The energy: reconstruction error plus the penalty.",
            ),
        ],
        wires: &[
            (PartKind::Observed, PartKind::Encoder),
            (PartKind::Encoder, PartKind::Code),
            (PartKind::Code, PartKind::Decoder),
            (PartKind::Decoder, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Decoder, PartKind::Regulariser),
            (PartKind::Cost, PartKind::Energy),
            (PartKind::Regulariser, PartKind::Energy),
        ],
    },
    family: Family::Architectural {
        limit: "the contractive penalty ‖∂ỹ/∂y‖², which flattens the reconstruction around the data",
    },
    create: create::<Contractive>,
};

pub struct Contractive;

impl Recipe for Contractive {
    const ID: ModelId = ModelId::Cae;
    const RECONSTRUCTION_ENERGY: bool = false;

    fn energy(net: &AutoEncoder, y: Tensor<2>, knobs: &Knobs) -> Tensor<1> {
        let (h, encoder_jacobian) = net.encoder.forward_with_jacobian(y.clone()); // [N, c], [N, 2, c]
        let (y_tilde, decoder_jacobian) = net.decoder.forward_with_jacobian(h); // [N, 2], [N, c, 2]
        let jacobian = encoder_jacobian.matmul(decoder_jacobian); // ∂ỹ/∂y: [N, 2, 2]
        squared_distance(y, y_tilde) + contractive(jacobian).mul_scalar(knobs.get(&LAMBDA))
    }
}
