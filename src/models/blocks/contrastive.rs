//! Contrastive loss functionals (course 07-2, `12 - EBM.pdf` p.29): each pushes the energy
//! down on the data y and up on the negatives ŷ; they differ in how hard and how far.

use burn::tensor::Tensor;
use burn::tensor::activation::{relu, softplus};

/// Which functional a contrastive model minimises. The knob's value is the index in
/// [`LossFunctional::ALL`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossFunctional {
    /// E(y) − E(ŷ) + α(E(y)² + E(ŷ)²): the contrastive-divergence form of Du & Mordatch.
    /// Without α nothing bounds it: the energies run off.
    EnergyDifference,
    /// [m + E(y) − E(ŷ)]⁺: stops pushing once the negative is m above the datum.
    Hinge,
    /// log(1 + e^{E(y) − E(ŷ)}): a soft hinge that never stops pushing.
    Log,
    /// E(y)² + ([m − E(ŷ)]⁺)²: data to 0, negatives up to m.
    SquareSquare,
}

impl LossFunctional {
    pub const ALL: [LossFunctional; 4] = [
        LossFunctional::EnergyDifference,
        LossFunctional::Hinge,
        LossFunctional::Log,
        LossFunctional::SquareSquare,
    ];
    /// The `--set loss=` names, in order.
    pub const KEYS: [&'static str; 4] = ["cd", "hinge", "log", "square"];
    /// Their formulas per pair (y, ŷ), in order.
    pub const FORMULAS: [&'static str; 4] = [
        "E(y) − E(ŷ) + α·(E(y)² + E(ŷ)²)",
        "[m + E(y) − E(ŷ)]⁺",
        "log(1 + e^(E(y) − E(ŷ)))",
        "E(y)² + ([m − E(ŷ)]⁺)²",
    ];

    /// The functional of a knob value (its index; out of range: the first).
    pub fn of(value: f32) -> LossFunctional {
        Self::ALL
            .get(value.max(0.0) as usize)
            .copied()
            .unwrap_or(LossFunctional::EnergyDifference)
    }

    /// The per-pair loss of data energies `cold` and negative energies `hot` (`[N]` each,
    /// paired row by row) → `[N]`.
    pub fn per_pair(self, cold: Tensor<1>, hot: Tensor<1>, margin: f32, alpha: f32) -> Tensor<1> {
        match self {
            LossFunctional::EnergyDifference => {
                let l2 = (cold.clone().square() + hot.clone().square()).mul_scalar(alpha);
                cold - hot + l2
            }
            LossFunctional::Hinge => relu((cold - hot).add_scalar(margin)),
            LossFunctional::Log => softplus(cold - hot, 1.0),
            LossFunctional::SquareSquare => {
                cold.square() + relu(hot.neg().add_scalar(margin)).square()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::free_energy::read_values;
    use burn::tensor::Device;

    #[test]
    fn each_functional_is_its_formula() {
        let device = Device::flex();
        let cold = || Tensor::<1>::from_floats([0.5, -1.0], &device);
        let hot = || Tensor::<1>::from_floats([2.0, -0.5], &device);
        let loss = |f: LossFunctional| read_values(f.per_pair(cold(), hot(), 1.0, 0.1)).unwrap();
        let close = |a: Vec<f32>, b: [f32; 2]| {
            assert!(
                (a[0] - b[0]).abs() < 1e-5 && (a[1] - b[1]).abs() < 1e-5,
                "{a:?} {b:?}"
            )
        };
        close(
            loss(LossFunctional::EnergyDifference),
            [-1.5 + 0.1 * 4.25, -0.5 + 0.1 * 1.25],
        );
        close(loss(LossFunctional::Hinge), [0.0, 0.5]);
        close(
            loss(LossFunctional::Log),
            [(1.0 + (-1.5f32).exp()).ln(), (1.0 + (-0.5f32).exp()).ln()],
        );
        close(loss(LossFunctional::SquareSquare), [0.25, 1.0 + 2.25]);
        assert_eq!(LossFunctional::of(2.0), LossFunctional::Log);
    }
}
