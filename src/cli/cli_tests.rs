//! The flags: what parses, and what is refused with exit code 2 and the flag's name.

use super::*;

#[test]
fn export_flags_parse_and_bad_values_name_the_flag() {
    let cli = Cli::try_parse_from([
        "energy-lab",
        "export",
        "--steps",
        "5",
        "--set",
        "w1=2",
        "--set",
        "w2=1.5",
        "--beta",
        "inf",
        "--grid",
        "3x2",
        "--extent",
        "-1,1,-2,2",
        "--out",
        "g.csv",
    ])
    .unwrap();
    let Some(Commands::Export(args)) = cli.command else {
        panic!("expected export")
    };
    assert_eq!(args.steps, 5);
    assert_eq!(
        args.set,
        vec![("w1".to_owned(), 2.0), ("w2".to_owned(), 1.5)]
    );
    assert_eq!(cli.common.single_beta(), Ok(Beta::Infinite));
    assert_eq!(
        args.extent,
        Some(Extent::new((-1.0, 1.0), (-2.0, 2.0)).unwrap())
    );

    for (flag, value) in [
        ("--grid", "0x0"),
        ("--grid", "100000x100000"),
        ("--beta", "-1"),
        ("--steps", "99999999999"),
        ("--model", "unicorn"),
        ("--lr", "0"),
        ("--set", "w1"),
    ] {
        let err =
            Cli::try_parse_from(["energy-lab", "export", "--out", "x", flag, value]).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{flag} {value}");
        assert!(err.to_string().contains(flag), "{flag}: {err}");
    }
}

#[test]
fn screenshot_needs_quit_after_steps_or_seconds() {
    assert!(Cli::try_parse_from(["energy-lab", "--screenshot", "a.png"]).is_err());
    let timed = Cli::try_parse_from([
        "energy-lab",
        "--screenshot",
        "a.png",
        "--quit-after-seconds",
        "1.5",
    ])
    .unwrap();
    assert_eq!(timed.quit_after_seconds, Some(1.5));
    for bad in ["0", "-1", "nan", "inf", "soon"] {
        let err = Cli::try_parse_from([
            "energy-lab",
            "--screenshot",
            "a.png",
            "--quit-after-seconds",
            bad,
        ])
        .unwrap_err();
        assert_eq!(err.exit_code(), 2, "{bad}");
    }
    // One way to stop, not both.
    assert!(
        Cli::try_parse_from([
            "energy-lab",
            "--screenshot",
            "a.png",
            "--quit-after-seconds",
            "1",
            "--quit-after-steps",
            "3",
        ])
        .is_err()
    );
    let cli = Cli::try_parse_from([
        "energy-lab",
        "--screenshot",
        "a.png",
        "--quit-after-steps",
        "3",
    ])
    .unwrap();
    assert_eq!(cli.quit_after_steps, Some(3));
}

#[test]
fn the_probe_is_a_point() {
    let scripted = [
        "energy-lab",
        "--screenshot",
        "a.png",
        "--quit-after-steps",
        "0",
    ];
    let with =
        |probe: &str| Cli::try_parse_from(scripted.iter().copied().chain(["--probe", probe]));
    assert_eq!(with("0,0").unwrap().probe, Some([0.0, 0.0]));
    assert_eq!(with("-1.5, 0.25").unwrap().probe, Some([-1.5, 0.25]));
    for bad in ["0", "1,x", "1,2,3", "nan,0", ""] {
        assert_eq!(with(bad).unwrap_err().exit_code(), 2, "{bad}");
    }
    // The window opens the inference lab on it too.
    assert_eq!(
        Cli::try_parse_from(["energy-lab", "--probe", "1,-2", "--forces"])
            .unwrap()
            .probe,
        Some([1.0, -2.0])
    );
}

#[test]
fn the_window_takes_a_list_of_models() {
    let models = |arg: &str| {
        Cli::try_parse_from(["energy-lab", "--model", arg]).map(|c| c.model.map(|m| m.0))
    };
    assert_eq!(
        models("gan,ae").unwrap(),
        Some(vec![ModelId::Gan, ModelId::Ae])
    );
    assert_eq!(models("all").unwrap(), Some(ModelId::ALL.to_vec()));
    assert_eq!(Cli::try_parse_from(["energy-lab"]).unwrap().model, None);
    for bad in ["ae,ae", "ae,", "unicorn"] {
        let err = models(bad).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{bad}");
        assert!(err.to_string().contains("--model"), "{bad}: {err}");
    }
}

#[test]
fn conditional_data_three_d_and_slices_parse() {
    let figure = Cli::try_parse_from([
        "energy-lab",
        "figure",
        "--view",
        "3d",
        "--azimuth",
        "-30",
        "--elevation",
        "60",
        "--out",
        "f.png",
    ])
    .unwrap();
    let Some(Commands::Figure(args)) = figure.command else {
        panic!("expected figure")
    };
    assert_eq!(
        (args.view, args.azimuth, args.elevation),
        (FigureView::ThreeD, -30.0, 60.0)
    );
    let export = Cli::try_parse_from([
        "energy-lab",
        "export",
        "--model",
        "horn-lv",
        "--data",
        "horn:all,n=400",
        "--x",
        "0.5",
        "--manifold-out",
        "m.csv",
        "--out",
        "g.csv",
    ])
    .unwrap();
    let Some(Commands::Export(args)) = export.command else {
        panic!("expected export")
    };
    assert_eq!(args.x, Some(0.5));
    assert_eq!(args.model, ModelId::HornLv);
    assert_eq!(
        parse_data("rows.csv:x=3"),
        Ok(DataArg::Csv(PathBuf::from("rows.csv"), Some(3)))
    );
    assert!(parse_data("rows.csv:x=0").is_err());
    for bad in [
        vec!["energy-lab", "export", "--x", "1.5", "--out", "g.csv"],
        vec!["energy-lab", "figure", "--view", "4d", "--out", "f.png"],
        vec!["energy-lab", "--spin"],
        vec!["energy-lab", "--three-d", "--probe", "0,0"],
    ] {
        assert_eq!(
            Cli::try_parse_from(&bad).unwrap_err().exit_code(),
            2,
            "{bad:?}"
        );
    }
    assert!(
        Cli::try_parse_from(["energy-lab", "--three-d", "--spin"])
            .unwrap()
            .three_d
    );
}

#[test]
fn bench_refuses_the_flags_it_would_ignore() {
    for flag in [
        ["--seed", "3"],
        ["--data", "moons"],
        ["--lr", "0.01"],
        ["--beta", "2"],
    ] {
        let err = Cli::try_parse_checked(["energy-lab", "bench", flag[0], flag[1]]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
        assert!(err.to_string().contains(flag[0]), "{err}");
        assert!(
            err.to_string()
                .contains("on fixed data (only --backend, --quick"),
            "{err}"
        );
        // Before the sub-command too (they are global flags).
        let err = Cli::try_parse_checked(["energy-lab", flag[0], flag[1], "bench"]).unwrap_err();
        assert!(err.to_string().contains(flag[0]), "{err}");
    }
    let cli = Cli::try_parse_checked(["energy-lab", "bench", "--quick", "--backend", "cpu"]);
    assert!(cli.is_ok());
    let cli = Cli::try_parse_checked(["energy-lab", "export", "--seed", "3", "--out", "x.csv"]);
    assert!(cli.is_ok());
}

#[test]
fn value_lists_come_from_one_place_and_typos_get_a_suggestion() {
    let err =
        Cli::try_parse_checked(["energy-lab", "export", "--view", "densty", "--out", "x.csv"])
            .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    let text = err.to_string();
    assert!(text.contains("similar value exists: 'density'"), "{text}");
    assert!(text.contains("energy, free-energy, density"), "{text}");
    let err = Cli::try_parse_checked(["energy-lab", "figure", "--theme", "drak", "--out", "f.png"])
        .unwrap_err();
    assert!(err.to_string().contains("'dark'"), "{err}");
    // The old name of the linear scale is still taken, and not advertised.
    let cli = Cli::try_parse_checked([
        "energy-lab",
        "figure",
        "--colours",
        "auto",
        "--out",
        "f.png",
    ])
    .unwrap();
    let Some(Commands::Figure(args)) = cli.command else {
        panic!("figure");
    };
    assert_eq!(args.colours, ColourScale::Linear);
    let err = Cli::try_parse_checked(["energy-lab", "figure", "--colours", "x", "--out", "f.png"])
        .unwrap_err();
    assert!(!err.to_string().contains("auto"), "{err}");
    let err = Cli::try_parse_checked(["energy-lab", "export", "--steps", "10000001", "--out", "x"])
        .unwrap_err();
    assert!(err.to_string().contains("0..=10000000"), "{err}");
}
