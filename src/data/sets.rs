//! The built-in 2-D data sets: the course's ellipse and horn, and the sets users of GAN Lab and
//! TensorFlow Playground expect. Every one is seeded: the same spec and seed give the same
//! points, bit for bit.

use std::f32::consts::{PI, TAU};
use std::fmt;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{EllipseData, standard_normal_pair};

/// Which generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SetKind {
    Ellipse,
    /// The course's conditional horn; see [`HornView`].
    Horn,
    Spiral,
    Moons,
    Rings,
    /// Eight Gaussians on a circle of radius 2.
    Mixture,
    TwoGaussians,
    ThreeBlobs,
    Line,
}

impl SetKind {
    pub const ALL: [SetKind; 9] = [
        SetKind::Ellipse,
        SetKind::Horn,
        SetKind::Spiral,
        SetKind::Moons,
        SetKind::Rings,
        SetKind::Mixture,
        SetKind::TwoGaussians,
        SetKind::ThreeBlobs,
        SetKind::Line,
    ];

    /// The name on the command line (`--data spiral`).
    pub fn key(self) -> &'static str {
        match self {
            SetKind::Ellipse => "ellipse",
            SetKind::Horn => "horn",
            SetKind::Spiral => "spiral",
            SetKind::Moons => "moons",
            SetKind::Rings => "rings",
            SetKind::Mixture => "mixture",
            SetKind::TwoGaussians => "two-gaussians",
            SetKind::ThreeBlobs => "three-blobs",
            SetKind::Line => "line",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            SetKind::Ellipse => "Ellipse (course)",
            SetKind::Horn => "Horn (course, conditional)",
            SetKind::Spiral => "Spiral",
            SetKind::Moons => "Two moons",
            SetKind::Rings => "Concentric rings",
            SetKind::Mixture => "Mixture of 8 Gaussians",
            SetKind::TwoGaussians => "Two Gaussians",
            SetKind::ThreeBlobs => "Three blobs",
            SetKind::Line => "Line",
        }
    }

    /// (sample count, noise σ) that show the set's shape.
    pub fn defaults(self) -> (usize, f32) {
        match self {
            SetKind::Ellipse | SetKind::Horn => (24, 0.05),
            SetKind::Spiral => (100, 0.04),
            SetKind::Moons => (100, 0.06),
            SetKind::Rings => (100, 0.05),
            SetKind::Mixture => (200, 0.1),
            SetKind::TwoGaussians => (100, 0.3),
            SetKind::ThreeBlobs => (120, 0.2),
            SetKind::Line => (50, 0.05),
        }
    }
}

/// The horn's 2-D view: one slice at x, or every x at once (coloured by x).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum HornView {
    Slice(f32),
    AllX,
}

/// A built-in set with its live controls.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SetSpec {
    pub kind: SetKind,
    pub count: usize,
    pub noise: f32,
    /// Only read for the horn.
    pub horn: HornView,
    /// Which draw of the set ("regenerate" counts up): 0 is the run's seed itself.
    pub sample: u32,
}

/// The most samples a built-in set offers (the CSV row limit is the same).
pub const MAX_COUNT: usize = super::MAX_POINTS;

impl SetSpec {
    pub fn new(kind: SetKind) -> Self {
        let (count, noise) = kind.defaults();
        SetSpec {
            kind,
            count,
            noise,
            horn: HornView::Slice(0.0),
            sample: 0,
        }
    }

    /// The samples, and for the horn over all x each sample's x (for colouring).
    pub fn generate_with_x(&self, seed: u64) -> (Vec<[f32; 2]>, Option<Vec<f32>>) {
        let seed = seed ^ u64::from(self.sample).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut rng = StdRng::seed_from_u64(seed);
        let n = self.count.min(MAX_COUNT);
        let s = self.noise;
        let noisy = |rng: &mut StdRng, p: [f32; 2]| {
            let [e1, e2] = standard_normal_pair(rng);
            [p[0] + s * e1, p[1] + s * e2]
        };
        let points = match (self.kind, self.horn) {
            (SetKind::Ellipse, _) => EllipseData {
                count: n,
                noise: s,
                ..EllipseData::default()
            }
            .generate(seed),
            (SetKind::Horn, HornView::Slice(x)) => (0..n).map(|_| horn(&mut rng, x, s)).collect(),
            (SetKind::Horn, HornView::AllX) => {
                let xs: Vec<f32> = (0..n).map(|_| rng.random::<f32>()).collect();
                let points = xs.iter().map(|x| horn(&mut rng, *x, s)).collect();
                return (points, Some(xs));
            }
            (SetKind::Spiral, _) => (0..n)
                .map(|_| {
                    let t: f32 = rng.random();
                    let (angle, r) = (1.25 * TAU * t, 0.3 + 1.7 * t);
                    noisy(&mut rng, [r * angle.cos(), r * angle.sin()])
                })
                .collect(),
            (SetKind::Moons, _) => (0..n)
                .map(|i| {
                    let a = PI * rng.random::<f32>();
                    // Upper moon centred at the origin's left, lower one interlocking it.
                    let p = if i % 2 == 0 {
                        [a.cos() - 0.5, a.sin() - 0.25]
                    } else {
                        [0.5 - a.cos(), 0.25 - a.sin()]
                    };
                    noisy(&mut rng, [1.5 * p[0], 1.5 * p[1]])
                })
                .collect(),
            (SetKind::Rings, _) => (0..n)
                .map(|i| {
                    let a = TAU * rng.random::<f32>();
                    let r = if i % 2 == 0 { 0.8 } else { 1.8 };
                    noisy(&mut rng, [r * a.cos(), r * a.sin()])
                })
                .collect(),
            (SetKind::Mixture, _) => blobs(&mut rng, n, &circle_of(8, 2.0), s),
            (SetKind::TwoGaussians, _) => blobs(&mut rng, n, &[[-1.5, 0.0], [1.5, 0.0]], s),
            (SetKind::ThreeBlobs, _) => blobs(&mut rng, n, &circle_of(3, 1.5), s),
            (SetKind::Line, _) => (0..n)
                .map(|_| {
                    let t = 2.0 * rng.random::<f32>() - 1.0;
                    noisy(&mut rng, [2.0 * t, t])
                })
                .collect(),
        };
        (points, None)
    }

    pub fn generate(&self, seed: u64) -> Vec<[f32; 2]> {
        self.generate_with_x(seed).0
    }
}

/// One horn sample at x: the same draws in the same order as the ellipse, so the slice at
/// x = 0 *is* the course's ellipse.
fn horn(rng: &mut StdRng, x: f32, noise: f32) -> [f32; 2] {
    let grow = (2.0 * x).exp();
    let rho = [
        (1.5 * x + 2.0 * (1.0 - x)) * grow,
        (2.0 * x + 1.5 * (1.0 - x)) * grow,
    ];
    let theta = rng.random_range(0.0..TAU);
    let [e1, e2] = standard_normal_pair(rng);
    [
        rho[0] * theta.cos() + noise * e1,
        rho[1] * theta.sin() + noise * e2,
    ]
}

fn circle_of(modes: usize, radius: f32) -> Vec<[f32; 2]> {
    (0..modes)
        .map(|k| {
            let a = PI / 2.0 + TAU * k as f32 / modes as f32;
            [radius * a.cos(), radius * a.sin()]
        })
        .collect()
}

/// `n` samples spread evenly over isotropic Gaussians at `centres` with std `sigma`.
fn blobs(rng: &mut StdRng, n: usize, centres: &[[f32; 2]], sigma: f32) -> Vec<[f32; 2]> {
    (0..n)
        .map(|i| {
            let c = centres[i % centres.len()];
            let [e1, e2] = standard_normal_pair(rng);
            [c[0] + sigma * e1, c[1] + sigma * e2]
        })
        .collect()
}

/// Why a `--data` value was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SetSpecError {
    #[error("unknown data set {0:?}: expected one of {list} or a path to a .csv file", list = set_list())]
    UnknownSet(String),
    #[error("bad data option {0:?}: expected n=COUNT, noise=SIGMA, x=0…1 (horn) or all (horn)")]
    BadOption(String),
    #[error("{key} = {value} is out of range: expected {expected}")]
    OutOfRange {
        key: &'static str,
        value: String,
        expected: &'static str,
    },
}

fn set_list() -> String {
    SetKind::ALL.map(SetKind::key).join(", ")
}

impl FromStr for SetSpec {
    type Err = SetSpecError;

    /// `spiral`, `horn:x=0.3`, `horn:all`, `moons:n=300,noise=0.1`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (name, options) = s.split_once(':').unwrap_or((s, ""));
        let kind = SetKind::ALL
            .into_iter()
            .find(|k| k.key() == name.trim())
            .ok_or_else(|| SetSpecError::UnknownSet(s.to_owned()))?;
        let mut spec = SetSpec::new(kind);
        for option in options.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            let bad = || SetSpecError::BadOption(option.to_owned());
            if option == "all" && kind == SetKind::Horn {
                spec.horn = HornView::AllX;
                continue;
            }
            let (key, value) = option.split_once('=').ok_or_else(bad)?;
            let out_of_range = |key, expected| SetSpecError::OutOfRange {
                key,
                value: value.to_owned(),
                expected,
            };
            match key.trim() {
                "n" => {
                    spec.count = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_COUNT).contains(n))
                        .ok_or_else(|| out_of_range("n", "a count 1…10000"))?;
                }
                "noise" => {
                    spec.noise = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|s: &f32| (0.0..=5.0).contains(s))
                        .ok_or_else(|| out_of_range("noise", "σ in 0…5"))?;
                }
                "x" if kind == SetKind::Horn => {
                    let x = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|x: &f32| (0.0..=1.0).contains(x))
                        .ok_or_else(|| out_of_range("x", "x in 0…1"))?;
                    spec.horn = HornView::Slice(x);
                }
                _ => return Err(bad()),
            }
        }
        Ok(spec)
    }
}

impl fmt::Display for SetSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:n={},noise={}",
            self.kind.key(),
            self.count,
            self.noise
        )?;
        match (self.kind, self.horn) {
            (SetKind::Horn, HornView::Slice(x)) => write!(f, ",x={x}"),
            (SetKind::Horn, HornView::AllX) => write!(f, ",all"),
            _ => Ok(()),
        }
    }
}
