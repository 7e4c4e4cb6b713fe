//! Interval certificates: every committed file re-verifies and is compiled in; the coverage
//! table in the claim's proof file equals the verified ranges; tampering with an endpoint, a
//! witness entry, the ratio, the order of the pieces or their contiguity is rejected with a
//! located error.

use ncverify::claims::coverage::{
    COVERAGE, INTERVAL_CERTIFICATES, coverage_table, table_in, verify_all,
};
use ncverify::kernel::cert::interval::{End, IntervalCertificate, IntervalCertificateError};
use ncverify::kernel::cert::point::CertificateError;
use std::fs;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates/interval")
}

/// The K = 10, L = 3 interval certificate, cut to its first `pieces` pieces.
fn base(pieces: usize) -> IntervalCertificate {
    let text = fs::read_to_string(dir().join("k10_l3_n1_r1.toml")).unwrap();
    let mut c = IntervalCertificate::from_toml(&text).unwrap();
    c.pieces.truncate(pieces);
    c.params.lambda_max = c.pieces[pieces - 1].lambda_b.clone();
    c
}

#[test]
fn every_interval_file_is_compiled_in_and_verifies() {
    let mut on_disk = Vec::new();
    for entry in fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let compiled = INTERVAL_CERTIFICATES
            .iter()
            .find(|(n, _)| *n == stem)
            .unwrap_or_else(|| panic!("{stem} is not compiled into claims::coverage"));
        assert_eq!(compiled.1, text, "{stem}: compiled-in text differs");
        on_disk.push(stem);
    }
    assert_eq!(on_disk.len(), INTERVAL_CERTIFICATES.len());
    let verified = verify_all().unwrap();
    assert_eq!(verified.len(), INTERVAL_CERTIFICATES.len());
    for (name, v) in &verified {
        let (a, b) = v.range();
        assert!(a < b, "{name}");
        // consecutive breakpoints increase and the ends of each piece agree with them
        assert!(v.breaks().windows(2).all(|w| w[0] < w[1]), "{name}");
        for (i, (va, vb)) in v.ends().iter().enumerate() {
            assert_eq!(&va.lambdas().1, &v.breaks()[i], "{name}");
            assert_eq!(&vb.lambdas().1, &v.breaks()[i + 1], "{name}");
            assert!(va.upper() < va.lower() && vb.upper() < vb.lower(), "{name}");
        }
    }
}

/// `UPDATE_COVERAGE=1 cargo test --test it certificates_interval::coverage` rewrites the table.
#[test]
fn coverage_table_in_the_proof_file_is_the_verified_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("proofs/{COVERAGE}.md"));
    let proof = fs::read_to_string(&path).unwrap();
    let verified = verify_all().unwrap();
    let table = coverage_table(&verified);
    let current = table_in(&proof).expect("coverage markers");
    if std::env::var_os("UPDATE_COVERAGE").is_some() {
        let start = proof.find("<!-- coverage:start -->\n").unwrap() + 24;
        let end = start + current.len();
        fs::write(
            &path,
            format!("{}{table}{}", &proof[..start], &proof[end..]),
        )
        .unwrap();
        return;
    }
    assert_eq!(current, table, "regenerate with UPDATE_COVERAGE=1");
}

fn piece_error(c: &IntervalCertificate) -> (usize, End, CertificateError) {
    match c.verify() {
        Err(IntervalCertificateError::Piece {
            piece, end, error, ..
        }) => (piece, end, error),
        other => panic!("expected a piece error, got {other:?}"),
    }
}

fn order_field(c: &IntervalCertificate) -> String {
    match c.verify() {
        Err(IntervalCertificateError::Order { field, .. }) => field,
        other => panic!("expected an order error, got {other:?}"),
    }
}

#[test]
fn tampering_is_rejected_with_a_located_error() {
    let good = base(2);
    assert!(good.verify().is_ok());

    // moving the shared endpoint (in both pieces): piece 0's recorded loss at its right end
    // is no longer the witness's loss there
    let mut moved = good.clone();
    let new_end = "1/500".to_string();
    moved.pieces[0].lambda_b = new_end.clone();
    moved.pieces[1].lambda_a = new_end;
    let (piece, end, e) = piece_error(&moved);
    assert_eq!((piece, end), (0, End::B));
    assert!(matches!(e, CertificateError::UpperMismatch { .. }), "{e}");

    // one endpoint moved alone: a gap or an overlap, located at the next piece
    let mut gap = good.clone();
    gap.pieces[0].lambda_b = "1/999".into();
    assert_eq!(order_field(&gap), "pieces[1].lambda_a");
    let mut start = good.clone();
    start.params.lambda_min = "1/999".into();
    assert_eq!(order_field(&start), "pieces[0].lambda_a");
    let mut stop = good.clone();
    stop.params.lambda_max = "1/7".into();
    assert_eq!(order_field(&stop), "pieces[1].lambda_b");

    // a witness entry
    let mut entry = good.clone();
    entry.pieces[1].witness.w[1][0][0] = "1/3".into();
    let (piece, end, e) = piece_error(&entry);
    assert_eq!((piece, end), (1, End::A));
    assert!(matches!(e, CertificateError::UpperMismatch { .. }), "{e}");

    // the ratio lambda_W / lambda_H
    let mut ratio = good.clone();
    ratio.params.ratio = "2".into();
    let (piece, end, e) = piece_error(&ratio);
    assert_eq!((piece, end), (0, End::A));
    assert!(matches!(e, CertificateError::UpperMismatch { .. }), "{e}");

    // reordered pieces
    let mut swapped = good.clone();
    swapped.pieces.swap(0, 1);
    assert_eq!(order_field(&swapped), "pieces[0].lambda_a");

    // a removed middle piece leaves a gap
    let mut holed = base(3);
    holed.pieces.remove(1);
    assert_eq!(order_field(&holed), "pieces[1].lambda_a");
    let msg = holed.verify().unwrap_err().to_string();
    assert!(msg.contains("gap"), "{msg}");

    // a lower bound raised above DNC's bound
    let mut lower = good.clone();
    lower.pieces[1].at_b.lower = "1/2".into();
    let (piece, end, e) = piece_error(&lower);
    assert_eq!((piece, end), (1, End::B));
    assert!(matches!(e, CertificateError::LowerNotProved { .. }), "{e}");
}
