//! Command-line interface (clap). Bad values are rejected here, naming the flag and the
//! allowed range, with clap's usage exit code 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::backend::BackendChoice;
use crate::energy::grid::GridSize;
use crate::energy::{Beta, Extent};
use crate::figure::Theme;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::models::ModelId;
use crate::palette::ColourScale;
use crate::settings::Settings;
use parse::*;
pub use parse::{BetaList, DataArg, FigureView, MAX_BETAS, ModelList};

mod parse;

/// The global flags that mean nothing to `bench` (it measures fixed jobs on fixed data).
const NOT_FOR_BENCH: [&str; 5] = ["seed", "data", "session", "lr", "beta"];

impl Cli {
    /// Parses `args` like [`Parser::parse_from`], then refuses what clap's derive cannot say:
    /// global flags given to a sub-command they do not apply to.
    pub fn try_parse_checked<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
        let mut command = Cli::command();
        let matches = command.try_get_matches_from_mut(args)?;
        if let Some(bench) = matches.subcommand_matches("bench") {
            let given: Vec<String> = NOT_FOR_BENCH
                .iter()
                .filter(|id| bench.value_source(id) == Some(ValueSource::CommandLine))
                .map(|id| format!("--{id}"))
                .collect();
            if !given.is_empty() {
                return Err(command.error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "{} does not apply to bench: it measures fixed jobs on fixed data (only --backend, --quick, --json, --pytorch and --jobs)",
                        given.join(", ")
                    ),
                ));
            }
        }
        Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
    }
}

/// Most steps one command may ask for: ~2 hours at CPU speed, far beyond any figure.
pub const MAX_STEPS: u64 = 10_000_000;

#[derive(Debug, Parser)]
#[command(
    name = "energy-lab",
    version,
    about = "A desktop laboratory where energy-based models train live on 2-D data.",
    long_about = "Without a sub-command, opens the window: the course's ellipse LV-EBM trains \
                  in the background and its free energy F_β is drawn live; drag the β slider.",
    after_help = "Examples:\n  \
        energy-lab                                   the window, the ellipse LV-EBM\n  \
        energy-lab --model all --data moons          every model, side by side, on two moons\n  \
        energy-lab --lesson 1                        the first guided lesson\n  \
        energy-lab export --model ae --steps 2000 --out ae.csv\n  \
        energy-lab figure --model ellipse --beta 0.5,1,inf --out betas.png\n  \
        energy-lab bench --quick --jobs steps --pytorch venv/bin/python\n\n\
        Logs: RUST_LOG=debug (or off); keys in the window: press ? or F1."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,

    #[command(flatten)]
    pub common: CommonArgs,

    /// The models the window trains side by side, comma-separated (the first is drawn
    /// large): ellipse, ae, dae, cae, vae, gan, lv-neural, horn-lv, mse, ebm, or 'all' [default: those of the
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
        value_parser = steps()
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

    /// Open the inference lab on the point y′ = Y1,Y2 (e.g. 0,0): the focused model's
    /// E(y′, z) over its latent, its softmin weights, ž and F_β (the course's per-sample view).
    #[arg(long, value_name = "Y1,Y2", value_parser = parse_point, allow_hyphen_values = true)]
    pub probe: Option<[f32; 2]>,

    /// Show the forces of training: on each manifold point, the pull −∂L/∂ỹ of the data.
    #[arg(long)]
    pub forces: bool,

    /// Show Langevin samples of e^(−β·surface) at the slider's β, with their distance to it.
    #[arg(long = "gibbs-samples")]
    pub gibbs_samples: bool,

    /// The input x (0 … 1) at which conditional models (horn-lv, mse) are drawn [default: 0].
    #[arg(long, value_parser = parse_unit)]
    pub slice: Option<f32>,

    /// Open the 3-D view: the horn in (x, y₁, y₂) for conditional data, else the focused
    /// model's surface as a height field.
    #[arg(long, conflicts_with = "probe")]
    pub three_d: bool,

    /// Start with lesson N (1–10) set up: its data, models, β, view and caption.
    #[arg(long, value_name = "N", value_parser = parse_lesson)]
    pub lesson: Option<usize>,

    /// Open the Blocks view: the focused model's block diagram beside its plot, the other
    /// models given to --model laid out under it for comparison.
    #[arg(long, conflicts_with = "three_d")]
    pub blocks: bool,

    /// With --three-d: turn the view by itself, so every frame draws a new scene (the bench's
    /// frame-time run).
    #[arg(long, requires = "three_d")]
    pub spin: bool,
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

    /// A Python interpreter with torch (e.g. venv/bin/python after `pip install torch`): it
    /// times the comparable jobs with the same shapes, tanh, Adam and batch in this run, and
    /// the table shows both and their ratio. Default: $ENERGY_LAB_PYTORCH; without either the
    /// PyTorch column says "not measured".
    #[arg(long, value_name = "PYTHON")]
    pub pytorch: Option<std::path::PathBuf>,

    /// Only these groups of jobs, comma-separated (default: all, about 20 minutes).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = crate::bench::Group::ALL)]
    pub jobs: Vec<crate::bench::Group>,
}

#[derive(Debug, Args)]
pub struct FigureArgs {
    /// Models to draw, comma-separated or 'all': several models give one panel each.
    #[arg(long, value_name = "MODELS", default_value = "ellipse", value_parser = parse_model_list)]
    pub model: ModelList,

    /// Optimiser steps before drawing (0 allowed; with --session, steps beyond it).
    #[arg(long, default_value_t = 0, value_parser = steps())]
    pub steps: u64,

    /// What the heatmap shows: energy (the model's own: ‖y − ỹ‖², C, the VAE's, F_β for the
    /// LV-EBMs), free-energy (F_β of its decoder manifold) or density (e^(−β·E)/Z); the
    /// arrows are −∇ of it. Or 3d: the horn in (x, y₁, y₂) for conditional data, else the
    /// model's energy as a shaded height field.
    #[arg(long, default_value = "energy", value_parser = figure_views())]
    pub view: FigureView,

    /// With --view 3d: the camera's turn about the vertical, in degrees.
    #[arg(long, default_value_t = -55.0, value_parser = parse_degrees, allow_hyphen_values = true)]
    pub azimuth: f32,

    /// With --view 3d: the camera's height above the horizon, in degrees (−89 … 89).
    #[arg(long, default_value_t = 30.0, value_parser = parse_degrees, allow_hyphen_values = true)]
    pub elevation: f32,

    /// The autoencoders' own field ỹ − y as grey arrows: auto (where the card is about it,
    /// the DAE), always or never.
    #[arg(long, default_value = "auto", value_parser = field_layers())]
    pub field: FieldLayer,

    /// Draw the β family F_β(0, y₂) of the first model instead of its surface.
    #[arg(long, conflicts_with = "probe")]
    pub family: bool,

    /// Draw lesson N's picture (1–10): its data, models, knobs, β and view after its training
    /// (its own step count unless --steps is given).
    #[arg(long, value_name = "N", value_parser = parse_lesson, conflicts_with_all = ["probe", "family"])]
    pub lesson: Option<usize>,

    /// Draw the block diagrams of these models (comma-separated, or 'all') on one shared grid,
    /// with what differs between neighbours; nothing is trained.
    #[arg(long, value_name = "MODELS", value_parser = parse_model_list, conflicts_with_all = ["probe", "family"])]
    pub diagram: Option<ModelList>,

    /// Draw the inference lab on the point y′ = Y1,Y2: the votes y′ → ỹ_k on the surface and
    /// E(y′, z) over the latent with ž, F_β(y′) and the weights (for slides).
    #[arg(long, value_name = "Y1,Y2", value_parser = parse_point, allow_hyphen_values = true)]
    pub probe: Option<[f32; 2]>,

    /// Where to write the figure: a .png or .svg file.
    #[arg(long)]
    pub out: PathBuf,

    /// Figure size WxH in points [default: 640x440 per panel].
    #[arg(long, value_parser = parse_size)]
    pub size: Option<(u32, u32)>,

    /// Pixels per point of a PNG: 1, 2 or 4.
    #[arg(long, default_value_t = 1, value_parser = densities())]
    pub density: u32,

    /// dark (the course's) or light.
    #[arg(long, default_value = "dark", value_parser = themes())]
    pub theme: Theme,

    /// Colour scale: log (min … max, logarithmic above a knee), linear (min … 98th
    /// percentile) or course (0 … 2).
    #[arg(long, default_value = "log", value_parser = colour_scales())]
    pub colours: ColourScale,

    /// Train on F_β at the first --beta instead of zero-temperature F_∞.
    #[arg(long)]
    pub train_at_beta: bool,
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

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which model: ellipse, ae, dae, cae, vae, gan, lv-neural, horn-lv, mse or ebm.
    #[arg(long, default_value = "ellipse", value_parser = parse_model)]
    pub model: ModelId,

    /// Optimiser steps before evaluating (0 allowed).
    #[arg(long, default_value_t = 0, value_parser = steps())]
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

    /// Inspect the point y′ = Y1,Y2 after training: the JSON line gains "probe" (ž, F_β,
    /// F_∞, how many latents vote, the descent-refined ž, the encoder's guess).
    #[arg(long, value_name = "Y1,Y2", value_parser = parse_point, allow_hyphen_values = true)]
    pub probe: Option<[f32; 2]>,

    /// The input x at which a conditional model (horn-lv, mse) is exported: its grid is the
    /// slice at x [default: 0].
    #[arg(long, value_parser = parse_unit)]
    pub x: Option<f32>,

    /// Write the model's manifold at the slice: z (or z1,z2),y1,y2 per latent point (for mse
    /// one row, its prediction, with z empty).
    #[arg(long, value_name = "PATH")]
    pub manifold_out: Option<PathBuf>,

    /// With --probe: write one row per latent point, z (or z1,z2,…),y1,y2 (ỹ = g(z)),
    /// energy (E(y′, z)),weight (its softmin weight at --beta).
    #[arg(long, value_name = "PATH", requires = "probe")]
    pub probe_out: Option<PathBuf>,

    /// Draw N samples from e^(−β·surface) at --beta after training (MALA on the exported
    /// grid, reproducible for --seed); written to --samples-out as y1,y2.
    #[arg(long, value_name = "N", value_parser = parse_samples, requires = "samples_out")]
    pub samples: Option<usize>,

    /// Where --samples writes its points.
    #[arg(long, value_name = "PATH", requires = "samples")]
    pub samples_out: Option<PathBuf>,

    /// The surface of the `surface,gy1,gy2` columns: energy (the model's own, the window's
    /// default), free-energy or density; gy is −∇ of it.
    #[arg(long, default_value = "energy", value_parser = views())]
    pub view: SurfaceView,
}

#[cfg(test)]
mod cli_tests;
