//! Every bad call returns an error naming the argument instead of panicking or returning a
//! wrong value (one test per case found by downstream users), plus the neighbouring cases the
//! same validation covers; `parameter()` names the caller's argument, and messages read
//! `argument: symbol = value, need condition`.

use nalgebra::DMatrix;
use ncverify::kernel::QPoly;
use ncverify::kernel::arith::poly::PolyError;
use ncverify::kernel::arith::rational::{ParseRationalError, q, try_q};
use ncverify::kernel::mse::compare::{CompareError as KernelCompareError, compare_radical_sums};
use ncverify::kernel::mse::dufm::{DufmError, mse_loss_exact};
use ncverify::kernel::mse::family::{FamilyError, block_diagonal};
use ncverify::kernel::mse::kneser::{KneserError, kneser_chain_factors, verify_kneser_beside_dnc};
use ncverify::kernel::mse::order::{
    CostOrder, MAX_ORDER_LAYERS, MAX_ORDER_R0, bchain_gap_poly, decide_bchain_vs_dnc,
    prove_bchain_cheaper_from, prove_block_beats_dnc_from, prove_blocks_cheaper_than_dnc,
};
use ncverify::kernel::mse::threshold::{DufmParams, ParamError};
use ncverify::kernel::mse::threshold::{ThresholdError, decide_scale_beats_zero};
use ncverify::metrics::{self, MetricError};
use ncverify::mse::family::{
    best_partition, block_cost_f64, construction_loss, family_loss, family_loss_ln,
};
use ncverify::mse::{Block, Construction, MseError, MseParams};
use ncverify::train::init::gaussian;
use ncverify::train::{Activation, Dufm, Loss, ModelError, Trainer};

fn params(k: u64, l: u32) -> MseParams {
    MseParams::new(k, l, q(1, 1000), q(1, 1000), 1).unwrap()
}

#[test]
fn triangular_cost_power_at_depth_zero() {
    // formerly a subtraction overflow (debug) or 22 s and an 8.6-Gbit rational (release)
    let e = Block::Triangular { r: 4 }.cost_power(0).unwrap_err();
    assert!(
        matches!(e, FamilyError::NeedsLayers { min: 2, .. }),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "T(4) needs L >= 2");
}

#[test]
fn johnson_cost_power_at_depth_one() {
    let e = Block::Johnson { r: 9, t: 3 }.cost_power(1).unwrap_err();
    assert_eq!(e.to_string(), "J(9,3) needs L >= 2");
}

#[test]
fn huge_depths_are_refused_quickly() {
    for b in [Block::Dnc { classes: 6 }, Block::Triangular { r: 4 }] {
        let e = b.cost_power(u32::MAX - 1).unwrap_err();
        assert_eq!(e.parameter(), Some("layers"));
        assert!(e.to_string().starts_with("layers: C^(L+1) of "), "{e}");
    }
    assert_eq!(
        DufmParams::new(6, 1 << 30, q(1, 2), q(1, 2), 1),
        Err(ParamError::BadLayers(1 << 30))
    );
    let e = DufmParams::new(6, 50_000, q(1, 1 << 40), q(1, 2), 1).unwrap_err();
    assert_eq!(e, ParamError::TooLarge { which: "lambda_w" });
}

#[test]
fn dnc_block_without_classes() {
    let dnc0 = Block::Dnc { classes: 0 };
    for e in [
        block_cost_f64(&dnc0, 4).unwrap_err(),
        MseError::from(dnc0.cost_power(4).unwrap_err()),
        Construction::new(vec![dnc0]).unwrap_err(),
    ] {
        assert!(e.to_string().contains("DNC(0) is not a block"), "{e}");
    }
}

#[test]
fn family_loss_of_nan_or_a_negative_cost() {
    for a in [f64::NAN, -1.0] {
        let e = family_loss(a, 4).unwrap_err();
        assert!(
            matches!(e, MseError::NotNonNegative { which: "a", .. }),
            "{e:?}"
        );
        assert_eq!(e.parameter(), "a");
        assert!(e.to_string().starts_with("a: a = "), "{e}");
    }
    assert!(family_loss_ln(f64::NAN, 4).is_err());
    // the ends of the range are values, not errors
    assert_eq!(family_loss(0.0, 4).unwrap().loss, 0.0);
    assert_eq!(family_loss(f64::INFINITY, 4).unwrap().loss, 0.5);
}

#[test]
fn family_loss_without_layers() {
    // formerly 0.5
    let e = family_loss(0.01, 0).unwrap_err();
    assert_eq!(e, MseError::TooFewLayers(0));
    assert_eq!(e.parameter(), "layers");
    assert_eq!(e.to_string(), "layers: L = 0, need L >= 1");
}

#[test]
fn rational_with_zero_denominator() {
    assert_eq!(try_q(1, 0), Err(ParseRationalError::ZeroDenominator));
    assert_eq!(try_q(1, 0).unwrap_err().to_string(), "zero denominator");
    assert_eq!(try_q(3, -6), Ok(q(-1, 2)));
}

/// `q` stays the literal helper and fails loudly on a zero denominator, as `Q::new` does;
/// computed denominators go through `try_q`.
#[test]
#[should_panic(expected = "q(1, 0): zero denominator b (use try_q for computed values)")]
fn q_literal_helper_panics_on_a_zero_denominator() {
    let _ = q(1, 0);
}

#[test]
fn polynomial_division_by_zero() {
    let p = QPoly::from_ints(&[1, 0, 1]);
    let e = p.div_rem(&QPoly::zero()).unwrap_err();
    assert_eq!(e, PolyError::DivisionByZero);
    assert_eq!(e.to_string(), "divisor d is the zero polynomial");
    assert!(p.refine_root((q(0, 1), q(1, 1)), &q(1, 10)).is_err());
}

#[test]
fn nc1_with_a_wrong_class_count() {
    // 2 classes x 2 samples of features, asked as 3 classes: formerly an index panic
    let h = DMatrix::from_row_slice(1, 4, &[1.0, 1.1, -1.0, -1.1]);
    let e = metrics::nc1(&h, 3, 2, 1e-10).unwrap_err();
    assert_eq!(
        e,
        MetricError::Columns {
            expected: Some(6),
            found: 4
        }
    );
    assert_eq!(e.to_string(), "h: 4 columns, need classes * samples = 6");
    assert_eq!(e.parameter(), "h");
    assert!(metrics::nc1(&h, 2, 2, 1e-10).is_ok());
}

#[test]
fn construction_without_blocks() {
    // formerly a loss of 0.0
    let e = Construction::new(vec![]).unwrap_err();
    assert_eq!(e, MseError::NoBlocks);
    assert!(e.to_string().starts_with("blocks:"), "{e}");
}

#[test]
fn construction_covering_two_of_six_classes() {
    // formerly a loss of 0.0050
    let c = Construction::new(vec![Block::Dnc { classes: 2 }]).unwrap();
    let e = construction_loss(&params(6, 4), &c).unwrap_err();
    assert_eq!(
        e,
        MseError::Coverage {
            covered: 2,
            classes: 6
        }
    );
    assert_eq!(
        e.to_string(),
        "blocks: the construction covers 2 classes, need exactly K = 6"
    );
    // a chain at a depth it does not support
    let t4 = Construction::new(vec![Block::Triangular { r: 4 }]).unwrap();
    assert!(construction_loss(&params(6, 1), &t4).is_err());
    assert!(construction_loss(&params(6, 2), &t4).is_ok());
}

#[test]
fn trainer_with_a_nan_step_size() {
    // formerly ran and reported NaN
    let model = Dufm {
        classes: 2,
        samples: 1,
        width: 2,
        layers: 2,
        lambda_h: 1e-3,
        lambda_w: 1e-3,
        loss: Loss::Mse,
        activation: Activation::Relu,
    };
    let p = gaussian(&model, 0.5, 0).unwrap();
    for lr in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
        let e = Trainer::new(model, lr, p.clone()).unwrap_err();
        assert!(matches!(e, ModelError::BadStepSize { .. }), "{e:?}");
        assert!(e.to_string().starts_with("lr = "), "{e}");
    }
    let mut t = Trainer::new(model, 0.1, p).unwrap();
    assert_eq!(t.run(0), None); // zero steps: nothing to report, not a made-up value
    assert!(t.run(1).is_some());
}

#[test]
fn other_size_checks() {
    assert!(best_partition(0, 4).is_err());
    assert!(best_partition(1_000_000_000_000, 4).is_err());
    assert_eq!(block_diagonal(&[]), Err(FamilyError::NoBlocks));
    let big = Block::Dnc { classes: 1 << 40 };
    assert!(matches!(
        big.unit_factors(2, 1),
        Err(FamilyError::TooLarge { .. })
    ));
}

/// `decide_bchain_vs_dnc(0, 4, ..)` named the block J(3,2), which the caller never passed.
#[test]
fn bchain_order_at_depth_zero_names_layers() {
    for order in [CostOrder::ChainBelowDnc, CostOrder::ChainAboveDnc] {
        for l in [0, 1] {
            let e = decide_bchain_vs_dnc(l, 4, order).unwrap_err();
            assert_eq!(e.parameter(), Some("layers"), "{e}");
            assert!(
                e.to_string()
                    .starts_with(&format!("layers: L = {l}, need L >= 2")),
                "{e}"
            );
            assert!(!e.to_string().contains("J("), "{e}");
        }
    }
    let e = bchain_gap_poly(0).unwrap_err();
    assert_eq!(e.parameter(), Some("layers"));
    assert!(!e.to_string().contains("J("), "{e}");
}

/// A huge r0 said "a size does not fit the machine integers".
#[test]
fn bchain_order_from_a_huge_r0_names_r0() {
    for r0 in [0, 2, MAX_ORDER_R0 + 1, u64::MAX - 1, u64::MAX] {
        let e = decide_bchain_vs_dnc(4, r0, CostOrder::ChainBelowDnc).unwrap_err();
        assert_eq!(e.parameter(), Some("r0"), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("r0: r_0 = {r0}, need r_0 ")),
            "{e}"
        );
    }
    let e = prove_bchain_cheaper_from(4, 5, u64::MAX).unwrap_err();
    assert_eq!(e.parameter(), Some("r0"), "{e}");
}

/// A huge L said "a size does not fit the machine integers".
#[test]
fn bchain_order_at_a_huge_depth_names_layers() {
    for l in [MAX_ORDER_LAYERS + 1, u32::MAX] {
        let e = decide_bchain_vs_dnc(l, 4, CostOrder::ChainBelowDnc).unwrap_err();
        assert_eq!(e.parameter(), Some("layers"), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("layers: L = {l}, need L <= ")),
            "{e}"
        );
    }
    let e = bchain_gap_poly(u32::MAX).unwrap_err();
    assert_eq!(e.parameter(), Some("layers"), "{e}");
    // prove_bchain_cheaper_from names its own arguments l0 and l1
    let e = prove_bchain_cheaper_from(1, 5, 4).unwrap_err();
    assert_eq!(e.parameter(), Some("l0"), "{e}");
    assert!(
        e.to_string().starts_with("l0: L_0 = 1, need L_0 >= 2"),
        "{e}"
    );
    let e = prove_bchain_cheaper_from(4, u32::MAX, 4).unwrap_err();
    assert_eq!(e.parameter(), Some("l1"), "{e}");
    let e = prove_bchain_cheaper_from(4, 4, 4).unwrap_err();
    assert_eq!(e.parameter(), Some("l1"), "{e}");
    assert_eq!(e.to_string(), "l1: L_1 = 4, need L_1 > L_0 = 4");
    let e = prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 5, 2).unwrap_err();
    assert_eq!(e.parameter(), Some("l1"), "{e}");
}

/// `cost_power(u32::MAX)` said "a size does not fit the machine integers".
#[test]
fn cost_power_at_the_largest_depth_names_layers() {
    for b in [Block::Dnc { classes: 3 }, Block::Triangular { r: 4 }] {
        let e = b.cost_power(u32::MAX).unwrap_err();
        assert_eq!(
            e,
            FamilyError::SizeOverflow {
                parameter: "layers"
            }
        );
        assert_eq!(e.parameter(), Some("layers"));
        assert!(e.to_string().starts_with("layers: too large"), "{e}");
    }
    let e = Block::Triangular { r: u64::MAX }.classes().unwrap_err();
    assert_eq!(e.parameter(), Some("block"));
}

/// The other argument errors of the kernel's MSE modules name the argument too.
#[test]
fn kernel_mse_errors_name_their_argument() {
    let t4 = Block::Triangular { r: 4 };
    let named = |e: FamilyError| e.parameter();
    assert_eq!(named(t4.cost_power(0).unwrap_err()), Some("layers"));
    assert_eq!(
        named(Block::Dnc { classes: 0 }.classes().unwrap_err()),
        Some("block")
    );
    assert_eq!(named(t4.unit_factors(2, 0).unwrap_err()), Some("n"));
    let big_n = Block::Dnc { classes: 2 }
        .unit_factors(2, 1 << 40)
        .unwrap_err();
    assert_eq!(named(big_n), Some("n"));
    let big_block = Block::Dnc { classes: 1 << 40 }
        .unit_factors(2, 1)
        .unwrap_err();
    assert_eq!(named(big_block), Some("block"));
    // formerly "DNC(0) is not a block", a block the caller never passed
    let e = prove_blocks_cheaper_than_dnc(&[], 4).unwrap_err();
    assert_eq!(
        (e.clone(), e.parameter()),
        (FamilyError::NoBlocks, Some("blocks"))
    );

    let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
    let e = decide_scale_beats_zero(&p, &q(0, 1)).unwrap_err();
    assert_eq!(
        (e.clone(), e.parameter()),
        (ThresholdError::NonPositiveScale, Some("u"))
    );
    for (e, name, text) in [
        (
            DufmParams::new(0, 4, q(1, 2), q(1, 2), 1),
            "classes",
            "classes: K = 0, need K >= 1",
        ),
        (
            DufmParams::new(6, 0, q(1, 2), q(1, 2), 1),
            "layers",
            "layers: L = 0, need 1 <= L",
        ),
        (
            DufmParams::new(6, 4, q(1, 2), q(1, 2), 0),
            "samples",
            "samples: n = 0, need n >= 1",
        ),
        (
            DufmParams::new(6, 4, q(0, 1), q(1, 2), 1),
            "lambda_w",
            "lambda_w: need lambda_w > 0",
        ),
        (
            DufmParams::new(6, 4, q(1, 2), q(-1, 2), 1),
            "lambda_h",
            "lambda_h: need lambda_h > 0",
        ),
    ] {
        let e = e.unwrap_err();
        assert_eq!(e.parameter(), name);
        assert!(e.to_string().starts_with(text), "{e}");
    }

    let e = compare_radical_sums(&[q(1, 1)], &[q(2, 1), q(-1, 1)], 2, 64).unwrap_err();
    assert_eq!(
        e,
        KernelCompareError::NonPositiveRadicand {
            side: "right",
            index: 1
        }
    );
    assert_eq!(e.parameter(), Some("right"));
    let e = compare_radical_sums(&[q(1, 1)], &[q(1, 1)], 0, 64).unwrap_err();
    assert_eq!(
        (e.parameter(), e.to_string()),
        (Some("m"), "m: m = 0, need m >= 1".into())
    );

    let h = ncverify::kernel::QMatrix::zeros(2, 2);
    for (k, n, ws, name) in [(0, 1, 1, "k"), (2, 0, 1, "n"), (2, 1, 0, "ws")] {
        let ws = vec![h.clone(); ws];
        let e = mse_loss_exact(&h, &ws, k, n, &q(1, 2), &q(1, 2)).unwrap_err();
        assert_eq!(e, DufmError::Empty { parameter: name });
        assert_eq!(e.parameter(), Some(name));
        assert!(e.to_string().starts_with(&format!("{name}: ")), "{e}");
    }

    let e = kneser_chain_factors(0).unwrap_err();
    assert_eq!(
        (e.clone(), e.parameter()),
        (KneserError::Samples(0), Some("n"))
    );
    let e = verify_kneser_beside_dnc(0).unwrap_err();
    assert_eq!(
        (e.parameter(), e.to_string().starts_with("m: m = 0")),
        (Some("m"), true)
    );
}

/// The library's comparison names the construction argument (`first`, `second`, `c`).
#[test]
fn library_comparison_errors_name_their_argument() {
    use ncverify::mse::compare::{compare_constructions, enclose_construction_loss};
    let p = params(6, 1);
    let t4 = Construction::new(vec![Block::Triangular { r: 4 }]).unwrap();
    let dnc = Construction::new(vec![Block::Dnc { classes: 6 }]).unwrap();
    let e = compare_constructions(&p, &dnc, &t4).unwrap_err();
    assert_eq!(e.parameter(), Some("second"), "{e}");
    let e = enclose_construction_loss(&p, &t4, 64).unwrap_err();
    assert_eq!(e.parameter(), Some("c"), "{e}");
    let e = enclose_construction_loss(&params(6, 4), &t4, 0).unwrap_err();
    assert_eq!(e.parameter(), Some("bits"), "{e}");
    // a construction error is about the blocks, named by MseError::parameter
    let e = Construction::new(vec![]).unwrap_err();
    assert_eq!(e.parameter(), "blocks");
}
