//! # paper-claims: a downstream crate that states and checks its own claims with ncverify
//!
//! A paper keeps its claims here, each with a proof file under `proofs/`, and checks them in
//! its own `cargo test` with the same rules of evidence as ncverify's built-in claims: a
//! `proof` claim is decided only by a fact of ncverify's trusted kernel.
//!
//! ```
//! let reports = paper_claims::claims()?.run_all(&ncverify::claims::CheckConfig::default());
//! assert!(reports.iter().all(|r| r.as_expected()));
//! # Ok::<(), ncverify::claims::RegistryError>(())
//! ```

use ncverify::claims::{CheckConfig, Outcome, Registry, RegistryError};
use ncverify::mse::compare::{LossOrdering, compare_constructions};
use ncverify::mse::family::{Block, Construction, Family};
use ncverify::mse::params::MseParams;
use ncverify::prelude::q;

/// The proof file of [`t4_beats_dnc_at_five_layers`].
pub const T4_PROOF: &str = include_str!("../proofs/paper.t4_beats_dnc_at_five_layers.md");

/// The checker of `paper.t4_beats_dnc_at_five_layers`: the kernel's exact order of the two
/// optimal losses decides; anything it cannot decide is *Undecided*.
pub fn t4_beats_dnc_at_five_layers(_: &CheckConfig) -> Outcome {
    let params = match MseParams::new(6, 5, q(1, 500), q(1, 500), 1) {
        Ok(p) => p,
        Err(e) => return Outcome::undecided(format!("parameters: {e}")),
    };
    let (t4, dnc) = match (
        Construction::new(vec![Block::Triangular { r: 4 }]),
        Family::Dnc.construction(&params),
    ) {
        (Ok(t4), Ok(dnc)) => (t4, dnc),
        (Err(e), _) | (_, Err(e)) => return Outcome::undecided(format!("construction: {e}")),
    };
    match compare_constructions(&params, &t4, &dnc) {
        Ok(c) => {
            let evidence = c.to_string();
            match c.ordering {
                LossOrdering::Less => Outcome::proved(c.fact, evidence),
                LossOrdering::Equal | LossOrdering::Greater => Outcome::disproved(c.fact, evidence),
                LossOrdering::Undecided { reason } => Outcome::undecided(reason),
            }
        }
        Err(e) => Outcome::undecided(format!("comparison: {e}")),
    }
}

/// This paper's claims, in a registry of their own.
pub fn claims() -> Result<Registry, RegistryError> {
    let mut registry = Registry::new();
    registry.register(T4_PROOF, t4_beats_dnc_at_five_layers)?;
    Ok(registry)
}
