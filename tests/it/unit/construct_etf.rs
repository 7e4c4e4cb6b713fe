//! Tests of `ncverify::construct::etf` (`src/construct/etf.rs`).

use ncverify::codes::closed::etf;
use ncverify::construct::etf::*;
use ncverify::construct::hull::hull_distance_sq;
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::kernel::geom::etf::{EtfError, etf_gram, prove_gram_and_margin};
use ncverify::numeric::q_to_f64;

#[test]
fn k2_k3_k4_margins_hand_computed() {
    // K = 2: antipodal, margin 2; K = 3: margin 3/2; K = 4: margin 4/3.
    for (k, rho_sq) in [(2, qi(4)), (3, q(9, 4)), (4, q(16, 9))] {
        let certs = centroid_certificates(k).unwrap();
        let fact = prove_gram_and_margin(k, &certs).unwrap().unwrap();
        assert!(
            fact.to_string()
                .contains(&format!(" {rho_sq} = (K/(K-1))^2"))
        );
    }
    assert_eq!(centroid_certificates(1), Err(EtfError::TooFewClasses(1)));
}

/// The untrusted exact search finds the centroid for every vertex (the ETF's other points
/// are affinely independent, so the nearest point has unique weights).
#[test]
fn hull_search_finds_the_centroid() {
    for k in 2..=7 {
        let g = etf_gram(k).unwrap();
        for (v, cert) in centroid_certificates(k).unwrap().into_iter().enumerate() {
            let (d, found) = hull_distance_sq(&g, v).unwrap();
            assert_eq!(found, cert, "K = {k}, vertex {v}");
            assert_eq!(d, q(k as i64 * k as i64, (k as i64 - 1) * (k as i64 - 1)));
        }
    }
}

/// The `f64` unit vectors realise the exact Gram matrix (for K = 2..40, the range of
/// `etf.gram_and_margin`; formerly inside its checker).
#[test]
fn gram_of_f64_vectors_matches_exact() {
    for k in 2..=40 {
        let w = etf(k - 1, k).unwrap();
        let g = w.transpose() * &w;
        let exact = etf_gram(k).unwrap();
        for i in 0..k {
            for j in 0..k {
                let e = q_to_f64(exact.get(i, j));
                // 1e-14 up to K = 11 (the former unit test), 1e-14 K beyond (the checker's)
                let tol = if k < 12 { 1e-14 } else { 1e-14 * k as f64 };
                assert!(
                    (g[(i, j)] - e).abs() <= tol,
                    "K={k} ({i},{j}): {} vs {e}",
                    g[(i, j)]
                );
            }
        }
    }
}
