//! Keyboard shortcuts: Space play/pause, S screenshot, R reset, Ctrl+Z undo the last stroke.

use eframe::egui;

use super::{EnergyLabApp, cx, screenshot};

impl EnergyLabApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let undo = ctx.input_mut(|i| {
            i.consume_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND,
                egui::Key::Z,
            ))
        });
        let (space, s, r) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::Space),
                i.key_pressed(egui::Key::S),
                i.key_pressed(egui::Key::R),
            )
        });
        let panels = &mut self.panels;
        let mut cx = cx!(self);
        if space {
            let playing = !cx.settings.playing;
            cx.set_playing(playing);
        }
        if s {
            cx.requests.screenshot = Some(screenshot::default_path(std::time::SystemTime::now()));
        }
        if r {
            panels.transport.reset(&mut cx);
        }
        if undo {
            panels.data.undo_drawing(&mut cx);
        }
    }
}
