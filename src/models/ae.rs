//! The plain autoencoder: energy ‖y − Dec(Enc(y))‖². With a 1-D code the decoder traces a
//! curve through the data; with `code = 2` and no constraint it learns the identity and the
//! energy collapses to zero everywhere — the course's warning.

use burn::tensor::Tensor;

use super::ModelError;
use super::ModelId;
use super::ae_family::Recipe;
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::cost::squared_distance;

#[derive(Default)]
pub struct Plain;

impl Recipe for Plain {
    const ID: ModelId = ModelId::Ae;
    const RECONSTRUCTION_ENERGY: bool = true;

    fn energy(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1> {
        squared_distance(y.clone(), net.reconstruct(y))
    }

    fn hypers(&self) -> Vec<(&'static str, f32)> {
        Vec::new()
    }

    fn set_hyper(&mut self, _key: &str, _value: f32) -> Result<bool, ModelError> {
        Ok(false)
    }
}
