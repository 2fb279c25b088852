//! One probe y′ against a manifold, in f64 on the host: cheap enough to redo every frame while
//! the probe is dragged, and the reference the tensor paths are checked against.

use crate::energy::{Beta, reference};

/// Everything the inspector shows of y′ over the latent grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    pub probe: [f64; 2],
    pub beta: Beta,
    /// E(y′, z_k) = ‖y′ − ỹ_k‖² for each manifold point.
    pub energies: Vec<f64>,
    /// The softmin weights w_k = π_k e^{−βE_k} / Σ_j π_j e^{−βE_j}: a posterior over the
    /// latent that sums to 1; one-hot on ž at β = ∞, the prior π as β → 0.
    pub weights: Vec<f64>,
    /// Index of ž, the grid's argmin of E(y′, ·) (the first of exact ties).
    pub argmin: usize,
    /// F_β(y′) of the manifold, with its latent's weights π.
    pub f_beta: f64,
    /// F_∞(y′) = E(y′, ž).
    pub f_inf: f64,
    /// H = −Σ w_k log w_k in nats: e^H latents vote (1 at β = ∞, K when all count alike).
    pub entropy: f64,
    /// −∇F_β(y′) = 2·(Σ_k w_k ỹ_k − y′): towards the weighted centre of the manifold.
    pub neg_grad: [f64; 2],
}

impl Inspection {
    /// How many latent points effectively vote: e^H.
    pub fn voters(&self) -> f64 {
        self.entropy.exp()
    }

    /// The manifold point of ž.
    pub fn argmin_point(&self, manifold: &[[f32; 2]]) -> [f32; 2] {
        manifold[self.argmin]
    }
}

/// `probe` against the manifold `manifold` whose latent weights are `prior` (`None`: the
/// uniform 1/K of a latent grid) at `beta`; `None` for an empty manifold.
pub fn inspect(
    probe: [f64; 2],
    manifold: &[[f32; 2]],
    prior: Option<&[f32]>,
    beta: Beta,
) -> Option<Inspection> {
    if manifold.is_empty() {
        return None;
    }
    let points: Vec<[f64; 2]> = manifold
        .iter()
        .map(|p| [f64::from(p[0]), f64::from(p[1])])
        .collect();
    let prior: Option<Vec<f64>> = prior.map(|w| w.iter().map(|v| f64::from(*v)).collect());
    let energies = reference::energies(probe, &points);
    let weights = reference::softargmin_weighted(&energies, prior.as_deref(), beta);
    let in_support = |k: &usize| prior.as_ref().is_none_or(|p| p[*k] > 0.0);
    let argmin = (0..energies.len())
        .filter(in_support)
        .min_by(|a, b| energies[*a].total_cmp(&energies[*b]))
        .unwrap_or(0);
    let f_beta = reference::free_energy_weighted(&energies, prior.as_deref(), beta);
    let entropy = -weights
        .iter()
        .filter(|w| **w > 0.0)
        .map(|w| w * w.ln())
        .sum::<f64>();
    let centre = weights.iter().zip(&points).fold([0.0; 2], |acc, (w, g)| {
        [acc[0] + w * g[0], acc[1] + w * g[1]]
    });
    Some(Inspection {
        probe,
        beta,
        f_inf: energies[argmin],
        energies,
        weights,
        argmin,
        f_beta,
        // A one-hot vote sums to −0.0: show it as 0.
        entropy: if entropy > 0.0 { entropy } else { 0.0 },
        neg_grad: [2.0 * (centre[0] - probe[0]), 2.0 * (centre[1] - probe[1])],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ellipse decoder on the 48-point grid, its angles in f64 so that the symmetric
    /// latents z = π/2 and 3π/2 tie exactly.
    fn slide_ellipse(w: [f64; 2]) -> Vec<[f32; 2]> {
        (0..48)
            .map(|k| {
                let z = std::f64::consts::TAU * f64::from(k) / 48.0;
                [(w[0] * z.cos()) as f32, (w[1] * z.sin()) as f32]
            })
            .collect()
    }

    /// The slides' untrained ellipse at y′ = (0, 0): ž at z = π/2 (ỹ = (0, 0.35), E = 0.1225),
    /// F_β from the course's table (0.921 at β = 1), the weights a posterior; at β = ∞ one
    /// latent votes (the two at ±π/2 tie: e^H = 2), warm nearly all 48 do.
    #[test]
    fn the_slides_probe_reads_the_courses_numbers() {
        let manifold = slide_ellipse([-1.5, 0.35]);
        let at = |beta| inspect([0.0, 0.0], &manifold, None, beta).unwrap();
        let warm = at(Beta::Finite(1.0));
        assert!((warm.weights.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(warm.argmin, 12, "z = π/2, the first of the tie with 3π/2");
        assert!((warm.f_inf - 0.1225).abs() < 1e-6);
        assert!((warm.f_beta - 0.921).abs() < 5e-4, "{}", warm.f_beta);
        // The ±π/2 symmetry: the pull on y′ = (0, 0) cancels.
        assert!(warm.neg_grad[0].abs() < 1e-9 && warm.neg_grad[1].abs() < 1e-9);
        let cold = at(Beta::Infinite);
        assert!((cold.f_beta - 0.1225).abs() < 1e-6);
        assert!(
            (cold.voters() - 2.0).abs() < 1e-9,
            "a tie: two latents share"
        );
        assert!((cold.weights[12] - 0.5).abs() < 1e-12 && (cold.weights[36] - 0.5).abs() < 1e-12);
        let hot = at(Beta::Finite(0.01));
        assert!(hot.voters() > 47.5, "{}", hot.voters());
        assert!(warm.voters() > cold.voters() && hot.voters() > warm.voters());
        // Off the axis of symmetry the arrow points at the nearer side of the ellipse.
        let off = inspect([0.0, 0.2], &manifold, None, Beta::Infinite).unwrap();
        assert!(off.neg_grad[1] > 0.0 && (off.neg_grad[1] - 2.0 * (0.35 - 0.2)).abs() < 1e-6);
    }

    /// A prior's weights enter the posterior and F_β; a point of zero prior never is ž.
    #[test]
    fn prior_weights_tilt_the_vote() {
        let manifold = [[0.0, 0.0], [1.0, 0.0], [0.5, 0.0]];
        let prior = [0.0, 0.8, 0.2];
        let got = inspect([0.1, 0.0], &manifold, Some(&prior), Beta::Finite(2.0)).unwrap();
        assert_eq!(got.argmin, 2, "(0, 0) has no prior mass");
        assert_eq!(got.weights[0], 0.0);
        let e = [0.81, 0.16];
        let z = 0.8 * (-2.0f64 * e[0]).exp() + 0.2 * (-2.0f64 * e[1]).exp();
        // The prior arrives as f32: 0.8 is 0.80000001.
        assert!((got.weights[1] - 0.8 * (-2.0f64 * e[0]).exp() / z).abs() < 1e-7);
        assert!((got.f_beta + z.ln() / 2.0).abs() < 1e-7);
    }
}
