//! The inference lab through the real window: the tab, a click that places the probe, a drag
//! that moves it, *Infer*, closing, and the too-hot lesson's two buttons.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{EnergyLabApp, MainView};
use energy_lab::energy::Beta;
use energy_lab::models::ModelId;

use super::{app_with, step_until};

/// Presses and releases the primary button at `from`, moving to `to` in between.
fn press_move_release(harness: &mut Harness<'_, EnergyLabApp>, from: egui::Pos2, to: egui::Pos2) {
    harness.drag_at(from);
    harness.step();
    if to != from {
        harness.hover_at(to);
        harness.step();
    }
    harness.drop_at(to);
    harness.step();
}

#[test]
fn the_inference_lab_places_moves_and_infers_a_probe() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(
            |ui, app: &mut EnergyLabApp| app.ui(ui),
            app_with(vec![ModelId::Ellipse]),
        );
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());
    harness.get_by_label("Inference lab").click();
    harness.step();
    assert_eq!(harness.state().view.main, MainView::Inference);
    assert!(harness.state().settings.probe.is_none());
    harness.get_by_label_contains("Click a point of the plot");

    // Inside the focused plot, away from the data: a click places the probe there.
    let at = egui::pos2(600.0, 300.0);
    press_move_release(&mut harness, at, at);
    let placed = harness
        .state()
        .settings
        .probe
        .expect("a click places the probe");
    step_until(&mut harness, "the trainer's answer", |a| {
        a.latest()
            .and_then(|s| s.focused())
            .and_then(|v| v.landscape.probe.as_ref())
            .is_some_and(|p| p.probe == placed)
    });
    harness.get_by_label("voters e^H");

    // A drag that starts on the probe moves it, right and down; the plot does not pan.
    press_move_release(&mut harness, at, at + egui::vec2(40.0, 30.0));
    let moved = harness.state().settings.probe.unwrap();
    assert!(
        moved[0] > placed[0] && moved[1] < placed[1],
        "{placed:?} → {moved:?}"
    );

    harness.get_by_label("Infer").click();
    step_until(&mut harness, "the descents", |a| {
        !a.descent_ends().is_empty()
    });
    assert!(harness.state().descent_ends().iter().all(|z| z.len() == 1));

    harness.get_by_label("Close").click();
    harness.step();
    assert!(harness.state().settings.probe.is_none());

    // The lesson: too hot, then back to zero temperature.
    harness.get_by_label("Too hot: train at β = 0.1").click();
    harness.step();
    let s = &harness.state().settings;
    assert_eq!((s.beta, s.hyper.train_at_beta), (Beta::Finite(0.1), true));
    harness.get_by_label("Back to β = ∞").click();
    harness.step();
    assert_eq!(harness.state().settings.beta, Beta::Infinite);
}
