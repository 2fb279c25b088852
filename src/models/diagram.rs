//! A model's block diagram as data: which of the course's Lego blocks it is made of and how
//! they are wired. Each model's `SPEC` carries one; the window, `figure --diagram` and the
//! compare view draw them, so a picture can only show what the description says.
//!
//! Conventions, from the course's EBM slides (`12 - EBM.pdf`, weeks 7–9 and 15): variables are
//! circles (y observed, x the input, z the latent, h the code), modules are rounded boxes
//! (encoder, decoder / generator, predictor, cost, regulariser, corruption, samplers), and the
//! cost's output is the energy. Colours are the course's Set3 palette (see `palette`): y blue,
//! x pink, z orange, h green, ỹ violet, pushed-up ŷ red, the decoder block teal, the encoder
//! block lavender, the cost and the energy red.

/// What a part is. Each kind has one place on the diagram grid ([`PartKind::slot`]), the same
/// for every model, so the same block sits in the same place when models are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// The input x of a conditional model.
    Input,
    /// The observation y.
    Observed,
    Predictor,
    Corruption,
    /// The corrupted input ŷ = y + σε (pushed up).
    Corrupted,
    Encoder,
    /// The code h (or the VAE's μ, v).
    Code,
    /// Where z comes from: a grid, a prior, μ + √v·ε.
    Sampler,
    /// The latent z.
    Latent,
    Decoder,
    /// ỹ: a reconstruction, a decoded point, a prediction, or a pushed-up sample.
    Output,
    /// Langevin chains on the energy itself.
    Langevin,
    Cost,
    Regulariser,
    Energy,
}

impl PartKind {
    /// Column and row on the diagram grid (9 × 3). y runs along the bottom row to the cost;
    /// latents and samplers sit on the top row above the decoder.
    pub fn slot(self) -> (u8, u8) {
        match self {
            PartKind::Input => (0, 0),
            PartKind::Observed => (0, 2),
            PartKind::Predictor => (1, 0),
            PartKind::Corruption => (1, 1),
            PartKind::Corrupted => (2, 1),
            PartKind::Encoder => (3, 1),
            PartKind::Code => (4, 1),
            PartKind::Sampler => (4, 0),
            PartKind::Latent => (5, 0),
            PartKind::Decoder => (5, 1),
            PartKind::Output => (6, 1),
            PartKind::Langevin => (6, 0),
            PartKind::Cost => (7, 1),
            PartKind::Regulariser => (7, 0),
            PartKind::Energy => (8, 1),
        }
    }

    /// A variable (circle) rather than a module (box).
    pub fn is_variable(self) -> bool {
        matches!(
            self,
            PartKind::Input
                | PartKind::Observed
                | PartKind::Corrupted
                | PartKind::Code
                | PartKind::Latent
                | PartKind::Output
                | PartKind::Energy
        )
    }

    /// The block's name in the compare view's sentences.
    pub fn name(self) -> &'static str {
        match self {
            PartKind::Input => "an input x",
            PartKind::Observed => "the observation y",
            PartKind::Predictor => "a predictor",
            PartKind::Corruption => "a corruption of y",
            PartKind::Corrupted => "a corrupted ŷ",
            PartKind::Encoder => "an encoder",
            PartKind::Code => "a code",
            PartKind::Sampler => "a latent sampler",
            PartKind::Latent => "a latent z",
            PartKind::Decoder => "a decoder / generator",
            PartKind::Output => "an output ỹ",
            PartKind::Langevin => "a Langevin sampler",
            PartKind::Cost => "a cost",
            PartKind::Regulariser => "a regulariser",
            PartKind::Energy => "the energy",
        }
    }

    /// What part of the energy plot this block produces, for hover highlighting.
    pub fn highlight(self) -> Option<Highlight> {
        match self {
            PartKind::Observed => Some(Highlight::Data),
            PartKind::Decoder | PartKind::Output | PartKind::Latent | PartKind::Sampler => {
                Some(Highlight::Manifold)
            }
            PartKind::Corrupted | PartKind::Corruption | PartKind::Langevin => Some(Highlight::Hot),
            PartKind::Cost | PartKind::Energy | PartKind::Regulariser => Some(Highlight::Arrows),
            PartKind::Encoder | PartKind::Code | PartKind::Predictor | PartKind::Input => None,
        }
    }
}

/// A layer of the energy plot that a block produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// The data y (blue).
    Data,
    /// The decoder's manifold ỹ (violet).
    Manifold,
    /// The pushed-up points ŷ (red).
    Hot,
    /// The energy's surface and −∇ of it.
    Arrows,
}

/// One block of a diagram.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    pub kind: PartKind,
    /// Its text on the diagram ("Enc", "z ~ N(0, I)", "‖y − ỹ‖²").
    pub label: &'static str,
    /// What it does here, for the hover.
    pub about: &'static str,
    /// A point the loss pushes up (drawn red).
    pub hot: bool,
}

impl Part {
    pub const fn new(kind: PartKind, label: &'static str, about: &'static str) -> Part {
        Part {
            kind,
            label,
            about,
            hot: false,
        }
    }

    /// The same part, pushed up by the loss.
    pub const fn pushed_up(self) -> Part {
        Part { hot: true, ..self }
    }
}

/// The blocks and the wires between them (by kind: each kind appears at most once).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Diagram {
    pub parts: &'static [Part],
    pub wires: &'static [(PartKind, PartKind)],
}

impl Diagram {
    pub fn part(&self, kind: PartKind) -> Option<&'static Part> {
        self.parts.iter().find(|p| p.kind == kind)
    }

    pub fn has(&self, kind: PartKind) -> bool {
        self.part(kind).is_some()
    }
}

/// The LV-EBMs' wiring: grid → z → decoder → ỹ → cost ← y → energy.
pub const LV_WIRES: &[(PartKind, PartKind)] = &[
    (PartKind::Sampler, PartKind::Latent),
    (PartKind::Latent, PartKind::Decoder),
    (PartKind::Decoder, PartKind::Output),
    (PartKind::Output, PartKind::Cost),
    (PartKind::Observed, PartKind::Cost),
    (PartKind::Cost, PartKind::Energy),
];

/// The autoencoder's wiring: y → Enc → h → Dec → ỹ → cost ← y → energy.
pub const AE_WIRES: &[(PartKind, PartKind)] = &[
    (PartKind::Observed, PartKind::Encoder),
    (PartKind::Encoder, PartKind::Code),
    (PartKind::Code, PartKind::Decoder),
    (PartKind::Decoder, PartKind::Output),
    (PartKind::Output, PartKind::Cost),
    (PartKind::Observed, PartKind::Cost),
    (PartKind::Cost, PartKind::Energy),
];

/// The parts every model shares: y, and the energy E at the end.
pub const OBSERVED: Part = Part::new(
    PartKind::Observed,
    "y",
    "The observation: the data (blue) are its cold values.",
);
