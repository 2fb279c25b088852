//! The keyboard through the real window (egui_kittest, real trainer thread): modifiers and key
//! repeat are respected, Ctrl+S saves, a reset comes back with Ctrl+Z, F1 lists the keys.

use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use super::EnergyLabApp;
use super::kittest_support::{frames_until, harness, pause, settle};
use crate::models::ModelId;

fn step_of(app: &EnergyLabApp) -> Option<u64> {
    app.latest()
        .and_then(|s| s.view(ModelId::Ae))
        .map(|v| v.step)
}

#[test]
fn keys_respect_modifiers_and_repeat_and_a_reset_can_be_undone() {
    let dir = std::env::temp_dir().join(format!("energy-lab-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let session = dir.join("keys.energylab");
    let mut h = harness();
    h.state_mut().panels.files.session_path = session.display().to_string();
    frames_until(&mut h, "training", |a| step_of(a).is_some_and(|s| s >= 30));

    // Space pauses; the step count then holds still.
    pause(&mut h);
    let trained = step_of(h.state()).unwrap();

    // Ctrl+S saves the session and takes no screenshot.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.step();
    assert_eq!(
        h.state().screenshots.in_flight(),
        0,
        "Ctrl+S took a screenshot"
    );
    frames_until(&mut h, "the saved session", |_| session.exists());

    // Ctrl+R and Alt+R reset nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::R);
    h.key_press_modifiers(Modifiers::ALT, Key::R);
    settle(&mut h);
    assert_eq!(step_of(h.state()), Some(trained));

    // A held R (egui marks the presses after the first as repeats) resets once: Ctrl+Z then
    // brings back the trained weights, where a second reset would have kept the fresh ones.
    for _ in 0..4 {
        h.key_down(Key::R);
        h.step();
    }
    h.key_up(Key::R);
    frames_until(&mut h, "the reset", |a| step_of(a) == Some(0));
    settle(&mut h);
    let message = h.state().message().cloned().unwrap_or_default().0;
    assert!(message.contains("Ctrl+Z"), "{message}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    frames_until(&mut h, "the weights back", |a| step_of(a) == Some(trained));
    let message = h.state().message().cloned().unwrap_or_default().0;
    assert!(message.contains("reset undone"), "{message}");
    // Only one reset was kept: a second Ctrl+Z has nothing to bring back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(step_of(h.state()), Some(trained));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn f1_and_question_mark_list_every_shortcut_and_escape_closes_the_list() {
    let mut h = harness();
    h.step();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.key_press(Key::F1);
    h.step();
    h.step();
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
    for (keys, _) in super::shortcuts::SHORTCUTS {
        assert!(h.query_by_label(keys).is_some(), "{keys} not listed");
    }
    h.key_press(Key::Escape);
    h.step();
    h.step();
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.key_press_modifiers(Modifiers::SHIFT, Key::Questionmark);
    h.step();
    h.step();
    assert!(h.query_by_label("Keyboard shortcuts").is_some());
}

#[test]
fn sessions_keep_the_loss_curves_and_csv_exports_write_them() {
    let dir = std::env::temp_dir().join(format!("energy-lab-curves-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let session = dir.join("curves.energylab");
    let mut h = harness();
    h.state_mut().panels.files.session_path = session.display().to_string();
    frames_until(&mut h, "a loss curve", |a| {
        a.panels.side.losses.of(ModelId::Ae).len() >= 20
    });
    pause(&mut h);
    let curve = h.state().panels.side.losses.of(ModelId::Ae).to_vec();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.step();
    frames_until(&mut h, "the saved session", |_| session.exists());

    // The CSV export writes the curve beside the grid: step, then one column per model.
    h.state_mut().export_csv(&dir);
    frames_until(&mut h, "the losses CSV", |_| {
        std::fs::read_dir(&dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with("-losses.csv")
        })
    });
    let csv = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-losses.csv"))
        .unwrap();
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("step,ae"));
    let rows: Vec<[f64; 2]> = lines
        .map(|l| {
            let (s, v) = l.split_once(',').unwrap();
            [s.parse().unwrap(), v.parse().unwrap()]
        })
        .collect();
    assert_eq!(rows, curve, "the curve as the window drew it");

    // A new window opening the session shows the curve it was saved with.
    let mut fresh = harness();
    pause(&mut fresh);
    fresh
        .state_mut()
        .trainer
        .send(crate::trainer::Command::LoadSession(session));
    frames_until(&mut fresh, "the session's curve", |a| {
        a.panels.side.losses.of(ModelId::Ae).len() >= curve.len()
    });
    let restored = fresh.state().panels.side.losses.of(ModelId::Ae);
    assert_eq!(restored[..curve.len()], curve[..]);
    let _ = std::fs::remove_dir_all(&dir);
}
