//! Tests of `ncverify::search::known` (`src/search/known.rs`).

use ncverify::claims::cert::CERTIFICATES;
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::arith::rational::{Q, parse_rational};
use ncverify::kernel::cert::point::Certificate;
use ncverify::mse::MseParams;
use ncverify::search::known::*;

fn p(k: u64, l: u32, lam: Q) -> MseParams {
    MseParams::new(k, l, lam.clone(), lam, 1).unwrap()
}

#[test]
fn committed_certificate_is_found_and_verified() {
    // K = 15, L = 2, λ = 1/50: a committed point certificate, no interval certificate and
    // no construction (at L = 3 the Kneser chain would prove the cell instead)
    let at_l2 = |lam: Q| MseParams::new(15, 2, lam.clone(), lam, 1).unwrap();
    let (at, off) = (at_l2(q(1, 50)), at_l2(q(1, 51)));
    let idx = KnownIndex::for_points(&[at.clone(), off.clone()]).unwrap();
    assert!(
        idx.certificates()
            .iter()
            .any(|c| c.file() == "k15_l2_n1_lw1-50_lh1-50.toml")
    );
    let k = idx.lookup(&at).unwrap().unwrap();
    assert!(matches!(k.source, KnownSource::Certificate { .. }));
    assert!(k.ratio < 1.0 && k.upper.unwrap() < k.lower.unwrap());
    if idx.certificates().len() == 1 {
        assert!(idx.lookup(&off).unwrap().is_none());
    }
}

/// An interval certificate on $[1/252, 1/248]$ at $K = 10$, $L = 3$, $n = 1$, $\rho = 1$,
/// one piece, built from the committed point certificate's witness at $1/250$.
fn interval_from_point() -> String {
    use ncverify::kernel::QMatrix;
    use ncverify::kernel::cert::interval::{EndBounds, IntervalCertificate, IntervalParams, Piece};
    use ncverify::kernel::mse::dufm::mse_loss_exact;
    use ncverify::search::certify::{a_lower_hint, dnc_loss};
    let (_, text) = CERTIFICATES
        .iter()
        .find(|(n, _)| *n == "k10_l3_n1_lw1-250_lh1-250")
        .unwrap();
    let c = Certificate::from_toml(text).unwrap();
    let m = |rows: &Vec<Vec<String>>| {
        let q: Vec<Vec<Q>> = rows
            .iter()
            .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
            .collect();
        QMatrix::from_rows(&q).unwrap()
    };
    let h = m(&c.witness.h1);
    let ws: Vec<QMatrix> = c.witness.w.iter().map(m).collect();
    let end = |lam: Q| {
        let p = MseParams::new(10, 3, lam.clone(), lam.clone(), 1).unwrap();
        let upper = mse_loss_exact(&h, &ws, 10, 1, &lam, &lam).unwrap();
        let lower = ncverify::numeric::f64_to_q(dnc_loss(&p) * (1.0 - 1e-9)).unwrap();
        EndBounds {
            upper: upper.to_string(),
            lower: lower.to_string(),
            a_lower: a_lower_hint(&p).unwrap().to_string(),
        }
    };
    let cert = IntervalCertificate {
        kind: "interval".into(),
        claim: "mse.dnc_not_optimal".into(),
        provenance: "test: the committed K = 10, L = 3, λ = 1/250 witness".into(),
        params: IntervalParams {
            classes: 10,
            layers: 3,
            samples: 1,
            ratio: "1".into(),
            lambda_min: "1/252".into(),
            lambda_max: "1/248".into(),
        },
        pieces: vec![Piece {
            lambda_a: "1/252".into(),
            lambda_b: "1/248".into(),
            at_a: end(q(1, 252)),
            at_b: end(q(1, 248)),
            witness: c.witness.clone(),
        }],
    };
    toml::to_string(&cert).unwrap()
}

#[test]
fn two_class_two_layer_points_are_dnc_optimal_by_the_proof_claim() {
    let pts = [
        p(2, 2, q(1, 100)),
        p(3, 2, q(1, 100)),
        p(2, 3, q(1, 100)),
        p(7, 1, q(1, 100)),
    ];
    let idx = KnownIndex::for_points(&pts).unwrap();
    assert_eq!(
        idx.dnc_optimal(&pts[0]),
        Some("mse.two_class_dnc_optimal_l2")
    );
    assert_eq!(idx.dnc_optimal(&pts[1]), None);
    assert_eq!(idx.dnc_optimal(&pts[2]), None);
    assert_eq!(idx.dnc_optimal(&pts[3]), Some("mse.linear_dnc_global"));
    // a lower-bound certificate is not a result that DNC is beaten
    let text = include_str!("../../../proofs/certificates/lower/k2_l2_n1_lw1-100_lh1-100.toml");
    assert!(parse_certificate("lower.toml", text).is_err());
}

#[test]
fn interval_certificate_covers_the_lambdas_inside() {
    let text = interval_from_point();
    let cert = parse_certificate("k10_interval.toml", &text).unwrap();
    let (inside, outside) = (p(10, 3, q(1, 251)), p(10, 3, q(1, 247)));
    cert.verify_at(&inside).unwrap();
    // this certificate alone (the committed ones may cover these points too)
    let idx = KnownIndex::of_certificates(std::slice::from_ref(&inside), vec![cert.clone()], false)
        .unwrap();
    // the same file given by the user is labelled as theirs, with its path
    let mine =
        KnownIndex::of_certificates(std::slice::from_ref(&inside), vec![cert], true).unwrap();
    assert_eq!(
        mine.lookup(&inside).unwrap().unwrap().source,
        KnownSource::User {
            path: "k10_interval.toml".into()
        }
    );
    let k = idx.lookup(&inside).unwrap().unwrap();
    assert_eq!(
        k.source,
        KnownSource::Certificate {
            file: "k10_interval.toml".into()
        }
    );
    // the interpolated upper is the witness's exact loss at 1/251 (affine in λ)
    let upper = k.upper.clone().unwrap();
    assert!(upper < k.lower.clone().unwrap() && k.ratio < 0.99);
    let c = Certificate::from_toml(
        CERTIFICATES
            .iter()
            .find(|(n, _)| *n == "k10_l3_n1_lw1-250_lh1-250")
            .unwrap()
            .1,
    )
    .unwrap();
    let m = |rows: &Vec<Vec<String>>| {
        let q: Vec<Vec<Q>> = rows
            .iter()
            .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
            .collect();
        ncverify::kernel::QMatrix::from_rows(&q).unwrap()
    };
    let ws: Vec<_> = c.witness.w.iter().map(m).collect();
    let direct = ncverify::kernel::mse::dufm::mse_loss_exact(
        &m(&c.witness.h1),
        &ws,
        10,
        1,
        &q(1, 251),
        &q(1, 251),
    )
    .unwrap();
    assert_eq!(upper, direct);
    assert!(idx.lookup(&outside).unwrap().is_none());
    // a tampered endpoint fails verification with the file named
    let bad = text.replacen("lambda_b = \"1/248\"", "lambda_b = \"1/100\"", 1);
    assert_ne!(bad, text);
    let cert = parse_certificate("tampered.toml", &bad).unwrap();
    let e = KnownIndex::for_points_with(&[inside], vec![cert]).unwrap_err();
    assert!(e.to_string().contains("tampered.toml"), "{e}");
}

#[test]
fn constructions_need_a_nonzero_dnc_optimum() {
    // (6, 4) is a cell of the optimality map: its chain decides that the cell is proved
    // (the shown source is the best proved ratio); (21, 4) is outside the map: the T(4)
    // construction decides
    let (small, outside) = (p(6, 4, q(1, 1000)), p(21, 4, q(1, 1000)));
    let zero = p(6, 4, q(1, 2));
    let idx = KnownIndex::for_points(&[small.clone(), zero.clone(), outside.clone()]).unwrap();
    let k = idx.lookup(&small).unwrap().unwrap();
    assert!(matches!(k.source, KnownSource::Construction { .. }));
    assert!(k.ratio < 1.0);
    let k = idx.lookup(&outside).unwrap().unwrap();
    assert!(matches!(
        k.source,
        KnownSource::Construction {
            claim: "mse.low_rank_beats_dnc",
            ..
        }
    ));
    assert!(k.ratio < 1.0);
    assert!(idx.lookup(&zero).unwrap().is_none());
    // without the map's chain the map's cell is not proved, though T(4) covers it
    let no_chain = KnownIndex::for_points(std::slice::from_ref(&outside)).unwrap();
    assert!(no_chain.lookup(&small).unwrap().is_none());
    assert!(no_chain.lookup(&outside).unwrap().is_some());
}
