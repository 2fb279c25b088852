//! `cargo bench`: the hot kernels under criterion, so a change can be compared with the last
//! run (`target/criterion` keeps the baseline). The full table against PyTorch is
//! `energy-lab bench`.

use std::hint::black_box;

use burn::tensor::Device;
use criterion::{Criterion, criterion_group, criterion_main};
use energy_lab::bench::landscape::{self, Decoder, square_grid};
use energy_lab::bench::reference::{AeStep, GanIteration, MlpStep};

fn landscapes(c: &mut Criterion) {
    let device = Device::flex();
    let spec = square_grid(256);
    let neural = Decoder::neural(&device);
    let net = landscape::grid_mlp(&device);
    let mut group = c.benchmark_group("landscape 256²");
    group.sample_size(30);
    group.bench_function("F_β ellipse 48, host kernel", |b| {
        b.iter(|| {
            black_box(landscape::fused_surface(
                &Decoder::Ellipse,
                48,
                &spec,
                &device,
            ))
        })
    });
    group.bench_function("F_β ellipse 48, burn tensors", |b| {
        b.iter(|| {
            black_box(landscape::tensor_surface(
                &Decoder::Ellipse,
                48,
                &spec,
                &device,
            ))
        })
    });
    group.bench_function("F_β neural 48, host kernel", |b| {
        b.iter(|| black_box(landscape::fused_surface(&neural, 48, &spec, &device)))
    });
    group.bench_function("MLP energy, host kernel", |b| {
        b.iter(|| black_box(landscape::host_mlp(&net, &spec)))
    });
    group.bench_function("MLP energy, burn tensors", |b| {
        b.iter(|| black_box(landscape::tensor_mlp(&net, &spec, &device)))
    });
    group.finish();
}

fn training(c: &mut Criterion) {
    let device = Device::flex();
    let mut group = c.benchmark_group("training, batch 256");
    let mut mlp = MlpStep::new(256, &device);
    group.bench_function("MLP step", |b| b.iter(|| black_box(mlp.run())));
    let mut ae = AeStep::new(256, &device);
    group.bench_function("AE step", |b| b.iter(|| black_box(ae.run())));
    let mut gan = GanIteration::new(256, &device);
    group.bench_function("GAN iteration", |b| b.iter(|| black_box(gan.run())));
    group.finish();
}

criterion_group!(benches, landscapes, training);
criterion_main!(benches);
