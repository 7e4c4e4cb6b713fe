//! Tests of `ncverify::mse::family` (`src/mse/family.rs`).

use ncverify::kernel::arith::rational::{parse_rational, qi};
use ncverify::kernel::mse::family::Block;
use ncverify::kernel::mse::threshold::zero_threshold_rhs;
use ncverify::mse::family::*;
use ncverify::mse::params::MseParams;
use ncverify::numeric::q_to_f64;

fn params(k: u64, l: u32, lam: &str, n: u64) -> MseParams {
    let lam = parse_rational(lam).unwrap();
    MseParams::new(k, l, lam.clone(), lam, n).unwrap()
}

#[test]
fn reference_numbers_of_the_paper_setting() {
    // r = 4, L = 4, λ = 1e-3, n = 1: ℓ_SRG = 0.0146335478 < ℓ_DNC = 0.0149819348 (the
    // reference numbers of the MSE module docs).
    let p = params(6, 4, "1e-3", 1);
    let dnc = construction_loss(&p, &Family::Dnc.construction(&p).unwrap()).unwrap();
    let srg = construction_loss(&p, &Family::Srg.construction(&p).unwrap()).unwrap();
    assert!((dnc.loss - 0.0149819348).abs() < 5e-11, "{}", dnc.loss);
    assert!((srg.loss - 0.0146335478).abs() < 5e-11, "{}", srg.loss);
}

#[test]
fn hand_computed_l1() {
    // L = 1: ℓ = a - a²/2 for a < 1, with a = c K, c = (n λ_H λ_W)^{1/2}.
    let p = params(2, 1, "1/16", 1); // c = 1/16, a = 1/8
    let f = construction_loss(&p, &Family::Dnc.construction(&p).unwrap()).unwrap();
    assert!((f.loss - (0.125 - 0.0078125)).abs() < 1e-15);
    assert!((f.scale - 0.875).abs() < 1e-15);
}

#[test]
fn triangular_roots() {
    assert_eq!(triangular_root(6), Some(4));
    assert_eq!(triangular_root(3), Some(3));
    assert_eq!(triangular_root(990), Some(45));
    assert_eq!(triangular_root(7), None);
    assert_eq!(triangular_root(1), None);
}

#[test]
fn f64_costs_match_the_exact_closed_forms() {
    // T(4), L = 4: C^5 = 6912; L = 3: C^4 = 1728; J(9,3), L = 3: C^4 = 48009024.
    for (b, l) in [
        (Block::Triangular { r: 4 }, 4),
        (Block::Triangular { r: 4 }, 3),
        (Block::Johnson { r: 9, t: 3 }, 3),
        (Block::Triangular { r: 45 }, 6),
        (Block::Dnc { classes: 6 }, 4),
    ] {
        let exact = q_to_f64(&b.cost_power(l).unwrap());
        let c = block_cost_f64(&b, l).unwrap();
        let rel = (c.powi(l as i32 + 1) - exact).abs() / exact;
        assert!(rel < 1e-13, "{b} L = {l}: {c} vs {exact}");
    }
    assert_eq!(Block::Triangular { r: 4 }.cost_power(4), Ok(qi(6912)));
}

#[test]
fn best_partition_uses_t4_from_four_layers() {
    let c = best_partition(6, 3).unwrap();
    assert_eq!(c.blocks(), vec![Block::Dnc { classes: 6 }]);
    let c = best_partition(6, 4).unwrap();
    assert_eq!(c.blocks(), vec![Block::Triangular { r: 4 }]);
    assert_eq!(best_partition(20, 6).unwrap().classes(), 20);
    assert_eq!(
        best_partition(5, 1).unwrap().blocks(),
        vec![Block::Dnc { classes: 5 }]
    );
}

#[test]
fn zero_threshold_matches_numerical_jump() {
    // At L = 4, K = 6 the threshold on n λ_H λ_W^4 is 3^3 / (4^8 6^5).
    for l in 2..7u32 {
        let t = q_to_f64(&zero_threshold_rhs(l).unwrap());
        let below = family_loss(t.powf(1.0 / (l as f64 + 1.0)) * 0.999, l).unwrap();
        let above = family_loss(t.powf(1.0 / (l as f64 + 1.0)) * 1.001, l).unwrap();
        assert!(below.scale > 0.0 && above.scale == 0.0, "L = {l}");
        let x_jump = (l as f64 - 1.0) / l as f64;
        assert!(
            (below.scale - x_jump).abs() < 0.02,
            "L = {l}: {}",
            below.scale
        );
    }
}
