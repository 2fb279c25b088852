//! The horn's two conditional models, trained as the app trains them (Adam at the default
//! rate, minibatches of 256 from 400 rows of the horn over all x): the LV-EBM's slices follow
//! ρ(x), the MSE regressor predicts the middle of each slice.
//!
//! "The middle" is measured against the slice's size, not to a fixed 0.3: with 400 rows the
//! data's own mean over x ∈ [0.9, 1] is 1.5–2 away from the centre for these seeds (35–42
//! points of a ring of radius ~13), and the regressor, which estimates exactly that
//! conditional mean, cannot be closer than the sample allows.

use burn::tensor::{Device, Tensor};

use super::horn_lv::HornLvModel;
use super::learner::{batch_rng, minibatch};
use super::mse::MseModel;
use super::{Batch, EnergyModel, ModelId, Objective};
use crate::data::DataSource;
use crate::energy::Beta;
use crate::energy::free_energy::points_tensor;
use crate::settings::Settings;

/// ρ(x) of the horn: the semi-axes of its slice at x.
fn rho(x: f32) -> [f32; 2] {
    let grow = (2.0 * x).exp();
    [
        (1.5 * x + 2.0 * (1.0 - x)) * grow,
        (2.0 * x + 1.5 * (1.0 - x)) * grow,
    ]
}

/// 400 rows of the horn over all x, drawn from `seed`, on the autodiff device.
fn horn_rows(seed: u64, device: &Device) -> Batch {
    let source = DataSource::Set("horn:all,n=400".parse().unwrap());
    let points = source.points(seed);
    let x = source.inputs(seed).unwrap();
    let train = device.clone().autodiff();
    Batch {
        y: points_tensor(&points, &train),
        x: Some(Tensor::<1>::from_floats(x.as_slice(), &train)),
    }
}

fn train(model: &mut dyn EnergyModel, rows: &Batch, seed: u64, steps: usize) {
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: Settings::default().hyper.learning_rate,
    };
    let mut batches = batch_rng(model.id(), seed);
    for _ in 0..steps {
        model
            .train_step(&minibatch(rows, &mut batches), objective)
            .unwrap();
    }
}

#[test]
fn the_horn_lv_ebm_follows_rho_and_the_regressor_predicts_the_middle() {
    let device = Device::flex();
    for seed in [0, 1, 7] {
        let rows = horn_rows(seed, &device);
        let mut lv = HornLvModel::new(&device, seed);
        train(&mut lv, &rows, seed, 4000);
        let mut mse = MseModel::new(&device, seed);
        train(&mut mse, &rows, seed, 4000);
        for x in [0.0, 0.5, 1.0] {
            let axes = lv.semi_axes(x).unwrap();
            let want = rho(x);
            let off = [
                (axes[0] / want[0] - 1.0).abs(),
                (axes[1] / want[1] - 1.0).abs(),
            ];
            let p = mse.prediction(x).unwrap();
            eprintln!(
                "seed {seed}, x = {x}: semi-axes {axes:?} vs ρ {want:?} ({:.1} %, {:.1} %); \
                 MSE predicts {p:?}",
                100.0 * off[0],
                100.0 * off[1]
            );
            assert!(off[0] < 0.05 && off[1] < 0.05, "seed {seed}, x = {x}");
            let inner = want[0].min(want[1]);
            assert!(
                p[0].hypot(p[1]) < 0.5 * inner,
                "seed {seed}, x = {x}: {p:?}"
            );
        }
        // Nowhere near the data: the regressor's energy of the data (its loss) is the ring's
        // mean squared radius, orders of magnitude above the LV-EBM's F_∞ of the same rows.
        let (wrong, right) = (
            mse.loss(&rows, Beta::Infinite).unwrap(),
            lv.loss(&rows, Beta::Infinite).unwrap(),
        );
        eprintln!("seed {seed}: mean energy of the data, MSE {wrong:.2} vs horn LV-EBM {right:.3}");
        assert!(wrong > 100.0 * right, "{wrong} vs {right}");
    }
    assert_eq!(ModelId::HornLv.spec().inputs, super::spec::Inputs::XY);
}
