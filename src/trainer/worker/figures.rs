//! Figures are drawn on the trainer thread: it holds the models, so every panel gets the full
//! grid at whatever β it asks for, and the window never waits.

use super::Worker;
use crate::energy::Beta;
use crate::figure::{Figure, FigureError, FigureRequest, Layout, Panel, beta_label, render};
use crate::models::ModelId;
use crate::trainer::model_view::{ViewContext, model_view};
use crate::trainer::protocol::{Event, ModelView};

impl Worker {
    pub(super) fn figure(&mut self, request: FigureRequest) {
        let event = match self
            .figure_of(&request)
            .and_then(|figure| render(&figure, &request))
        {
            Ok(()) => Event::FigureWritten {
                path: request.path,
                steps: self.zoo.enabled().map(|s| (s.id, s.step)).collect(),
            },
            Err(e) => Event::Failed {
                action: "figure",
                message: e.to_string(),
            },
        };
        let _ = self.events.send(event);
    }

    fn figure_of(&self, request: &FigureRequest) -> Result<Figure, FigureError> {
        let focus = if self.zoo.enabled().any(|s| s.id == self.focus) {
            self.focus
        } else {
            self.zoo.enabled().next().ok_or(FigureError::NoModel)?.id
        };
        let panel = |id, beta| -> Result<Panel, FigureError> {
            let view = self.full_view(id, beta)?;
            Ok(Panel::new(&view, &self.data, request.view))
        };
        Ok(match &request.layout {
            Layout::Focused => Figure::Panels(vec![panel(focus, self.beta)?]),
            Layout::Betas(betas) => Figure::Panels(
                betas
                    .iter()
                    .map(|b| panel(focus, *b))
                    .collect::<Result<_, _>>()?,
            ),
            Layout::AllModels => Figure::Panels(
                self.zoo
                    .enabled()
                    .map(|s| panel(s.id, self.beta))
                    .collect::<Result<_, _>>()?,
            ),
            Layout::Family => {
                let view = self.full_view(focus, self.beta)?;
                Figure::Family {
                    title: format!(
                        "{} · β family F(0, y₂) · step {} (current {})",
                        focus.title(),
                        view.step,
                        beta_label(self.beta)
                    ),
                    curves: view.beta_family,
                }
            }
        })
    }

    /// A focused-size view of `id` at `beta`, computed now.
    fn full_view(&self, id: ModelId, beta: Beta) -> Result<ModelView, FigureError> {
        let slot = self
            .zoo
            .slots()
            .find(|s| s.id == id)
            .ok_or(FigureError::NoModel)?;
        let cx = ViewContext {
            data: &self.data_plain,
            beta,
            grid: self.grid,
            device: &self.device,
        };
        model_view(slot, true, false, &cx).map_err(|e| FigureError::Draw(e.to_string()))
    }
}
