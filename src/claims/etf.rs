//! Claims about the simplex ETF (theory.md §1).

use super::{CheckConfig, ClaimDef, Outcome};
use crate::construct::etf::{etf_gram, etf_margin_certificate, etf_vectors_f64};
use crate::kernel::rational::{pow_u, q};
use crate::numeric::q_to_f64;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: "etf.gram_and_margin",
        proof: include_str!("../../proofs/etf.gram_and_margin.md"),
        check: check_gram_and_margin,
    }]
}

fn check_gram_and_margin(_: &CheckConfig) -> Outcome {
    const MAX_K: usize = 40;
    for k in 2..=MAX_K {
        let g = match etf_gram(k) {
            Ok(g) => g,
            Err(e) => return Outcome::refuted(format!("K = {k}: {e}")),
        };
        let rho_sq = match etf_margin_certificate(&g) {
            Ok(r) => r,
            Err(e) => return Outcome::refuted(format!("K = {k}: {e}")),
        };
        let expected = pow_u(&q(k as i64, k as i64 - 1), 2);
        if rho_sq != expected {
            return Outcome::refuted(format!(
                "K = {k}: squared margin {rho_sq} != (K/(K-1))^2 = {expected}"
            ));
        }
        let w = etf_vectors_f64(k);
        let gf = w.transpose() * &w;
        for i in 0..k {
            for j in 0..k {
                if (gf[(i, j)] - q_to_f64(g.get(i, j))).abs() > 1e-14 * k as f64 {
                    return Outcome::refuted(format!(
                        "K = {k}: f64 Gram entry ({i},{j}) = {}",
                        gf[(i, j)]
                    ));
                }
            }
        }
    }
    Outcome::holds(format!(
        "K = 2..{MAX_K}: exact Gram clauses (unit diagonal, -1/(K-1), rank K-1), centroid optimality and \
         squared margin (K/(K-1))^2; f64 vectors match"
    ))
}
