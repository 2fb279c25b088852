//! Rectangular evaluation grids in data coordinates.
//!
//! A grid of `width × height` points is two inclusive linspaces: `width` values of y₁ from
//! `extent.y1.0` to `extent.y1.1` and `height` values of y₂ from `extent.y2.0` to
//! `extent.y2.1`. Values are stored row-major with y₂ as the outer (slow) index, starting at
//! the bottom row (y₂ = min), which is also the order of the exported CSV.

use std::fmt;
use std::str::FromStr;

/// Largest accepted side of a grid: 2048² points × 48 latents is ~200 M energies, about the
/// most a CPU finishes in interactive time.
pub const MAX_GRID_SIDE: usize = 2048;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GridError {
    #[error("grid must look like WxH (e.g. 121x81), got '{0}'")]
    BadGridSyntax(String),
    #[error("grid sides must be between 2 and {MAX_GRID_SIDE}, got {0}x{1}")]
    GridOutOfRange(usize, usize),
    #[error("extent must be four numbers y1min,y1max,y2min,y2max, got '{0}'")]
    BadExtentSyntax(String),
    #[error("extent needs finite numbers with min < max on both axes, got {0}")]
    EmptyExtent(String),
}

/// The data-space rectangle shown and evaluated: `(min, max)` on each axis.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Extent {
    pub y1: (f32, f32),
    pub y2: (f32, f32),
}

impl Extent {
    /// The course's view of the ellipse: y₁ ∈ [−3, 3], y₂ ∈ [−2, 2].
    pub const COURSE: Extent = Extent {
        y1: (-3.0, 3.0),
        y2: (-2.0, 2.0),
    };

    /// The view for `points`: the course's own when the data sit well inside it (the ellipse
    /// keeps the lecture's framing), otherwise their bounding box with a quarter of its longer
    /// side added on every side. Non-finite points are ignored; no points gives the course's.
    pub fn around(points: &[[f32; 2]]) -> Extent {
        let finite = points
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite());
        let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for p in finite {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        if lo[0] > hi[0] {
            return Extent::COURSE;
        }
        let inner = |(a, b): (f32, f32), k: usize| lo[k] >= a + 0.4 && hi[k] <= b - 0.4;
        if inner(Extent::COURSE.y1, 0) && inner(Extent::COURSE.y2, 1) {
            return Extent::COURSE;
        }
        let pad = (0.25 * (hi[0] - lo[0]).max(hi[1] - lo[1])).max(0.5);
        Extent {
            y1: (lo[0] - pad, hi[0] + pad),
            y2: (lo[1] - pad, hi[1] + pad),
        }
    }

    pub fn new(y1: (f32, f32), y2: (f32, f32)) -> Result<Self, GridError> {
        let ok = |(a, b): (f32, f32)| a.is_finite() && b.is_finite() && a < b;
        if ok(y1) && ok(y2) {
            Ok(Extent { y1, y2 })
        } else {
            Err(GridError::EmptyExtent(format!("{y1:?} × {y2:?}")))
        }
    }

    pub fn width(&self) -> f32 {
        self.y1.1 - self.y1.0
    }

    pub fn height(&self) -> f32 {
        self.y2.1 - self.y2.0
    }

    pub fn center(&self) -> [f32; 2] {
        [0.5 * (self.y1.0 + self.y1.1), 0.5 * (self.y2.0 + self.y2.1)]
    }
}

impl FromStr for Extent {
    type Err = GridError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<f32> = s
            .split(',')
            .map(|p| p.trim().parse::<f32>())
            .collect::<Result<_, _>>()
            .map_err(|_| GridError::BadExtentSyntax(s.to_owned()))?;
        match parts.as_slice() {
            [a, b, c, d] => Extent::new((*a, *b), (*c, *d)),
            _ => Err(GridError::BadExtentSyntax(s.to_owned())),
        }
    }
}

/// Width and height of a grid, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GridSize {
    pub width: usize,
    pub height: usize,
}

impl GridSize {
    pub fn new(width: usize, height: usize) -> Result<Self, GridError> {
        let ok = |n: usize| (2..=MAX_GRID_SIDE).contains(&n);
        if ok(width) && ok(height) {
            Ok(GridSize { width, height })
        } else {
            Err(GridError::GridOutOfRange(width, height))
        }
    }

    pub fn len(&self) -> usize {
        self.width * self.height
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl FromStr for GridSize {
    type Err = GridError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || GridError::BadGridSyntax(s.to_owned());
        let (w, h) = s.trim().split_once(['x', 'X', '×']).ok_or_else(bad)?;
        let w = w.trim().parse::<usize>().map_err(|_| bad())?;
        let h = h.trim().parse::<usize>().map_err(|_| bad())?;
        GridSize::new(w, h)
    }
}

impl fmt::Display for GridSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

/// Where a grid lies and how finely it is sampled.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GridSpec {
    pub extent: Extent,
    pub size: GridSize,
}

impl GridSpec {
    /// The window's default: the course's view at 0.025 per cell (241 × 161 points).
    pub const DEFAULT: GridSpec = GridSpec {
        extent: Extent::COURSE,
        size: GridSize {
            width: 241,
            height: 161,
        },
    };

    /// Whether a spec that did not come through the constructors (a session file) is sane.
    pub fn validate(&self) -> Result<(), GridError> {
        GridSize::new(self.size.width, self.size.height)?;
        Extent::new(self.extent.y1, self.extent.y2)?;
        Ok(())
    }

    /// y₁ of column `i` (inclusive linspace).
    pub fn y1_at(&self, i: usize) -> f32 {
        linspace_at(self.extent.y1, self.size.width, i)
    }

    /// y₂ of row `j` (inclusive linspace, row 0 at the bottom).
    pub fn y2_at(&self, j: usize) -> f32 {
        linspace_at(self.extent.y2, self.size.height, j)
    }

    /// Every grid point as `[y1, y2]`, row-major with y₂ outer.
    pub fn points(&self) -> Vec<[f32; 2]> {
        let mut out = Vec::with_capacity(self.size.len());
        for j in 0..self.size.height {
            let y2 = self.y2_at(j);
            out.extend((0..self.size.width).map(|i| [self.y1_at(i), y2]));
        }
        out
    }

    /// A grid over `extent` as fine as the window's default: the longer side gets 241 points,
    /// the shorter one as many as keep the cells square.
    pub fn fitted(extent: Extent) -> GridSpec {
        let long = Self::DEFAULT.size.width;
        let cell = extent.width().max(extent.height()) / (long - 1) as f32;
        let side = |len: f32| ((len / cell).round() as usize + 1).clamp(2, long);
        GridSpec {
            extent,
            size: GridSize {
                width: side(extent.width()),
                height: side(extent.height()),
            },
        }
    }

    /// The same extent at another resolution.
    pub fn with_size(self, size: GridSize) -> GridSpec {
        GridSpec { size, ..self }
    }
}

fn linspace_at((lo, hi): (f32, f32), n: usize, i: usize) -> f32 {
    // Computed from both ends so the last value is exactly `hi`.
    let t = i as f32 / (n - 1) as f32;
    lo * (1.0 - t) + hi * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linspaces_are_inclusive_and_row_major_from_the_bottom() {
        let spec = GridSpec {
            extent: Extent::new((-1.0, 1.0), (0.0, 2.0)).unwrap(),
            size: GridSize::new(3, 2).unwrap(),
        };
        let p = spec.points();
        assert_eq!(p.len(), 6);
        assert_eq!(p[0], [-1.0, 0.0]);
        assert_eq!(p[1], [0.0, 0.0]);
        assert_eq!(p[2], [1.0, 0.0]);
        assert_eq!(p[5], [1.0, 2.0]);
    }

    #[test]
    fn parsing_rejects_bad_grids_and_extents() {
        assert_eq!(
            "121x81".parse::<GridSize>(),
            Ok(GridSize {
                width: 121,
                height: 81
            })
        );
        assert_eq!(
            "0x0".parse::<GridSize>(),
            Err(GridError::GridOutOfRange(0, 0))
        );
        assert_eq!(
            "100000x100000".parse::<GridSize>(),
            Err(GridError::GridOutOfRange(100000, 100000))
        );
        assert!(matches!(
            "12".parse::<GridSize>(),
            Err(GridError::BadGridSyntax(_))
        ));
        assert_eq!("-3,3,-2,2".parse::<Extent>(), Ok(Extent::COURSE));
        assert!(matches!(
            "3,-3,-2,2".parse::<Extent>(),
            Err(GridError::EmptyExtent(_))
        ));
        assert!(matches!(
            "1,2,3".parse::<Extent>(),
            Err(GridError::BadExtentSyntax(_))
        ));
    }
}
