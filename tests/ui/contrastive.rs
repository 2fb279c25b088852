//! Contrastive learning in the window: each card names its family, the EBM's loss functional is
//! a live drop-down, and the *Samples* layer's particles follow e^{−β·F_β} at the slider's β —
//! close to the density at β = 10, collapsed onto the manifold at β = ∞.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::EnergyLabApp;
use energy_lab::energy::Beta;
use energy_lab::models::ModelId;

use super::{app_with, step_until};

#[test]
fn samples_follow_the_slider_and_the_ebm_card_offers_its_losses() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(
            |ui, app: &mut EnergyLabApp| app.ui(ui),
            app_with(vec![ModelId::Ellipse, ModelId::Ebm]),
        );
    step_until(&mut harness, "the first surface", |a| {
        a.latest().is_some_and(|s| s.models.len() == 2)
    });
    assert!(
        harness
            .query_by_label_contains(
                "Architectural / regularised: the low-energy volume is limited by the latent grid"
            )
            .is_some()
    );
    // Let the ellipse learn, then hold it still and sample its F_β at β = 10.
    step_until(&mut harness, "training", |a| {
        a.latest().is_some_and(|s| s.min_step() > 300)
    });
    harness.get_by_label("Pause").click();
    harness.state_mut().set_beta(Beta::Finite(10.0));
    harness
        .get_by_label("samples at β: Langevin on e^(−β·surface)")
        .click();
    step_until(&mut harness, "samples close to e^(−10·F_β)", |a| {
        a.gibbs_samples().is_some_and(|s| {
            s.fit
                .is_some_and(|(beta, fit)| beta == Beta::Finite(10.0) && fit.tv < fit.floor + 0.1)
        })
    });
    let particles = harness.state().gibbs_samples().unwrap().particles;
    assert_eq!(particles.len(), 1000);
    // β = ∞: the particles descend onto the 48 manifold points.
    harness.state_mut().set_beta(Beta::Infinite);
    step_until(&mut harness, "particles on the manifold", |a| {
        let Some(manifold) = a
            .latest()
            .and_then(|s| s.focused())
            .map(|v| v.landscape.manifold.clone())
        else {
            return false;
        };
        let particles = a.gibbs_samples().unwrap().particles;
        let near = particles
            .iter()
            .filter(|p| {
                manifold
                    .iter()
                    .any(|m| (m[0] - p[0]).hypot(m[1] - p[1]) < 0.06)
            })
            .count();
        near as f32 > 0.95 * particles.len() as f32
    });
    // The EBM's card: its family, and the loss functional as a drop-down the trainer obeys.
    harness.state_mut().set_focus(ModelId::Ebm);
    harness.step();
    assert!(
        harness
            .query_by_label_contains("Contrastive: pushes energy up on the negatives ŷ")
            .is_some()
    );
    harness.state_mut().set_param(ModelId::Ebm, "loss", 1.0);
    step_until(&mut harness, "the hinge loss", |a| {
        a.latest()
            .and_then(|s| s.view(ModelId::Ebm))
            .is_some_and(|v| v.params.iter().any(|(k, v)| *k == "loss" && *v == 1.0))
    });
    harness.step();
    assert!(
        harness.query_by_label_contains("hinge").is_some(),
        "the drop-down names it"
    );
    assert!(
        harness.query_by_label("[m + E(y) − E(ŷ)]⁺").is_some(),
        "and shows its formula"
    );
}
