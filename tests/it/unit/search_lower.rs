//! Tests of `ncverify::search::lower` (`src/search/lower.rs`).

use ncverify::kernel::arith::rational::q;
use ncverify::search::lower::*;

#[test]
fn builds_and_verifies_on_both_sides_of_the_threshold() {
    // collapse: K^3 λ^3 = 8/10^6 < 1/16
    let (c, v) = lower_certificate(1, &q(1, 1), &q(1, 100), &q(1, 50), "t").unwrap();
    assert_eq!(c.params.regime, "collapse");
    assert!(!v.zero_regime());
    // zero: 8/125 >= 1/16
    let (c, v) = lower_certificate(1, &q(1, 1), &q(1, 5), &q(1, 2), "t").unwrap();
    assert_eq!(c.params.regime, "zero");
    assert!(v.zero_regime());
    // straddling the threshold (λ_zero = 1/(2·16^(1/3)) ≈ 0.198): refused by the kernel
    assert!(lower_certificate(1, &q(1, 1), &q(1, 10), &q(1, 4), "t").is_err());
}
