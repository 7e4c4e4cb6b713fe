//! # Lower-bound certificates: DNC *is* a global minimiser (two classes, two layers)
//!
//! The point and interval certificates ([`crate::cert::point`], and `cert::interval` built on
//! it) prove that DNC is beaten. A *lower-bound certificate* (`kind = "lower"`) proves the other
//! direction on a whole interval of $\lambda_H = \lambda$ with $K, L, n$ and
//! $\rho = \lambda_W/\lambda_H$ fixed: the global minimum $\ell^\ast$ of the MSE deep UFM equals
//! DNC's loss $\ell_{\mathrm{DNC}}$, with the optimum's regime (collapse or zero) and
//! rational enclosures of $\ell^\ast$ at both ends. A point certificate is the case
//! $\lambda_{\min} = \lambda_{\max}$.
//!
//! The certificate names the *reduction* it rests on. The kernel knows one:
//! `two_class_l2` — for $K = 2$, $L = 2$ and every $n, \lambda_W, \lambda_H$,
//! $\ell^\ast = \ell_{\mathrm{DNC}} = g := \min_{u\ge0}\tfrac12(1-u^3)^2 + Au^2$,
//! $A^3 = (\tfrac32)^3K^3n\lambda_H\lambda_W^2$ (docs/theory.md §3.10: the two-layer reduction,
//! the two-column lemma $\Vert\sigma(Z)\Vert_\ast \le \Vert Z\Vert_\ast$, and separation over the
//! singular values; argued in prose, listed in `proofs/TRUST.md`, claim
//! `mse.two_class_dnc_optimal_l2`). Any other $K$, $L$ or reduction is refused: no reduction
//! covers it, and a lower bound needs one.
//!
//! ## Main definitions
//! - [`LowerCertificate`]: the serde form (every number an exact rational string).
//! - [`LowerCertificate::verify`]: the kernel check; [`LowerVerified`] or the first
//!   [`LowerError`], located by field.
//!
//! ## Main results
//! Verification establishes, by exact arithmetic,
//! 1. `reduction = "two_class_l2"`, $K = 2$, $L = 2$, $1 \le n \le$
//!    [`limits::MAX_SAMPLES`], $\rho > 0$, $0 < \lambda_{\min} \le \lambda_{\max}$;
//! 2. the regime: `collapse` iff $K^3n\rho^2\lambda_{\max}^3 < T_2 = \tfrac1{16}$, `zero` iff
//!    $K^3n\rho^2\lambda_{\min}^3 \ge \tfrac1{16}$ (the exact threshold of
//!    [`crate::mse::threshold`]; $K^3n\lambda_H\lambda_W^2 = K^3n\rho^2\lambda^3$ increases with
//!    $\lambda$, so the regime holds on the whole interval);
//! 3. at each end $\lambda_e$ ($\lambda_W = \rho\lambda_e$, $\lambda_H = \lambda_e$), with the
//!    end's `lower`, `a_lower`, `upper`, `a_upper`, `u`:
//!    $0 < A_{\mathrm{lo}}$, $A_{\mathrm{lo}}^3 \le A^3$ and
//!    $\tfrac12(1-u^3)^2 + A_{\mathrm{lo}}u^2 - \mathrm{lower} > 0$ on $[0,\infty)$ (Sturm),
//!    so $g > \mathrm{lower}$; and $0 \le A_{\mathrm{hi}}$, $A_{\mathrm{hi}}^3 \ge A^3$,
//!    $u \ge 0$, $\tfrac12(1-u^3)^2 + A_{\mathrm{hi}}u^2 \le \mathrm{upper}$, so
//!    $g \le \mathrm{upper}$.
//!
//! With the reduction, $\ell^\ast(\lambda) = g(\lambda)$ for every $\lambda$ in the interval:
//! **DNC is a global minimiser there** (the zero solution, DNC at scale 0, in the `zero`
//! regime), $\mathrm{lower}_e < \ell^\ast(\lambda_e) \le \mathrm{upper}_e$ at both ends, and
//! $\ell^\ast$ is non-decreasing in between ($A$ is increasing in $\lambda$).
//!
//! ## References
//! - docs/theory.md §3.10 (reduction and lemma); P. Súkeník, C. Lampert, M. Mondelli,
//!   NeurIPS 2023 (arXiv:2305.13165), who prove $K = 2$ at every depth by another route.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::rational::{Q, Z, parse_rational, pow_u};
use crate::cert::limits;
use crate::cert::point::{a_hint_rhs, dnc_lower_poly};
use crate::fact::Fact;
use crate::mse::threshold::{DufmParams, dnc_zero_threshold};
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The only reduction the kernel accepts (docs/theory.md §3.10).
pub const TWO_CLASS_L2: &str = "two_class_l2";

/// A lower-bound certificate file.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerCertificate {
    /// Must be `"lower"`.
    pub kind: String,
    /// The claim this certificate supports.
    pub claim: String,
    /// How the numbers were found (free text; not trusted, not checked).
    #[serde(default)]
    pub provenance: String,
    /// The reduction it rests on: must be [`TWO_CLASS_L2`].
    pub reduction: String,
    /// $K, L, n, \rho$, the interval and the regime.
    pub params: LowerParams,
    /// The enclosure at $\lambda_{\min}$.
    pub at_min: Enclosure,
    /// The enclosure at $\lambda_{\max}$.
    pub at_max: Enclosure,
}

/// Parameters of a lower-bound certificate.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerParams {
    /// Classes $K$ (must be 2).
    pub classes: u64,
    /// Layers $L$ (must be 2).
    pub layers: u32,
    /// Samples per class $n \ge 1$.
    pub samples: u64,
    /// $\rho = \lambda_W/\lambda_H > 0$.
    pub ratio: String,
    /// $\lambda_{\min} > 0$ ($\lambda_H$).
    pub lambda_min: String,
    /// $\lambda_{\max} \ge \lambda_{\min}$ ($\lambda_H$).
    pub lambda_max: String,
    /// `collapse` (DNC's optimal scale is positive on the whole interval) or `zero`.
    pub regime: String,
}

/// Rational data enclosing $g(\lambda_e)$ at one end.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enclosure {
    /// A rational strictly below $g(\lambda_e)$.
    pub lower: String,
    /// $A_{\mathrm{lo}} > 0$ with $A_{\mathrm{lo}}^3 \le A^3$.
    pub a_lower: String,
    /// A rational at or above $g(\lambda_e)$.
    pub upper: String,
    /// $A_{\mathrm{hi}} \ge 0$ with $A_{\mathrm{hi}}^3 \ge A^3$.
    pub a_upper: String,
    /// $u \ge 0$ with $\tfrac12(1-u^3)^2 + A_{\mathrm{hi}}u^2 \le \mathrm{upper}$.
    pub u: String,
}

/// Why a lower-bound certificate failed; the first failing clause, located by field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LowerError {
    /// Not valid TOML of the schema.
    Syntax(String),
    /// A rational string does not parse.
    Parse {
        /// The field, e.g. `at_min.lower`.
        field: String,
        /// The offending text (at most 80 characters).
        text: String,
    },
    /// An input exceeds a resource limit of [`limits`].
    Limit {
        /// The field (or `file`).
        field: String,
        /// What was found and the limit.
        reason: String,
    },
    /// A field fails its exact check.
    Invalid {
        /// The field, e.g. `params.classes` or `at_max.a_upper`.
        field: String,
        /// The failed condition, with the exact values.
        reason: String,
    },
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(e) => write!(f, "not a lower-bound certificate: {}", one_line(e)),
            Self::Parse { field, text } => write!(f, "{field}: {text:?} is not a rational"),
            Self::Limit { field, reason } | Self::Invalid { field, reason } => {
                write!(f, "{field}: {reason}")
            }
        }
    }
}

impl std::error::Error for LowerError {}

impl LowerError {
    /// The certificate field the error is about, as the file spells it (`params.classes`,
    /// `at_max.a_upper`, `file` for a file-level limit), or `None` for TOML that does not
    /// parse (its message gives the line).
    pub fn parameter(&self) -> Option<String> {
        match self {
            Self::Syntax(_) => None,
            Self::Parse { field, .. } | Self::Limit { field, .. } | Self::Invalid { field, .. } => {
                Some(field.clone())
            }
        }
    }
}

fn one_line(e: &str) -> String {
    let line = e
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    line.chars().take(300).collect()
}

/// At most 60 characters of a number, with its length if cut.
fn short(x: &Q) -> String {
    let s = x.to_string();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}… ({} chars)", &s[..i], s.chars().count()),
        None => s,
    }
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> LowerError {
    LowerError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

fn parse_field(field: &str, text: &str) -> Result<Q, LowerError> {
    if text.len() > limits::MAX_NUMBER_CHARS {
        return Err(LowerError::Limit {
            field: field.to_string(),
            reason: format!(
                "{} characters exceed the limit of {}",
                text.len(),
                limits::MAX_NUMBER_CHARS
            ),
        });
    }
    let x = parse_rational(text).map_err(|_| LowerError::Parse {
        field: field.to_string(),
        text: text.chars().take(80).collect(),
    })?;
    if x.numer().bits() + x.denom().bits() > limits::MAX_NUMBER_BITS {
        return Err(LowerError::Limit {
            field: field.to_string(),
            reason: format!("the number has more than {} bits", limits::MAX_NUMBER_BITS),
        });
    }
    Ok(x)
}

/// The enclosure proved at one end.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndVerified {
    /// $\lambda_H$ at this end.
    pub lambda: Q,
    /// Proved: $\mathrm{lower} < g(\lambda)$.
    pub lower: Q,
    /// Proved: $g(\lambda) \le \mathrm{upper}$.
    pub upper: Q,
}

/// What a successful verification established. Only [`LowerCertificate::verify`]
/// constructs one.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowerVerified {
    claim: String,
    shape: (u64, u32, u64),
    ratio: Q,
    zero: bool,
    ends: [EndVerified; 2],
}

impl LowerVerified {
    /// The claim label the certificate carries (not checked against the parameters).
    pub fn claim(&self) -> &str {
        &self.claim
    }
    /// $(K, L, n)$.
    pub fn shape(&self) -> (u64, u32, u64) {
        self.shape
    }
    /// $\rho = \lambda_W/\lambda_H$.
    pub fn ratio(&self) -> &Q {
        &self.ratio
    }
    /// `true` in the `zero` regime.
    pub fn zero_regime(&self) -> bool {
        self.zero
    }
    /// The covered interval $[\lambda_{\min}, \lambda_{\max}]$ of $\lambda_H$.
    pub fn range(&self) -> (&Q, &Q) {
        (&self.ends[0].lambda, &self.ends[1].lambda)
    }
    /// The enclosures at $\lambda_{\min}$ and $\lambda_{\max}$.
    pub fn ends(&self) -> &[EndVerified; 2] {
        &self.ends
    }
    /// `true` iff $\lambda_W = \rho\lambda$, $\lambda_H = \lambda$ for some covered
    /// $\lambda$, at the same $(K, L, n)$.
    pub fn covers(&self, shape: (u64, u32, u64), lambda_w: &Q, lambda_h: &Q) -> bool {
        let (a, b) = self.range();
        shape == self.shape
            && lambda_w == &(&self.ratio * lambda_h)
            && a <= lambda_h
            && lambda_h <= b
    }
    /// What the kernel established (clauses 1–3 of the module docs; that this makes DNC a
    /// global minimiser is the prose reduction `two_class_l2`).
    pub fn fact(&self) -> Fact {
        let (k, l, n) = self.shape;
        let [e0, e1] = &self.ends;
        Fact::new(format!(
            "lower-bound certificate verified at K = {k}, L = {l}, n = {n}, lambda_W = {} \
             lambda_H, lambda_H in [{}, {}], reduction two_class_l2: DNC's optimum is {} on the \
             whole interval (exact threshold), and g = min over u >= 0 of 1/2 (1 - u^3)^2 + A u^2, \
             A^3 = (3/2)^3 K^3 n lambda_H lambda_W^2, satisfies {} < g <= {} at lambda_H = {} and \
             {} < g <= {} at lambda_H = {} (Sturm and exact evaluation)",
            self.ratio,
            e0.lambda,
            e1.lambda,
            if self.zero {
                "the zero solution"
            } else {
                "at a positive scale"
            },
            e0.lower,
            e0.upper,
            e0.lambda,
            e1.lower,
            e1.upper,
            e1.lambda
        ))
    }
}

/// Check one end's enclosure (clause 3), fields named `{end}.lower` etc.
fn check_end(
    end: &str,
    p: &LowerParams,
    ratio: &Q,
    lambda: &Q,
    e: &Enclosure,
) -> Result<EndVerified, LowerError> {
    let f = |name: &str| format!("{end}.{name}");
    let lower = parse_field(&f("lower"), &e.lower)?;
    let a_lower = parse_field(&f("a_lower"), &e.a_lower)?;
    let upper = parse_field(&f("upper"), &e.upper)?;
    let a_upper = parse_field(&f("a_upper"), &e.a_upper)?;
    let u = parse_field(&f("u"), &e.u)?;
    let lambda_w = ratio * lambda;
    let rhs = a_hint_rhs(p.classes, p.layers, p.samples, &lambda_w, lambda);
    let m = p.layers + 1;
    // g > lower
    if !a_lower.is_positive() {
        return Err(invalid(
            f("a_lower"),
            format!("{} must be > 0", short(&a_lower)),
        ));
    }
    let lo_pow = pow_u(&a_lower, m);
    if lo_pow > rhs {
        return Err(invalid(
            f("a_lower"),
            format!(
                "a_lower^3 = {} exceeds A^3 = (3/2)^3 K^3 n lambda_H lambda_W^2 = {}",
                short(&lo_pow),
                short(&rhs)
            ),
        ));
    }
    let poly = dnc_lower_poly(p.layers, &a_lower, &lower);
    if let Err(roots) = poly.is_positive_from(&Q::zero()) {
        return Err(invalid(
            f("lower"),
            format!(
                "not proved: (1-u^3)^2/2 + a_lower u^2 - lower has value {} at 0 and {roots} real \
                 root(s) in (0, inf)",
                short(&poly.eval(&Q::zero()))
            ),
        ));
    }
    // g <= upper
    if a_upper.is_negative() {
        return Err(invalid(
            f("a_upper"),
            format!("{} must be >= 0", short(&a_upper)),
        ));
    }
    let hi_pow = pow_u(&a_upper, m);
    if hi_pow < rhs {
        return Err(invalid(
            f("a_upper"),
            format!(
                "a_upper^3 = {} is below A^3 = (3/2)^3 K^3 n lambda_H lambda_W^2 = {}",
                short(&hi_pow),
                short(&rhs)
            ),
        ));
    }
    if u.is_negative() {
        return Err(invalid(f("u"), format!("{} must be >= 0", short(&u))));
    }
    let gap = Q::one() - pow_u(&u, m);
    let value = Q::new(Z::one(), Z::from(2)) * &gap * &gap + &a_upper * &u * &u;
    if value > upper {
        return Err(invalid(
            f("upper"),
            format!(
                "(1-u^3)^2/2 + a_upper u^2 = {} at u = {} exceeds upper = {}",
                short(&value),
                short(&u),
                short(&upper)
            ),
        ));
    }
    Ok(EndVerified {
        lambda: lambda.clone(),
        lower,
        upper,
    })
}

impl LowerCertificate {
    /// Read a lower-bound certificate from TOML text of at most [`limits::MAX_FILE_BYTES`]
    /// bytes.
    ///
    /// # Errors
    /// [`LowerError::Limit`] (field `file`) for a longer text, [`LowerError::Syntax`] for text that
    /// is not a lower-bound certificate of this schema.
    ///
    /// # Cost
    /// Linear in the length of the text.
    pub fn from_toml(text: &str) -> Result<Self, LowerError> {
        if text.len() > limits::MAX_FILE_BYTES {
            return Err(LowerError::Limit {
                field: "file".into(),
                reason: format!(
                    "{} bytes exceed the limit of {}",
                    text.len(),
                    limits::MAX_FILE_BYTES
                ),
            });
        }
        toml::from_str(text).map_err(|e| LowerError::Syntax(e.to_string()))
    }

    /// Re-verify with exact arithmetic (module docs, clauses 1–3).
    ///
    /// # Errors
    /// A [`LowerError`] naming the field that fails ([`LowerError::parameter`]): the kind, the
    /// parameters outside the reduction's domain or the [`limits`], numbers that do not parse or are
    /// too long, an enclosure whose exact check fails.
    ///
    /// # Cost
    /// A few exact polynomial evaluations and Sturm counts of degree $O(L)$ per end, bounded by the
    /// file's [`limits::Meter`].
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::cert::lower::LowerCertificate;
    /// let text = include_str!("../../../../proofs/certificates/lower/k2_l2_n1_r1_1-4_1.toml");
    /// let c = LowerCertificate::from_toml(text)?;
    /// assert!(c.verify().is_ok());
    /// let mut tampered = c.clone();
    /// tampered.params.classes = 3; // outside the K = 2 reduction
    /// assert_eq!(tampered.verify().unwrap_err().parameter().as_deref(), Some("params.classes"));
    ///
    /// # Ok::<(), ncverify_kernel::cert::lower::LowerError>(())
    /// ```
    pub fn verify(&self) -> Result<LowerVerified, LowerError> {
        if self.kind != "lower" {
            return Err(invalid(
                "kind",
                format!(
                    "{:?} is not \"lower\"",
                    self.kind.chars().take(40).collect::<String>()
                ),
            ));
        }
        if self.reduction != TWO_CLASS_L2 {
            return Err(invalid(
                "reduction",
                format!(
                    "{:?} is not a reduction the kernel knows (only \"{TWO_CLASS_L2}\")",
                    self.reduction.chars().take(40).collect::<String>()
                ),
            ));
        }
        // Clause 1.
        let p = &self.params;
        if p.classes != 2 {
            return Err(invalid(
                "params.classes",
                format!(
                    "K = {}: the reduction two_class_l2 covers K = 2 only",
                    p.classes
                ),
            ));
        }
        if p.layers != 2 {
            return Err(invalid(
                "params.layers",
                format!(
                    "L = {}: the reduction two_class_l2 covers L = 2 only",
                    p.layers
                ),
            ));
        }
        if p.samples < 1 {
            return Err(invalid("params.samples", "need n >= 1"));
        }
        if p.samples > limits::MAX_SAMPLES {
            return Err(LowerError::Limit {
                field: "params.samples".into(),
                reason: format!("{} exceeds the limit of {}", p.samples, limits::MAX_SAMPLES),
            });
        }
        let ratio = parse_field("params.ratio", &p.ratio)?;
        let lo = parse_field("params.lambda_min", &p.lambda_min)?;
        let hi = parse_field("params.lambda_max", &p.lambda_max)?;
        for (field, v) in [
            ("params.ratio", &ratio),
            ("params.lambda_min", &lo),
            ("params.lambda_max", &hi),
        ] {
            if !v.is_positive() {
                return Err(invalid(field, format!("{} must be > 0", short(v))));
            }
        }
        if hi < lo {
            return Err(invalid(
                "params.lambda_max",
                format!("{} is below lambda_min = {}", short(&hi), short(&lo)),
            ));
        }
        // Clause 2: the regime, from the kernel's exact threshold at the deciding end.
        let at = |lambda: &Q| {
            DufmParams::new(
                p.classes,
                p.layers,
                &ratio * lambda,
                lambda.clone(),
                p.samples,
            )
            .map_err(|e| invalid("params", e.to_string()))
        };
        let zero = match p.regime.as_str() {
            "collapse" => {
                if dnc_zero_threshold(&at(&hi)?).0 {
                    return Err(invalid(
                        "params.regime",
                        "\"collapse\" but K^3 n lambda_H lambda_W^2 >= 1/16 at lambda_max (DNC's \
                         optimum is zero there)",
                    ));
                }
                false
            }
            "zero" => {
                if !dnc_zero_threshold(&at(&lo)?).0 {
                    return Err(invalid(
                        "params.regime",
                        "\"zero\" but K^3 n lambda_H lambda_W^2 < 1/16 at lambda_min (DNC's \
                         optimum is positive there)",
                    ));
                }
                true
            }
            other => {
                return Err(invalid(
                    "params.regime",
                    format!(
                        "{:?} is neither \"collapse\" nor \"zero\"",
                        other.chars().take(40).collect::<String>()
                    ),
                ));
            }
        };
        // Clause 3.
        let e0 = check_end("at_min", p, &ratio, &lo, &self.at_min)?;
        let e1 = check_end("at_max", p, &ratio, &hi, &self.at_max)?;
        Ok(LowerVerified {
            claim: self.claim.clone(),
            shape: (p.classes, p.layers, p.samples),
            ratio,
            zero,
            ends: [e0, e1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// K = 2, L = 2, n = 1, λ = 1/64: A^3 = 27/8 · 8 · 1/64^3 = 27/64^3, A = 3/64 exactly;
    /// K^3 λ^3 = 8/64^3 < 1/16 (collapse). g ≈ min ½(1-u³)² + 3/64 u²: near u ≈ 0.97,
    /// g ≈ 0.0464 (at u ≈ 0.989).
    fn tiny() -> LowerCertificate {
        let end = Enclosure {
            lower: "1/25".into(),
            a_lower: "3/64".into(),
            upper: "1/20".into(),
            a_upper: "3/64".into(),
            u: "1".into(),
        };
        LowerCertificate {
            kind: "lower".into(),
            claim: "test".into(),
            provenance: String::new(),
            reduction: TWO_CLASS_L2.into(),
            params: LowerParams {
                classes: 2,
                layers: 2,
                samples: 1,
                ratio: "1".into(),
                lambda_min: "1/64".into(),
                lambda_max: "1/64".into(),
                regime: "collapse".into(),
            },
            at_min: end.clone(),
            at_max: end,
        }
    }

    fn field(c: &LowerCertificate) -> String {
        match c.verify() {
            Err(LowerError::Invalid { field, .. } | LowerError::Limit { field, .. }) => field,
            other => panic!("expected a located error, got {other:?}"),
        }
    }

    #[test]
    fn tiny_verifies_and_states_its_enclosure() {
        // at u = 1: 0 + 3/64 = 0.046875 <= 1/20
        let v = tiny().verify().unwrap();
        assert!(!v.zero_regime());
        assert!(
            v.fact()
                .to_string()
                .contains("1/25 < g <= 1/20 at lambda_H = 1/64")
        );
        assert!(v.covers(
            (2, 2, 1),
            &Q::new(1.into(), 64.into()),
            &Q::new(1.into(), 64.into())
        ));
        assert!(!v.covers(
            (2, 2, 1),
            &Q::new(1.into(), 32.into()),
            &Q::new(1.into(), 64.into())
        ));
    }

    #[test]
    fn each_tampered_field_fails_with_its_own_location() {
        let mut c = tiny();
        c.params.classes = 3;
        assert_eq!(field(&c), "params.classes");
        let mut c = tiny();
        c.params.layers = 3;
        assert_eq!(field(&c), "params.layers");
        let mut c = tiny();
        c.reduction = "two_class_l3".into();
        assert_eq!(field(&c), "reduction");
        let mut c = tiny();
        c.params.regime = "zero".into();
        assert_eq!(field(&c), "params.regime");
        let mut c = tiny();
        c.params.lambda_max = "1/65".into();
        assert_eq!(field(&c), "params.lambda_max");
        // lower above g ≈ 0.0464
        let mut c = tiny();
        c.at_max.lower = "1/21".into();
        assert_eq!(field(&c), "at_max.lower");
        let mut c = tiny();
        c.at_min.a_lower = "4/64".into();
        assert_eq!(field(&c), "at_min.a_lower");
        let mut c = tiny();
        c.at_min.a_upper = "2/64".into();
        assert_eq!(field(&c), "at_min.a_upper");
        let mut c = tiny();
        c.at_max.upper = "1/30".into();
        assert_eq!(field(&c), "at_max.upper");
        let mut c = tiny();
        c.at_max.u = "-1".into();
        assert_eq!(field(&c), "at_max.u");
        let mut c = tiny();
        c.kind = "interval".into();
        assert_eq!(field(&c), "kind");
        let mut c = tiny();
        c.at_min.u = format!("1/{}", "7".repeat(limits::MAX_NUMBER_CHARS));
        assert_eq!(field(&c), "at_min.u");
        let mut c = tiny();
        c.params.samples = limits::MAX_SAMPLES + 1;
        assert_eq!(field(&c), "params.samples");
    }

    #[test]
    fn the_zero_regime_is_decided_by_the_exact_threshold() {
        // K^3 λ^3 = 1/16 at λ = 1/(2·16^(1/3)) is irrational; λ = 1/5: 8/125 > 1/16 = 0.0625
        let mut c = tiny();
        c.params.lambda_min = "1/5".into();
        c.params.lambda_max = "1/5".into();
        c.params.regime = "zero".into();
        // g = 1/2 exactly there (u = 0): the enclosure must contain 1/2
        for e in [&mut c.at_min, &mut c.at_max] {
            e.lower = "49/100".into();
            e.a_lower = "3/5".into(); // A = 3/2 · 2 · 1/5 = 3/5
            e.upper = "1/2".into();
            e.a_upper = "3/5".into();
            e.u = "0".into();
        }
        let v = c.verify().unwrap();
        assert!(v.zero_regime());
        c.params.regime = "collapse".into();
        assert_eq!(field(&c), "params.regime");
    }
}
