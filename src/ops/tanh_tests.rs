use burn::tensor::{Device, Tensor, TensorData};

use super::tanh::tanh;
use crate::energy::free_energy::read_values;

/// Inputs across tanh's range: the linear middle, the bend, saturation, and exact zeros.
fn inputs(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i as f32 * 0.618_034).fract() - 0.5) * 24.0 * (i % 3) as f32)
        .collect()
}

fn tensor(values: &[f32], shape: [usize; 2], device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values.to_vec(), shape), device)
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max)
}

#[test]
fn forward_matches_burns_tanh_on_small_and_large_tensors() {
    let device = Device::flex();
    // [256, 64] runs on one thread; [1024, 128] is split over the pool.
    for shape in [[256, 64], [1024, 128], [3, 5]] {
        let values = inputs(shape[0] * shape[1]);
        let x = tensor(&values, shape, &device);
        let fused = read_values(tanh(x.clone()).reshape([-1])).unwrap();
        let burn = read_values(x.tanh().reshape([-1])).unwrap();
        assert!(max_abs_diff(&fused, &burn) < 3e-7, "{shape:?}");
        assert!(fused.iter().all(|y| y.abs() <= 1.0));
    }
}

#[test]
fn shared_and_strided_inputs_are_left_untouched() {
    let device = Device::flex();
    let values = inputs(6 * 4);
    let x = tensor(&values, [6, 4], &device);
    // `x` is still held here, so the op must not write into its buffer.
    let y = tanh(x.clone());
    assert_eq!(read_values(x.clone().reshape([-1])).unwrap(), values);
    // A transposed view and a slice at an offset.
    let t = tanh(x.clone().transpose());
    let want = read_values(x.clone().transpose().tanh().reshape([-1])).unwrap();
    assert!(max_abs_diff(&read_values(t.reshape([-1])).unwrap(), &want) < 3e-7);
    let s = tanh(x.clone().slice([2..5, 1..3]));
    let want = read_values(x.clone().slice([2..5, 1..3]).tanh().reshape([-1])).unwrap();
    assert!(max_abs_diff(&read_values(s.reshape([-1])).unwrap(), &want) < 3e-7);
    assert_eq!(read_values(x.reshape([-1])).unwrap(), values);
    assert_eq!(y.dims(), [6, 4]);
}

/// The gradient through the fused op is burn's tanh gradient: for L = Σ w ⊙ tanh(x),
/// ∂L/∂x = w ⊙ (1 − tanh²x), checked against the same graph built on burn's tanh and against
/// the formula in f64.
#[test]
fn backward_is_one_minus_the_square_of_the_output() {
    let device = Device::flex().autodiff();
    for shape in [[256, 64], [1024, 128]] {
        let n = shape[0] * shape[1];
        let values = inputs(n);
        let weights: Vec<f32> = (0..n).map(|i| 1.0 + (i % 7) as f32 * 0.25).collect();
        let w = tensor(&weights, shape, &device);
        let grad_of = |fused: bool| {
            let x = tensor(&values, shape, &device).require_grad();
            let y = if fused {
                tanh(x.clone())
            } else {
                x.clone().tanh()
            };
            let grads = (y * w.clone()).sum().backward();
            let g = x.grad(&grads).unwrap();
            read_values(g.reshape([-1])).unwrap()
        };
        let fused = grad_of(true);
        let burn = grad_of(false);
        assert!(max_abs_diff(&fused, &burn) < 2e-6, "{shape:?}");
        for ((g, x), w) in fused.iter().zip(&values).zip(&weights) {
            let want = f64::from(*w) * (1.0 - f64::from(*x).tanh().powi(2));
            assert!(
                (f64::from(*g) - want).abs() < 2e-6,
                "x = {x}: {g} vs {want}"
            );
        }
    }
}

/// A chain of two tanh layers trains the same with the fused op as with burn's: the gradient
/// reaches through both (the op's output is the next one's input) and into a weight.
#[test]
fn gradients_flow_through_stacked_layers_into_weights() {
    let device = Device::flex().autodiff();
    let x = tensor(&inputs(32 * 4), [32, 4], &device);
    let w_values: Vec<f32> = (0..16).map(|i| (i as f32 - 7.5) * 0.1).collect();
    let grad_of = |fused: bool| {
        let w = tensor(&w_values, [4, 4], &device).require_grad();
        let act = |t: Tensor<2>| if fused { tanh(t) } else { t.tanh() };
        let h = act(act(x.clone().matmul(w.clone())).matmul(w.clone()));
        let grads = h.square().mean().backward();
        read_values(w.grad(&grads).unwrap().reshape([-1])).unwrap()
    };
    let (fused, burn) = (grad_of(true), grad_of(false));
    assert!(fused.iter().any(|g| g.abs() > 1e-4), "{fused:?}");
    assert!(max_abs_diff(&fused, &burn) < 1e-6, "{fused:?} vs {burn:?}");
}
