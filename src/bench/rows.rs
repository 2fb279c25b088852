//! One measured job as the table and `--json` show it, with PyTorch's time and the ratio
//! when PyTorch ran the same job in the same run.

use super::percentile;
use super::pytorch::{Comparison, Side};

/// One measured job.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Row {
    pub job: String,
    /// What ran it: "cpu" / "wgpu" (burn), or "host" (the fused kernels of `crate::kernels`).
    pub backend: String,
    /// "ms" for times, "MiB" for memory.
    pub unit: &'static str,
    pub median: f64,
    pub p95: f64,
    pub runs: usize,
    /// PyTorch eager on the same job, measured in the same run; `None`: no comparable job.
    #[serde(flatten)]
    pub pytorch: Option<Comparison>,
}

impl Row {
    pub fn new(job: String, backend: &str, times: &[f64]) -> Self {
        Row {
            job,
            backend: backend.to_owned(),
            unit: "ms",
            median: percentile(times, 0.5),
            p95: percentile(times, 0.95),
            runs: times.len(),
            pytorch: None,
        }
    }

    /// The row of a job PyTorch also ran (or could have run) in this bench.
    pub(super) fn against(mut self, side: &Side) -> Self {
        self.pytorch = Some(side.compare(&self.job));
        self
    }

    /// PyTorch's median (ms), when it was measured.
    pub fn pytorch_ms(&self) -> Option<f64> {
        match self.pytorch {
            Some(Comparison::Measured { median, .. }) => Some(median),
            _ => None,
        }
    }

    /// The row of a job that ran `1 / factor` times inside each measured run.
    pub(super) fn scaled(mut self, factor: f64) -> Self {
        self.median *= factor;
        self.p95 *= factor;
        self
    }

    /// Runs per second at the median, for time rows: steps/s for the training jobs.
    pub fn per_second(&self) -> Option<f64> {
        (self.unit == "ms" && self.median > 0.0).then(|| 1e3 / self.median)
    }

    /// Median over PyTorch's time: ≤ 1 meets the target.
    pub fn ratio(&self) -> Option<f64> {
        self.pytorch_ms().map(|p| self.median / p)
    }
}

/// The table the command prints.
pub fn table(rows: &[Row]) -> String {
    let mut out = header();
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

pub fn header() -> String {
    format!(
        "{:<48} {:>7} {:>10} {:>9} {:>4} {:>8} {:>6} {:>12} {:>6}\n",
        "job", "backend", "median", "p95", "unit", "per s", "runs", "PyTorch ms", "ratio"
    )
}

pub fn line(r: &Row) -> String {
    let (pytorch, ratio) = match (&r.pytorch, r.ratio()) {
        (Some(Comparison::Measured { median, .. }), Some(q)) => {
            (format!("{median:.2}"), format!("{q:.2}"))
        }
        (Some(_), _) => ("not measured".to_owned(), String::new()),
        (None, _) => (String::new(), String::new()),
    };
    let rate = r
        .per_second()
        .map(|v| format!("{v:.0}"))
        .unwrap_or_default();
    format!(
        "{:<48} {:>7} {:>10.3} {:>9.3} {:>4} {:>8} {:>6} {:>12} {:>6}\n",
        r.job, r.backend, r.median, r.p95, r.unit, rate, r.runs, pytorch, ratio
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn rows_carry_the_ratio_to_pytorch() {
        let times = HashMap::from([("x".to_owned(), (4.0, 5.0))]);
        let side = Side::Measured {
            torch: "2.15.0".into(),
            times,
        };
        let row = Row::new("x".into(), "cpu", &[1.0, 2.0, 3.0]).against(&side);
        assert_eq!(row.ratio(), Some(0.5));
        let text = line(&row);
        assert!(
            text.contains("4.00") && text.trim_end().ends_with("0.50"),
            "{text}"
        );
        assert_eq!(row.per_second(), Some(500.0));
        assert!(text.contains(" 500 "), "{text}");
        // In JSON both medians keep their own names.
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json.matches("\"median\"").count(), 1, "{json}");
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["median"], 2.0);
        assert_eq!(json["pytorch"], "measured");
        assert_eq!(json["pytorch_ms"], 4.0);
        assert_eq!(json["pytorch_p95_ms"], 5.0);
        // A comparable job with no interpreter says so; a job with no PyTorch twin is blank.
        let off = Side::Off("no interpreter".into());
        let row = Row::new("x".into(), "cpu", &[1.0]).against(&off);
        assert_eq!(row.ratio(), None);
        assert!(line(&row).contains("not measured"), "{}", line(&row));
        let row = Row::new("y".into(), "cpu", &[1.0]);
        assert!(!line(&row).contains("not measured"));
    }
}
