//! A model's current knob values, held against its spec's table: defaults come from the table,
//! every new value is checked against it, and `params()` reports it in table order.

use super::spec::{Knob, KnobKind};
use super::{ModelError, ModelId};

#[derive(Clone, Debug, PartialEq)]
pub struct Knobs {
    model: ModelId,
    values: Vec<f32>,
}

impl Knobs {
    /// Every knob of `model` at its default.
    pub fn defaults(model: ModelId) -> Self {
        Knobs {
            model,
            values: model.spec().knobs.iter().map(|k| k.default).collect(),
        }
    }

    fn table(&self) -> &'static [Knob] {
        self.model.spec().knobs
    }

    /// The value of `knob` (one of this model's; its default otherwise, which a test in
    /// `registry.rs` rules out).
    pub fn get(&self, knob: &Knob) -> f32 {
        self.table()
            .iter()
            .position(|k| k.key == knob.key)
            .and_then(|i| self.values.get(i).copied())
            .unwrap_or(knob.default)
    }

    /// The value of a whole-number knob.
    pub fn count(&self, knob: &Knob) -> usize {
        self.get(knob).max(0.0) as usize
    }

    /// Checks `value` against the table and stores it; returns the knob, so the caller knows
    /// whether the change is structural. A refused value changes nothing.
    pub fn set(&mut self, key: &str, value: f32) -> Result<&'static Knob, ModelError> {
        let table = self.table();
        let index = table
            .iter()
            .position(|k| k.key == key)
            .ok_or_else(|| self.model.spec().unknown(self.model, key))?;
        let knob = &table[index];
        self.values[index] = knob.check(value)?;
        Ok(knob)
    }

    /// `(key, value)` in table order.
    pub fn pairs(&self) -> Vec<(&'static str, f32)> {
        self.table()
            .iter()
            .map(|k| k.key)
            .zip(self.values.iter().copied())
            .collect()
    }

    /// Whether setting `key` rebuilds the model.
    pub fn is_structural(&self, key: &str) -> bool {
        self.table()
            .iter()
            .any(|k| k.key == key && k.kind == KnobKind::Structural)
    }
}
