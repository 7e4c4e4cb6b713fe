//! # Rendering a run of claims
//!
//! ## Main definitions
//! - [`to_markdown`]: the Markdown table `ncverify check` prints (and the README embeds), one
//!   row per claim, with a closing count of the verdicts that are as expected.
//! - [`to_json`]: the pretty-printed JSON array `ncverify check --json` prints, one object
//!   per [`Report`] (with `"extra"` when the proof file has extra front-matter fields).
//!
//! ## Main results
//! For any registry `reg`, `to_markdown(&reg.run_all(&cfg))` is what `ncverify check` would
//! print for those claims (byte for byte, up to the final newline that the binary adds when
//! missing), and likewise `to_json` for `--json`.
//!
//! ```
//! use ncverify::claims::{CheckConfig, Registry, report};
//!
//! let reg = Registry::builtin();
//! let run = vec![reg.run("etf.gram_and_margin", &CheckConfig::default())?];
//! let table = report::to_markdown(&run);
//! assert!(table.starts_with("| id | method | expected | verdict | evidence |\n"));
//! assert!(table.contains("| etf.gram_and_margin | proof | holds | holds |"));
//! assert!(report::to_json(&run)?.contains("\"kernel_facts\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## References
//! `README.md` (the claim table between the `claims:start` and `claims:end` markers).

use super::Report;

/// The claim table as `ncverify check` prints it (also embedded in the README): one row per
/// report (a `|` in the evidence escaped, a newline turned into a space), an
/// `(UNEXPECTED)` mark on every verdict that differs from its expectation, then
/// `N of M claims decided as expected.`
pub fn to_markdown(reports: &[Report]) -> String {
    let mut s =
        String::from("| id | method | expected | verdict | evidence |\n|---|---|---|---|---|\n");
    for r in reports {
        let mark = if r.as_expected() { "" } else { " (UNEXPECTED)" };
        s.push_str(&format!(
            "| {} | {} | {} | {}{} | {} |\n",
            r.id,
            r.method,
            r.expected,
            r.verdict,
            mark,
            r.evidence.replace('|', "\\|").replace('\n', " ")
        ));
    }
    let ok = reports.iter().filter(|r| r.as_expected()).count();
    s.push_str(&format!(
        "\n{ok} of {} claims decided as expected.\n",
        reports.len()
    ));
    s
}

/// One report with the crate version as its last key.
#[derive(serde::Serialize)]
struct Versioned<'a> {
    #[serde(flatten)]
    report: &'a Report,
    ncverify_version: &'static str,
}

/// The reports as the pretty-printed JSON array `ncverify check --json` prints: each row is a
/// [`Report`] with the crate version as its last key, `"ncverify_version"`
/// ([`crate::VERSION`]), so a cited verdict names the version that decided it.
///
/// # Errors
/// [`ReportError`] only if serialisation fails, which does not happen for [`Report`] values
/// (all their map keys are strings); the `Result` is kept so a caller never has to unwrap.
pub fn to_json(reports: &[Report]) -> Result<String, ReportError> {
    let rows: Vec<Versioned<'_>> = reports
        .iter()
        .map(|report| Versioned {
            report,
            ncverify_version: crate::VERSION,
        })
        .collect();
    serde_json::to_string_pretty(&rows).map_err(|e| ReportError::Json {
        reason: e.to_string(),
    })
}

/// Why reports cannot be rendered (the crate's own error type, so a caller needs no
/// `serde_json` to name it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportError {
    /// JSON serialisation failed.
    Json {
        /// The serialiser's message.
        reason: String,
    },
}

impl ReportError {
    /// The caller's argument the error is about: `reports`.
    pub fn parameter(&self) -> &'static str {
        "reports"
    }
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Json { reason } => write!(f, "reports: JSON serialisation failed: {reason}"),
        }
    }
}

impl std::error::Error for ReportError {}
