//! The whole zoo on the course's ellipse: every model must learn it (data cold, elsewhere hot),
//! and the models' special cases must show.

use burn::tensor::Device;

use super::{Batch, Condition, EnergyModel, ModelId, Objective};
use crate::data::EllipseData;
use crate::energy::free_energy::{points_tensor, read_values};
use crate::energy::grid::{Extent, GridSize, GridSpec};
use crate::energy::{Beta, reference};

const STEPS: usize = 1500;

pub(super) struct Trained {
    pub model: Box<dyn EnergyModel>,
    pub data: Vec<[f32; 2]>,
    pub device: Device,
}

pub(super) fn train_with(id: ModelId, seed: u64, steps: usize, set: &[(&str, f32)]) -> Trained {
    let device = Device::flex();
    let mut model = id.create(&device, seed);
    for (k, v) in set {
        model.set_param(k, *v).unwrap();
    }
    let data = EllipseData::default().generate(seed);
    let tensor = Batch::of(points_tensor(&data, &device.clone().autodiff()));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    for _ in 0..steps {
        model.train_step(&tensor, objective).unwrap();
    }
    Trained {
        model,
        data,
        device,
    }
}

fn grid(y1: (f32, f32), y2: (f32, f32), width: usize, height: usize) -> GridSpec {
    GridSpec {
        extent: Extent { y1, y2 },
        size: GridSize { width, height },
    }
}

fn course_grid() -> GridSpec {
    grid((-3.0, 3.0), (-2.0, 2.0), 61, 41)
}

pub(super) fn energies(t: &Trained, points: &[[f32; 2]]) -> Vec<f32> {
    read_values(
        t.model
            .energy(points_tensor(points, &t.device), Condition::NONE)
            .unwrap(),
    )
    .unwrap()
}

fn mean(v: &[f32]) -> f32 {
    v.iter().sum::<f32>() / v.len() as f32
}

pub(super) fn nearest(p: [f32; 2], data: &[[f32; 2]]) -> f32 {
    data.iter()
        .map(|d| (p[0] - d[0]).hypot(p[1] - d[1]))
        .fold(f32::INFINITY, f32::min)
}

/// (mean energy at the data, mean energy over grid points > 0.5 from every data point).
fn cold_and_hot(t: &Trained) -> (f32, f32) {
    let far: Vec<[f32; 2]> = course_grid()
        .points()
        .into_iter()
        .filter(|p| nearest(*p, &t.data) > 0.5)
        .collect();
    (mean(&energies(t, &t.data)), mean(&energies(t, &far)))
}

fn assert_learns_the_ellipse(id: ModelId, steps: usize) {
    let t = train_with(id, 0, steps, &[]);
    let (cold, hot) = cold_and_hot(&t);
    eprintln!(
        "{id}: data {cold:.4}, far {hot:.4}, ratio {:.1}",
        hot / cold
    );
    assert!(hot >= 5.0 * cold, "{id}: data {cold}, far {hot}");
}

#[test]
fn every_model_makes_the_data_cold_and_the_rest_hot() {
    for id in ModelId::ALL {
        // The regressor is the course's counterexample: it learns the data's middle (its own
        // test is in `conditional_tests`).
        if id != ModelId::Ellipse && id != ModelId::Mse {
            assert_learns_the_ellipse(id, STEPS);
        }
    }
}

#[test]
fn the_over_complete_autoencoder_collapses_to_zero_energy_everywhere() {
    // The course's warning: a 2-D code for 2-D data and no constraint learns the identity.
    // Affine encoder and decoder (depth 0) learn it exactly: zero energy over the whole plane.
    let t = train_with(ModelId::Ae, 0, STEPS, &[("code", 2.0), ("depth", 0.0)]);
    let grid = energies(&t, &course_grid().points());
    let max = grid.iter().copied().fold(0.0f32, f32::max);
    assert!(max < 0.01, "max grid energy {max}");
    // With the default tanh layers the identity holds around the data and bends away only
    // where no data point ever was: the energy off the data still collapses.
    let (_, collapsed) = cold_and_hot(&train_with(ModelId::Ae, 0, STEPS, &[("code", 2.0)]));
    // … while the 1-D code keeps a real energy surface.
    let (_, far) = cold_and_hot(&train_with(ModelId::Ae, 0, STEPS, &[]));
    eprintln!("far energy: code 1 {far}, code 2 {collapsed}");
    assert!(far > 1.0, "1-D code: far energy {far}");
    assert!(
        collapsed < 0.25 * far,
        "2-D code: far energy {collapsed} vs {far}"
    );
}

#[test]
fn dae_hot_points_are_the_corrupted_inputs_of_the_last_step() {
    let clean = train_with(ModelId::Dae, 1, 3, &[("sigma", 0.0)]);
    assert_eq!(clean.model.hot(), clean.data, "σ = 0 corrupts nothing");
    let t = train_with(ModelId::Dae, 1, 3, &[("sigma", 0.3)]);
    let hot = t.model.hot();
    assert_eq!(hot.len(), t.data.len());
    let offsets: Vec<f32> = hot
        .iter()
        .zip(&t.data)
        .flat_map(|(h, y)| [h[0] - y[0], h[1] - y[1]])
        .collect();
    let var = offsets.iter().map(|o| o * o).sum::<f32>() / offsets.len() as f32;
    assert!(
        (var.sqrt() - 0.3).abs() < 0.1,
        "corruption scale {}",
        var.sqrt()
    );
}

#[test]
fn gan_hot_points_are_g_of_the_last_sampled_z() {
    let device = Device::flex();
    let mut gan = super::gan::GanModel::new(&device, 5);
    let data = Batch::of(points_tensor(
        &EllipseData::default().generate(5),
        &device.clone().autodiff(),
    ));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    for _ in 0..20 {
        gan.train_step(&data, objective).unwrap();
    }
    let regenerated = read_values(gan.generate(gan.last_latent())).unwrap();
    let hot: Vec<f32> = gan.hot().into_iter().flatten().collect();
    assert_eq!(hot.len(), 128);
    assert_eq!(hot, regenerated);
    // Each hot point carries −∇C: compare one with a finite difference of C.
    let forces = gan.hot_arrows().unwrap();
    let p = gan.hot()[0];
    let c = |q: [f32; 2]| {
        read_values(
            gan.energy(points_tensor(&[q], &device), Condition::NONE)
                .unwrap(),
        )
        .unwrap()[0]
    };
    let h = 1e-3;
    let fd = [
        -(c([p[0] + h, p[1]]) - c([p[0] - h, p[1]])) / (2.0 * h),
        -(c([p[0], p[1] + h]) - c([p[0], p[1] - h])) / (2.0 * h),
    ];
    for k in 0..2 {
        assert!(
            (forces[0][k] - fd[k]).abs() < 1e-2 * (1.0 + fd[k].abs()),
            "{forces:?} {fd:?}"
        );
    }
}

#[test]
/// F_β of every decoder manifold against the f64 reference, with the latent's weights: the
/// grid's uniform 1/K, a Gaussian prior's density on its grid (the VAE's and the GAN's).
fn every_decoder_free_energy_is_the_shared_formula() {
    for id in ModelId::ALL.into_iter().filter(|m| m.spec().draws.manifold) {
        let t = train_with(id, 2, 50, &[]);
        let data = Batch::of(points_tensor(&t.data, &t.device));
        let tensor = t.model.manifold(&data, Condition::NONE).unwrap().unwrap();
        let manifold = read_values(tensor.points.clone()).unwrap();
        let manifold: Vec<[f64; 2]> = manifold
            .chunks(2)
            .map(|c| [f64::from(c[0]), f64::from(c[1])])
            .collect();
        let gaussian = matches!(id.spec().latent, crate::models::spec::Latent::GaussianPrior);
        assert_eq!(tensor.weights.is_some(), gaussian, "{id}: prior weights");
        let spec = grid((-2.5, 2.0), (-0.3, 1.5), 2, 2);
        for beta in [Beta::Finite(0.3), Beta::Finite(3.2), Beta::Infinite] {
            let got =
                crate::landscape::compute::grid_free_energies(&spec, &tensor, &[beta], &t.device)
                    .unwrap()
                    .remove(0);
            for (p, g) in spec.points().iter().zip(&got) {
                let e = reference::energies([f64::from(p[0]), f64::from(p[1])], &manifold);
                let prior: Option<Vec<f64>> = tensor
                    .weights
                    .as_ref()
                    .map(|w| w.iter().map(|v| f64::from(*v)).collect());
                let want = reference::free_energy_weighted(&e, prior.as_deref(), beta);
                assert!(
                    (f64::from(*g) - want).abs() < 1e-3 * (1.0 + want.abs()),
                    "{id} at {p:?}, β {beta}: {g} vs {want}"
                );
            }
        }
    }
}

#[test]
fn a_model_trains_the_same_whether_or_not_another_trains_beside_it() {
    let device = Device::flex();
    let data = EllipseData::default().generate(3);
    let tensor = Batch::of(points_tensor(&data, &device.clone().autodiff()));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    let probe = || points_tensor(&[[0.5, 0.5], [2.0, 0.0]], &device);
    let mut alone = ModelId::Dae.create(&device, 3);
    for _ in 0..30 {
        alone.train_step(&tensor, objective).unwrap();
    }
    let mut a = ModelId::Dae.create(&device, 3);
    let mut b = ModelId::Gan.create(&device, 3);
    for step in 0..30 {
        a.train_step(&tensor, objective).unwrap();
        if step % 2 == 0 {
            b.train_step(&tensor, objective).unwrap();
        }
    }
    let e = |m: &dyn EnergyModel| read_values(m.energy(probe(), Condition::NONE).unwrap()).unwrap();
    assert_eq!(e(alone.as_ref()), e(a.as_ref()));
    assert_eq!(alone.hot(), a.hot());
}

#[test]
fn structural_changes_rebuild_only_that_model_and_bad_values_are_refused() {
    let mut t = train_with(ModelId::Vae, 0, 200, &[]);
    let before = t.model.loss(
        &Batch::of(points_tensor(&t.data, &t.device.clone().autodiff())),
        Beta::Infinite,
    );
    t.model.set_param("gamma", 0.2).unwrap();
    assert!(t.model.params().contains(&("gamma", 0.2)));
    t.model.set_param("latent", 2.0).unwrap();
    assert!(t.model.params().contains(&("latent", 2.0)));
    let after = t.model.loss(
        &Batch::of(points_tensor(&t.data, &t.device.clone().autodiff())),
        Beta::Infinite,
    );
    assert_ne!(before.unwrap(), after.unwrap(), "a new network");
    assert!(
        t.model.params().contains(&("gamma", 0.2)),
        "hyper-parameters survive"
    );
    for (key, value) in [
        ("latent", 3.0),
        ("latent", 1.5),
        ("gamma", -1.0),
        ("gamma", f32::NAN),
    ] {
        assert!(t.model.set_param(key, value).is_err(), "{key}={value}");
    }
    assert!(matches!(
        t.model.set_param("w1", 1.0),
        Err(super::ModelError::UnknownParam { .. })
    ));
}

#[test]
fn the_neural_decoder_fits_a_shape_the_ellipse_cannot() {
    // A three-lobed ellipse: r(θ) scaled by 1 + 0.25 cos 3θ.
    let data: Vec<[f32; 2]> = (0..48)
        .map(|k| {
            let th = std::f32::consts::TAU * k as f32 / 48.0;
            let r = 1.0 + 0.25 * (3.0 * th).cos();
            [2.0 * r * th.cos(), 1.5 * r * th.sin()]
        })
        .collect();
    let device = Device::flex();
    let tensor = Batch::of(points_tensor(&data, &device.clone().autodiff()));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    let fit = |id: ModelId, steps: usize| {
        let mut m = id.create(&device, 0);
        if id == ModelId::Ellipse {
            m.set_param("w1", 2.0).unwrap();
            m.set_param("w2", 1.5).unwrap();
        }
        for _ in 0..steps {
            m.train_step(&tensor, objective).unwrap();
        }
        m.loss(&tensor, Beta::Infinite).unwrap()
    };
    let ellipse = fit(ModelId::Ellipse, 1500);
    let neural = fit(ModelId::LvNeural, 3000);
    eprintln!("mean F_∞: ellipse {ellipse:.4}, neural {neural:.4}");
    assert!(
        neural < 0.25 * ellipse,
        "ellipse {ellipse}, neural {neural}"
    );
}

/// The course's warning, and the contractive AE's answer to it. With a 2-D code and affine
/// networks the plain AE learns the identity: its energy is 0 everywhere. The CAE's penalty is
/// on the reconstruction's Jacobian, which no rescaling of the code can shrink, so it cannot
/// learn the identity: its energy stays above 0 off the data. At the default depth its energy
/// rises away from the data.
#[test]
fn an_over_complete_ae_learns_the_identity_and_the_cae_does_not() {
    let affine = [("code", 2.0), ("depth", 0.0)];
    let mean_far = |t: &Trained| {
        let far: Vec<[f32; 2]> = course_grid()
            .points()
            .into_iter()
            .filter(|p| nearest(*p, &t.data) > 0.5)
            .collect();
        mean(&energies(t, &far))
    };
    let ae = train_with(ModelId::Ae, 0, 1500, &affine);
    let everywhere = energies(&ae, &course_grid().points());
    let worst = everywhere.iter().copied().fold(0.0f32, f32::max);
    assert!(worst < 1e-3, "the AE's energy is {worst} somewhere");
    let cae = train_with(ModelId::Cae, 0, 1500, &affine);
    let cae_far = mean_far(&cae);
    eprintln!("affine, code 2: AE max {worst:.2e}, CAE mean off the data {cae_far:.4}");
    assert!(cae_far > 0.02 && cae_far > 100.0 * worst, "{cae_far}");

    let cae = train_with(ModelId::Cae, 0, 1500, &[]);
    assert_eq!(
        cae.model.params()[1],
        ("code", 2.0),
        "over-complete by default"
    );
    let (cold, hot) = cold_and_hot(&cae);
    eprintln!("CAE, code 2, depth 2: data {cold:.4}, off the data {hot:.4}");
    assert!(hot > 5.0 * cold, "{cold} vs {hot}");
}

/// One GAN loss everywhere: what `export` prints (`loss()`) is ℓ_C = mean C(y) + mean
/// [m − C(ŷ)]⁺ on the last step's generated points, the loss whose curve the window draws.
#[test]
fn the_gans_loss_is_the_cost_nets_contrastive_loss() {
    let t = train_with(ModelId::Gan, 1, 100, &[]);
    let data = Batch::of(points_tensor(&t.data, &t.device));
    let margin = t.model.params()[0];
    assert_eq!(margin, ("margin", 1.0));
    let on_data = mean(&energies(&t, &t.data));
    let hot = t.model.hot();
    assert_eq!(hot.len(), 64, "the last generator batch");
    let pushed: Vec<f32> = energies(&t, &hot)
        .iter()
        .map(|c| (margin.1 - c).max(0.0))
        .collect();
    let want = on_data + mean(&pushed);
    let got = t.model.loss(&data, Beta::Infinite).unwrap();
    assert!((got - want).abs() < 1e-4 * (1.0 + want), "{got} vs {want}");
    assert!(
        mean(&pushed) > 0.0,
        "the hinge is active on some generated point"
    );
}

/// Red is for points a loss pushes up: the DAE's corruptions and the GAN's G(z). The VAE
/// pushes nothing up; its decoded prior samples are ỹ, drawn violet.
#[test]
fn only_contrastive_models_have_pushed_up_points() {
    for (id, pushed, sampled) in [
        (ModelId::Dae, true, false),
        (ModelId::Gan, true, false),
        (ModelId::Vae, false, true),
        (ModelId::Ae, false, false),
        (ModelId::Ellipse, false, false),
        (ModelId::Ebm, true, false),
    ] {
        let t = train_with(id, 0, 3, &[]);
        assert_eq!(!t.model.hot().is_empty(), pushed, "{id} hot");
        assert_eq!(!t.model.samples().is_empty(), sampled, "{id} samples");
        let draws = id.spec().draws;
        assert_eq!((draws.hot, draws.samples), (pushed, sampled), "{id} spec");
    }
    // The card's family and the red points agree for every model: a contrastive model draws
    // what it pushes up, an architectural one has nothing to push.
    for id in ModelId::ALL {
        let spec = id.spec();
        assert_eq!(spec.family.is_contrastive(), spec.draws.hot, "{id}");
        assert!(spec.family.describe().len() > 60, "{id}");
    }
}

/// The default colour scale shows what matters: on the trained AE's reconstruction energy the
/// data's neighbourhood sits clearly below the centre of the loop and the far corners, where
/// min … p98 crushed everything but the ridge into purple.
#[test]
fn the_default_colour_scale_shows_the_data_colder_than_the_rest() {
    use crate::palette::ColourScale;
    let t = train_with(ModelId::Ae, 0, 1500, &[]);
    let grid = course_grid();
    let surface = energies(&t, &grid.points());
    let at = |points: &[[f32; 2]]| mean(&energies(&t, points));
    let data = at(&t.data);
    let centre = at(&[[0.0, 0.0], [0.2, 0.1], [-0.2, -0.1]]);
    let corners = at(&[[-2.9, -1.9], [2.9, 1.9], [-2.9, 1.9], [2.9, -1.9]]);
    let log = ColourScale::default().fit(&surface);
    let linear = ColourScale::Linear.fit(&surface);
    let (d, c, k) = (log.t(data), log.t(centre), log.t(corners));
    eprintln!(
        "log scale: data {d:.2}, centre {c:.2}, corners {k:.2}; linear: data {:.2}, centre {:.2}",
        linear.t(data),
        linear.t(centre)
    );
    assert_eq!(ColourScale::default(), ColourScale::Log);
    assert!(c > d + 0.25 && k > d + 0.25, "{d} {c} {k}");
    assert!(
        linear.t(centre) < 0.3,
        "the linear scale crushes the centre"
    );
}
