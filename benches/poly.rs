//! Speed of the kernel's Sturm machinery on the sizes the claims use.

use criterion::{Criterion, criterion_group, criterion_main};
use ncverify::kernel::arith::poly::{Bound, QPoly};
use ncverify::kernel::arith::rational::{Q, q};
use std::hint::black_box;

/// `x - a`.
fn linear(a: Q) -> QPoly {
    QPoly::new(vec![-a, q(1, 1)])
}

/// Degree 12: `(x^2 + 1) prod_{i=1}^{10} (x - i/7)`, ten close rational roots.
fn degree_12() -> QPoly {
    (1..=10).fold(QPoly::from_ints(&[1, 0, 1]), |acc, i| acc * linear(q(i, 7)))
}

fn sturm_count(c: &mut Criterion) {
    let p = degree_12();
    c.bench_function("count_distinct_roots degree 12", |b| {
        b.iter(|| black_box(&p).count_distinct_roots(&Bound::NegInf, &Bound::PosInf))
    });
    c.bench_function("isolate_roots degree 12", |b| {
        b.iter(|| black_box(&p).isolate_roots(&Bound::NegInf, &Bound::PosInf))
    });
}

fn positivity(c: &mut Criterion) {
    // degree 10, positive on the line: prod_{k=1}^{5} (x^2 - x + k)
    let pos = (1..=5).fold(QPoly::one(), |acc, k| acc * QPoly::from_ints(&[k, -1, 1]));
    // degree 10, touches zero at sqrt 2: (x^2 - 2)^2 (x^2 + 1)^3
    let touch = QPoly::from_ints(&[-2, 0, 1]).pow(2) * QPoly::from_ints(&[1, 0, 1]).pow(3);
    c.bench_function("positivity_on degree 10 positive", |b| {
        b.iter(|| black_box(&pos).positivity_on(&Bound::NegInf, &Bound::PosInf))
    });
    c.bench_function("positivity_on degree 10 touches zero", |b| {
        b.iter(|| black_box(&touch).positivity_on(&Bound::Finite(q(0, 1)), &Bound::Finite(q(2, 1))))
    });
}

criterion_group!(benches, sturm_count, positivity);
criterion_main!(benches);
