//! The exact comparison of two constructions' optimal losses (`mse::compare`): the order is
//! decided by the kernel, each loss is enclosed in a rational interval, and the `f64` values
//! are for display only.

use ncverify::kernel::Q;
use ncverify::kernel::arith::interval::QInterval;
use ncverify::kernel::arith::rational::{parse_rational, q};
use ncverify::mse::compare::{
    CompareConstructionsError, LossOrdering, compare_constructions, enclose_construction_loss,
};
use ncverify::mse::family::Family;
use ncverify::mse::{Block, Construction, MseError, MseParams};
use ncverify::numeric::{Round, decimal, f64_to_q};
use std::cmp::Ordering;

fn params(k: u64, l: u32, lam: &str) -> MseParams {
    let lam = parse_rational(lam).unwrap();
    MseParams::new(k, l, lam.clone(), lam, 1).unwrap()
}

fn dnc(k: u64) -> Construction {
    Construction::new(vec![Block::Dnc { classes: k }]).unwrap()
}

fn t4() -> Construction {
    Construction::new(vec![Block::Triangular { r: 4 }]).unwrap()
}

/// `x` (rounded to 10 digits) lies within half a unit of its last digit of the interval.
fn near(iv: &QInterval, x: &str) -> bool {
    let x = parse_rational(x).unwrap();
    let half_ulp = q(1, 20_000_000_000);
    iv.lo() <= &(&x + &half_ulp) && iv.hi() >= &(&x - &half_ulp)
}

#[test]
fn t4_beats_dnc_at_four_layers_with_the_reference_numbers_enclosed() {
    // K = 6, L = 4, lambda = 1e-3: l(T(4)) = 0.0146335478 < l(DNC) = 0.0149819348
    let p = params(6, 4, "1e-3");
    let c = compare_constructions(&p, &t4(), &dnc(6)).unwrap();
    assert_eq!(c.ordering, LossOrdering::Less, "{}", c.fact);
    assert!(near(&c.first, "0.0146335478"), "{}", c.first);
    assert!(near(&c.second, "0.0149819348"), "{}", c.second);
    assert!(c.first.hi() < c.second.lo());
    assert!((c.first_f64 - 0.0146335478).abs() < 5e-11);
    assert!(c.fact.to_string().contains("6912 vs 7776"), "{}", c.fact);
    // and the other way round
    let r = compare_constructions(&p, &dnc(6), &t4()).unwrap();
    assert_eq!(r.ordering, LossOrdering::Greater);
    assert_eq!((r.first, r.second), (c.second, c.first));
}

#[test]
fn dnc_beats_t4_at_three_layers() {
    // L = 3: C_T(4)^4 = 1728 > 1296 = 6^4
    let p = params(6, 3, "1e-3");
    let c = compare_constructions(&p, &t4(), &dnc(6)).unwrap();
    assert_eq!(c.ordering, LossOrdering::Greater, "{}", c.fact);
    assert!(c.first.lo() > c.second.hi(), "{c}");
    assert!(c.fact.to_string().contains("1728 vs 1296"), "{}", c.fact);
}

#[test]
fn both_past_the_zero_threshold_are_equal_at_one_half() {
    let p = params(6, 4, "1");
    let c = compare_constructions(&p, &t4(), &dnc(6)).unwrap();
    assert_eq!(c.ordering, LossOrdering::Equal, "{}", c.fact);
    assert_eq!(c.first, QInterval::point(q(1, 2)));
    assert_eq!(c.second, QInterval::point(q(1, 2)));
    assert_eq!((c.first_f64, c.second_f64), (0.5, 0.5));
}

/// The case: at lambda = 1e-323 both f64 losses are the same subnormal, 1.5e-322;
/// the exact comparison still decides, and the enclosures are disjoint.
#[test]
fn exact_order_where_the_f64_losses_tie() {
    let p = params(6, 4, "1e-323");
    let c = compare_constructions(&p, &t4(), &dnc(6)).unwrap();
    assert_eq!(
        c.first_f64, c.second_f64,
        "the f64 values no longer tie: {c}"
    );
    assert_eq!(c.ordering, LossOrdering::Less, "{}", c.fact);
    assert!(c.first.hi() < c.second.lo(), "{c}");
    // l = (L+1)/2 c C (1 - O(cC)): 1e-23 times its value at lambda = 1e-300 (17 digits) and
    // 2.5 * 6e-323 for DNC
    let reference = parse_rational("1.4650780257917607e-322").unwrap();
    let tol = &reference * q(1, 1_000_000_000_000_000);
    assert!(c.first.lo() <= &(&reference + &tol) && c.first.hi() >= &(&reference - &tol));
    let dnc_reference = parse_rational("1.5e-322").unwrap();
    assert!(c.second.lo() <= &dnc_reference && c.second.hi() >= &(&dnc_reference - &tol));
}

#[test]
fn equal_cost_constants_are_decided_equal_exactly() {
    // DNC(3) + DNC(3) and DNC(6) have C = 3 + 3 = 6: the radicals cancel exactly.
    let p = params(6, 1, "1e-3");
    let split =
        Construction::new(vec![Block::Dnc { classes: 3 }, Block::Dnc { classes: 3 }]).unwrap();
    let c = compare_constructions(&p, &split, &dnc(6)).unwrap();
    assert_eq!(c.ordering, LossOrdering::Equal, "{}", c.fact);
    assert_eq!(c.first, c.second);
    // the two equal enclosures are one statement, stated once
    let st = c.fact.statements();
    let unique: std::collections::BTreeSet<&String> = st.iter().collect();
    assert_eq!(unique.len(), st.len(), "{st:?}");
    assert!(
        c.first.contains(&(q(6, 1000) - q(18, 1_000_000))),
        "{}",
        c.first
    );
}

#[test]
fn exact_order_agrees_with_clearly_separated_f64_losses() {
    for (k, l) in [(10u64, 2u32), (10, 4), (15, 6), (21, 5)] {
        let p = params(k, l, "1e-3");
        let cs: Vec<Construction> = [Family::Dnc, Family::SrgBlock, Family::SrgBest]
            .iter()
            .map(|f| f.construction(&p).unwrap())
            .collect();
        for a in &cs {
            for b in &cs {
                let c = compare_constructions(&p, a, b).unwrap();
                for (iv, x) in [(&c.first, c.first_f64), (&c.second, c.second_f64)] {
                    let x = f64_to_q(x).unwrap();
                    let slack = iv.hi() * q(1, 1_000_000_000_000);
                    assert!(
                        iv.lo() - &slack <= x && x <= iv.hi() + &slack,
                        "{iv} vs {x}"
                    );
                }
                let f64_order = c.first_f64.partial_cmp(&c.second_f64).unwrap();
                if (c.first_f64 - c.second_f64).abs() > 1e-12 * c.second_f64 {
                    assert_eq!(c.ordering.ordering(), Some(f64_order), "K={k} L={l}: {c}");
                }
                if a == b {
                    assert_eq!(c.ordering, LossOrdering::Equal);
                }
            }
        }
    }
}

#[test]
fn constructions_must_fit_the_parameters() {
    let p = params(6, 4, "1e-3");
    let two = dnc(2);
    let e = compare_constructions(&p, &dnc(6), &two).unwrap_err();
    assert_eq!(
        e,
        CompareConstructionsError::Construction {
            which: "second",
            error: MseError::Coverage {
                covered: 2,
                classes: 6
            }
        }
    );
    assert!(e.to_string().starts_with("second: blocks:"), "{e}");
    let p1 = params(6, 1, "1e-3");
    let e = compare_constructions(&p1, &t4(), &dnc(6)).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("first: blocks: T(4) needs L >= 2"),
        "{e}"
    );
    let e = enclose_construction_loss(&p, &t4(), 0).unwrap_err();
    assert!(e.to_string().contains("bits = 0"), "{e}");
    assert!(enclose_construction_loss(&p, &t4(), 128).is_ok());
    assert_eq!(LossOrdering::Less.ordering(), Some(Ordering::Less));
}

/// The printed enclosures of a comparison, parsed back exactly, contain the exact enclosures
/// (formerly each end was rounded to the nearest `f64`, so a printed interval could miss the
/// exact value and the `f64` value printed beside it).
#[test]
fn printed_enclosures_contain_the_exact_ones() {
    let p = params(6, 4, "1e-3");
    let c = compare_constructions(&p, &t4(), &dnc(6)).unwrap();
    let text = c.to_string();
    let intervals: Vec<(Q, Q)> = text
        .match_indices('[')
        .map(|(i, _)| {
            let rest = &text[i + 1..];
            let (inner, _) = rest.split_once(']').unwrap();
            let (lo, hi) = inner.split_once(", ").unwrap();
            (parse_rational(lo).unwrap(), parse_rational(hi).unwrap())
        })
        .collect();
    assert_eq!(intervals.len(), 2, "{text}");
    for ((lo, hi), exact) in intervals.iter().zip([&c.first, &c.second]) {
        assert!(lo <= exact.lo() && exact.hi() <= hi, "{text}: {exact}");
    }
}

proptest::proptest! {
    /// `decimal` rounds in the requested direction by less than one unit in the last digit,
    /// and reads back exactly.
    #[test]
    fn decimals_round_in_the_requested_direction(
        n in -10_000_000_000_000i64..10_000_000_000_000,
        d in 1i64..1_000_000_000_000,
        e in -40i32..40,
        digits in 1u32..20,
    ) {
        let ten = Q::from_integer(10.into());
        let x = q(n, d) * if e >= 0 { num_traits::pow(ten.clone(), e as usize) } else {
            Q::from_integer(1.into()) / num_traits::pow(ten.clone(), (-e) as usize)
        };
        let lo = parse_rational(&decimal(&x, digits, Round::Down)).unwrap();
        let hi = parse_rational(&decimal(&x, digits, Round::Up)).unwrap();
        proptest::prop_assert!(lo <= x && x <= hi, "{} {} {}", lo, x, hi);
        if lo == hi {
            proptest::prop_assert_eq!(&lo, &x);
        } else {
            // adjacent decimals with `digits` significant digits: hi - lo <= 10^(1 - digits) |x|
            let ulp = num_traits::Signed::abs(&x) * num_traits::pow(Q::from_integer(1.into()) / ten, digits as usize - 1);
            proptest::prop_assert!(&hi - &lo <= ulp, "{} {} {}", lo, x, hi);
        }
    }
}
