//! Structure-aware fuzzing of the interval-certificate parser and verifier (proptest, stable
//! Rust), the sibling of `fuzz_certificate.rs`.
//!
//! Properties: no panic on any input; and the verifier never accepts an interval certificate
//! unless the pieces tile `[lambda_min, lambda_max]` in increasing order and, at both ends of
//! every piece, an independent entry-by-entry rational re-computation of the witness's loss
//! agrees with `upper` and `upper < lower`.
//!
//! The default suite runs a short campaign; the long one is `#[ignore]`d:
//! `FUZZ_CASES=20000 cargo test --release --test it fuzz_interval:: -- --ignored`.

use crate::common;

use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::{Q, parse_rational, qi};
use ncverify::kernel::cert::interval::{CertificateFile, IntervalCertificate};
use ncverify::kernel::mse::dufm::{forward_exact, labels_exact};
use ncverify::search::interval::interval_to_toml;
use proptest::prelude::*;
use std::fs;
use std::path::Path;

/// The committed K = 10 interval certificate, cut to its first two pieces (fast to verify).
fn base() -> IntervalCertificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("proofs/certificates/interval/k10_l3_n1_r1.toml");
    let mut c = IntervalCertificate::from_toml(&fs::read_to_string(path).unwrap()).unwrap();
    c.pieces.truncate(2);
    c.params.lambda_max = c.pieces[1].lambda_b.clone();
    c
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
    Ratio(String),
    Range(bool, String),
    Lambda(usize, bool, String),
    ShareEnd(String),
    Bound(usize, bool, u8, String),
    Entry(usize, usize, usize, usize, String),
    Swap,
    DropPiece(usize),
    DupPiece(usize),
    Classes(u64),
    Layers(u32),
    Samples(u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        "[a-z]{0,9}".prop_map(Edit::Kind),
        hostile_number().prop_map(Edit::Ratio),
        (any::<bool>(), hostile_number()).prop_map(|(b, s)| Edit::Range(b, s)),
        (0usize..3, any::<bool>(), hostile_number()).prop_map(|(i, b, s)| Edit::Lambda(i, b, s)),
        hostile_number().prop_map(Edit::ShareEnd),
        (0usize..3, any::<bool>(), 0u8..3, hostile_number())
            .prop_map(|(i, b, f, s)| Edit::Bound(i, b, f, s)),
        (
            0usize..3,
            0usize..4,
            0usize..16,
            0usize..16,
            hostile_number()
        )
            .prop_map(|(p, m, i, j, s)| Edit::Entry(p, m, i, j, s)),
        Just(Edit::Swap),
        (0usize..3).prop_map(Edit::DropPiece),
        (0usize..3).prop_map(Edit::DupPiece),
        prop_oneof![0u64..30, Just(u64::MAX), Just(5_534_023_222_112_865_485u64)]
            .prop_map(Edit::Classes),
        prop_oneof![0u32..40, Just(u32::MAX)].prop_map(Edit::Layers),
        prop_oneof![0u64..5, Just(u64::MAX), Just(1u64 << 62)].prop_map(Edit::Samples),
    ]
}

fn apply(c: &mut IntervalCertificate, e: &Edit) {
    let n = c.pieces.len();
    match e.clone() {
        Edit::Kind(s) => c.kind = s,
        Edit::Ratio(s) => c.params.ratio = s,
        Edit::Range(true, s) => c.params.lambda_min = s,
        Edit::Range(false, s) => c.params.lambda_max = s,
        Edit::Lambda(i, a, s) if n > 0 => {
            let p = &mut c.pieces[i % n];
            if a { p.lambda_a = s } else { p.lambda_b = s }
        }
        Edit::ShareEnd(s) if n > 1 => {
            c.pieces[0].lambda_b = s.clone();
            c.pieces[1].lambda_a = s;
        }
        Edit::Bound(i, a, f, s) if n > 0 => {
            let p = &mut c.pieces[i % n];
            let b = if a { &mut p.at_a } else { &mut p.at_b };
            match f {
                0 => b.upper = s,
                1 => b.lower = s,
                _ => b.a_lower = s,
            }
        }
        Edit::Entry(p, m, i, j, s) if n > 0 => {
            let w = &mut c.pieces[p % n].witness;
            let rows = if m == 0 {
                Some(&mut w.h1)
            } else {
                w.w.get_mut(m - 1)
            };
            if let Some(rows) = rows.filter(|r| !r.is_empty()) {
                let len = rows.len();
                let row = &mut rows[i % len];
                if !row.is_empty() {
                    let l = row.len();
                    row[j % l] = s;
                }
            }
        }
        Edit::Swap if n > 1 => c.pieces.swap(0, 1),
        Edit::DropPiece(i) if n > 0 => {
            c.pieces.remove(i % n);
        }
        Edit::DupPiece(i) if n > 0 => {
            let p = c.pieces[i % n].clone();
            c.pieces.insert(i % n, p);
        }
        Edit::Classes(k) => c.params.classes = k,
        Edit::Layers(l) => c.params.layers = l,
        Edit::Samples(s) => c.params.samples = s,
        _ => {}
    }
}

fn rows_to_matrix(rows: &[Vec<String>]) -> QMatrix {
    let parsed: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
        .collect();
    QMatrix::from_rows(&parsed).unwrap()
}

/// The property: parse (through the writer and the kind dispatcher) and verify without
/// panicking; an accepted certificate is re-checked independently.
fn check(c: &IntervalCertificate) -> Result<(), TestCaseError> {
    let text = interval_to_toml(c);
    let parsed = match CertificateFile::from_toml(&text) {
        Ok(CertificateFile::Interval(p)) => p,
        Ok(CertificateFile::Point(_) | CertificateFile::Lower(_)) => {
            return Err(TestCaseError::fail("kind lost"));
        }
        Err(_) => return Ok(()),
    };
    let Ok(v) = parsed.verify() else {
        return Ok(());
    };
    let p = &parsed.params;
    let ratio = parse_rational(&p.ratio).unwrap();
    let (k, n) = (p.classes as usize, p.samples as usize);
    let mut prev = parse_rational(&p.lambda_min).unwrap();
    prop_assert!(prev > qi(0));
    for piece in &parsed.pieces {
        let a = parse_rational(&piece.lambda_a).unwrap();
        let b = parse_rational(&piece.lambda_b).unwrap();
        prop_assert_eq!(&a, &prev);
        prop_assert!(a < b);
        let h = rows_to_matrix(&piece.witness.h1);
        let ws: Vec<QMatrix> = piece.witness.w.iter().map(|m| rows_to_matrix(m)).collect();
        let out = forward_exact(&h, &ws).unwrap();
        let fit = out.sub(&labels_exact(k, n).unwrap()).frobenius_sq() / qi(2 * (k * n) as i64);
        let pen =
            (ws.iter().map(QMatrix::frobenius_sq).sum::<Q>() * &ratio + h.frobenius_sq()) / qi(2);
        for (lambda, end) in [(&a, &piece.at_a), (&b, &piece.at_b)] {
            let loss = &fit + lambda * &pen;
            prop_assert_eq!(&loss, &parse_rational(&end.upper).unwrap());
            prop_assert!(loss < parse_rational(&end.lower).unwrap());
        }
        prev = b;
    }
    prop_assert_eq!(&prev, &parse_rational(&p.lambda_max).unwrap());
    prop_assert_eq!(v.range().1, &prev);
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
fn mutated_interval_certificates_never_panic_and_are_accepted_only_when_exactly_right() {
    campaign(common::fuzz_cases(150), true);
}

/// Long campaign for CI (`-- --ignored`); `FUZZ_CASES` sets its length.
#[test]
#[ignore]
fn long_interval_mutation_campaign() {
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

    /// Arbitrary (near-)TOML text never makes the dispatcher or either verifier panic.
    #[test]
    fn arbitrary_text_never_panics(text in prop_oneof![
        ".{0,300}",
        "(kind = \"interval\"\n|\\[\\[pieces\\]\\]\n|\\[|\\]|\"|=|,|[a-z_]{1,8}|[0-9/]{1,6}|\n| ){0,150}",
    ]) {
        if let Ok(c) = CertificateFile::from_toml(&text) {
            let _ = c.verify();
        }
    }
}
