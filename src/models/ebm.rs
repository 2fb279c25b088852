//! An energy network trained contrastively (course 07-2; Du & Mordatch 2019): E_θ(y) is a
//! plain MLP, no decoder, no latent. Each step pushes its energy down on the data y and up on
//! negatives ŷ (red): persistent Langevin chains on E_θ itself, noisy data (the DAE's trick) or
//! uniform points over the view. Which loss functional does the pushing is a live choice
//! (`blocks/contrastive.rs`).

use burn::tensor::{Device, Tensor};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::contrastive::LossFunctional;
use super::blocks::langevin::{Chains, Langevin, Region};
use super::blocks::mlp::{Mlp, MlpConfig};
use super::blocks::sampler::gaussian;
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::learner::{Learner, ModelRng, fork, model_rng, neg_grad_by_autodiff};
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, KnobKind, Latent, ModelSpec};
use super::state::{ModelState, RngState};
use super::{Batch, Condition, EnergyModel, ModelError, ModelId, Objective, owned_params};
use crate::energy::free_energy::{points_tensor, read_points, read_values};
use crate::energy::{Beta, Extent};
use crate::kernels::HostEnergy;

const LOSS: Knob = Knob::choice(
    "loss",
    "loss functional",
    &LossFunctional::KEYS,
    &LossFunctional::FORMULAS,
    0,
    "cd: E(y) − E(ŷ) + α(E(y)² + E(ŷ)²) · hinge: [m + E(y) − E(ŷ)]⁺ · log: \
     log(1 + e^(E(y) − E(ŷ))) · square: E(y)² + ([m − E(ŷ)]⁺)²",
);
const NEGATIVES: Knob = Knob::choice(
    "negatives",
    "negatives ŷ",
    &Negatives::KEYS,
    &[
        "persistent Langevin chains on E_θ: ŷ ← ŷ − η∇E_θ(ŷ) + √(2η/β_s)·ε",
        "noisy data: ŷ = y + σε",
        "uniform over the view",
    ],
    0,
    "langevin: persistent chains sliding down E_θ · noise: y + σε · uniform: over the view",
);
const STEP: Knob = Knob::live(
    "eta",
    "Langevin step η",
    (1e-4, 1.0),
    0.02,
    "ŷ ← ŷ − η∇E(ŷ) + √(2η/β_s)·ε",
)
.logarithmic();
const STEPS: Knob = Knob::count("k", "Langevin steps", (1.0, 200.0), 10.0, KnobKind::Live)
    .with_help("Langevin steps per training step (the chains persist between steps).")
    .slider(1.0, 50.0);
const CHAINS: Knob = Knob::count("chains", "chains", (16.0, 8192.0), 1024.0, KnobKind::Live)
    .with_help("Chains in the replay buffer.")
    .slider(16.0, 4096.0);
const RESEED: Knob = Knob::live(
    "reseed",
    "re-seed fraction",
    (0.0, 1.0),
    0.05,
    "The fraction of drawn chains restarted uniformly over the view at each step.",
)
.slider(0.0, 0.5);
const SAMPLER_BETA: Knob = Knob::live(
    "beta_s",
    "sampler β_s",
    (0.01, 1000.0),
    10.0,
    "The chains' inverse temperature: the noise is √(2η/β_s).",
)
.logarithmic();
const MARGIN: Knob = Knob::live(
    "margin",
    "margin m",
    (0.0, 100.0),
    1.0,
    "How far above the data the hinge and square-square losses push the negatives.",
)
.slider(0.0, 5.0);
const ALPHA: Knob = Knob::live(
    "alpha",
    "L2 on energies α",
    (0.0, 10.0),
    0.1,
    "The energy-difference loss's regulariser: at 0 nothing bounds it and the energies run off.",
)
.slider(0.0, 1.0);
const SIGMA: Knob = Knob::live(
    "sigma",
    "noise σ",
    (0.01, 2.0),
    0.3,
    "The noise of the noise negatives ŷ = y + σε.",
);

/// Where the negatives come from: the knob's value is the index in `KEYS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Negatives {
    Langevin,
    Noise,
    Uniform,
}

impl Negatives {
    pub const KEYS: [&'static str; 3] = ["langevin", "noise", "uniform"];

    fn of(value: f32) -> Negatives {
        match value as usize {
            1 => Negatives::Noise,
            2 => Negatives::Uniform,
            _ => Negatives::Langevin,
        }
    }
}

/// An energy gap E(ŷ) − E(y) beyond which the energies have run off. The energy-difference
/// loss with α > 0 is minimised at E = ∓1/(2α) (a gap of 1/α, 10 at the default α = 0.1), so
/// its limit is 3/α; the other functionals settle within a few margins. At α = 0 nothing
/// bounds the gap, and 30 is reached in ~2 000 steps at the default rate (see `docs/maths.md`).
const RUN_OFF: f32 = 30.0;

pub const SPEC: ModelSpec = ModelSpec {
    key: "ebm",
    title: "Energy network (Langevin)",
    recipe: "EBM = cost net E_θ(y); negatives ŷ from Langevin chains on E_θ; contrastive loss",
    about: "An energy with no decoder and no latent: the surface is E_θ(y), pushed down on the \
            data and up on the red negatives ŷ. With Langevin negatives the chains slide \
            downhill on the very surface they shape (their trails show the last steps), so \
            wherever the surface is too cold away from the data, chains gather there and push \
            it up.",
    energy: EnergyName {
        name: "E_θ(y), energy network",
        symbol: "E",
    },
    knobs: &[
        LOSS,
        NEGATIVES,
        STEP,
        STEPS,
        CHAINS,
        RESEED,
        SAMPLER_BETA,
        MARGIN,
        ALPHA,
        SIGMA,
        WIDTH,
        DEPTH,
    ],
    latent: Latent::None,
    draws: Draws {
        manifold: false,
        hot: true,
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "the chosen contrastive loss on data and negatives",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Langevin,
                "Langevin",
                "Persistent chains sliding down ∇E_θ (or noisy data, or uniform points).",
            ),
            Part::new(
                PartKind::Output,
                "ŷ",
                "The negatives (red): their energy is pushed up.",
            )
            .pushed_up(),
            Part::new(
                PartKind::Cost,
                "E_θ",
                "The energy network: down on the data, up on ŷ.",
            ),
            Part::new(PartKind::Energy, "E", "The energy: the network's value."),
        ],
        wires: &[
            (PartKind::Langevin, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Cost, PartKind::Langevin),
            (PartKind::Cost, PartKind::Energy),
        ],
    },
    family: Family::Contrastive {
        pushed_up: "the negatives ŷ: Langevin samples of E_θ, noisy data or uniform points",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(EbmModel::new(device, seed))
}

/// E_θ: ℝ² → ℝ, tanh layers and no skip path, so the energy is bounded far from the data and
/// chains are not drawn off to infinity along a linear slope.
fn energy_of(net: &Mlp, y: Tensor<2>) -> Tensor<1> {
    let [n, _] = y.dims();
    net.forward(y).reshape([n]) // [N, 1] → [N]
}

pub struct EbmModel {
    knobs: Knobs,
    learner: Learner<Mlp>,
    chains: Chains,
    rng: ModelRng,
    hot: Vec<[f32; 2]>,
    device: Device,
}

impl EbmModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(
            Knobs::defaults(ModelId::Ebm),
            device,
            model_rng(ModelId::Ebm, seed),
        )
    }

    fn build(knobs: Knobs, device: &Device, mut rng: ModelRng) -> Self {
        let train = device.clone().autodiff();
        let net = MlpConfig {
            input: 2,
            output: 1,
            width: knobs.count(&WIDTH),
            depth: knobs.count(&DEPTH),
            skip: false,
        }
        .init(&mut rng, &train);
        EbmModel {
            knobs,
            learner: Learner::new(net),
            chains: Chains::default(),
            rng,
            hot: Vec::new(),
            device: device.clone(),
        }
    }

    pub fn loss_functional(&self) -> LossFunctional {
        LossFunctional::of(self.knobs.get(&LOSS))
    }

    /// The negatives for one step on `data` (`[N, 2]`, plain device), and so the hot points.
    fn negatives(&mut self, data: &Tensor<2>, region: Region) -> Result<Tensor<2>, ModelError> {
        let [n, _] = data.dims();
        let k = &self.knobs;
        match Negatives::of(k.get(&NEGATIVES)) {
            Negatives::Langevin => {
                let round = Langevin {
                    step: k.get(&STEP),
                    steps: k.count(&STEPS),
                    beta: k.get(&SAMPLER_BETA),
                    reseed: k.get(&RESEED),
                };
                self.chains.resize(k.count(&CHAINS), region, &mut self.rng);
                let net = &self.learner.net;
                self.chains
                    .advance(n, round, region, &mut self.rng, &self.device, |y| {
                        neg_grad_by_autodiff(y, |y| energy_of(net, y))
                    })
            }
            Negatives::Noise => {
                self.chains.trails.clear();
                let eps = gaussian(&mut self.rng, n, 2, &self.device);
                Ok(data.clone() + eps.mul_scalar(k.get(&SIGMA)))
            }
            Negatives::Uniform => {
                self.chains.trails.clear();
                Ok(points_tensor(
                    &region.uniform(n, &mut self.rng),
                    &self.device,
                ))
            }
        }
    }

    /// The view's rectangle around the data: where negatives start and stay.
    fn region_of(points: &[[f32; 2]]) -> Region {
        let extent = Extent::around(points);
        Region {
            lo: [extent.y1.0, extent.y2.0],
            hi: [extent.y1.1, extent.y2.1],
        }
    }

    /// The gap beyond which the energies count as run off, for the current knobs.
    fn run_off_limit(&self) -> f32 {
        let alpha = self.knobs.get(&ALPHA);
        match self.loss_functional() {
            LossFunctional::EnergyDifference if alpha > 0.0 => RUN_OFF.max(3.0 / alpha),
            _ => RUN_OFF.max(10.0 * self.knobs.get(&MARGIN)),
        }
    }
}

impl EnergyModel for EbmModel {
    fn id(&self) -> ModelId {
        ModelId::Ebm
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let points = read_points(data.y.clone())?;
        let region = Self::region_of(&points);
        let plain = points_tensor(&points, &self.device); // [N, 2]
        let negatives = self.negatives(&plain, region)?.detach(); // [N, 2]
        self.hot = read_points(negatives.clone())?;
        let train = data.y.device();
        let net = &self.learner.net;
        let cold = energy_of(net, data.y.clone()); // [N]
        let hot = energy_of(net, points_tensor(&self.hot, &train)); // [N]
        let gap = read_values(hot.clone().mean() - cold.clone().mean())?[0];
        let (margin, alpha) = (self.knobs.get(&MARGIN), self.knobs.get(&ALPHA));
        let loss = self
            .loss_functional()
            .per_pair(cold, hot, margin, alpha)
            .mean();
        let value = self.learner.step(loss, objective.learning_rate)?;
        let limit = self.run_off_limit();
        if gap.abs() > limit {
            return Err(ModelError::RanOff { gap, limit });
        }
        Ok(value)
    }

    fn manifold(
        &self,
        _data: &Batch,
        _at: Condition,
    ) -> Result<Option<super::Manifold>, ModelError> {
        Ok(None)
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        Ok(energy_of(&self.learner.eval(), points))
    }

    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(Some(HostEnergy::Scalar(self.learner.eval().to_host()?)))
    }

    fn neg_energy_grad(
        &self,
        points: Tensor<2>,
        _at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        let net = &self.learner.net;
        neg_grad_by_autodiff(points, |y| energy_of(net, y)).map(Some)
    }

    fn hot(&self) -> Vec<[f32; 2]> {
        self.hot.clone()
    }

    fn trails(&self) -> Vec<Vec<[f32; 2]>> {
        self.chains.trails.clone()
    }

    /// The chosen loss on `data` against the last step's negatives (before any step: uniform
    /// points over the view from a fixed stream, so that asking moves nothing).
    fn loss(&self, data: &Batch, _beta: Beta) -> Result<f32, ModelError> {
        let points = read_points(data.y.clone())?;
        let hot = if self.hot.is_empty() {
            Self::region_of(&points).uniform(
                points.len(),
                &mut <ModelRng as rand::SeedableRng>::seed_from_u64(0),
            )
        } else {
            self.hot.clone()
        };
        let n = points.len().min(hot.len());
        let net = self.learner.eval();
        let cold = energy_of(&net, points_tensor(&points[..n], &self.device));
        let hot = energy_of(&net, points_tensor(&hot[..n], &self.device));
        let (margin, alpha) = (self.knobs.get(&MARGIN), self.knobs.get(&ALPHA));
        let loss = self
            .loss_functional()
            .per_pair(cold, hot, margin, alpha)
            .mean();
        Ok(read_values(loss)?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.knobs.pairs()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        Ok(ModelState {
            params: owned_params(self.params()),
            nets: vec![self.learner.state()?],
            rng: Some(RngState::of(&self.rng)),
            hot: self.hot.clone(),
            extra: self.chains.states.iter().flatten().copied().collect(),
        })
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let [net] = state.nets::<1>()?;
        let rng = state.rng()?;
        if !state.extra.len().is_multiple_of(2) {
            return Err(ModelError::State(format!(
                "{} chain coordinates: not pairs",
                state.extra.len()
            )));
        }
        self.learner.restore(net, &self.device)?;
        self.rng = rng;
        self.hot.clone_from(&state.hot);
        self.chains.states = state.extra.chunks_exact(2).map(|p| [p[0], p[1]]).collect();
        self.chains.trails.clear();
        Ok(())
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        let structural = self.knobs.is_structural(key);
        self.knobs.set(key, value)?;
        if structural {
            let rng = fork(&mut self.rng);
            *self = Self::build(self.knobs.clone(), &self.device, rng);
        }
        Ok(())
    }
}
