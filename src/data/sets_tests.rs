//! The built-in sets: the course's reference shapes, counts, seeds and extents.

use super::sets::{HornView, SetKind, SetSpec};
use super::{DataSource, EllipseData};
use crate::energy::Extent;

/// Least-squares fit of an axis-aligned ellipse a·y1² + b·y2² = 1 centred at 0; returns the
/// semi-axes (1/√a, 1/√b).
fn fitted_semi_axes(points: &[[f32; 2]]) -> (f64, f64) {
    // Normal equations of min Σ (a u + b v − 1)², u = y1², v = y2².
    let (mut uu, mut uv, mut vv, mut u1, mut v1) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for p in points {
        let (u, v) = (f64::from(p[0]).powi(2), f64::from(p[1]).powi(2));
        uu += u * u;
        uv += u * v;
        vv += v * v;
        u1 += u;
        v1 += v;
    }
    let det = uu * vv - uv * uv;
    let a = (u1 * vv - v1 * uv) / det;
    let b = (uu * v1 - uv * u1) / det;
    (1.0 / a.sqrt(), 1.0 / b.sqrt())
}

#[test]
fn the_ellipse_has_the_course_semi_axes() {
    let spec = SetSpec {
        count: 4000,
        ..SetSpec::new(SetKind::Ellipse)
    };
    let (a, b) = fitted_semi_axes(&spec.generate(3));
    eprintln!("fitted semi-axes ({a:.4}, {b:.4})");
    assert!(
        (a - 2.0).abs() < 0.02 && (b - 1.5).abs() < 0.02,
        "({a}, {b})"
    );
    // The default is the course's 24 points, the same ones the foundation used.
    assert_eq!(
        SetSpec::new(SetKind::Ellipse).generate(0),
        EllipseData::default().generate(0)
    );
}

#[test]
fn the_horn_at_x_zero_is_the_ellipse_and_widens_with_x() {
    for seed in [0, 1, 9] {
        let horn = SetSpec {
            horn: HornView::Slice(0.0),
            ..SetSpec::new(SetKind::Horn)
        };
        assert_eq!(
            horn.generate(seed),
            SetSpec::new(SetKind::Ellipse).generate(seed),
            "seed {seed}"
        );
    }
    // At x = 1 the radii are (1.5, 2)·e²: the horn's mouth, rotated by 90°.
    let mouth = SetSpec {
        count: 4000,
        noise: 0.0,
        horn: HornView::Slice(1.0),
        ..SetSpec::new(SetKind::Horn)
    };
    let (a, b) = fitted_semi_axes(&mouth.generate(0));
    let e2 = std::f64::consts::E.powi(2);
    assert!(
        (a - 1.5 * e2).abs() < 0.01 && (b - 2.0 * e2).abs() < 0.01,
        "({a}, {b})"
    );
    // All x at once: one x per point, in [0, 1], spread over the range.
    let all = SetSpec {
        count: 500,
        horn: HornView::AllX,
        ..SetSpec::new(SetKind::Horn)
    };
    let (points, xs) = all.generate_with_x(0);
    let xs = xs.expect("the horn over all x reports each point's x");
    assert_eq!((points.len(), xs.len()), (500, 500));
    assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    let mean = xs.iter().sum::<f32>() / 500.0;
    assert!((mean - 0.5).abs() < 0.05, "{mean}");
}

#[test]
fn every_set_has_its_count_its_seed_and_its_extent() {
    // (set, |y| bound on each axis given its default noise: generous, but it catches a set
    // drawn at the wrong scale)
    let bounds = [
        (SetKind::Ellipse, [2.4, 1.9]),
        (SetKind::Horn, [2.4, 1.9]),
        (SetKind::Spiral, [2.3, 2.3]),
        (SetKind::Moons, [2.6, 1.9]),
        (SetKind::Rings, [2.1, 2.1]),
        (SetKind::Mixture, [2.6, 2.6]),
        (SetKind::TwoGaussians, [3.0, 1.5]),
        (SetKind::ThreeBlobs, [2.2, 2.2]),
        (SetKind::Line, [2.3, 1.3]),
    ];
    for (kind, [b1, b2]) in bounds {
        let spec = SetSpec::new(kind);
        let a = spec.generate(5);
        assert_eq!(a.len(), kind.defaults().0, "{kind:?}");
        assert_eq!(a, spec.generate(5), "{kind:?} is seeded");
        assert_ne!(a, spec.generate(6), "{kind:?} changes with the seed");
        let regenerated = SetSpec { sample: 1, ..spec };
        assert_ne!(a, regenerated.generate(5), "{kind:?} regenerates");
        let big = SetSpec { count: 777, ..spec };
        assert_eq!(big.generate(5).len(), 777);
        for p in &a {
            assert!(p[0].abs() <= b1 && p[1].abs() <= b2, "{kind:?}: {p:?}");
        }
        // Each set's points fill its extent: none is a degenerate blob at the origin.
        let spread = a.iter().map(|p| p[0].hypot(p[1])).fold(0.0f32, f32::max);
        assert!(spread > 0.8, "{kind:?} spread {spread}");
        // The view around them contains them all.
        let view = Extent::around(&a);
        assert!(a.iter().all(|p| {
            (view.y1.0..=view.y1.1).contains(&p[0]) && (view.y2.0..=view.y2.1).contains(&p[1])
        }));
    }
}

#[test]
fn mixtures_put_equal_shares_near_their_modes() {
    let spec = SetSpec::new(SetKind::Mixture);
    let points = spec.generate(0);
    for k in 0..8 {
        let a = std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * k as f32 / 8.0;
        let mode = [2.0 * a.cos(), 2.0 * a.sin()];
        let near = points
            .iter()
            .filter(|p| (p[0] - mode[0]).hypot(p[1] - mode[1]) < 0.5)
            .count();
        assert_eq!(near, 25, "mode {k}");
    }
}

#[test]
fn data_specs_parse_and_print_back() {
    let horn: SetSpec = "horn:x=0.3".parse().unwrap();
    assert_eq!(horn.horn, HornView::Slice(0.3));
    let all: SetSpec = "horn:all,n=300".parse().unwrap();
    assert_eq!((all.horn, all.count), (HornView::AllX, 300));
    let moons: SetSpec = "moons:n=300,noise=0.1".parse().unwrap();
    assert_eq!(
        (moons.kind, moons.count, moons.noise),
        (SetKind::Moons, 300, 0.1)
    );
    for spec in [horn, all, moons, SetSpec::new(SetKind::Line)] {
        assert_eq!(spec.to_string().parse::<SetSpec>().unwrap(), spec);
    }
    for bad in [
        "circle",
        "moons:n=0",
        "moons:n=20000",
        "horn:x=2",
        "spiral:x=0.5",
        "rings:foo",
    ] {
        let err = bad.parse::<SetSpec>().unwrap_err().to_string();
        assert!(!err.is_empty(), "{bad}");
    }
    assert!(
        "circle"
            .parse::<SetSpec>()
            .unwrap_err()
            .to_string()
            .contains("spiral")
    );
}

#[test]
fn the_course_view_stays_for_the_ellipse_and_other_data_get_their_own() {
    let ellipse = DataSource::default().points(0);
    assert_eq!(Extent::around(&ellipse), Extent::COURSE);
    let far = [[10.0, 20.0], [14.0, 22.0]];
    let view = Extent::around(&far);
    assert_eq!(view.y1, (9.0, 15.0)); // pad = max(0.25 · 4, 0.5) = 1
    assert_eq!(view.y2, (19.0, 23.0));
    assert_eq!(Extent::around(&[]), Extent::COURSE);
    assert_eq!(Extent::around(&[[f32::NAN, 0.0]]), Extent::COURSE);
}

/// Conditional rows (x, y₁, y₂): the horn over all x puts each y on the slice of its x; a CSV
/// file gives x from the column asked for; sessions keep x bit for bit and refuse a count
/// mismatch.
#[test]
fn conditional_rows_come_from_the_horn_and_from_a_csv_x_column() {
    let horn = DataSource::Set("horn:all,n=50,noise=0".parse().unwrap());
    let (ys, xs) = (horn.points(3), horn.inputs(3).unwrap());
    assert_eq!(xs.len(), 50);
    for (y, x) in ys.iter().zip(&xs) {
        assert!((0.0..=1.0).contains(x));
        let grow = (2.0 * x).exp();
        let rho = [
            (1.5 * x + 2.0 * (1.0 - x)) * grow,
            (2.0 * x + 1.5 * (1.0 - x)) * grow,
        ];
        let on = (y[0] / rho[0]).powi(2) + (y[1] / rho[1]).powi(2);
        assert!((on - 1.0).abs() < 1e-4, "y on its slice: {on}");
    }
    assert!(DataSource::default().inputs(0).is_none());

    let path = std::env::temp_dir().join(format!("energy-lab-x-{}.csv", std::process::id()));
    std::fs::write(&path, "a,b,x\n1,2,0.1\n3,4,0.9\n").unwrap();
    let rows = DataSource::from_csv_file_with_x(&path, 3).unwrap();
    assert_eq!(rows.points(0), vec![[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(rows.inputs(0), Some(vec![0.1, 0.9]));
    let first = DataSource::from_csv_file_with_x(&path, 1).unwrap();
    assert_eq!(first.points(0), vec![[2.0, 0.1], [4.0, 0.9]]);
    assert!(
        DataSource::from_csv_file_with_x(&path, 7).is_err(),
        "no column 7"
    );
    std::fs::remove_file(&path).ok();

    let json = serde_json::to_string(&rows).unwrap();
    assert_eq!(serde_json::from_str::<DataSource>(&json).unwrap(), rows);
    let bad = json.replace("\"x\":[", "\"x\":[0,");
    assert!(serde_json::from_str::<DataSource>(&bad).is_err(), "{bad}");
}
