//! UI frame times, time to first frame and peak memory, measured in the real app: the bench
//! starts this same binary as a scripted window (`--screenshot … --quit-after-seconds S`), which
//! trains every enabled model for S seconds, saves the window, closes and prints its frame
//! statistics. Frame time here is the UI thread's build time per frame (`App::ui`), taken
//! with the real renderer (glow) on whatever display there is (Xvfb + llvmpipe on a server).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Plan, Row};
use crate::app::{REPORT_PREFIX, ScriptedReport as UiReport};
use crate::backend::BackendChoice;

#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error("could not start the app for the UI jobs: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("the app's scripted run failed ({status}): {stderr}")]
    Failed { status: String, stderr: String },
    #[error("the app printed no report line ('{REPORT_PREFIX} {{…}}')")]
    Missing,
    #[error("the app's report line does not parse: {0}")]
    BadReport(String),
}

/// How long a scripted window may stay open past its training time.
const GRACE_SECS: u64 = 120;

/// Whether a window can open here.
pub fn display_available() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Reads the one machine-readable line a scripted run prints on exit
/// (`energy-lab report: {…}`, see `app::ScriptedReport`).
pub fn parse_report(stderr: &str) -> Result<UiReport, UiError> {
    let json = stderr
        .lines()
        .find_map(|l| l.strip_prefix(REPORT_PREFIX))
        .ok_or(UiError::Missing)?;
    serde_json::from_str(json.trim()).map_err(|e| UiError::BadReport(e.to_string()))
}

/// One scripted window with `models` (comma-separated) training for `seconds`.
fn scripted_run(
    models: &str,
    extra: &[&str],
    seconds: u64,
    choice: BackendChoice,
    scratch: &Path,
) -> Result<UiReport, UiError> {
    let exe = std::env::current_exe()?;
    let backend = match choice {
        BackendChoice::Auto => "auto",
        BackendChoice::Wgpu => "wgpu",
        BackendChoice::Cpu => "cpu",
    };
    // stderr goes to a file, not a pipe: a pipe nobody reads until exit could fill and stall
    // the window.
    let log_path = scratch.join("bench-ui.log");
    let mut child = Command::new(exe)
        .args(["--backend", backend, "--model", models, "--screenshot"])
        .arg(scratch.join("bench-ui.png"))
        .args(["--quit-after-seconds", &seconds.to_string()])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path)?)
        .spawn()?;
    // Start-up, the pause at the end and the screenshot take seconds, never minutes: a
    // window still open long after its time is stuck, and the bench must not hang with it.
    let deadline = Instant::now() + Duration::from_secs(seconds + GRACE_SECS);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            child.kill()?;
            child.wait()?;
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = std::fs::read_to_string(&log_path)?;
    match status {
        Some(status) if status.success() => parse_report(&stderr),
        Some(status) => Err(UiError::Failed {
            status: status.to_string(),
            stderr,
        }),
        None => Err(UiError::Failed {
            status: format!("still open {GRACE_SECS} s after its {seconds} s, killed"),
            stderr,
        }),
    }
}

/// Frame-time rows with one model and with all of them, then start-up and memory.
pub fn ui_rows(choice: BackendChoice, plan: Plan) -> Result<Vec<Row>, UiError> {
    let scratch = std::env::temp_dir().join(format!("energy-lab-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    // The full plan keeps all models on for the ten minutes the memory job asks for.
    let (one, all) = if plan.quick { (4, 6) } else { (60, 600) };
    let mut rows = Vec::new();
    let mut last = None;
    for (models, what, seconds) in [("ellipse", "1 model", one), ("all", "all models", all)] {
        let report = scripted_run(models, &[], seconds, choice, &scratch)?;
        rows.push(Row {
            job: format!("UI frame build, {what} training"),
            backend: "ui".into(),
            unit: "ms",
            median: report.p50_ms,
            p95: report.p95_ms,
            runs: report.frames,
            pytorch: None,
        });
        last = Some((report, seconds));
    }
    // The 3-D view of the ellipse's F_β (a 128² mesh, 32 258 triangles) turning by itself
    // while the model trains: every frame projects, sorts and paints a new scene.
    let report = scripted_run("ellipse", &["--three-d", "--spin"], one, choice, &scratch)?;
    rows.push(Row {
        job: "UI frame build, 3-D surface 128² turning, 1 model training".into(),
        backend: "ui".into(),
        unit: "ms",
        median: report.p50_ms,
        p95: report.p95_ms,
        runs: report.frames,
        pytorch: None,
    });
    if let (Some(median), Some(p95)) = (report.interval_p50_ms, report.interval_p95_ms) {
        rows.push(Row {
            job: "UI whole frame (build + paint), 3-D surface 128² turning".into(),
            backend: "ui".into(),
            unit: "ms",
            median,
            p95,
            runs: report.frames,
            pytorch: None,
        });
    }
    if let Some((report, seconds)) = last {
        let single = |job: String, unit, value| Row {
            job,
            backend: "ui".into(),
            unit,
            median: value,
            p95: value,
            runs: 1,
            pytorch: None,
        };
        rows.push(single(
            "time to first frame".into(),
            "ms",
            report.first_frame_ms,
        ));
        rows.push(single(
            format!("peak memory, all models, after {seconds} s"),
            "MiB",
            report.peak_mib,
        ));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_scripted_runs_report() {
        let report = UiReport {
            p50_ms: 1.25,
            p95_ms: 3.5,
            frames: 412,
            first_frame_ms: 812.0,
            peak_mib: 301.0,
            interval_p50_ms: Some(16.5),
            interval_p95_ms: None,
        };
        // What the app prints, among its human lines.
        let stderr = format!(
            "saved x.png\nframe build time: p50 1.25 · p95 3.50 ms over 412 frames\n{}\n",
            report.line()
        );
        assert_eq!(parse_report(&stderr).unwrap(), report);
        assert!(matches!(
            parse_report("frame build time: p50 1 · p95 2 · p99 3 ms over 4 frames\n"),
            Err(UiError::Missing)
        ));
        assert!(matches!(
            parse_report(&format!("{REPORT_PREFIX} {{\"p50_ms\": 1}}\n")),
            Err(UiError::BadReport(_))
        ));
    }
}
