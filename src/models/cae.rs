//! The contractive autoencoder: ‖y − ỹ‖² + λ‖∂h/∂y‖². The penalty makes the code insensitive
//! to moves off the data, so the energy rises away from it even with a generous code.

use burn::tensor::Tensor;

use super::ModelId;
use super::ae_family::{CODE, DEPTH_AE, Recipe, WIDTH, create};
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::cost::squared_distance;
use super::blocks::regulariser::contractive;
use super::knobs::Knobs;
use super::spec::{Draws, Inputs, Knob, Latent, ModelSpec, OwnField};

/// Weight λ of the Jacobian penalty.
const LAMBDA: Knob = Knob::live(
    "lambda",
    "λ (contraction)",
    (0.0, 1000.0),
    0.01,
    "Weight of ‖∂h/∂y‖²: how strongly the code ignores moves off the data.",
)
.slider(0.0001, 1.0)
.logarithmic();

pub const SPEC: ModelSpec = ModelSpec {
    key: "cae",
    title: "Contractive AE",
    recipe: "CAE = encoder → decoder → cost ‖y − ỹ‖² + regulariser λ‖∂h/∂y‖²",
    about: "The penalty on ‖∂h/∂y‖² makes the code insensitive to moves off the data, so \
            energy rises away from it. Turn λ up and watch the manifold stiffen.",
    knobs: &[LAMBDA, CODE, WIDTH, DEPTH_AE],
    latent: Latent::Code,
    draws: Draws {
        field: OwnField::Reconstruction,
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "mean training loss",
    create: create::<Contractive>,
};

pub struct Contractive;

impl Recipe for Contractive {
    const ID: ModelId = ModelId::Cae;
    const RECONSTRUCTION_ENERGY: bool = false;

    fn energy(net: &AutoEncoder, y: Tensor<2>, knobs: &Knobs) -> Tensor<1> {
        let (h, jacobian) = net.encoder.forward_with_jacobian(y.clone()); // [N, c], [N, 2, c]
        squared_distance(y, net.decode(h)) + contractive(jacobian).mul_scalar(knobs.get(&LAMBDA))
    }
}
