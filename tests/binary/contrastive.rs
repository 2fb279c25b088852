//! The energy network end to end: trained from the command line with a named loss and negative
//! source, and `export --samples` drawing reproducible samples of e^{−β·surface}.

use crate::common::{bin, run, scratch};

fn export(dir: &std::path::Path, name: &str, extra: &[&str]) -> (bool, String, String) {
    let (out, stdout, stderr) = run(bin()
        .args([
            "export",
            "--model",
            "ebm",
            "--steps",
            "600",
            "--backend",
            "cpu",
        ])
        .args(["--grid", "61x41", "--beta", "1", "--out"])
        .arg(dir.join(format!("{name}.csv")))
        .args(extra));
    (out.status.success(), stdout, stderr)
}

fn points(path: &std::path::Path) -> Vec<[f64; 2]> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("y1,y2"));
    lines
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            [a.parse().unwrap(), b.parse().unwrap()]
        })
        .collect()
}

#[test]
fn the_energy_network_exports_reproducible_samples_at_beta() {
    let dir = scratch("ebm");
    let samples = |name: &str, seed: &str| {
        let path = dir.join(format!("{name}-s.csv"));
        let path_text = path.to_str().unwrap().to_owned();
        let (ok, stdout, stderr) = export(
            &dir,
            name,
            &[
                "--seed",
                seed,
                "--set",
                "loss=hinge",
                "--set",
                "negatives=langevin",
            ]
            .into_iter()
            .chain(["--samples", "3000", "--samples-out", &path_text])
            .collect::<Vec<_>>(),
        );
        assert!(ok, "{stderr}");
        (points(&path), stdout)
    };
    let (a, stdout) = samples("a", "3");
    assert!(stdout.contains("\"loss\":1.0"), "the hinge: {stdout}");
    assert!(stdout.contains("\"samples\":{\"n\":3000"), "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let tv = summary["samples"]["tv"].as_f64().unwrap();
    let floor = summary["samples"]["tv_exact_samples"].as_f64().unwrap();
    println!("TV {tv}, exact-sample floor {floor}");
    assert!(tv < floor + 0.1, "TV {tv} vs exact-sample floor {floor}");
    assert_eq!(a.len(), 3000);
    let (b, _) = samples("b", "3");
    assert_eq!(a, b, "the same seed draws the same samples");
    let (c, _) = samples("c", "4");
    assert_ne!(a, c);
    // The samples sit in the cold set: most within 0.5 of a datum of the course's ellipse.
    let data: Vec<[f64; 2]> = (0..48)
        .map(|k| {
            let z = std::f64::consts::TAU * k as f64 / 48.0;
            [2.0 * z.cos(), 1.5 * z.sin()]
        })
        .collect();
    let near = a
        .iter()
        .filter(|p| data.iter().any(|d| (d[0] - p[0]).hypot(d[1] - p[1]) < 0.5))
        .count();
    assert!(near > 2000, "{near} of 3000 near the ellipse");
}

#[test]
fn bad_sample_requests_are_refused_with_their_reason() {
    let dir = scratch("ebm-bad");
    for (args, says) in [
        (
            vec!["--samples", "0", "--samples-out", "x.csv"],
            "samples must be",
        ),
        (vec!["--samples", "10"], "--samples-out"),
        (
            vec!["--set", "loss=maybe"],
            "neither a number nor a named choice",
        ),
        (
            vec!["--set", "negatives=7"],
            "one of langevin (0), noise (1), uniform (2)",
        ),
    ] {
        let (ok, _, stderr) = export(&dir, "bad", &args);
        assert!(!ok && stderr.contains(says), "{args:?}: {stderr}");
    }
}
