//! The left panel: the model list and card, transport, and the foldable sections.

use eframe::egui;

use super::{EnergyLabApp, cx, panels};

impl EnergyLabApp {
    /// The left panel, top to bottom.
    pub(super) fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(4.0);
        ui.heading("energy-lab");
        self.trainer_failure_ui(ui);
        let p = &mut self.panels;
        let mut cx = cx!(self);
        p.models.list_ui(ui, &mut cx);
        ui.separator();
        p.models.card_ui(ui, &mut cx);
        ui.separator();
        p.transport.ui(ui, &mut cx, p.data.draw_depth());
        ui.separator();
        // Foldable, so the window fits 1280 × 800; which are open is kept with the view.
        let mut open = cx.view.sections;
        section_ui(ui, &mut open.data, "Data", |ui| p.data.ui(ui, &mut cx));
        section_ui(ui, &mut open.temperature, "Temperature", |ui| {
            panels::controls::temperature_ui(ui, &mut cx);
        });
        section_ui(
            ui,
            &mut open.optimiser,
            "Optimiser (Adam, every model)",
            |ui| {
                panels::controls::optimiser_ui(ui, &mut cx);
            },
        );
        section_ui(ui, &mut open.view, "View", |ui| {
            panels::controls::view_ui(ui, &mut cx);
        });
        section_ui(ui, &mut open.files, "Session and export", |ui| {
            p.files.ui(ui, &mut cx);
        });
        cx.view.sections = open;
        ui.separator();
        ui.weak(
            "Space  play / pause · R  reset · S  screenshot · ?  every shortcut\n\
             Hover the plot: manifold points take e^(−βE(y′, z)) for the point y′ under the cursor.",
        );
    }
}

/// A foldable section of the left panel; `open` follows the user's clicks on its header.
fn section_ui(ui: &mut egui::Ui, open: &mut bool, title: &str, add: impl FnOnce(&mut egui::Ui)) {
    let response = egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .id_salt(title)
        .open(Some(*open))
        .show(ui, add);
    if response.header_response.clicked() {
        *open = !*open;
    }
}
