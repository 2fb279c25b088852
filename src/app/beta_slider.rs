//! The temperature slider: log scale in half-decade steps with the course's marks, and an
//! "∞ (zero temperature)" end stop.
//!
//! The slider runs over a position p ∈ [0, 5]: β = 10^(p/2 − 1) for p ≤ 4 (0.1 … 10), and the
//! last segment is a detent — past p = 4.5 the value snaps to β = ∞. Near each whole p the
//! value snaps to the course's mark exactly (0.1, 0.3, 1, 3.2, 10: the course rounds its
//! half-decades), so the β family never shows a near-duplicate of a mark's curve.

use eframe::egui::{self, Align2, FontId, Response, Ui};

use crate::energy::Beta;

const LAST_FINITE: f64 = 4.0;
const INFINITE_AT: f64 = 5.0;
/// How close to a mark (in position units, a half-decade each) the slider snaps onto it.
const SNAP: f64 = 0.12;

/// The finite marks and their positions: 0, 1, 2, 3, 4.
fn finite_marks() -> impl Iterator<Item = (f64, Beta)> {
    Beta::COURSE_MARKS
        .into_iter()
        .filter(|b| !b.is_infinite())
        .enumerate()
        .map(|(i, b)| (i as f64, b))
}

pub fn position_from_beta(beta: Beta) -> f64 {
    if let Some((p, _)) = finite_marks().find(|(_, mark)| *mark == beta) {
        return p;
    }
    match beta {
        Beta::Infinite => INFINITE_AT,
        Beta::Finite(b) => (2.0 * (f64::from(b).log10() + 1.0)).clamp(0.0, LAST_FINITE),
    }
}

pub fn beta_from_position(p: f64) -> Beta {
    if p > 0.5 * (LAST_FINITE + INFINITE_AT) {
        return Beta::Infinite;
    }
    let p = p.clamp(0.0, LAST_FINITE);
    match finite_marks().find(|(at, _)| (p - at).abs() <= SNAP) {
        Some((_, mark)) => mark,
        None => Beta::Finite(10f64.powf(p / 2.0 - 1.0) as f32),
    }
}

/// Draws the slider; returns its response (`changed()` when β moved).
pub fn beta_slider_ui(ui: &mut Ui, beta: &mut Beta) -> Response {
    // A scope so the widened rail (room for the six tick labels) does not leak into the
    // panel's other sliders.
    ui.scope(|ui| {
        ui.spacing_mut().slider_width = (ui.available_width() - 24.0).max(160.0);
        let mut p = position_from_beta(*beta);
        let response = ui.add(
            egui::Slider::new(&mut p, 0.0..=INFINITE_AT)
                .show_value(false)
                .smart_aim(false)
                .text("β"),
        );
        if response.changed() {
            let snapped = beta_from_position(p);
            if snapped != *beta {
                *beta = snapped;
            }
        }
        marks_ui(ui, &response);
        ui.label(match *beta {
            Beta::Infinite => "β = ∞ (zero temperature)".to_owned(),
            Beta::Finite(b) => format!("β = {b:.3}   (T = {:.3})", 1.0 / b),
        });
        response
    })
    .inner
}

/// Tick labels under the rail, at the positions of the course's marks.
fn marks_ui(ui: &mut Ui, slider: &Response) {
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(slider.rect.width(), 14.0), egui::Sense::hover());
    // The rail: the slider's rect minus the handle radius at both ends, without the text label.
    let rail_width = ui.spacing().slider_width;
    let handle = slider.rect.height() / 2.5;
    let left = slider.rect.left() + handle;
    let span = rail_width - 2.0 * handle;
    let painter = ui.painter();
    let labels = ["0.1", "0.3", "1", "3.2", "10", "∞"];
    for (mark, label) in Beta::COURSE_MARKS.into_iter().zip(labels) {
        let t = (position_from_beta(mark) / INFINITE_AT) as f32;
        painter.text(
            egui::pos2(left + t * span, rect.center().y),
            Align2::CENTER_CENTER,
            label,
            FontId::proportional(11.0),
            ui.visuals().weak_text_color(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_sit_on_half_decades_and_the_end_stop_is_infinite() {
        assert!(position_from_beta(Beta::Finite(0.1)).abs() < 1e-6);
        assert!((position_from_beta(Beta::Finite(1.0)) - 2.0).abs() < 1e-9);
        assert!((position_from_beta(Beta::Finite(10.0)) - 4.0).abs() < 1e-9);
        assert_eq!(position_from_beta(Beta::Infinite), 5.0);
        assert_eq!(beta_from_position(5.0), Beta::Infinite);
        assert_eq!(beta_from_position(4.6), Beta::Infinite);
        assert_eq!(beta_from_position(4.4), Beta::Finite(10.0));
        // The course's marks exactly, at and near their positions, and back.
        for mark in Beta::COURSE_MARKS {
            let p = position_from_beta(mark);
            for nudge in [-0.1, 0.0, 0.1] {
                assert_eq!(
                    beta_from_position(p + nudge),
                    mark,
                    "{mark} at {p} + {nudge}"
                );
            }
        }
        assert_eq!(beta_from_position(1.0), Beta::Finite(0.3));
        assert_eq!(beta_from_position(3.0), Beta::Finite(3.2));
        assert_eq!(position_from_beta(Beta::Finite(3.2)), 3.0);
        // Between the marks β glides: the slider melts the surface continuously.
        let Beta::Finite(b) = beta_from_position(2.5) else {
            panic!()
        };
        assert!((b - 10f32.powf(0.25)).abs() < 1e-5, "{b}");
    }
}
