//! # The built-in claims and registries of claims
//!
//! ## Main definitions
//! - [`Claim`]: a proof file's metadata and argument with its checker; [`ClaimDef`]: a
//!   built-in claim as written in code ([`CheckFn`], [`Checker`]: the checkers).
//! - [`Registry`]: the built-in claims, a caller's own, or both (see the module docs of
//!   [`crate::claims`] for an example); [`registry`] and [`find`]: the built-in claims.
//!
//! ## Main results
//! Every built-in proof file parses and is registered once (the test
//! `every_proof_file_parses_and_is_registered_once`); ids in a [`Registry`] are unique.
//!
//! ## References
//! `proofs/` (one proof file per claim).

use super::{
    CheckConfig, ClaimMeta, Outcome, ProofFileError, Report, area, parse_proof_file, run,
    validate_id,
};
use std::fmt;
use std::sync::Arc;

/// A built-in checker: a plain function, recomputing its evidence every time it runs.
pub type CheckFn = fn(&CheckConfig) -> Outcome;

/// Any checker: a function or a closure (which may capture parameters), shared so a
/// [`Claim`] can be cloned.
pub type Checker = Arc<dyn Fn(&CheckConfig) -> Outcome + Send + Sync + 'static>;

/// A built-in claim as written in code: its id, its proof file's text, its checker.
#[derive(Clone, Copy)]
pub struct ClaimDef {
    /// Stable id, e.g. `mse.low_rank_beats_dnc`.
    pub id: &'static str,
    /// Contents of `proofs/<id>.md` (compiled in).
    pub proof: &'static str,
    /// The checker.
    pub check: CheckFn,
}

/// A claim ready to run: metadata, argument and checker.
///
/// Build one with [`Claim::new`] from a proof file's text and a checker; the fields are
/// public to read (and `meta` to adjust), [`Registry::add`] re-checks the id.
#[derive(Clone)]
#[non_exhaustive]
pub struct Claim {
    /// Metadata from the proof file's front matter.
    pub meta: ClaimMeta,
    /// The argument in prose (the proof file after its front matter, trimmed).
    pub argument: String,
    /// The checker.
    pub check: Checker,
}

impl Claim {
    /// A claim from its proof file's text (front matter and argument, as in `proofs/`) and a
    /// checker. Fails with the [`ProofFileError`] of [`parse_proof_file`].
    pub fn new(
        proof: &str,
        check: impl Fn(&CheckConfig) -> Outcome + Send + Sync + 'static,
    ) -> Result<Self, ProofFileError> {
        let (meta, argument) = parse_proof_file(proof)?;
        Ok(Self {
            meta,
            argument: argument.to_string(),
            check: Arc::new(check),
        })
    }

    /// The claim's id.
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// Run the checker under the rules of evidence (see [`claims::run`](crate::claims::run)).
    pub fn run(&self, cfg: &CheckConfig) -> Report {
        run(self, cfg)
    }
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("meta", &self.meta)
            .field("argument", &format_args!("{} bytes", self.argument.len()))
            .finish_non_exhaustive()
    }
}

/// A built-in claim. Panics only if a compiled-in proof file is malformed, which the test
/// suite rules out (`every_proof_file_parses_and_is_registered_once`).
fn builtin_claim(d: ClaimDef) -> Claim {
    Claim::new(d.proof, d.check).unwrap_or_else(|e| panic!("proofs/{}.md: {e}", d.id))
}

/// Every built-in claim, in a stable order (the claims of [`Registry::builtin`]).
pub fn registry() -> Vec<Claim> {
    Registry::builtin().into_claims()
}

/// The built-in claim with this id, if any (see [`Registry::find`] for a registry of your
/// own).
pub fn find(id: &str) -> Option<Claim> {
    area::all()
        .into_iter()
        .find(|d| d.id == id)
        .map(builtin_claim)
}

/// An ordered set of claims with unique ids.
///
/// [`Registry::builtin`] holds the claims `ncverify check` decides; a downstream crate adds
/// its own with [`Registry::add`] or [`Registry::register`], starting from
/// [`Registry::new`] (only its own) or from [`Registry::builtin`] (both). Every claim is run
/// under the same rules of evidence ([`run`](super::run)).
#[derive(Clone, Default)]
pub struct Registry {
    claims: Vec<Claim>,
}

/// Why a claim could not be added or run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// A claim with this id is already registered.
    DuplicateId(String),
    /// The claim's proof text is malformed (or its id, if changed after parsing).
    ProofFile(ProofFileError),
    /// No claim with this id is registered.
    UnknownClaim(String),
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateId(id) => write!(f, "claim id {id:?} is already registered"),
            Self::ProofFile(e) => write!(f, "{e}"),
            Self::UnknownClaim(id) => write!(f, "no claim with id {id:?}"),
        }
    }
}

impl RegistryError {
    /// The caller's argument the error is about: `claim` (of [`Registry::add`] and
    /// [`Registry::with`]) or `id` (of [`Registry::run`]).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::DuplicateId(_) | Self::ProofFile(_) => "claim",
            Self::UnknownClaim(_) => "id",
        }
    }
}

impl std::error::Error for RegistryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::ProofFile(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ProofFileError> for RegistryError {
    fn from(e: ProofFileError) -> Self {
        Self::ProofFile(e)
    }
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in claims, in the order `ncverify check` prints them.
    ///
    /// Their proof files are compiled in and checked by the test suite; a malformed one
    /// would panic here, which `tests/it/registry.rs` rules out.
    pub fn builtin() -> Self {
        Self {
            claims: area::all().into_iter().map(builtin_claim).collect(),
        }
    }

    /// Add a claim at the end. Fails if its id is already registered or (after a change to
    /// `claim.meta.id`) malformed.
    pub fn add(&mut self, claim: Claim) -> Result<(), RegistryError> {
        validate_id(&claim.meta.id)?;
        if self.find(&claim.meta.id).is_some() {
            return Err(RegistryError::DuplicateId(claim.meta.id));
        }
        self.claims.push(claim);
        Ok(())
    }

    /// [`Registry::add`], by value, for chaining.
    pub fn with(mut self, claim: Claim) -> Result<Self, RegistryError> {
        self.add(claim)?;
        Ok(self)
    }

    /// Add a claim from its proof file's text and its checker ([`Claim::new`] then
    /// [`Registry::add`]).
    pub fn register(
        &mut self,
        proof: &str,
        check: impl Fn(&CheckConfig) -> Outcome + Send + Sync + 'static,
    ) -> Result<(), RegistryError> {
        self.add(Claim::new(proof, check)?)
    }

    /// The claim with this id, if any.
    pub fn find(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.meta.id == id)
    }

    /// The claims, in registration order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// The claims, in registration order.
    pub fn into_claims(self) -> Vec<Claim> {
        self.claims
    }

    /// Iterate over the claims in registration order.
    pub fn iter(&self) -> std::slice::Iter<'_, Claim> {
        self.claims.iter()
    }

    /// The ids, in registration order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.claims.iter().map(|c| c.meta.id.as_str())
    }

    /// Number of claims.
    pub fn len(&self) -> usize {
        self.claims.len()
    }

    /// `true` iff no claim is registered.
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// Decide the claim with this id.
    pub fn run(&self, id: &str, cfg: &CheckConfig) -> Result<Report, RegistryError> {
        self.find(id)
            .map(|c| run(c, cfg))
            .ok_or_else(|| RegistryError::UnknownClaim(id.chars().take(80).collect()))
    }

    /// Decide every claim; the reports are in registration order (a panicking checker
    /// yields *Undecided* and the others still run). With feature `parallel` the claims are
    /// decided concurrently on the rayon pool ([`crate::sweep::par_map`]): each checker is
    /// deterministic and independent of the others, so the reports do not depend on the
    /// thread count.
    pub fn run_all(&self, cfg: &CheckConfig) -> Vec<Report> {
        crate::sweep::par_map(&self.claims, |c| run(c, cfg))
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

impl<'a> IntoIterator for &'a Registry {
    type Item = &'a Claim;
    type IntoIter = std::slice::Iter<'a, Claim>;
    fn into_iter(self) -> Self::IntoIter {
        self.claims.iter()
    }
}

impl IntoIterator for Registry {
    type Item = Claim;
    type IntoIter = std::vec::IntoIter<Claim>;
    fn into_iter(self) -> Self::IntoIter {
        self.claims.into_iter()
    }
}
