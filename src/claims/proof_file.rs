//! # Proof files
//!
//! ## Main definitions
//! - [`parse_proof_file`]: split a proof file (`+++` TOML front matter, then the argument in
//!   prose) into its [`ClaimMeta`] and its argument.
//! - [`ClaimMeta`], [`ParamPoint`], [`ExtraValue`]: the front matter; [`ProofFileError`]: why
//!   a proof file is malformed; [`validate_id`]: the form of a claim id.
//!
//! ## Main results
//! The rules for the front matter (known keys, extra fields, near misses) are stated in the
//! docs of [`crate::claims`], section *Front matter*.
//!
//! ## References
//! TOML 1.0 (<https://toml.io>).

use super::{Method, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

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
#[cfg_attr(doc, doc = katex!())]
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

impl ProofFileError {
    /// The caller's argument the error concerns: `id` for a malformed id (the argument of
    /// [`validate_id`], or the front matter's `id` key), else the proof file's `text` (the
    /// message names the key or part).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::BadId(_) => "id",
            _ => "text",
        }
    }
}

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
