//! How long an exact comparison of two constructions takes, next to the f64 losses.

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::mse::compare::compare_constructions;
use ncverify::mse::family::{Family, construction_loss};
use ncverify::mse::params::MseParams;
use ncverify::prelude::q;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let p = MseParams::new(6, 5, q(1, 500), q(1, 500), 1).expect("valid parameters");
    let srg = Family::Srg.construction(&p).expect("K = 6 is triangular");
    let dnc = Family::Dnc.construction(&p).expect("DNC fits every K");
    c.bench_function("exact comparison T(4) vs DNC, K=6 L=5", |b| {
        b.iter(|| compare_constructions(black_box(&p), &srg, &dnc).expect("decided"))
    });
    c.bench_function("f64 losses T(4) and DNC, K=6 L=5", |b| {
        b.iter(|| {
            let a = construction_loss(black_box(&p), &srg).expect("valid").loss;
            let d = construction_loss(black_box(&p), &dnc).expect("valid").loss;
            a < d
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
