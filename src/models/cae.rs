//! The contractive autoencoder: ‖y − ỹ‖² + λ‖∂h/∂y‖². The penalty makes the code insensitive
//! to moves off the data, so the energy rises away from it even with a generous code.

use burn::tensor::Tensor;

use super::ae_family::Recipe;
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::cost::squared_distance;
use super::blocks::regulariser::contractive;
use super::{ModelError, ModelId, non_negative_param};

pub struct Contractive {
    /// Weight λ of the Jacobian penalty.
    pub lambda: f32,
}

impl Default for Contractive {
    fn default() -> Self {
        Contractive { lambda: 0.01 }
    }
}

impl Recipe for Contractive {
    const ID: ModelId = ModelId::Cae;
    const RECONSTRUCTION_ENERGY: bool = false;

    fn energy(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1> {
        let (h, jacobian) = net.encoder.forward_with_jacobian(y.clone()); // [N, c], [N, 2, c]
        squared_distance(y, net.decode(h)) + contractive(jacobian).mul_scalar(self.lambda)
    }

    fn hypers(&self) -> Vec<(&'static str, f32)> {
        vec![("lambda", self.lambda)]
    }

    fn set_hyper(&mut self, key: &str, value: f32) -> Result<bool, ModelError> {
        match key {
            "lambda" => self.lambda = non_negative_param(key, value)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}
