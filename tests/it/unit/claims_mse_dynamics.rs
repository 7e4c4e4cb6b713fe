//! Tests of `ncverify::claims::mse_dynamics` (`src/claims/mse_dynamics.rs`).

use ncverify::claims::mse_dynamics::*;
use ncverify::mse::family::family_loss_ln;

/// The reference DNC numbers of the MSE module docs: r = 4 gives K = 6, L = 4, λ = 1e-3,
/// n = 1: ℓ_DNC = 0.0149819348 (the family loss at a = K (n λ_H λ_W^L)^{1/(L+1)} = 6e-3), and
/// the bisection of `linear_gain` finds the same optimal scale as the family's golden section.
#[test]
fn dnc_family_loss_matches_the_reference() {
    let fl = family_loss_ln((6e-3f64).ln(), 4).unwrap();
    let (l, x) = (fl.loss, fl.scale);
    assert!((l - 0.0149819348).abs() < 1e-10, "{l}");
    // stationarity (1-x)^{L+1} x^{L-1} = K^{L+1} n λ_H λ_W^L; golden section locates a
    // minimiser only to ~√ε ≈ 1e-8, and d ln(lhs)/dx = 3/x − 5/(1−x) ≈ −120 here
    let lhs = (1.0 - x).powi(5) * x.powi(3);
    assert!((lhs - 6f64.powi(5) * 1e-15).abs() < 1e-5 * lhs, "{lhs}");
    assert!((linear_gain(4, 6f64.powi(5) * 1e-15).unwrap() - x).abs() < 1e-7);
}
