//! # Rules of evidence
//!
//! ## Main definitions
//! - [`Method`], [`Verdict`], [`CheckConfig`]: how a claim is decided, what was decided, and
//!   the options of a run.
//! - [`Outcome`]: what a checker found (a kernel [`Fact`] for *Holds*/*Refuted* of a `proof`
//!   or `certificate` claim).
//! - [`Report`]: one decided claim; [`run`]: run a checker under the rules of evidence.
//!
//! ## Main results
//! [`run`] enforces the rules of evidence stated in the docs of [`crate::claims`]: a `proof`
//! or `certificate` claim decided without a kernel fact becomes *Undecided*, and a checker
//! that panics yields *Undecided* with the panic message.
//!
//! ## References
//! `proofs/TRUST.md` (what each kernel fact relies on).

use super::{Claim, ExtraValue};
use crate::kernel::Fact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

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
    /// The extra front-matter fields ([`ClaimMeta::extra`](super::ClaimMeta::extra)); omitted from JSON when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, ExtraValue>,
}

impl Report {
    /// `true` iff the verdict equals the expectation.
    pub fn as_expected(&self) -> bool {
        self.verdict == self.expected
    }

    /// Assert, in a `#[test]`, that the verdict equals the proof file's expectation.
    ///
    /// # Panics
    /// This is a test assertion: it panics when the verdict differs, with the claim id,
    /// expected and obtained verdicts, the evidence and the kernel facts (the [`Display`]
    /// form of the report). Use [`Report::as_expected`] to test without panicking.
    ///
    /// [`Display`]: fmt::Display
    #[track_caller]
    pub fn assert_expected(&self) -> &Self {
        self.assert_verdict(self.expected)
    }

    /// Assert, in a `#[test]`, that the obtained verdict is `verdict`.
    ///
    /// # Panics
    /// This is a test assertion: it panics when the verdict differs, printing the report as
    /// [`Report::assert_expected`] does.
    #[track_caller]
    pub fn assert_verdict(&self, verdict: Verdict) -> &Self {
        assert!(
            self.verdict == verdict,
            "claim `{}`: wanted {verdict}, obtained {}\n{self}",
            self.id,
            self.verdict
        );
        self
    }
}

/// Several lines: id, method, expected and obtained verdicts, statement, evidence, kernel
/// facts, extra fields.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "claim:     {} ({})", self.id, self.method)?;
        writeln!(f, "statement: {}", self.statement)?;
        writeln!(f, "source:    {}", self.source)?;
        writeln!(f, "expected:  {}", self.expected)?;
        writeln!(f, "obtained:  {}", self.verdict)?;
        writeln!(f, "evidence:  {}", self.evidence)?;
        if self.kernel_facts.is_empty() {
            writeln!(f, "kernel facts: none")?;
        } else {
            writeln!(f, "kernel facts:")?;
            for fact in &self.kernel_facts {
                writeln!(f, "  - {fact}")?;
            }
        }
        for (key, value) in &self.extra {
            writeln!(f, "{key}: {value}")?;
        }
        Ok(())
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
        extra: claim.meta.extra.clone(),
    }
}
