//! Figures are drawn on the trainer thread: it holds the models, so every panel gets the full
//! grid at whatever β it asks for, and the window never waits.

use super::Worker;
use crate::energy::Beta;
use crate::figure::{Figure, FigureError, FigureRequest, Layout, Panel, beta_label, render};
use crate::inference::inspect;
use crate::landscape::compute::Input;
use crate::models::ModelId;
use crate::trainer::model_view::model_view;
use crate::trainer::protocol::{Event, ModelView};
use crate::view3d::horn::horn_scene;
use crate::view3d::surface::surface_scene;

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
        let focus = self.figure_focus()?;
        let beta = self.settings.beta;
        let panel = |id, beta| -> Result<Panel, FigureError> {
            let view = self.full_view(id, beta)?;
            Ok(Panel::new(
                id,
                view.step,
                &view.landscape,
                &self.data,
                request.view,
                request.field.shown(id),
            ))
        };
        Ok(match &request.layout {
            Layout::Focused => Figure::Panels(vec![panel(focus, beta)?]),
            Layout::Betas(betas) => Figure::Panels(
                betas
                    .iter()
                    .map(|b| panel(focus, *b))
                    .collect::<Result<_, _>>()?,
            ),
            Layout::AllModels => Figure::Panels(
                self.zoo
                    .enabled()
                    .map(|s| panel(s.id, beta))
                    .collect::<Result<_, _>>()?,
            ),
            Layout::Inspector(y) => {
                let view = self.full_view(focus, beta)?;
                let land = &view.landscape;
                let latent = land
                    .latent
                    .clone()
                    .ok_or(FigureError::NoLatent(focus.title()))?;
                let mut panel = panel(focus, beta)?;
                let probe = [f64::from(y[0]), f64::from(y[1])];
                panel.probe = inspect(
                    probe,
                    &land.manifold,
                    land.manifold_weights.as_deref(),
                    beta,
                );
                Figure::Inspector {
                    panel: Box::new(panel),
                    latent,
                }
            }
            Layout::ThreeD(camera) => self.three_d(focus, beta, request, camera)?,
            Layout::Family => {
                let view = self.full_view(focus, beta)?;
                Figure::Family {
                    title: format!(
                        "{} · β family F_β(0, y₂) of the decoder manifold · step {} (current {})",
                        focus.title(),
                        view.step,
                        beta_label(beta)
                    ),
                    curves: view.landscape.beta_family,
                }
            }
        })
    }

    /// The model a figure of one model shows: the focused one, else the first enabled.
    pub(super) fn figure_focus(&self) -> Result<ModelId, FigureError> {
        if self.zoo.enabled().any(|s| s.id == self.settings.focus) {
            Ok(self.settings.focus)
        } else {
            Ok(self.zoo.enabled().next().ok_or(FigureError::NoModel)?.id)
        }
    }

    /// The 3-D horn (conditional rows) or the focused model's surface, seen from `camera`.
    fn three_d(
        &self,
        focus: ModelId,
        beta: Beta,
        request: &FigureRequest,
        camera: &crate::view3d::Camera,
    ) -> Result<Figure, FigureError> {
        let (title, scene) = match &self.inputs {
            Some(xs) => {
                let views = self
                    .zoo
                    .enabled()
                    .filter(|s| s.id.spec().inputs == crate::models::spec::Inputs::XY)
                    .map(|s| self.full_view(s.id, beta))
                    .collect::<Result<Vec<_>, _>>()?;
                let tubes: Vec<crate::view3d::horn::Tube<'_>> =
                    views.iter().map(|v| v.landscape.tube.as_slice()).collect();
                let title = format!(
                    "The horn (x, y₁, y₂) coloured by x · manifolds over x · slice x = {:.2}",
                    self.settings.slice
                );
                (
                    title,
                    horn_scene(&self.data, xs, &tubes, self.settings.slice),
                )
            }
            None => {
                let view = self.full_view(focus, beta)?;
                let grid = request.view.grid(focus, &view.landscape);
                let map = request
                    .view
                    .shown(focus)
                    .colour_scale(request.colours)
                    .fit(&grid.values);
                let title = format!(
                    "{} · {} · step {} · height and colour on the {} scale",
                    focus.title(),
                    request.view.name_of(focus, &view.landscape),
                    view.step,
                    request.colours.key()
                );
                let symbol = focus.spec().energy.symbol;
                (title, surface_scene(&grid, &map, &self.data, symbol))
            }
        };
        Ok(Figure::ThreeD {
            title,
            primitives: scene.render(camera),
        })
    }

    /// A focused-size view of `id` at `beta`, computed now.
    fn full_view(&self, id: ModelId, beta: Beta) -> Result<ModelView, FigureError> {
        let slot = self
            .zoo
            .slots()
            .find(|s| s.id == id)
            .ok_or(FigureError::NoModel)?;
        let cx = Input {
            data: &self.data_plain,
            beta,
            grid: self.settings.grid,
            at: self.settings.condition(),
            device: &self.device,
            probe: self.settings.probe,
        };
        model_view(slot, true, false, &cx).map_err(|e| FigureError::Draw(e.to_string()))
    }
}
