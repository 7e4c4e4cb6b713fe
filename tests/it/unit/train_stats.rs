//! Tests of `ncverify::train::stats` (`src/train/stats.rs`).

use ncverify::train::stats::*;

/// Reference values (R: `binom::binom.confint(x, n, method = "wilson")`):
/// 0/10 → [0, 0.2775]; 5/10 → [0.2366, 0.7634].
#[test]
fn known_intervals() {
    let (lo, hi) = wilson_95(0, 10);
    assert!(lo == 0.0 && (hi - 0.27753).abs() < 1e-4);
    let (lo, hi) = wilson_95(5, 10);
    assert!((lo - 0.23659).abs() < 1e-4 && (hi - 0.76341).abs() < 1e-4);
    assert_eq!(wilson_95(3, 0), (0.0, 1.0));
    assert_eq!(
        describe(0, 20000),
        "0/20000 (p = 0.000, Wilson 95% [0.000, 1.92e-4])"
    );
}
