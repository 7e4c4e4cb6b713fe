//! Tests of `ncverify::ce::depth` (`src/ce/depth.rs`).

use ncverify::ce::depth::*;

#[test]
fn hand_values() {
    assert_eq!(nc_vs_kgon_depth(4, 1 << 12), Some(4));
    assert_eq!(nc_vs_paired_depth(4), Some(4));
    assert_eq!(nc_vs_kgon_depth(6, 1 << 12), Some(4));
    assert_eq!(nc_vs_paired_depth(6), Some(3));
    assert_eq!(nc_vs_kgon_depth(3, 64), None);
}

#[test]
fn exact_decisions_agree_with_f64_costs() {
    for k in 4..=32 {
        let m = nc_vs_kgon_depth(k, 1 << 12).unwrap();
        assert!(kgon_cost(k, m, 1) < nc_cost(k, m, 1));
        assert!(m == 1 || kgon_cost(k, m - 1, 1) >= nc_cost(k, m - 1, 1));
        let p = nc_vs_paired_depth(k).unwrap();
        assert!(paired_cost(k, p, 3) < nc_cost(k, p, 3));
        assert!(p == 1 || paired_cost(k, p - 1, 3) >= nc_cost(k, p - 1, 3));
    }
}
