//! Taking in what the trainer sends: the newest snapshot (loss increments, messages, the β
//! latency) and the heatmaps it changes.

use eframe::egui;

use super::EnergyLabApp;

impl EnergyLabApp {
    pub(super) fn receive(&mut self, ctx: &egui::Context) {
        self.watch_trainer();
        let Some(snapshot) = self.trainer.try_latest() else {
            if self.heatmap_stale {
                self.refresh_heatmaps(ctx, true);
            }
            return;
        };
        for view in &snapshot.models {
            self.panels.entry(view.model).or_default().absorb(view);
            if let Some(error) = &view.error {
                self.message = Some((error.clone(), true));
            }
            self.pending_knobs.retain(|(model, key), value| {
                *model != view.model
                    || view.notice.is_none()
                        && view.params.iter().all(|(k, v)| k != key || v != value)
            });
        }
        if let Some((beta, sent)) = self.beta_sent
            && snapshot.beta == beta
        {
            self.latency_ms = Some(sent.elapsed().as_secs_f32() * 1000.0);
            self.beta_sent = None;
        }
        if let Some(before) = &self.latest
            && before.backend.kind != snapshot.backend.kind
        {
            // The GPU failed and training moved to the CPU: say so where the user looks.
            self.message = Some((snapshot.backend.reason.clone(), true));
        }
        self.latest = Some(snapshot);
        let all = self.heatmap_stale;
        self.refresh_heatmaps(ctx, all);
    }

    /// Redraws the heatmaps whose view changed (`all`: every one, after a view or colour
    /// setting changed). Small multiples are resent unchanged between refreshes: skipping
    /// them keeps image building and texture uploads off most frames.
    fn refresh_heatmaps(&mut self, ctx: &egui::Context, all: bool) {
        if let Some(s) = &self.latest {
            for view in &s.models {
                let Some(panel) = self.panels.get_mut(&view.model) else {
                    continue;
                };
                if all || panel.drawn != Some(view.revision) {
                    let grid = self.settings.view.grid(view);
                    panel.heatmap.update(ctx, &grid, self.settings.colour_scale);
                    panel.drawn = Some(view.revision);
                }
            }
        }
        self.heatmap_stale = false;
    }
}
