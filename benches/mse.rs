//! Benchmarks of the MSE deep-UFM evaluators: family losses, explicit-matrix losses for K from
//! 6 to 990, and exact against f64 evaluation.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ncverify::kernel::arith::rational::q;
use ncverify::mse::MseParams;
use ncverify::mse::explicit::{
    balanced_factors_f64, factor_to_f64, mse_loss_exact, mse_loss_f64, scaled_factors, split_exact,
};
use ncverify::mse::family::{Family, construction_loss};
use std::hint::black_box;

fn params(k: u64, l: u32) -> MseParams {
    MseParams::new(k, l, q(1, 1000), q(1, 1000), 1).unwrap()
}

fn family_losses(c: &mut Criterion) {
    let mut g = c.benchmark_group("family_loss");
    for fam in [Family::Dnc, Family::SrgBlock, Family::SrgBest] {
        let p = params(990, 6);
        let cons = fam.construction(&p).unwrap();
        g.bench_function(fam.name(), |b| {
            b.iter(|| construction_loss(black_box(&p), black_box(&cons)))
        });
    }
    g.bench_function("srg-best partition K=990", |b| {
        let p = params(990, 6);
        b.iter(|| Family::SrgBest.construction(black_box(&p)).unwrap())
    });
    g.finish();
}

fn explicit_losses(c: &mut Criterion) {
    let mut g = c.benchmark_group("explicit_loss_f64");
    g.sample_size(10);
    for k in [6u64, 28, 105, 990] {
        let p = params(k, 4);
        let cons = Family::Srg.construction(&p).unwrap();
        let fl = construction_loss(&p, &cons).unwrap();
        let (h, ws) = balanced_factors_f64(&p, &cons, fl.scale).unwrap();
        g.bench_with_input(BenchmarkId::new("srg", k), &k, |b, &k| {
            b.iter(|| mse_loss_f64(black_box(&h), black_box(&ws), k as usize, 1, 1e-3, 1e-3))
        });
    }
    g.finish();
}

fn exact_vs_f64(c: &mut Criterion) {
    let mut g = c.benchmark_group("exact_vs_f64");
    g.sample_size(10);
    for k in [6u64, 10, 21] {
        let p = params(k, 4);
        let cons = Family::Srg.construction(&p).unwrap();
        let scales = vec![vec![q(99, 100); 5]];
        let fs = scaled_factors(&cons, 4, 1, &scales).unwrap();
        let (h, ws) = split_exact(&fs).unwrap();
        let hf = factor_to_f64(&fs[0]);
        let wf: Vec<_> = fs[1..].iter().map(factor_to_f64).collect();
        g.bench_with_input(BenchmarkId::new("exact", k), &k, |b, &k| {
            b.iter(|| mse_loss_exact(&h, &ws, k as usize, 1, p.lambda_w(), p.lambda_h()).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("f64", k), &k, |b, &k| {
            b.iter(|| mse_loss_f64(&hf, &wf, k as usize, 1, 1e-3, 1e-3))
        });
    }
    g.finish();
}

criterion_group!(benches, family_losses, explicit_losses, exact_vs_f64);
criterion_main!(benches);
