//! The jobs of the PyTorch table, with exactly its shapes (width 64, no skip path,
//! Adam, batch 256; 4096 as well for the steps-per-second rows), so the ratios compare like
//! with like. The app's own models (width 32,
//! skip paths, their own losses) are timed separately in `mod.rs`.

use std::time::Instant;

use burn::tensor::{Device, Tensor};
use rand::SeedableRng;

use crate::energy::free_energy::{points_tensor, read_values};
use crate::models::ModelError;
use crate::models::blocks::cost::{hinge_up, squared_distance};
use crate::models::blocks::mlp::{Mlp, MlpConfig};
use crate::models::blocks::sampler::gaussian;
use crate::models::learner::{Learner, ModelRng};

const WIDTH: usize = 64;
const LEARNING_RATE: f64 = 1e-3;

/// `input → 64 → 64 → output`, tanh, no skip: PyTorch's `nn.Sequential` of the table.
pub fn mlp(input: usize, output: usize, rng: &mut ModelRng, device: &Device) -> Mlp {
    MlpConfig::new(input, output)
        .with_width(WIDTH)
        .with_skip(false)
        .init(rng, device)
}

/// A batch of `size` ring points `[size, 2]` on `device`.
pub fn batch(size: usize, device: &Device) -> Tensor<2> {
    let points: Vec<[f32; 2]> = (0..size)
        .map(|i| {
            let t = i as f32 * (std::f32::consts::TAU / size as f32);
            [2.0 * t.cos(), 1.5 * t.sin()]
        })
        .collect();
    points_tensor(&points, device)
}

/// One regression step of the MLP 2→64→64→1 on ‖y‖² (forward, backward, Adam, loss read).
pub struct MlpStep {
    learner: Learner<Mlp>,
    x: Tensor<2>,
    target: Tensor<2>,
}

impl MlpStep {
    pub fn new(size: usize, device: &Device) -> Self {
        let train = device.clone().autodiff();
        let x = batch(size, &train);
        let target = x.clone().square().sum_dim(1); // [B, 1]
        MlpStep {
            learner: Learner::new(mlp(2, 1, &mut ModelRng::seed_from_u64(1), &train)),
            x,
            target,
        }
    }

    pub fn run(&mut self) -> Result<(), ModelError> {
        let out = self.learner.net.forward(self.x.clone()); // [B, 1]
        let loss = (out - self.target.clone()).square().mean();
        self.learner.step(loss, LEARNING_RATE).map(drop)
    }

    /// The same step timed in its three parts (ms): forward and loss (the loss read back, so
    /// the part is done), backward, Adam update. Where a step's time goes; the CPU backend
    /// runs each op when called, so there the parts add up to the step (on wgpu the last two
    /// may only be queued).
    pub fn run_parts(&mut self) -> Result<[f64; 3], ModelError> {
        let ms = |since: Instant| since.elapsed().as_secs_f64() * 1e3;
        let start = Instant::now();
        let out = self.learner.net.forward(self.x.clone()); // [B, 1]
        let loss = (out - self.target.clone()).square().mean(); // [1]
        read_values(loss.clone())?;
        let forward = ms(start);
        let start = Instant::now();
        let mut grads = loss.backward();
        let backward = ms(start);
        let start = Instant::now();
        self.learner.apply(&mut grads, LEARNING_RATE);
        Ok([forward, backward, ms(start)])
    }
}

/// One step of the AE 2→64→64→1→64→64→2 on reconstruction error.
pub struct AeStep {
    encoder: Learner<Mlp>,
    decoder: Learner<Mlp>,
    x: Tensor<2>,
}

impl AeStep {
    pub fn new(size: usize, device: &Device) -> Self {
        let train = device.clone().autodiff();
        let mut rng = ModelRng::seed_from_u64(2);
        AeStep {
            encoder: Learner::new(mlp(2, 1, &mut rng, &train)),
            decoder: Learner::new(mlp(1, 2, &mut rng, &train)),
            x: batch(size, &train),
        }
    }

    pub fn run(&mut self) -> Result<(), ModelError> {
        let code = self.encoder.net.forward(self.x.clone()); // [B, 1]
        let recon = self.decoder.net.forward(code); // [B, 2]
        let loss = squared_distance(self.x.clone(), recon).mean();
        // Both halves see the same backward pass: one Adam step each on its own parameters.
        let mut grads = loss.backward();
        self.encoder.apply(&mut grads, LEARNING_RATE);
        self.decoder.apply(&mut grads, LEARNING_RATE);
        read_values(loss)?;
        Ok(())
    }
}

/// One GAN iteration: a cost step (C 2→64→64→1, hinge on G's samples) and a generator step
/// (G 2→64→64→2 minimising C(G(z))).
pub struct GanIteration {
    cost: Learner<Mlp>,
    generator: Learner<Mlp>,
    rng: ModelRng,
    x: Tensor<2>,
}

impl GanIteration {
    pub fn new(size: usize, device: &Device) -> Self {
        let train = device.clone().autodiff();
        let mut rng = ModelRng::seed_from_u64(3);
        GanIteration {
            cost: Learner::new(mlp(2, 1, &mut rng, &train)),
            generator: Learner::new(mlp(2, 2, &mut rng, &train)),
            rng,
            x: batch(size, &train),
        }
    }

    pub fn run(&mut self) -> Result<(), ModelError> {
        let device = self.x.device();
        let [size, _] = self.x.dims();
        let c = |net: &Mlp, y: Tensor<2>| net.forward(y).squeeze_dim::<1>(1); // [B]
        let z = gaussian(&mut self.rng, size, 2, &device);
        let fake = self.generator.net.forward(z).detach(); // [B, 2]
        let cost_loss = c(&self.cost.net, self.x.clone()).mean()
            + hinge_up(c(&self.cost.net, fake), 1.0).mean();
        self.cost.step(cost_loss, LEARNING_RATE)?;
        let z = gaussian(&mut self.rng, size, 2, &device);
        let gen_loss = c(&self.cost.net, self.generator.net.forward(z)).mean();
        self.generator.step(gen_loss, LEARNING_RATE).map(drop)
    }
}

/// The cost of one small burn op: `OPS` elementwise ops chained on a `[256, 64]` tensor (the
/// hidden activations of a batch-256 step), then one read. A training step runs on the order
/// of a hundred such ops (forward, backward, Adam per parameter), so this times that count is
/// the floor of a step on the backend, whatever the arithmetic costs.
pub struct OpFloor {
    x: Tensor<2>,
}

impl OpFloor {
    pub const OPS: usize = 200;

    /// On `device` as given, or (`tracked`) on its autodiff device with a tensor that
    /// requires grad, so every op also records a node of the backward graph.
    pub fn new(device: &Device, tracked: bool) -> Self {
        let x = if tracked {
            Tensor::ones([256, WIDTH], &device.clone().autodiff()).require_grad()
        } else {
            Tensor::ones([256, WIDTH], device)
        };
        OpFloor { x }
    }

    pub fn run(&mut self) -> Result<(), ModelError> {
        let mut y = self.x.clone();
        for _ in 0..Self::OPS / 2 {
            y = y.mul_scalar(0.999).add_scalar(0.001); // [256, 64]
        }
        read_values(y.slice([0..1, 0..1]).reshape([1]))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference jobs learn: a hundred steps lower the MLP's and the AE's loss.
    #[test]
    fn reference_jobs_run_and_learn() {
        let device = Device::flex();
        let mut step = MlpStep::new(256, &device);
        let loss = |s: &MlpStep| {
            let out = s.learner.net.forward(s.x.clone());
            crate::energy::free_energy::read_values((out - s.target.clone()).square().mean())
                .unwrap()[0]
        };
        let before = loss(&step);
        for _ in 0..100 {
            step.run().unwrap();
        }
        assert!(loss(&step) < 0.5 * before, "{} → {}", before, loss(&step));
        // The step timed in parts is the same step: it keeps learning.
        let mid = loss(&step);
        for _ in 0..50 {
            let parts = step.run_parts().unwrap();
            assert!(
                parts.iter().all(|ms| ms.is_finite() && *ms >= 0.0),
                "{parts:?}"
            );
        }
        assert!(loss(&step) < mid, "{mid} → {}", loss(&step));
        for tracked in [false, true] {
            OpFloor::new(&device, tracked).run().unwrap();
        }
        let mut ae = AeStep::new(256, &device);
        let mut gan = GanIteration::new(256, &device);
        for _ in 0..3 {
            ae.run().unwrap();
            gan.run().unwrap();
        }
    }
}
