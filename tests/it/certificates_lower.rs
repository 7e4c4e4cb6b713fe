//! Lower-bound certificates (`kind = "lower"`, DNC *is* optimal at K = 2, L = 2): every
//! committed file re-verifies, is compiled in, is what the builder writes, and is tied to its
//! claim's points; each tampered field is rejected with an error naming that field; files
//! outside the reduction's domain (K = 3, L = 3) are refused.

use ncverify::claims::lower::{LOWER_CERTIFICATES, TWO_CLASS_CERTIFIED, lower_listed};
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::cert::interval::{AnyVerified, CertificateFile, IntervalCertificateError};
use ncverify::kernel::cert::lower::{LowerCertificate, LowerError};
use ncverify::search::lower::{lower_certificate, lower_to_toml};
use std::fs;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates/lower")
}

/// `(stem, n, ratio, lambda_min, lambda_max)`, rationals as `(numerator, denominator)`.
type Committed = (&'static str, u64, (i64, i64), (i64, i64), (i64, i64));

/// The committed files.
fn committed() -> Vec<Committed> {
    vec![
        ("k2_l2_n1_lw1-100_lh1-100", 1, (1, 1), (1, 100), (1, 100)),
        ("k2_l2_n1_r1_1-1000_1-10", 1, (1, 1), (1, 1000), (1, 10)),
        ("k2_l2_n1_r1_1-4_1", 1, (1, 1), (1, 4), (1, 1)),
    ]
}

/// `WRITE_LOWER=1 cargo test --test it certificates_lower::` rewrites the committed files from
/// the builder; otherwise each file must be exactly what the builder writes.
#[test]
fn committed_files_are_what_the_builder_writes() {
    for (stem, n, r, a, b) in committed() {
        let (cert, _) = lower_certificate(
            n,
            &q(r.0, r.1),
            &q(a.0, a.1),
            &q(b.0, b.1),
            TWO_CLASS_CERTIFIED,
        )
        .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let text = lower_to_toml(&cert);
        let path = dir().join(format!("{stem}.toml"));
        if std::env::var_os("WRITE_LOWER").is_some() {
            fs::write(&path, &text).unwrap();
        } else {
            assert_eq!(fs::read_to_string(&path).unwrap(), text, "{stem}");
        }
    }
}

#[test]
fn every_lower_file_is_compiled_in_verifies_and_is_listed() {
    let mut on_disk = 0;
    for entry in fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let compiled = LOWER_CERTIFICATES
            .iter()
            .find(|(n, _)| *n == stem)
            .unwrap_or_else(|| panic!("{stem} is not compiled into claims::lower"));
        assert_eq!(compiled.1, text, "{stem}: compiled-in text differs");
        // through the same entry point as `ncverify verify`
        let v = match CertificateFile::from_toml(&text).and_then(|c| c.verify()) {
            Ok(AnyVerified::Lower(v)) => v,
            other => panic!("{stem}: {other:?}"),
        };
        assert_eq!(v.shape(), (2, 2, 1), "{stem}");
        assert!(lower_listed(&v), "{stem}");
        for e in v.ends() {
            assert!(e.lower < e.upper, "{stem}");
        }
        on_disk += 1;
    }
    assert_eq!(on_disk, LOWER_CERTIFICATES.len());
    assert_eq!(on_disk, committed().len());
}

fn base() -> LowerCertificate {
    let text = fs::read_to_string(dir().join("k2_l2_n1_r1_1-1000_1-10.toml")).unwrap();
    LowerCertificate::from_toml(&text).unwrap()
}

/// The field a tampered certificate is refused for.
fn refused(c: &LowerCertificate) -> String {
    match c.verify() {
        Err(LowerError::Invalid { field, .. } | LowerError::Limit { field, .. }) => field,
        Err(LowerError::Parse { field, .. }) => field,
        other => panic!("expected a located error, got {other:?}"),
    }
}

#[test]
fn tampering_with_one_number_is_rejected_naming_it() {
    assert!(base().verify().is_ok());
    // lower < g <= upper is tight (relative width ~1e-10): swapping the ends breaks each
    for end in ["at_min", "at_max"] {
        let mut c = base();
        let e = if end == "at_min" {
            &mut c.at_min
        } else {
            &mut c.at_max
        };
        e.lower = e.upper.clone();
        assert_eq!(refused(&c), format!("{end}.lower"));
        let mut c = base();
        let e = if end == "at_min" {
            &mut c.at_min
        } else {
            &mut c.at_max
        };
        e.upper = e.lower.clone();
        assert_eq!(refused(&c), format!("{end}.upper"));
        // A_lo^3 <= A^3 <= A_hi^3 with A = 3 lambda: swapping the hints breaks each
        let mut c = base();
        let e = if end == "at_min" {
            &mut c.at_min
        } else {
            &mut c.at_max
        };
        e.a_lower = e.a_upper.clone();
        assert_eq!(refused(&c), format!("{end}.a_lower"));
        let mut c = base();
        let e = if end == "at_min" {
            &mut c.at_min
        } else {
            &mut c.at_max
        };
        e.a_upper = e.a_lower.clone();
        assert_eq!(refused(&c), format!("{end}.a_upper"));
    }
    let mut c = base();
    c.at_max.u = "-1/2".into();
    assert_eq!(refused(&c), "at_max.u");
    let mut c = base();
    c.at_max.u = "1/3".into();
    assert_eq!(refused(&c), "at_max.upper");
    // the enclosures belong to their lambdas: moving an end breaks them
    let mut c = base();
    c.params.lambda_max = "1/9".into();
    assert_eq!(refused(&c), "at_max.a_upper");
    let mut c = base();
    c.params.lambda_min = "1/1001".into();
    assert_eq!(refused(&c), "at_min.a_lower");
    let mut c = base();
    c.params.ratio = "2".into();
    assert!(refused(&c).starts_with("at_min."));
    let mut c = base();
    c.params.samples = 2;
    assert!(refused(&c).starts_with("at_min."));
    let mut c = base();
    c.params.regime = "zero".into();
    assert_eq!(refused(&c), "params.regime");
    let mut c = base();
    c.params.lambda_max = "1/4".into(); // straddles the threshold ≈ 0.198
    assert_eq!(refused(&c), "params.regime");
    let mut c = base();
    c.at_min.lower = "x".into();
    assert_eq!(refused(&c), "at_min.lower");
}

#[test]
fn outside_the_reduction_the_kernel_refuses() {
    let mut c = base();
    c.params.classes = 3;
    assert_eq!(refused(&c), "params.classes");
    let mut c = base();
    c.params.layers = 3;
    assert_eq!(refused(&c), "params.layers");
    let mut c = base();
    c.reduction = "deep_linear".into();
    assert_eq!(refused(&c), "reduction");
    // the message says why, on one line
    let mut c = base();
    c.params.classes = 3;
    let msg = c.verify().unwrap_err().to_string();
    assert!(
        msg.contains("covers K = 2 only") && !msg.contains('\n'),
        "{msg}"
    );
}

#[test]
fn the_kind_selects_the_schema_and_errors_stay_located() {
    let text = fs::read_to_string(dir().join("k2_l2_n1_lw1-100_lh1-100.toml")).unwrap();
    // an unknown field is a syntax error of the lower schema, not of another kind's
    let bad = text.replace("[params]", "bogus = 1\n[params]");
    match CertificateFile::from_toml(&bad) {
        Err(IntervalCertificateError::Lower(LowerError::Syntax(m))) => {
            assert!(m.contains("bogus"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    let tampered = text.replace("regime = \"collapse\"", "regime = \"zero\"");
    let e = CertificateFile::from_toml(&tampered)
        .and_then(|c| c.verify())
        .unwrap_err();
    assert!(e.to_string().starts_with("params.regime:"), "{e}");
}
