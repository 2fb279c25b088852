//! Adam, written out here so that its moments can be saved with a session and restored bit
//! for bit. burn's `ModuleOptimizer` can export its state, but loading it back materialises
//! the tensors on `Device::default()` — the wgpu device, which panics on a machine without a
//! GPU. The arithmetic is burn 0.22's `AdaptiveMomentum` step for step (same constants, same
//! order of operations), so training follows the same trajectory.

use burn::module::{Module, ModuleMapper, Param};
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor};

use super::ModelError;
use super::state::{AdamState, MomentState, TensorState};

const BETA_1: f32 = 0.9;
const BETA_2: f32 = 0.999;
const EPSILON: f32 = 1e-5;

/// Adam's first and second moments of one parameter, flattened to `[n]`.
#[derive(Clone, Debug)]
struct Moments {
    time: u32,
    first: Tensor<1>,
    second: Tensor<1>,
}

/// Per-parameter Adam state, indexed by the parameter's position in the module's visit order
/// (stable for a given architecture, unlike parameter ids, which are fresh in every process).
#[derive(Clone, Debug, Default)]
pub struct Adam {
    moments: Vec<Option<Moments>>,
}

impl Adam {
    /// One update of every parameter of `net` that has a gradient in `grads`.
    pub fn step<M: Module>(&mut self, learning_rate: f64, net: M, grads: GradientsParams) -> M {
        net.map(&mut AdamMapper {
            adam: self,
            grads,
            learning_rate,
            index: 0,
        })
    }

    pub fn state(&self) -> Result<AdamState, ModelError> {
        let moments = self
            .moments
            .iter()
            .map(|m| {
                m.as_ref()
                    .map(|m| {
                        Ok(MomentState {
                            time: m.time,
                            first: TensorState::read(m.first.clone())?,
                            second: TensorState::read(m.second.clone())?,
                        })
                    })
                    .transpose()
            })
            .collect::<Result<_, ModelError>>()?;
        Ok(AdamState { moments })
    }

    /// The optimiser `state` describes; `device` is the plain device the gradients live on.
    pub fn from_state(state: &AdamState, device: &Device) -> Result<Self, ModelError> {
        let moments = state
            .moments
            .iter()
            .map(|m| {
                m.as_ref()
                    .map(|m| {
                        if m.first.shape != m.second.shape || m.first.shape.len() != 1 {
                            return Err(ModelError::State(
                                "optimiser moments of different shapes".to_owned(),
                            ));
                        }
                        Ok(Moments {
                            time: m.time,
                            first: m.first.tensor::<1>(device)?,
                            second: m.second.tensor::<1>(device)?,
                        })
                    })
                    .transpose()
            })
            .collect::<Result<_, ModelError>>()?;
        Ok(Adam { moments })
    }
}

struct AdamMapper<'a> {
    adam: &'a mut Adam,
    grads: GradientsParams,
    learning_rate: f64,
    index: usize,
}

impl ModuleMapper for AdamMapper<'_> {
    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        let index = self.index;
        self.index += 1;
        let (id, tensor, mapper) = param.consume();
        let Some(grad) = self.grads.remove::<D>(id) else {
            return Param::from_mapped_value(id, tensor, mapper);
        };
        let dims = tensor.dims();
        let n = dims.iter().product::<usize>();
        let grad = grad.reshape([n]); // [n]
        if self.adam.moments.len() <= index {
            self.adam.moments.resize(index + 1, None);
        }
        let moments = match self.adam.moments[index].take() {
            // A moment of another size belongs to an earlier architecture: start afresh.
            Some(m) if m.first.dims() == [n] => Moments {
                time: m.time + 1,
                first: m
                    .first
                    .mul_scalar(BETA_1)
                    .add(grad.clone().mul_scalar(1.0 - BETA_1)),
                second: m
                    .second
                    .mul_scalar(BETA_2)
                    .add(grad.square().mul_scalar(1.0 - BETA_2)),
            },
            _ => Moments {
                time: 1,
                first: grad.clone().mul_scalar(1.0 - BETA_1),
                second: grad.square().mul_scalar(1.0 - BETA_2),
            },
        };
        let time = moments.time as i32;
        let correction_2 = (1.0 - BETA_2.powi(time)).sqrt();
        let factor = correction_2 / (1.0 - BETA_1.powi(time));
        let direction = moments.first.clone().mul_scalar(factor).div(
            moments
                .second
                .clone()
                .sqrt()
                .add_scalar(EPSILON * correction_2),
        ); // [n]
        let delta = direction.mul_scalar(self.learning_rate).reshape(dims);
        self.adam.moments[index] = Some(moments);
        let require_grad = tensor.is_require_grad();
        let mut updated = (tensor.inner() - delta).autodiff();
        if require_grad {
            updated = updated.require_grad();
        }
        Param::from_mapped_value(id, updated, mapper)
    }
}
