//! What a panel gets to draw itself with: the run's settings, the window's view options, the
//! latest snapshot, one outbox of commands for the trainer and the status line. Panels never
//! touch the trainer: the window sends the outbox once per frame.

use std::path::PathBuf;

use crate::data::DataSource;
use crate::energy::{Beta, Extent, GridSpec};
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::models::ModelId;
use crate::palette::ColourScale;
use crate::settings::{Hyper, Settings};
use crate::trainer::{Command, Snapshot};

/// How the window draws, beside what it trains: kept between runs and in sessions.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ViewOptions {
    /// Which surface the heatmaps show.
    pub surface: SurfaceView,
    pub colours: ColourScale,
    /// −∇ of the surface shown.
    #[serde(default = "shown_by_default")]
    pub arrows: bool,
    /// The models' own fields (the autoencoders' ỹ − y).
    #[serde(default)]
    pub field: FieldLayer,
    /// The window's theme (the course's is dark).
    #[serde(default = "dark_by_default")]
    pub dark: bool,
    /// The central view: the landscape, or the inference lab (the inspector of one point).
    #[serde(default)]
    pub main: MainView,
    /// The pull of the data on each manifold point through the loss (−∂L/∂ỹ_k).
    #[serde(default)]
    pub forces: bool,
    /// Langevin particles sampling e^{−β·surface} at the slider's β.
    #[serde(default)]
    pub samples: bool,
    /// The lesson shown (1-based), whose caption sits above the plot.
    #[serde(default)]
    pub lesson: Option<usize>,
    /// Which sections of the left panel are unfolded.
    #[serde(default)]
    pub sections: Sections,
}

/// The left panel's foldable sections: open by default, except the optimiser and the files,
/// which a first look does not need (so the window fits 1280 × 800).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Sections {
    pub data: bool,
    pub temperature: bool,
    pub optimiser: bool,
    pub view: bool,
    pub files: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            data: true,
            temperature: true,
            optimiser: false,
            view: true,
            files: false,
        }
    }
}

/// What the central panel is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MainView {
    /// The focused model's surface, the others as small multiples; hovering probes.
    #[default]
    Landscape,
    /// One point y′ and the model inferring its latent: click to place it, drag to move it.
    Inference,
    /// The focused model's surface in 3-D, or the horn in (x, y₁, y₂).
    ThreeD,
    /// The focused model as its block diagram beside its plot; others to compare.
    Blocks,
}

fn dark_by_default() -> bool {
    true
}

fn shown_by_default() -> bool {
    true
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            surface: SurfaceView::default(),
            colours: ColourScale::default(),
            arrows: shown_by_default(),
            field: FieldLayer::default(),
            dark: dark_by_default(),
            main: MainView::default(),
            forces: false,
            samples: false,
            lesson: None,
            sections: Sections::default(),
        }
    }
}

/// The status bar's message.
#[derive(Clone, Debug, Default)]
pub struct Status {
    message: Option<(String, bool)>,
    /// The files the message is about (a save, an export): the status bar copies a path
    /// on a click.
    files: Vec<PathBuf>,
}

impl Status {
    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
        self.files.clear();
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true));
        self.files.clear();
    }

    /// `what` went to `files`: the status bar names each, and a click copies its path.
    pub fn written(&mut self, what: impl Into<String>, files: Vec<PathBuf>) {
        self.message = Some((what.into(), false));
        self.files = files;
    }

    /// The files the message is about (empty for most messages).
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The message and whether it is an error.
    pub fn get(&self) -> Option<&(String, bool)> {
        self.message.as_ref()
    }
}

/// What one panel asks of another within a frame.
#[derive(Debug, Default)]
pub struct Requests {
    /// Move the focused plot to this extent once the trainer draws it.
    pub fit_view: Option<Extent>,
    /// Take a screenshot of the window into the screenshots folder.
    pub screenshot: bool,
    /// Open this file dialog over the window.
    pub dialog: Option<crate::app::dialogs::Purpose>,
}

/// A panel's view of the window.
pub struct Cx<'a> {
    pub settings: &'a mut Settings,
    pub view: &'a mut ViewOptions,
    pub latest: Option<&'a Snapshot>,
    pub outbox: &'a mut Vec<Command>,
    pub status: &'a mut Status,
    pub requests: &'a mut Requests,
}

impl Cx<'_> {
    /// Queues `command` for the trainer (sent at the end of the frame, never blocking).
    pub fn send(&mut self, command: Command) {
        self.outbox.push(command);
    }

    pub fn set_playing(&mut self, playing: bool) {
        self.settings.playing = playing;
        self.send(if playing {
            Command::Play
        } else {
            Command::Pause
        });
    }

    pub fn set_beta(&mut self, beta: Beta) {
        self.settings.beta = beta;
        self.send(Command::SetBeta(beta));
    }

    pub fn set_hyper(&mut self, hyper: Hyper) {
        self.settings.hyper = hyper;
        self.send(Command::SetHyper(hyper));
    }

    /// Fresh data and weights from `seed`.
    pub fn reset(&mut self, seed: u64) {
        self.settings.seed = seed;
        self.send(Command::Reset { seed });
    }

    /// Trains `model` alongside the others (and draws it large: a model just ticked is the
    /// one the user wants to look at), or pauses it (its weights are kept).
    pub fn set_enabled(&mut self, model: ModelId, enabled: bool) {
        self.settings.set_enabled(model, enabled);
        self.send(Command::SetEnabled { model, enabled });
        if enabled {
            self.set_focus(model);
        } else if self.settings.focus == model
            && let Some(next) = self.settings.enabled.first().copied()
        {
            self.set_focus(next);
        }
    }

    /// Places the inspector's probe y′ (`None` closes it); the trainer answers it with the
    /// focused model.
    pub fn set_probe(&mut self, probe: Option<[f32; 2]>) {
        if self.settings.probe != probe {
            self.settings.probe = probe;
            self.send(Command::SetProbe(probe));
        }
    }

    /// Draws conditional models at the input `x`.
    pub fn set_slice(&mut self, x: f32) {
        if self.settings.slice != x {
            self.settings.slice = x;
            self.send(Command::SetSlice(x));
        }
    }

    /// Draws `model` large (it gets the full-resolution surface).
    pub fn set_focus(&mut self, model: ModelId) {
        if self.settings.focus != model {
            self.settings.focus = model;
            self.send(Command::Focus(model));
        }
    }

    /// Replaces the training data. `refit` moves the view and the energy grid to the new
    /// points (not while drawing: the plot must stay put under the pen).
    pub fn set_data(&mut self, source: DataSource, refit: bool) {
        let points = source.points(self.settings.seed);
        self.settings.data = source.clone();
        self.send(Command::SetData(source));
        if refit {
            let grid = GridSpec::fitted(Extent::around(&points));
            if grid != self.settings.grid {
                self.settings.grid = grid;
                self.send(Command::SetGrid(grid));
            }
            self.requests.fit_view = Some(grid.extent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx_parts() -> (Settings, ViewOptions, Vec<Command>, Status, Requests) {
        (
            Settings::default().with_models(&[ModelId::Ellipse, ModelId::Ae]),
            ViewOptions::default(),
            Vec::new(),
            Status::default(),
            Requests::default(),
        )
    }

    #[test]
    fn enabling_a_model_focuses_it_and_disabling_the_focus_moves_it() {
        let (mut settings, mut view, mut outbox, mut status, mut requests) = cx_parts();
        let mut cx = Cx {
            settings: &mut settings,
            view: &mut view,
            latest: None,
            outbox: &mut outbox,
            status: &mut status,
            requests: &mut requests,
        };
        cx.set_enabled(ModelId::Gan, true);
        assert_eq!(cx.settings.focus, ModelId::Gan);
        cx.set_enabled(ModelId::Gan, false);
        assert_eq!(cx.settings.focus, ModelId::Ellipse);
        assert_eq!(cx.settings.enabled, vec![ModelId::Ellipse, ModelId::Ae]);
        assert_eq!(
            outbox,
            vec![
                Command::SetEnabled {
                    model: ModelId::Gan,
                    enabled: true
                },
                Command::Focus(ModelId::Gan),
                Command::SetEnabled {
                    model: ModelId::Gan,
                    enabled: false
                },
                Command::Focus(ModelId::Ellipse),
            ]
        );
    }
}
