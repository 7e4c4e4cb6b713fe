//! # Certificates that deep neural collapse is not optimal (MSE deep UFM)
//!
//! A certificate is a small text file (TOML, `proofs/certificates/<name>.toml`) that a referee
//! can re-check without trusting the search that produced it. It records the parameters
//! $(K, L, n, \lambda_W, \lambda_H)$, an explicit rational parameter point (the *witness*),
//! two rationals `upper` and `lower`, and a hint. This module re-verifies it with exact
//! arithmetic only.
//!
//! ## Main definitions
//! - [`Certificate`]: the serde form of a certificate file (every number an exact rational
//!   string such as `"1/250"`).
//! - [`Certificate::verify`]: the kernel check; returns [`Verified`] or the first
//!   [`CertificateError`], which says which clause failed and where.
//! - [`dnc_lower_poly`], the lower-bound polynomial: $P(u) = \tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}u^2 - \mathrm{lower}$.
//! - [`a_hint_rhs`], the hint's bound: $\big(\tfrac{L+1}{2}\big)^{L+1}K^{L+1}n\lambda_H\lambda_W^L$.
//!
//! ## Main results
//! Verification establishes, by exact arithmetic,
//! 1. $\mathcal L(H_1, W_1, \dots, W_L) = \mathrm{upper}$ for the witness (recomputed with
//!    integer products over one common denominator per matrix, equal to
//!    [`crate::mse::dufm::mse_loss_exact`]; the shapes are $H_1 \in \mathbb Q^{d\times Kn}$,
//!    $W_l \in \mathbb Q^{d\times d}$ for $l < L$, $W_L \in \mathbb Q^{K\times d}$, $d \ge K$);
//! 2. $0 < A_{\mathrm{lo}}$ and $A_{\mathrm{lo}}^{L+1} \le
//!    \big(\tfrac{L+1}{2}\big)^{L+1}K^{L+1}n\lambda_H\lambda_W^L = A^{L+1}$, so
//!    $A_{\mathrm{lo}} \le A = \tfrac{L+1}{2}cK$, $c = (n\lambda_H\lambda_W^L)^{1/(L+1)}$;
//! 3. $P(u) > 0$ for every real $u \ge 0$ (Sturm, [`QPoly::positivity_on`]);
//! 4. $\mathrm{upper} < \mathrm{lower}$.
//!
//! Every DNC point has loss at least
//! $\min_{x \ge 0}\tfrac12(1-x)^2 + \tfrac{L+1}{2}cK\thinspace x^{2/(L+1)}$ (AM–GM over the $L+1$
//! factor scales, docs/theory.md §3.3); with $x = u^{L+1}$ this is
//! $\min_{u\ge0}\tfrac12(1-u^{L+1})^2 + A u^2 \ge
//! \min_{u \ge 0}\tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}u^2 > \mathrm{lower}$ by (2) and (3). With (1) and (4) the witness has strictly smaller loss than every DNC point:
//! **DNC is not a global minimiser at these parameters.**
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 (the
//!   $K \ge 10$, $L = 3$ statement certified here); objective reconstructed in docs/theory.md §3.1.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::poly::QPoly;
use crate::arith::rational::{Q, Z, parse_rational, pow_u, pow_u64};
use crate::cert::limits;
use crate::cert::limits::Meter;
use crate::fact::Fact;
use crate::mse::dufm::{DufmError, LossParts, forward_cost_floor, mse_loss_parts_within};
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A certificate file: parameters, witness, bounds and hints, all as exact rational strings.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// The claim this certificate supports, e.g. `mse.dnc_not_optimal_k10_l3`.
    pub claim: String,
    /// How the witness was found (free text; not trusted, not checked).
    #[serde(default)]
    pub provenance: String,
    /// The model's parameters.
    pub params: CertParams,
    /// The recorded loss values.
    pub bounds: CertBounds,
    /// Hints for the lower bound.
    pub hints: CertHints,
    /// The witness parameter point.
    pub witness: Witness,
}

/// $K, L, n, \lambda_W, \lambda_H$ of a certificate.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertParams {
    /// Classes $K \ge 2$.
    pub classes: u64,
    /// Layers $L \ge 1$.
    pub layers: u32,
    /// Samples per class $n \ge 1$.
    pub samples: u64,
    /// $\lambda_W > 0$ as typed (e.g. `"1/250"`).
    pub lambda_w: String,
    /// $\lambda_H > 0$ as typed.
    pub lambda_h: String,
}

/// The recorded loss values of a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertBounds {
    /// The witness's exact loss.
    pub upper: String,
    /// A rational strictly below the loss of every DNC point.
    pub lower: String,
}

/// Hints of a certificate.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertHints {
    /// $A_{\mathrm{lo}} > 0$ with $A_{\mathrm{lo}}^{L+1} \le A^{L+1}$.
    pub a_lower: String,
}

/// The witness: explicit rational matrices, each a list of rows of rational strings.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// $H_1 \in \mathbb Q^{d \times Kn}$ (columns grouped by class).
    pub h1: Vec<Vec<String>>,
    /// $W_1, \dots, W_L$.
    pub w: Vec<Vec<Vec<String>>>,
}

/// What a successful verification established: a kernel fact. Only
/// [`Certificate::verify`] constructs one.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    claim: String,
    shape: (u64, u32, u64),
    lambdas: (Q, Q),
    upper: Q,
    lower: Q,
    a_lower: Q,
}

impl Verified {
    /// The claim label the certificate carries (as written in the file; not checked against
    /// the parameters).
    pub fn claim(&self) -> &str {
        &self.claim
    }
    /// $(K, L, n)$.
    pub fn shape(&self) -> (u64, u32, u64) {
        self.shape
    }
    /// $(\lambda_W, \lambda_H)$.
    pub fn lambdas(&self) -> &(Q, Q) {
        &self.lambdas
    }
    /// The witness's exact loss.
    pub fn upper(&self) -> &Q {
        &self.upper
    }
    /// The proved lower bound on the loss of every DNC point.
    pub fn lower(&self) -> &Q {
        &self.lower
    }
    /// What the kernel established, as a kernel fact: exactly clauses 1–4 of the module
    /// docs. (That every DNC point has loss at least the minimum below is the prose
    /// reduction of the module docs, not part of the fact.)
    pub fn fact(&self) -> Fact {
        let (k, l, n) = self.shape;
        Fact::new(format!(
            "certificate verified at K = {k}, L = {l}, n = {n}, lambda_W = {}, lambda_H = {}: \
             an explicit parameter point has MSE deep-UFM loss exactly {} < {} < \
             min over u >= 0 of 1/2 (1 - u^{m})^2 + a u^2, with 0 < a = {} and \
             a^{m} <= ({m}/2)^{m} K^{m} n lambda_H lambda_W^{l}",
            self.lambdas.0,
            self.lambdas.1,
            self.upper,
            self.lower,
            self.a_lower,
            m = u64::from(l) + 1
        ))
    }
}

/// Why a certificate failed verification; the first failing clause, located.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// The file is not valid TOML of the certificate schema.
    Syntax(String),
    /// A rational string does not parse.
    Parse {
        /// The field, e.g. `params.lambda_w` or `witness.w[2][0][3]`.
        field: String,
        /// The offending text.
        text: String,
    },
    /// An input exceeds a resource limit of [`limits`].
    Limit {
        /// The field (or `file`).
        field: String,
        /// What was found and the limit.
        reason: String,
    },
    /// The exact evaluation of the witness failed (its cost exceeds the budget, or a shape
    /// is wrong).
    Evaluation(String),
    /// A parameter is out of its domain.
    Param {
        /// The field.
        field: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A witness matrix has the wrong shape for the parameters.
    Shape {
        /// `witness.h1`, `witness.w[l]`, or a row of one.
        matrix: String,
        /// Expected `(rows, cols)` (a row has rows = 1).
        expected: (usize, usize),
        /// Found `(rows, cols)`.
        found: (usize, usize),
    },
    /// The witness's recomputed loss differs from `upper`.
    UpperMismatch {
        /// `upper` as recorded.
        recorded: Box<Q>,
        /// The exact loss of the witness.
        recomputed: Box<Q>,
    },
    /// A hint fails its exact check.
    HintInvalid {
        /// The hint's field.
        hint: &'static str,
        /// The failed inequality.
        reason: String,
    },
    /// $P(u) > 0$ on $[0, \infty)$ fails: `lower` is not below DNC's bound.
    LowerNotProved {
        /// $P(0)$.
        at_zero: Box<Q>,
        /// The number of distinct real roots of $P$ in $(0, \infty)$.
        roots: usize,
    },
    /// `upper < lower` fails.
    NotBelow {
        /// `upper`.
        upper: Box<Q>,
        /// `lower`.
        lower: Box<Q>,
    },
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(e) => write!(f, "not a certificate: {}", one_line(e)),
            Self::Parse { field, text } => {
                write!(f, "{field}: {:?} is not a rational", shorten(text))
            }
            Self::Limit { field, reason } => write!(f, "{field}: {reason}"),
            Self::Evaluation(e) => write!(f, "witness: {e}"),
            Self::Param { field, reason } => write!(f, "{field}: {reason}"),
            Self::Shape {
                matrix,
                expected,
                found,
            } => write!(
                f,
                "{matrix}: shape {}x{}, expected {}x{}",
                found.0, found.1, expected.0, expected.1
            ),
            Self::UpperMismatch {
                recorded,
                recomputed,
            } => write!(
                f,
                "bounds.upper = {} but the witness's exact loss is {}",
                shorten(&recorded.to_string()),
                shorten(&recomputed.to_string())
            ),
            Self::HintInvalid { hint, reason } => write!(f, "hints.{hint}: {reason}"),
            Self::LowerNotProved { at_zero, roots } => write!(
                f,
                "bounds.lower not proved: P(u) = (1-u^(L+1))^2/2 + a_lower u^2 - lower has P(0) = {} \
                 and {roots} real root(s) in (0, inf), so it is not > 0 on [0, inf)",
                shorten(&at_zero.to_string())
            ),
            Self::NotBelow { upper, lower } => {
                write!(
                    f,
                    "bounds: upper = {} is not below lower = {}",
                    shorten(&upper.to_string()),
                    shorten(&lower.to_string())
                )
            }
        }
    }
}

impl std::error::Error for CertificateError {}

impl CertificateError {
    /// The certificate field the error is about, as the file spells it (`params.lambda_w`,
    /// `witness.w[2]`, `bounds.upper`, `hints.a_lower`, `file` for a file-level limit), or
    /// `None` for TOML that does not parse (its message gives the line).
    pub fn parameter(&self) -> Option<String> {
        match self {
            Self::Syntax(_) => None,
            Self::Parse { field, .. } | Self::Limit { field, .. } => Some(field.clone()),
            Self::Evaluation(_) => Some("witness".into()),
            Self::Param { field, .. } => Some((*field).into()),
            Self::Shape { matrix, .. } => Some(matrix.clone()),
            Self::UpperMismatch { .. } => Some("bounds.upper".into()),
            Self::HintInvalid { hint, .. } => Some(format!("hints.{hint}")),
            Self::LowerNotProved { .. } => Some("bounds.lower".into()),
            Self::NotBelow { .. } => Some("bounds".into()),
        }
    }
}

/// At most 60 characters of `s`, with the total length if cut.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
        None => s.to_string(),
    }
}

/// A multi-line parser message as one line: its location (first line) and its reason (last
/// non-empty line), at most 300 characters.
fn one_line(e: &str) -> String {
    let mut lines = e.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let line = match lines.next_back() {
        Some(reason) if reason != first => format!("{first}: {reason}"),
        _ => first.to_string(),
    };
    match line.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line,
    }
}

/// $A^{L+1} = \big(\tfrac{L+1}{2}\big)^{L+1}K^{L+1}n\lambda_H\lambda_W^L$.
///
/// # Cost
/// Powers of exponent $L + 1$ and $L$: $O(L\log(Kn))$-bit results, with no bound of its own
/// ([`Certificate::verify`] bounds $L$ by [`limits::MAX_LAYERS`] first).
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{q, qi};
/// use ncverify_kernel::cert::point::a_hint_rhs;
/// // ((L+1)/2)^(L+1) K^(L+1) n lambda_H lambda_W^L at K = 2, L = 1, n = 1
/// assert_eq!(a_hint_rhs(2, 1, 1, &q(1, 2), &q(1, 2)), qi(4) * q(1, 4));
/// ```
// A^(L+1) = ((L+1)/2)^(L+1) K^(L+1) n λ_H λ_W^L
pub fn a_hint_rhs(classes: u64, layers: u32, samples: u64, lambda_w: &Q, lambda_h: &Q) -> Q {
    let m = u64::from(layers) + 1;
    let half_m_k = Q::new(Z::from(m) * Z::from(classes), Z::from(2));
    pow_u64(&half_m_k, m) * Q::from_integer(Z::from(samples)) * lambda_h * pow_u(lambda_w, layers)
}

/// $P(u) = \tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}u^2 - \mathrm{lower}$.
///
/// # Cost
/// A polynomial with $O(L)$ coefficients (no bound of its own; [`Certificate::verify`] bounds
/// $L$ by [`limits::MAX_LAYERS`] first).
// P(u) = ½ - u^(L+1) + ½ u^(2L+2) + A_lo u² - lower
pub fn dnc_lower_poly(layers: u32, a_lower: &Q, lower: &Q) -> QPoly {
    // u32 -> usize is lossless on every target this crate builds for (>= 32-bit)
    let m = usize::try_from(layers).unwrap_or(usize::MAX - 1) + 1;
    let half = Q::new(Z::one(), Z::from(2));
    let one_minus = QPoly::constant(Q::one()) - QPoly::monomial(Q::one(), m);
    (one_minus.pow(2)).scale(&half) + QPoly::monomial(a_lower.clone(), 2)
        - QPoly::constant(lower.clone())
}

fn parse_field(field: impl Into<String>, text: &str) -> Result<Q, CertificateError> {
    let field: String = field.into();
    if text.len() > limits::MAX_NUMBER_CHARS {
        return Err(CertificateError::Limit {
            field,
            reason: format!(
                "{} characters exceed the limit of {}",
                text.len(),
                limits::MAX_NUMBER_CHARS
            ),
        });
    }
    let x = parse_rational(text).map_err(|_| CertificateError::Parse {
        field: field.clone(),
        text: text.to_string(),
    })?;
    if x.numer().bits() + x.denom().bits() > limits::MAX_NUMBER_BITS {
        return Err(CertificateError::Limit {
            field,
            reason: format!("the number has more than {} bits", limits::MAX_NUMBER_BITS),
        });
    }
    Ok(x)
}

/// The λ-independent loss parts ([`LossParts`]) of each distinct witness evaluated so far in
/// one `verify` call, keyed by $(K, n, L)$ and the witness text.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Default)]
pub struct WitnessCache {
    entries: Vec<((usize, usize, usize), Witness, LossParts)>,
}

impl WitnessCache {
    fn get(&self, key: (usize, usize, usize), w: &Witness) -> Option<LossParts> {
        self.entries
            .iter()
            .find(|(k, x, _)| *k == key && x == w)
            .map(|(_, _, p)| p.clone())
    }

    fn insert(&mut self, key: (usize, usize, usize), w: &Witness, parts: &LossParts) {
        self.entries.push((key, w.clone(), parts.clone()));
    }
}

/// Parse a matrix of rational strings with the expected shape.
pub(crate) fn parse_matrix(
    name: &str,
    rows: &[Vec<String>],
    expected: (usize, usize),
) -> Result<QMatrix, CertificateError> {
    let found_cols = rows.first().map_or(0, Vec::len);
    if rows.len() != expected.0 || found_cols != expected.1 {
        return Err(CertificateError::Shape {
            matrix: name.to_string(),
            expected,
            found: (rows.len(), found_cols),
        });
    }
    // No capacity hint: rows x cols may promise far more entries than the file holds.
    let mut data = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.len() != expected.1 {
            return Err(CertificateError::Shape {
                matrix: format!("{name}[{i}]"),
                expected: (1, expected.1),
                found: (1, row.len()),
            });
        }
        for (j, t) in row.iter().enumerate() {
            data.push(parse_field(format!("{name}[{i}][{j}]"), t)?);
        }
    }
    QMatrix::new(expected.0, expected.1, data).map_err(|_| CertificateError::Shape {
        matrix: name.to_string(),
        expected,
        found: (rows.len(), found_cols),
    })
}

impl Certificate {
    /// Read a certificate from TOML text of at most [`limits::MAX_FILE_BYTES`] bytes.
    ///
    /// # Errors
    /// [`CertificateError::Limit`] for a longer text, [`CertificateError::Syntax`] for text
    /// that is not a certificate of this schema (the message names the TOML position).
    ///
    /// # Cost
    /// Linear in the length of the text (numbers stay text until [`Certificate::verify`]).
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::point::{Certificate, CertificateError};
    /// let e = Certificate::from_toml("claim = 3").unwrap_err();
    /// assert!(matches!(e, CertificateError::Syntax(_)));
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, CertificateError> {
        if text.len() > limits::MAX_FILE_BYTES {
            return Err(CertificateError::Limit {
                field: "file".into(),
                reason: format!(
                    "{} bytes exceed the limit of {}",
                    text.len(),
                    limits::MAX_FILE_BYTES
                ),
            });
        }
        toml::from_str(text).map_err(|e| CertificateError::Syntax(e.to_string()))
    }

    /// Re-verify the certificate with exact arithmetic (module docs, clauses 1–4), within one
    /// file's budget ([`limits::Meter`]).
    ///
    /// # Errors
    /// A [`CertificateError`] naming the field or the clause that fails: parameters outside
    /// the [`limits`], numbers that do not parse or are too long, matrices of the wrong shape,
    /// an evaluation refused by the work budget ([`limits::Meter`]), a recorded upper bound that is not the
    /// recomputed loss, a lower bound the hints do not prove, or an upper bound not below the
    /// lower one. A tampered file is an error, never a wrong verdict.
    ///
    /// # Cost
    /// One exact forward pass of the witness (bounded by the file's [`limits::Meter`]) and one Sturm
    /// sequence of a polynomial of degree about $2(L+1)$; milliseconds for the committed
    /// certificates.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::point::Certificate;
    /// let text = include_str!("../../../../proofs/certificates/k10_l3_n1_lw1-1000_lh1-1000.toml");
    /// let verified = Certificate::from_toml(text)?.verify()?;
    /// assert!(verified.upper() < verified.lower()); // the witness is below every DNC point
    /// // one changed digit of the witness is caught
    /// let tampered = text.replacen("upper = \"", "upper = \"1", 1);
    /// assert!(Certificate::from_toml(&tampered)?.verify().is_err());
    /// # Ok::<(), ncverify_kernel::cert::point::CertificateError>(())
    /// ```
    pub fn verify(&self) -> Result<Verified, CertificateError> {
        self.verify_metered(&mut Meter::file(), &mut WitnessCache::default())
    }

    /// [`Self::verify`] charging `meter` for the work, and taking the witness's loss parts
    /// from `cache` when the same witness was already evaluated in this call (an interval
    /// certificate's endpoints share one budget and one evaluation per distinct witness).
    ///
    /// # Errors
    /// Those of [`Certificate::verify`]; [`CertificateError::Limit`] when `meter` runs out.
    ///
    /// # Cost
    /// As [`Certificate::verify`], charged to `meter`; a cached witness is not evaluated again.
    pub fn verify_metered(
        &self,
        meter: &mut Meter,
        cache: &mut WitnessCache,
    ) -> Result<Verified, CertificateError> {
        let c = self.check_params()?;
        self.clause_1_witness_loss(&c, meter, cache)?;
        self.clause_2_hint(&c)?;
        self.clause_3_lower_bound(&c, meter)?;
        clause_4_below(&c)?;
        let p = &self.params;
        Ok(Verified {
            claim: self.claim.clone(),
            shape: (p.classes, p.layers, p.samples),
            lambdas: (c.lambda_w, c.lambda_h),
            upper: c.upper,
            lower: c.lower,
            a_lower: c.a_lower,
        })
    }

    /// The parameter check before the clauses: $K \ge 2$, $L \ge 1$, $n \ge 1$,
    /// $\lambda_W, \lambda_H > 0$, every number parsed and within [`limits`], every size (and
    /// $N = Kn$) within the limits and the machine's integers, and the witness's layer count.
    fn check_params(&self) -> Result<Checked, CertificateError> {
        let p = &self.params;
        if p.classes < 2 {
            return Err(CertificateError::Param {
                field: "params.classes",
                reason: "need K >= 2",
            });
        }
        if p.layers < 1 {
            return Err(CertificateError::Param {
                field: "params.layers",
                reason: "need L >= 1",
            });
        }
        if p.samples < 1 {
            return Err(CertificateError::Param {
                field: "params.samples",
                reason: "need n >= 1",
            });
        }
        let lambda_w = parse_field("params.lambda_w", &p.lambda_w)?;
        let lambda_h = parse_field("params.lambda_h", &p.lambda_h)?;
        for (field, v) in [
            ("params.lambda_w", &lambda_w),
            ("params.lambda_h", &lambda_h),
        ] {
            if !v.is_positive() {
                return Err(CertificateError::Param {
                    field,
                    reason: "must be > 0",
                });
            }
        }
        let upper = parse_field("bounds.upper", &self.bounds.upper)?;
        let lower = parse_field("bounds.lower", &self.bounds.lower)?;
        let a_lower = parse_field("hints.a_lower", &self.hints.a_lower)?;
        for (field, x) in [("bounds.lower", &lower), ("hints.a_lower", &a_lower)] {
            if bits(x) > limits::MAX_BOUND_BITS {
                return Err(CertificateError::Limit {
                    field: field.into(),
                    reason: format!(
                        "{} bits exceed the limit of {} (it enters the Sturm sequence)",
                        bits(x),
                        limits::MAX_BOUND_BITS
                    ),
                });
            }
        }

        // Every size is checked: K, n and L come from the file, and a wrapped K n would
        // change the loss's normalisation (clause 1).
        let too_large = |field| CertificateError::Param {
            field,
            reason: "too large for this machine",
        };
        let k = usize::try_from(p.classes).map_err(|_| too_large("params.classes"))?;
        let n = usize::try_from(p.samples).map_err(|_| too_large("params.samples"))?;
        let l = usize::try_from(p.layers).map_err(|_| too_large("params.layers"))?;
        let big_n = k.checked_mul(n).ok_or(CertificateError::Param {
            field: "params.samples",
            reason: "N = K n overflows",
        })?;
        let d = self.witness.h1.len();
        for (field, found, limit) in [
            ("params.classes", p.classes, limits::MAX_CLASSES),
            (
                "params.layers",
                u64::from(p.layers),
                u64::from(limits::MAX_LAYERS),
            ),
            ("params.samples", p.samples, limits::MAX_SAMPLES),
            (
                "witness.h1 rows (width d)",
                d as u64,
                limits::MAX_WIDTH as u64,
            ),
        ] {
            if found > limit {
                return Err(CertificateError::Limit {
                    field: field.into(),
                    reason: format!("{found} exceeds the limit of {limit}"),
                });
            }
        }
        if d < k {
            return Err(CertificateError::Shape {
                matrix: "witness.h1".into(),
                expected: (k, big_n),
                found: (d, self.witness.h1.first().map_or(0, Vec::len)),
            });
        }
        if self.witness.w.len() != l {
            return Err(CertificateError::Shape {
                matrix: "witness.w".into(),
                expected: (l, 0),
                found: (self.witness.w.len(), 0),
            });
        }
        Ok(Checked {
            k,
            n,
            l,
            d,
            big_n,
            lambda_w,
            lambda_h,
            upper,
            lower,
            a_lower,
        })
    }

    /// Clause 1: the witness's exact loss (recomputed within the file's budget, or taken from
    /// `cache` for a witness already evaluated in this call) equals `upper`.
    fn clause_1_witness_loss(
        &self,
        c: &Checked,
        meter: &mut Meter,
        cache: &mut WitnessCache,
    ) -> Result<(), CertificateError> {
        let (k, n, l, d, big_n) = (c.k, c.n, c.l, c.d, c.big_n);
        let parts = match cache.get((k, n, l), &self.witness) {
            Some(parts) => parts,
            None => {
                // refused before the matrices are parsed if even one-limb entries cannot fit
                let floor = forward_cost_floor(d, k, n, l);
                if floor > meter.left() {
                    return Err(CertificateError::Evaluation(format!(
                        "exact evaluation would cost at least {floor} work units (d = {d}, N = {big_n}, L = {l}), above the {} left in this file's budget",
                        meter.left()
                    )));
                }
                let h = parse_matrix("witness.h1", &self.witness.h1, (d, big_n))?;
                let ws = self
                    .witness
                    .w
                    .iter()
                    .enumerate()
                    .map(|(i, rows)| {
                        let shape = if i + 1 == l { (k, d) } else { (d, d) };
                        parse_matrix(&format!("witness.w[{i}]"), rows, shape)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let parts =
                    mse_loss_parts_within(&h, &ws, k, n, &meter.work()).map_err(|e| match e {
                        DufmError::SizeOverflow { .. } => CertificateError::Param {
                            field: "params.samples",
                            reason: "N = K n overflows",
                        },
                        other => CertificateError::Evaluation(other.to_string()),
                    })?;
                // within meter.work(), so the charge fits
                meter.charge(parts.cost()).map_err(|left| {
                    CertificateError::Evaluation(format!(
                        "exact evaluation would cost about {} work units, above the {left} left in this file's budget",
                        parts.cost()
                    ))
                })?;
                cache.insert((k, n, l), &self.witness, &parts);
                parts
            }
        };
        let recomputed = parts.loss(&c.lambda_w, &c.lambda_h);
        if recomputed != c.upper {
            return Err(CertificateError::UpperMismatch {
                recorded: Box::new(c.upper.clone()),
                recomputed: Box::new(recomputed),
            });
        }
        Ok(())
    }

    /// Clause 2: $0 < A_{\mathrm{lo}}$ and $A_{\mathrm{lo}}^{L+1} \le A^{L+1}$.
    fn clause_2_hint(&self, c: &Checked) -> Result<(), CertificateError> {
        let p = &self.params;
        if !c.a_lower.is_positive() {
            return Err(CertificateError::HintInvalid {
                hint: "a_lower",
                reason: format!("{} must be > 0", c.a_lower),
            });
        }
        let rhs = a_hint_rhs(p.classes, p.layers, p.samples, &c.lambda_w, &c.lambda_h);
        if pow_u64(&c.a_lower, u64::from(p.layers) + 1) > rhs {
            return Err(CertificateError::HintInvalid {
                hint: "a_lower",
                reason: format!(
                    "a_lower^(L+1) = {} exceeds ((L+1)/2)^(L+1) K^(L+1) n lambda_h lambda_w^L = {}",
                    shorten(&pow_u64(&c.a_lower, u64::from(p.layers) + 1).to_string()),
                    shorten(&rhs.to_string())
                ),
            });
        }
        Ok(())
    }

    /// Clause 3: $P(u) > 0$ on $[0, \infty)$ (a Sturm count).
    fn clause_3_lower_bound(&self, c: &Checked, meter: &mut Meter) -> Result<(), CertificateError> {
        let p = &self.params;
        // charged to the file's budget before it runs
        let cost = limits::sturm_cost(p.layers, bits(&c.lower), bits(&c.a_lower));
        meter.charge(cost).map_err(|left| CertificateError::Limit {
            field: "bounds.lower".into(),
            reason: format!(
                "the Sturm count would cost about {cost} work units, above the {left} left in this file's budget"
            ),
        })?;
        let poly = dnc_lower_poly(p.layers, &c.a_lower, &c.lower);
        // (a Sturm count, not a root search: bounded time on any input)
        if let Err(roots) = poly.is_positive_from(&Q::zero()) {
            return Err(CertificateError::LowerNotProved {
                at_zero: Box::new(poly.eval(&Q::zero())),
                roots,
            });
        }
        Ok(())
    }
}

/// Clause 4: $\mathrm{upper} < \mathrm{lower}$.
fn clause_4_below(c: &Checked) -> Result<(), CertificateError> {
    if c.upper >= c.lower {
        return Err(CertificateError::NotBelow {
            upper: Box::new(c.upper.clone()),
            lower: Box::new(c.lower.clone()),
        });
    }
    Ok(())
}

/// Bits of numerator plus denominator.
fn bits(x: &Q) -> u64 {
    x.numer().bits() + x.denom().bits()
}

/// A certificate's parameters, numbers and sizes after [`Certificate::check_params`].
struct Checked {
    k: usize,
    n: usize,
    l: usize,
    d: usize,
    big_n: usize,
    lambda_w: Q,
    lambda_h: Q,
    upper: Q,
    lower: Q,
    a_lower: Q,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    /// A hand-made certificate at K = 2, L = 1, n = 1, λ = 1/4: DNC is optimal there, so no
    /// witness can beat it; instead we test each clause on a tiny instance.
    fn tiny(upper: &str, lower: &str, a_lower: &str) -> Certificate {
        // H = W = I_2 / 2: out = I/4, fit = ||I/4 - I||^2 / 4 = (2 · 9/16)/4 = 9/32,
        // reg = 1/8 · 1/2 + 1/8 · 1/2 = 1/8 → loss 13/32.
        let half = |i: usize, j: usize| if i == j { "1/2" } else { "0" }.to_string();
        let m: Vec<Vec<String>> = (0..2)
            .map(|i| (0..2).map(|j| half(i, j)).collect())
            .collect();
        Certificate {
            claim: "test".into(),
            provenance: String::new(),
            params: CertParams {
                classes: 2,
                layers: 1,
                samples: 1,
                lambda_w: "1/4".into(),
                lambda_h: "1/4".into(),
            },
            bounds: CertBounds {
                upper: upper.into(),
                lower: lower.into(),
            },
            hints: CertHints {
                a_lower: a_lower.into(),
            },
            witness: Witness {
                h1: m.clone(),
                w: vec![m],
            },
        }
    }

    #[test]
    fn hint_rhs_and_poly_by_hand() {
        // K = 2, L = 1, n = 1, λ = 1/4: A = (2/2) · 2 · (1/16)^(1/2) = 1/2, A^2 = 1/4.
        assert_eq!(a_hint_rhs(2, 1, 1, &q(1, 4), &q(1, 4)), q(1, 4));
        // P(u) = ½(1-u²)² + ½u² - 3/8 = ½u⁴ - ½u² + 1/8 = ½(u² - ½)²
        let p = dnc_lower_poly(1, &q(1, 2), &q(3, 8));
        assert_eq!(
            p,
            QPoly::new(vec![q(1, 8), qi(0), q(-1, 2), qi(0), q(1, 2)])
        );
    }

    #[test]
    fn each_clause_fails_with_its_own_error() {
        // DNC min at A = 1/2, L = 1: min ½(1-x)² + x/2 = 3/8 at x = 1/2.
        // The witness's loss 13/32 > 3/8, so no valid certificate exists here.
        assert!(matches!(
            tiny("13/32", "1/3", "1/2").verify(),
            Err(CertificateError::NotBelow { .. })
        ));
        assert_eq!(
            tiny("13/31", "1/3", "1/2").verify(),
            Err(CertificateError::UpperMismatch {
                recorded: Box::new(q(13, 31)),
                recomputed: Box::new(q(13, 32))
            })
        );
        assert!(matches!(
            tiny("13/32", "1/3", "51/100").verify(),
            Err(CertificateError::HintInvalid {
                hint: "a_lower",
                ..
            })
        ));
        // lower = 3/8 equals DNC's minimum: P touches 0 at the rational u² = 1/2? u = 1/√2 is
        // irrational, so the verdict is a touching root, reported by its interval.
        assert!(matches!(
            tiny("13/32", "3/8", "1/2").verify(),
            Err(CertificateError::LowerNotProved { .. })
        ));
        assert!(matches!(
            tiny("13/32", "2/5", "1/2").verify(),
            Err(CertificateError::LowerNotProved { .. })
        ));
        assert!(matches!(
            tiny("13/32", "x", "1/2").verify(),
            Err(CertificateError::Parse { .. })
        ));
    }

    /// The forged certificate of issue 8: K = 10, L = 3, a 10 x 2 `h1`, rank-one `w`,
    /// `samples` chosen so that 10 n wraps to 2 in 64-bit arithmetic. Every point of such a
    /// model has loss >= 1/2, so no honest verifier may accept `upper = 1/100`.
    fn forged(classes: u64, layers: u32, samples: u64, h_cols: usize) -> Certificate {
        let d = classes as usize;
        let row = |c: usize| vec!["1".to_string(); c];
        let square: Vec<Vec<String>> = (0..d).map(|_| row(d)).collect();
        let mut w = vec![square; layers as usize];
        if let Some(last) = w.last_mut() {
            *last = (0..classes as usize).map(|_| row(d)).collect();
        }
        Certificate {
            claim: "mse.dnc_not_optimal_k10_l3".into(),
            provenance: "forged".into(),
            params: CertParams {
                classes,
                layers,
                samples,
                lambda_w: "1/250".into(),
                lambda_h: "1/250".into(),
            },
            bounds: CertBounds {
                upper: "1/100".into(),
                lower: "1/4".into(),
            },
            hints: CertHints {
                a_lower: "1000".into(),
            },
            witness: Witness {
                h1: (0..d).map(|_| row(h_cols)).collect(),
                w,
            },
        }
    }

    #[test]
    fn forged_certificates_with_wrapping_sizes_are_rejected() {
        // 10 * 5534023222112865485 = 2 (mod 2^64)
        assert_eq!(10u64.wrapping_mul(5534023222112865485), 2);
        let overflow = Err(CertificateError::Param {
            field: "params.samples",
            reason: "N = K n overflows",
        });
        assert_eq!(forged(10, 3, 5534023222112865485, 2).verify(), overflow);
        // K = 3, L = 1: 3 * 12297829382473034411 = 1 (mod 2^64)
        assert_eq!(3u64.wrapping_mul(12297829382473034411), 1);
        assert_eq!(forged(3, 1, 12297829382473034411, 1).verify(), overflow);
        // K = 4, n = 2^62: 4 n = 0 (mod 2^64), empty rows
        assert_eq!(forged(4, 2, 1 << 62, 0).verify(), overflow);
        // K n fits but exceeds the limits: a located limit error
        assert!(matches!(
            forged(4, 2, 1 << 61, 0).verify(),
            Err(CertificateError::Limit { field, .. }) if field == "params.samples"
        ));
        // within the limits, rows far shorter than promised: a located shape error
        assert!(matches!(
            forged(4, 2, 3, 0).verify(),
            Err(CertificateError::Shape { matrix, .. }) if matrix == "witness.h1"
        ));
    }

    #[test]
    fn inputs_beyond_the_limits_are_refused_naming_the_field() {
        let limit_field = |c: Certificate| match c.verify() {
            Err(CertificateError::Limit { field, .. }) => field,
            other => panic!("expected a limit error, got {other:?}"),
        };
        let mut deep = tiny("13/32", "1/3", "1/2");
        deep.params.layers = limits::MAX_LAYERS + 1;
        assert_eq!(limit_field(deep), "params.layers");
        let mut long = tiny("13/32", "1/3", "1/2");
        long.bounds.lower = format!("1/{}", "7".repeat(limits::MAX_NUMBER_CHARS));
        assert_eq!(limit_field(long), "bounds.lower");
        let mut big = tiny("13/32", "1/3", "1/2");
        big.hints.a_lower = "1e9999".into();
        assert_eq!(limit_field(big), "hints.a_lower");
        let mut entry = tiny("13/32", "1/3", "1/2");
        entry.witness.w[0][1][0] = "9".repeat(limits::MAX_NUMBER_CHARS + 1);
        assert_eq!(limit_field(entry), "witness.w[0][1][0]");
        let text = "#".repeat(limits::MAX_FILE_BYTES + 1);
        assert!(matches!(
            Certificate::from_toml(&text),
            Err(CertificateError::Limit { field, .. }) if field == "file"
        ));
        // a long value is not echoed whole
        let mut bad = tiny("13/32", "1/3", "1/2");
        bad.bounds.upper = format!("x{}", "1".repeat(1_500));
        let msg = bad.verify().unwrap_err().to_string();
        assert!(msg.len() < 140 && msg.contains("1501 chars"), "{msg}");
    }

    #[test]
    fn syntax_errors_keep_their_reason_on_one_line() {
        let e = Certificate::from_toml("claim = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(!e.contains('\n'), "{e}");
        assert!(e.contains("missing field"), "{e}");
    }

    #[test]
    fn a_hint_takes_any_layer_count_without_overflow() {
        // ((L+1)/2)^(L+1) K^(L+1) n λ_H λ_W^L = 1 · 4 · 1 at K = 2, L = 1, λ = 1
        assert_eq!(a_hint_rhs(2, 1, 1, &qi(1), &qi(1)), qi(4));
        // L + 1 is formed in u64, so L = u32::MAX cannot wrap; the u64 exponent path on bases
        // whose powers stay small:
        assert_eq!(pow_u64(&q(1, 2), 3), q(1, 8));
        assert_eq!(pow_u64(&qi(1), u64::MAX), qi(1));
        assert_eq!(pow_u64(&qi(-1), u64::MAX), qi(-1));
    }
}
