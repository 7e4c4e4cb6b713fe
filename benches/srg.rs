//! Speed of the exact srg code: the clause-by-clause and matrix-identity verifiers on
//! T(20) (K = 190 vertices), and the feasibility conditions over every parameter set with
//! v <= 100 that passes the counting identity (the rest are rejected in O(1)).

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::construct::srg::{
    SrgParams, feasibility, triangular_adjacency, triangular_params, verify_srg,
    verify_srg_identity,
};
use std::hint::black_box;

/// Every (v, k, λ, μ) with v <= `v_max`, 0 < k < v - 1, λ < k, μ <= k and
/// k(k-λ-1) = μ(v-k-1).
fn identity_parameter_sets(v_max: u64) -> Vec<SrgParams> {
    let mut out = Vec::new();
    for v in 3..=v_max {
        for k in 1..v - 1 {
            for lambda in 0..k {
                for mu in 0..=k {
                    if k * (k - lambda - 1) == mu * (v - k - 1) {
                        out.push(SrgParams { v, k, lambda, mu });
                    }
                }
            }
        }
    }
    out
}

fn bench_verify(c: &mut Criterion) {
    let a = triangular_adjacency(20).expect("T(20) fits");
    let p = triangular_params(20).expect("r >= 4");
    c.bench_function("verify_srg T(20)", |b| {
        b.iter(|| verify_srg(black_box(&a), black_box(&p)))
    });
    let mut g = c.benchmark_group("identity");
    g.sample_size(10);
    g.bench_function("verify_srg_identity T(20)", |b| {
        b.iter(|| verify_srg_identity(black_box(&a), black_box(&p)))
    });
    g.finish();
}

fn bench_feasibility(c: &mut Criterion) {
    let sets = identity_parameter_sets(100);
    let mut g = c.benchmark_group("feasibility");
    g.sample_size(10);
    g.bench_function(format!("all {} identity sets, v <= 100", sets.len()), |b| {
        b.iter(|| {
            sets.iter()
                .filter(|p| feasibility(black_box(p)).is_feasible())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_verify, bench_feasibility);
criterion_main!(benches);
