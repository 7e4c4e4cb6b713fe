//! One GD step of the scheme-reduced trainer (`train::scheme::SchemeTrainer`, $O(L s^3)$)
//! against the full trainer (`train::Trainer`, $O(L K^3)$) on the same parameters: MSE,
//! ReLU, $n = 1$, $d = K$, $L = 4$, $\lambda = 0.004$, on the triangular schemes
//! $T(10)$ ($K = 45$), $T(20)$ ($K = 190$), $T(45)$ ($K = 990$). Target (issue 5): orders of
//! magnitude faster at $K = 990$. The one-off construction of the algebra
//! (the kernel's $O(K^3)$ check of the association scheme) is not timed.

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::construct::scheme::Scheme;
use ncverify::train::scheme::{SchemeAlgebra, SchemeTrainer};
use ncverify::train::{Activation, Dufm, Loss, Trainer};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("scheme_step");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));
    for r in [10u64, 20, 45] {
        let algebra = SchemeAlgebra::new(&Scheme::triangular(r));
        let k = algebra.points();
        let model = Dufm {
            classes: k,
            samples: 1,
            width: k,
            layers: 4,
            lambda_h: 0.004,
            lambda_w: 0.004,
            loss: Loss::Mse,
            activation: Activation::Relu,
        };
        // small coefficients keep 10^3 steps finite: spectral norm at most 0.9 per matrix
        let m = algebra.dim() as f64;
        let coeffs: Vec<Vec<f64>> = (0..=model.layers)
            .map(|l| {
                algebra
                    .sizes()
                    .iter()
                    .enumerate()
                    .map(|(j, s)| 0.9 * (1.0 - 0.3 * (l + j) as f64 % 1.7) * k as f64 / (m * s))
                    .collect()
            })
            .collect();
        let mut fast = SchemeTrainer::new(algebra, model, 0.05, coeffs).expect("valid model");
        let mut full = Trainer::<f64>::new(model, 0.05, fast.params()).expect("valid model");
        g.bench_function(format!("reduced_K{k}"), |b| {
            b.iter(|| black_box(fast.step()))
        });
        g.bench_function(format!("full_K{k}"), |b| b.iter(|| black_box(full.step())));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
