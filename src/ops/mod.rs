//! burn ops of our own: where burn's generic op costs a training step more than it must.
//!
//! | op | why |
//! |---|---|
//! | [`tanh::tanh`] | one vectorised pass forward, `1 − y²` from the saved output backward |

pub mod tanh;

#[cfg(test)]
mod tanh_tests;
