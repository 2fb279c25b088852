//! The inspector's numbers: where y′ is, ž, E(y′, ž) = F_∞, F_β, how many latents vote, and
//! for an amortised model the encoder's guess and what it costs.

use eframe::egui::{self, RichText, Ui};

use crate::energy::beta;
use crate::inference::{Inspection, ProbeAnswer};
use crate::trainer::ModelView;

/// A latent point as text: one number for a 1-D latent, a tuple beyond.
pub fn fmt_z(z: &[f32]) -> String {
    match z {
        [one] => format!("{one:.3}"),
        many => {
            let parts: Vec<String> = many.iter().map(|v| format!("{v:.2}")).collect();
            format!("({})", parts.join(", "))
        }
    }
}

pub fn numbers_ui(
    ui: &mut Ui,
    view: &ModelView,
    i: &Inspection,
    answer: Option<&ProbeAnswer>,
    snapped: Option<usize>,
) {
    let latent = view.landscape.latent.as_ref();
    let z_star = latent
        .map(|l| fmt_z(&l.point(i.argmin)))
        .unwrap_or_default();
    let where_ = match snapped {
        Some(n) => format!("  data #{n}"),
        None => String::new(),
    };
    let rows: Vec<(String, String)> = vec![
        (
            "y′".into(),
            format!("({:.3}, {:.3}){where_}", i.probe[0], i.probe[1]),
        ),
        (
            "ž (grid)".into(),
            format!("{z_star}  E = F_∞ = {:.4}", i.f_inf),
        ),
        match answer {
            Some(a) => (
                "ž (descent)".into(),
                format!("{}  E = {:.4}", fmt_z(&a.argmin.z), a.argmin.energy),
            ),
            None => ("ž (descent)".into(), "…".into()),
        },
        (
            "F_β(y′)".into(),
            format!("{:.4}  ({})", i.f_beta, beta::label(i.beta)),
        ),
        (
            "voters e^H".into(),
            format!(
                "{:.1} of {}  (H {:.2})",
                i.voters(),
                i.weights.len(),
                i.entropy
            ),
        ),
        (
            "−∇F_β(y′)".into(),
            format!("({:.3}, {:.3})", i.neg_grad[0], i.neg_grad[1]),
        ),
    ];
    let text = |s: String| RichText::new(s).monospace().size(11.0);
    egui::Grid::new("inspector numbers")
        .num_columns(2)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            for (name, value) in rows {
                ui.label(text(name));
                ui.label(text(value));
                ui.end_row();
            }
            if let Some(e) = answer.and_then(|a| a.encoder.as_ref()) {
                ui.label(text("ž_enc = Enc(y′)".into()))
                    .on_hover_text("The encoder's one-shot guess at y′'s latent (the VAE's μ)");
                ui.label(text(format!("{}  E = {:.4}", fmt_z(&e.z), e.energy)));
                ui.end_row();
                if let Some(gap) = answer.and_then(ProbeAnswer::gap) {
                    ui.label(text("amort. gap".into())).on_hover_text(
                        "The amortisation gap E(y′, Dec(Enc(y′))) − E(y′, ž): what the \
                         encoder's one-shot guess costs against searching the latent",
                    );
                    ui.label(text(format!("{gap:.4}")));
                    ui.end_row();
                }
            }
        });
}
