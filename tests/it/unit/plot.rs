//! Tests of `ncverify::plot` (`src/plot/mod.rs`).

use ncverify::plot::*;

#[test]
fn axes_must_be_finite_nonempty_ranges() {
    assert!(check_axis("y", 0.0, 1.0).is_ok());
    assert!(check_axis("y", 0.0, f64::INFINITY).is_err());
    assert!(check_axis("y", -1.7e308, 1.7e308).is_err());
    assert!(check_axis("y", 1.0, 1.0).is_err());
    assert!(check_log_axis("λ", 1e-3, 1e3).is_ok());
    assert!(check_log_axis("λ", 0.0, 1e3).is_err());
    assert!(check_log_axis("λ", 1e250, f64::INFINITY).is_err());
}

#[test]
fn long_ranges_are_sampled_with_both_ends() {
    assert_eq!(sample_range(2, 5), vec![2, 3, 4, 5]);
    let s = sample_range(2, 1_000_000);
    assert_eq!(s.len(), MAX_CURVE_POINTS);
    assert_eq!((s[0], s[s.len() - 1]), (2, 1_000_000));
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    assert!(sample_range(5, 4).is_empty());
}
