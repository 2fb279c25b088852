//! What a long job writes to a terminal and to a pipe: a progress line on a terminal's stderr
//! (a pseudo-terminal from util-linux's `script`), nothing of it in a pipe, and stdout the one
//! JSON line either way.

use std::process::Command;

use super::common::{bin, run, scratch};

const STEPS: &str = "3000";

fn export_args(csv: &std::path::Path) -> Vec<String> {
    [
        "export",
        "--model",
        "ae",
        "--steps",
        STEPS,
        "--grid",
        "4x4",
        "--backend",
        "cpu",
        "--out",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain([csv.display().to_string()])
    .collect()
}

#[test]
fn a_long_export_shows_progress_on_a_terminal_and_keeps_pipes_clean() {
    let dir = scratch("terminal");
    let csv = dir.join("grid.csv");
    let exe = bin().get_program().to_string_lossy().into_owned();
    let line: Vec<String> = std::iter::once(exe)
        .chain(export_args(&csv))
        .map(|a| format!("'{a}'"))
        .collect();
    // `script` runs the command on a pseudo-terminal and copies what it shows to stdout.
    let (out, shown, stderr) = run(Command::new("script")
        .args(["-q", "-e", "-c", &line.join(" "), "/dev/null"])
        .env("RUST_LOG", "off"));
    assert!(out.status.success(), "{shown}{stderr}");
    assert!(
        shown.contains(&format!("training ae: {STEPS}/{STEPS} steps")),
        "{shown:?}"
    );
    assert!(shown.contains("steps/s"), "{shown:?}");
    assert!(
        shown.contains("\"model\":\"ae\""),
        "the JSON line: {shown:?}"
    );

    let (out, stdout, stderr) = run(bin().args(export_args(&csv)));
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("steps/s") && !stderr.contains('\r'),
        "{stderr:?}"
    );
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).expect("stdout is JSON");
    assert_eq!(json["steps"], 3000);
}

#[test]
fn the_log_says_which_backend_runs_and_rust_log_decides() {
    let dir = scratch("log");
    let csv = dir.join("grid.csv");
    let args = [
        "export",
        "--model",
        "ae",
        "--steps",
        "2",
        "--grid",
        "4x4",
        "--backend",
        "cpu",
    ];
    let (out, _, stderr) = run(bin()
        .args(args)
        .arg("--out")
        .arg(&csv)
        .env_remove("RUST_LOG"));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("backend: Cpu (--backend cpu)"),
        "{stderr:?}"
    );
    let (out, _, stderr) = run(bin()
        .args(args)
        .arg("--out")
        .arg(&csv)
        .env("RUST_LOG", "off"));
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("backend:"), "{stderr:?}");
}

/// Without a desktop session's XDG_RUNTIME_DIR, Mesa's drivers used to print "XDG_RUNTIME_DIR
/// is invalid or not set" on every wgpu start: noise a user cannot act on. (CI installs
/// lavapipe, so this loads a real Vulkan driver.)
#[test]
fn mesa_says_nothing_about_a_missing_runtime_dir() {
    let dir = scratch("xdg");
    let csv = dir.join("grid.csv");
    let (out, _, stderr) = run(bin()
        .args([
            "--backend",
            "wgpu",
            "export",
            "--steps",
            "0",
            "--grid",
            "2x2",
            "--out",
        ])
        .arg(&csv)
        .env_remove("XDG_RUNTIME_DIR")
        .env("RUST_LOG", "off"));
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("XDG_RUNTIME_DIR"), "{stderr}");
}
