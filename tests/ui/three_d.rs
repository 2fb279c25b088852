//! The horn's views through the real window: the slice slider moves where conditional models
//! are drawn, and the 3-D view turns with a drag, zooms with the wheel and resets.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{AppOptions, EnergyLabApp, MainView, Outcome};
use energy_lab::backend::BackendChoice;
use energy_lab::data::DataSource;
use energy_lab::models::ModelId;
use energy_lab::settings::Settings;
use energy_lab::trainer::TrainerHandle;
use energy_lab::view3d::Camera;

use super::step_until;

fn horn_app() -> EnergyLabApp {
    let mut settings = Settings::default().with_models(&[ModelId::HornLv, ModelId::Mse]);
    settings.data = DataSource::Set("horn:all,n=200".parse().unwrap());
    let options = AppOptions {
        settings,
        backend: BackendChoice::Cpu,
        ..AppOptions::default()
    };
    let trainer = TrainerHandle::spawn(
        EnergyLabApp::trainer_config(&options),
        std::sync::Arc::new(|| {}),
    )
    .unwrap();
    EnergyLabApp::with_trainer(trainer, options, Outcome::default())
}

#[test]
fn the_slice_moves_and_the_three_d_view_turns() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1000.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), horn_app());
    step_until(&mut harness, "the first surface", |a| {
        a.latest().is_some_and(|s| s.inputs.is_some())
    });
    // The slice: type x = 0.75 into the slider's value; the conditional views follow.
    let slider = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "slice x")
        .rect();
    harness.drag_at(slider.left_center() + egui::vec2(2.0, 0.0));
    harness.step();
    harness.hover_at(slider.right_center());
    harness.step();
    harness.drop_at(slider.right_center());
    step_until(&mut harness, "views at the new x", |a| {
        let x = a.settings.slice;
        x > 0.5
            && a.latest()
                .and_then(|s| s.focused())
                .is_some_and(|v| v.landscape.at.x == Some(x))
    });

    harness.get_by_label("3-D").click();
    harness.step();
    assert_eq!(harness.state().view.main, MainView::ThreeD);
    harness.get_by_label("horn (x, y₁, y₂)");
    let before = harness.state().camera_3d();
    assert_eq!(before, Camera::default());
    let centre = egui::pos2(650.0, 500.0);
    harness.drag_at(centre);
    harness.step();
    harness.hover_at(centre + egui::vec2(100.0, -50.0));
    harness.step();
    harness.drop_at(centre + egui::vec2(100.0, -50.0));
    harness.step();
    let turned = harness.state().camera_3d();
    assert!(
        turned.azimuth != before.azimuth && turned.elevation != before.elevation,
        "a drag turns the view: {turned:?}"
    );
    harness.get_by_label("Reset view").click();
    harness.step();
    assert_eq!(harness.state().camera_3d(), Camera::default());
    harness.get_by_label("surface (height field)").click();
    harness.step();
    harness.get_by_label_contains("height and colour on the log scale");
}
