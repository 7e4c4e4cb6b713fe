//! Trainer throughput on the configurations of `benches/README.md`, plus a square-matmul
//! peak for GFLOP/s comparisons. (b) and (c) are measured with the step split over two rayon
//! tasks (`…_2tasks`, the default for them) and on one (`…_1task`); `sweep_a` compares 64
//! independent runs of (a) through `train::run_many` with one run (the across-runs speed-up is
//! the ratio of the two "elements/s", i.e. steps/s). Targets (recorded PyTorch f32 / NumPy rates on a 2-core CI
//! machine): (a) ≥ 10 × 1612 steps/s (PyTorch) and ≥ 2 × NumPy; (b), (c) ≥ NumPy.
//! `benches/compare.py` measures NumPy side by side in the same run.
//!
//! Flops per step (matrix products only, 2 per multiply-add):
//! $6\,[(L-1)\,d^2 N + K d N]$.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use nalgebra::DMatrix;
use ncverify::train::{Activation, Dufm, Loss, Real, Run, Trainer, init, run_many};
use std::hint::black_box;
use std::time::Duration;

struct Config {
    name: &'static str,
    model: Dufm,
    lr: f64,
    scale: f64,
}

fn configs() -> Vec<Config> {
    let m = |classes, samples, width, layers, lambda, loss, activation| Dufm {
        classes,
        samples,
        width,
        layers,
        lambda_h: lambda,
        lambda_w: lambda,
        loss,
        activation,
    };
    vec![
        Config {
            name: "a_K10_L4_n1_d30_mse_relu",
            model: m(10, 1, 30, 4, 0.004, Loss::Mse, Activation::Relu),
            lr: 0.5,
            scale: 0.3,
        },
        Config {
            name: "b_K100_L4_n1_d128_mse_relu",
            model: m(100, 1, 128, 4, 0.004, Loss::Mse, Activation::Relu),
            lr: 0.5,
            scale: 0.1,
        },
        Config {
            name: "c_K10_L6_n50_d64_ce_linear",
            model: m(10, 50, 64, 6, 1e-3, Loss::Ce, Activation::Linear),
            lr: 0.1,
            scale: 0.3,
        },
    ]
}

/// Flops of one step (matrix products only).
fn flops(m: &Dufm) -> u64 {
    let (k, d, n, l) = (
        m.classes as u64,
        m.width as u64,
        m.n_total() as u64,
        m.layers as u64,
    );
    6 * ((l - 1) * d * d * n + k * d * n)
}

fn bench_config<T: Real>(c: &mut Criterion, cfg: &Config) {
    let p = init::gaussian(&cfg.model, cfg.scale, 0).unwrap();
    let t = Trainer::new(cfg.model, cfg.lr, p.map(|x| T::of(x))).unwrap();
    let mut g = c.benchmark_group(format!("train_{}", T::NAME));
    g.throughput(Throughput::Elements(flops(&cfg.model)));
    g.measurement_time(Duration::from_secs(3));
    g.warm_up_time(Duration::from_millis(500));
    if t.is_parallel() {
        for (suffix, on) in [("2tasks", true), ("1task", false)] {
            let mut t = t.clone();
            t.set_parallel(on);
            g.bench_function(format!("{}_{suffix}", cfg.name), |b| {
                b.iter(|| black_box(t.step()))
            });
        }
    } else {
        let mut t = t;
        g.bench_function(cfg.name, |b| b.iter(|| black_box(t.step())));
    }
    g.finish();
}

fn trainer(c: &mut Criterion) {
    for cfg in configs() {
        bench_config::<f64>(c, &cfg);
        bench_config::<f32>(c, &cfg);
    }
}

/// 64 independent runs of config (a) (`run_many`, all cores) against one run, `STEPS` steps
/// each; throughput in steps, so the ratio of the two rates is the across-runs speed-up.
fn sweep(c: &mut Criterion) {
    const STEPS: u64 = 200;
    const RUNS: u64 = 64;
    let cfg = &configs()[0];
    let runs: Vec<Run<f64>> = (0..RUNS)
        .map(|seed| Run {
            model: cfg.model,
            lr: cfg.lr,
            init: init::gaussian(&cfg.model, cfg.scale, seed).unwrap(),
            steps: STEPS,
        })
        .collect();
    let mut g = c.benchmark_group("sweep_a_f64");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(5));
    g.warm_up_time(Duration::from_millis(500));
    for n in [1, RUNS] {
        g.throughput(Throughput::Elements(n * STEPS));
        g.bench_function(format!("runs{n}"), |b| {
            b.iter_batched(
                || runs[..n as usize].to_vec(),
                |r| black_box(run_many(r)),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// Square matrix product through the same nalgebra/matrixmultiply path: the peak to compare
/// the trainer's GFLOP/s with.
fn matmul_peak(c: &mut Criterion) {
    for n in [64usize, 256] {
        let a = DMatrix::<f64>::from_fn(n, n, |i, j| ((i * 7 + j * 3) % 11) as f64 - 5.0);
        let b = a.transpose();
        let mut out = DMatrix::<f64>::zeros(n, n);
        let mut g = c.benchmark_group("matmul_f64");
        g.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
        g.measurement_time(Duration::from_secs(2));
        g.bench_function(format!("n{n}"), |bch| {
            bch.iter(|| out.gemm(1.0, black_box(&a), black_box(&b), 0.0))
        });
        g.finish();
    }
}

criterion_group!(benches, trainer, sweep, matmul_peak);
criterion_main!(benches);
