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
//! - A `proof` or `certificate` claim is decided only by a kernel [`Fact`](crate::kernel::Fact)
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

pub mod area;
pub mod ce;
pub mod cert;
pub mod codes;
pub mod coverage;
pub mod r#dyn;
pub mod etf;
mod evidence;
pub mod lower;
pub mod metrics;
pub mod mse;
pub mod mse_dynamics;
pub mod optimality_map;
mod proof_file;
mod registry;
pub mod report;
pub mod schatten;
pub mod srg;

pub use evidence::{CheckConfig, Method, Outcome, Report, Verdict, run};
pub use proof_file::{
    ClaimMeta, ExtraValue, ParamPoint, ProofFileError, parse_proof_file, validate_id,
};
pub use registry::{CheckFn, Checker, Claim, ClaimDef, Registry, RegistryError, find, registry};
