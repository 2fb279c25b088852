//! How values map to colours: the scale the user picks, fitted to a surface's values.

use eframe::egui::Color32;

use super::viridis;

/// The colour scales on offer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColourScale {
    /// Logarithmic from the minimum to the maximum, linear below a knee at a quarter of the way
    /// to the median: the data's cold neighbourhood and the rise away from it both get colours,
    /// where a linear scale lets a ridge or a far corner crush everything else into purple.
    #[default]
    Log,
    /// Linear from the minimum to the 98th percentile (values above share the top colour).
    #[serde(alias = "Auto")]
    Linear,
    /// The course's fixed 0 … 2 with "extend max": comparable across β, steps and models.
    Course,
}

impl ColourScale {
    pub const ALL: [ColourScale; 3] = [ColourScale::Log, ColourScale::Linear, ColourScale::Course];

    pub fn label(self) -> &'static str {
        match self {
            ColourScale::Log => "log (min … max)",
            ColourScale::Linear => "linear (min … p98)",
            ColourScale::Course => "course (0 … 2)",
        }
    }

    /// The name on the command line (`--colours`).
    pub fn key(self) -> &'static str {
        match self {
            ColourScale::Log => "log",
            ColourScale::Linear => "linear",
            ColourScale::Course => "course",
        }
    }

    /// This scale fitted to `values` (non-finite values are ignored).
    pub fn fit(self, values: &[f32]) -> ColourMap {
        let mut finite: Vec<f32> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let quantile = |finite: &mut Vec<f32>, q: f32| -> f32 {
            let k = ((finite.len() - 1) as f32 * q) as usize;
            *finite.select_nth_unstable_by(k, f32::total_cmp).1
        };
        let (lo, hi, knee) = match self {
            ColourScale::Course => (0.0, 2.0, 1.0),
            _ if finite.is_empty() => (0.0, 1.0, 1.0),
            ColourScale::Linear => {
                let lo = finite.iter().copied().fold(f32::INFINITY, f32::min);
                (lo, quantile(&mut finite, 0.98), 1.0)
            }
            ColourScale::Log => {
                let lo = finite.iter().copied().fold(f32::INFINITY, f32::min);
                let hi = finite.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let median = quantile(&mut finite, 0.5);
                (lo, hi, ((median - lo) / 4.0).max((hi - lo) * 1e-6))
            }
        };
        let hi = if hi > lo { hi } else { lo + 1.0 };
        ColourMap {
            scale: self,
            lo,
            hi,
            knee: if knee > 0.0 { knee } else { 1.0 },
        }
    }
}

/// A scale fitted to one surface: value ↔ position t ∈ [0, 1] on viridis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColourMap {
    pub scale: ColourScale,
    pub lo: f32,
    pub hi: f32,
    /// Where the log scale turns from linear to logarithmic (above `lo`).
    knee: f32,
}

impl Default for ColourMap {
    fn default() -> Self {
        ColourScale::Linear.fit(&[0.0, 1.0])
    }
}

impl ColourMap {
    /// Position of `v` on the bar, clamped to [0, 1]; NaN is 0.
    pub fn t(&self, v: f32) -> f32 {
        if v.is_nan() {
            return 0.0;
        }
        let t = match self.scale {
            ColourScale::Log => {
                let x = (v - self.lo).max(0.0) / self.knee;
                x.ln_1p() / ((self.hi - self.lo) / self.knee).ln_1p()
            }
            _ => (v - self.lo) / (self.hi - self.lo),
        };
        t.clamp(0.0, 1.0)
    }

    /// The value at position `t` (for the colour bar's labels): the inverse of [`Self::t`].
    pub fn value(&self, t: f32) -> f32 {
        match self.scale {
            ColourScale::Log => {
                let top = ((self.hi - self.lo) / self.knee).ln_1p();
                self.lo + self.knee * (t * top).exp_m1()
            }
            _ => self.lo + t * (self.hi - self.lo),
        }
    }

    pub fn colour(&self, v: f32) -> Color32 {
        viridis(self.t(v))
    }

    /// The 0–255 level of `v` (figures quantise to the table's entries).
    pub fn level(&self, v: f32) -> u8 {
        (self.t(v) * 255.0).round() as u8
    }

    /// A colour-bar label for `v`: two decimals, or two significant figures in scientific
    /// notation where the bar's values are too small (a density on a grid, ~1/cells) or too
    /// large for two decimals to tell its ticks apart.
    pub fn label(&self, v: f32) -> String {
        let size = self.lo.abs().max(self.hi.abs());
        if size > 0.0 && !(0.1..1e4).contains(&size) {
            format!("{v:.1e}")
        } else {
            format!("{v:.2}")
        }
    }

    /// Whether some value lies above the top of the bar ("extend max").
    pub fn clips(&self, values: &[f32]) -> bool {
        values.iter().any(|v| *v > self.hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_tell_small_and_large_ranges_apart() {
        let density = ColourScale::Log.fit(&[0.0, 0.0001, 0.0025]);
        assert_eq!(density.label(0.0025), "2.5e-3");
        assert_eq!(density.label(0.0012), "1.2e-3");
        let energy = ColourScale::Log.fit(&[0.0, 79.21]);
        assert_eq!(energy.label(79.21), "79.21");
        assert_eq!(ColourScale::Course.fit(&[]).label(1.0), "1.00");
        assert_eq!(ColourScale::Log.fit(&[0.0, 2.5e5]).label(2.5e5), "2.5e5");
    }

    #[test]
    fn linear_range_ignores_outliers_and_non_finite_values() {
        let mut values: Vec<f32> = (0..1000).map(|i| i as f32 / 1000.0).collect();
        values.extend([f32::INFINITY, f32::NAN, 1e9]);
        let map = ColourScale::Linear.fit(&values);
        assert_eq!(map.lo, 0.0);
        assert!((map.hi - 0.98).abs() < 0.01, "{}", map.hi);
        assert!(map.clips(&values));
        let course = ColourScale::Course.fit(&values);
        assert_eq!((course.lo, course.hi), (0.0, 2.0));
        assert_eq!(ColourScale::Linear.fit(&[1.0, 1.0]).hi, 2.0);
        assert_eq!(map.t(f32::NAN), 0.0);
    }

    #[test]
    fn the_log_scale_spans_min_to_max_and_inverts() {
        // A surface like an autoencoder's: most of the plane below 1, a ridge (a tenth of it)
        // at 14 — more than a linear scale's 2 % can leave out.
        let mut values: Vec<f32> = (0..900).map(|i| i as f32 / 900.0).collect();
        values.extend(std::iter::repeat_n(14.0, 100));
        let map = ColourScale::Log.fit(&values);
        assert_eq!((map.lo, map.hi), (0.0, 14.0));
        assert!(!map.clips(&values));
        assert_eq!((map.t(0.0), map.t(14.0)), (0.0, 1.0));
        for t in [0.0, 0.1, 0.37, 0.8, 1.0] {
            assert!((map.t(map.value(t)) - t).abs() < 1e-5, "{t}");
        }
        // The plane's values get a third of the bar, where a linear scale crushes them into
        // the bottom twentieth.
        let linear = ColourScale::Linear.fit(&values);
        assert!(map.t(0.7) > 0.3 && linear.t(0.7) < 0.06, "{}", map.t(0.7));
        // Monotone.
        assert!((0..100).all(|i| map.t(i as f32 * 0.14) <= map.t((i + 1) as f32 * 0.14)));
    }
}
