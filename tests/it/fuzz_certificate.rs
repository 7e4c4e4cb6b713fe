//! Structure-aware fuzzing of the certificate parser and verifier and of the rational parser
//! (proptest, stable Rust).
//!
//! Properties: no panic on any input; every answer within the resource limits; and the
//! verifier never accepts a certificate unless an independent, entry-by-entry rational
//! re-computation of the witness's loss agrees with `upper` and `upper < lower`.
//!
//! The default suite runs a short campaign; the long one is `#[ignore]`d and run by CI:
//! `FUZZ_CASES=200000 cargo test --release --test it fuzz_certificate:: -- --ignored`.

use crate::common;

use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::{Q, parse_rational, qi};
use ncverify::kernel::cert::point::{Certificate, CertificateError};
use ncverify::kernel::mse::dufm::{forward_exact, labels_exact};
use proptest::prelude::*;
use std::fs;
use std::path::Path;

fn committed() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates");
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    v.sort();
    v
}

/// Hostile rational strings: long digit runs, huge exponents, signs, junk, zero denominators.
fn hostile_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000, 1i64..1000).prop_map(|(p, q)| format!("{p}/{q}")),
        "[-+]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][-+]?[0-9]{1,6})?",
        "[-+0-9/.eE ]{0,12}",
        (1usize..3000).prop_map(|n| "7".repeat(n)),
        (1usize..3000).prop_map(|n| format!("1/{}", "3".repeat(n))),
        Just("1/0".to_string()),
        Just("0".to_string()),
        Just("18446744073709551616".to_string()),
        Just("1e99999".to_string()),
    ]
}

/// One edit of a certificate's structure.
#[derive(Debug, Clone)]
enum Edit {
    Classes(u64),
    Layers(u32),
    Samples(u64),
    Lambda(bool, String),
    Bound(u8, String),
    Entry(usize, usize, usize, String),
    DropRow(usize, usize),
    DupRow(usize, usize),
    DropLayer(usize),
    DupLayer(usize),
    Label(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let size = prop_oneof![
        0u64..30,
        Just(u64::MAX),
        Just(1u64 << 62),
        Just(5_534_023_222_112_865_485u64),
        Just(12_297_829_382_473_034_411u64),
        any::<u64>(),
    ];
    prop_oneof![
        size.clone().prop_map(Edit::Classes),
        prop_oneof![0u32..40, Just(u32::MAX), any::<u32>()].prop_map(Edit::Layers),
        size.prop_map(Edit::Samples),
        (any::<bool>(), hostile_number()).prop_map(|(w, s)| Edit::Lambda(w, s)),
        (0u8..3, hostile_number()).prop_map(|(i, s)| Edit::Bound(i, s)),
        (0usize..8, 0usize..64, 0usize..64, hostile_number())
            .prop_map(|(m, i, j, s)| Edit::Entry(m, i, j, s)),
        (0usize..8, 0usize..64).prop_map(|(m, i)| Edit::DropRow(m, i)),
        (0usize..8, 0usize..64).prop_map(|(m, i)| Edit::DupRow(m, i)),
        (0usize..8).prop_map(Edit::DropLayer),
        (0usize..8).prop_map(Edit::DupLayer),
        "[a-z._0-9]{0,30}".prop_map(Edit::Label),
    ]
}

/// Matrix `m` of the witness: 0 is `h1`, `l + 1` is `w[l]`.
fn matrix(c: &mut Certificate, m: usize) -> Option<&mut Vec<Vec<String>>> {
    if m == 0 {
        Some(&mut c.witness.h1)
    } else {
        c.witness.w.get_mut(m - 1)
    }
}

fn apply(c: &mut Certificate, e: &Edit) {
    match e.clone() {
        Edit::Classes(k) => c.params.classes = k,
        Edit::Layers(l) => c.params.layers = l,
        Edit::Samples(n) => c.params.samples = n,
        Edit::Lambda(true, s) => c.params.lambda_w = s,
        Edit::Lambda(false, s) => c.params.lambda_h = s,
        Edit::Bound(0, s) => c.bounds.upper = s,
        Edit::Bound(1, s) => c.bounds.lower = s,
        Edit::Bound(_, s) => c.hints.a_lower = s,
        Edit::Entry(m, i, j, s) => {
            if let Some(rows) = matrix(c, m) {
                let n = rows.len();
                if n > 0 {
                    let row = &mut rows[i % n];
                    if !row.is_empty() {
                        let len = row.len();
                        row[j % len] = s;
                    }
                }
            }
        }
        Edit::DropRow(m, i) => {
            if let Some(rows) = matrix(c, m).filter(|r| !r.is_empty()) {
                let n = rows.len();
                rows.remove(i % n);
            }
        }
        Edit::DupRow(m, i) => {
            if let Some(rows) = matrix(c, m).filter(|r| !r.is_empty()) {
                let n = rows.len();
                let r = rows[i % n].clone();
                rows.insert(i % n, r);
            }
        }
        Edit::DropLayer(l) => {
            if !c.witness.w.is_empty() {
                let n = c.witness.w.len();
                c.witness.w.remove(l % n);
            }
        }
        Edit::DupLayer(l) => {
            if !c.witness.w.is_empty() {
                let n = c.witness.w.len();
                let m = c.witness.w[l % n].clone();
                c.witness.w.insert(l % n, m);
            }
        }
        Edit::Label(s) => c.claim = s,
    }
}

fn rows_to_matrix(rows: &[Vec<String>]) -> QMatrix {
    let parsed: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
        .collect();
    QMatrix::from_rows(&parsed).unwrap()
}

/// Independent re-computation: entry-by-entry rational arithmetic through `forward_exact`,
/// not the verifier's common-denominator evaluation.
fn reference_loss(c: &Certificate) -> Q {
    let (k, n) = (c.params.classes as usize, c.params.samples as usize);
    let h = rows_to_matrix(&c.witness.h1);
    let ws: Vec<QMatrix> = c.witness.w.iter().map(|m| rows_to_matrix(m)).collect();
    let out = forward_exact(&h, &ws).unwrap();
    let y = labels_exact(k, n).unwrap();
    let lw = parse_rational(&c.params.lambda_w).unwrap();
    let lh = parse_rational(&c.params.lambda_h).unwrap();
    out.sub(&y).frobenius_sq() / qi(2 * (k * n) as i64)
        + ws.iter().map(QMatrix::frobenius_sq).sum::<Q>() * lw / qi(2)
        + h.frobenius_sq() * lh / qi(2)
}

/// The property: parse and verify without panicking; an accepted certificate is re-checked.
fn check(c: &Certificate) -> Result<(), TestCaseError> {
    let text = ncverify::search::certificate_file::to_toml(c);
    let parsed = match Certificate::from_toml(&text) {
        Ok(p) => p,
        Err(e) => {
            // the writer may produce a file over the size limit; nothing else may fail here
            prop_assert!(matches!(e, CertificateError::Limit { .. }), "{e}");
            return Ok(());
        }
    };
    if let Ok(v) = parsed.verify() {
        let reference = reference_loss(&parsed);
        prop_assert_eq!(&reference, v.upper());
        prop_assert!(v.upper() < v.lower());
        prop_assert_eq!(v.upper(), &parse_rational(&parsed.bounds.upper).unwrap());
    }
    Ok(())
}

/// A campaign of `cases` cases: `seeded` (the default suite) is reproducible, the long
/// campaign draws a fresh seed each run.
fn campaign(cases: u32, seeded: bool) {
    let bases: Vec<Certificate> = committed()
        .iter()
        .map(|t| Certificate::from_toml(t).unwrap())
        .collect();
    let n = bases.len();
    let mut runner = common::fuzz_runner(cases, seeded);
    runner
        .run(
            &(0..n, proptest::collection::vec(edit(), 1..4)),
            |(b, edits)| {
                let mut c = bases[b].clone();
                for e in &edits {
                    apply(&mut c, e);
                }
                check(&c)
            },
        )
        .unwrap();
}

#[test]
fn mutated_certificates_never_panic_and_are_accepted_only_when_exactly_right() {
    campaign(common::fuzz_cases(300), true);
}

/// Long campaign for CI (`-- --ignored`); `FUZZ_CASES` sets its length.
#[test]
#[ignore]
fn long_mutation_campaign() {
    campaign(common::fuzz_cases(100_000), false);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Arbitrary text (and near-TOML text) never makes the parser panic.
    #[test]
    fn arbitrary_text_never_panics(text in prop_oneof![
        ".{0,400}",
        "(\\[|\\]|\"|=|,|[a-z_]{1,8}|[0-9/]{1,6}|\n| ){0,200}",
    ]) {
        if let Ok(c) = Certificate::from_toml(&text) {
            let _ = c.verify();
        }
    }

    /// The rational parser never panics, and what it accepts prints back to the same value.
    #[test]
    fn rational_parser_round_trips(s in prop_oneof![hostile_number(), ".{0,40}"]) {
        if let Ok(x) = parse_rational(&s) {
            prop_assert_eq!(parse_rational(&x.to_string()), Ok(x));
        }
    }
}

/// The unmodified committed certificates are accepted and agree with the reference.
#[test]
fn committed_certificates_pass_the_fuzz_property() {
    for t in committed() {
        let c = Certificate::from_toml(&t).unwrap();
        assert!(c.verify().is_ok());
        check(&c).unwrap();
    }
}
