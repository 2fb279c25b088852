//! Publication figures: the energy surface of one model, one panel per β, every enabled model
//! side by side, or the β family — as PNG (1×, 2×, 4× pixel density) or SVG, in the course's
//! colours on a dark or light background. Drawn with plotters, so no window, GPU or system
//! font is needed: the trainer renders them for the app and for `energy-lab figure` alike.

mod diagram;
pub(crate) mod draw;
mod family;
mod inspector;
#[cfg(test)]
mod render_tests;
mod svg;
mod text;
mod view3d;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::energy::Beta;
use crate::files::{WriteError, write_atomically};
use crate::inference::Inspection;
use crate::landscape::surface::{ArrowLayer, FieldLayer, SurfaceView};
use crate::landscape::{ArrowKind, BetaCurve, EnergyGrid, Landscape};
use crate::models::{LatentGrid, ModelId};
use crate::palette::ColourScale;

/// What the figure shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// The focused model at the current β.
    Focused,
    /// The focused model, one panel per β (the course's temperature sequence).
    Betas(Vec<Beta>),
    /// Every enabled model at the current β.
    AllModels,
    /// The focused model's β family F_β(0, y₂).
    Family,
    /// The inference lab on the point y′: the focused model's votes and E(y′, z).
    Inspector([f32; 2]),
    /// The 3-D view from `Camera`: the horn in (x, y₁, y₂) for conditional data, else the
    /// focused model's surface as a height field.
    ThreeD(crate::view3d::Camera),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    /// The course's look: dark background, white axes.
    #[default]
    Dark,
    Light,
}

impl FromStr for Theme {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "dark" => Ok(Theme::Dark),
            "light" => Ok(Theme::Light),
            other => Err(format!("unknown theme '{other}' (known: dark, light)")),
        }
    }
}

/// PNG or SVG, from the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn of(path: &Path) -> Result<Self, FigureError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => Err(FigureError::UnknownFormat(path.to_owned())),
        }
    }
}

/// The largest figure side in pixels (after the density factor).
pub const MAX_SIDE: u32 = 16_384;

#[derive(Clone, Debug, PartialEq)]
pub struct FigureRequest {
    pub path: PathBuf,
    pub layout: Layout,
    pub view: SurfaceView,
    /// Whether the models' own fields (ỹ − y) are drawn.
    pub field: FieldLayer,
    /// Size in points; `None`: 640 × 440 per panel.
    pub size: Option<(u32, u32)>,
    /// Pixel density of a PNG: 1, 2 or 4 pixels per point. SVG ignores it.
    pub scale: u32,
    pub theme: Theme,
    pub colours: ColourScale,
}

#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    #[error("{0}: a figure is a .png or a .svg file")]
    UnknownFormat(PathBuf),
    #[error("a figure of {0} × {1} pixels is beyond the {MAX_SIDE}-pixel limit")]
    TooLarge(u32, u32),
    #[error("there is nothing to draw: no model is enabled")]
    NoModel,
    #[error("{0} has no latent to infer: the inference lab needs a model with a decoder")]
    NoLatent(&'static str),
    #[error("could not draw the figure: {0}")]
    Draw(String),
    #[error("could not encode the PNG: {0}")]
    Encode(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// One energy plot.
#[derive(Clone, Debug)]
pub struct Panel {
    /// Model, the function shown, β and step.
    pub title: String,
    pub grid: EnergyGrid,
    pub data: Vec<[f32; 2]>,
    /// Points pushed up (red).
    pub hot: Vec<[f32; 2]>,
    /// The last Langevin steps of some hot points (the EBM's chains), oldest first.
    pub trails: Vec<Vec<[f32; 2]>>,
    /// Generated samples ỹ (violet).
    pub samples: Vec<[f32; 2]>,
    pub manifold: Vec<[f32; 2]>,
    /// −∇ of the surface shown.
    pub arrows: ArrowLayer,
    /// The model's own field (ỹ − y), when shown.
    pub field: Option<ArrowLayer>,
    pub arrow_spacing: f32,
    /// The surface shown (its colour scale depends on it).
    pub view: SurfaceView,
    /// The inference lab's probe, when the figure shows it.
    pub probe: Option<Inspection>,
}

impl Panel {
    /// `model`'s landscape at `step`, showing `surface` over `data`, with its own field when
    /// `field` is on.
    pub fn new(
        model: ModelId,
        step: u64,
        landscape: &Landscape,
        data: &[[f32; 2]],
        surface: SurfaceView,
        field: bool,
    ) -> Self {
        Panel {
            title: format!(
                "{} · {} · step {step}",
                model.title(),
                surface.name_of(model, landscape),
            ),
            grid: surface.grid(model, landscape),
            data: data.to_vec(),
            hot: landscape.hot.clone(),
            trails: landscape.trails.clone(),
            samples: landscape.samples.clone(),
            manifold: landscape.manifold.clone(),
            arrows: surface.arrows(model, landscape),
            field: (field && !landscape.field.is_empty()).then(|| ArrowLayer {
                arrows: landscape.field.clone(),
                kind: ArrowKind::Displacement,
                label: "ỹ − y".to_owned(),
            }),
            arrow_spacing: landscape.arrow_spacing,
            view: surface.shown(model),
            probe: None,
        }
    }
}

pub fn beta_label(beta: Beta) -> String {
    crate::energy::beta::label(beta)
}

/// What to draw, before choosing the format.
#[derive(Clone, Debug)]
pub enum Figure {
    Panels(Vec<Panel>),
    Family {
        title: String,
        curves: Vec<BetaCurve>,
    },
    /// One panel with the probe's votes (its `probe` set) beside E(y′, z) over `latent`.
    Inspector {
        panel: Box<Panel>,
        latent: LatentGrid,
    },
    /// A projected 3-D scene, back to front.
    ThreeD {
        title: String,
        primitives: Vec<crate::view3d::Primitive>,
    },
    /// The models' block diagrams on one shared grid.
    Diagram(Vec<crate::models::ModelId>),
}

impl Figure {
    /// The figure's size in points (before the pixel density).
    pub fn size(&self, request: &FigureRequest) -> (u32, u32) {
        if let Some(size) = request.size {
            return size;
        }
        match self {
            Figure::Panels(panels) => {
                let (cols, rows) = grid_shape(panels.len());
                (640 * cols, 440 * rows)
            }
            Figure::Family { .. } => (640, 440),
            Figure::Inspector { .. } => (1100, 460),
            Figure::ThreeD { .. } => (900, 700),
            Figure::Diagram(models) => diagram::size(models),
        }
    }
}

/// Columns and rows for `n` panels: one row up to five (the course's β sequence), then three
/// columns.
pub fn grid_shape(n: usize) -> (u32, u32) {
    let n = n.max(1) as u32;
    if n <= 5 { (n, 1) } else { (3, n.div_ceil(3)) }
}

/// Draws `figure` as `request` asks and writes it atomically.
pub fn render(figure: &Figure, request: &FigureRequest) -> Result<(), FigureError> {
    if matches!(figure, Figure::Panels(p) if p.is_empty())
        || matches!(figure, Figure::Diagram(m) if m.is_empty())
    {
        return Err(FigureError::NoModel);
    }
    let format = Format::of(&request.path)?;
    let (w, h) = figure.size(request);
    let scale = match format {
        Format::Png => request.scale.clamp(1, 4),
        Format::Svg => 1,
    };
    let (pw, ph) = (w.saturating_mul(scale), h.saturating_mul(scale));
    if pw > MAX_SIDE || ph > MAX_SIDE || w < 64 || h < 64 {
        return Err(FigureError::TooLarge(pw, ph));
    }
    // Both backends measure text with the registered fonts (the SVG one to lay out labels).
    draw::register_font()?;
    let vector = format == Format::Svg;
    let style = draw::Style::new(request.theme, scale as f32, request.colours, vector);
    match format {
        Format::Svg => {
            let mut svg = String::new();
            draw::draw(
                plotters::prelude::SVGBackend::with_string(&mut svg, (w, h)),
                figure,
                &style,
            )?;
            let heatmaps = match figure {
                Figure::Panels(panels) => panels
                    .iter()
                    .map(|p| {
                        let map = p.view.colour_scale(request.colours).fit(&p.grid.values);
                        svg::heat_png(p, &map)
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Figure::Inspector { panel, .. } => {
                    let map = panel
                        .view
                        .colour_scale(request.colours)
                        .fit(&panel.grid.values);
                    vec![svg::heat_png(panel, &map)?]
                }
                Figure::Family { .. } | Figure::ThreeD { .. } | Figure::Diagram(_) => Vec::new(),
            };
            let svg = svg::embed_heatmaps(&svg, &heatmaps)?;
            write_atomically(&request.path, |out| out.write_all(svg.as_bytes()))?;
        }
        Format::Png => {
            let mut rgb = vec![0u8; pw as usize * ph as usize * 3];
            draw::draw(
                text::TextFixBackend(plotters::prelude::BitMapBackend::with_buffer(
                    &mut rgb,
                    (pw, ph),
                )),
                figure,
                &style,
            )?;
            let png = encode_png(&rgb, pw, ph)?;
            write_atomically(&request.path, |out| out.write_all(&png))?;
        }
    }
    Ok(())
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, FigureError> {
    use image::ImageEncoder;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(rgb, w, h, image::ExtendedColorType::Rgb8)
        .map_err(|e| FigureError::Encode(e.to_string()))?;
    Ok(png)
}
