//! The models the trainer holds, and the order they step in.
//!
//! Every model ever enabled keeps a [`Slot`]: its weights, its step count, its loss increments
//! and its cached view. Enabled models take turns one step at a time (round robin), so a slow
//! model (the GAN) slows the others' wall-clock rate but never their share of steps; each model
//! draws from its own seeded RNG stream, so its trajectory does not depend on the others.

use std::time::{Duration, Instant};

use burn::tensor::Device;

use super::checkpoint::Checkpoint;
use super::protocol::{LossPoint, ModelView};
use super::rate::RateMeter;
use crate::models::learner::{ModelRng, batch_rng};
use crate::models::spec::KnobKind;
use crate::models::state::RngState;
use crate::models::{Batch, EnergyModel, ModelError, ModelFactory, ModelId, Objective};
use crate::session::{SessionError, SlotState, restore_into};

pub(super) struct Slot {
    pub id: ModelId,
    pub model: Box<dyn EnergyModel>,
    pub enabled: bool,
    pub run: u64,
    pub step: u64,
    pub pending_steps: u32,
    pub new_losses: Vec<LossPoint>,
    /// The last finite loss of this run.
    pub last_loss: Option<f32>,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub rate: RateMeter,
    /// Earliest time of the next step under the speed limit.
    pub next_step_at: Instant,
    /// The last view computed, and whether the model changed since.
    pub view: Option<ModelView>,
    pub dirty: bool,
    /// When `view` was computed.
    pub view_at: Option<Instant>,
    /// Picks the minibatch when the data outnumber [`BATCH`].
    pub(super) batches: ModelRng,
    /// The last finite weights, where a diverging step rolls back to.
    pub(super) last_good: Option<Checkpoint>,
}

impl Slot {
    fn new(id: ModelId, factory: &ModelFactory, device: &Device, seed: u64) -> Self {
        Self::with_model(factory.create(id, device, seed), batch_rng(id, seed))
    }

    fn with_model(model: Box<dyn EnergyModel>, batches: ModelRng) -> Self {
        Slot {
            id: model.id(),
            model,
            enabled: true,
            run: 0,
            step: 0,
            pending_steps: 0,
            new_losses: Vec::new(),
            last_loss: None,
            error: None,
            notice: None,
            rate: RateMeter::new(),
            next_step_at: Instant::now(),
            view: None,
            dirty: true,
            view_at: None,
            batches,
            last_good: None,
        }
    }

    /// Everything a session keeps of this slot.
    pub fn save(&self) -> Result<SlotState, ModelError> {
        Ok(SlotState {
            model: self.id,
            enabled: self.enabled,
            run: self.run,
            step: self.step,
            batches: RngState::of(&self.batches),
            state: self.model.save_state()?,
        })
    }

    /// The slot `saved` describes, its model built afresh and then given the saved state.
    fn restore(
        saved: &SlotState,
        factory: &ModelFactory,
        device: &Device,
        seed: u64,
    ) -> Result<Self, ModelError> {
        let fresh = factory.create(saved.model, device, seed);
        let (model, batches) = restore_into(saved, fresh)?;
        let mut slot = Slot::with_model(model, batches);
        slot.enabled = saved.enabled;
        slot.run = saved.run;
        slot.step = saved.step;
        Ok(slot)
    }

    /// Fresh weights from `seed`: a new run, step 0.
    fn restart(&mut self, factory: &ModelFactory, device: &Device, seed: u64) {
        self.model = factory.create(self.id, device, seed);
        self.batches = batch_rng(self.id, seed);
        self.after_rebuild();
    }

    /// Under a speed limit of `max_rate` steps/s, when this slot may step after one taken `now`.
    fn schedule_next(&mut self, now: Instant, max_rate: Option<f32>) {
        if let Some(rate) = max_rate {
            // Never bank more than a few steps of credit after a stall.
            let floor = now.checked_sub(Duration::from_millis(20)).unwrap_or(now);
            self.next_step_at = self.next_step_at.max(floor) + Duration::from_secs_f32(1.0 / rate);
        }
    }

    fn after_rebuild(&mut self) {
        self.run += 1;
        self.step = 0;
        self.pending_steps = 0;
        self.new_losses.clear();
        self.last_loss = None;
        self.error = None;
        self.last_good = None;
        self.rate.reset();
        self.dirty = true;
    }
}

pub(super) struct Zoo {
    /// In [`ModelId::ALL`] order; a slot exists once its model was first enabled.
    slots: Vec<Slot>,
    /// Where the round robin resumes.
    cursor: usize,
    device: Device,
    seed: u64,
    /// Each model stops when its step count reaches this.
    pub pause_at: Option<u64>,
    /// The last error reading the device back during a step (on wgpu: the GPU failed).
    pub device_error: Option<String>,
    factory: ModelFactory,
}

impl Zoo {
    pub fn new(factory: &ModelFactory, device: &Device, seed: u64, enabled: &[ModelId]) -> Self {
        let mut zoo = Zoo {
            slots: Vec::new(),
            cursor: 0,
            device: device.clone(),
            seed,
            pause_at: None,
            device_error: None,
            factory: factory.clone(),
        };
        for id in enabled {
            zoo.set_enabled(*id, true);
        }
        zoo
    }

    /// A zoo of exactly the saved models. All or nothing: any model that does not fit is an
    /// error and the caller keeps its current zoo.
    pub fn restore(
        factory: &ModelFactory,
        device: &Device,
        seed: u64,
        saved: &[SlotState],
    ) -> Result<Self, SessionError> {
        let mut zoo = Zoo::new(factory, device, seed, &[]);
        for s in saved {
            let slot =
                Slot::restore(s, factory, device, seed).map_err(|source| SessionError::Model {
                    model: s.model,
                    source,
                })?;
            let at = zoo
                .slots
                .iter()
                .position(|other| other.id.rank() > s.model.rank())
                .unwrap_or(zoo.slots.len());
            zoo.slots.insert(at, slot);
        }
        Ok(zoo)
    }

    /// How this zoo makes its models.
    pub fn factory(&self) -> &ModelFactory {
        &self.factory
    }

    pub fn save(&self) -> Result<Vec<SlotState>, ModelError> {
        self.slots.iter().map(Slot::save).collect()
    }

    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.slots.iter()
    }

    pub fn slots_mut(&mut self) -> impl Iterator<Item = &mut Slot> {
        self.slots.iter_mut()
    }

    pub fn enabled(&self) -> impl Iterator<Item = &Slot> {
        self.slots.iter().filter(|s| s.enabled)
    }

    pub fn get_mut(&mut self, id: ModelId) -> Option<&mut Slot> {
        self.slots.iter_mut().find(|s| s.id == id)
    }

    /// Enables (creating the model on first use) or pauses a model; weights are kept.
    pub fn set_enabled(&mut self, id: ModelId, enabled: bool) {
        if let Some(slot) = self.get_mut(id) {
            slot.enabled = enabled;
            slot.rate.reset();
            slot.dirty = true;
        } else if enabled {
            let slot = Slot::new(id, &self.factory, &self.device, self.seed);
            let at = self
                .slots
                .iter()
                .position(|s| s.id.rank() > id.rank())
                .unwrap_or(self.slots.len());
            self.slots.insert(at, slot);
        }
    }

    /// Every model from fresh weights with `seed`, enabled or not.
    pub fn reset_all(&mut self, seed: u64) {
        self.seed = seed;
        for slot in &mut self.slots {
            slot.restart(&self.factory, &self.device, seed);
        }
    }

    pub fn reset_model(&mut self, id: ModelId) {
        let (factory, device, seed) = (self.factory.clone(), self.device.clone(), self.seed);
        if let Some(slot) = self.get_mut(id) {
            slot.restart(&factory, &device, seed);
        }
    }

    /// Sets one parameter; a refused value becomes the slot's notice and changes nothing.
    pub fn set_param(&mut self, id: ModelId, key: &str, value: f32) {
        let Some(slot) = self.get_mut(id) else {
            return;
        };
        let structural = id
            .spec()
            .knob(key)
            .is_some_and(|k| k.kind == KnobKind::Structural);
        match slot.model.set_param(key, value) {
            Ok(()) => {
                slot.notice = None;
                if structural {
                    slot.after_rebuild();
                }
                slot.dirty = true;
            }
            Err(e) => slot.notice = Some(e.to_string()),
        }
    }

    /// Queues `n` steps for every enabled model.
    pub fn add_steps(&mut self, n: u32) {
        for slot in self.slots.iter_mut().filter(|s| s.enabled) {
            slot.pending_steps = slot.pending_steps.saturating_add(n);
            slot.error = None;
        }
    }

    pub fn clear_errors(&mut self) {
        for slot in &mut self.slots {
            slot.error = None;
        }
    }

    pub fn clear_pending(&mut self) {
        for slot in &mut self.slots {
            slot.pending_steps = 0;
        }
    }

    /// Whether `slot` wants a step now that `playing` says what it says.
    fn wants_step(&self, slot: &Slot, playing: bool) -> bool {
        slot.enabled
            && slot.error.is_none()
            && (playing || slot.pending_steps > 0)
            && self.pause_at.is_none_or(|s| slot.step < s)
    }

    /// Whether any model wants a step.
    pub fn training(&self, playing: bool) -> bool {
        self.slots.iter().any(|s| self.wants_step(s, playing))
    }

    pub fn is_training(&self, id: ModelId, playing: bool) -> bool {
        self.slots
            .iter()
            .any(|s| s.id == id && self.wants_step(s, playing))
    }

    /// The earliest moment a model that wants a step may take it.
    pub fn next_step_at(&self, playing: bool) -> Option<Instant> {
        self.slots
            .iter()
            .filter(|s| self.wants_step(s, playing))
            .map(|s| s.next_step_at)
            .min()
    }

    /// Whether `slot` wants a step and the speed limit (`max_rate` steps/s) allows it `now`.
    fn may_step(&self, slot: &Slot, playing: bool, max_rate: Option<f32>, now: Instant) -> bool {
        self.wants_step(slot, playing) && (max_rate.is_none() || slot.next_step_at <= now)
    }

    /// Steps every model that wants a step and may take one now, at once on the training
    /// pool when the models train on the CPU and more than one is ready; else the next one in
    /// turn ([`Zoo::step_next`]). Returns `false` when none may step now.
    pub fn step_ready(
        &mut self,
        data: &Batch,
        objective: Objective,
        playing: bool,
        max_rate: Option<f32>,
    ) -> bool {
        let pool = crate::backend::is_cpu(&self.device)
            .then(super::pool::training_pool)
            .flatten();
        self.step_ready_on(pool, data, objective, playing, max_rate)
    }

    /// [`Zoo::step_ready`] on a given pool (`None`: in turn).
    pub(super) fn step_ready_on(
        &mut self,
        pool: Option<&rayon::ThreadPool>,
        data: &Batch,
        objective: Objective,
        playing: bool,
        max_rate: Option<f32>,
    ) -> bool {
        let now = Instant::now();
        let ready: Vec<bool> = self
            .slots
            .iter()
            .map(|s| self.may_step(s, playing, max_rate, now))
            .collect();
        let (Some(pool), 2..) = (pool, ready.iter().filter(|r| **r).count()) else {
            return self.step_next(data, objective, playing, max_rate);
        };
        for (slot, _) in self.slots.iter_mut().zip(&ready).filter(|(_, r)| **r) {
            slot.schedule_next(now, max_rate);
        }
        if let Err(e) = super::pool::step_ready(pool, &mut self.slots, &ready, data, objective) {
            self.device_error = Some(e);
        }
        true
    }

    /// Steps the next model in round-robin order that wants a step and is allowed one by the
    /// speed limit (`max_rate` steps/s per model). Returns `false` when none may step now.
    pub fn step_next(
        &mut self,
        data: &Batch,
        objective: Objective,
        playing: bool,
        max_rate: Option<f32>,
    ) -> bool {
        let now = Instant::now();
        let n = self.slots.len();
        let Some(index) = (0..n)
            .map(|k| (self.cursor + k) % n)
            .find(|&i| self.may_step(&self.slots[i], playing, max_rate, now))
        else {
            return false;
        };
        self.cursor = (index + 1) % n;
        let slot = &mut self.slots[index];
        slot.schedule_next(now, max_rate);
        if let Err(e) = super::step::step_slot(slot, data, objective) {
            self.device_error = Some(e);
        }
        true
    }
}
