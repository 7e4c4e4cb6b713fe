//! # Claims that DNC *is* optimal: two classes at two layers
//!
//! ## Main definitions
//! - `mse.two_class_dnc_optimal_l2` (method `proof`): for $K = 2$, $L = 2$ and every
//!   $n, \lambda_W, \lambda_H$, DNC is a global minimiser of the MSE deep UFM. The reduction
//!   and the two-column lemma are argued in docs/theory.md §3.10; the checker gathers the
//!   kernel facts the proof file lists (the lemma decided exactly on a grid, its exact failure
//!   at $K = 3$ as a negative control, the $L = 2$ zero threshold).
//! - `mse.dnc_optimal_k2_l2_certified` (method `certificate`): the committed lower-bound
//!   certificates (`proofs/certificates/lower/*.toml`), re-verified by
//!   [`LowerCertificate::verify`] and tied one-to-one to the points the proof file lists.
//! - [`LOWER_CERTIFICATES`], [`lower_listed`].
//!
//! ## Main results
//! Every verdict rests on kernel facts; see `proofs/TRUST.md` for what is prose.
//!
//! ## References
//! - docs/theory.md §3.10; Súkeník, Lampert, Mondelli, NeurIPS 2023 (arXiv:2305.13165).
#![cfg_attr(doc, doc = katex!())]

use super::{CheckConfig, ClaimDef, Outcome, parse_proof_file};
use crate::kernel::Fact;
use crate::kernel::arith::rational::parse_rational;
use crate::kernel::cert::lower::{LowerCertificate, LowerVerified};
use crate::kernel::mse::threshold::prove_zero_threshold_formula;
use crate::kernel::mse::two_class::{three_class_counterexample, two_column_lemma_on_grid};
use crate::numeric::q_to_f64;

/// Claim id of the proof.
pub const TWO_CLASS: &str = "mse.two_class_dnc_optimal_l2";
/// Claim id of the certificates.
pub const TWO_CLASS_CERTIFIED: &str = "mse.dnc_optimal_k2_l2_certified";

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: TWO_CLASS,
            proof: include_str!("../../proofs/mse.two_class_dnc_optimal_l2.md"),
            check: check_two_class,
        },
        ClaimDef {
            id: TWO_CLASS_CERTIFIED,
            proof: include_str!("../../proofs/mse.dnc_optimal_k2_l2_certified.md"),
            check: check_certified,
        },
    ]
}

macro_rules! lowers {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../proofs/certificates/lower/", $name, ".toml")))),*]
    };
}

/// Every committed lower-bound certificate: `(file stem, TOML text)`.
pub const LOWER_CERTIFICATES: &[(&str, &str)] = lowers![
    "k2_l2_n1_lw1-100_lh1-100",
    "k2_l2_n1_r1_1-1000_1-10",
    "k2_l2_n1_r1_1-4_1",
];

/// `true` iff a committed lower-bound certificate has the same claim, $(K, L, n)$, $\rho$ and
/// interval as `v`.
#[cfg_attr(doc, doc = katex!())]
pub fn lower_listed(v: &LowerVerified) -> bool {
    LOWER_CERTIFICATES.iter().any(|(_, text)| {
        LowerCertificate::from_toml(text).is_ok_and(|c| {
            let p = &c.params;
            let q = |t: &str| parse_rational(t).ok();
            c.claim == v.claim()
                && (p.classes, p.layers, p.samples) == v.shape()
                && q(&p.ratio).as_ref() == Some(v.ratio())
                && q(&p.lambda_min).as_ref() == Some(v.range().0)
                && q(&p.lambda_max).as_ref() == Some(v.range().1)
        })
    })
}

/// The grids on which the two-column lemma is decided exactly: `(rows, entries)`.
pub const LEMMA_GRIDS: [(usize, &[i64]); 2] = [(2, &[-3, -1, 0, 1, 2, 5]), (3, &[-2, -1, 0, 1, 3])];

fn check_two_class(_: &CheckConfig) -> Outcome {
    let mut facts = Vec::new();
    let mut counts = Vec::new();
    for (rows, entries) in LEMMA_GRIDS {
        match two_column_lemma_on_grid(rows, entries) {
            Ok(Ok(f)) => {
                counts.push(format!(
                    "{} matrices {rows} x 2",
                    entries.len().pow(2 * rows as u32)
                ));
                facts.push(f);
            }
            // A counterexample to the lemma breaks the proof, not the statement.
            Ok(Err(z)) => {
                return Outcome::undecided(format!(
                    "the two-column lemma fails exactly at Z = {:?}: the proof is broken",
                    z.data().iter().map(ToString::to_string).collect::<Vec<_>>()
                ));
            }
            Err(e) => return Outcome::undecided(e.to_string()),
        }
    }
    let control = match three_class_counterexample() {
        Ok(Some(f)) => f,
        Ok(None) => {
            return Outcome::undecided(
                "negative control failed: the K = 3 counterexample to the lemma did not separate",
            );
        }
        Err(e) => return Outcome::undecided(format!("negative control: {e}")),
    };
    facts.push(control);
    match prove_zero_threshold_formula(2) {
        Ok(f) => facts.push(f),
        Err(e) => return Outcome::undecided(e.to_string()),
    }
    let Some(fact) = Fact::all(facts) else {
        return Outcome::undecided("no fact");
    };
    Outcome::proved(
        fact,
        format!(
            "prose reduction (docs/theory.md §3.10); kernel: the two-column lemma \
             ||relu(Z)||_* <= ||Z||_* decided exactly on every matrix of two grids ({}), its \
             failure at K = 3 proved exactly (negative control: the lemma, and this proof, are \
             two-class only), and the L = 2 zero threshold K^3 n lambda_H lambda_W^2 >= 1/16",
            counts.join(", ")
        ),
    )
}

/// Verify every committed lower-bound certificate filed under `id` and tie them to the points
/// listed in the claim's front matter: every listed point is covered by a certificate, and
/// every certificate covers a listed point.
pub fn verify_lower_points(id: &str, proof: &str) -> Result<Vec<LowerVerified>, String> {
    let (meta, _) = parse_proof_file(proof).map_err(|e| format!("proofs/{id}.md: {e}"))?;
    let mut out = Vec::new();
    for (name, text) in LOWER_CERTIFICATES {
        let v = LowerCertificate::from_toml(text)
            .and_then(|c| c.verify())
            .map_err(|e| format!("proofs/certificates/lower/{name}.toml: {e}"))?;
        if v.claim() != id {
            continue;
        }
        let covers = |p: &super::ParamPoint| match (
            parse_rational(&p.lambda_w),
            parse_rational(&p.lambda_h),
        ) {
            (Ok(w), Ok(h)) => v.covers((p.classes, p.layers, p.samples), &w, &h),
            _ => false,
        };
        if !meta.points.iter().any(covers) {
            return Err(format!(
                "proofs/certificates/lower/{name}.toml is filed under {id} but covers no point its \
                 statement lists"
            ));
        }
        out.push(v);
    }
    for p in &meta.points {
        let covered =
            out.iter().any(
                |v| match (parse_rational(&p.lambda_w), parse_rational(&p.lambda_h)) {
                    (Ok(w), Ok(h)) => v.covers((p.classes, p.layers, p.samples), &w, &h),
                    _ => false,
                },
            );
        if !covered {
            return Err(format!("{id} lists {p} but no certificate covers it"));
        }
    }
    Ok(out)
}

fn check_certified(_: &CheckConfig) -> Outcome {
    let proof = include_str!("../../proofs/mse.dnc_optimal_k2_l2_certified.md");
    let verified = match verify_lower_points(TWO_CLASS_CERTIFIED, proof) {
        Ok(v) => v,
        Err(e) => return Outcome::undecided(e),
    };
    let Some(fact) = Fact::all(verified.iter().map(LowerVerified::fact)) else {
        return Outcome::undecided("no certificate");
    };
    let ranges: Vec<String> = verified
        .iter()
        .map(|v| {
            let (a, b) = v.range();
            let [e0, _] = v.ends();
            format!(
                "[{a}, {b}] ({}; ℓ* ≈ {:.6} at {a})",
                if v.zero_regime() { "zero" } else { "collapse" },
                q_to_f64(&e0.upper)
            )
        })
        .collect();
    Outcome::proved(
        fact,
        format!(
            "{} lower-bound certificates re-verified exactly at K = 2, L = 2, n = 1, λ_W = λ_H \
             over λ ∈ {}; with the reduction two_class_l2 (mse.two_class_dnc_optimal_l2) DNC is a \
             global minimiser there",
            verified.len(),
            ranges.join(", ")
        ),
    )
}
