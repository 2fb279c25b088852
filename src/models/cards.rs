//! What the model cards say: a few sentences on what to look for, and the knobs (the
//! hyper-parameters the user may change while the model trains). The numbers here are the
//! widgets' ranges; the models themselves validate every value (`set_param`).

use super::ModelId;

/// Whether changing a knob keeps the weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnobKind {
    /// Takes effect at the next step; the weights stay.
    Live,
    /// Changes the network's shape: the model restarts from fresh weights (only this model).
    Structural,
}

/// One hyper-parameter widget.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knob {
    /// The `--set` key and the name in `params()`.
    pub key: &'static str,
    pub label: &'static str,
    pub range: (f32, f32),
    /// Whole numbers only (counts and sizes).
    pub integer: bool,
    pub logarithmic: bool,
    pub kind: KnobKind,
    pub help: &'static str,
}

const fn live(
    key: &'static str,
    label: &'static str,
    range: (f32, f32),
    help: &'static str,
) -> Knob {
    Knob {
        key,
        label,
        range,
        integer: false,
        logarithmic: false,
        kind: KnobKind::Live,
        help,
    }
}

const fn count(key: &'static str, label: &'static str, range: (f32, f32), kind: KnobKind) -> Knob {
    Knob {
        key,
        label,
        range,
        integer: true,
        logarithmic: false,
        kind,
        help: "",
    }
}

const CODE: Knob = Knob {
    help: "1: the code is a curve through the data. 2 or more is over-complete: with nothing \
           to stop it, the AE learns the identity and the energy collapses to 0 everywhere.",
    ..count("code", "code dim", (1.0, 4.0), KnobKind::Structural)
};
const WIDTH: Knob = count("width", "width", (2.0, 128.0), KnobKind::Structural);
const DEPTH_AE: Knob = Knob {
    help: "Hidden layers per network; 0 makes the encoder and decoder affine.",
    ..count("depth", "depth", (0.0, 4.0), KnobKind::Structural)
};
const DEPTH: Knob = count("depth", "depth", (1.0, 4.0), KnobKind::Structural);

const AE_KNOBS: [Knob; 3] = [CODE, WIDTH, DEPTH_AE];
const DAE_KNOBS: [Knob; 4] = [
    Knob {
        help: "Noise of the corruption ŷ = y + σε. Larger σ widens the cold tube.",
        ..live("sigma", "σ (noise)", (0.0, 1.0), "")
    },
    CODE,
    WIDTH,
    DEPTH_AE,
];
const CAE_KNOBS: [Knob; 4] = [
    Knob {
        logarithmic: true,
        ..live(
            "lambda",
            "λ (contraction)",
            (0.0001, 1.0),
            "Weight of ‖∂h/∂y‖²: how strongly the code ignores moves off the data.",
        )
    },
    CODE,
    WIDTH,
    DEPTH_AE,
];
const VAE_KNOBS: [Knob; 5] = [
    Knob {
        logarithmic: true,
        ..live(
            "gamma",
            "γ (KL weight)",
            (0.001, 2.0),
            "Weight of the KL term: larger γ packs the bubbles into the unit bubble.",
        )
    },
    Knob {
        help: "Samples of z per bubble and step. One draw makes the gradient noisy enough \
               for the code to fold: watch red points fall inside the ellipse.",
        ..count("draws", "ε draws", (1.0, 32.0), KnobKind::Live)
    },
    count("latent", "latent dim", (1.0, 2.0), KnobKind::Structural),
    WIDTH,
    DEPTH,
];
const GAN_KNOBS: [Knob; 6] = [
    live(
        "margin",
        "margin m",
        (0.0, 5.0),
        "C is pushed up to m at the generated points and no further: [m − C(ŷ)]⁺.",
    ),
    Knob {
        help: "Cost-net steps per round.",
        ..count("k_c", "k_C", (1.0, 10.0), KnobKind::Live)
    },
    Knob {
        help: "Generator steps per round.",
        ..count("k_g", "k_G", (1.0, 10.0), KnobKind::Live)
    },
    count("latent", "latent dim", (1.0, 2.0), KnobKind::Structural),
    WIDTH,
    DEPTH,
];
const LV_KNOBS: [Knob; 2] = [WIDTH, DEPTH];

impl ModelId {
    /// Two or three sentences on what to look for.
    pub fn about(self) -> &'static str {
        match self {
            ModelId::Ellipse => {
                "Two weights, a fixed 48-point latent grid: the decoder can only draw ellipses. \
                 Watch the violet curve grow from the slide's starting ellipse onto the blue data; \
                 lower β and the free energy smooths the inside into one warm bowl."
            }
            ModelId::Ae => {
                "The energy is the reconstruction error. With a 1-D code the cold set is a curve \
                 through the data; give it a 2-D code and it learns the identity: the whole plane \
                 goes cold — the course's warning about over-complete codes."
            }
            ModelId::Dae => {
                "Red points are the corrupted inputs of the last step; the arrows show where the \
                 model sends each point (ỹ − y): a denoising field pointing at the data. Raise σ \
                 and the cold region widens."
            }
            ModelId::Cae => {
                "The penalty on ‖∂h/∂y‖² makes the code insensitive to moves off the data, so \
                 energy rises away from it. Turn λ up and watch the manifold stiffen."
            }
            ModelId::Vae => {
                "Each data point gets a bubble in latent space (the small plot); the KL term pulls \
                 them into the unit bubble. Red points are decoded prior samples: they should lie \
                 on the data. Raise γ and the bubbles overlap, the reconstruction blurs."
            }
            ModelId::Gan => {
                "Read as energy learning: C is pushed down on the data and up (to the margin) on \
                 the red generated points; G moves its points downhill along −∇C (the red arrows). \
                 No probabilities, just a cost surface."
            }
            ModelId::LvNeural => {
                "The ellipse model with a neural decoder: the same 48-point latent grid and F_β, \
                 but the curve can take any shape — it follows data the fixed ellipse cannot."
            }
        }
    }

    /// The model's knobs, live ones first.
    pub fn knobs(self) -> &'static [Knob] {
        match self {
            ModelId::Ellipse => &[],
            ModelId::Ae => &AE_KNOBS,
            ModelId::Dae => &DAE_KNOBS,
            ModelId::Cae => &CAE_KNOBS,
            ModelId::Vae => &VAE_KNOBS,
            ModelId::Gan => &GAN_KNOBS,
            ModelId::LvNeural => &LV_KNOBS,
        }
    }

    /// The knob called `key`, if the model has one.
    pub fn knob(self, key: &str) -> Option<&'static Knob> {
        self.knobs().iter().find(|k| k.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Device;

    /// Every knob is a parameter the model reports and accepts at both ends of its range, so
    /// a widget can never send a value the model refuses.
    #[test]
    fn every_knob_is_a_settable_parameter_over_its_whole_range() {
        let device = Device::flex();
        for id in ModelId::ALL {
            for knob in id.knobs() {
                for value in [knob.range.0, knob.range.1] {
                    let mut model = id.create(&device, 0);
                    assert!(
                        model.params().iter().any(|(k, _)| *k == knob.key),
                        "{id} reports {}",
                        knob.key
                    );
                    model
                        .set_param(knob.key, value)
                        .unwrap_or_else(|e| panic!("{id} {}={value}: {e}", knob.key));
                    let got = model.params().into_iter().find(|(k, _)| *k == knob.key);
                    assert_eq!(got, Some((knob.key, value)), "{id}");
                }
            }
            assert!(id.about().len() > 80, "{id} has a description");
        }
    }
}
