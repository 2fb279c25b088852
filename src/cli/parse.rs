//! The flags' value parsers: each refuses a bad value with a message naming what it wants.

use std::path::PathBuf;

use crate::data::sets::{SetSpec, SetSpecError};
use crate::energy::grid::GridSize;
use crate::energy::{Beta, Extent};
use crate::figure::Theme;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::models::ModelId;
use crate::palette::ColourScale;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

use super::MAX_STEPS;

/// One or more β values (`--beta 0.1,1,10,inf`).
#[derive(Clone, Debug, PartialEq)]
pub struct BetaList(pub Vec<Beta>);

/// Most panels one figure may have.
pub const MAX_BETAS: usize = 12;

pub(super) fn parse_betas(s: &str) -> Result<BetaList, String> {
    let list = s
        .split(',')
        .map(|b| b.trim().parse::<Beta>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if list.len() > MAX_BETAS {
        return Err(format!("at most {MAX_BETAS} values, got {}", list.len()));
    }
    Ok(BetaList(list))
}

/// What a figure shows: one of the surfaces, or the 3-D view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureView {
    Surface(SurfaceView),
    /// The 3-D horn (conditional data) or the surface as a height field.
    ThreeD,
}

pub(super) fn parse_unit(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("x in 0 … 1, got '{s}'")),
    }
}

pub(super) fn parse_degrees(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(d) if d.is_finite() && (-360.0..=360.0).contains(&d) => Ok(d),
        _ => Err(format!("an angle in degrees, −360 … 360, got '{s}'")),
    }
}

pub(super) fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("size must be WxH, each side 64 to 8192 points, got '{s}'");
    let (w, h) = s.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let side = |v: &str| {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (64..=8192).contains(v))
    };
    Ok((side(w).ok_or_else(bad)?, side(h).ok_or_else(bad)?))
}

/// A value that is one of `choices` (key → value). clap lists the keys in `--help` and, on a
/// typo, says which was meant: one list, so the help and the parser cannot drift. `hidden`
/// keys are accepted but not listed (old names).
fn one_of<T: Clone + Send + Sync + 'static>(
    choices: Vec<(&'static str, T)>,
    hidden: &'static [&'static str],
) -> impl TypedValueParser<Value = T> {
    let values = choices
        .iter()
        .map(|(key, _)| PossibleValue::new(*key).hide(hidden.contains(key)));
    PossibleValuesParser::new(values).try_map(move |s: String| {
        choices
            .iter()
            .find(|(key, _)| *key == s)
            .map(|(_, value)| value.clone())
            .ok_or_else(|| format!("unknown value '{s}'"))
    })
}

/// `--view`: a surface.
pub(super) fn views() -> impl TypedValueParser<Value = SurfaceView> {
    one_of(SurfaceView::ALL.map(|v| (v.key(), v)).to_vec(), &[])
}

/// `figure --view`: a surface, or the 3-D view.
pub(super) fn figure_views() -> impl TypedValueParser<Value = FigureView> {
    let surfaces = SurfaceView::ALL.map(|v| (v.key(), FigureView::Surface(v)));
    one_of(
        surfaces
            .into_iter()
            .chain([("3d", FigureView::ThreeD)])
            .collect(),
        &[],
    )
}

pub(super) fn densities() -> impl TypedValueParser<Value = u32> {
    one_of(vec![("1", 1), ("2", 2), ("4", 4)], &[])
}

pub(super) fn themes() -> impl TypedValueParser<Value = Theme> {
    one_of(vec![("dark", Theme::Dark), ("light", Theme::Light)], &[])
}

pub(super) fn colour_scales() -> impl TypedValueParser<Value = ColourScale> {
    let scales = ColourScale::ALL.map(|c| (c.key(), c));
    // `auto` was the linear scale's name before the log scale became the default.
    let old = [("auto", ColourScale::Linear)];
    one_of(scales.into_iter().chain(old).collect(), &["auto"])
}

pub(super) fn field_layers() -> impl TypedValueParser<Value = FieldLayer> {
    one_of(
        vec![
            ("auto", FieldLayer::Auto),
            ("always", FieldLayer::Always),
            ("never", FieldLayer::Never),
        ],
        &[],
    )
}

/// `--data`: a built-in set, or a CSV file read at the binary edge.
#[derive(Clone, Debug, PartialEq)]
pub enum DataArg {
    Set(SetSpec),
    /// A CSV file, and the 1-based column holding x for conditional rows (`file.csv:x=3`).
    Csv(PathBuf, Option<usize>),
}

pub(super) fn parse_data(s: &str) -> Result<DataArg, String> {
    let looks_like_path = s.contains('/') || s.contains('\\') || s.contains('.');
    match s.parse::<SetSpec>() {
        Ok(spec) => Ok(DataArg::Set(spec)),
        Err(SetSpecError::UnknownSet(_)) if looks_like_path => {
            // `file.csv:x=3`: column 3 is x, the rows are conditional.
            match s.rsplit_once(":x=") {
                Some((path, column)) => match column.trim().parse::<usize>() {
                    Ok(c) if c >= 1 => Ok(DataArg::Csv(PathBuf::from(path), Some(c))),
                    _ => Err(format!("{s}: x=COLUMN takes a column number from 1")),
                },
                None => Ok(DataArg::Csv(PathBuf::from(s), None)),
            }
        }
        Err(e) => Err(e.to_string()),
    }
}

pub(super) fn parse_lr(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 10.0 => Ok(v),
        _ => Err(format!(
            "learning rate must be a number in (0, 10], got '{s}'"
        )),
    }
}

/// `--steps`: 0 to [`MAX_STEPS`].
pub(super) fn steps() -> impl TypedValueParser<Value = u64> {
    clap::value_parser!(u64).range(0..=MAX_STEPS)
}

pub(super) fn parse_lesson(s: &str) -> Result<usize, String> {
    let count = crate::lessons::LESSONS.len();
    match s.parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(n),
        _ => Err(format!("the lessons are numbered 1 to {count}, got '{s}'")),
    }
}

/// The most Langevin samples an export draws.
pub const MAX_SAMPLES: usize = 1_000_000;

pub(super) fn parse_samples(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(v) if (1..=MAX_SAMPLES).contains(&v) => Ok(v),
        _ => Err(format!(
            "samples must be a whole number from 1 to {MAX_SAMPLES}, got '{s}'"
        )),
    }
}

/// The longest timed scripted run: a day.
const MAX_SECONDS: f64 = 86_400.0;

pub(super) fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= MAX_SECONDS => Ok(v),
        _ => Err(format!(
            "seconds must be a number above 0 and at most {MAX_SECONDS}, got '{s}'"
        )),
    }
}

pub(super) fn parse_point(s: &str) -> Result<[f32; 2], String> {
    let coords: Vec<Option<f32>> = s.split(',').map(|v| v.trim().parse().ok()).collect();
    match coords[..] {
        [Some(y1), Some(y2)] if y1.is_finite() && y2.is_finite() => Ok([y1, y2]),
        _ => Err(format!("a point is two finite numbers Y1,Y2, got '{s}'")),
    }
}

/// One or more models, in the order given, without repeats.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelList(pub Vec<ModelId>);

pub(super) fn parse_model_list(s: &str) -> Result<ModelList, String> {
    if s.trim() == "all" {
        return Ok(ModelList(ModelId::ALL.to_vec()));
    }
    let mut list = Vec::new();
    for part in s.split(',') {
        let id = parse_model(part)?;
        if list.contains(&id) {
            return Err(format!("'{id}' is listed twice"));
        }
        list.push(id);
    }
    Ok(ModelList(list))
}

pub(super) fn parse_model(s: &str) -> Result<ModelId, String> {
    s.parse::<ModelId>().map_err(|e| e.to_string())
}

pub(super) fn parse_grid(s: &str) -> Result<GridSize, String> {
    s.parse::<GridSize>().map_err(|e| e.to_string())
}

pub(super) fn parse_extent(s: &str) -> Result<Extent, String> {
    s.parse::<Extent>().map_err(|e| e.to_string())
}

pub(super) fn parse_set(s: &str) -> Result<(String, f32), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("--set needs KEY=VALUE, got '{s}'"))?;
    let value: f32 = match value.trim().parse() {
        Ok(number) => number,
        // A choice knob takes its value's name (`--set loss=hinge`).
        Err(_) => {
            crate::models::ModelId::choice_value(key.trim(), value.trim()).ok_or_else(|| {
                format!("--set {key}: '{value}' is neither a number nor a named choice of {key}")
            })?
        }
    };
    if !value.is_finite() {
        return Err(format!("--set {key}: the value must be finite"));
    }
    Ok((key.trim().to_owned(), value))
}
