//! The course's Lego blocks. Every model in [`super`] is a short arrangement of these:
//!
//! | block | here |
//! |---|---|
//! | encoder, decoder / generator, cost net | [`mlp::Mlp`] (small tanh MLPs), [`autoencoder`] |
//! | latent sampler (grid or N(0, I)) | [`sampler`] |
//! | cost (energy head) | [`cost`] |
//! | regulariser R(h) | [`regulariser`] |
//! | corruption | [`corruption`] |
//! | contrastive loss functional | [`contrastive`] |
//! | negative sampler (Langevin chains) | [`langevin`] |
//! | predictor f(x) (conditional models) | [`predictor`] |
//!
//! The free energy F_β over a manifold is shared with the LV-EBM: [`crate::energy`].

pub mod autoencoder;
pub mod contrastive;
pub mod corruption;
pub mod cost;
pub mod langevin;
pub mod mlp;
pub mod predictor;
pub mod regulariser;
pub mod sampler;
