//! Claims decided by exactly re-verified certificates (`proofs/certificates/*.toml`).
//!
//! Each certificate is compiled in with `include_str!` and re-verified by
//! [`crate::kernel::certificate::Certificate::verify`] every time the checker runs: the
//! witness's loss is recomputed exactly, DNC's lower bound is re-proved by Sturm's theorem,
//! and `upper < lower` is re-checked.

use super::{CheckConfig, ClaimDef, Outcome};
use crate::kernel::certificate::{Certificate, Verified};
use crate::kernel::rational::q;
use crate::numeric::q_to_f64;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: K10_L3,
            proof: include_str!("../../proofs/mse.dnc_not_optimal_k10_l3.md"),
            check: check_dnc_not_optimal_k10_l3,
        },
        ClaimDef {
            id: K15_L2,
            proof: include_str!("../../proofs/mse.dnc_not_optimal_k15_l2.md"),
            check: check_dnc_not_optimal_k15_l2,
        },
    ]
}

/// Claim id of the $K = 15$, $L = 2$ certificate (found by `ncverify phase`).
pub const K15_L2: &str = "mse.dnc_not_optimal_k15_l2";

fn check_dnc_not_optimal_k15_l2(_: &CheckConfig) -> Outcome {
    let mut found = None;
    for (name, text) in CERTIFICATES {
        let v = match verify_named(name, text) {
            Ok(v) => v,
            Err(e) => return Outcome::undecided(e),
        };
        if v.claim() == K15_L2 {
            if v.shape() != (15, 2, 1) || *v.lambdas() != (q(1, 50), q(1, 50)) {
                return Outcome::undecided(format!(
                    "proofs/certificates/{name}.toml is filed under {K15_L2} at other parameters"
                ));
            }
            found = Some(v);
        }
    }
    match found {
        Some(v) => Outcome::holds(format!(
            "certificate re-verified exactly: at K = 15, L = 2, n = 1, λ_W = λ_H = 1/50 a T(5)+DNC(5) witness has loss {} ≈ {:.8} < {} ≈ {:.8} ≤ every DNC point",
            v.upper(),
            q_to_f64(&v.upper()),
            v.lower(),
            q_to_f64(&v.lower())
        )),
        None => Outcome::undecided("no certificate filed under mse.dnc_not_optimal_k15_l2"),
    }
}

/// Claim id of the $K \ge 10$, $L = 3$ certificates.
pub const K10_L3: &str = "mse.dnc_not_optimal_k10_l3";

macro_rules! certificates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../proofs/certificates/", $name, ".toml")))),*]
    };
}

/// Every committed certificate: `(file stem, TOML text)`.
pub const CERTIFICATES: &[(&str, &str)] = certificates![
    "k10_l3_n1_lw1-1000_lh1-100",
    "k10_l3_n1_lw1-1000_lh1-1000",
    "k10_l3_n1_lw1-100_lh1-100",
    "k10_l3_n1_lw1-100_lh1-1000",
    "k10_l3_n1_lw1-125_lh1-125",
    "k10_l3_n1_lw1-150_lh1-150",
    "k10_l3_n1_lw1-2000_lh1-2000",
    "k10_l3_n1_lw1-200_lh1-200",
    "k10_l3_n1_lw1-250_lh1-250",
    "k10_l3_n1_lw1-250_lh1-50000",
    "k10_l3_n1_lw1-300_lh1-300",
    "k10_l3_n1_lw1-37_lh1-37",
    "k10_l3_n1_lw1-400_lh1-400",
    "k10_l3_n1_lw1-40_lh1-40",
    "k10_l3_n1_lw1-45_lh1-45",
    "k10_l3_n1_lw1-500_lh1-500",
    "k10_l3_n1_lw1-50_lh1-50",
    "k10_l3_n1_lw1-60_lh1-60",
    "k10_l3_n1_lw1-80_lh1-80",
    "k10_l3_n2_lw1-250_lh1-250",
    "k10_l3_n3_lw1-500_lh1-100",
    "k10_l3_n5_lw1-250_lh1-250",
    "k15_l2_n1_lw1-50_lh1-50",
    "k15_l3_n1_lw1-1000_lh1-1000",
    "k15_l3_n1_lw1-250_lh1-250",
    "k20_l3_n1_lw1-250_lh1-250",
    "k21_l3_n1_lw1-1000_lh1-1000",
    "k21_l3_n1_lw1-250_lh1-250",
];

/// Parse and verify one compiled-in certificate.
pub fn verify_named(name: &str, text: &str) -> Result<Verified, String> {
    Certificate::from_toml(text)
        .and_then(|c| c.verify())
        .map_err(|e| format!("proofs/certificates/{name}.toml: {e}"))
}

fn check_dnc_not_optimal_k10_l3(_: &CheckConfig) -> Outcome {
    let mut verified = Vec::new();
    for (name, text) in CERTIFICATES {
        let v = match verify_named(name, text) {
            Ok(v) => v,
            Err(e) => return Outcome::undecided(e),
        };
        if v.claim() != K10_L3 {
            continue;
        }
        let (k, l, _) = v.shape();
        if l != 3 || k < 10 {
            return Outcome::undecided(format!(
                "proofs/certificates/{name}.toml is filed under {K10_L3} but has K = {k}, L = {l}"
            ));
        }
        verified.push(v);
    }
    let base = verified.iter().find(|v| {
        v.shape() == (10, 3, 1) && v.lambdas().0 == v.lambdas().1 && v.lambdas().0 == q(1, 250)
    });
    let Some(base) = base else {
        return Outcome::undecided("no verified certificate at K = 10, L = 3, n = 1, λ = 1/250");
    };
    let ks: std::collections::BTreeSet<u64> = verified.iter().map(|v| v.shape().0).collect();
    let best_ratio = verified
        .iter()
        .map(|v| q_to_f64(&v.upper()) / q_to_f64(&v.lower()))
        .fold(f64::INFINITY, f64::min);
    Outcome::holds(format!(
        "{} certificates re-verified exactly (K ∈ {:?}, L = 3); at K = 10, n = 1, λ_W = λ_H = 1/250 a T(5) Bose–Mesner witness has loss {} ≈ {:.8} < {} ≈ {:.8} ≤ every DNC point (smallest upper/lower {:.4})",
        verified.len(),
        ks,
        base.upper(),
        q_to_f64(&base.upper()),
        base.lower(),
        q_to_f64(&base.lower()),
        best_ratio
    ))
}
