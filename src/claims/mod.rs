//! # The claim registry
//!
//! A claim is data: a stable id, a statement with its quantifiers and domain, its source, the
//! method that decides it, the verdict we expect, and a checker. The human-readable half of
//! every claim lives in `proofs/<id>.md` — TOML front matter between `+++` lines (id,
//! statement, source, method, expected) followed by the argument in prose. Those files are
//! compiled into the binary with `include_str!`, so the registry, `ncverify check`, the README
//! table and `proofs/` cannot drift apart: the front matter *is* the registry's metadata, and
//! a test checks that every file under `proofs/` belongs to exactly one registered checker.
//!
//! A checker returns [`Verdict::Holds`], [`Verdict::Refuted`] (its evidence must name a
//! concrete counterexample) or [`Verdict::Undecided`]. Checkers must be able to fail: each
//! one recomputes its evidence; none returns a constant.

use serde::{Deserialize, Serialize};
use std::fmt;

pub mod area;
pub mod ce;
pub mod cert;
pub mod r#dyn;
pub mod etf;
pub mod mse;
pub mod schatten;
pub mod srg;

/// How a claim is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// For all parameters in the domain, by exact arithmetic and a written argument.
    Proof,
    /// At given parameters, by an exactly re-verified certificate.
    Certificate,
    /// By property tests / sampling over the domain (may miss a counterexample).
    Sampled,
    /// By running an experiment (training) and reporting what happened.
    Experiment,
}

/// A claim's verdict: expected (in the proof file) or obtained (from the checker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The statement was established.
    Holds,
    /// A concrete counterexample was found.
    Refuted,
    /// Neither could be established.
    Undecided,
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Proof => "proof",
            Self::Certificate => "certificate",
            Self::Sampled => "sampled",
            Self::Experiment => "experiment",
        })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Holds => "holds",
            Self::Refuted => "refuted",
            Self::Undecided => "undecided",
        })
    }
}

/// Options for running checkers.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckConfig {
    /// Run the long versions of sampled and experimental checks.
    pub full: bool,
}

/// What a checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// What was computed: for `Refuted`, the counterexample; for `Holds`, the decisive facts.
    pub evidence: String,
}

impl Outcome {
    /// A `Holds` outcome.
    pub fn holds(evidence: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Holds,
            evidence: evidence.into(),
        }
    }
    /// A `Refuted` outcome; `counterexample` must name concrete values.
    pub fn refuted(counterexample: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Refuted,
            evidence: counterexample.into(),
        }
    }
    /// An `Undecided` outcome.
    pub fn undecided(reason: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Undecided,
            evidence: reason.into(),
        }
    }
}

/// A checker: recomputes its evidence every time it runs.
pub type CheckFn = fn(&CheckConfig) -> Outcome;

/// A registered claim as written in code: its id, its proof file's text, its checker.
#[derive(Clone, Copy)]
pub struct ClaimDef {
    /// Stable id, e.g. `mse.low_rank_beats_dnc`.
    pub id: &'static str,
    /// Contents of `proofs/<id>.md` (compiled in).
    pub proof: &'static str,
    /// The checker.
    pub check: CheckFn,
}

/// A claim's metadata, read from its proof file's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMeta {
    /// Stable id.
    pub id: String,
    /// Statement with quantifiers and domain.
    pub statement: String,
    /// Paper and theorem/figure; "reconstructed" where theory.md says so.
    pub source: String,
    /// How it is decided.
    pub method: Method,
    /// The verdict we expect.
    pub expected: Verdict,
}

/// A malformed proof file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProofFileError {
    /// The file does not start with a `+++` front-matter block.
    MissingFrontMatter,
    /// The front matter is not valid TOML for [`ClaimMeta`].
    BadFrontMatter(String),
    /// The argument after the front matter is empty.
    EmptyArgument,
}

impl fmt::Display for ProofFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingFrontMatter => write!(f, "proof file has no +++ front matter"),
            Self::BadFrontMatter(e) => write!(f, "proof file front matter: {e}"),
            Self::EmptyArgument => write!(f, "proof file has no argument after the front matter"),
        }
    }
}

impl std::error::Error for ProofFileError {}

/// Split a proof file into its metadata and its prose argument.
pub fn parse_proof_file(text: &str) -> Result<(ClaimMeta, &str), ProofFileError> {
    let rest = text
        .strip_prefix("+++\n")
        .ok_or(ProofFileError::MissingFrontMatter)?;
    let end = rest
        .find("\n+++\n")
        .ok_or(ProofFileError::MissingFrontMatter)?;
    let meta: ClaimMeta =
        toml::from_str(&rest[..end]).map_err(|e| ProofFileError::BadFrontMatter(e.to_string()))?;
    let body = rest[end + 5..].trim();
    if body.is_empty() {
        return Err(ProofFileError::EmptyArgument);
    }
    Ok((meta, body))
}

/// A claim ready to run: metadata plus checker.
#[derive(Clone)]
pub struct Claim {
    /// Metadata from the proof file.
    pub meta: ClaimMeta,
    /// The checker.
    pub check: CheckFn,
}

/// Every registered claim, in a stable order. Panics only if a compiled-in proof file is
/// malformed, which the test suite rules out (`every_proof_file_parses`).
pub fn registry() -> Vec<Claim> {
    area::all()
        .into_iter()
        .map(|d| {
            let (meta, _) =
                parse_proof_file(d.proof).unwrap_or_else(|e| panic!("proofs/{}.md: {e}", d.id));
            Claim {
                meta,
                check: d.check,
            }
        })
        .collect()
}

/// One row of `ncverify check`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Claim id.
    pub id: String,
    /// Statement.
    pub statement: String,
    /// Source.
    pub source: String,
    /// Method.
    pub method: Method,
    /// Expected verdict.
    pub expected: Verdict,
    /// Obtained verdict.
    pub verdict: Verdict,
    /// Evidence (counterexample when refuted).
    pub evidence: String,
}

impl Report {
    /// `true` iff the verdict equals the expectation.
    pub fn as_expected(&self) -> bool {
        self.verdict == self.expected
    }
}

/// Run one claim.
pub fn run(claim: &Claim, cfg: &CheckConfig) -> Report {
    let out = (claim.check)(cfg);
    Report {
        id: claim.meta.id.clone(),
        statement: claim.meta.statement.clone(),
        source: claim.meta.source.clone(),
        method: claim.meta.method,
        expected: claim.meta.expected,
        verdict: out.verdict,
        evidence: out.evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_round_trip() {
        let text = "+++\nid = \"x.y\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\n\nBecause.\n";
        let (m, body) = parse_proof_file(text).unwrap();
        assert_eq!(m.id, "x.y");
        assert_eq!(m.method, Method::Proof);
        assert_eq!(body, "Because.");
        assert_eq!(
            parse_proof_file("no"),
            Err(ProofFileError::MissingFrontMatter)
        );
        assert!(matches!(
            parse_proof_file("+++\nid = 1\n+++\nx\n"),
            Err(ProofFileError::BadFrontMatter(_))
        ));
    }
}
