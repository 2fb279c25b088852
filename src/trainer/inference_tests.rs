//! The inference lab through the trainer: the probe is answered by the focused model, the
//! forces come with its view, and descents come back as an event.

use std::time::{Duration, Instant};

use super::trainer_tests::{trainer_with, wait_first, wait_for};
use super::*;
use crate::models::ModelId;

fn next_event(trainer: &TrainerHandle) -> Event {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(event) = trainer.wait_event(Duration::from_millis(200)) {
            return event;
        }
    }
    panic!("no event within 60 s");
}

#[test]
fn the_focused_model_answers_the_probe_and_descends_on_demand() {
    let mut trainer = trainer_with(vec![ModelId::Ae], false);
    wait_first(&mut trainer);
    trainer.send(Command::Step(200));
    let y = [1.0f32, 0.5];
    trainer.send(Command::SetProbe(Some(y)));
    let s = wait_for(&trainer, "the probe's answer", |s| {
        s.focused()
            .is_some_and(|v| v.step == 200 && v.landscape.probe.is_some())
    });
    let land = &s.focused().unwrap().landscape;
    let answer = land.probe.as_ref().unwrap();
    assert_eq!(answer.probe, y);
    let latent = land.latent.as_ref().unwrap();
    assert_eq!(latent.len(), land.manifold.len());
    assert_eq!(
        land.forces.len(),
        land.manifold.len(),
        "a force per manifold point"
    );
    let grid_best = land
        .manifold
        .iter()
        .map(|g| (y[0] - g[0]).powi(2) + (y[1] - g[1]).powi(2))
        .fold(f32::INFINITY, f32::min);
    assert!(answer.argmin.energy <= grid_best + 1e-5);
    let gap = answer.gap().expect("an autoencoder has an encoder");
    assert!(
        gap >= -1e-3,
        "the encoder cannot beat the decoder's own argmin by much: {gap}"
    );

    trainer.send(Command::Infer {
        model: ModelId::Ae,
        y,
        starts: vec![answer.argmin.z.clone(), vec![latent.bounds()[0].0]],
        step: 0.05,
    });
    let Event::Inferred {
        model, paths, step, ..
    } = next_event(&trainer)
    else {
        panic!("expected the descents");
    };
    assert_eq!((model, step, paths.len()), (ModelId::Ae, 200, 2));
    for path in &paths {
        let (first, last) = (path.points.first().unwrap(), path.end().unwrap());
        assert!(last.energy <= first.energy + 1e-6, "downhill");
    }
    // A start of the wrong dimension is refused, and nothing else changes.
    trainer.send(Command::Infer {
        model: ModelId::Ae,
        y,
        starts: vec![vec![0.0, 0.0]],
        step: 0.05,
    });
    assert!(matches!(
        next_event(&trainer),
        Event::Failed {
            action: "inference",
            ..
        }
    ));
    trainer.send(Command::SetProbe(None));
    wait_for(&trainer, "the probe gone", |s| {
        s.focused().is_some_and(|v| v.landscape.probe.is_none())
    });
}
