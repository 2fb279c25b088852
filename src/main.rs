//! The binary edge: parse flags, then open the window or run a headless command.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, anyhow};
use clap::Parser;
use eframe::egui;

use energy_lab::app::{AppOptions, AutoScreenshot, EnergyLabApp, Outcome};
use energy_lab::cli::{Cli, Commands, DataArg};
use energy_lab::data::DataSource;
use energy_lab::energy::{Extent, GridSpec};
use energy_lab::export::{ExportRequest, run_export};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("energy-lab: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Commands::Export(args)) => {
            let data = load_data(&cli.common.data)?;
            let extent = args
                .extent
                .unwrap_or_else(|| Extent::around(&data.points(cli.common.seed)));
            let request = ExportRequest {
                model: args.model,
                backend: cli.common.backend,
                seed: cli.common.seed,
                steps: args.steps,
                set: args.set,
                beta: cli.common.beta,
                train_at_beta: args.train_at_beta,
                learning_rate: cli.common.lr,
                data,
                grid: GridSpec {
                    extent,
                    size: args.grid,
                },
                out: args.out,
                hot_out: args.hot_out,
            };
            let summary = run_export(&request)?;
            println!("{}", serde_json::to_string(&summary)?);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let auto_screenshot = cli
                .screenshot
                .zip(cli.quit_after_steps)
                .map(|(path, after_steps)| AutoScreenshot { path, after_steps });
            run_window(AppOptions {
                data: load_data(&cli.common.data)?,
                models: cli.model.0,
                backend: cli.common.backend,
                seed: cli.common.seed,
                beta: cli.common.beta,
                learning_rate: cli.common.lr,
                auto_screenshot,
            })
        }
    }
}

/// `--data`: a built-in set as it is, a CSV file read now (a bad file stops here, with the
/// line and the problem).
fn load_data(arg: &DataArg) -> anyhow::Result<DataSource> {
    Ok(match arg {
        DataArg::Set(spec) => DataSource::Set(*spec),
        DataArg::Csv(path) => DataSource::from_csv_file(path)?,
    })
}

fn run_window(options: AppOptions) -> anyhow::Result<ExitCode> {
    let scripted = options.auto_screenshot.is_some();
    let outcome = Outcome::default();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("energy-lab")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    let app_outcome = Arc::clone(&outcome);
    eframe::run_native(
        "energy-lab",
        native,
        Box::new(move |cc| {
            energy_lab::app::setup_context(&cc.egui_ctx);
            let app = EnergyLabApp::new(&cc.egui_ctx, options, app_outcome)?;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow!("could not open the window: {e}"))?;

    if !scripted {
        return Ok(ExitCode::SUCCESS);
    }
    let result = outcome
        .lock()
        .map_err(|_| anyhow!("the window thread panicked"))?
        .take()
        .context("the window closed before the screenshot was taken")?;
    match result {
        Ok(path) => {
            println!("saved {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(anyhow!("screenshot failed: {e}")),
    }
}
