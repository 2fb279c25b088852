//! What a model *is*, as plain static data: its names, its block recipe, the card's text, its
//! knobs with their ranges and defaults, its latent, what it can draw and what it takes as
//! input. Each model file exports one [`ModelSpec`]; everything outside `models/` asks the spec
//! instead of matching on the model (see `registry.rs`).

use burn::tensor::Device;

use super::diagram::Diagram;
use super::{EnergyModel, ModelError, ModelId};

/// Whether changing a knob keeps the weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnobKind {
    /// Takes effect at the next step; the weights stay.
    Live,
    /// Changes the network's shape: the model restarts from fresh weights (only this model).
    Structural,
    /// A learned weight that `--set` may start from (the ellipse's w₁, w₂). The card shows it
    /// as a number, not a slider: training moves it every step.
    Weight,
}

/// One hyper-parameter: the `--set` key, the card's slider and the model's validation read this
/// one table, so a slider can never send a value the model refuses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knob {
    /// The `--set` key and the name in `params()`.
    pub key: &'static str,
    pub label: &'static str,
    /// The values accepted (`--set`, sessions, the card), both ends included.
    pub range: (f32, f32),
    /// The span the card's slider draws: the useful values. A value set beyond it (inside
    /// `range`) is kept, never clamped behind the user's back.
    pub slider: (f32, f32),
    pub default: f32,
    /// Whole numbers only (counts and sizes).
    pub integer: bool,
    pub logarithmic: bool,
    pub kind: KnobKind,
    pub help: &'static str,
    /// The names of a choice knob's values (its value is the index); empty for a number.
    /// `--set loss=hinge` and the card's drop-down read them.
    pub choices: &'static [&'static str],
    /// One line per choice (its formula), or empty.
    pub notes: &'static [&'static str],
}

impl Knob {
    /// A live real-valued knob.
    pub const fn live(
        key: &'static str,
        label: &'static str,
        range: (f32, f32),
        default: f32,
        help: &'static str,
    ) -> Knob {
        Knob {
            key,
            label,
            range,
            slider: range,
            default,
            integer: false,
            logarithmic: false,
            kind: KnobKind::Live,
            help,
            choices: &[],
            notes: &[],
        }
    }

    /// A live choice among named values (`choices[default]` first); its value is the index.
    /// `notes` says what each choice is (a formula), shown under the card's drop-down.
    pub const fn choice(
        key: &'static str,
        label: &'static str,
        choices: &'static [&'static str],
        notes: &'static [&'static str],
        default: usize,
        help: &'static str,
    ) -> Knob {
        Knob {
            key,
            label,
            range: (0.0, (choices.len() - 1) as f32),
            slider: (0.0, (choices.len() - 1) as f32),
            default: default as f32,
            integer: true,
            logarithmic: false,
            kind: KnobKind::Live,
            help,
            choices,
            notes,
        }
    }

    /// What the choice `value` is, in the card's words.
    pub fn choice_note(&self, value: f32) -> Option<&'static str> {
        self.notes.get(value.max(0.0) as usize).copied()
    }

    /// The name of a choice knob's `value`, if it is one.
    pub fn choice_name(&self, value: f32) -> Option<&'static str> {
        self.choices.get(value.max(0.0) as usize).copied()
    }

    /// A whole-number knob (a count or a size).
    pub const fn count(
        key: &'static str,
        label: &'static str,
        range: (f32, f32),
        default: f32,
        kind: KnobKind,
    ) -> Knob {
        Knob {
            key,
            label,
            range,
            slider: range,
            default,
            integer: true,
            logarithmic: false,
            kind,
            help: "",
            choices: &[],
            notes: &[],
        }
    }

    pub const fn with_help(self, help: &'static str) -> Knob {
        Knob { help, ..self }
    }

    /// A slider narrower than the accepted range.
    pub const fn slider(self, lo: f32, hi: f32) -> Knob {
        Knob {
            slider: (lo, hi),
            ..self
        }
    }

    pub const fn logarithmic(self) -> Knob {
        Knob {
            logarithmic: true,
            ..self
        }
    }

    /// What the knob accepts, in words ("1 or 2", "a whole number 2…256", "a number in
    /// [0, 1]"), for messages.
    pub fn expected(&self) -> String {
        let (lo, hi) = self.range;
        if !self.choices.is_empty() {
            let names: Vec<String> = (0..self.choices.len())
                .map(|i| format!("{} ({i})", self.choices[i]))
                .collect();
            format!("one of {}", names.join(", "))
        } else if self.integer && hi - lo == 1.0 {
            format!("{lo} or {hi}")
        } else if self.integer {
            format!("a whole number {lo}…{hi}")
        } else {
            format!("a number in [{lo}, {hi}]")
        }
    }

    /// `value` if the knob accepts it, else an error naming the knob and its range.
    pub fn check(&self, value: f32) -> Result<f32, ModelError> {
        let (lo, hi) = self.range;
        let whole = !self.integer || value.fract() == 0.0;
        if value.is_finite() && whole && (lo..=hi).contains(&value) {
            Ok(value)
        } else {
            Err(ModelError::BadParamValue {
                key: self.key.to_owned(),
                value,
                expected: self.expected(),
            })
        }
    }
}

/// The latent variable a model has, which decides what β means for it (see `docs/maths.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Latent {
    /// None at all: the energy is a plain function of y (an energy network, a regressor).
    None,
    /// A fixed grid z_k with uniform weights 1/K (the LV-EBMs): the model's energy is the free
    /// energy over it, and β is its temperature. `periodic`: the manifold is a closed curve.
    Grid { periodic: bool },
    /// A code computed by an encoder (the autoencoders): inference is amortised, the manifold
    /// spans the codes of the data.
    Code,
    /// z ~ N(0, I) (the VAE's decoder, the GAN's generator): the manifold is drawn over the
    /// prior.
    GaussianPrior,
}

impl Latent {
    /// Whether the model's energy is a free energy over its latent, so that β is the
    /// temperature it is trained and drawn at.
    pub fn is_marginalised(self) -> bool {
        matches!(self, Latent::Grid { .. })
    }
}

/// A vector field of the model's own besides −∇ of its surfaces, drawn as a layer of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnField {
    None,
    /// ỹ − y: where the model sends each point (the autoencoders; the DAE's denoising field).
    /// `shown`: the layer is on by default (where the card is about it).
    Reconstruction {
        shown: bool,
    },
}

/// What the model's own energy is called: the plots name the function they show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnergyName {
    /// In a title: "C(y), cost net".
    pub name: &'static str,
    /// In formulas (−∇C, e^(−β·C)/Z): "C".
    pub symbol: &'static str,
}

/// What a model can draw besides its energy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draws {
    /// A decoder manifold ỹ = g(z) (and so a free energy F_β of it).
    pub manifold: bool,
    pub field: OwnField,
    /// Hot points ŷ of the last step, pushed up by the loss (corrupted inputs, G(z)): red.
    pub hot: bool,
    /// Samples ỹ the model generates without pushing them up (the VAE's decoded prior
    /// samples): violet, like the manifold.
    pub samples: bool,
    /// An arrow on each hot point (the GAN's −∇C).
    pub hot_arrows: bool,
    /// The data's posterior bubbles in latent space (the VAE).
    pub bubbles: bool,
}

impl Draws {
    /// A manifold and nothing else.
    pub const MANIFOLD: Draws = Draws {
        manifold: true,
        field: OwnField::None,
        hot: false,
        samples: false,
        hot_arrows: false,
        bubbles: false,
    };
}

/// What a model takes as input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inputs {
    /// The observation y alone.
    Y,
    /// An input x and the observation y: rows (x, y₁, y₂), views drawn at a chosen x.
    XY,
}

/// Which of the course's two ways of keeping low energy scarce a model takes (07-2, 08-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Pushes the energy up on chosen points, named here (drawn red, as ŷ, in every view).
    Contrastive { pushed_up: &'static str },
    /// Limits the volume of low energy by construction or by a regulariser, named here.
    Architectural { limit: &'static str },
}

impl Family {
    /// The card's line.
    pub fn describe(self) -> String {
        match self {
            Family::Contrastive { pushed_up } => {
                format!("Contrastive: pushes energy up on {pushed_up} (red ŷ).")
            }
            Family::Architectural { limit } => {
                format!("Architectural / regularised: the low-energy volume is limited by {limit}.")
            }
        }
    }

    pub fn is_contrastive(self) -> bool {
        matches!(self, Family::Contrastive { .. })
    }
}

/// Everything the rest of the program needs to know about a model without holding one.
pub struct ModelSpec {
    /// The name on the command line, in exports and session files.
    pub key: &'static str,
    pub title: &'static str,
    /// The block recipe in one line, as the card shows it.
    pub recipe: &'static str,
    /// Two or three sentences on what to look for.
    pub about: &'static str,
    /// Its own energy, the default surface.
    pub energy: EnergyName,
    /// Live knobs first.
    pub knobs: &'static [Knob],
    pub latent: Latent,
    pub draws: Draws,
    pub inputs: Inputs,
    /// What the loss curve is, for its title.
    pub loss: &'static str,
    /// Contrastive or architectural, and how.
    pub family: Family,
    /// Its blocks and wires (the card's, the compare view's and `figure --diagram`'s).
    pub diagram: Diagram,
    /// A fresh, untrained model on `device` (a plain device: models add autodiff themselves),
    /// its random choices drawn from its own stream of the seed.
    pub create: fn(&Device, u64) -> Box<dyn EnergyModel>,
}

impl ModelSpec {
    /// The knob called `key`, if the model has one.
    pub fn knob(&self, key: &str) -> Option<&'static Knob> {
        self.knobs.iter().find(|k| k.key == key)
    }

    /// The error for a key this model does not have.
    pub fn unknown(&self, model: ModelId, key: &str) -> ModelError {
        ModelError::UnknownParam {
            model,
            key: key.to_owned(),
            known: self
                .knobs
                .iter()
                .map(|k| k.key)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}
