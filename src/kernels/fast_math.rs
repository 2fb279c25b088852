//! `exp` and `tanh` written with plain arithmetic and integer bit tricks only, so that loops over
//! slices of them vectorise (the standard library's call into libm one value at a time and stop
//! the compiler from doing so). Accurate to a few ulp over the whole f32 range the views use.
//! The hot loops are compiled twice, for baseline x86-64 and for AVX2, and pick at run time:
//! twice the lanes took F_β at 256² from 6.0 to 4.7 ms (AVX-512 was no faster).

const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 split in a part with a short mantissa (exact when multiplied by a small integer) and
/// the rest, so the range reduction loses nothing (Cody and Waite).
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// 1.5 · 2²³: adding it rounds to the nearest integer and leaves that integer in the low
/// mantissa bits, without a float-to-int conversion.
const ROUND: f32 = 12_582_912.0;

/// e^x. Inputs are clamped to [−87, 88], where e^x is a normal f32: below, the result is
/// ~1.6e-38 instead of a subnormal or 0, which changes no sum it takes part in.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let shifted = x * LOG2_E + ROUND;
    let n = shifted - ROUND; // round(x / ln 2)
    let r = x - n * LN2_HI - n * LN2_LO; // |r| ≤ ln 2 / 2
    // Cephes' minimax polynomial for e^r − 1 − r on [−ln 2 / 2, ln 2 / 2].
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5; // Cephes: 5.0000001201e-1, which rounds to 0.5 in f32
    let e_r = p * r * r + r + 1.0;
    // 2ⁿ built from its exponent bits; n ∈ [−126, 127] after the clamp.
    let n_bits = shifted.to_bits().wrapping_sub(ROUND.to_bits()) as i32;
    let two_n = f32::from_bits(((n_bits + 127) as u32) << 23);
    e_r * two_n
}

/// tanh x = 1 − 2 / (e^{2x} + 1): exact limits ±1, absolute error below 2e-7 near 0.
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * x) + 1.0)
}

/// tanh of every element, in place: eight lanes at a time on a CPU with AVX2.
pub fn tanh_in_place(values: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: `has_avx2` checked that this CPU runs AVX2 and FMA instructions.
        return unsafe { tanh_in_place_avx2(values) };
    }
    tanh_in_place_portable(values);
}

/// The same loop compiled for AVX2: the build targets baseline x86-64 (four SSE lanes).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn tanh_in_place_avx2(values: &mut [f32]) {
    tanh_in_place_portable(values);
}

#[inline(always)]
fn tanh_in_place_portable(values: &mut [f32]) {
    for v in values {
        *v = tanh(*v);
    }
}

/// `grad[i] · (1 − y[i]²)` into `grad`: tanh's backward from its output `y`, in one pass.
/// The same arithmetic as burn-autodiff's own tanh backward (`1 + (−y²)`, then the product),
/// so it rounds the same.
pub fn mul_tanh_slope(grad: &mut [f32], y: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: `has_avx2` checked that this CPU runs AVX2 and FMA instructions.
        return unsafe { mul_tanh_slope_avx2(grad, y) };
    }
    mul_tanh_slope_portable(grad, y);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn mul_tanh_slope_avx2(grad: &mut [f32], y: &[f32]) {
    mul_tanh_slope_portable(grad, y);
}

#[inline(always)]
fn mul_tanh_slope_portable(grad: &mut [f32], y: &[f32]) {
    for (g, y) in grad.iter_mut().zip(y) {
        *g *= -(y * y) + 1.0;
    }
}

/// Whether the kernels may take their AVX2 paths (the answer is cached by the standard
/// library, so asking per call costs an atomic load).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// Lanes of the hand-split reductions below: eight independent partial results let the
/// compiler keep them in vector registers (a float sum in order cannot be vectorised).
const LANES: usize = 8;

/// The smallest value (∞ for none).
#[inline(always)]
pub fn min(values: &[f32]) -> f32 {
    let mut acc = [f32::INFINITY; LANES];
    let chunks = values.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (a, v) in acc.iter_mut().zip(chunk) {
            *a = a.min(*v);
        }
    }
    tail.iter()
        .chain(&acc)
        .fold(f32::INFINITY, |m, v| m.min(*v))
}

/// The sum, in eight interleaved partial sums.
#[inline(always)]
pub fn sum(values: &[f32]) -> f32 {
    let mut acc = [0.0f32; LANES];
    let chunks = values.chunks_exact(LANES);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (a, v) in acc.iter_mut().zip(chunk) {
            *a += *v;
        }
    }
    tail.iter().sum::<f32>() + acc.iter().sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_the_standard_library_to_a_few_ulp() {
        let mut worst = 0.0f64;
        // The clamp range exactly (`i · 1e-3` would step just below −87, where the clamp and
        // not the polynomial decides the value).
        for i in -87_000..=88_000 {
            let x = i as f32 / 1000.0;
            let want = f64::from(x).exp();
            let rel = ((f64::from(exp(x)) - want) / want).abs();
            worst = worst.max(rel);
        }
        assert!(worst < 4e-7, "worst relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        // Clamped, never 0, infinite or NaN.
        assert!(exp(-1e4) > 0.0 && exp(-1e4) < 2e-38);
        assert!(exp(1e4).is_finite());
    }

    #[test]
    fn tanh_matches_the_standard_library() {
        for i in -20_000..=20_000 {
            let x = i as f32 * 1e-3;
            assert!((tanh(x) - x.tanh()).abs() < 3e-7, "tanh({x})");
        }
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-100.0), -1.0);
    }

    #[test]
    fn tanh_slope_is_one_minus_the_square() {
        let y: Vec<f32> = (0..37).map(|i| (i as f32 - 18.0) / 18.5).collect();
        let mut g: Vec<f32> = (0..37).map(|i| 0.5 + i as f32).collect();
        let want: Vec<f32> = g.iter().zip(&y).map(|(g, y)| g * (1.0 - y * y)).collect();
        mul_tanh_slope(&mut g, &y);
        assert_eq!(g, want);
    }

    #[test]
    fn reductions_cover_every_element() {
        let v: Vec<f32> = (0..37).map(|i| (i as f32 - 18.5).abs()).collect();
        assert_eq!(min(&v), 0.5);
        assert_eq!(sum(&v), v.iter().sum::<f32>());
        assert_eq!(min(&[]), f32::INFINITY);
        assert_eq!(sum(&[]), 0.0);
    }
}
