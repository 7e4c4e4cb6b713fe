//! Structure-aware fuzzing of the lower-bound certificate parser and verifier (`kind =
//! "lower"`; proptest, stable Rust), the sibling of `fuzz_interval.rs`.
//!
//! Properties: no panic on any input; and the verifier never accepts a lower-bound
//! certificate unless an independent re-computation agrees: $K = L = 2$, the regime against
//! $K^3n\rho^2\lambda^3$ vs $1/16$ computed here, at both ends
//! $A_{\mathrm{lo}}^3 \le A^3 \le A_{\mathrm{hi}}^3$ with $A^3 = 27\,n\rho^2\lambda^3$,
//! $\tfrac12(1-u^3)^2 + A_{\mathrm{hi}}u^2 \le \mathrm{upper}$, and `lower` below an `f64`
//! grid minimum of $g$ (a sanity bound, with slack; it decides nothing).
//!
//! The default suite runs a short campaign; the long one is `#[ignore]`d:
//! `FUZZ_CASES=20000 cargo test --release --test it fuzz_lower:: -- --ignored`.

use crate::common;

use ncverify::kernel::arith::rational::{Q, parse_rational, pow_u, q, qi};
use ncverify::kernel::cert::interval::CertificateFile;
use ncverify::kernel::cert::lower::LowerCertificate;
use ncverify::numeric::q_to_f64;
use ncverify::search::lower::lower_to_toml;
use proptest::prelude::*;
use std::fs;
use std::path::Path;

fn base() -> LowerCertificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("proofs/certificates/lower/k2_l2_n1_r1_1-1000_1-10.toml");
    LowerCertificate::from_toml(&fs::read_to_string(path).unwrap()).unwrap()
}

fn hostile_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000, 1i64..1000).prop_map(|(p, q)| format!("{p}/{q}")),
        "[-+]?[0-9]{0,20}(\\.[0-9]{0,20})?([eE][-+]?[0-9]{1,6})?",
        (1usize..3000).prop_map(|n| format!("1/{}", "3".repeat(n))),
        Just("1/0".to_string()),
        Just("0".to_string()),
        Just("1e99999".to_string()),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Kind(String),
    Reduction(String),
    Regime(String),
    Ratio(String),
    Range(bool, String),
    /// Replace one of the five numbers at one end.
    Number(bool, u8, String),
    /// Nudge one of the five numbers at one end by `± 10^-e` of itself.
    Nudge(bool, u8, bool, u8),
    Classes(u64),
    Layers(u32),
    Samples(u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        prop_oneof![Just("lower".to_string()), "[a-z]{0,9}"].prop_map(Edit::Kind),
        prop_oneof![Just("two_class_l2".to_string()), "[a-z_0-9]{0,14}"].prop_map(Edit::Reduction),
        prop_oneof![
            Just("zero".to_string()),
            Just("collapse".to_string()),
            "[a-z]{0,9}"
        ]
        .prop_map(Edit::Regime),
        hostile_number().prop_map(Edit::Ratio),
        (any::<bool>(), hostile_number()).prop_map(|(b, s)| Edit::Range(b, s)),
        (any::<bool>(), 0u8..5, hostile_number()).prop_map(|(b, f, s)| Edit::Number(b, f, s)),
        (any::<bool>(), 0u8..5, any::<bool>(), 1u8..14)
            .prop_map(|(b, f, up, e)| Edit::Nudge(b, f, up, e)),
        prop_oneof![Just(2u64), Just(3u64), any::<u64>()].prop_map(Edit::Classes),
        prop_oneof![Just(2u32), Just(1u32), any::<u32>()].prop_map(Edit::Layers),
        prop_oneof![1u64..4, any::<u64>()].prop_map(Edit::Samples),
    ]
}

fn field(c: &mut LowerCertificate, at_min: bool, f: u8) -> &mut String {
    let e = if at_min { &mut c.at_min } else { &mut c.at_max };
    match f {
        0 => &mut e.lower,
        1 => &mut e.a_lower,
        2 => &mut e.upper,
        3 => &mut e.a_upper,
        _ => &mut e.u,
    }
}

fn apply(c: &mut LowerCertificate, e: &Edit) {
    match e {
        Edit::Kind(s) => c.kind = s.clone(),
        Edit::Reduction(s) => c.reduction = s.clone(),
        Edit::Regime(s) => c.params.regime = s.clone(),
        Edit::Ratio(s) => c.params.ratio = s.clone(),
        Edit::Range(lo, s) => {
            if *lo {
                c.params.lambda_min = s.clone();
            } else {
                c.params.lambda_max = s.clone();
            }
        }
        Edit::Number(b, f, s) => *field(c, *b, *f) = s.clone(),
        Edit::Nudge(b, f, up, e) => {
            let slot = field(c, *b, *f);
            if let Ok(x) = parse_rational(slot) {
                let d = &x * pow_u(&q(1, 10), u32::from(*e));
                *slot = (if *up { x + d } else { x - d }).to_string();
            }
        }
        Edit::Classes(k) => c.params.classes = *k,
        Edit::Layers(l) => c.params.layers = *l,
        Edit::Samples(n) => c.params.samples = *n,
    }
}

/// `f64` minimum of $\tfrac12(1-u^3)^2 + Au^2$ on a fine grid of $[0, 1.2]$ (an upper
/// estimate of the true minimum, used only as a sanity bound).
fn g_grid(a: f64) -> f64 {
    (0..=120_000)
        .map(|i| {
            let u = f64::from(i) * 1e-5;
            0.5 * (1.0 - u * u * u).powi(2) + a * u * u
        })
        .fold(f64::INFINITY, f64::min)
}

/// The property: parse (through the writer and the kind dispatcher) and verify without
/// panicking; an accepted certificate is re-checked independently.
fn check(c: &LowerCertificate) -> Result<(), TestCaseError> {
    let text = lower_to_toml(c);
    let parsed = match CertificateFile::from_toml(&text) {
        Ok(CertificateFile::Lower(p)) => p,
        Ok(_) if c.kind != "lower" => return Ok(()),
        Ok(_) => return Err(TestCaseError::fail("kind lost")),
        Err(_) => return Ok(()),
    };
    let Ok(v) = parsed.verify() else {
        return Ok(());
    };
    let p = &parsed.params;
    prop_assert_eq!(parsed.reduction.as_str(), "two_class_l2");
    prop_assert_eq!((p.classes, p.layers), (2, 2));
    prop_assert!(p.samples >= 1);
    let n = qi(p.samples as i64);
    let ratio = parse_rational(&p.ratio).unwrap();
    let lo = parse_rational(&p.lambda_min).unwrap();
    let hi = parse_rational(&p.lambda_max).unwrap();
    prop_assert!(ratio > qi(0) && lo > qi(0) && lo <= hi);
    // K^3 n ρ² λ³ with K = 2
    let a3 = |l: &Q| qi(8) * &n * &ratio * &ratio * pow_u(l, 3);
    match p.regime.as_str() {
        "collapse" => prop_assert!(a3(&hi) < q(1, 16)),
        "zero" => prop_assert!(a3(&lo) >= q(1, 16)),
        other => return Err(TestCaseError::fail(format!("accepted regime {other}"))),
    }
    prop_assert_eq!(v.zero_regime(), p.regime == "zero");
    for (lambda, e) in [(&lo, &parsed.at_min), (&hi, &parsed.at_max)] {
        let big_a3 = qi(27) * &n * &ratio * &ratio * pow_u(lambda, 3);
        let num = |s: &str| parse_rational(s).unwrap();
        let (lower, a_lo, upper, a_hi, u) = (
            num(&e.lower),
            num(&e.a_lower),
            num(&e.upper),
            num(&e.a_upper),
            num(&e.u),
        );
        prop_assert!(a_lo > qi(0) && pow_u(&a_lo, 3) <= big_a3);
        prop_assert!(a_hi >= qi(0) && pow_u(&a_hi, 3) >= big_a3);
        prop_assert!(u >= qi(0));
        let gap = qi(1) - pow_u(&u, 3);
        prop_assert!(q(1, 2) * &gap * &gap + &a_hi * &u * &u <= upper);
        prop_assert!(lower < upper);
        let a = q_to_f64(&big_a3).cbrt();
        prop_assert!(q_to_f64(&lower) <= g_grid(a) + 1e-9, "lower above g");
    }
    Ok(())
}

fn campaign(cases: u32, seeded: bool) {
    let b = base();
    let mut runner = common::fuzz_runner(cases, seeded);
    runner
        .run(&proptest::collection::vec(edit(), 1..4), |edits| {
            let mut c = b.clone();
            for e in &edits {
                apply(&mut c, e);
            }
            check(&c)
        })
        .unwrap();
}

#[test]
fn mutated_lower_certificates_never_panic_and_are_accepted_only_when_exactly_right() {
    campaign(common::fuzz_cases(150), true);
}

/// Long campaign for CI (`-- --ignored`); `FUZZ_CASES` sets its length.
#[test]
#[ignore]
fn long_lower_mutation_campaign() {
    campaign(common::fuzz_cases(20_000), false);
}

#[test]
fn the_unmutated_base_passes_the_property() {
    let c = base();
    assert!(c.verify().is_ok());
    check(&c).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Arbitrary (near-)TOML text of the lower schema never makes the dispatcher panic.
    #[test]
    fn arbitrary_lower_text_never_panics(text in prop_oneof![
        ".{0,300}",
        "(kind = \"lower\"\n|reduction = \"two_class_l2\"\n|\\[params\\]\n|\\[at_min\\]\n|\\[|\\]|\"|=|,|[a-z_]{1,8}|[0-9/]{1,6}|\n| ){0,150}",
    ]) {
        if let Ok(c) = CertificateFile::from_toml(&text) {
            let _ = c.verify();
        }
    }
}
