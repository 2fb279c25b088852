//! Lessons and blocks through the real window: the *Lessons* menu sets a lesson up, its
//! caption steps to the next and back, and the lesson is kept with the view (so in sessions);
//! the *Blocks* tab lays out the focused model's diagram with the models chosen to compare.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{EnergyLabApp, MainView};
use energy_lab::energy::Beta;
use energy_lab::models::ModelId;

use super::{app, step_until};

#[test]
fn the_lessons_menu_sets_up_each_lesson_and_the_caption_steps_through_them() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app());
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());
    harness.get_by_label("Lessons").click();
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label("3. Too hot: the latent dies").click();
    harness.step();
    let a = harness.state();
    assert_eq!(a.view.lesson, Some(3));
    assert_eq!(a.settings.beta, Beta::Finite(0.1));
    assert!(a.settings.hyper.train_at_beta && a.settings.enabled == vec![ModelId::Ellipse]);
    assert!(harness.query_by_label_contains("Lesson 3 of 10").is_some());
    // Next: the horn, two conditional models on the horn's rows, in 3-D at x = 0.5.
    harness.get_by_label("Next ▶").click();
    harness.step();
    let a = harness.state();
    assert_eq!(a.view.lesson, Some(4));
    assert_eq!(a.view.main, MainView::ThreeD);
    assert_eq!(a.settings.enabled, vec![ModelId::HornLv, ModelId::Mse]);
    assert!(
        a.settings.data.label().starts_with("horn:") && a.settings.data.label().ends_with(",all"),
        "{}",
        a.settings.data.label()
    );
    assert_eq!(a.settings.slice, 0.5);
    step_until(&mut harness, "the horn's models training", |a| {
        a.latest()
            .is_some_and(|s| s.view(ModelId::HornLv).is_some_and(|v| v.step > 5))
    });
    // The lesson is part of the view the sessions keep.
    let stored = serde_json::to_value(harness.state().view).unwrap();
    assert_eq!(stored["lesson"], 4);
    // Back, and the over-complete AE: its knobs are set on the card.
    harness.get_by_label("◀ Previous").click();
    harness.step();
    assert_eq!(harness.state().view.lesson, Some(3));
    harness.state_mut().start_lesson(5);
    step_until(&mut harness, "the AE with a 2-D affine code", |a| {
        a.latest()
            .and_then(|s| s.view(ModelId::Ae))
            .is_some_and(|v| {
                v.params.contains(&("code", 2.0)) && v.params.contains(&("depth", 0.0))
            })
    });
    harness.get_by_label("Close lesson").click();
    harness.step();
    assert_eq!(harness.state().view.lesson, None);
}

#[test]
fn the_blocks_tab_draws_the_focused_diagram_and_the_models_to_compare() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app());
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());
    harness.get_by_label("Blocks").click();
    harness.step();
    assert_eq!(harness.state().view.main, MainView::Blocks);
    assert!(
        harness
            .query_by_label_contains("Click the plot to place a probe")
            .is_some()
    );
    // Compare with the VAE and the GAN: their contrasts appear under the diagrams.
    for key in ["vae", "gan"] {
        harness.get_by_label(key).click();
        harness.step();
    }
    assert!(harness.query_by_label_contains("ellipse vs vae").is_some());
    assert!(
        harness
            .query_by_label_contains("vae vs gan: The decoder and the generator are the same block")
            .is_some()
    );
}
