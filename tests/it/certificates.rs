//! Every committed certificate re-verifies; tampering with one digit is rejected with the
//! specific error; search → certificate → fresh kernel check end to end.

use ncverify::claims::cert::{CERTIFICATES, verify_points};
use ncverify::claims::parse_proof_file;
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::parse_rational;
use ncverify::kernel::cert::point::{Certificate, CertificateError};
use ncverify::kernel::mse::dufm::mse_loss_exact;
use ncverify::mse::MseParams;
use ncverify::search::certificate_file::to_toml;
use ncverify::search::certify::{SearchOptions, certify};
use std::fs;
use std::path::Path;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates")
}

fn base() -> Certificate {
    let text = fs::read_to_string(dir().join("k10_l3_n1_lw1-250_lh1-250.toml")).unwrap();
    Certificate::from_toml(&text).unwrap()
}

/// Replace the last digit of `s` by the next digit (mod 10), avoiding a zero denominator.
fn bump_last_digit(s: &str) -> String {
    let i = s.rfind(|c: char| c.is_ascii_digit()).expect("a digit");
    let d = s.as_bytes()[i] - b'0';
    let mut next = (d + 1) % 10;
    let candidate = |n: u8| format!("{}{}{}", &s[..i], n, &s[i + 1..]);
    while parse_rational(&candidate(next)).is_err() {
        next = (next + 1) % 10;
    }
    candidate(next)
}

#[test]
fn every_committed_certificate_verifies_and_is_compiled_in() {
    let mut on_disk = Vec::new();
    for entry in fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let cert = Certificate::from_toml(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let v = cert
            .verify()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(v.upper() < v.lower());
        // the reference loss (kernel::mse::dufm) agrees with the fast one used by verify
        let rows = |m: &Vec<Vec<String>>| {
            QMatrix::from_rows(
                &m.iter()
                    .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
                    .collect::<Vec<_>>(),
            )
            .unwrap()
        };
        let ws: Vec<QMatrix> = cert.witness.w.iter().map(rows).collect();
        let reference = mse_loss_exact(
            &rows(&cert.witness.h1),
            &ws,
            v.shape().0 as usize,
            v.shape().2 as usize,
            &v.lambdas().0,
            &v.lambdas().1,
        )
        .unwrap();
        assert_eq!(reference, *v.upper(), "{}", path.display());
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let compiled = CERTIFICATES
            .iter()
            .find(|(n, _)| *n == stem)
            .unwrap_or_else(|| panic!("{stem} is not compiled into claims::cert"));
        assert_eq!(compiled.1, text, "{stem}: compiled-in text differs");
        on_disk.push(stem);
    }
    assert_eq!(on_disk.len(), CERTIFICATES.len());
}

#[test]
fn toml_round_trip_of_a_committed_certificate() {
    let c = base();
    assert_eq!(Certificate::from_toml(&to_toml(&c)).unwrap(), c);
}

#[test]
fn tampered_witness_entries_change_the_loss() {
    let mut c = base();
    c.witness.h1[3][7] = bump_last_digit(&c.witness.h1[3][7]);
    assert!(matches!(
        c.verify(),
        Err(CertificateError::UpperMismatch { .. })
    ));
    for l in 0..3 {
        let mut c = base();
        c.witness.w[l][1][2] = bump_last_digit(&c.witness.w[l][1][2]);
        assert!(
            matches!(c.verify(), Err(CertificateError::UpperMismatch { .. })),
            "W_{}",
            l + 1
        );
    }
    let mut c = base();
    c.witness.w[2][0][0] = "1/x".into();
    assert_eq!(
        c.verify(),
        Err(CertificateError::Parse {
            field: "witness.w[2][0][0]".into(),
            text: "1/x".into()
        })
    );
}

#[test]
fn tampered_parameters_are_rejected() {
    let mut c = base();
    c.params.lambda_w = bump_last_digit(&c.params.lambda_w);
    assert!(matches!(
        c.verify(),
        Err(CertificateError::UpperMismatch { .. })
    ));
    let mut c = base();
    c.params.lambda_h = "1/251".into();
    assert!(matches!(
        c.verify(),
        Err(CertificateError::UpperMismatch { .. })
    ));
    let mut c = base();
    c.params.classes = 11;
    assert!(matches!(c.verify(), Err(CertificateError::Shape { .. })));
    let mut c = base();
    c.params.samples = 2;
    assert!(matches!(c.verify(), Err(CertificateError::Shape { .. })));
    let mut c = base();
    c.params.layers = 4;
    assert!(matches!(c.verify(), Err(CertificateError::Shape { .. })));
    let mut c = base();
    c.params.lambda_w = "0".into();
    assert!(matches!(c.verify(), Err(CertificateError::Param { .. })));
    let mut c = base();
    c.witness.w[1].pop();
    assert!(matches!(c.verify(), Err(CertificateError::Shape { .. })));
}

#[test]
fn tampered_bounds_and_hints_are_rejected() {
    let mut c = base();
    c.bounds.upper = bump_last_digit(&c.bounds.upper);
    assert!(matches!(
        c.verify(),
        Err(CertificateError::UpperMismatch { .. })
    ));
    // lower raised by one unit in its leading digits: above DNC's loss, not provable
    let mut c = base();
    let lower = parse_rational(&c.bounds.lower).unwrap();
    c.bounds.lower = (lower.clone() * parse_rational("1.001").unwrap()).to_string();
    assert!(matches!(
        c.verify(),
        Err(CertificateError::LowerNotProved { .. })
    ));
    // lower dropped below upper: true but useless
    let mut c = base();
    let upper = parse_rational(&c.bounds.upper).unwrap();
    c.bounds.lower = (upper.clone() * parse_rational("0.999").unwrap()).to_string();
    assert!(matches!(c.verify(), Err(CertificateError::NotBelow { .. })));
    // a_lower above A
    let mut c = base();
    let a = parse_rational(&c.hints.a_lower).unwrap();
    c.hints.a_lower = (a * parse_rational("1.0001").unwrap()).to_string();
    assert!(matches!(
        c.verify(),
        Err(CertificateError::HintInvalid {
            hint: "a_lower",
            ..
        })
    ));
}

#[test]
fn search_writes_a_certificate_that_a_fresh_kernel_accepts() {
    let p = MseParams::new(
        10,
        3,
        parse_rational("1/250").unwrap(),
        parse_rational("1/250").unwrap(),
        1,
    )
    .unwrap();
    let opts = SearchOptions {
        restarts: 12,
        seed: 1,
        dense: false,
        max_iter: 2000,
        reduced: false,
    };
    let out = certify(&p, ("1/250", "1/250"), "test", &opts);
    let (cert, _) = out.certificate.expect("T(5) beats DNC at K = 10, L = 3");
    let fresh = Certificate::from_toml(&to_toml(&cert)).unwrap();
    let v = fresh.verify().unwrap();
    assert!(v.upper() < v.lower());
}

/// Every certificate claim lists its points in its front matter; each listed point has
/// exactly one compiled-in certificate filed under the claim, and every certificate filed
/// under the claim is at a listed point. The statement's point count is the list's length.
#[test]
fn certificate_claims_list_exactly_their_files() {
    let mut claims_with_points = 0;
    for def in ncverify::claims::area::all() {
        let (meta, _) = parse_proof_file(def.proof).unwrap();
        if meta.points.is_empty() {
            continue;
        }
        claims_with_points += 1;
        // lower-bound certificates (DNC is optimal) are tied by coverage, one point each
        let verified = if def.id == ncverify::claims::lower::TWO_CLASS_CERTIFIED {
            ncverify::claims::lower::verify_lower_points(def.id, def.proof)
                .unwrap_or_else(|e| panic!("{e}"))
                .len()
        } else {
            verify_points(def.id, def.proof)
                .unwrap_or_else(|e| panic!("{e}"))
                .len()
        };
        assert_eq!(verified, meta.points.len(), "{}", def.id);
        let count = format!("{} parameter point", meta.points.len());
        assert!(
            meta.statement.contains(&count),
            "{}: the statement must say `{count}`",
            def.id
        );
    }
    assert!(claims_with_points >= 2);
    // every compiled-in certificate belongs to a claim that lists its point
    let listed: usize = ncverify::claims::area::all()
        .iter()
        .filter(|d| d.id != ncverify::claims::lower::TWO_CLASS_CERTIFIED)
        .map(|d| parse_proof_file(d.proof).unwrap().0.points.len())
        .sum();
    assert_eq!(listed, CERTIFICATES.len());
}

#[test]
fn a_listed_point_without_a_file_or_a_file_at_an_unlisted_point_fails() {
    let proof = include_str!("../../proofs/mse.dnc_not_optimal_k15_l2.md");
    let id = "mse.dnc_not_optimal_k15_l2";
    assert!(verify_points(id, proof).is_ok());
    let block = "[[points]]\nclasses = 15\nlayers = 2\nsamples = 1\nlambda_w = \"1/50\"\nlambda_h = \"1/50\"\n";
    assert!(proof.contains(block));
    let extra = proof.replacen(
        block,
        &format!("{block}\n[[points]]\nclasses = 15\nlayers = 2\nsamples = 1\nlambda_w = \"1/51\"\nlambda_h = \"1/50\"\n"),
        1,
    );
    let err = verify_points(id, &extra).unwrap_err();
    assert!(
        err.contains("lambda_W = 1/51") && err.contains("no certificate is filed there"),
        "{err}"
    );
    let missing = proof.replacen(block, "", 1);
    let err = verify_points(id, &missing).unwrap_err();
    assert!(
        err.contains("k15_l2_n1_lw1-50_lh1-50.toml") && err.contains("does not list"),
        "{err}"
    );
    let twice = proof.replacen(block, &format!("{block}\n{block}"), 1);
    // one file cannot serve two listed points: the second stays without a file
    assert!(
        verify_points(id, &twice)
            .unwrap_err()
            .contains("no certificate is filed there")
    );
}
