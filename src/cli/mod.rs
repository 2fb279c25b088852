//! Command-line interface (clap). Bad values are rejected here, naming the flag and the
//! allowed range, with clap's usage exit code 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::backend::BackendChoice;
use crate::data::sets::{SetSpec, SetSpecError};
use crate::energy::grid::GridSize;
use crate::energy::{Beta, Extent};
use crate::figure::Theme;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::models::ModelId;
use crate::palette::ColourScale;
use crate::settings::Settings;

/// Most steps one command may ask for: ~2 hours at CPU speed, far beyond any figure.
pub const MAX_STEPS: u64 = 10_000_000;

#[derive(Debug, Parser)]
#[command(
    name = "energy-lab",
    version,
    about = "A desktop laboratory where energy-based models train live on 2-D data.",
    long_about = "Without a sub-command, opens the window: the course's ellipse LV-EBM trains \
                  in the background and its free energy F_β is drawn live; drag the β slider."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,

    #[command(flatten)]
    pub common: CommonArgs,

    /// The models the window trains side by side, comma-separated (the first is drawn
    /// large): ellipse, ae, dae, cae, vae, gan, lv-neural, or 'all' [default: those of the
    /// last session, else ellipse].
    #[arg(long, value_name = "MODELS", value_parser = parse_model_list)]
    pub model: Option<ModelList>,

    /// Save a screenshot of the window to PATH after --quit-after-steps steps (or
    /// --quit-after-seconds), then exit.
    #[arg(long, value_name = "PATH", requires = "scripted_stop")]
    pub screenshot: Option<PathBuf>,

    /// With --screenshot: train exactly N steps, save the screenshot and exit.
    #[arg(
        long,
        value_name = "N",
        requires = "screenshot",
        group = "scripted_stop",
        value_parser = parse_steps
    )]
    pub quit_after_steps: Option<u64>,

    /// With --screenshot: train for S seconds (as fast as the models go), then save the
    /// screenshot and exit; for soak runs and the bench's memory job.
    #[arg(
        long,
        value_name = "S",
        requires = "screenshot",
        group = "scripted_stop",
        value_parser = parse_seconds
    )]
    pub quit_after_seconds: Option<f64>,

    /// With --screenshot: pin the probe y′ at Y1,Y2 (what hovering the plot shows: the
    /// manifold coloured by e^(−βE(y′, z)), the course's per-sample picture), e.g. 0,0.
    #[arg(long, value_name = "Y1,Y2", requires = "screenshot", value_parser = parse_point, allow_hyphen_values = true)]
    pub probe: Option<[f32; 2]>,
}

/// Flags shared by the window and the sub-commands.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Compute backend: wgpu only on a real GPU (auto), wgpu on any adapter, or the CPU.
    #[arg(long, value_enum, default_value_t = BackendChoice::Auto, global = true)]
    pub backend: BackendChoice,

    /// Seed of the data and of every random choice: the same seed gives the same run.
    #[arg(long, default_value_t = Settings::default().seed, global = true)]
    pub seed: u64,

    /// Inverse temperature β of the free energy: a positive number or 'inf' [default: 1].
    /// `figure` takes a list (0.1,1,10,inf): one panel per β.
    #[arg(long, value_parser = parse_betas, global = true, allow_negative_numbers = true)]
    pub beta: Option<BetaList>,

    /// Open a saved session (.energylab): its models, weights, data and settings. With
    /// export or figure, training continues from it for --steps more steps.
    #[arg(long, value_name = "FILE", global = true)]
    pub session: Option<PathBuf>,

    /// Training data: ellipse, horn[:x=0.3|:all], spiral, moons, rings, mixture,
    /// two-gaussians, three-blobs, line (options n=COUNT, noise=SIGMA, e.g. moons:n=300), or
    /// a path to a CSV file with two numeric columns.
    #[arg(long, value_name = "DATA", default_value = "ellipse", value_parser = parse_data, global = true)]
    pub data: DataArg,

    /// Adam learning rate, in (0, 10].
    #[arg(long, default_value_t = Settings::default().hyper.learning_rate, value_parser = parse_lr, global = true, allow_negative_numbers = true)]
    pub lr: f64,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Train without a window and write the grid as CSV
    /// (y1,y2,energy,f_beta,f_inf,surface,gy1,gy2).
    Export(ExportArgs),
    /// Train without a window (or display, or GPU) and draw a figure as PNG or SVG.
    Figure(FigureArgs),
    /// Measure training steps, energy landscapes and the β latency (medians and p95 after
    /// warm-up) on --backend, beside the PyTorch times of the speed targets.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A short smoke run: 2 warm-up and 5 measured runs per job instead of 20 and 200, grids
    /// up to 256² and 48 latents only.
    #[arg(long)]
    pub quick: bool,

    /// Also write the rows as JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct FigureArgs {
    /// Models to draw, comma-separated or 'all': several models give one panel each.
    #[arg(long, value_name = "MODELS", default_value = "ellipse", value_parser = parse_model_list)]
    pub model: ModelList,

    /// Optimiser steps before drawing (0 allowed; with --session, steps beyond it).
    #[arg(long, default_value_t = 0, value_parser = parse_steps)]
    pub steps: u64,

    /// What the heatmap shows: energy (the model's own: ‖y − ỹ‖², C, the VAE's, F_β for the
    /// LV-EBMs), free-energy (F_β of its decoder manifold) or density (e^(−β·E)/Z). The
    /// arrows are −∇ of it.
    #[arg(long, default_value = "energy", value_parser = parse_view)]
    pub view: SurfaceView,

    /// The autoencoders' own field ỹ − y as grey arrows: auto (where the card is about it,
    /// the DAE), always or never.
    #[arg(long, default_value = "auto", value_parser = parse_field)]
    pub field: FieldLayer,

    /// Draw the β family F_β(0, y₂) of the first model instead of its surface.
    #[arg(long)]
    pub family: bool,

    /// Where to write the figure: a .png or .svg file.
    #[arg(long)]
    pub out: PathBuf,

    /// Figure size WxH in points [default: 640x440 per panel].
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,

    /// Pixels per point of a PNG: 1, 2 or 4.
    #[arg(long, default_value_t = 1, value_parser = parse_density)]
    pub density: u32,

    /// dark (the course's) or light.
    #[arg(long, default_value = "dark", value_parser = parse_theme)]
    pub theme: Theme,

    /// Colour scale: log (min … max, logarithmic above a knee), linear (min … 98th
    /// percentile) or course (0 … 2).
    #[arg(long, default_value = "log", value_parser = parse_colours)]
    pub colours: ColourScale,

    /// Train on F_β at the first --beta instead of zero-temperature F_∞.
    #[arg(long)]
    pub train_at_beta: bool,
}

/// One or more β values (`--beta 0.1,1,10,inf`).
#[derive(Clone, Debug, PartialEq)]
pub struct BetaList(pub Vec<Beta>);

/// Most panels one figure may have.
pub const MAX_BETAS: usize = 12;

fn parse_betas(s: &str) -> Result<BetaList, String> {
    let list = s
        .split(',')
        .map(|b| b.trim().parse::<Beta>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if list.len() > MAX_BETAS {
        return Err(format!("at most {MAX_BETAS} values, got {}", list.len()));
    }
    Ok(BetaList(list))
}

impl CommonArgs {
    /// The one β of the window and export (the default run's when not given); a list is
    /// refused.
    pub fn single_beta(&self) -> Result<Beta, String> {
        match self.beta.as_ref().map(|b| b.0.as_slice()) {
            None => Ok(Settings::default().beta),
            Some([beta]) => Ok(*beta),
            Some(_) => Err("--beta takes one value here (a list is for `figure`)".to_owned()),
        }
    }
}

fn parse_view(s: &str) -> Result<SurfaceView, String> {
    SurfaceView::ALL
        .into_iter()
        .find(|v| v.key() == s.trim())
        .ok_or_else(|| format!("unknown view '{s}' (known: energy, free-energy, density)"))
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
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

fn parse_density(s: &str) -> Result<u32, String> {
    match s.trim() {
        "1" => Ok(1),
        "2" => Ok(2),
        "4" => Ok(4),
        _ => Err(format!("pixel density must be 1, 2 or 4, got '{s}'")),
    }
}

fn parse_theme(s: &str) -> Result<Theme, String> {
    s.parse()
}

fn parse_colours(s: &str) -> Result<ColourScale, String> {
    match s.trim() {
        // `auto` was the linear scale's name before the log scale became the default.
        "auto" => Ok(ColourScale::Linear),
        key => ColourScale::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| format!("unknown colour scale '{s}' (known: log, linear, course)")),
    }
}

fn parse_field(s: &str) -> Result<FieldLayer, String> {
    match s.trim() {
        "auto" => Ok(FieldLayer::Auto),
        "always" => Ok(FieldLayer::Always),
        "never" => Ok(FieldLayer::Never),
        _ => Err(format!(
            "unknown field layer '{s}' (known: auto, always, never)"
        )),
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which model: ellipse, ae, dae, cae, vae, gan or lv-neural.
    #[arg(long, default_value = "ellipse", value_parser = parse_model)]
    pub model: ModelId,

    /// Optimiser steps before evaluating (0 allowed).
    #[arg(long, default_value_t = 0, value_parser = parse_steps)]
    pub steps: u64,

    /// Override a model parameter after initialisation, e.g. --set w1=2 (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, f32)>,

    /// Train on F_β at --beta instead of zero-temperature F_∞.
    #[arg(long)]
    pub train_at_beta: bool,

    /// Grid points WxH (inclusive linspaces over the extent), each side 2 to 2048.
    #[arg(long, default_value = "121x81", value_parser = parse_grid)]
    pub grid: GridSize,

    /// y1min,y1max,y2min,y2max [default: the data with a margin; the course's -3,3,-2,2 for
    /// the ellipse].
    #[arg(long, value_parser = parse_extent, allow_hyphen_values = true)]
    pub extent: Option<Extent>,

    /// Where to write the CSV.
    #[arg(long)]
    pub out: PathBuf,

    /// Also write the points the last step generated as CSV (y1,y2): the pushed-up ones (the
    /// DAE's corruptions, the GAN's G(z)) and the samples (the VAE's Dec(z)).
    #[arg(long)]
    pub hot_out: Option<PathBuf>,

    /// The surface of the `surface,gy1,gy2` columns: energy (the model's own, the window's
    /// default), free-energy or density; gy is −∇ of it.
    #[arg(long, default_value = "energy", value_parser = parse_view)]
    pub view: SurfaceView,
}

/// `--data`: a built-in set, or a CSV file read at the binary edge.
#[derive(Clone, Debug, PartialEq)]
pub enum DataArg {
    Set(SetSpec),
    Csv(PathBuf),
}

fn parse_data(s: &str) -> Result<DataArg, String> {
    let looks_like_path = s.contains('/') || s.contains('\\') || s.contains('.');
    match s.parse::<SetSpec>() {
        Ok(spec) => Ok(DataArg::Set(spec)),
        Err(SetSpecError::UnknownSet(_)) if looks_like_path => Ok(DataArg::Csv(PathBuf::from(s))),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_lr(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 10.0 => Ok(v),
        _ => Err(format!(
            "learning rate must be a number in (0, 10], got '{s}'"
        )),
    }
}

fn parse_steps(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(v) if v <= MAX_STEPS => Ok(v),
        _ => Err(format!(
            "steps must be a whole number from 0 to {MAX_STEPS}, got '{s}'"
        )),
    }
}

/// The longest timed scripted run: a day.
const MAX_SECONDS: f64 = 86_400.0;

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= MAX_SECONDS => Ok(v),
        _ => Err(format!(
            "seconds must be a number above 0 and at most {MAX_SECONDS}, got '{s}'"
        )),
    }
}

fn parse_point(s: &str) -> Result<[f32; 2], String> {
    let coords: Vec<Option<f32>> = s.split(',').map(|v| v.trim().parse().ok()).collect();
    match coords[..] {
        [Some(y1), Some(y2)] if y1.is_finite() && y2.is_finite() => Ok([y1, y2]),
        _ => Err(format!("a point is two finite numbers Y1,Y2, got '{s}'")),
    }
}

/// One or more models, in the order given, without repeats.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelList(pub Vec<ModelId>);

fn parse_model_list(s: &str) -> Result<ModelList, String> {
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

fn parse_model(s: &str) -> Result<ModelId, String> {
    s.parse::<ModelId>().map_err(|e| e.to_string())
}

fn parse_grid(s: &str) -> Result<GridSize, String> {
    s.parse::<GridSize>().map_err(|e| e.to_string())
}

fn parse_extent(s: &str) -> Result<Extent, String> {
    s.parse::<Extent>().map_err(|e| e.to_string())
}

fn parse_set(s: &str) -> Result<(String, f32), String> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| format!("--set needs KEY=VALUE, got '{s}'"))?;
    let value: f32 = value
        .trim()
        .parse()
        .map_err(|_| format!("--set {key}: '{value}' is not a number"))?;
    if !value.is_finite() {
        return Err(format!("--set {key}: the value must be finite"));
    }
    Ok((key.trim().to_owned(), value))
}

#[cfg(test)]
mod cli_tests;
