//! The denoising autoencoder: corrupt y (cold) into ŷ = y + σε (hot, red) and learn to bring it
//! back. Off the data the reconstruction points home, so ỹ − y is a denoising field.

use crate::models::learner::ModelRng;
use burn::tensor::Tensor;

use super::ae_family::Recipe;
use super::blocks::autoencoder::AutoEncoder;
use super::blocks::corruption::gaussian_corruption;
use super::blocks::cost::squared_distance;
use super::{ModelError, ModelId, non_negative_param};

pub struct Denoising {
    /// Corruption scale σ.
    pub sigma: f32,
}

impl Default for Denoising {
    fn default() -> Self {
        Denoising { sigma: 0.3 }
    }
}

impl Recipe for Denoising {
    const ID: ModelId = ModelId::Dae;
    const RECONSTRUCTION_ENERGY: bool = true;

    fn loss(
        &self,
        net: &AutoEncoder,
        y: Tensor<2>,
        rng: &mut ModelRng,
    ) -> (Tensor<1>, Option<Tensor<2>>) {
        let corrupted = gaussian_corruption(y.clone(), self.sigma, rng); // [N, 2]
        let loss = squared_distance(y, net.reconstruct(corrupted.clone()));
        (loss, Some(corrupted.detach()))
    }

    fn energy(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1> {
        squared_distance(y.clone(), net.reconstruct(y))
    }

    fn hypers(&self) -> Vec<(&'static str, f32)> {
        vec![("sigma", self.sigma)]
    }

    fn set_hyper(&mut self, key: &str, value: f32) -> Result<bool, ModelError> {
        match key {
            "sigma" => self.sigma = non_negative_param(key, value)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}
