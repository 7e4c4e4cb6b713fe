//! The reduced two-layer search (`search::reduced`: L-BFGS on one $K\times K$ matrix $Z$, the
//! explicit model recovered from it) against the existing two-layer search on the full DUFM
//! (the dense part of `search::certify::search`: L-BFGS on $(H_1, W_1, W_2)$ at width $d = K$),
//! one seeded start each, 3000 iterations at most, at $L = 2$, $n = 1$,
//! $\lambda_W = \lambda_H = 1/1000$. Before timing, the bench prints for 20 seeded starts of
//! each how many end at $\ell_{\mathrm{DNC}}$ (the other end points are the zero solution or
//! other critical points) and the mean number of L-BFGS iterations: time per start and
//! success per start together give the time per useful end point.

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::kernel::arith::rational::q;
use ncverify::mse::MseParams;
use ncverify::search::certify::dnc_loss;
use ncverify::search::dense::DenseModel;
use ncverify::search::lbfgs::{LbfgsOptions, LbfgsResult, minimize};
use ncverify::search::reduced::{ReducedModel, ReducedSearchOptions, search_reduced};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use std::hint::black_box;

fn start(dim: usize, sd: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let normal = Normal::new(0.0, sd).unwrap();
    (0..dim).map(|_| normal.sample(&mut rng)).collect()
}

/// One dense L-BFGS run, as in `search::certify::search` (start sd $1/\sqrt K$).
fn dense_run(m: &DenseModel, seed: u64) -> LbfgsResult {
    let x0 = start(m.dim(), 1.0 / (m.classes as f64).sqrt(), seed);
    minimize(|x| m.loss_grad(x), x0, &LbfgsOptions::default())
}

/// One reduced L-BFGS run from a Gaussian start (sd as `search_reduced`).
fn reduced_run(m: &ReducedModel, sd: f64, seed: u64) -> LbfgsResult {
    minimize(
        |x| m.loss_grad_flat(x),
        start(m.dim(), sd, seed),
        &LbfgsOptions::default(),
    )
}

/// Over `starts` seeds: how many runs end within $10^{-6}$ (relative) of $\ell_{\mathrm{DNC}}$
/// or below, and the mean number of iterations.
fn success(runs: impl Iterator<Item = LbfgsResult>, dnc: f64, starts: usize) -> (usize, f64) {
    let mut hits = 0;
    let mut iters = 0;
    for r in runs {
        if r.f <= dnc * (1.0 + 1e-6) {
            hits += 1;
        }
        iters += r.iterations;
    }
    (hits, iters as f64 / starts as f64)
}

fn two_layer_search(c: &mut Criterion) {
    let mut g = c.benchmark_group("two-layer search");
    g.sample_size(10);
    for k in [3usize, 6, 10] {
        let p = MseParams::new(k as u64, 2, q(1, 1000), q(1, 1000), 1).unwrap();
        let dense = DenseModel {
            classes: k,
            layers: 2,
            samples: 1,
            width: k,
            lambda_w: 1e-3,
            lambda_h: 1e-3,
        };
        let reduced = ReducedSearchOptions {
            restarts: 1,
            ..ReducedSearchOptions::default()
        };
        let dnc = dnc_loss(&p);
        let rm = ReducedModel::from_params(&p, k).unwrap();
        const STARTS: usize = 20;
        let (dh, di) = success(
            (1..=STARTS as u64).map(|s| dense_run(&dense, s)),
            dnc,
            STARTS,
        );
        let (rh, ri) = success(
            (1..=STARTS as u64).map(|s| reduced_run(&rm, reduced.start_sd, s)),
            dnc,
            STARTS,
        );
        let best = search_reduced(&p, &reduced).unwrap()[0].loss;
        println!(
            "K={k} L=2, {STARTS} seeded starts each: dense {} params, {dh}/{STARTS} runs reach \
             DNC, {di:.0} iterations on average; reduced {} params, {rh}/{STARTS} reach DNC, \
             {ri:.0} iterations on average; search_reduced (seed 1): recovered model \
             loss/DNC {:.12}",
            dense.dim(),
            rm.dim(),
            best / dnc
        );
        g.bench_function(format!("K={k} dense, {STARTS} starts"), |b| {
            b.iter(|| {
                for seed in 1..=STARTS as u64 {
                    black_box(dense_run(black_box(&dense), seed));
                }
            })
        });
        g.bench_function(format!("K={k} reduced, {STARTS} starts"), |b| {
            b.iter(|| {
                for seed in 1..=STARTS as u64 {
                    black_box(reduced_run(black_box(&rm), reduced.start_sd, seed));
                }
            })
        });
        g.bench_function(format!("K={k} search_reduced (1 start + recovery)"), |b| {
            b.iter(|| search_reduced(black_box(&p), &reduced).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, two_layer_search);
criterion_main!(benches);
