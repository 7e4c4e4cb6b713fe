//! # Claims: softmax codes
//!
//! ## Main definitions
//! The checker of `codes.softmax_code_margins` (method `sampled`): exact one-vs-rest margins of
//! rational closed-form codes (kernel hull certificates), `f64` margins of every closed form
//! for $d \le 6$, $K \le 16$, the numerical solver from random starts, and the table in the
//! proof file.
//!
//! ## Main results
//! Known optima (Jiang et al.): $d \ge K-1$: simplex ETF, $\rho = K/(K-1)$; $d = 2$: regular
//! $K$-gon, $\rho = 1 - \cos(2\pi/K)$; $d+1 < K \le 2d$: a subset of $\lbrace\pm e_i\rbrace$, $\rho = 1$.
//! Their optimality is cited; the checker observes that the solver never beats them.
//!
//! ## References
//! - J. Jiang, J. Zhou, P. Wang, Q. Qu, D. Mixon, C. You, Z. Zhu, *Generalized neural collapse
//!   for a large number of classes*, ICML 2024 (arXiv:2310.05351).
#![cfg_attr(doc, doc = katex!())]

use super::ce::table_rows;
use super::{CheckConfig, ClaimDef, Outcome, Verdict};
use crate::codes::closed::{closed_form, cross_polytope_gram, etf_gram};
use crate::codes::distance::{distance_sq_exact, margin};
use crate::codes::solver::{SolverConfig, solve};
use crate::kernel::arith::rational::{q, qi};
use crate::kernel::{Q, QMatrix};

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: "codes.softmax_code_margins",
        proof: include_str!("../../proofs/codes.softmax_code_margins.md"),
        check: check_softmax_code_margins,
    }]
}

/// Rows `| d | K | rho | closed |` of the softmax table.
fn margin_table(text: &str) -> Vec<(usize, usize, f64)> {
    table_rows(text)
        .filter_map(|cells| match cells.as_slice() {
            [d, k, r, _] => Some((d.parse().ok()?, k.parse().ok()?, r.parse().ok()?)),
            _ => None,
        })
        .collect()
}

/// $\rho^2 = \min_c \operatorname{dist}_c^2$ from a rational Gram matrix, exactly; `None` if a
/// distance cannot be computed.
fn exact_rho_sq(gram: &QMatrix) -> Option<Q> {
    (0..gram.rows())
        .map(|c| distance_sq_exact(gram, c).ok())
        .collect::<Option<Vec<Q>>>()?
        .into_iter()
        .min()
}

fn refuted(counterexample: impl Into<String>) -> Outcome {
    Outcome::observed(Verdict::Refuted, counterexample)
}

fn check_softmax_code_margins(_cfg: &CheckConfig) -> Outcome {
    // exact margins from rational Gram matrices
    for k in 2..=8usize {
        let want = q(k as i64, k as i64 - 1);
        let gram = match etf_gram(k) {
            Ok(g) => g,
            Err(e) => return Outcome::undecided(format!("ETF K={k}: {e}")),
        };
        match exact_rho_sq(&gram) {
            Some(r) if r == &want * &want => {}
            Some(r) => return refuted(format!("ETF K={k}: exact margin^2 {r} is not (K/(K-1))^2")),
            None => return Outcome::undecided(format!("ETF K={k}: exact margin not computed")),
        }
    }
    for d in 2..=5usize {
        for k in d + 2..=2 * d {
            match cross_polytope_gram(d, k).as_ref().map(exact_rho_sq) {
                Some(Some(r)) if r == qi(1) => {}
                Some(Some(r)) => {
                    return refuted(format!(
                        "cross-polytope d={d}, K={k}: margin^2 {r} is not 1"
                    ));
                }
                _ => {
                    return Outcome::undecided(format!(
                        "cross-polytope d={d}, K={k}: exact margin not computed"
                    ));
                }
            }
        }
    }
    // hexagon: G_ij = cos(π(i-j)/3) ∈ {1, 1/2, -1/2, -1}
    let hex = QMatrix::from_fn(6, 6, |i, j| match (i + 6 - j) % 6 {
        0 => qi(1),
        1 | 5 => q(1, 2),
        2 | 4 => q(-1, 2),
        _ => qi(-1),
    });
    match exact_rho_sq(&hex) {
        Some(r) if r == q(1, 4) => {}
        Some(r) => return refuted(format!("hexagon: exact margin^2 {r} is not 1/4")),
        None => return Outcome::undecided("hexagon: exact margin not computed"),
    }
    // f64 closed forms for d <= 6, K <= 16
    for d in 1..=6usize {
        for k in 2..=16usize {
            if let Some((form, w, m)) = closed_form(d, k) {
                let got = margin(&w);
                if (got - m).abs() > 1e-9 {
                    return refuted(format!("{form:?} d={d}, K={k}: margin {got} != {m}"));
                }
            }
        }
    }
    // the solver from random starts: reaches, never exceeds; below K/(K-1) when d < K-1
    let cfg = SolverConfig {
        restarts: 2,
        iterations: 600,
        seed: 7,
    };
    for (d, k) in [(2usize, 5usize), (3, 4), (3, 6), (2, 7), (3, 7)] {
        let (_, rho) = solve(d, k, &cfg);
        let etf = k as f64 / (k as f64 - 1.0);
        if let Some((_, _, m)) = closed_form(d, k) {
            if rho > m + 1e-9 {
                return refuted(format!(
                    "d={d}, K={k}: solver margin {rho} > closed form {m}"
                ));
            }
            if rho < m * (1.0 - 1e-3) {
                return Outcome::undecided(format!(
                    "d={d}, K={k}: solver reached only {rho} < {m}"
                ));
            }
        } else if rho >= etf {
            return refuted(format!("d={d}, K={k}: solver margin {rho} >= K/(K-1)"));
        }
    }
    // the table in proofs/ agrees with the closed forms and the ETF bound
    let table = margin_table(include_str!("../../proofs/codes.softmax_code_margins.md"));
    if table.len() != 90 {
        return Outcome::undecided(format!("table has {} rows, expected 90", table.len()));
    }
    for &(d, k, rho) in &table {
        match closed_form(d, k) {
            Some((_, _, m)) if rho > m + 1e-9 || rho < m * (1.0 - 1e-3) => {
                return refuted(format!("table d={d}, K={k}: {rho} vs closed form {m}"));
            }
            None if d + 1 < k && rho >= k as f64 / (k as f64 - 1.0) => {
                return refuted(format!("table d={d}, K={k}: {rho} >= K/(K-1)"));
            }
            _ => {}
        }
    }
    Outcome::observed(
        Verdict::Holds,
        "exact: ETF K=2..8, cross-polytope d=2..5, hexagon; f64 closed forms d<=6, K<=16; \
         solver reaches and never exceeds closed forms at 4 cells, stays below K/(K-1) at (3,7); \
         90-row table consistent",
    )
}
