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
//!    [`super::dufm::mse_loss_exact`]; the shapes are $H_1 \in \mathbb Q^{d\times Kn}$,
//!    $W_l \in \mathbb Q^{d\times d}$ for $l < L$, $W_L \in \mathbb Q^{K\times d}$, $d \ge K$);
//! 2. $0 < A_{\mathrm{lo}}$ and $A_{\mathrm{lo}}^{L+1} \le
//!    \big(\tfrac{L+1}{2}\big)^{L+1}K^{L+1}n\lambda_H\lambda_W^L = A^{L+1}$, so
//!    $A_{\mathrm{lo}} \le A = \tfrac{L+1}{2}cK$, $c = (n\lambda_H\lambda_W^L)^{1/(L+1)}$;
//! 3. $P(u) > 0$ for every real $u \ge 0$ (Sturm, [`QPoly::positivity_on`]);
//! 4. $\mathrm{upper} < \mathrm{lower}$.
//!
//! Every DNC point has loss at least
//! $\min_{x \ge 0}\tfrac12(1-x)^2 + \tfrac{L+1}{2}cK\,x^{2/(L+1)}$ (AM–GM over the $L+1$
//! factor scales, theory.md §2); with $x = u^{L+1}$ this is
//! $\min_{u\ge0}\tfrac12(1-u^{L+1})^2 + A u^2 \ge
//! \min_{u \ge 0}\tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}u^2 > \mathrm{lower}$ by (2) and (3). With (1) and (4) the witness has strictly smaller loss than every DNC point:
//! **DNC is not a global minimiser at these parameters.**
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 (the
//!   $K \ge 10$, $L = 3$ statement certified here); objective reconstructed in theory.md §2.

use super::matrix::QMatrix;
use super::poly::{Bound, Positivity, QPoly};
use super::rational::{Q, Z, parse_rational, pow_u};
use num_traits::{One, Signed, Zero};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A certificate file: parameters, witness, bounds and hints, all as exact rational strings.
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertHints {
    /// $A_{\mathrm{lo}} > 0$ with $A_{\mathrm{lo}}^{L+1} \le A^{L+1}$.
    pub a_lower: String,
}

/// The witness: explicit rational matrices, each a list of rows of rational strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// $H_1 \in \mathbb Q^{d \times Kn}$ (columns grouped by class).
    pub h1: Vec<Vec<String>>,
    /// $W_1, \dots, W_L$.
    pub w: Vec<Vec<Vec<String>>>,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The claim id.
    pub claim: String,
    /// $(K, L, n)$.
    pub shape: (u64, u32, u64),
    /// $\lambda_W$, $\lambda_H$.
    pub lambdas: (Q, Q),
    /// The witness's exact loss.
    pub upper: Q,
    /// The proved lower bound on every DNC point's loss.
    pub lower: Q,
}

/// Why a certificate failed verification; the first failing clause, located.
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
        /// A rational $u \ge 0$ with $P(u) \le 0$, or the left end of an interval around an
        /// irrational double root.
        witness_u: Q,
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
            Self::Syntax(e) => write!(f, "not a certificate: {}", e.lines().next().unwrap_or("")),
            Self::Parse { field, text } => write!(f, "{field}: {text:?} is not a rational"),
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
                "bounds.upper = {recorded} but the witness's exact loss is {recomputed}"
            ),
            Self::HintInvalid { hint, reason } => write!(f, "hints.{hint}: {reason}"),
            Self::LowerNotProved { witness_u } => write!(
                f,
                "bounds.lower not proved: P(u) = (1-u^(L+1))^2/2 + a_lower u^2 - lower is not > 0 at u = {witness_u}"
            ),
            Self::NotBelow { upper, lower } => {
                write!(f, "bounds: upper = {upper} is not below lower = {lower}")
            }
        }
    }
}

impl std::error::Error for CertificateError {}

/// $A^{L+1} = \big(\tfrac{L+1}{2}\big)^{L+1}K^{L+1}n\lambda_H\lambda_W^L$.
// A^(L+1) = ((L+1)/2)^(L+1) K^(L+1) n λ_H λ_W^L
pub fn a_hint_rhs(classes: u64, layers: u32, samples: u64, lambda_w: &Q, lambda_h: &Q) -> Q {
    let m = layers + 1;
    let half_m_k = Q::new(Z::from(m) * Z::from(classes), Z::from(2));
    pow_u(&half_m_k, m) * Q::from_integer(Z::from(samples)) * lambda_h * pow_u(lambda_w, layers)
}

/// $P(u) = \tfrac12(1-u^{L+1})^2 + A_{\mathrm{lo}}u^2 - \mathrm{lower}$.
// P(u) = ½ - u^(L+1) + ½ u^(2L+2) + A_lo u² - lower
pub fn dnc_lower_poly(layers: u32, a_lower: &Q, lower: &Q) -> QPoly {
    let m = layers as usize + 1;
    let half = Q::new(Z::one(), Z::from(2));
    let one_minus = QPoly::constant(Q::one()) - QPoly::monomial(Q::one(), m);
    (one_minus.pow(2)).scale(&half) + QPoly::monomial(a_lower.clone(), 2)
        - QPoly::constant(lower.clone())
}

/// A rational matrix as an integer matrix over one positive common denominator:
/// $M = N / d$, $N \in \mathbb Z^{r\times c}$, $d \in \mathbb Z_{>0}$.
struct Cleared {
    rows: usize,
    cols: usize,
    num: Vec<Z>,
    den: Z,
}

impl Cleared {
    // M = N/d with d = lcm of the entries' denominators
    fn new(m: &QMatrix) -> Self {
        let den = m
            .data()
            .iter()
            .fold(Z::one(), |l, x| num_integer::Integer::lcm(&l, x.denom()));
        let num = m
            .data()
            .iter()
            .map(|x| x.numer() * (&den / x.denom()))
            .collect();
        Self {
            rows: m.rows(),
            cols: m.cols(),
            num,
            den,
        }
    }

    // (N_1/d_1)(N_2/d_2) = (N_1 N_2)/(d_1 d_2)
    fn mul(&self, rhs: &Self) -> Self {
        let mut num = vec![Z::zero(); self.rows * rhs.cols];
        for i in 0..self.rows {
            for k in 0..self.cols {
                let a = &self.num[i * self.cols + k];
                if a.is_zero() {
                    continue;
                }
                for j in 0..rhs.cols {
                    let b = &rhs.num[k * rhs.cols + j];
                    if !b.is_zero() {
                        num[i * rhs.cols + j] += a * b;
                    }
                }
            }
        }
        Self {
            rows: self.rows,
            cols: rhs.cols,
            num,
            den: &self.den * &rhs.den,
        }
    }

    // σ(N/d) = σ(N)/d since d > 0
    fn relu(mut self) -> Self {
        for x in &mut self.num {
            if x.is_negative() {
                *x = Z::zero();
            }
        }
        self
    }

    // ||N/d||_F^2 = Σ N_ij^2 / d^2
    fn frobenius_sq(&self) -> Q {
        let s = self.num.iter().fold(Z::zero(), |acc, x| acc + x * x);
        Q::new(s, &self.den * &self.den)
    }
}

/// The DUFM objective of explicit parameters, computed over a common denominator per matrix
/// (integer products, one reduction at the end); equal to
/// [`super::dufm::mse_loss_exact`] (tested).
/// Shapes must already be checked: $H$ is $d\times Kn$, $W_l$ $d\times d$, $W_L$ $K\times d$.
// L = Σ_ij (P_ij - D Y_ij)^2 / (2N D^2) + λ_W/2 Σ ||W_l||^2 + λ_H/2 ||H||^2, out = P/D
fn mse_loss_cleared(h: &QMatrix, ws: &[QMatrix], k: usize, n: usize, lw: &Q, lh: &Q) -> Q {
    let hc = Cleared::new(h);
    let wcs: Vec<Cleared> = ws.iter().map(Cleared::new).collect();
    let mut a = wcs[0].mul(&hc);
    for w in &wcs[1..] {
        a = w.mul(&a.relu());
    }
    let mut fit = Z::zero();
    for i in 0..a.rows {
        for j in 0..a.cols {
            let mut e = a.num[i * a.cols + j].clone();
            if j / n == i {
                e -= &a.den;
            }
            fit += &e * &e;
        }
    }
    let fit = Q::new(fit, &a.den * &a.den * Z::from(2 * k * n));
    let two = Q::from_integer(Z::from(2));
    let reg_w = wcs.iter().fold(Q::zero(), |s, w| s + w.frobenius_sq()) * lw / &two;
    fit + reg_w + hc.frobenius_sq() * lh / two
}

fn parse_field(field: impl Into<String>, text: &str) -> Result<Q, CertificateError> {
    parse_rational(text).map_err(|_| CertificateError::Parse {
        field: field.into(),
        text: text.to_string(),
    })
}

/// Parse a matrix of rational strings with the expected shape.
fn parse_matrix(
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
    let mut data = Vec::with_capacity(expected.0 * expected.1);
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

/// Exact rational matrix as rows of strings (`"p/q"`, or `"p"` for integers).
pub fn matrix_to_rows(m: &QMatrix) -> Vec<Vec<String>> {
    (0..m.rows())
        .map(|i| (0..m.cols()).map(|j| m.get(i, j).to_string()).collect())
        .collect()
}

impl Certificate {
    /// Read a certificate from TOML text.
    pub fn from_toml(text: &str) -> Result<Self, CertificateError> {
        toml::from_str(text).map_err(|e| CertificateError::Syntax(e.to_string()))
    }

    /// The certificate as TOML text, one matrix row per line.
    pub fn to_toml(&self) -> String {
        #[derive(Serialize)]
        struct Head<'a> {
            claim: &'a str,
            provenance: &'a str,
            params: &'a CertParams,
            bounds: &'a CertBounds,
            hints: &'a CertHints,
        }
        let head = Head {
            claim: &self.claim,
            provenance: &self.provenance,
            params: &self.params,
            bounds: &self.bounds,
            hints: &self.hints,
        };
        let mut s = toml::to_string(&head).expect("the header serialises to TOML");
        let row = |r: &Vec<String>| -> String {
            let cells: Vec<String> = r
                .iter()
                .map(|c| toml::Value::String(c.clone()).to_string())
                .collect();
            format!("[{}],", cells.join(", "))
        };
        s.push_str("\n[witness]\nh1 = [\n");
        for r in &self.witness.h1 {
            s.push_str(&format!("  {}\n", row(r)));
        }
        s.push_str("]\nw = [\n");
        for (l, m) in self.witness.w.iter().enumerate() {
            s.push_str(&format!("  [ # W_{}\n", l + 1));
            for r in m {
                s.push_str(&format!("    {}\n", row(r)));
            }
            s.push_str("  ],\n");
        }
        s.push_str("]\n");
        s
    }

    /// Re-verify the certificate with exact arithmetic (module docs, clauses 1–4).
    pub fn verify(&self) -> Result<Verified, CertificateError> {
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

        // Clause 1: the witness's exact loss.
        let (k, n, l) = (p.classes as usize, p.samples as usize, p.layers as usize);
        let d = self.witness.h1.len();
        if d < k {
            return Err(CertificateError::Shape {
                matrix: "witness.h1".into(),
                expected: (k, k * n),
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
        let h = parse_matrix("witness.h1", &self.witness.h1, (d, k * n))?;
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
        let recomputed = mse_loss_cleared(&h, &ws, k, n, &lambda_w, &lambda_h);
        if recomputed != upper {
            return Err(CertificateError::UpperMismatch {
                recorded: Box::new(upper),
                recomputed: Box::new(recomputed),
            });
        }

        // Clause 2: 0 < A_lo, A_lo^(L+1) <= A^(L+1).
        if !a_lower.is_positive() {
            return Err(CertificateError::HintInvalid {
                hint: "a_lower",
                reason: format!("{a_lower} must be > 0"),
            });
        }
        let rhs = a_hint_rhs(p.classes, p.layers, p.samples, &lambda_w, &lambda_h);
        if pow_u(&a_lower, p.layers + 1) > rhs {
            return Err(CertificateError::HintInvalid {
                hint: "a_lower",
                reason: format!(
                    "a_lower^(L+1) = {} exceeds ((L+1)/2)^(L+1) K^(L+1) n lambda_h lambda_w^L = {rhs}",
                    pow_u(&a_lower, p.layers + 1)
                ),
            });
        }

        // Clause 3: P(u) > 0 on [0, ∞).
        let poly = dnc_lower_poly(p.layers, &a_lower, &lower);
        match poly.positivity_on(&Bound::Finite(Q::zero()), &Bound::PosInf) {
            Positivity::Positive => {}
            Positivity::NonPositiveAt(u) => {
                return Err(CertificateError::LowerNotProved { witness_u: u });
            }
            Positivity::TouchesZero { lo, .. } => {
                return Err(CertificateError::LowerNotProved { witness_u: lo });
            }
        }

        // Clause 4.
        if upper >= lower {
            return Err(CertificateError::NotBelow {
                upper: Box::new(upper),
                lower: Box::new(lower),
            });
        }
        Ok(Verified {
            claim: self.claim.clone(),
            shape: (p.classes, p.layers, p.samples),
            lambdas: (lambda_w, lambda_h),
            upper,
            lower,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::dufm::mse_loss_exact;
    use crate::kernel::rational::{q, qi};

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

    #[test]
    fn cleared_loss_equals_reference_loss() {
        // mixed denominators, negative entries (ReLU active), n = 2, d = 3 > K = 2
        let m = |r: usize, c: usize, seed: i64| {
            QMatrix::from_fn(r, c, |i, j| {
                let v = (i as i64 * 7 + j as i64 * 3 + seed) % 11 - 5;
                q(v, 1 + (i as i64 + 2 * j as i64 + seed) % 6)
            })
        };
        let h = m(3, 4, 1);
        let ws = vec![m(3, 3, 2), m(3, 3, 5), m(2, 3, 4)];
        let (lw, lh) = (q(1, 250), q(3, 7));
        assert_eq!(
            mse_loss_cleared(&h, &ws, 2, 2, &lw, &lh),
            mse_loss_exact(&h, &ws, 2, 2, &lw, &lh).unwrap()
        );
    }

    #[test]
    fn toml_round_trip() {
        let c = tiny("13/32", "1/3", "1/2");
        assert_eq!(Certificate::from_toml(&c.to_toml()), Ok(c));
        assert!(matches!(
            Certificate::from_toml("claim = 1"),
            Err(CertificateError::Syntax(_))
        ));
    }
}
