//! # The claim registry
//!
//! A claim is data: a stable id, a statement with its quantifiers and domain, its source, the
//! method that decides it, the verdict we expect, and a checker. The human-readable half of
//! every claim lives in a proof file, `proofs/<id>.md` for the built-in claims — TOML front
//! matter between `+++` lines (id, statement, source, method, expected, and any extra fields
//! such as a DOI) followed by the argument in prose. Those files are compiled into the binary
//! with `include_str!`, so the registry, `ncverify check`, the README table and `proofs/`
//! cannot drift apart: the front matter *is* the registry's metadata, and a test checks that
//! every file under `proofs/` belongs to exactly one registered checker.
//!
//! A checker returns an [`Outcome`]: *Holds*, *Refuted* (naming a concrete counterexample) or
//! *Undecided*. Checkers must be able to fail: each one recomputes its evidence; none returns a
//! constant.
//!
//! ## Main definitions
//! - [`Claim`]: front matter ([`ClaimMeta`]), prose argument and checker (any
//!   `Fn(&CheckConfig) -> Outcome + Send + Sync`, so a closure may capture parameters).
//! - [`Registry`]: an ordered set of claims with unique ids — [`Registry::builtin`] (the
//!   claims `ncverify check` decides), [`Registry::new`] (empty), [`Registry::add`],
//!   [`Registry::register`], [`Registry::find`], [`Registry::run`], [`Registry::run_all`].
//!   [`registry`] and [`find`] are shorthands for the built-in claims.
//! - [`Report`]: one decided claim; [`report::to_markdown`] and [`report::to_json`] render a
//!   run exactly as `ncverify check` and `ncverify check --json` print it;
//!   [`Report::assert_expected`] is the assertion for a `#[test]`.
//!
//! ## Main results
//! The rules of evidence, enforced by [`run`] for every claim, built-in or not:
//! - A `proof` or `certificate` claim is decided only by a kernel [`Fact`]
//!   ([`Outcome::proved`], [`Outcome::disproved`]); the fact's statements are reported as
//!   `kernel_facts`. Such a claim decided without a fact becomes *Undecided*.
//! - `sampled` and `experiment` claims report what they observed ([`Outcome::observed`]).
//! - A checker that panics yields *Undecided* with the panic message; the others still run.
//!
//! What each kernel fact relies on, and every reduction argued only in prose, is listed in
//! `proofs/TRUST.md`.
//!
//! ## Front matter
//! The known keys are `id`, `statement`, `source`, `method` (`proof` | `certificate` |
//! `sampled` | `experiment`), `expected` (`holds` | `refuted` | `undecided`) and, for
//! certificate claims, `points` (`[[points]]` tables, written last). Any other top-level key
//! is kept in [`ClaimMeta::extra`] and reported in the JSON (`"extra": {...}`), provided
//! - its value is a string, an integer or an array of strings ([`ExtraValue`]; write a theorem
//!   number such as `3.10` as a string — as a TOML float it would read 3.1), and
//! - its name is not a near-miss of a known key (edit distance at most 1, or at most 2 for keys
//!   of five letters or more, ignoring case), so `statment = "..."` or `Method = "proof"` is
//!   rejected with a suggestion instead of being kept as an extra field.
//!
//! A misspelled required key is therefore always caught (as a near miss, or as the missing
//! key), and so is a misspelled `points` (its tables are not a permitted extra value).
//! An id is non-empty ASCII letters, digits, `.`, `_` and `-`.
//!
//! ## Registering your own claims
//! A downstream crate keeps its proof files in its own tree and compiles them in with its own
//! `include_str!`; its claims get the same rules of evidence, verdicts, JSON and table.
//!
//! ```
//! use ncverify::claims::{CheckConfig, Claim, Outcome, Registry, Verdict, report};
//! use ncverify::kernel::{arith::rational::q, fact::decide_lt};
//!
//! // Usually `include_str!("../proofs/paper.third_below_half.md")`.
//! const THIRD: &str = r#"+++
//! id = "paper.third_below_half"
//! statement = "1/3 < 1/2"
//! source = "Our paper, Lemma 1"
//! method = "proof"
//! expected = "holds"
//! doi = "10.0000/example.2025"
//! +++
//!
//! Compare the cross products: 1 * 2 < 1 * 3. The kernel decides it exactly.
//! "#;
//!
//! const SQUARES: &str = r#"+++
//! id = "paper.squares_grow"
//! statement = "For every n in 1..N: n^2 < (n+1)^2"
//! source = "Our paper, Remark 2"
//! method = "sampled"
//! expected = "holds"
//! +++
//!
//! (n+1)^2 - n^2 = 2n + 1 > 0; the checker samples every n below its bound.
//! "#;
//!
//! fn paper_claims(bound: u64) -> Result<Registry, Box<dyn std::error::Error>> {
//!     let mut reg = Registry::new();
//!     reg.register(THIRD, |_: &CheckConfig| match decide_lt(&q(1, 3), &q(1, 2)) {
//!         Ok(fact) => Outcome::proved(fact, "1/3 < 1/2 by the kernel"),
//!         Err(counterexample) => Outcome::disproved(counterexample, "1/3 >= 1/2"),
//!     })?;
//!     // A closure captures its parameters.
//!     let squares = Claim::new(SQUARES, move |_: &CheckConfig| {
//!         match (1..bound).find(|n| n * n >= (n + 1) * (n + 1)) {
//!             Some(n) => Outcome::observed(Verdict::Refuted, format!("n = {n}")),
//!             None => Outcome::observed(Verdict::Holds, format!("every n in 1..{bound}")),
//!         }
//!     })?;
//!     reg.add(squares)?;
//!     Ok(reg)
//! }
//!
//! let reg = paper_claims(1000)?;
//! let reports = reg.run_all(&CheckConfig::default());
//! for r in &reports {
//!     r.assert_expected(); // in a #[test]: panics with the evidence if not as expected
//! }
//! assert_eq!(reports[0].kernel_facts, ["1/3 < 1/2"]);
//! assert!(report::to_json(&reports)?.contains("\"doi\": \"10.0000/example.2025\""));
//! assert!(report::to_markdown(&reports).ends_with("2 of 2 claims decided as expected.\n"));
//!
//! // Built-in and own claims in one registry; ids must be unique.
//! let all = Registry::builtin().with(reg.find("paper.squares_grow").unwrap().clone())?;
//! assert!(all.find("etf.gram_and_margin").is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! The proof files' `source` fields; `proofs/README.md` (format), `proofs/TRUST.md` (what a
//! reader trusts).

use crate::kernel::Fact;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

pub mod area;
pub mod ce;
pub mod cert;
pub mod codes;
pub mod coverage;
pub mod r#dyn;
pub mod etf;
pub mod lower;
pub mod metrics;
pub mod mse;
pub mod mse_dynamics;
mod registry;
pub mod report;
pub mod schatten;
pub mod srg;

pub use registry::{Registry, RegistryError};

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

/// A claim's metadata, read from its proof file's front matter by [`parse_proof_file`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMeta {
    /// Stable id.
    pub id: String,
    /// Statement with quantifiers and domain.
    pub statement: String,
    /// Paper and theorem/figure; "reconstructed" where the formula is our reconstruction of
    /// the paper's (docs/theory.md §1 explains the markers).
    pub source: String,
    /// How it is decided.
    pub method: Method,
    /// The verdict we expect.
    pub expected: Verdict,
    /// For a claim decided by certificate files: the parameter points it covers, one
    /// certificate file each (`proofs/certificates/`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<ParamPoint>,
    /// Every other front-matter key (a `doi`, an `arxiv` id, a `theorem` number, ...), kept
    /// as written; see the module docs for what is allowed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, ExtraValue>,
}

/// The front-matter keys with a meaning of their own (the fields of [`ClaimMeta`] but
/// `extra`).
const KNOWN_KEYS: [&str; 6] = ["id", "statement", "source", "method", "expected", "points"];

/// The value of an extra front-matter field; serialised to JSON as the bare value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ExtraValue {
    /// A string, e.g. `doi = "10.1073/pnas.2015509117"` or `theorem = "3.10"`.
    Text(String),
    /// An integer, e.g. `year = 2020`.
    Integer(i64),
    /// An array of strings, e.g. `authors = ["Papyan", "Han", "Donoho"]`.
    List(Vec<String>),
}

impl fmt::Display for ExtraValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Integer(i) => write!(f, "{i}"),
            Self::List(v) => f.write_str(&v.join(", ")),
        }
    }
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
    /// The front matter is not valid TOML for [`ClaimMeta`] (a syntax error, a missing or
    /// mistyped known key).
    BadFrontMatter(String),
    /// An extra key is a near miss of a known key (probably a typo).
    MisspelledKey {
        /// The key as written.
        key: String,
        /// The known key it resembles.
        known: &'static str,
    },
    /// An extra key's value is not a string, an integer or an array of strings.
    BadExtraValue {
        /// The key.
        key: String,
        /// The TOML type found (`float`, `table`, ...).
        found: &'static str,
    },
    /// The id is empty or has a character other than ASCII letters, digits, `.`, `_`, `-`.
    BadId(String),
    /// The argument after the front matter is empty.
    EmptyArgument,
}

impl fmt::Display for ProofFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingFrontMatter => write!(f, "proof file has no +++ front matter"),
            Self::BadFrontMatter(e) => write!(f, "proof file front matter: {e}"),
            Self::MisspelledKey { key, known } => write!(
                f,
                "proof file front matter: unknown key `{key}` (did you mean `{known}`?)"
            ),
            Self::BadExtraValue { key, found } => write!(
                f,
                "proof file front matter: extra key `{key}` must be a string, an integer or an \
                 array of strings, not a {found}"
            ),
            Self::BadId(id) => write!(
                f,
                "proof file front matter: id {id:?} must be non-empty ASCII letters, digits, \
                 '.', '_' or '-'"
            ),
            Self::EmptyArgument => write!(f, "proof file has no argument after the front matter"),
        }
    }
}

impl std::error::Error for ProofFileError {}

/// Check that a claim id is non-empty ASCII letters, digits, `.`, `_` and `-` (so it fits a
/// file name, a table cell and `ncverify check --claim`).
pub fn validate_id(id: &str) -> Result<(), ProofFileError> {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(ProofFileError::BadId(id.chars().take(80).collect()))
    }
}

/// Levenshtein distance of two short strings (front-matter keys).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known key that `key` is a near miss of, if any.
fn near_known_key(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    KNOWN_KEYS.into_iter().find(|known| {
        let limit = if known.len() >= 5 { 2 } else { 1 };
        // Cheap length filter first: an arbitrary long key costs nothing.
        lower.len().abs_diff(known.len()) <= limit && edit_distance(&lower, known) <= limit
    })
}

/// One line from a TOML error, with its line number in the proof file when known.
fn toml_error_line(e: &toml::de::Error, front_matter: &str) -> String {
    let msg = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    match e.span() {
        // The front matter starts on the proof file's second line.
        Some(span) => {
            let line = front_matter[..span.start.min(front_matter.len())]
                .matches('\n')
                .count()
                + 2;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
}

/// Split a proof file into its metadata and its prose argument.
///
/// Known keys are typed ([`ClaimMeta`]); any other top-level key goes to
/// [`ClaimMeta::extra`] under the rules in the module docs.
pub fn parse_proof_file(text: &str) -> Result<(ClaimMeta, &str), ProofFileError> {
    let rest = text
        .strip_prefix("+++\n")
        .ok_or(ProofFileError::MissingFrontMatter)?;
    let end = rest
        .find("\n+++\n")
        .ok_or(ProofFileError::MissingFrontMatter)?;
    let front_matter = &rest[..end];
    let table: toml::Table = toml::from_str(front_matter)
        .map_err(|e| ProofFileError::BadFrontMatter(toml_error_line(&e, front_matter)))?;
    let mut known = toml::Table::new();
    let mut extra = BTreeMap::new();
    for (key, value) in table {
        if KNOWN_KEYS.contains(&key.as_str()) {
            known.insert(key, value);
            continue;
        }
        if let Some(known) = near_known_key(&key) {
            return Err(ProofFileError::MisspelledKey { key, known });
        }
        let value = match value {
            toml::Value::String(s) => ExtraValue::Text(s),
            toml::Value::Integer(i) => ExtraValue::Integer(i),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => ExtraValue::List(
                items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            ),
            other => {
                return Err(ProofFileError::BadExtraValue {
                    key,
                    found: other.type_str(),
                });
            }
        };
        extra.insert(key, value);
    }
    let mut meta: ClaimMeta = toml::Value::Table(known)
        .try_into()
        .map_err(|e| ProofFileError::BadFrontMatter(toml_error_line(&e, front_matter)))?;
    validate_id(&meta.id)?;
    meta.extra = extra;
    let body = rest[end + 5..].trim();
    if body.is_empty() {
        return Err(ProofFileError::EmptyArgument);
    }
    Ok((meta, body))
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
    /// The extra front-matter fields ([`ClaimMeta::extra`]); omitted from JSON when empty.
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

    fn front(extra_lines: &str) -> String {
        format!(
            "+++\nid = \"x.y\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\n\
             expected = \"holds\"\n{extra_lines}+++\n\nBecause.\n"
        )
    }

    #[test]
    fn extra_fields_are_kept_typed() {
        let text = front(
            "doi = \"10.1073/pnas.2015509117\"\nyear = 2020\nauthors = [\"Papyan\", \"Han\"]\n\
             theorem = \"3.10\"\n",
        );
        let (m, _) = parse_proof_file(&text).unwrap();
        assert_eq!(
            m.extra.get("doi"),
            Some(&ExtraValue::Text("10.1073/pnas.2015509117".into()))
        );
        assert_eq!(m.extra.get("year"), Some(&ExtraValue::Integer(2020)));
        assert_eq!(
            m.extra.get("authors"),
            Some(&ExtraValue::List(vec!["Papyan".into(), "Han".into()]))
        );
        assert_eq!(
            m.extra.get("theorem").map(|v| v.to_string()),
            Some("3.10".into())
        );
        assert_eq!(m.extra.len(), 4);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["extra"]["year"], 2020);
        assert_eq!(json["extra"]["authors"][1], "Han");
        // No extra field, no `extra` key: the built-in JSON is unchanged.
        let (plain, _) = parse_proof_file(&front("")).unwrap();
        assert!(serde_json::to_value(&plain).unwrap().get("extra").is_none());
    }

    #[test]
    fn near_misses_of_known_keys_are_rejected() {
        for (line, key, known) in [
            ("statment = \"t\"\n", "statment", "statement"),
            ("Method = \"proof\"\n", "Method", "method"),
            ("sources = \"t\"\n", "sources", "source"),
            ("ids = \"t\"\n", "ids", "id"),
            ("expect = \"holds\"\n", "expect", "expected"),
        ] {
            assert_eq!(
                parse_proof_file(&front(line)),
                Err(ProofFileError::MisspelledKey {
                    key: key.into(),
                    known
                }),
                "{key}"
            );
        }
        // A misspelled required key is also a missing one.
        let text = "+++\nid = \"x.y\"\nstatment = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\nBecause.\n";
        let err = parse_proof_file(text).unwrap_err();
        assert!(
            err.to_string().contains("did you mean `statement`"),
            "{err}"
        );
        // Keys far from every known key are extra fields.
        for key in ["doi", "arxiv", "theorem", "url", "year", "venue", "notes"] {
            let (m, _) = parse_proof_file(&front(&format!("{key} = \"v\"\n"))).unwrap();
            assert!(m.extra.contains_key(key), "{key}");
        }
    }

    #[test]
    fn extra_values_must_be_strings_integers_or_string_arrays() {
        for (line, found) in [
            ("theorem = 3.10\n", "float"),
            ("draft = true\n", "boolean"),
            ("mixed = [\"a\", 1]\n", "array"),
            ("[venue]\nname = \"x\"\n", "table"),
        ] {
            assert!(
                matches!(
                    parse_proof_file(&front(line)),
                    Err(ProofFileError::BadExtraValue { found: f, .. }) if f == found
                ),
                "{line}: {:?}",
                parse_proof_file(&front(line))
            );
        }
        // A misspelled `points` holds tables, so it is not a permitted extra value either.
        let text = front(
            "[[point]]\nclasses = 4\nlayers = 3\nsamples = 1\nlambda_w = \"1\"\nlambda_h = \"1\"\n",
        );
        assert!(matches!(
            parse_proof_file(&text),
            Err(ProofFileError::MisspelledKey {
                known: "points",
                ..
            })
        ));
    }

    #[test]
    fn ids_and_errors_are_checked_and_one_line() {
        let bad_id = "+++\nid = \"has space\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"proof\"\nexpected = \"holds\"\n+++\nBecause.\n";
        assert_eq!(
            parse_proof_file(bad_id),
            Err(ProofFileError::BadId("has space".into()))
        );
        assert!(validate_id("").is_err());
        assert!(validate_id("mse.low_rank_beats_dnc").is_ok());
        let syntax = "+++\nid = \"x.y\"\nstatement = \n+++\nBecause.\n";
        let err = parse_proof_file(syntax).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, ProofFileError::BadFrontMatter(_)));
        assert!(msg.contains("line 3"), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
        let bad_method = front("").replace("\"proof\"", "\"prooof\"");
        let msg = parse_proof_file(&bad_method).unwrap_err().to_string();
        assert!(msg.contains("prooof") && !msg.contains('\n'), "{msg}");
        assert_eq!(
            parse_proof_file(&front("").replace("Because.", " ")),
            Err(ProofFileError::EmptyArgument)
        );
    }

    #[test]
    fn edit_distance_is_levenshtein() {
        assert_eq!(edit_distance("", "id"), 2);
        assert_eq!(edit_distance("statment", "statement"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("doi", "id"), 3);
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
                extra: BTreeMap::new(),
            },
            argument: "Because.".into(),
            check: Arc::new(check),
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
                &crate::kernel::arith::rational::qi(1),
                &crate::kernel::arith::rational::qi(2),
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
