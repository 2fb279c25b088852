//! Keyboard shortcuts. Plain keys act only with no modifier held (Ctrl+S must not take a
//! screenshot) and no shortcut acts on a key repeat (a held R must not reset again and again);
//! file actions take Ctrl (⌘ on macOS). `?` or F1 lists them all over the window.

use eframe::egui::{self, Key, Modifiers};

use super::dialogs::Purpose;
use super::{EnergyLabApp, cx};

/// Every shortcut, as the help overlay lists it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("S", "screenshot of the window, into the screenshots folder"),
    (
        "R",
        "reset: new data and weights from the seed (Ctrl+Z brings the weights back)",
    ),
    ("Ctrl+Z", "undo the last stroke, or the last reset"),
    ("Ctrl+S", "save the session"),
    ("Ctrl+Shift+S", "save the session as…"),
    ("Ctrl+O", "open a session…"),
    (
        "Ctrl+E",
        "export the figure chosen under Files, into the figures folder",
    ),
    ("Ctrl+Shift+E", "export the figure as…"),
    ("? or F1", "this list (Esc closes it)"),
];

/// What a key press asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    PlayPause,
    Screenshot,
    Reset,
    Undo,
    Save,
    SaveAs,
    Open,
    ExportFigure,
    ExportFigureAs,
    Help,
}

/// The action of one key press, if any.
pub fn action_of(key: Key, modifiers: Modifiers, repeat: bool) -> Option<Action> {
    if repeat {
        return None;
    }
    let plain = modifiers.is_none();
    let command = modifiers.command_only();
    let command_shift = modifiers.matches_exact(Modifiers::COMMAND.plus(Modifiers::SHIFT));
    Some(match key {
        Key::Space if plain => Action::PlayPause,
        Key::S if plain => Action::Screenshot,
        Key::R if plain => Action::Reset,
        Key::Z if command => Action::Undo,
        Key::S if command => Action::Save,
        Key::S if command_shift => Action::SaveAs,
        Key::O if command => Action::Open,
        Key::E if command => Action::ExportFigure,
        Key::E if command_shift => Action::ExportFigureAs,
        Key::F1 if plain => Action::Help,
        // `?` is typed with Shift on most layouts.
        Key::Questionmark if plain || modifiers.shift_only() => Action::Help,
        _ => return None,
    })
}

/// The overlay's state: open or not.
#[derive(Default)]
pub struct HelpOverlay {
    pub open: bool,
}

impl HelpOverlay {
    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("energy-lab shortcuts")).show(ctx, |ui| {
            ui.heading("Keyboard shortcuts");
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
            ui.add_space(6.0);
            ui.label("Plain keys act only while no text field has the keyboard.");
            ui.button("Close").clicked()
        });
        if modal.inner || modal.should_close() {
            self.open = false;
        }
    }
}

impl EnergyLabApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let actions: Vec<Action> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|event| match event {
                    egui::Event::Key {
                        key,
                        pressed: true,
                        repeat,
                        modifiers,
                        ..
                    } => action_of(*key, *modifiers, *repeat),
                    _ => None,
                })
                .collect()
        });
        for action in actions {
            // A text field keeps its own keys (Space, S, Ctrl+Z); the file shortcuts still work.
            let plain = matches!(
                action,
                Action::PlayPause
                    | Action::Screenshot
                    | Action::Reset
                    | Action::Undo
                    | Action::Help
            );
            if typing && plain {
                continue;
            }
            self.act(action);
        }
    }

    fn act(&mut self, action: Action) {
        let panels = &mut self.panels;
        let mut cx = cx!(self);
        match action {
            Action::PlayPause => {
                let playing = !cx.settings.playing;
                cx.set_playing(playing);
            }
            Action::Screenshot => cx.requests.screenshot = true,
            Action::Reset => {
                let strokes = panels.data.draw_depth();
                panels.transport.reset(&mut cx, strokes);
            }
            // Strokes drawn after a reset go first; then the reset itself.
            Action::Undo => {
                if !panels
                    .transport
                    .undo_reset(&mut cx, panels.data.draw_depth())
                {
                    panels.data.undo_drawing(&mut cx);
                }
            }
            Action::Save => panels.files.save_session_here(&mut cx),
            Action::SaveAs => cx.requests.dialog = Some(Purpose::SaveSessionAs),
            Action::Open => cx.requests.dialog = Some(Purpose::OpenSession),
            Action::ExportFigure => panels.files.export_chosen_figure(&mut cx),
            Action::ExportFigureAs => cx.requests.dialog = Some(Purpose::ExportFigureAs),
            Action::Help => panels.help.open = !panels.help.open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_need_no_modifier_and_no_repeat() {
        assert_eq!(
            action_of(Key::S, Modifiers::NONE, false),
            Some(Action::Screenshot)
        );
        assert_eq!(
            action_of(Key::S, Modifiers::COMMAND, false),
            Some(Action::Save)
        );
        assert_eq!(
            action_of(Key::S, Modifiers::COMMAND.plus(Modifiers::SHIFT), false),
            Some(Action::SaveAs)
        );
        assert_eq!(
            action_of(Key::E, Modifiers::COMMAND.plus(Modifiers::SHIFT), false),
            Some(Action::ExportFigureAs)
        );
        assert_eq!(action_of(Key::E, Modifiers::NONE, false), None);
        assert_eq!(action_of(Key::R, Modifiers::COMMAND, false), None);
        assert_eq!(action_of(Key::R, Modifiers::ALT, false), None);
        assert_eq!(action_of(Key::R, Modifiers::NONE, true), None, "a held R");
        assert_eq!(
            action_of(Key::R, Modifiers::NONE, false),
            Some(Action::Reset)
        );
        assert_eq!(action_of(Key::S, Modifiers::SHIFT, false), None);
        assert_eq!(
            action_of(Key::Questionmark, Modifiers::SHIFT, false),
            Some(Action::Help)
        );
        assert_eq!(
            action_of(Key::F1, Modifiers::NONE, false),
            Some(Action::Help)
        );
        assert_eq!(
            action_of(Key::E, Modifiers::COMMAND, false),
            Some(Action::ExportFigure)
        );
        assert_eq!(
            action_of(Key::O, Modifiers::COMMAND, false),
            Some(Action::Open)
        );
    }

    #[test]
    fn every_action_is_listed_in_the_overlay() {
        for keys in [
            "Space",
            "S",
            "R",
            "Ctrl+Z",
            "Ctrl+S",
            "Ctrl+Shift+S",
            "Ctrl+O",
            "Ctrl+E",
        ] {
            assert!(SHORTCUTS.iter().any(|(k, _)| *k == keys), "{keys}");
        }
    }
}
