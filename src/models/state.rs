//! A model's complete state as plain data — weights, optimiser moments, RNG position and what
//! its last step left behind — so a session file can carry it and training resumes exactly.

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::tensor::{Device, Tensor, TensorData};
use chacha20::ChaCha12Rng;

use super::ModelError;
use crate::energy::free_energy::read_values;

/// One tensor: its shape and its values in row-major order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TensorState {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

impl TensorState {
    pub fn read<const D: usize>(tensor: Tensor<D>) -> Result<Self, ModelError> {
        let shape = tensor.dims().to_vec();
        Ok(TensorState {
            shape,
            values: read_values(tensor)?,
        })
    }

    /// The tensor on `device`; refuses a shape of the wrong rank or one its values do not fill.
    pub fn tensor<const D: usize>(&self, device: &Device) -> Result<Tensor<D>, ModelError> {
        let count = self.shape.iter().try_fold(1usize, |n, d| n.checked_mul(*d));
        if self.shape.len() != D || count != Some(self.values.len()) {
            return Err(ModelError::State(format!(
                "a tensor of shape {:?} with {} values does not fit rank {D}",
                self.shape,
                self.values.len()
            )));
        }
        Ok(Tensor::from_data(
            TensorData::new(self.values.clone(), self.shape.clone()),
            device,
        ))
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MomentState {
    pub time: u32,
    pub first: TensorState,
    pub second: TensorState,
}

/// Adam's moments per parameter, in the module's visit order (`None`: not stepped yet).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdamState {
    pub moments: Vec<Option<MomentState>>,
}

/// One network and its optimiser.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NetState {
    /// Every float parameter in the module's visit order.
    pub weights: Vec<TensorState>,
    pub adam: AdamState,
}

/// The position of a ChaCha12 stream: seed, stream and word position (49 bytes).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RngState(pub Vec<u8>);

impl RngState {
    pub fn of(rng: &ChaCha12Rng) -> Self {
        RngState(rng.serialize_state().to_vec())
    }

    pub fn restore(&self) -> Result<ChaCha12Rng, ModelError> {
        let bytes: &[u8; 49] =
            self.0.as_slice().try_into().map_err(|_| {
                ModelError::State(format!("an RNG state of {} bytes", self.0.len()))
            })?;
        Ok(ChaCha12Rng::deserialize_state(bytes))
    }
}

/// Everything that makes a model what it is now. Parameters first: the loader applies them
/// (rebuilding the architecture they describe) before it restores the networks.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelState {
    pub params: Vec<(String, f32)>,
    pub nets: Vec<NetState>,
    pub rng: Option<RngState>,
    /// The hot points of the last step (drawn red until the next step).
    pub hot: Vec<[f32; 2]>,
    /// Model-specific leftovers of the last step (the GAN's latent batch).
    pub extra: Vec<f32>,
}

impl ModelState {
    /// The `n` networks this model has, or an error naming the mismatch.
    pub fn nets<const N: usize>(&self) -> Result<&[NetState; N], ModelError> {
        self.nets.as_slice().try_into().map_err(|_| {
            ModelError::State(format!(
                "{} networks where {N} were expected",
                self.nets.len()
            ))
        })
    }

    /// Whether every weight, Adam moment and parameter is finite.
    pub fn is_finite(&self) -> bool {
        let finite = |t: &TensorState| t.values.iter().all(|v| v.is_finite());
        let nets = self.nets.iter().all(|net| {
            net.weights.iter().all(finite)
                && net
                    .adam
                    .moments
                    .iter()
                    .flatten()
                    .all(|m| finite(&m.first) && finite(&m.second))
        });
        nets && self.params.iter().all(|(_, v)| v.is_finite())
    }

    pub fn rng(&self) -> Result<ChaCha12Rng, ModelError> {
        self.rng
            .as_ref()
            .ok_or_else(|| ModelError::State("no RNG state".to_owned()))?
            .restore()
    }
}

/// Every float parameter of `net`, in visit order.
pub fn read_weights<M: Module>(net: &M) -> Result<Vec<TensorState>, ModelError> {
    struct Reader(Vec<Result<TensorState, ModelError>>);
    impl ModuleVisitor for Reader {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            self.0.push(TensorState::read(param.val()));
        }
    }
    let mut reader = Reader(Vec::new());
    net.visit(&mut reader);
    reader.0.into_iter().collect()
}

/// `net` with its parameters replaced by `weights` (same order and shapes, else an error and
/// `net` is dropped unchanged by the caller, who still holds its own copy).
pub fn load_weights<M: Module>(net: M, weights: &[TensorState]) -> Result<M, ModelError> {
    struct Writer<'a> {
        weights: &'a [TensorState],
        index: usize,
        error: Option<ModelError>,
    }
    impl ModuleMapper for Writer<'_> {
        fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            let index = self.index;
            self.index += 1;
            let (id, tensor, mapper) = param.consume();
            let loaded = match self.weights.get(index) {
                Some(w) if w.shape == tensor.dims() => w.tensor::<D>(&tensor.device()),
                Some(w) => Err(ModelError::State(format!(
                    "parameter {index} has shape {:?} in the file, {:?} in the model",
                    w.shape,
                    tensor.dims()
                ))),
                None => Err(ModelError::State(format!("parameter {index} is missing"))),
            };
            let value = match loaded {
                Ok(value) if tensor.is_require_grad() => value.require_grad(),
                Ok(value) => value,
                Err(e) => {
                    self.error.get_or_insert(e);
                    tensor
                }
            };
            Param::from_mapped_value(id, value, mapper)
        }
    }
    let mut writer = Writer {
        weights,
        index: 0,
        error: None,
    };
    let net = net.map(&mut writer);
    match writer.error {
        Some(e) => Err(e),
        None if writer.index != weights.len() => Err(ModelError::State(format!(
            "{} parameters in the file, {} in the model",
            weights.len(),
            writer.index
        ))),
        None => Ok(net),
    }
}
