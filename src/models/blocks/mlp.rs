//! The one network shape every block is made of: a small tanh MLP.
//!
//! Weights are drawn from the model's own seeded RNG on the host (not burn's global one), so a
//! model's trajectory depends on its seed alone — whether or not other models train beside it.

use crate::models::learner::ModelRng;
use burn::config::Config;
use burn::module::{Module, Param};
use burn::tensor::{Device, Tensor, TensorData};

use super::sampler::standard_normal;
use crate::energy::free_energy::{ReadbackError, read_values};
use crate::kernels::{HostDense, HostMlp};
use crate::ops::tanh::tanh;

/// Shape of an MLP: `input → [width] × depth → output`, tanh between layers, linear output,
/// plus a linear skip path `input → output`. The skip lets a network be exactly affine where
/// the data ask for it: an over-complete AE then learns the true identity — zero energy over
/// the whole plane, the course's warning — instead of an identity that bends away far from
/// the data.
#[derive(Config, Debug, PartialEq)]
pub struct MlpConfig {
    pub input: usize,
    pub output: usize,
    #[config(default = 32)]
    pub width: usize,
    /// Number of hidden layers.
    #[config(default = 2)]
    pub depth: usize,
    /// Whether to add the linear skip path. Without it the output saturates far from the
    /// training inputs instead of running off linearly.
    #[config(default = true)]
    pub skip: bool,
}

impl MlpConfig {
    pub fn init(&self, rng: &mut ModelRng, device: &Device) -> Mlp {
        let mut sizes = vec![self.input];
        sizes.extend(std::iter::repeat_n(self.width, self.depth));
        sizes.push(self.output);
        let layers = sizes
            .windows(2)
            .map(|w| Dense::init(w[0], w[1], rng, device))
            .collect();
        let skip = self
            .skip
            .then(|| Dense::init(self.input, self.output, rng, device));
        Mlp { layers, skip }
    }
}

/// One affine layer `x W + b`.
#[derive(Module, Debug)]
pub struct Dense {
    /// `[in, out]`
    weight: Param<Tensor<2>>,
    /// `[out]`
    bias: Param<Tensor<1>>,
}

impl Dense {
    /// Glorot-normal weights, zero bias.
    fn init(input: usize, output: usize, rng: &mut ModelRng, device: &Device) -> Self {
        let scale = (2.0 / (input + output) as f32).sqrt();
        let w: Vec<f32> = (0..input * output)
            .map(|_| scale * standard_normal(rng))
            .collect();
        Dense {
            weight: Param::from_tensor(Tensor::from_data(
                TensorData::new(w, [input, output]),
                device,
            )),
            bias: Param::from_tensor(Tensor::zeros([output], device)),
        }
    }

    /// `[N, in] → [N, out]`
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        x.matmul(self.weight.val()) + self.bias.val().unsqueeze::<2>()
    }

    fn to_host(&self) -> Result<HostDense, ReadbackError> {
        let [input, output] = self.weight.val().dims();
        Ok(HostDense {
            input,
            output,
            weight: read_values(self.weight.val())?,
            bias: read_values(self.bias.val())?,
        })
    }
}

#[derive(Module, Debug)]
pub struct Mlp {
    layers: Vec<Dense>,
    skip: Option<Dense>,
}

impl Mlp {
    /// `[N, in] → [N, out]`
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let last = self.layers.len() - 1;
        let skip = self.skip.as_ref().map(|s| s.forward(x.clone())); // [N, out]
        let deep = self.layers.iter().enumerate().fold(x, |h, (i, layer)| {
            let pre = layer.forward(h);
            if i == last { pre } else { tanh(pre) }
        });
        match skip {
            Some(skip) => deep + skip,
            None => deep,
        }
    }

    /// A host copy of the weights, for the CPU view kernels.
    pub fn to_host(&self) -> Result<HostMlp, ReadbackError> {
        Ok(HostMlp {
            layers: self
                .layers
                .iter()
                .map(Dense::to_host)
                .collect::<Result<_, _>>()?,
            skip: self.skip.as_ref().map(Dense::to_host).transpose()?,
        })
    }

    /// The output and its Jacobian with respect to the input, by forward-mode propagation
    /// (burn has no double backward, and the contractive penalty must itself be trained):
    /// `[N, in] → ([N, out], [N, in, out])`.
    pub fn forward_with_jacobian(&self, x: Tensor<2>) -> (Tensor<2>, Tensor<3>) {
        let [n, input] = x.dims();
        let device = x.device();
        // d x / d x = I for every sample: [N, in, in].
        let eye: Tensor<2> = Tensor::eye(input, &device);
        let mut jac: Tensor<3> = eye.unsqueeze::<3>().repeat_dim(0, n);
        let x_in = x.clone();
        let mut h = x;
        let last = self.layers.len() - 1;
        for (i, layer) in self.layers.iter().enumerate() {
            let w = layer.weight.val(); // [d, e]
            let [d, e] = w.dims();
            h = layer.forward(h); // [N, e]
            jac = jac.reshape([n * input, d]).matmul(w).reshape([n, input, e]);
            if i != last {
                h = tanh(h);
                // tanh' = 1 − tanh², the same for every input direction.
                let slope = h.clone().square().neg().add_scalar(1.0); // [N, e]
                jac = jac * slope.unsqueeze_dim::<3>(1); // [N, in, e] · [N, 1, e]
            }
        }
        match &self.skip {
            // The skip path's Jacobian is its weight, the same for every sample.
            Some(skip) => {
                let skip_jac: Tensor<3> = skip.weight.val().unsqueeze::<3>(); // [1, in, out]
                (h + skip.forward(x_in), jac + skip_jac)
            }
            None => (h, jac),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::free_energy::{points_tensor, read_values};
    use rand::SeedableRng;

    #[test]
    fn jacobian_matches_finite_differences() {
        let device = Device::flex();
        let mut rng = ModelRng::seed_from_u64(4);
        let mlp = MlpConfig::new(2, 3).with_width(8).init(&mut rng, &device);
        let y = [[0.3f32, -0.7], [1.2, 0.4]];
        let (out, jac) = mlp.forward_with_jacobian(points_tensor(&y, &device));
        let out = read_values(out).unwrap();
        let plain = read_values(mlp.forward(points_tensor(&y, &device))).unwrap();
        assert_eq!(out, plain, "the same output as forward");
        let jac = read_values(jac).unwrap(); // [2, 2, 3]
        let h = 1e-3;
        for (n, p) in y.iter().enumerate() {
            for i in 0..2 {
                let mut q = *p;
                q[i] += h;
                let shifted = read_values(mlp.forward(points_tensor(&[q], &device))).unwrap();
                for o in 0..3 {
                    let fd = (shifted[o] - out[n * 3 + o]) / h;
                    let exact = jac[n * 6 + i * 3 + o];
                    assert!((fd - exact).abs() < 5e-3, "J[{n},{i},{o}] {exact} vs {fd}");
                }
            }
        }
    }

    #[test]
    fn same_seed_same_weights() {
        let device = Device::flex();
        let x = points_tensor(&[[0.5, 0.5]], &device);
        let a = MlpConfig::new(2, 2).init(&mut ModelRng::seed_from_u64(1), &device);
        let b = MlpConfig::new(2, 2).init(&mut ModelRng::seed_from_u64(1), &device);
        let c = MlpConfig::new(2, 2).init(&mut ModelRng::seed_from_u64(2), &device);
        let out = |m: &Mlp| read_values(m.forward(x.clone())).unwrap();
        assert_eq!(out(&a), out(&b));
        assert_ne!(out(&a), out(&c));
    }
}
