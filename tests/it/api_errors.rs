//! Every bad call returns an error naming the argument instead of panicking or returning a
//! wrong value (one test per case found by downstream users), plus the neighbouring cases the
//! same validation covers; `parameter()` names the caller's argument, and messages read
//! `argument: symbol = value, need condition`.

use nalgebra::DMatrix;
use ncverify::kernel::QPoly;
use ncverify::kernel::arith::poly::PolyError;
use ncverify::kernel::arith::rational::{ParseRationalError, q, try_q};
use ncverify::kernel::arith::rational::{Q, Z};
use ncverify::kernel::mse::compare::{
    CompareError as KernelCompareError, MAX_SEPARATION_BITS, SumOrder, compare_radical_sums,
};
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
    let e = try_q(1, 0).unwrap_err();
    assert_eq!(e, ParseRationalError::ZeroArgument { parameter: "b" });
    assert_eq!(
        (e.parameter(), e.to_string()),
        ("b", "b: b = 0, need b != 0".into())
    );
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
    // sqrt(n^2 + 1) against n + t/2^P, t/2^P the P-bit truncation of sqrt(n^2 + 1) - n: the sums
    // differ by less than 2^-P. The precision formerly doubled without a cap for any
    // `max_bits` (a crafted pair could demand any memory, and `bits * 2` overflowed at 2^63);
    // now it stops, undecided, at the cap.
    let (n, scale) = (Z::from(3), Z::from(1) << 2200u32);
    let square: Z = (&n * &n + 1) * &scale * &scale;
    let t = square.sqrt() - &n * &scale;
    let close = Q::new(&t * &t, &scale * &scale);
    let n2 = Q::from_integer(&n * &n);
    let o = compare_radical_sums(&[&n2 + q(1, 1)], &[n2, close], 2, u64::MAX).unwrap();
    assert_eq!(
        o,
        SumOrder::Undecided {
            bits: MAX_SEPARATION_BITS
        }
    );
    // below the cap the same kind of pair is still refined as asked
    let o = compare_radical_sums(&[q(10, 1)], &[q(9, 1), q(1, 1 << 20)], 2, 256).unwrap();
    assert!(
        matches!(
            o,
            SumOrder::Decided {
                order: std::cmp::Ordering::Greater,
                ..
            }
        ),
        "{o:?}"
    );
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

/// `parameter()` of every other kernel error type names the caller's argument (or, for a
/// certificate, the field as the file spells it); messages start with it.
mod kernel_parameters {
    use ncverify::kernel::QMatrix;
    use ncverify::kernel::QPoly;
    use ncverify::kernel::arith::dyadic::Dyadic;
    use ncverify::kernel::arith::interval::{
        IntervalError, MAX_BITS, QInterval, cos_bits, exp, pow_rational, pow_rational_bits,
        round_down, round_up,
    };
    use ncverify::kernel::arith::matrix::ShapeError;
    use ncverify::kernel::arith::poly::PolyError;
    use ncverify::kernel::arith::quadratic::{Quadratic, QuadraticError};
    use ncverify::kernel::arith::rational::{ParseRationalError, Z, parse_rational, q, qi};
    use ncverify::kernel::ce::critical::{CriticalError, dnc_critical_points};
    use ncverify::kernel::ce::depth::{DepthError, kgon_a_squared, paired_least_depth};
    use ncverify::kernel::ce::superior::{SuperiorError, circle_gram_witness, rank_one_grid};
    use ncverify::kernel::ce::{CeError, CeFamily, CeParams, fit_bits, loss_bits, loss_within};
    use ncverify::kernel::cert::chain::{ChainError, ChainFile};
    use ncverify::kernel::cert::interval::IntervalCertificate;
    use ncverify::kernel::cert::lower::LowerCertificate;
    use ncverify::kernel::cert::point::{Certificate, CertificateError};
    use ncverify::kernel::geom::etf::{EtfError, etf_gram, prove_gram_and_margin};
    use ncverify::kernel::geom::hull::{
        HullCertificate, HullError, check_gram, verify_hull_certificate,
    };
    use ncverify::kernel::mse::linear::{
        LinearError, prove_stationarity_unimodal, stationarity_poly,
    };
    use ncverify::kernel::mse::threshold::{ThresholdError, prove_zero_threshold_formula};
    use ncverify::kernel::mse::two_class::{
        TwoClassError, le_plus_two_sqrt, symmetric_nuclear_enclosure, two_column_lemma_on_grid,
    };
    use ncverify::kernel::srg::bose_mesner::bose_mesner_closure;
    use ncverify::kernel::srg::scheme::{CellPartition, SchemeError, SpanError};
    use ncverify::kernel::srg::spectrum::triangular_spectrum;
    use ncverify::kernel::srg::{
        SrgError, SrgParams, paley_adjacency, paley_params, triangular_params,
    };
    use std::fs;
    use std::path::Path;

    /// The error's parameter, and that its one-line message starts with `name: `.
    fn named<E: std::fmt::Display>(e: &E, parameter: Option<&str>, name: &str) {
        assert_eq!(parameter, Some(name), "{e}");
        let text = e.to_string();
        assert!(text.starts_with(&format!("{name}: ")), "{text}");
        assert!(!text.contains('\n'), "{text}");
    }

    #[test]
    fn ce_errors() {
        let e = CeParams::new(1, 2, qi(1), 1).unwrap_err();
        assert_eq!(e, CeError::TooFewClasses(1));
        named(&e, e.parameter(), "classes");
        assert_eq!(e.to_string(), "classes: K = 1, need K >= 2");
        let e = CeParams::new(2, 0, qi(1), 1).unwrap_err();
        named(&e, e.parameter(), "layers");
        let e = CeParams::new(2, 1, qi(1), 0).unwrap_err();
        named(&e, e.parameter(), "samples");
        let e = CeParams::new(2, 1, qi(0), 1).unwrap_err();
        named(&e, e.parameter(), "lambda");
        // formerly "a size overflows its integer type", naming no argument
        let e = CeParams::new(2, u32::MAX, qi(1), 1).unwrap_err();
        assert_eq!(
            e,
            CeError::TooLarge {
                parameter: "layers"
            }
        );
        named(&e, e.parameter(), "layers");
        let e = fit_bits(CeFamily::Dnc, 4, &qi(1), u64::MAX).unwrap_err();
        named(&e, e.parameter(), "bits");
        let p = CeParams::new(4, 2, q(1, 10), 1).unwrap();
        let e = fit_bits(CeFamily::Paired, 4, &qi(-1), 64).unwrap_err();
        named(&e, e.parameter(), "a");
        let e = loss_within(&p, CeFamily::Dnc, &qi(1), &qi(0), 1 << 10).unwrap_err();
        named(&e, e.parameter(), "tol");
        let e = loss_within(&p, CeFamily::Dnc, &qi(1), &q(1, 1000), 0).unwrap_err();
        assert_eq!(e, CeError::PrecisionExhausted { max_bits: 0 });
        assert_eq!(e.parameter(), Some("max_bits"));
        let deep = CeParams::new(4, 5000, q(1, 10), 1).unwrap();
        let e = loss_bits(&deep, CeFamily::Dnc, &qi(1), 64).unwrap_err();
        named(&e, e.parameter(), "p");
    }

    #[test]
    fn critical_depth_and_superior_errors() {
        let lambda = q(1, 10);
        for (k, layers, n, name) in [(1, 2, 1, "k"), (4, 1, 1, "layers"), (4, 2, 0, "n")] {
            let e = dnc_critical_points(k, layers, &lambda, n, 64).unwrap_err();
            named(&e, e.parameter(), name);
        }
        let e = dnc_critical_points(4, 2, &qi(0), 1, 64).unwrap_err();
        assert_eq!(e, CriticalError::NonPositiveLambda);
        named(&e, e.parameter(), "lambda");

        // formerly "K = 2: need K >= 4" from a function that accepts K = 3
        let e = kgon_a_squared(2, 64).unwrap_err();
        assert_eq!(e, DepthError::TooFewClasses { classes: 2, min: 3 });
        assert_eq!(e.to_string(), "k: K = 2, need K >= 3");
        named(&e, e.parameter(), "k");
        assert!(kgon_a_squared(3, 64).is_ok());
        let e = paired_least_depth(3).unwrap_err();
        assert_eq!(e.to_string(), "k: K = 3, need K >= 4");
        let e = kgon_a_squared(5, u64::MAX).unwrap_err();
        named(&e, e.parameter(), "bits");

        // formerly "K = 2 is outside 2..=1024"
        let e = circle_gram_witness(2).unwrap_err();
        assert_eq!(e.to_string(), "k: K = 2, need 3 <= K <= 1024");
        named(&e, e.parameter(), "k");
        let e = rank_one_grid(17, &[1]).unwrap_err();
        assert!(matches!(e, SuperiorError::Classes { max: 16, .. }), "{e}");
        named(&e, e.parameter(), "k");
        let e = rank_one_grid(2, &[]).unwrap_err();
        named(&e, e.parameter(), "vals");
    }

    #[test]
    fn interval_errors() {
        let e = QInterval::new(qi(1), qi(0)).unwrap_err();
        named(&e, e.parameter(), "lo");
        let e = QInterval::point(qi(1))
            .div(&QInterval::new(qi(-1), qi(1)).unwrap())
            .unwrap_err();
        named(&e, e.parameter(), "rhs");
        let e = pow_rational(&qi(2), 1, 0, &q(1, 100)).unwrap_err();
        named(&e, e.parameter(), "q");
        // formerly x^(u32::MAX) computed in place of x^(2^40): a wrong exponent, and no end
        let e = pow_rational(&qi(2), 1 << 40, 3, &q(1, 100)).unwrap_err();
        assert_eq!(e, IntervalError::ExponentTooLarge { parameter: "p" });
        named(&e, e.parameter(), "p");
        let e = pow_rational(&qi(2), 1, u32::MAX, &q(1, 100)).unwrap_err();
        named(&e, e.parameter(), "q");
        // formerly an arithmetic-overflow panic (`-(bits as i64)` at bits = 2^63)
        let e = pow_rational_bits(&QInterval::point(qi(2)), 1, 2, 1 << 63).unwrap_err();
        assert_eq!(e, IntervalError::PrecisionTooLarge);
        named(&e, e.parameter(), "bits");
        // the precision a tolerance needs is the tolerance's, not a `bits` never passed
        let tiny = ncverify::kernel::Q::new(Z::from(1), Z::from(2).pow(MAX_BITS as u32 + 64));
        let e = exp(&qi(1), &tiny).unwrap_err();
        assert_eq!(e, IntervalError::ToleranceTooSmall);
        named(&e, e.parameter(), "tol");
        let huge = QInterval::point(ncverify::kernel::Q::from_integer(
            Z::from(2).pow(MAX_BITS as u32),
        ));
        // formerly an arithmetic-overflow panic in `bits as i64 - magnitude(x)`
        assert!(round_down(&q(1, 4), i64::MAX as u64) <= q(1, 4));
        assert!(round_up(&q(-1, 4), u64::MAX) >= q(-1, 4));
        let d = Dyadic::floor_q(&q(1, 3), i64::MAX as u64);
        assert!(d.to_q() <= q(1, 3) && d.to_q() > q(1, 4));
        assert!(d.div_floor_int(3, u64::MAX).to_q() <= q(1, 9));
        let e = cos_bits(&huge, 64).unwrap_err();
        assert_eq!(e, IntervalError::ArgumentTooLarge);
        named(&e, e.parameter(), "x");
    }

    #[test]
    fn arith_errors() {
        let e = QMatrix::new(2, 2, vec![qi(1); 3]).unwrap_err();
        assert!(matches!(e, ShapeError::DataLength { .. }));
        assert_eq!(e.parameter(), "data");
        let e = QMatrix::from_rows(&[vec![qi(1)], vec![qi(1), qi(2)]]).unwrap_err();
        assert_eq!(e.parameter(), "rows");
        let a = QMatrix::zeros(2, 3);
        assert_eq!(a.checked_mul(&a).unwrap_err().parameter(), "rhs");
        let e = Quadratic::sqrt(&Z::from(-3)).unwrap_err();
        assert_eq!(e, QuadraticError::NegativeRadicand { n: Z::from(-3) });
        named(&e, Some(e.parameter()), "n");
        let p = QPoly::from_ints(&[-2, 0, 1]);
        assert_eq!(p.div_rem(&QPoly::zero()).unwrap_err().parameter(), "d");
        let e = p.refine_root((qi(1), qi(2)), &qi(0)).unwrap_err();
        assert_eq!(e, PolyError::NonPositiveWidth);
        named(&e, Some(e.parameter()), "width");
        assert_eq!(
            p.refine_root((qi(2), qi(1)), &q(1, 10))
                .unwrap_err()
                .parameter(),
            "iv"
        );
        let e = parse_rational("1/0").unwrap_err();
        assert_eq!(
            (e.clone(), e.parameter()),
            (ParseRationalError::ZeroDenominator, "s")
        );
    }

    #[test]
    fn srg_errors() {
        for ((v, k, lambda, mu), name) in [
            ((5, 5, 0, 0), "k"),
            ((5, 2, 3, 0), "lambda"),
            ((5, 2, 0, 3), "mu"),
        ] {
            let e = SrgParams::new(v, k, lambda, mu).unwrap_err();
            named(&e, Some(e.parameter()), name);
        }
        let e = triangular_params(3).unwrap_err();
        assert_eq!(e, SrgError::TriangularTooSmall { r: 3 });
        assert_eq!(e.to_string(), "r: r = 3, need r >= 4");
        named(&e, Some(e.parameter()), "r");
        let e = paley_params(7).unwrap_err();
        named(&e, Some(e.parameter()), "q");
        let e = triangular_spectrum(3).unwrap_err();
        assert_eq!(e.parameter(), Some("r"), "{e}");

        // the label came from the closure `class`, not from a `labels` vector
        let e = CellPartition::from_fn(2, 2, |x, y| x + 2 * y).unwrap_err();
        assert!(matches!(e, SchemeError::LabelOutOfRange { .. }), "{e}");
        named(&e, Some(e.parameter()), "class");
        let e = CellPartition::from_labels(2, 2, vec![0, 1, 2, 0]).unwrap_err();
        named(&e, Some(e.parameter()), "labels");
        let cells = CellPartition::from_fn(2, 2, |x, y| usize::from(x != y)).unwrap();
        let e = cells.element(&[qi(1)]).unwrap_err();
        named(&e, Some(e.parameter()), "c");
        let e = cells.coefficients(&QMatrix::zeros(2, 3)).unwrap_err();
        assert_eq!(e, SpanError::Shape { rows: 2, cols: 3 });
        named(&e, Some(e.parameter()), "m");

        let mut a = paley_adjacency(13).unwrap();
        a.set(0, 1, qi(0));
        let e = bose_mesner_closure(&a, &paley_params(13).unwrap()).unwrap_err();
        assert_eq!(e.parameter(), "a", "{e}");
    }

    #[test]
    fn geom_errors() {
        let g = etf_gram(3).unwrap();
        let e = check_gram(&g, 3).unwrap_err();
        assert_eq!(e, HullError::IndexOutOfRange(3));
        named(&e, e.parameter(), "point");
        let e = check_gram(&QMatrix::zeros(2, 3), 0).unwrap_err();
        named(&e, e.parameter(), "gram");
        let cert = HullCertificate {
            point: 0,
            weights: vec![qi(0), q(1, 2), q(1, 3)],
        };
        let e = verify_hull_certificate(&g, &cert).unwrap_err();
        assert_eq!(e, HullError::WeightSum);
        named(&e, e.parameter(), "weights");
        let e = etf_gram(1).unwrap_err();
        assert_eq!(e, EtfError::TooFewClasses(1));
        assert_eq!(e.to_string(), "k: K = 1, need K >= 2");
        named(&e, Some(e.parameter()), "k");
        let e = prove_gram_and_margin(3, &[]).unwrap_err();
        named(&e, Some(e.parameter()), "certs");
    }

    #[test]
    fn mse_linear_two_class_and_threshold_errors() {
        let e = stationarity_poly(0).unwrap_err();
        named(&e, e.parameter(), "layers");
        // formerly BadLayers, shown as "L = 0" under the name of `stationarity_poly`'s argument
        let e = prove_stationarity_unimodal(0).unwrap_err();
        assert_eq!(e, LinearError::MaxLayers(0));
        named(&e, e.parameter(), "l_max");
        // formerly ParamError::BadLayers: "layers: L = 0, ..." for the argument `l_max`
        let e = prove_zero_threshold_formula(0).unwrap_err();
        assert_eq!(e, ThresholdError::MaxLayers(0));
        named(&e, e.parameter(), "l_max");

        let e = le_plus_two_sqrt(&qi(0), &qi(1), &qi(0), &qi(-1)).unwrap_err();
        named(&e, e.parameter(), "q");
        let e = two_column_lemma_on_grid(2, &[]).unwrap_err();
        named(&e, e.parameter(), "entries");
        let e = two_column_lemma_on_grid(0, &[1]).unwrap_err();
        named(&e, e.parameter(), "rows");
        // formerly `Degenerate`: the refinement's width error was replaced by another error
        let e = symmetric_nuclear_enclosure(&QMatrix::identity(2), &qi(0)).unwrap_err();
        assert_eq!(e, TwoClassError::NonPositiveWidth);
        named(&e, e.parameter(), "width");
        let e = symmetric_nuclear_enclosure(&QMatrix::zeros(2, 3), &q(1, 10)).unwrap_err();
        named(&e, e.parameter(), "z");
    }

    fn read(rel: &str) -> String {
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
    }

    #[test]
    fn certificate_errors_name_the_field() {
        let text = read("proofs/certificates/k10_l3_n1_lw1-250_lh1-250.toml");
        let mut c = Certificate::from_toml(&text).unwrap();
        c.bounds.upper = "1/3".into();
        let e = c.verify().unwrap_err();
        assert!(matches!(e, CertificateError::UpperMismatch { .. }), "{e}");
        assert_eq!(e.parameter().as_deref(), Some("bounds.upper"));
        let mut c = Certificate::from_toml(&text).unwrap();
        c.params.lambda_w = "x".into();
        let e = c.verify().unwrap_err();
        assert_eq!(e.parameter().as_deref(), Some("params.lambda_w"), "{e}");
        let e = Certificate::from_toml("kind = ").unwrap_err();
        assert_eq!(e.parameter(), None, "{e}");

        let text = read("proofs/certificates/lower/k2_l2_n1_r1_1-1000_1-10.toml");
        let mut c = LowerCertificate::from_toml(&text).unwrap();
        c.params.classes = 3;
        let e = c.verify().unwrap_err();
        assert_eq!(e.parameter().as_deref(), Some("params.classes"), "{e}");

        let text = read("proofs/certificates/interval/k10_l3_n1_r1.toml");
        let mut c = IntervalCertificate::from_toml(&text).unwrap();
        c.pieces.truncate(1);
        c.params.lambda_max = c.pieces[0].lambda_b.clone();
        assert!(c.verify().is_ok());
        c.pieces[0].at_b.upper = "1/3".into();
        let e = c.verify().unwrap_err();
        assert_eq!(
            e.parameter().as_deref(),
            Some("pieces[0].at_b.upper"),
            "{e}"
        );

        let text = read("proofs/certificates/chain/k3_l4_n1.toml");
        let good = ChainFile::from_toml(&text).unwrap();
        assert!(good.verify().is_ok());
        // formerly one Format message for both: "K = 1, L = 4 outside K in 2..=.., L in 1..=.."
        let mut c = good.clone();
        c.classes = 1;
        let e = c.verify().unwrap_err();
        assert!(matches!(e, ChainError::Field { .. }), "{e}");
        assert_eq!(e.parameter().as_deref(), Some("classes"), "{e}");
        let mut c = good.clone();
        c.layers = 0;
        assert_eq!(
            c.verify().unwrap_err().parameter().as_deref(),
            Some("layers")
        );
        let mut c = good;
        c.witness.w[0][0][0] = "7".into();
        let e = c.verify().unwrap_err();
        assert_eq!(e.parameter().as_deref(), Some("witness"), "{e}");
    }
}
