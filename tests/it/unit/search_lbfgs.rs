//! Tests of `ncverify::search::lbfgs` (`src/search/lbfgs.rs`).

use ncverify::search::lbfgs::*;

#[test]
fn minimizes_the_rosenbrock_function() {
    // f = (1-a)^2 + 100 (b - a^2)^2, minimum 0 at (1, 1)
    let fg = |x: &[f64]| {
        let (a, b) = (x[0], x[1]);
        let f = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
        let g = vec![
            -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
            200.0 * (b - a * a),
        ];
        (f, g)
    };
    let r = minimize(fg, vec![-1.2, 1.0], &LbfgsOptions::default());
    assert!(r.f < 1e-16, "f = {}", r.f);
    assert!((r.x[0] - 1.0).abs() < 1e-7 && (r.x[1] - 1.0).abs() < 1e-7);
}

#[test]
fn minimizes_a_convex_quadratic_in_few_iterations() {
    // f = Σ i (x_i - i)^2 / 2: L-BFGS needs at most a few dozen steps in 20 dimensions
    let fg = |x: &[f64]| {
        let f = x
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64 + 1.0) * (v - i as f64).powi(2) / 2.0)
            .sum();
        let g = x
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64 + 1.0) * (v - i as f64))
            .collect();
        (f, g)
    };
    let r = minimize(fg, vec![0.0; 20], &LbfgsOptions::default());
    assert!(r.iterations < 100);
    for (i, v) in r.x.iter().enumerate() {
        assert!((v - i as f64).abs() < 1e-8, "x[{i}] = {v}");
    }
}
