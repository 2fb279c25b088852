//! The binary edge: parse flags, then open the window or run a headless command.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use eframe::egui;

use energy_lab::app::persist::{self, PersistedUi};
use energy_lab::app::{
    AppOptions, AutoScreenshot, EnergyLabApp, MainView, Outcome, Until, ViewOptions,
};
use energy_lab::cli::{
    BenchArgs, Cli, Commands, CommonArgs, DataArg, ExportArgs, FigureArgs, FigureView,
};
use energy_lab::data::DataSource;
use energy_lab::energy::{Beta, Extent, GridSpec};
use energy_lab::figure::{FigureRequest, Layout};
use energy_lab::jobs::export::{ExportRequest, run_export};
use energy_lab::jobs::figure::{FigureJob, run_figure};
use energy_lab::landscape::surface::{FieldLayer, SurfaceView};
use energy_lab::models::ModelId;
use energy_lab::settings::Settings;
use energy_lab::trainer::TrainerConfig;
use energy_lab::view3d::Camera;

fn main() -> ExitCode {
    energy_lab::app::mark_launch();
    energy_lab::logging::quiet_runtime_dir();
    energy_lab::logging::init();
    let cli = Cli::try_parse_checked(std::env::args_os()).unwrap_or_else(|e| e.exit());
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
        Some(Commands::Bench(ref args)) => bench(&cli.common, args),
        Some(Commands::Figure(ref args)) => figure(&cli.common, args),
        Some(Commands::Export(ref args)) => export(&cli.common, args),
        None => window(cli),
    }
}

/// `energy-lab bench`: rows print as they are measured (a full run takes minutes).
fn bench(common: &CommonArgs, args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let plan = energy_lab::bench::Plan::new(args.quick);
    let groups = &args.jobs;
    let pytorch = match energy_lab::bench::pytorch::side_for(
        args.pytorch.as_deref(),
        plan,
        groups,
        |job, ms| {
            eprintln!("PyTorch: {job}: {ms:.3} ms");
        },
    ) {
        Ok(side) => side,
        // Asked for by flag: a broken interpreter is an error. Through the environment: a note.
        Err(e) if args.pytorch.is_some() => return Err(e.into()),
        Err(e) => energy_lab::bench::pytorch::Side::Off(e.to_string()),
    };
    println!("{}", pytorch.describe());
    print!("{}", energy_lab::bench::header());
    let rows = energy_lab::bench::run(common.backend, plan, groups, &pytorch, |row| {
        print!("{}", energy_lab::bench::line(row));
        let _ = std::io::Write::flush(&mut std::io::stdout());
    })?;
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&rows)?;
        energy_lab::files::write_atomically(path, |out| {
            std::io::Write::write_all(out, json.as_bytes())
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `energy-lab figure`: the real trainer without a window, then the figure.
fn figure(common: &CommonArgs, args: &FigureArgs) -> anyhow::Result<ExitCode> {
    if let Some(models) = &args.diagram {
        let request = figure_request(args, Layout::Focused, SurfaceView::Energy, args.field);
        energy_lab::figure::render(
            &energy_lab::figure::Figure::Diagram(models.0.clone()),
            &request,
        )?;
        let keys: Vec<&str> = models.0.iter().map(|m| m.key()).collect();
        println!(
            "{}",
            serde_json::json!({ "out": args.out, "diagram": keys })
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(n) = args.lesson {
        return lesson_figure(common, args, n);
    }
    let betas = common.beta.clone().map(|b| b.0).unwrap_or_default();
    let beta = betas.first().copied();
    let layout = if let FigureView::ThreeD = args.view {
        Layout::ThreeD(Camera {
            azimuth: args.azimuth,
            elevation: args.elevation.clamp(-89.0, 89.0),
            zoom: 1.0,
        })
    } else if let Some(y) = args.probe {
        Layout::Inspector(y)
    } else if args.family {
        Layout::Family
    } else if betas.len() > 1 {
        Layout::Betas(betas)
    } else if args.model.0.len() > 1 {
        Layout::AllModels
    } else {
        Layout::Focused
    };
    let mut settings = run_settings(common, beta, &args.model.0)?.fit_grid();
    settings.hyper.train_at_beta = args.train_at_beta;
    let job = FigureJob {
        config: TrainerConfig::new(settings, common.backend),
        session: common.session.clone(),
        steps: args.steps,
        set: Vec::new(),
        request: figure_request(
            args,
            layout,
            match args.view {
                FigureView::Surface(view) => view,
                FigureView::ThreeD => SurfaceView::Energy,
            },
            args.field,
        ),
    };
    let summary = run_figure(job)?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(ExitCode::SUCCESS)
}

/// The figure `args` ask for, drawn as `layout` shows `view` with the ỹ − y `field`.
fn figure_request(
    args: &FigureArgs,
    layout: Layout,
    view: SurfaceView,
    field: FieldLayer,
) -> FigureRequest {
    FigureRequest {
        path: args.out.clone(),
        layout,
        view,
        field,
        size: args.size,
        scale: args.density,
        theme: args.theme,
        colours: args.colours,
    }
}

/// `figure --lesson N`: the lesson's run (data, models, knobs, β) trained its own number of
/// steps, drawn the way the lesson shows it.
fn lesson_figure(common: &CommonArgs, args: &FigureArgs, n: usize) -> anyhow::Result<ExitCode> {
    use energy_lab::lessons::{Stage, lesson};
    let l = lesson(n).ok_or_else(|| anyhow::anyhow!("no lesson {n}"))?;
    let mut settings = run_settings(common, Some(l.beta), l.models)?;
    settings.data = l.data_source();
    settings = settings.fit_grid();
    settings.hyper.train_at_beta = l.train_at_beta;
    settings.slice = l.slice;
    let layout = match (l.stage, l.probe) {
        (Stage::Inference, Some(y)) => Layout::Inspector(y),
        (Stage::ThreeD, _) => Layout::ThreeD(Camera {
            azimuth: args.azimuth,
            elevation: args.elevation.clamp(-89.0, 89.0),
            zoom: 1.0,
        }),
        _ if l.models.len() > 1 => Layout::AllModels,
        _ => Layout::Focused,
    };
    let job = FigureJob {
        config: TrainerConfig::new(settings, common.backend),
        session: None,
        steps: if args.steps > 0 { args.steps } else { l.steps },
        set: l
            .knobs
            .iter()
            .map(|(m, k, v)| (*m, (*k).to_owned(), *v))
            .collect(),
        request: figure_request(args, layout, l.surface, l.field),
    };
    let summary = run_figure(job)?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(ExitCode::SUCCESS)
}

/// `energy-lab export`: one model trained headless, its grid as CSV.
fn export(common: &CommonArgs, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let beta = common.single_beta().map_err(|e| usage_error(&e))?;
    let mut settings = run_settings(common, Some(beta), &[args.model])?;
    settings.hyper.train_at_beta = args.train_at_beta;
    settings.slice = args.x.unwrap_or(0.0);
    let extent = args
        .extent
        .unwrap_or_else(|| Extent::around(&settings.data.points(settings.seed)));
    settings.grid = GridSpec {
        extent,
        size: args.grid,
    };
    let request = ExportRequest {
        settings,
        session: common.session.clone(),
        backend: common.backend,
        steps: args.steps,
        set: args.set.clone(),
        out: args.out.clone(),
        hot_out: args.hot_out.clone(),
        view: args.view,
        probe: args.probe,
        probe_out: args.probe_out.clone(),
        manifold_out: args.manifold_out.clone(),
        samples: args.samples.zip(args.samples_out.clone()),
    };
    let summary = run_export(&request)?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(ExitCode::SUCCESS)
}

/// The window, or a scripted run of it (`--screenshot`).
fn window(cli: Cli) -> anyhow::Result<ExitCode> {
    let until = match (cli.quit_after_steps, cli.quit_after_seconds) {
        (Some(steps), _) => Some(Until::Steps(steps)),
        (None, Some(seconds)) => Some(Until::Elapsed(Duration::from_secs_f64(seconds))),
        (None, None) => None,
    };
    let auto_screenshot = cli
        .screenshot
        .zip(until)
        .map(|(path, until)| AutoScreenshot { path, until });
    let beta = cli.common.single_beta().map_err(|e| usage_error(&e))?;
    let given = Given {
        models: cli.model.is_some(),
        beta: cli.common.beta.is_some(),
    };
    let models = cli.model.map(|m| m.0).unwrap_or_default();
    let mut settings = run_settings(&cli.common, Some(beta), &models)?;
    settings.probe = cli.probe;
    settings.slice = cli.slice.unwrap_or(0.0);
    let view = ViewOptions {
        main: if cli.blocks {
            MainView::Blocks
        } else if cli.probe.is_some() {
            MainView::Inference
        } else if cli.three_d {
            MainView::ThreeD
        } else {
            MainView::Landscape
        },
        forces: cli.forces,
        samples: cli.gibbs_samples,
        ..ViewOptions::default()
    };
    let options = AppOptions {
        settings,
        view,
        spin: cli.spin,
        backend: cli.common.backend,
        session: cli.common.session,
        autosave: None,
        offer: None,
        auto_screenshot,
        lesson: cli.lesson,
    };
    run_window(options, given)
}

/// A value refused after parsing (several β where one is wanted): clap's message format, its
/// kind for a bad value and exit code 2.
fn usage_error(message: &str) -> anyhow::Error {
    use clap::CommandFactory;
    Cli::command()
        .error(clap::error::ErrorKind::InvalidValue, message)
        .exit()
}

/// The run the flags describe: `models` (the default run's when empty; the first focused),
/// the data, seed, learning rate and β (the default run's when not given).
fn run_settings(
    common: &CommonArgs,
    beta: Option<Beta>,
    models: &[ModelId],
) -> anyhow::Result<Settings> {
    let mut settings = Settings::default().with_models(models);
    settings.data = load_data(&common.data)?;
    settings.seed = common.seed;
    settings.hyper.learning_rate = common.lr;
    if let Some(beta) = beta {
        settings.beta = beta;
    }
    Ok(settings)
}

/// `--data`: a built-in set as it is, a CSV file read now (a bad file stops here, with the
/// line and the problem).
fn load_data(arg: &DataArg) -> anyhow::Result<DataSource> {
    Ok(match arg {
        DataArg::Set(spec) => DataSource::Set(*spec),
        DataArg::Csv(path, None) => DataSource::from_csv_file(path)?,
        DataArg::Csv(path, Some(x)) => DataSource::from_csv_file_with_x(path, *x)?,
    })
}

/// Which start-up choices the command line made (the others come from the last run).
struct Given {
    models: bool,
    beta: bool,
}

fn run_window(mut options: AppOptions, given: Given) -> anyhow::Result<ExitCode> {
    let scripted = options.auto_screenshot.is_some();
    // A scripted run is a pure function of its flags: no stored settings, no autosave.
    let data_dir = if scripted { None } else { persist::data_dir() };
    if data_dir.is_some() {
        options.autosave = persist::autosave_path();
        if options.session.is_none() {
            options.offer = options.autosave.clone().filter(|p| p.is_file());
        }
    }
    let outcome = Outcome::default();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("energy-lab")
            // The desktop's name for the window (Wayland app id, X11 WM_CLASS) and its icon.
            .with_app_id("energy-lab")
            .with_icon(energy_lab::app::icon::icon())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: !scripted,
        persistence_path: data_dir.map(|d| d.join("window.ron")),
        ..Default::default()
    };
    let app_outcome = Arc::clone(&outcome);
    eframe::run_native(
        "energy-lab",
        native,
        Box::new(move |cc| {
            energy_lab::app::setup_context(&cc.egui_ctx);
            let stored: Option<PersistedUi> = cc
                .storage
                .filter(|_| !scripted)
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
            if let Some(stored) = &stored {
                if !given.models && !stored.models.is_empty() {
                    let mut models = stored.models.clone();
                    // The focused model first: it is drawn large.
                    models.retain(|m| *m != stored.focus);
                    models.insert(0, stored.focus);
                    options.settings = options.settings.clone().with_models(&models);
                }
                if !given.beta {
                    options.settings.beta = stored.beta;
                }
                if !stored.view.dark {
                    cc.egui_ctx.set_theme(egui::Theme::Light);
                }
            }
            let mut app = EnergyLabApp::new(&cc.egui_ctx, options, app_outcome)?;
            if let Some(stored) = &stored {
                app.restore_view(stored);
            }
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
