//! 2-D data sets. Every generator is seeded: the same seed gives the same points, bit for bit.

pub mod csv;
#[cfg(test)]
mod csv_tests;
pub mod sets;
#[cfg(test)]
mod sets_tests;

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use sets::{SetKind, SetSpec};

/// The most points a data set may have. Every enabled model trains on every point at each
/// step (the VAE on eight draws of each), so the step time grows linearly with it; see the
/// README for the measured cost.
pub const MAX_POINTS: usize = 10_000;

/// Where the training data comes from. In a session file it is written as the set it was
/// drawn from (redrawn from the seed, bit for bit) or the user's points themselves.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(into = "DataFile", try_from = "DataFile")]
pub enum DataSource {
    /// A built-in generator, redrawn from the run's seed.
    Set(SetSpec),
    /// The user's own points (drawn on the plot or imported), kept as they are by a reset;
    /// with an input x per point when a CSV file gave one (conditional rows (x, y₁, y₂)).
    Points {
        label: String,
        points: Arc<[[f32; 2]]>,
        x: Option<Arc<[f32]>>,
    },
}

/// A [`DataSource`] as a session file keeps it: the set, a label and (for the user's own
/// points) the points as `f32::to_bits`, exact and NaN-proof in JSON. Files of format 1 also
/// kept a set's points; a set is redrawn instead (the same bits, from the same seed).
#[derive(serde::Serialize, serde::Deserialize)]
struct DataFile {
    set: Option<SetSpec>,
    label: String,
    #[serde(default)]
    points: Vec<[u32; 2]>,
    /// Each point's input x (conditional rows), as bits; absent for plain points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    x: Vec<u32>,
}

impl From<DataSource> for DataFile {
    fn from(source: DataSource) -> Self {
        let label = source.label();
        match source {
            DataSource::Set(spec) => DataFile {
                set: Some(spec),
                label,
                points: Vec::new(),
                x: Vec::new(),
            },
            DataSource::Points { points, x, .. } => DataFile {
                set: None,
                label,
                points: points.iter().map(|p| p.map(f32::to_bits)).collect(),
                x: x.iter()
                    .flat_map(|x| x.iter().map(|v| v.to_bits()))
                    .collect(),
            },
        }
    }
}

impl TryFrom<DataFile> for DataSource {
    type Error = String;

    /// Refuses more than [`MAX_POINTS`], drawn or asked of a set.
    fn try_from(file: DataFile) -> Result<Self, Self::Error> {
        match file.set {
            Some(spec) if spec.count > MAX_POINTS => Err(format!(
                "its data set asks for {} points (the limit is {MAX_POINTS})",
                spec.count
            )),
            Some(spec) => Ok(DataSource::Set(spec)),
            None if file.points.len() > MAX_POINTS => Err(format!(
                "{} data points (the limit is {MAX_POINTS})",
                file.points.len()
            )),
            None if !file.x.is_empty() && file.x.len() != file.points.len() => Err(format!(
                "{} inputs x for {} points",
                file.x.len(),
                file.points.len()
            )),
            None => Ok(DataSource::Points {
                label: file.label,
                points: file.points.iter().map(|p| p.map(f32::from_bits)).collect(),
                x: (!file.x.is_empty())
                    .then(|| file.x.iter().map(|b| f32::from_bits(*b)).collect()),
            }),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CsvFileError {
    #[error("could not read {path}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: std::path::PathBuf,
        source: csv::CsvError,
    },
}

impl Default for DataSource {
    fn default() -> Self {
        DataSource::Set(SetSpec::new(SetKind::Ellipse))
    }
}

impl DataSource {
    pub fn points(&self, seed: u64) -> Vec<[f32; 2]> {
        match self {
            DataSource::Set(spec) => spec.generate(seed),
            DataSource::Points { points, .. } => points.to_vec(),
        }
    }

    /// Each point's input x for conditional rows (the horn over all x, a CSV file with an x
    /// column); `None` for plain 2-D data.
    pub fn inputs(&self, seed: u64) -> Option<Vec<f32>> {
        match self {
            DataSource::Set(spec) => spec.generate_with_x(seed).1,
            DataSource::Points { x, .. } => x.as_ref().map(|x| x.to_vec()),
        }
    }

    /// The points of a CSV file (its first two numeric columns), labelled by file name.
    pub fn from_csv_file(path: &std::path::Path) -> Result<DataSource, CsvFileError> {
        Self::from_csv(path, None)
    }

    /// Conditional rows from a CSV file: column `x_column` (1-based) is x, the first two other
    /// numeric columns are y.
    pub fn from_csv_file_with_x(
        path: &std::path::Path,
        x_column: usize,
    ) -> Result<DataSource, CsvFileError> {
        Self::from_csv(path, Some(x_column))
    }

    fn from_csv(
        path: &std::path::Path,
        x_column: Option<usize>,
    ) -> Result<DataSource, CsvFileError> {
        let bytes = std::fs::read(path).map_err(|source| CsvFileError::Read {
            path: path.to_owned(),
            source,
        })?;
        let table = csv::CsvTable::parse_bytes(&bytes).map_err(|source| CsvFileError::Parse {
            path: path.to_owned(),
            source,
        })?;
        let parse_error = |source| CsvFileError::Parse {
            path: path.to_owned(),
            source,
        };
        let (points, x) = match x_column {
            None => (
                table.points(table.default_columns()).map_err(parse_error)?,
                None,
            ),
            Some(c) => {
                let x = table.column(c.saturating_sub(1)).map_err(parse_error)?;
                let others: Vec<usize> = table
                    .numeric_columns()
                    .into_iter()
                    .filter(|k| *k + 1 != c)
                    .collect();
                let ys = match others.as_slice() {
                    [a, b, ..] => (*a, *b),
                    _ => return Err(parse_error(csv::CsvError::TooFewColumns)),
                };
                (table.points(ys).map_err(parse_error)?, Some(x.into()))
            }
        };
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(DataSource::Points {
            label: name,
            points: points.into(),
            x,
        })
    }

    /// What the window and the exports call it.
    pub fn label(&self) -> String {
        match self {
            DataSource::Set(spec) => spec.to_string(),
            DataSource::Points { label, .. } => label.clone(),
        }
    }
}

/// The course's ellipse: θ ~ U(0, 2π), y = (2 cos θ, 1.5 sin θ) + N(0, σ²) per coordinate.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EllipseData {
    pub count: usize,
    pub noise: f32,
    pub semi_axes: [f32; 2],
}

impl Default for EllipseData {
    /// 24 samples, σ = 0.05, semi-axes (2, 1.5), as in the lectures.
    fn default() -> Self {
        EllipseData {
            count: 24,
            noise: 0.05,
            semi_axes: [2.0, 1.5],
        }
    }
}

impl EllipseData {
    pub fn generate(&self, seed: u64) -> Vec<[f32; 2]> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..self.count)
            .map(|_| {
                let theta = rng.random_range(0.0..std::f32::consts::TAU);
                let [e1, e2] = standard_normal_pair(&mut rng);
                [
                    self.semi_axes[0] * theta.cos() + self.noise * e1,
                    self.semi_axes[1] * theta.sin() + self.noise * e2,
                ]
            })
            .collect()
    }
}

/// Two independent N(0, 1) draws by Box–Muller (two uniforms, no extra dependency).
pub fn standard_normal_pair<R: rand::Rng + ?Sized>(rng: &mut R) -> [f32; 2] {
    // 1 − u keeps the argument of the log in (0, 1].
    let u1: f32 = 1.0 - rng.random::<f32>();
    let u2: f32 = rng.random::<f32>();
    let r = (-2.0 * u1.ln()).sqrt();
    let a = std::f32::consts::TAU * u2;
    [r * a.cos(), r * a.sin()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipse_is_seeded_and_lies_near_the_course_ellipse() {
        let spec = EllipseData::default();
        let a = spec.generate(7);
        assert_eq!(a.len(), 24);
        assert_eq!(a, spec.generate(7));
        assert_ne!(a, spec.generate(8));
        for p in &a {
            // (y1/2)² + (y2/1.5)² = 1 up to the noise (σ = 0.05 → a few percent).
            let r = ((p[0] / 2.0).powi(2) + (p[1] / 1.5).powi(2)).sqrt();
            assert!((r - 1.0).abs() < 0.15, "{p:?} has radius {r}");
        }
    }

    #[test]
    fn box_muller_has_unit_variance() {
        let mut rng = StdRng::seed_from_u64(1);
        let draws: Vec<f32> = (0..20_000)
            .flat_map(|_| standard_normal_pair(&mut rng))
            .collect();
        let mean = draws.iter().sum::<f32>() / draws.len() as f32;
        let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / draws.len() as f32;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
    }
}
