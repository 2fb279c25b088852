//! Lessons and diagrams from the command line: `figure --lesson N` sets up each lesson's run
//! (its data, models, knobs, β and view) and draws it headless; `figure --diagram` draws block
//! diagrams without training.

use crate::common::{bin, run, scratch};

#[test]
fn every_lessons_figure_renders_headless() {
    let dir = scratch("lessons");
    for n in 1..=10 {
        let out = dir.join(format!("lesson-{n}.png"));
        let (status, stdout, stderr) = run(bin()
            .args([
                "figure",
                "--lesson",
                &n.to_string(),
                "--steps",
                "20",
                "--backend",
                "cpu",
            ])
            .arg("--out")
            .arg(&out));
        assert!(status.status.success(), "lesson {n}: {stderr}");
        let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        let models: Vec<&str> = summary["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let want: &[&str] = match n {
            4 => &["horn-lv", "mse"],
            5 => &["ae"],
            6 => &["dae"],
            7 => &["vae"],
            8 => &["gan"],
            9 => &["ebm"],
            _ => &["ellipse"],
        };
        assert_eq!(models, want, "lesson {n}");
        let image = image::open(&out).unwrap().to_rgb8();
        let distinct: std::collections::HashSet<[u8; 3]> =
            image.pixels().step_by(7).map(|p| p.0).collect();
        assert!(
            distinct.len() > 200,
            "lesson {n}: a picture, {} colours",
            distinct.len()
        );
        // Lesson 1 is the inference lab: two panels side by side.
        if n == 1 {
            assert!(image.width() > image.height() * 2, "the inspector layout");
        }
    }
    let (status, _, stderr) = run(bin().args(["figure", "--lesson", "11", "--out", "x.png"]));
    assert!(
        !status.status.success() && stderr.contains("numbered 1 to 10"),
        "{stderr}"
    );
}

#[test]
fn diagrams_render_without_training() {
    let dir = scratch("diagrams");
    let out = dir.join("d.svg");
    let (status, stdout, stderr) = run(bin()
        .args(["figure", "--diagram", "dae,vae,gan", "--out"])
        .arg(&out));
    assert!(status.status.success(), "{stderr}");
    assert!(
        stdout.contains("\"diagram\":[\"dae\",\"vae\",\"gan\"]"),
        "{stdout}"
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("dae vs vae") && svg.contains("vae vs gan"));
    assert!(svg.contains("γ·KL") && svg.contains("+ σε") && svg.contains("generator G"));
}
