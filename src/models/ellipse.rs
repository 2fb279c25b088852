//! The course's latent-variable EBM on the ellipse (episodes 1–3 of the energy saga).
//!
//! Decoder g(z) = (w₁ cos z, w₂ sin z) with only (w₁, w₂) learnable; energy
//! E(y, z) = ‖y − g(z)‖²; latent grid z_k = kπ/24, k = 0…47; loss = mean over the data of F_β.

use burn::module::{Module, Param};
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor, TensorData};

use super::blocks::sampler::circle_embedding;
use super::diagram::{Diagram, LV_WIRES, OBSERVED, Part, PartKind};
use super::optim::Adam;
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, KnobKind, Latent, ModelSpec};
use super::state::{ModelState, NetState, load_weights, read_weights};
use super::{
    Batch, Condition, EnergyModel, LatentGrid, Manifold, ModelError, ModelId, Objective,
    owned_params,
};
use crate::energy::Beta;
use crate::energy::free_energy::{free_energy, pairwise_energy, read_points, read_values};
use crate::kernels::{self, HostEnergy};

/// The decoder's weights as knobs: `--set w1=2` starts training from them. Not sliders: they
/// move at every step.
const fn weight(key: &'static str, label: &'static str, default: f32) -> Knob {
    Knob {
        kind: KnobKind::Weight,
        ..Knob::live(key, label, (-1000.0, 1000.0), default, "")
    }
}
const W1: Knob = weight("w1", "w₁", -1.5);
const W2: Knob = weight("w2", "w₂", 0.35);

/// The slide's untrained decoder weights.
pub const UNTRAINED: [f32; 2] = [W1.default, W2.default];

pub const SPEC: ModelSpec = ModelSpec {
    key: "ellipse",
    title: "Ellipse LV-EBM",
    recipe: "LV-EBM = latent grid z_k → decoder (w₁ cos z, w₂ sin z) → cost ‖y − ỹ‖² → F_β",
    about: "Two weights, a fixed 48-point latent grid: the decoder can only draw ellipses. \
            Watch the violet curve grow from the slide's starting ellipse onto the blue data; \
            lower β and the free energy smooths the inside into one warm bowl.",
    energy: EnergyName {
        name: "F_β(y), free energy over the 48-point latent grid",
        symbol: "F_β",
    },
    knobs: &[W1, W2],
    latent: Latent::Grid { periodic: true },
    draws: Draws::MANIFOLD,
    inputs: Inputs::Y,
    loss: "mean F of the data",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Sampler,
                "grid z_k",
                "The 48-point latent grid z_k = 2πk/48: every z is tried.",
            ),
            Part::new(
                PartKind::Latent,
                "z",
                "The latent: the angle on the ellipse.",
            ),
            Part::new(
                PartKind::Decoder,
                "w₁cos z, w₂sin z",
                "The decoder g(z): two learnable numbers; its points are the violet manifold.",
            ),
            Part::new(PartKind::Output, "ỹ", "ỹ = g(z): a point of the manifold."),
            Part::new(
                PartKind::Cost,
                "‖y − ỹ‖²",
                "The cost E(y, z) = ‖y − g(z)‖².",
            ),
            Part::new(
                PartKind::Energy,
                "F_β",
                "The free energy: a softmin over z of the cost (the minimum at β = ∞).",
            ),
        ],
        wires: LV_WIRES,
    },
    family: Family::Architectural {
        limit: "the latent grid: only the 48-point curve g(z_k) can be cold",
    },
    create,
};

fn create(device: &Device, _seed: u64) -> Box<dyn EnergyModel> {
    Box::new(EllipseModel::new(device))
}
/// Number of latent grid points N_z.
pub const LATENT_POINTS: usize = 48;

/// z_k = 2πk / n for k = 0…n−1 (for n = 48: kπ/24).
pub fn latent_grid(n: usize) -> Vec<f32> {
    (0..n)
        .map(|k| std::f32::consts::TAU * k as f32 / n as f32)
        .collect()
}

/// `(cos z_k, sin z_k)` for the latent grid: `[K, 2]`. The decoder is linear in this basis.
fn latent_basis(n: usize, device: &Device) -> Tensor<2> {
    let flat: Vec<f32> = latent_grid(n)
        .into_iter()
        .flat_map(|z| [z.cos(), z.sin()])
        .collect();
    Tensor::from_data(TensorData::new(flat, [n, 2]), device)
}

#[derive(Module, Debug)]
pub struct EllipseDecoder {
    /// (w₁, w₂): `[2]`.
    w: Param<Tensor<1>>,
}

impl EllipseDecoder {
    pub fn new(w: [f32; 2], device: &Device) -> Self {
        EllipseDecoder {
            w: Param::from_tensor(Tensor::from_floats(w, device)),
        }
    }

    /// g(z_k) for each row of `basis = (cos z, sin z)`: `[K, 2] → [K, 2]`.
    pub fn forward(&self, basis: Tensor<2>) -> Tensor<2> {
        basis * self.w.val().unsqueeze::<2>() // [K, 2] · [1, 2]
    }

    pub fn weights(&self) -> Result<[f32; 2], ModelError> {
        let v = read_values(self.w.val())?;
        Ok([v[0], v[1]])
    }
}

pub struct EllipseModel {
    decoder: EllipseDecoder,
    optimizer: Adam,
    /// Latent basis on the autodiff device (training) and on the plain device (views).
    basis_train: Tensor<2>,
    basis: Tensor<2>,
    device: Device,
}

impl EllipseModel {
    /// The slide's untrained model on `device` (a plain device; autodiff is added here).
    pub fn new(device: &Device) -> Self {
        Self::with_weights(UNTRAINED, device)
    }

    pub fn with_weights(w: [f32; 2], device: &Device) -> Self {
        let train_device = device.clone().autodiff();
        EllipseModel {
            decoder: EllipseDecoder::new(w, &train_device),
            optimizer: Adam::default(),
            basis_train: latent_basis(LATENT_POINTS, &train_device),
            basis: latent_basis(LATENT_POINTS, device),
            device: device.clone(),
        }
    }

    /// The device to put training data on.
    pub fn train_device(&self) -> Device {
        self.device.clone().autodiff()
    }

    pub fn weights(&self) -> Result<[f32; 2], ModelError> {
        self.decoder.weights()
    }

    /// The manifold g(z_k), `[K, 2]`, on the inference device.
    pub fn manifold_tensor(&self) -> Tensor<2> {
        self.decoder.valid().forward(self.basis.clone())
    }

    pub fn manifold_points(&self) -> Result<Vec<[f32; 2]>, ModelError> {
        Ok(read_points(self.manifold_tensor())?)
    }

    fn objective_value(&self, data: &Batch, beta: Beta) -> Tensor<1> {
        let g = self.decoder.forward(self.basis_train.clone()); // [K, 2]
        free_energy(pairwise_energy(data.y.clone(), g), beta).mean() // [1]
    }
}

impl EnergyModel for EllipseModel {
    fn id(&self) -> ModelId {
        ModelId::Ellipse
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let loss = self.objective_value(data, objective.beta);
        let grads = GradientsParams::from_grads(loss.backward(), &self.decoder);
        let value = read_values(loss)?[0];
        // Cloning a module only clones handles; the parameter ids (and so the grads) match.
        self.decoder = self
            .optimizer
            .step(objective.learning_rate, self.decoder.clone(), grads);
        Ok(value)
    }

    fn manifold(&self, _data: &Batch, _at: Condition) -> Result<Option<Manifold>, ModelError> {
        Ok(Some(Manifold::uniform(self.manifold_tensor())))
    }

    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(Some(LatentGrid::circle(LATENT_POINTS)))
    }

    fn decode(&self, z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.decoder.forward(circle_embedding(z)))) // [N, 1] → [N, 2]
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        Ok(free_energy(
            pairwise_energy(points, self.manifold_tensor()),
            Beta::Infinite,
        )
        .squeeze_dim::<1>(1))
    }

    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(Some(HostEnergy::FreeEnergy {
            manifold: kernels::Manifold::new(&self.manifold_points()?),
            beta: Beta::Infinite,
        }))
    }

    fn loss(&self, data: &Batch, beta: Beta) -> Result<f32, ModelError> {
        Ok(read_values(self.objective_value(data, beta))?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        match self.weights() {
            Ok([w1, w2]) => vec![("w1", w1), ("w2", w2)],
            Err(_) => vec![("w1", f32::NAN), ("w2", f32::NAN)],
        }
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        Ok(ModelState {
            params: owned_params(self.params()),
            nets: vec![NetState {
                weights: read_weights(&self.decoder)?,
                adam: self.optimizer.state()?,
            }],
            rng: None,
            hot: Vec::new(),
            extra: Vec::new(),
        })
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let [net] = state.nets::<1>()?;
        self.optimizer = Adam::from_state(&net.adam, &self.device)?;
        self.decoder = load_weights(self.decoder.clone(), &net.weights)?;
        Ok(())
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        let mut w = self.weights()?;
        match SPEC.knob(key) {
            Some(knob) if knob.key == W1.key => w[0] = knob.check(value)?,
            Some(knob) if knob.key == W2.key => w[1] = knob.check(value)?,
            _ => return Err(SPEC.unknown(ModelId::Ellipse, key)),
        }
        // New weights start a new optimisation: stale Adam moments would kick them.
        *self = EllipseModel::with_weights(w, &self.device);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::EllipseData;
    use crate::energy::free_energy::points_tensor;

    fn train(seed: u64, beta: Beta, steps: usize) -> ([f32; 2], f32) {
        let device = Device::flex();
        let mut model = EllipseModel::new(&device);
        let data = Batch::of(points_tensor(
            &EllipseData::default().generate(seed),
            &model.train_device(),
        ));
        let objective = Objective {
            beta,
            learning_rate: 0.01,
        };
        let mut loss = f32::NAN;
        for _ in 0..steps {
            loss = model.train_step(&data, objective).unwrap();
        }
        (model.weights().unwrap(), loss)
    }

    #[test]
    fn zero_temperature_training_finds_the_course_ellipse() {
        let (w, loss) = train(0, Beta::Infinite, 2000);
        assert!((w[0].abs() - 2.0).abs() < 0.1, "w = {w:?}");
        assert!((w[1].abs() - 1.5).abs() < 0.1, "w = {w:?}");
        // Residual: the data noise (2σ² = 0.005) plus the grid's spacing.
        assert!(loss < 0.02, "loss {loss}");
    }

    #[test]
    fn warm_training_also_converges() {
        // At β = 10 every point is pulled by its weight; the fit is still the ellipse.
        let (w, _) = train(3, Beta::Finite(10.0), 2000);
        assert!(
            (w[0].abs() - 2.0).abs() < 0.1 && (w[1].abs() - 1.5).abs() < 0.1,
            "w = {w:?}"
        );
    }

    #[test]
    fn same_seed_same_run_bit_for_bit() {
        let a = train(11, Beta::Infinite, 300);
        let b = train(11, Beta::Infinite, 300);
        assert_eq!(a.0.map(f32::to_bits), b.0.map(f32::to_bits));
        assert_eq!(a.1.to_bits(), b.1.to_bits());
        let c = train(12, Beta::Infinite, 300);
        assert_ne!(a.0, c.0);
    }

    #[test]
    fn set_param_overrides_and_rejects_unknown_keys() {
        let device = Device::flex();
        let mut model = EllipseModel::new(&device);
        model.set_param("w1", 2.0).unwrap();
        model.set_param("w2", 1.5).unwrap();
        assert_eq!(model.weights().unwrap(), [2.0, 1.5]);
        assert!(matches!(
            model.set_param("w3", 1.0),
            Err(ModelError::UnknownParam { .. })
        ));
        assert!(model.set_param("w1", f32::NAN).is_err());
        let m = model.manifold_points().unwrap();
        assert_eq!(m.len(), 48);
        assert!((m[0][0] - 2.0).abs() < 1e-6 && (m[12][1] - 1.5).abs() < 1e-6);
    }
}
