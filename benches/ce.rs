//! Benchmarks of the CE, interval and softmax-code evaluators: kernel enclosures at two
//! tolerances, cross-entropy (f64 and enclosed), family losses and their minimisation, the
//! kernel's family comparison and DNC critical-point certificate, the depth certificates,
//! one-vs-rest distances (exact and f64) and the code solver.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nalgebra::DMatrix;
use ncverify::ce::depth::{nc_vs_kgon_depth, nc_vs_paired_depth};
use ncverify::ce::family::{CeUfm, Family};
use ncverify::ce::loss::{cross_entropy, cross_entropy_enclosure};
use ncverify::codes::closed::{etf_gram, kgon};
use ncverify::codes::distance::{distance_sq_exact, margin};
use ncverify::codes::solver::{SolverConfig, solve};
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::interval::{cos, exp, ln, pi, pow_rational};
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::kernel::ce::critical::dnc_critical_points;
use ncverify::kernel::ce::{DEFAULT_MAX_BITS, compare_families};
use std::hint::black_box;

fn enclosures(c: &mut Criterion) {
    let mut g = c.benchmark_group("enclosure");
    for (name, tol) in [
        ("1e-15", q(1, 1_000_000_000_000_000)),
        ("2^-200", {
            let mut t = q(1, 1);
            for _ in 0..200 {
                t /= qi(2);
            }
            t
        }),
    ] {
        let x = q(7919, 1000);
        g.bench_with_input(BenchmarkId::new("exp", name), &tol, |b, t| {
            b.iter(|| exp(black_box(&x), t).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("ln", name), &tol, |b, t| {
            b.iter(|| ln(black_box(&x), t).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("cos", name), &tol, |b, t| {
            b.iter(|| cos(black_box(&x), t).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("pi", name), &tol, |b, t| {
            b.iter(|| pi(black_box(t)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("pow 2/3", name), &tol, |b, t| {
            b.iter(|| pow_rational(black_box(&x), 2, 3, t).unwrap())
        });
    }
    g.bench_function("exp(-1e6) 1e-15", |b| {
        let t = q(1, 1_000_000_000_000_000);
        b.iter(|| exp(black_box(&qi(-1_000_000)), &t).unwrap())
    });
    g.finish();
}

fn cross_entropy_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("cross_entropy");
    for k in [4usize, 16, 64] {
        let n = 8;
        let zf = DMatrix::from_fn(k, k * n, |i, j| ((i * 7 + j * 3) % 11) as f64 - 5.0);
        let zq = QMatrix::from_int_fn(k, k * n, |i, j| ((i * 7 + j * 3) % 11) as i64 - 5);
        let labels: Vec<usize> = (0..k * n).map(|j| j / n).collect();
        g.bench_with_input(BenchmarkId::new("f64", k), &k, |b, _| {
            b.iter(|| cross_entropy(black_box(&zf), &labels).unwrap())
        });
        if k <= 16 {
            let tol = q(1, 1_000_000_000_000);
            g.bench_with_input(BenchmarkId::new("enclosure 1e-12", k), &k, |b, _| {
                b.iter(|| cross_entropy_enclosure(black_box(&zq), &labels, &tol).unwrap())
            });
        }
    }
    g.finish();
}

fn family_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("ce_family");
    let m = CeUfm::new(4, 3, q(1, 1000), 1).unwrap();
    let big = CeUfm::new(1000, 6, q(1, 1000), 5).unwrap();
    for fam in [Family::Dnc, Family::Paired] {
        g.bench_function(format!("loss f64 {fam}"), |b| {
            b.iter(|| m.loss(fam, black_box(7.5)))
        });
        g.bench_function(format!("loss explicit K=4 {fam}"), |b| {
            b.iter(|| m.loss_explicit(fam, black_box(7.5), 1e-12).unwrap())
        });
        g.bench_function(format!("loss enclosure 1e-15 {fam}"), |b| {
            let tol = q(1, 1_000_000_000_000_000);
            b.iter(|| m.loss_enclosure(fam, black_box(&q(15, 2)), &tol).unwrap())
        });
        g.bench_function(format!("minimise K=4 {fam}"), |b| {
            b.iter(|| m.minimise(fam).unwrap())
        });
        g.bench_function(format!("minimise K=1000 {fam}"), |b| {
            b.iter(|| big.minimise(fam).unwrap())
        });
    }
    g.bench_function("compare families 1e-18 K=4 L=3", |b| {
        let tol = q(1, 1_000_000_000_000_000_000);
        b.iter(|| compare_families(m.params(), black_box(&qi(8)), &tol, DEFAULT_MAX_BITS).unwrap())
    });
    g.bench_function("DNC critical points K=4 L=3", |b| {
        b.iter(|| dnc_critical_points(4, 3, black_box(&q(1, 1000)), 1, 80).unwrap())
    });
    g.finish();
}

fn depth_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("depth");
    for k in [4usize, 32, 1000] {
        g.bench_with_input(BenchmarkId::new("kgon certified", k), &k, |b, &k| {
            b.iter(|| nc_vs_kgon_depth(black_box(k), 1 << 14))
        });
        g.bench_with_input(BenchmarkId::new("paired exact", k), &k, |b, &k| {
            b.iter(|| nc_vs_paired_depth(black_box(k)))
        });
    }
    g.finish();
}

fn codes_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("codes");
    for k in [4usize, 8] {
        let gram = etf_gram(k).expect("K >= 2");
        g.bench_with_input(BenchmarkId::new("distance exact ETF", k), &k, |b, _| {
            b.iter(|| distance_sq_exact(black_box(&gram), 0).unwrap())
        });
    }
    for k in [8usize, 16, 64] {
        let w = kgon(k);
        g.bench_with_input(BenchmarkId::new("margin f64 K-gon", k), &k, |b, _| {
            b.iter(|| margin(black_box(&w)))
        });
    }
    g.sample_size(10);
    g.bench_function("solver d=3 K=8", |b| {
        b.iter(|| solve(3, 8, black_box(&SolverConfig::default())))
    });
    g.finish();
}

criterion_group!(
    benches,
    enclosures,
    cross_entropy_bench,
    family_bench,
    depth_bench,
    codes_bench
);
criterion_main!(benches);
