//! What the window starts with: the command line's choices and the context's look.

use std::path::PathBuf;

use eframe::egui;

use super::{AutoScreenshot, ViewOptions};
use crate::backend::BackendChoice;
use crate::settings::Settings;

/// Context-wide settings: the course's dark background, and Hack as a fallback font for the
/// proportional text, since Ubuntu Light (egui's default) has no ‖, ∇, ỹ, ′ or →.
pub fn setup_context(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Dark);
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Start-up options from the command line.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The run: its models (the first drawn large), data, seed, β and learning rate.
    pub settings: Settings,
    /// How the window draws at start (a non-scripted window then takes the stored view).
    pub view: ViewOptions,
    /// The 3-D view turns by itself (`--spin`).
    pub spin: bool,
    pub backend: BackendChoice,
    pub auto_screenshot: Option<AutoScreenshot>,
    /// A session to open at start (`--session`).
    pub session: Option<PathBuf>,
    /// Where to autosave (every few minutes and on exit); `None`: never (scripted runs, tests).
    pub autosave: Option<PathBuf>,
    /// An autosave of a previous run, offered at start.
    pub offer: Option<PathBuf>,
    /// A lesson to set up at start (`--lesson N`, 1-based).
    pub lesson: Option<usize>,
}
