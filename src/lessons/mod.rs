//! Guided lessons: presets that rebuild the course's figures live, in the course's order. Each
//! says what to set up (data, models and their knobs, β, the view, its layers, the probe), what
//! to look at and what to try; the window applies it (`app/panels/lessons.rs`) and
//! `figure --lesson N` draws its picture headless after the lesson's training.

use crate::data::DataSource;
use crate::data::sets::{SetKind, SetSpec};
use crate::energy::Beta;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::models::ModelId;

/// Which main view a lesson opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Landscape,
    Inference,
    ThreeD,
}

pub struct Lesson {
    pub title: &'static str,
    /// Two or three sentences: what the picture shows.
    pub caption: &'static str,
    pub try_this: &'static str,
    /// The models, the first focused.
    pub models: &'static [ModelId],
    /// A built-in set (`SetSpec` syntax).
    pub data: &'static str,
    pub beta: Beta,
    pub train_at_beta: bool,
    /// Knobs of the lesson's models (the others at their defaults).
    pub knobs: &'static [(ModelId, &'static str, f32)],
    pub stage: Stage,
    pub surface: SurfaceView,
    pub field: FieldLayer,
    pub forces: bool,
    /// The *samples at β* layer.
    pub samples: bool,
    pub probe: Option<[f32; 2]>,
    /// Where conditional models are drawn.
    pub slice: f32,
    /// Steps before `figure --lesson` draws.
    pub steps: u64,
}

const BASE: Lesson = Lesson {
    title: "",
    caption: "",
    try_this: "",
    models: &[ModelId::Ellipse],
    data: "ellipse",
    beta: Beta::Infinite,
    train_at_beta: false,
    knobs: &[],
    stage: Stage::Landscape,
    surface: SurfaceView::Energy,
    field: FieldLayer::Auto,
    forces: false,
    samples: false,
    probe: None,
    slice: 0.0,
    steps: 600,
};

/// The lessons, in the course's order.
pub const LESSONS: [Lesson; 10] = [
    Lesson {
        title: "Inference at zero temperature",
        caption: "For an observed y′ the model searches its latent: ž = argmin_z E(y′, z), and \
                  the energy of y′ is F_∞(y′) = E(y′, ž). The curve under the plot is E(y′, z) \
                  over the 48 latent points, ž its lowest.",
        try_this: "Drag the probe across the centre: ž jumps to the other side of the ellipse.",
        stage: Stage::Inference,
        probe: Some([0.5, 0.6]),
        steps: 300,
        ..BASE
    },
    Lesson {
        title: "Warming up: the β family",
        caption: "At a finite β every z votes with weight e^(−βE): F_β is a softmin, and the \
                  ridge inside the ellipse melts. The right panel draws F_β(0, y₂) for the \
                  course's β marks.",
        try_this: "Drag β from ∞ down to 0.3 and back; watch the β family and the arrows.",
        beta: Beta::Finite(1.0),
        steps: 600,
        ..BASE
    },
    Lesson {
        title: "Too hot: the latent dies",
        caption: "Trained on mean F_β at β = 0.1 every z votes almost equally; the best decoder \
                  is the data's mean: the ellipse shrinks to a point, plain MSE.",
        try_this: "Press *Back to β = ∞* in the Temperature section: the ellipse grows back.",
        beta: Beta::Finite(0.1),
        train_at_beta: true,
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "The horn: one x, many y",
        caption: "Each x has a whole ellipse of answers. The conditional LV-EBM keeps a latent \
                  and follows the horn; the MSE regressor predicts the middle of each slice, \
                  where no data are: wrong.",
        try_this: "Turn the 3-D view, then move the slice x in the Data section.",
        models: &[ModelId::HornLv, ModelId::Mse],
        data: "horn:all,n=400",
        stage: Stage::ThreeD,
        slice: 0.5,
        steps: 3000,
        ..BASE
    },
    Lesson {
        title: "The over-complete AE collapses",
        caption: "With a 2-D code and affine networks nothing stops the autoencoder from \
                  learning the identity: its energy ‖y − ỹ‖² goes to zero over the whole plane, \
                  not just on the data.",
        try_this: "Set the code back to 1 on the card: the cold set becomes a curve again.",
        models: &[ModelId::Ae],
        knobs: &[(ModelId::Ae, "code", 2.0), (ModelId::Ae, "depth", 0.0)],
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "The DAE's denoising field",
        caption: "The DAE learns to send corrupted points ŷ = y + σε (red) back to the data: its \
                  field ỹ − y (grey arrows) points onto the data's curve from everywhere near it.",
        try_this: "Raise σ on the card: the field reaches further out.",
        models: &[ModelId::Dae],
        field: FieldLayer::Always,
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "The VAE's bubbles",
        caption: "Each data point is a bubble (μ, √v) in latent space (right panel); the KL term \
                  pulls the bubbles into the unit bubble. Violet points are decoded prior \
                  samples: they should land on the data.",
        try_this: "Raise γ: the bubbles overlap and the reconstruction blurs.",
        models: &[ModelId::Vae],
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "The GAN as contrastive learning",
        caption: "The cost net C is pushed down on the data and up on the generated points \
                  ŷ = G(z) (red); the generator rolls them downhill along −∇C. No \
                  probabilities: a cost surface.",
        try_this: "Set k_C to 1: C flattens under the samples.",
        models: &[ModelId::Gan],
        beta: Beta::Finite(1.0),
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "An energy network with Langevin negatives",
        caption: "E_θ is pushed down on the data and up on negatives drawn by Langevin chains on \
                  E_θ itself; the red trails are their last steps, sliding down the surface \
                  they shape.",
        try_this: "Switch the loss to cd and set α to 0: the energies run off and the model \
                   stops with advice.",
        models: &[ModelId::Ebm],
        data: "rings",
        beta: Beta::Finite(1.0),
        steps: 1500,
        ..BASE
    },
    Lesson {
        title: "Sampling at temperature",
        caption: "Yellow particles run Langevin steps (with a Metropolis accept) on e^(−β·F_β): \
                  at β = 10 they gather on the ellipse; the status bar gives their distance to \
                  the density e^(−β·F_β)/Z.",
        try_this: "Drag β to ∞ (they freeze onto the manifold) and to 0.3 (they melt into the \
                   centre).",
        beta: Beta::Finite(10.0),
        surface: SurfaceView::Density,
        samples: true,
        steps: 600,
        ..BASE
    },
];

/// Lesson `n` (1-based), if there is one.
pub fn lesson(n: usize) -> Option<&'static Lesson> {
    n.checked_sub(1).and_then(|i| LESSONS.get(i))
}

impl Lesson {
    /// Its data (the table's strings are checked by a test; a bad one would be the ellipse).
    pub fn data_source(&self) -> DataSource {
        DataSource::Set(
            self.data
                .parse()
                .unwrap_or_else(|_| SetSpec::new(SetKind::Ellipse)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_is_complete_and_sets_up_what_it_says() {
        for (i, l) in LESSONS.iter().enumerate() {
            assert!(l.data.parse::<SetSpec>().is_ok(), "lesson {}", i + 1);
            assert!(l.caption.len() > 100 && !l.try_this.is_empty() && !l.title.is_empty());
            for (model, key, value) in l.knobs {
                assert!(l.models.contains(model));
                let knob = model.spec().knob(key).unwrap();
                knob.check(*value).unwrap();
            }
            for m in l.models {
                assert_eq!(
                    m.spec().inputs == crate::models::spec::Inputs::XY,
                    l.data.starts_with("horn:all"),
                    "lesson {}: conditional models on conditional rows",
                    i + 1
                );
            }
        }
        assert_eq!(lesson(3).unwrap().beta, Beta::Finite(0.1));
        assert!(lesson(3).unwrap().train_at_beta);
        assert_eq!(lesson(5).unwrap().knobs[0], (ModelId::Ae, "code", 2.0));
        assert_eq!(lesson(4).unwrap().stage, Stage::ThreeD);
        assert!(lesson(10).unwrap().samples && lesson(0).is_none() && lesson(11).is_none());
    }
}
