//! `energy-lab figure` and `--session` end to end, through the binary `cargo test` builds:
//! no display, no GPU.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use image::GenericImageView;

use energy_lab::backend::BackendChoice;
use energy_lab::models::ModelId;
use energy_lab::settings::Settings;
use energy_lab::trainer::{Command as Cmd, Event, TrainerConfig, TrainerHandle};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_energy-lab"));
    cmd.arg("--backend").arg("cpu");
    cmd
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("energy-lab-fig-e2e-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json_line(out: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout {stdout}\nstderr {stderr}");
    serde_json::from_str(stdout.trim()).expect("one JSON line")
}

#[test]
fn the_course_temperature_sequence_is_one_command() {
    let dir = scratch("betas");
    let png = dir.join("f_beta.png");
    let out = bin()
        .args([
            "figure",
            "--steps",
            "300",
            "--beta",
            "0.1,1,10,inf",
            "--out",
        ])
        .arg(&png)
        .output()
        .unwrap();
    let summary = json_line(&out);
    assert_eq!(summary["steps"][0], 300);
    let img = image::open(&png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (4 * 640, 440), "one panel per β");
    // Four heatmaps: viridis purple and yellow in each quarter of the figure.
    for k in 0..4u32 {
        let quarter = img.view(k * 640, 0, 640, 440);
        let has = |c: [u8; 3]| {
            quarter.pixels().any(|(_, _, p)| {
                p.0.iter()
                    .zip(c)
                    .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 8)
            })
        };
        assert!(has([68, 1, 84]) && has([253, 231, 37]), "panel {k}");
    }

    let svg = dir.join("family.svg");
    let out = bin()
        .args(["figure", "--family", "--steps", "50", "--out"])
        .arg(&svg)
        .output()
        .unwrap();
    json_line(&out);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("β = ∞") && text.contains("β family"));

    for bad in [["--density", "3"], ["--view", "heat"], ["--size", "1x1"]] {
        let out = bin()
            .args(["figure", "--out", "x.png"])
            .args(bad)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(bad[0]));
    }
}

#[test]
fn a_saved_session_continues_in_export_and_figure() {
    let dir = scratch("session");
    let session = dir.join("two.energylab");
    let mut settings = Settings::default().with_models(&[ModelId::Gan, ModelId::Ellipse]);
    settings.hyper.max_steps_per_sec = None;
    settings.playing = false;
    let trainer = TrainerHandle::spawn(
        TrainerConfig::new(settings, BackendChoice::Cpu),
        Arc::new(|| {}),
    )
    .unwrap();
    trainer.send(Cmd::Step(40));
    // Steps are queued, not done, when the command is taken: save once both models made them.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        assert!(std::time::Instant::now() < deadline, "40 steps never came");
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(200))
            && s.models.len() == 2
            && s.models.iter().all(|v| v.step >= 40)
        {
            break;
        }
    }
    trainer.send(Cmd::SaveSession {
        path: session.clone(),
        view: serde_json::Value::Null,
        autosave: false,
    });
    match trainer.wait_event(Duration::from_secs(120)) {
        Some(Event::Saved { .. }) => {}
        other => panic!("{other:?}"),
    }
    drop(trainer);

    let csv = dir.join("grid.csv");
    let out = bin()
        .args(["export", "--model", "gan", "--steps", "5", "--out"])
        .arg(&csv)
        .arg("--session")
        .arg(&session)
        .output()
        .unwrap();
    assert_eq!(json_line(&out)["steps"], 45);
    let out = bin()
        .args(["figure", "--steps", "2", "--out"])
        .arg(dir.join("zoo.png"))
        .arg("--session")
        .arg(&session)
        .output()
        .unwrap();
    let summary = json_line(&out);
    assert_eq!(summary["models"], serde_json::json!(["ellipse", "gan"]));
    assert_eq!(summary["steps"], serde_json::json!([42, 42]));

    // A session without the model, and a damaged file: clear errors, exit 1.
    let out = bin()
        .args(["export", "--model", "vae", "--out"])
        .arg(&csv)
        .arg("--session")
        .arg(&session)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no 'vae' model"));
    std::fs::write(dir.join("bad.energylab"), b"not a session").unwrap();
    let out = bin()
        .args(["figure", "--out"])
        .arg(dir.join("bad.png"))
        .arg("--session")
        .arg(dir.join("bad.energylab"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an energy-lab session"));
}
