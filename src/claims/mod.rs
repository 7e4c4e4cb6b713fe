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
//! A checker returns an [`Outcome`]: *Holds*, *Refuted* (naming a concrete counterexample) or
//! *Undecided*. Checkers must be able to fail: each one recomputes its evidence; none returns a
//! constant.
//!
//! ## Rules of evidence (enforced by [`run`])
//! - A `proof` or `certificate` claim is decided only by a kernel [`Fact`]
//!   ([`Outcome::proved`], [`Outcome::disproved`]); the fact's statements are reported as
//!   `kernel_facts`. Such a claim decided without a fact becomes *Undecided*.
//! - `sampled` and `experiment` claims report what they observed ([`Outcome::observed`]).
//! - A checker that panics yields *Undecided* with the panic message; the others still run.
//!
//! What each kernel fact relies on, and every reduction argued only in prose, is listed in
//! `proofs/TRUST.md`.

use crate::kernel::Fact;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub mod area;
pub mod ce;
pub mod cert;
pub mod codes;
pub mod r#dyn;
pub mod etf;
pub mod metrics;
pub mod mse;
pub mod mse_dynamics;
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
///
/// For a claim of method `proof` or `certificate`, only a kernel [`Fact`] can decide: build
/// *Holds* with [`Outcome::proved`] and *Refuted* with [`Outcome::disproved`] (the fact is the
/// re-checked counterexample). Floating-point and sampling code can only say
/// [`Outcome::undecided`], or [`Outcome::observed`] for `sampled` and `experiment` claims;
/// [`run`] turns an observed verdict on a `proof` or `certificate` claim into *Undecided*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// What was computed: for `Refuted`, the counterexample; for `Holds`, the decisive facts.
    pub evidence: String,
    /// The kernel fact that decided the verdict, if any.
    pub fact: Option<Fact>,
}

impl Outcome {
    /// *Holds*, decided by a kernel fact; `evidence` explains it in words.
    pub fn proved(fact: Fact, evidence: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Holds,
            evidence: evidence.into(),
            fact: Some(fact),
        }
    }
    /// *Refuted*, decided by a kernel fact that states the counterexample.
    pub fn disproved(counterexample: Fact, evidence: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Refuted,
            evidence: evidence.into(),
            fact: Some(counterexample),
        }
    }
    /// A verdict observed by sampling or by an experiment (no kernel fact). Accepted only for
    /// `sampled` and `experiment` claims.
    pub fn observed(verdict: Verdict, evidence: impl Into<String>) -> Self {
        Self {
            verdict,
            evidence: evidence.into(),
            fact: None,
        }
    }
    /// An `Undecided` outcome.
    pub fn undecided(reason: impl Into<String>) -> Self {
        Self {
            verdict: Verdict::Undecided,
            evidence: reason.into(),
            fact: None,
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
    /// Paper and theorem/figure; "reconstructed" where docs/theory.md §1 (markers) says so.
    pub source: String,
    /// How it is decided.
    pub method: Method,
    /// The verdict we expect.
    pub expected: Verdict,
    /// For a claim decided by certificate files: the parameter points it covers, one
    /// certificate file each (`proofs/certificates/`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<ParamPoint>,
}

/// A parameter point $(K, L, n, \lambda_W, \lambda_H)$ of the MSE deep UFM, as listed in a
/// certificate claim's front matter (the $\lambda$ as exact rationals such as `"1/250"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamPoint {
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// $n$.
    pub samples: u64,
    /// $\lambda_W$.
    pub lambda_w: String,
    /// $\lambda_H$.
    pub lambda_h: String,
}

impl fmt::Display for ParamPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "K = {}, L = {}, n = {}, lambda_W = {}, lambda_H = {}",
            self.classes, self.layers, self.samples, self.lambda_w, self.lambda_h
        )
    }
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
    /// The statements of the kernel fact that decided the verdict (empty for observed
    /// verdicts and for *Undecided*).
    pub kernel_facts: Vec<String>,
}

impl Report {
    /// `true` iff the verdict equals the expectation.
    pub fn as_expected(&self) -> bool {
        self.verdict == self.expected
    }
}

/// Run one claim's checker and enforce the rules of evidence:
/// - a checker that panics yields *Undecided* with the panic message (the other claims still
///   run);
/// - a `proof` or `certificate` claim decided without a kernel fact yields *Undecided*.
pub fn run(claim: &Claim, cfg: &CheckConfig) -> Report {
    let out = match catch_unwind(AssertUnwindSafe(|| (claim.check)(cfg))) {
        Ok(out) => out,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a non-text panic payload".to_string());
            Outcome::undecided(format!("the checker panicked: {msg}"))
        }
    };
    let out = match (claim.meta.method, &out.fact, out.verdict) {
        (Method::Proof | Method::Certificate, None, Verdict::Holds | Verdict::Refuted) => {
            Outcome::undecided(format!(
                "a {} claim needs a kernel fact, but the checker observed {} without one: {}",
                claim.meta.method, out.verdict, out.evidence
            ))
        }
        _ => out,
    };
    Report {
        id: claim.meta.id.clone(),
        statement: claim.meta.statement.clone(),
        source: claim.meta.source.clone(),
        method: claim.meta.method,
        expected: claim.meta.expected,
        verdict: out.verdict,
        evidence: out.evidence,
        kernel_facts: out
            .fact
            .map(|f| f.statements().to_vec())
            .unwrap_or_default(),
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

    fn claim(method: Method, check: CheckFn) -> Claim {
        Claim {
            meta: ClaimMeta {
                id: "test.claim".into(),
                statement: "s".into(),
                source: "src".into(),
                method,
                expected: Verdict::Holds,
                points: Vec::new(),
            },
            check,
        }
    }

    #[test]
    fn a_panicking_checker_is_undecided_and_the_run_goes_on() {
        fn boom(_: &CheckConfig) -> Outcome {
            panic!("deliberate failure in a test checker")
        }
        let r = run(&claim(Method::Proof, boom), &CheckConfig::default());
        assert_eq!(r.verdict, Verdict::Undecided);
        assert!(
            r.evidence.contains("deliberate failure in a test checker"),
            "{}",
            r.evidence
        );
        assert!(!r.as_expected());
    }

    #[test]
    fn proof_and_certificate_verdicts_need_a_kernel_fact() {
        fn observed(_: &CheckConfig) -> Outcome {
            Outcome::observed(Verdict::Holds, "looks fine in f64")
        }
        fn backed(_: &CheckConfig) -> Outcome {
            let fact = crate::kernel::fact::decide_lt(
                &crate::kernel::rational::qi(1),
                &crate::kernel::rational::qi(2),
            )
            .expect("1 < 2");
            Outcome::proved(fact, "1 < 2")
        }
        for method in [Method::Proof, Method::Certificate] {
            let r = run(&claim(method, observed), &CheckConfig::default());
            assert_eq!(r.verdict, Verdict::Undecided, "{method}");
            assert!(r.evidence.contains("needs a kernel fact"));
            let r = run(&claim(method, backed), &CheckConfig::default());
            assert_eq!(r.verdict, Verdict::Holds, "{method}");
            assert_eq!(r.kernel_facts, vec!["1 < 2".to_string()]);
        }
        for method in [Method::Sampled, Method::Experiment] {
            let r = run(&claim(method, observed), &CheckConfig::default());
            assert_eq!(r.verdict, Verdict::Holds, "{method}");
            assert!(r.kernel_facts.is_empty());
        }
    }
}
