//! # Claims about the simplex ETF
//!
//! `etf.gram_and_margin` (method `proof`): for each $K = 2..40$ the kernel builds the Gram
//! matrix, checks its clauses and verifies the proposed nearest hull points
//! ([`centroid_certificates`]); the argument for every $K$ is in the proof file.
//!
//! ## References
//! Papyan, Han, Donoho, PNAS 2020 (arXiv:2008.08186); Jiang et al., ICML 2024
//! (arXiv:2310.05351).
#![cfg_attr(doc, doc = katex!())]

use super::{CheckConfig, ClaimDef, Outcome};
use crate::construct::etf::{centroid_certificates, prove_gram_and_margin};
use crate::kernel::Fact;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: "etf.gram_and_margin",
        proof: include_str!("../../proofs/etf.gram_and_margin.md"),
        check: check_gram_and_margin,
    }]
}

/// Largest $K$ checked.
const MAX_K: usize = 40;

fn check_gram_and_margin(_: &CheckConfig) -> Outcome {
    let mut facts = Vec::new();
    for k in 2..=MAX_K {
        let decided = centroid_certificates(k).and_then(|certs| prove_gram_and_margin(k, &certs));
        match decided {
            Ok(Ok(fact)) => facts.push(fact),
            Ok(Err(counterexample)) => {
                return Outcome::disproved(counterexample.clone(), format!("{counterexample}"));
            }
            // A rejected certificate is a failed proof attempt, not a counterexample.
            Err(e) => return Outcome::undecided(format!("K = {k}: {e}")),
        }
    }
    match Fact::all(facts) {
        Some(fact) => Outcome::proved(
            fact,
            format!(
                "K = 2..{MAX_K}: exact Gram clauses (unit diagonal, -1/(K-1), rank K-1), centroid \
                 hull certificates verified by the kernel, squared margin (K/(K-1))^2"
            ),
        ),
        None => Outcome::undecided("no K was checked"),
    }
}
