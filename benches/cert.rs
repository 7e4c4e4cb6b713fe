//! Certificate verification time (target: well under 10 ms per committed certificate) and
//! search time per parameter point.

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::claims::cert::CERTIFICATES;
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::cert::point::Certificate;
use ncverify::mse::MseParams;
use ncverify::search::certify::{SearchOptions, search};
use std::hint::black_box;

fn verification(c: &mut Criterion) {
    for name in [
        "k10_l3_n1_lw1-250_lh1-250",
        "k10_l3_n1_lw1-100_lh1-1000",
        "k15_l3_n1_lw1-250_lh1-250",
        "k21_l3_n1_lw1-1000_lh1-1000",
    ] {
        let (_, text) = CERTIFICATES
            .iter()
            .find(|(n, _)| *n == name)
            .expect("committed certificate");
        let cert = Certificate::from_toml(text).expect("parses");
        c.bench_function(&format!("verify {name}"), |b| {
            b.iter(|| black_box(&cert).verify().expect("valid"))
        });
    }
    c.bench_function("parse+verify all committed certificates", |b| {
        b.iter(|| {
            for (_, text) in CERTIFICATES {
                Certificate::from_toml(text).unwrap().verify().unwrap();
            }
        })
    });
}

fn search_per_point(c: &mut Criterion) {
    let p = MseParams::new(10, 3, q(1, 250), q(1, 250), 1).unwrap();
    let opts = SearchOptions {
        restarts: 1,
        dense: false,
        ..SearchOptions::default()
    };
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.bench_function("K=10 L=3 schemes, 1 restart each", |b| {
        b.iter(|| search(black_box(&p), &opts))
    });
    let dense = SearchOptions {
        restarts: 1,
        dense: true,
        ..SearchOptions::default()
    };
    g.bench_function("K=10 L=3 schemes + dense, 1 restart each", |b| {
        b.iter(|| search(black_box(&p), &dense))
    });
    g.finish();
}

criterion_group!(benches, verification, search_per_point);
criterion_main!(benches);
