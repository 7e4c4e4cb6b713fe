//! # Interval certificates: DNC is not optimal on a whole range of $\lambda$
//!
//! A point certificate ([`crate::cert::point`]) proves that deep neural collapse (DNC) is not
//! a global minimiser of the MSE deep UFM at one parameter point. An *interval certificate*
//! proves it for every $\lambda_H = \lambda$ in a closed interval $[\lambda_{\min}, \lambda_{\max}]$,
//! with $K, L, n$ and the ratio $\rho = \lambda_W / \lambda_H$ fixed. It is a list of
//! contiguous *pieces* $[\lambda_a, \lambda_b]$, each with one explicit rational witness and,
//! at each of its two endpoints, the three numbers of a point certificate (`upper`, `lower`,
//! `a_lower`). This module re-verifies it with exact arithmetic only.
//!
//! ## Main definitions
//! - [`IntervalCertificate`]: the serde form (`kind = "interval"`, every number an exact
//!   rational string).
//! - [`IntervalCertificate::verify`]: the kernel check; returns [`IntervalVerified`] or the
//!   first [`IntervalCertificateError`], located by piece and endpoint.
//! - [`CertificateFile`]: either kind of certificate file, told apart by `kind`.
//!
//! ## Main results
//! Verification establishes, by exact arithmetic,
//! 1. $0 < \rho$, $0 < \lambda_a < \lambda_b$ for every piece, the first piece starts at
//!    $\lambda_{\min}$, each piece starts where the previous one ends, and the last ends at
//!    $\lambda_{\max}$: the union of the pieces is exactly $[\lambda_{\min}, \lambda_{\max}]$;
//! 2. for every piece and each endpoint $\lambda_e \in \lbrace\lambda_a, \lambda_b\rbrace$,
//!    clauses 1–4 of [`crate::cert::point`] at $(K, L, n, \lambda_W = \rho\lambda_e,
//!    \lambda_H = \lambda_e)$ for the piece's one witness $\theta$: its exact loss is
//!    $U_e < \ell_e < g(\lambda_e)$ (`upper` $= U_e$, `lower` $= \ell_e$), where
//!    $g(\lambda) = \min_{u \ge 0}\tfrac12(1-u^{L+1})^2 + A(\lambda)u^2$.
//!
//! **Why the endpoints suffice.** With $\lambda_W = \rho\lambda$, $\lambda_H = \lambda$,
//! $$A(\lambda) = \tfrac{L+1}{2}K\big(n\lambda_H\lambda_W^L\big)^{1/(L+1)}
//!   = \tfrac{L+1}{2}K\big(n\rho^L\big)^{1/(L+1)}\lambda$$
//! is linear in $\lambda$, so $g$ is a minimum of functions affine in $\lambda$, hence
//! **concave**. The loss of a fixed witness is $F(\theta) + \lambda R(\theta)$ (fit plus
//! $\lambda$ times $\tfrac12(\rho\sum_l\Vert W_l\Vert_F^2 + \Vert H_1\Vert_F^2)$): **affine**.
//! So $g - \mathcal L(\theta)$ is concave on $[\lambda_a, \lambda_b]$ and positive at both
//! endpoints, hence positive on the whole piece: for $\lambda = (1-t)\lambda_a + t\lambda_b$,
//! $$g(\lambda) \ge (1-t)g(\lambda_a) + t g(\lambda_b) >
//!   (1-t)U_a + t\thinspace U_b = \mathcal L_\lambda(\theta).$$
//! Every DNC point at $\lambda$ has loss at least $g(\lambda)$ (docs/theory.md §3.3), so
//! **DNC is not a global minimiser at any $\lambda \in [\lambda_{\min}, \lambda_{\max}]$.**
//!
//! **Rescaling.** ReLU is positively homogeneous, so multiplying the $L+1$ factors by
//! positive scales with product $1$ keeps the output and the fit $F$, and changes only $R$;
//! by AM–GM the *balanced* rescaling (equal $\rho\Vert W_l\Vert_F^2$ and
//! $\Vert H_1\Vert_F^2$) has the least $R$, at every $\lambda$ at once (the ratio is fixed).
//! A witness is therefore best committed balanced (up to rational rounding): its line
//! $F + \lambda R$ is then the lowest one with that output, and the piece it covers the
//! widest. The kernel does not rely on balance; it only checks the two endpoints.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5;
//!   objective reconstructed in docs/theory.md §3.1, DNC bound §3.3, this argument §3.7.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::rational::{Q, parse_rational};
use crate::cert::limits;
use crate::cert::lower::{LowerCertificate, LowerError, LowerVerified};
use crate::cert::point::{
    CertBounds, CertHints, CertParams, Certificate, CertificateError, Verified, Witness,
    WitnessCache,
};
use crate::fact::Fact;
use num_traits::Signed;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Most pieces in one interval certificate (each costs two exact forward passes).
pub const MAX_PIECES: usize = 64;

/// An interval certificate file.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalCertificate {
    /// Must be `"interval"`.
    pub kind: String,
    /// The claim this certificate supports.
    pub claim: String,
    /// How the witnesses were found (free text; not trusted, not checked).
    #[serde(default)]
    pub provenance: String,
    /// $K, L, n, \rho$ and the covered interval.
    pub params: IntervalParams,
    /// The pieces, in increasing order of $\lambda$.
    pub pieces: Vec<Piece>,
}

/// Parameters of an interval certificate.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalParams {
    /// Classes $K \ge 2$.
    pub classes: u64,
    /// Layers $L \ge 1$.
    pub layers: u32,
    /// Samples per class $n \ge 1$.
    pub samples: u64,
    /// $\rho = \lambda_W / \lambda_H > 0$.
    pub ratio: String,
    /// $\lambda_{\min}$: where the first piece starts ($\lambda_H$).
    pub lambda_min: String,
    /// $\lambda_{\max}$: where the last piece ends ($\lambda_H$).
    pub lambda_max: String,
}

/// One piece $[\lambda_a, \lambda_b]$ of an interval certificate.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Piece {
    /// $\lambda_a$ ($\lambda_H$ at the left end).
    pub lambda_a: String,
    /// $\lambda_b$ ($\lambda_H$ at the right end).
    pub lambda_b: String,
    /// `upper`, `lower`, `a_lower` at $\lambda_a$.
    pub at_a: EndBounds,
    /// `upper`, `lower`, `a_lower` at $\lambda_b$.
    pub at_b: EndBounds,
    /// The piece's witness (the same at both ends).
    pub witness: Witness,
}

/// The numbers of a point certificate at one endpoint.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndBounds {
    /// The witness's exact loss at this endpoint.
    pub upper: String,
    /// A rational strictly below every DNC point's loss at this endpoint.
    pub lower: String,
    /// $A_{\mathrm{lo}} > 0$ with $A_{\mathrm{lo}}^{L+1} \le A^{L+1}$ at this endpoint.
    pub a_lower: String,
}

/// Which end of a piece.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// $\lambda_a$.
    A,
    /// $\lambda_b$.
    B,
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            End::A => "at_a",
            End::B => "at_b",
        })
    }
}

/// Why an interval certificate failed; the first failing clause, located.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntervalCertificateError {
    /// Not valid TOML of the schema, or a file-level problem (size, `kind`, parse of a
    /// parameter): the underlying point-certificate error, with its field.
    File(CertificateError),
    /// The pieces do not tile $[\lambda_{\min}, \lambda_{\max}]$ in order.
    Order {
        /// The field, e.g. `pieces[2].lambda_a`.
        field: String,
        /// Why.
        reason: String,
    },
    /// A lower-bound certificate (`kind = "lower"`) failed ([`crate::cert::lower`]).
    Lower(LowerError),
    /// A piece fails a point-certificate clause at one endpoint.
    Piece {
        /// Index of the piece (from 0).
        piece: usize,
        /// The endpoint.
        end: End,
        /// $\lambda_H$ there.
        lambda: Box<Q>,
        /// The clause that failed (field names as in a point certificate: `bounds.upper`
        /// is this endpoint's `upper`, `params.lambda_w` is $\rho\lambda$, `witness.*` the
        /// piece's witness).
        error: CertificateError,
    },
}

impl fmt::Display for IntervalCertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(e) => write!(f, "{e}"),
            Self::Lower(e) => write!(f, "{e}"),
            Self::Order { field, reason } => write!(f, "{field}: {reason}"),
            Self::Piece {
                piece,
                end,
                lambda,
                error,
            } => write!(f, "pieces[{piece}].{end} (lambda_H = {lambda}): {error}"),
        }
    }
}

impl std::error::Error for IntervalCertificateError {}

impl IntervalCertificateError {
    /// The certificate field the error is about, as the file spells it: a piece's clause is
    /// located in the piece (`pieces[2].at_a.upper` for the endpoint's `bounds.upper`,
    /// `pieces[2].witness.w[0]` for its witness, `pieces[2]` for the other clauses); `None`
    /// for TOML that does not parse.
    pub fn parameter(&self) -> Option<String> {
        match self {
            Self::File(e) => e.parameter(),
            Self::Lower(e) => e.parameter(),
            Self::Order { field, .. } => Some(field.clone()),
            Self::Piece {
                piece, end, error, ..
            } => {
                let inner = error.parameter().unwrap_or_default();
                Some(if let Some(rest) = inner.strip_prefix("bounds.") {
                    format!("pieces[{piece}].{end}.{rest}")
                } else if inner.starts_with("witness") {
                    format!("pieces[{piece}].{inner}")
                } else {
                    format!("pieces[{piece}]")
                })
            }
        }
    }
}

/// What a successful verification established. Only [`IntervalCertificate::verify`]
/// constructs one.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntervalVerified {
    claim: String,
    shape: (u64, u32, u64),
    ratio: Q,
    breaks: Vec<Q>,
    ends: Vec<(Verified, Verified)>,
}

impl IntervalVerified {
    /// The claim label the certificate carries (not checked against the parameters).
    pub fn claim(&self) -> &str {
        &self.claim
    }
    /// $(K, L, n)$.
    pub fn shape(&self) -> (u64, u32, u64) {
        self.shape
    }
    /// $\rho = \lambda_W / \lambda_H$.
    pub fn ratio(&self) -> &Q {
        &self.ratio
    }
    /// The covered interval $[\lambda_{\min}, \lambda_{\max}]$ of $\lambda_H$.
    pub fn range(&self) -> (&Q, &Q) {
        // `verify` guarantees at least one piece, so at least two breakpoints
        (&self.breaks[0], &self.breaks[self.breaks.len() - 1])
    }
    /// The breakpoints $\lambda_{\min} = b_0 < b_1 < \dots < b_m = \lambda_{\max}$.
    pub fn breaks(&self) -> &[Q] {
        &self.breaks
    }
    /// The verified point certificates at the two ends of each piece.
    pub fn ends(&self) -> &[(Verified, Verified)] {
        &self.ends
    }
    /// What the kernel established, as a kernel fact (clauses 1–2 of the module docs; the
    /// concavity step from the endpoints to the whole interval is the module docs' argument).
    pub fn fact(&self) -> Fact {
        let (k, l, n) = self.shape;
        let (a, b) = self.range();
        let breaks: Vec<String> = self.breaks.iter().map(ToString::to_string).collect();
        Fact::new(format!(
            "interval certificate verified at K = {k}, L = {l}, n = {n}, lambda_W = {} lambda_H, \
             lambda_H in [{a}, {b}] = union of {} contiguous pieces with breakpoints [{}]: on \
             each piece one explicit parameter point has, at both endpoints lambda, MSE \
             deep-UFM loss exactly below a rational < min over u >= 0 of 1/2 (1 - u^{m})^2 + \
             a u^2 with 0 < a and a^{m} <= ({m}/2)^{m} K^{m} n {}^{l} lambda^{m} (so, the loss \
             affine and the bound concave in lambda, below it on the whole interval)",
            self.ratio,
            self.ends.len(),
            breaks.join(", "),
            self.ratio,
            m = u64::from(l) + 1
        ))
    }
}

fn parse_param(field: &str, text: &str) -> Result<Q, IntervalCertificateError> {
    if text.len() > limits::MAX_NUMBER_CHARS {
        return Err(IntervalCertificateError::File(CertificateError::Limit {
            field: field.to_string(),
            reason: format!(
                "{} characters exceed the limit of {}",
                text.len(),
                limits::MAX_NUMBER_CHARS
            ),
        }));
    }
    let x = parse_rational(text).map_err(|_| {
        IntervalCertificateError::File(CertificateError::Parse {
            field: field.to_string(),
            text: text.chars().take(80).collect(),
        })
    })?;
    if x.numer().bits() + x.denom().bits() > limits::MAX_NUMBER_BITS {
        return Err(IntervalCertificateError::File(CertificateError::Limit {
            field: field.to_string(),
            reason: format!("the number has more than {} bits", limits::MAX_NUMBER_BITS),
        }));
    }
    if !x.is_positive() {
        return Err(IntervalCertificateError::Order {
            field: field.to_string(),
            reason: format!("{x} must be > 0"),
        });
    }
    Ok(x)
}

impl IntervalCertificate {
    /// Read an interval certificate from TOML text of at most [`limits::MAX_FILE_BYTES`]
    /// bytes.
    ///
    /// # Errors
    /// [`IntervalCertificateError::File`] wrapping [`CertificateError::Limit`] (field `file`)
    /// for a longer text or [`CertificateError::Syntax`] for text not of this schema.
    ///
    /// # Cost
    /// Linear in the length of the text.
    pub fn from_toml(text: &str) -> Result<Self, IntervalCertificateError> {
        check_size(text)?;
        toml::from_str(text)
            .map_err(|e| IntervalCertificateError::File(CertificateError::Syntax(e.to_string())))
    }

    /// Re-verify with exact arithmetic (module docs, clauses 1–2). The cheap order checks
    /// run before any forward pass.
    ///
    /// # Errors
    /// [`IntervalCertificateError::Order`] naming the field whose order or range is wrong,
    /// [`IntervalCertificateError::Piece`] naming the piece and end whose point certificate fails, or
    /// [`IntervalCertificateError::File`] for the shared parameters.
    ///
    /// # Cost
    /// Two point verifications per piece (at most [`MAX_PIECES`] pieces).
    pub fn verify(&self) -> Result<IntervalVerified, IntervalCertificateError> {
        if self.kind != "interval" {
            return Err(IntervalCertificateError::Order {
                field: "kind".into(),
                reason: format!(
                    "{:?} is not \"interval\"",
                    self.kind.chars().take(40).collect::<String>()
                ),
            });
        }
        let p = &self.params;
        let ratio = parse_param("params.ratio", &p.ratio)?;
        let lo = parse_param("params.lambda_min", &p.lambda_min)?;
        let hi = parse_param("params.lambda_max", &p.lambda_max)?;
        if self.pieces.is_empty() {
            return Err(IntervalCertificateError::Order {
                field: "pieces".into(),
                reason: "no piece".into(),
            });
        }
        if self.pieces.len() > MAX_PIECES {
            return Err(IntervalCertificateError::File(CertificateError::Limit {
                field: "pieces".into(),
                reason: format!(
                    "{} pieces exceed the limit of {MAX_PIECES}",
                    self.pieces.len()
                ),
            }));
        }
        // Clause 1: 0 < a_i < b_i, a_0 = lambda_min, a_{i+1} = b_i, b_last = lambda_max.
        let mut breaks = vec![lo.clone()];
        for (i, piece) in self.pieces.iter().enumerate() {
            let a = parse_param(&format!("pieces[{i}].lambda_a"), &piece.lambda_a)?;
            let b = parse_param(&format!("pieces[{i}].lambda_b"), &piece.lambda_b)?;
            let prev = &breaks[breaks.len() - 1];
            if &a != prev {
                let what = if i == 0 {
                    format!("{a} is not params.lambda_min = {prev}")
                } else if &a > prev {
                    format!("{a} leaves a gap after pieces[{}].lambda_b = {prev}", i - 1)
                } else {
                    format!(
                        "{a} is not pieces[{}].lambda_b = {prev} (pieces overlap or are out of order)",
                        i - 1
                    )
                };
                return Err(IntervalCertificateError::Order {
                    field: format!("pieces[{i}].lambda_a"),
                    reason: what,
                });
            }
            if a >= b {
                return Err(IntervalCertificateError::Order {
                    field: format!("pieces[{i}].lambda_b"),
                    reason: format!("{b} is not above lambda_a = {a}"),
                });
            }
            breaks.push(b);
        }
        if breaks[breaks.len() - 1] != hi {
            return Err(IntervalCertificateError::Order {
                field: format!("pieces[{}].lambda_b", self.pieces.len() - 1),
                reason: format!(
                    "{} is not params.lambda_max = {hi}",
                    breaks[breaks.len() - 1]
                ),
            });
        }
        // Clause 2: each endpoint is a point certificate for the piece's witness; one budget
        // for the whole file, one evaluation per distinct witness.
        let mut meter = limits::Meter::file();
        let mut cache = WitnessCache::default();
        let mut ends = Vec::with_capacity(self.pieces.len());
        for (i, piece) in self.pieces.iter().enumerate() {
            let mut check = |end: End, lambda: &Q, b: &EndBounds| {
                let point = Certificate {
                    claim: self.claim.clone(),
                    provenance: String::new(),
                    params: CertParams {
                        classes: p.classes,
                        layers: p.layers,
                        samples: p.samples,
                        lambda_w: (&ratio * lambda).to_string(),
                        lambda_h: lambda.to_string(),
                    },
                    bounds: CertBounds {
                        upper: b.upper.clone(),
                        lower: b.lower.clone(),
                    },
                    hints: CertHints {
                        a_lower: b.a_lower.clone(),
                    },
                    witness: piece.witness.clone(),
                };
                point
                    .verify_metered(&mut meter, &mut cache)
                    .map_err(|error| IntervalCertificateError::Piece {
                        piece: i,
                        end,
                        lambda: Box::new(lambda.clone()),
                        error,
                    })
            };
            let va = check(End::A, &breaks[i], &piece.at_a)?;
            let vb = check(End::B, &breaks[i + 1], &piece.at_b)?;
            ends.push((va, vb));
        }
        Ok(IntervalVerified {
            claim: self.claim.clone(),
            shape: (p.classes, p.layers, p.samples),
            ratio,
            breaks,
            ends,
        })
    }
}

fn check_size(text: &str) -> Result<(), IntervalCertificateError> {
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(IntervalCertificateError::File(CertificateError::Limit {
            field: "file".into(),
            reason: format!(
                "{} bytes exceed the limit of {}",
                text.len(),
                limits::MAX_FILE_BYTES
            ),
        }));
    }
    Ok(())
}

/// Any kind of certificate file: a point certificate (no `kind`, or `kind = "point"` is
/// not accepted: point files carry no `kind`), an interval certificate
/// (`kind = "interval"`) or a lower-bound certificate (`kind = "lower"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateFile {
    /// A point certificate ([`crate::cert::point`]).
    Point(Certificate),
    /// An interval certificate.
    Interval(IntervalCertificate),
    /// A lower-bound certificate ([`crate::cert::lower`]): DNC *is* optimal.
    Lower(Box<LowerCertificate>),
}

/// What a successful verification of either kind established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyVerified {
    /// A verified point certificate.
    Point(Box<Verified>),
    /// A verified interval certificate.
    Interval(IntervalVerified),
    /// A verified lower-bound certificate.
    Lower(Box<LowerVerified>),
}

impl AnyVerified {
    /// The kernel fact.
    pub fn fact(&self) -> Fact {
        match self {
            Self::Point(v) => v.fact(),
            Self::Interval(v) => v.fact(),
            Self::Lower(v) => v.fact(),
        }
    }
    /// The claim label.
    pub fn claim(&self) -> &str {
        match self {
            Self::Point(v) => v.claim(),
            Self::Interval(v) => v.claim(),
            Self::Lower(v) => v.claim(),
        }
    }
}

impl CertificateFile {
    /// Parse TOML text of at most [`limits::MAX_FILE_BYTES`] bytes; a top-level
    /// `kind = "interval"` selects the interval schema, `kind = "lower"` the lower-bound
    /// schema, no `kind` the point schema.
    ///
    /// # Errors
    /// The parse error of the selected schema: [`IntervalCertificateError::File`] for a point
    /// certificate or a file-level problem, [`IntervalCertificateError::Lower`] for a
    /// lower-bound certificate.
    ///
    /// # Cost
    /// Linear in the length of the text (parsed twice: once for `kind`).
    pub fn from_toml(text: &str) -> Result<Self, IntervalCertificateError> {
        check_size(text)?;
        #[derive(Deserialize)]
        struct Probe {
            #[serde(default)]
            kind: Option<toml::Value>,
        }
        let probe: Probe = toml::from_str(text)
            .map_err(|e| IntervalCertificateError::File(CertificateError::Syntax(e.to_string())))?;
        match probe.kind {
            None => Certificate::from_toml(text)
                .map(Self::Point)
                .map_err(IntervalCertificateError::File),
            Some(toml::Value::String(k)) if k == "lower" => LowerCertificate::from_toml(text)
                .map(|c| Self::Lower(Box::new(c)))
                .map_err(IntervalCertificateError::Lower),
            Some(_) => IntervalCertificate::from_toml(text).map(Self::Interval),
        }
    }

    /// Verify with the kernel: [`Certificate::verify`], [`IntervalCertificate::verify`] or the
    /// lower-bound certificate's `verify`, by kind.
    ///
    /// # Errors
    /// The kind's error, wrapped in [`IntervalCertificateError`] (the point certificate's as
    /// [`IntervalCertificateError::File`]).
    ///
    /// # Cost
    /// That of the kind's verification: one exact forward pass per point (an interval
    /// certificate has two per piece), each bounded by [`limits::WORK`].
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::interval::CertificateFile;
    /// let text = include_str!("../../../../proofs/certificates/interval/k10_l2_n1_r1.toml");
    /// let verified = CertificateFile::from_toml(text)?.verify()?;
    /// assert!(!verified.fact().statements().is_empty());
    /// assert!(CertificateFile::from_toml("kind = 1").is_err());
    /// # Ok::<(), ncverify_kernel::cert::interval::IntervalCertificateError>(())
    /// ```
    pub fn verify(&self) -> Result<AnyVerified, IntervalCertificateError> {
        match self {
            Self::Point(c) => c
                .verify()
                .map(|v| AnyVerified::Point(Box::new(v)))
                .map_err(IntervalCertificateError::File),
            Self::Interval(c) => c.verify().map(AnyVerified::Interval),
            Self::Lower(c) => c
                .verify()
                .map(|v| AnyVerified::Lower(Box::new(v)))
                .map_err(IntervalCertificateError::Lower),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::q;

    /// K = 2, L = 1, n = 1: DNC is optimal, so no piece can verify; the order clause is
    /// checked before any forward pass and fails with its own error.
    fn tiny(breaks: &[&str]) -> IntervalCertificate {
        let half = |i: usize, j: usize| if i == j { "1/2" } else { "0" }.to_string();
        let m: Vec<Vec<String>> = (0..2)
            .map(|i| (0..2).map(|j| half(i, j)).collect())
            .collect();
        let end = EndBounds {
            upper: "13/32".into(),
            lower: "1/3".into(),
            a_lower: "1/2".into(),
        };
        IntervalCertificate {
            kind: "interval".into(),
            claim: "test".into(),
            provenance: String::new(),
            params: IntervalParams {
                classes: 2,
                layers: 1,
                samples: 1,
                ratio: "1".into(),
                lambda_min: breaks[0].into(),
                lambda_max: breaks[breaks.len() - 1].into(),
            },
            pieces: breaks
                .windows(2)
                .map(|w| Piece {
                    lambda_a: w[0].into(),
                    lambda_b: w[1].into(),
                    at_a: end.clone(),
                    at_b: end.clone(),
                    witness: Witness {
                        h1: m.clone(),
                        w: vec![m.clone()],
                    },
                })
                .collect(),
        }
    }

    fn order_field(c: &IntervalCertificate) -> String {
        match c.verify() {
            Err(IntervalCertificateError::Order { field, .. }) => field,
            other => panic!("expected an order error, got {other:?}"),
        }
    }

    #[test]
    fn order_errors_are_located() {
        let mut gap = tiny(&["1/8", "1/4", "1/2"]);
        gap.pieces[1].lambda_a = "1/3".into();
        assert_eq!(order_field(&gap), "pieces[1].lambda_a");
        let mut swapped = tiny(&["1/8", "1/4", "1/2"]);
        swapped.pieces.swap(0, 1);
        assert_eq!(order_field(&swapped), "pieces[0].lambda_a");
        let mut empty = tiny(&["1/8", "1/4"]);
        empty.pieces[0].lambda_b = "1/8".into();
        empty.params.lambda_max = "1/8".into();
        assert_eq!(order_field(&empty), "pieces[0].lambda_b");
        let mut end = tiny(&["1/8", "1/4"]);
        end.params.lambda_max = "1/3".into();
        assert_eq!(order_field(&end), "pieces[0].lambda_b");
        let mut zero = tiny(&["0", "1/4"]);
        zero.pieces[0].lambda_a = "0".into();
        assert_eq!(order_field(&zero), "params.lambda_min");
        let mut kind = tiny(&["1/8", "1/4"]);
        kind.kind = "point".into();
        assert_eq!(order_field(&kind), "kind");
        let mut none = tiny(&["1/8", "1/4"]);
        none.pieces.clear();
        assert_eq!(order_field(&none), "pieces");
    }

    #[test]
    fn a_failing_endpoint_is_located() {
        // the witness's loss at lambda = 1/4 is 13/32 (certificate::tests): upper matches,
        // and the a_lower hint 1/2 is exactly A there, but lower = 1/3 < 13/32
        let c = tiny(&["1/4", "1/2"]);
        match c.verify() {
            Err(IntervalCertificateError::Piece {
                piece: 0,
                end: End::A,
                lambda,
                error: CertificateError::NotBelow { .. },
            }) => assert_eq!(*lambda, q(1, 4)),
            other => panic!("{other:?}"),
        }
        let msg = c.verify().unwrap_err().to_string();
        assert!(
            msg.starts_with("pieces[0].at_a (lambda_H = 1/4): bounds:"),
            "{msg}"
        );
    }

    #[test]
    fn both_kinds_parse_through_certificate_file() {
        let m = "[[\"1/2\", \"0\"], [\"0\", \"1/2\"]]";
        let end = "upper = \"13/32\"\nlower = \"1/3\"\na_lower = \"1/2\"\n";
        let text = format!(
            "kind = \"interval\"\nclaim = \"test\"\n[params]\nclasses = 2\nlayers = 1\n\
             samples = 1\nratio = \"1\"\nlambda_min = \"1/8\"\nlambda_max = \"1/4\"\n\
             [[pieces]]\nlambda_a = \"1/8\"\nlambda_b = \"1/4\"\n[pieces.at_a]\n{end}\
             [pieces.at_b]\n{end}[pieces.witness]\nh1 = {m}\nw = [{m}]\n"
        );
        assert_eq!(
            CertificateFile::from_toml(&text).unwrap(),
            CertificateFile::Interval(tiny(&["1/8", "1/4"]))
        );
        assert!(matches!(
            CertificateFile::from_toml("claim = 1"),
            Err(IntervalCertificateError::File(CertificateError::Syntax(_)))
        ));
    }
}
