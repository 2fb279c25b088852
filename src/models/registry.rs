//! The list of models. Adding a model is one file exporting a `SPEC` (see `spec.rs`) and one
//! line in [`registry!`] below: the enum variant, [`ModelId::ALL`] and the spec lookup are
//! generated from that line, so no list elsewhere can miss it.

use std::fmt;
use std::str::FromStr;

use super::spec::ModelSpec;
use super::{EnergyModel, ModelError};

macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident => $module:ident),+ $(,)?) => {
        /// Which model a snapshot, command or session slot is about.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum ModelId {
            $($(#[$doc])* $variant),+
        }

        impl ModelId {
            /// Every model, in the order the window lists them.
            pub const ALL: [ModelId; [$(stringify!($variant)),+].len()] =
                [$(ModelId::$variant),+];

            /// The model's static description.
            pub fn spec(self) -> &'static ModelSpec {
                match self {
                    $(ModelId::$variant => &super::$module::SPEC),+
                }
            }
        }
    };
}

registry! {
    /// The course's latent-variable EBM: g(z) = (w₁ cos z, w₂ sin z) on a 48-point latent grid.
    Ellipse => ellipse,
    /// Autoencoder: energy ‖y − Dec(Enc(y))‖².
    Ae => ae,
    /// Denoising autoencoder: reconstruct y from ŷ = y + σε.
    Dae => dae,
    /// Contractive autoencoder: ‖y − ỹ‖² + λ‖∂h/∂y‖².
    Cae => cae,
    /// Variational autoencoder: ‖y − ỹ‖² + γ·KL.
    Vae => vae,
    /// The GAN read as contrastive energy learning: cost net C, generator G.
    Gan => gan,
    /// Latent-variable EBM with a neural decoder g_θ(z) on the 48-point latent grid.
    LvNeural => lv_neural,
    /// The horn's conditional LV-EBM: E(x, y, z) = ‖y − f(x) ⊙ (cos z, sin z)‖².
    HornLv => horn_lv,
    /// The MSE regressor ŷ = f(x): the course's wrong answer for the horn.
    Mse => mse,
    /// An energy network E_θ(y) trained contrastively, with Langevin negatives.
    Ebm => ebm,
}

impl ModelId {
    /// The name used on the command line and in exports.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// A fresh, untrained model on `device`, its random choices drawn from its own stream of
    /// `seed`.
    pub fn create(self, device: &burn::tensor::Device, seed: u64) -> Box<dyn EnergyModel> {
        (self.spec().create)(device, seed)
    }

    /// Where the model stands in [`ModelId::ALL`] (the window's and the trainer's order).
    pub fn rank(self) -> usize {
        ModelId::ALL
            .iter()
            .position(|m| *m == self)
            .unwrap_or(usize::MAX)
    }

    /// The value of the choice called `name` of a choice knob `key` of any model
    /// (`loss=hinge` → its index), for `--set`.
    pub fn choice_value(key: &str, name: &str) -> Option<f32> {
        ModelId::ALL.into_iter().find_map(|m| {
            let knob = m.spec().knob(key)?;
            let index = knob.choices.iter().position(|c| *c == name)?;
            Some(index as f32)
        })
    }

    /// The comma-separated list of model keys, for messages.
    pub fn known() -> String {
        ModelId::ALL.map(ModelId::key).join(", ")
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ModelId {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelId::ALL
            .into_iter()
            .find(|m| m.key() == s.trim())
            .ok_or_else(|| ModelError::UnknownModel(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::Device;

    use super::*;
    use crate::models::spec::KnobKind;

    #[test]
    fn every_model_is_registered_once_and_its_spec_describes_it() {
        let device = Device::flex();
        for (i, id) in ModelId::ALL.into_iter().enumerate() {
            let spec = id.spec();
            assert_eq!(id.rank(), i);
            assert_eq!(spec.key.parse::<ModelId>().unwrap(), id, "keys are unique");
            assert!(spec.about.len() > 80, "{id} has a description");
            assert!(!spec.recipe.is_empty() && !spec.loss.is_empty());
            let model = id.create(&device, 0);
            assert_eq!(model.id(), id);
            // The model reports exactly its knob table, in order.
            let keys: Vec<&str> = model.params().iter().map(|(k, _)| *k).collect();
            let table: Vec<&str> = spec.knobs.iter().map(|k| k.key).collect();
            assert_eq!(keys, table, "{id}");
        }
    }

    /// Every knob is a parameter the model accepts at both ends of its range and at its
    /// default, and refuses just beyond, so a widget can never send a value the model refuses
    /// and `--set` and the card agree.
    #[test]
    fn every_knob_is_a_settable_parameter_over_its_whole_range() {
        let device = Device::flex();
        for id in ModelId::ALL {
            for knob in id.spec().knobs {
                let fresh = id.create(&device, 0);
                let default = fresh.params().into_iter().find(|(k, _)| *k == knob.key);
                assert_eq!(default, Some((knob.key, knob.default)), "{id} default");
                for value in [knob.range.0, knob.range.1, knob.default] {
                    let mut model = id.create(&device, 0);
                    model
                        .set_param(knob.key, value)
                        .unwrap_or_else(|e| panic!("{id} {}={value}: {e}", knob.key));
                    let got = model.params().into_iter().find(|(k, _)| *k == knob.key);
                    assert_eq!(got, Some((knob.key, value)), "{id}");
                }
                let (lo, hi) = knob.range;
                let step = |v: f32| {
                    if knob.integer {
                        1.0
                    } else {
                        1e-3 * v.abs().max(1.0)
                    }
                };
                for beyond in [lo - step(lo), hi + step(hi)] {
                    let mut model = id.create(&device, 0);
                    let refused = model.set_param(knob.key, beyond);
                    assert!(refused.is_err(), "{id} {}={beyond}", knob.key);
                }
                assert!(
                    lo <= knob.slider.0 && knob.slider.1 <= hi && knob.slider.0 < knob.slider.1,
                    "{id} {}: the slider spans accepted values",
                    knob.key
                );
                if knob.kind == KnobKind::Weight {
                    assert!(!knob.integer, "{id}: a weight is a real number");
                }
            }
            let mut model = id.create(&device, 0);
            assert!(matches!(
                model.set_param("no-such-knob", 1.0),
                Err(ModelError::UnknownParam { .. })
            ));
        }
    }
}
