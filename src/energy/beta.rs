//! The inverse temperature β, including the zero-temperature limit β = ∞.

use std::fmt;
use std::str::FromStr;

/// Inverse temperature. `Infinite` is the zero-temperature limit, where F_β becomes the
/// minimum over the latent (F_∞) and the softargmin becomes a hard argmin.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Beta {
    Finite(f32),
    Infinite,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BetaError {
    #[error("β must be a positive number or 'inf', got {0}")]
    NotPositive(String),
    #[error("β must be a number or 'inf', got '{0}'")]
    NotANumber(String),
}

impl Beta {
    /// The marks of the course's slider: half-decade steps and the zero-temperature end.
    pub const COURSE_MARKS: [Beta; 6] = [
        Beta::Finite(0.1),
        Beta::Finite(0.3),
        Beta::Finite(1.0),
        Beta::Finite(3.2),
        Beta::Finite(10.0),
        Beta::Infinite,
    ];

    /// A finite β; rejects zero, negative and non-finite values (∞ is spelled `Infinite`).
    pub fn finite(value: f32) -> Result<Self, BetaError> {
        if value.is_finite() && value > 0.0 {
            Ok(Beta::Finite(value))
        } else if value == f32::INFINITY {
            Ok(Beta::Infinite)
        } else {
            Err(BetaError::NotPositive(value.to_string()))
        }
    }

    /// β as a float (`f32::INFINITY` for the zero-temperature limit).
    pub fn value(self) -> f32 {
        match self {
            Beta::Finite(b) => b,
            Beta::Infinite => f32::INFINITY,
        }
    }

    pub fn is_infinite(self) -> bool {
        matches!(self, Beta::Infinite)
    }
}

/// "β = ∞", "β = 0.30": β as a plot names it.
pub fn label(beta: Beta) -> String {
    format!("β = {beta}")
}

impl fmt::Display for Beta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Beta::Finite(b) if *b >= 10.0 => write!(f, "{b:.0}"),
            Beta::Finite(b) if *b >= 1.0 => write!(f, "{b:.1}"),
            Beta::Finite(b) => write!(f, "{b:.2}"),
            Beta::Infinite => write!(f, "∞"),
        }
    }
}

impl FromStr for Beta {
    type Err = BetaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if matches!(t.to_ascii_lowercase().as_str(), "inf" | "infinity" | "∞") {
            return Ok(Beta::Infinite);
        }
        let v: f32 = t.parse().map_err(|_| BetaError::NotANumber(t.to_owned()))?;
        Beta::finite(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_infinity_and_rejects_the_rest() {
        assert_eq!("3.2".parse::<Beta>(), Ok(Beta::Finite(3.2)));
        assert_eq!("inf".parse::<Beta>(), Ok(Beta::Infinite));
        assert_eq!("∞".parse::<Beta>(), Ok(Beta::Infinite));
        assert!(matches!(
            "0".parse::<Beta>(),
            Err(BetaError::NotPositive(_))
        ));
        assert!(matches!(
            "-1".parse::<Beta>(),
            Err(BetaError::NotPositive(_))
        ));
        assert!(matches!(
            "NaN".parse::<Beta>(),
            Err(BetaError::NotPositive(_))
        ));
        assert!(matches!(
            "hot".parse::<Beta>(),
            Err(BetaError::NotANumber(_))
        ));
        assert_eq!(Beta::Infinite.to_string(), "∞");
        assert_eq!(Beta::Finite(0.1).to_string(), "0.10");
    }
}
