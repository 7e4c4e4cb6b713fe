//! The reduced two-layer search (`search::reduced`: L-BFGS on one $K\times K$ matrix $Z$, the
//! explicit model recovered from it) against the existing two-layer search on the full DUFM
//! (the dense part of `search::certify::search`: L-BFGS on $(H_1, W_1, W_2)$ at width $d = K$),
//! one seeded start each, 3000 iterations at most, at $L = 2$, $n = 1$,
//! $\lambda_W = \lambda_H = 1/1000$. Before timing, the bench prints the loss each reaches
//! (over $\ell_{\mathrm{DNC}}$) and the L-BFGS iterations.

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
fn dense_run(m: &DenseModel) -> LbfgsResult {
    let x0 = start(m.dim(), 1.0 / (m.classes as f64).sqrt(), 1);
    minimize(|x| m.loss_grad(x), x0, &LbfgsOptions::default())
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
        let d = dense_run(&dense);
        let rm = ReducedModel::from_params(&p, k).unwrap();
        let r0 = start(rm.dim(), reduced.start_sd, 1);
        let r = minimize(|x| rm.loss_grad_flat(x), r0, &LbfgsOptions::default());
        let best = search_reduced(&p, &reduced).unwrap()[0].loss;
        println!(
            "K={k} L=2: dense {} params, {} iterations, loss/DNC {:.12}; reduced {} params, \
             {} iterations, F/DNC {:.12}, recovered model loss/DNC {:.12}",
            dense.dim(),
            d.iterations,
            d.f / dnc,
            rm.dim(),
            r.iterations,
            r.f / dnc,
            best / dnc
        );
        g.bench_function(format!("K={k} dense, 1 start"), |b| {
            b.iter(|| dense_run(black_box(&dense)))
        });
        g.bench_function(format!("K={k} reduced + recovery, 1 start"), |b| {
            b.iter(|| search_reduced(black_box(&p), &reduced).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, two_layer_search);
criterion_main!(benches);
