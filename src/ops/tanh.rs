//! tanh as one fused op with its own backward, through burn's backend-extension mechanism.
//!
//! Why: on the CPU backend burn's `tanh` is a scalar libm loop (one call per element, no
//! vectorisation), and burn-autodiff's tanh backward keeps the *input*, recomputes tanh from
//! it and then runs four more passes (square, negate, add one, multiply). Every hidden layer of
//! every network pays that twice per step. Here the forward is one vectorised pass
//! ([`fast_math::tanh_in_place`], within 3e-7 of libm) and the backward reuses the saved
//! *output*: `∂L/∂x = ∂L/∂y · (1 − y²)`, one pass.
//!
//! Only the CPU backend (Flex) gets the fused kernels; on wgpu [`tanh`] is burn's own op.

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::flex::FlexTensor;
use burn::backend::ops::FloatTensorOps;
use burn::backend::{
    Autodiff, Backend, DType, Dispatch, Flex, backend_extension, tensor::FloatTensor,
};
use burn::tensor::Tensor;
use rayon::prelude::*;

use crate::kernels::fast_math;

/// The extension: `tanh` and the product `grad · (1 − y²)` its backward needs. The default
/// bodies compose burn's primitives, so a backend without a kernel of its own still works.
#[backend_extension(Flex, Autodiff)]
pub trait TanhOps: Backend {
    /// `y = tanh(x)`, elementwise.
    fn fused_tanh(x: FloatTensor<Self>) -> FloatTensor<Self> {
        Self::float_tanh(x)
    }

    /// `grad · (1 − y²)`, elementwise: tanh's backward from its saved output `y`.
    fn fused_tanh_backward(y: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        let slope =
            Self::float_add_scalar(Self::float_neg(Self::float_mul(y.clone(), y)), 1f32.into());
        Self::float_mul(grad, slope)
    }
}

/// Below this many elements one thread does the pass: splitting costs more than it saves.
const PARALLEL_FROM: usize = 1 << 16;
/// Elements per task of a split pass.
const CHUNK: usize = 1 << 14;

impl TanhOps for Flex {
    fn fused_tanh(x: FloatTensor<Self>) -> FloatTensor<Self> {
        if x.dtype() != DType::F32 {
            return Self::float_tanh(x);
        }
        let mut y = unique_contiguous(x);
        let n = y.layout().num_elements();
        let values = &mut y.storage_mut::<f32>()[..n];
        if n >= PARALLEL_FROM {
            values
                .par_chunks_mut(CHUNK)
                .for_each(fast_math::tanh_in_place);
        } else {
            fast_math::tanh_in_place(values);
        }
        y
    }

    fn fused_tanh_backward(y: FloatTensor<Self>, grad: FloatTensor<Self>) -> FloatTensor<Self> {
        let same = y.dtype() == DType::F32
            && grad.dtype() == DType::F32
            && y.layout().shape() == grad.layout().shape();
        if !same {
            let slope =
                Self::float_add_scalar(Self::float_neg(Self::float_mul(y.clone(), y)), 1f32.into());
            return Self::float_mul(grad, slope);
        }
        let y = contiguous(y);
        let mut grad = unique_contiguous(grad);
        let n = grad.layout().num_elements();
        let ys = &y.storage::<f32>()[y.layout().start_offset()..][..n];
        let gs = &mut grad.storage_mut::<f32>()[..n];
        if n >= PARALLEL_FROM {
            gs.par_chunks_mut(CHUNK)
                .zip(ys.par_chunks(CHUNK))
                .for_each(|(g, y)| fast_math::mul_tanh_slope(g, y));
        } else {
            fast_math::mul_tanh_slope(gs, ys);
        }
        grad
    }
}

/// `t` itself when its elements may be written in place (sole owner, contiguous, from the
/// start of its buffer), else a contiguous copy.
fn unique_contiguous(t: FlexTensor) -> FlexTensor {
    let in_place = t.is_unique() && t.layout().is_contiguous() && t.layout().start_offset() == 0;
    if in_place { t } else { fresh_copy(&t) }
}

/// `t` itself when contiguous (maybe at an offset), else a contiguous copy.
fn contiguous(t: FlexTensor) -> FlexTensor {
    if t.layout().is_contiguous() {
        t
    } else {
        fresh_copy(&t)
    }
}

/// A contiguous copy at offset 0 that nothing else shares. `to_contiguous` hands back the same
/// buffer when the layout already is contiguous, so a shared or offset tensor is rebuilt from
/// its values instead.
fn fresh_copy(t: &FlexTensor) -> FlexTensor {
    let copy = t.to_contiguous();
    if copy.is_unique() && copy.layout().start_offset() == 0 {
        return copy;
    }
    FlexTensor::from_data(copy.into_data())
}

impl<B: TanhOps, C: CheckpointStrategy> TanhOps for Autodiff<B, C> {
    fn fused_tanh(x: FloatTensor<Self>) -> FloatTensor<Self> {
        /// Keeps the output: the backward needs `y`, not `x`, so nothing is recomputed.
        #[derive(Debug)]
        struct TanhBackward;

        impl<B: TanhOps> Backward<B, 1> for TanhBackward {
            type State = FloatTensor<B>;

            fn backward(
                self,
                ops: Ops<Self::State, 1>,
                grads: &mut Gradients,
                _: &mut Checkpointer,
            ) {
                let [parent] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                if let Some(parent) = parent {
                    grads.register::<B>(parent.id, B::fused_tanh_backward(ops.state, grad));
                }
            }
        }

        // Compute bound: the output is saved as the state rather than recomputed under
        // checkpointing (recomputing is what this op exists to avoid).
        match TanhBackward
            .prepare::<C>([x.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let y = B::fused_tanh(x.into_primitive());
                prep.finish(y.clone(), y)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::fused_tanh(x.into_primitive())),
        }
    }
}

/// `tanh(x)`, elementwise, differentiable: the fused kernels on the CPU backend, burn's own op
/// elsewhere.
pub fn tanh<const D: usize>(x: Tensor<D>) -> Tensor<D> {
    if !crate::backend::is_cpu(&x.device()) {
        return x.tanh();
    }
    Tensor::from_dispatch(<Dispatch as TanhOps>::fused_tanh(x.into_dispatch()))
}
