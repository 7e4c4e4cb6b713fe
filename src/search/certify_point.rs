//! # Certifying a given parameter point (for example one trained in Python)
//!
//! ## Main definitions
//! - [`certify_point`]: take a point $(H_1, W_1, \dots, W_L)$ read from a file
//!   ([`crate::io::point`]), optionally polish it with a few untrusted L-BFGS steps, round every
//!   entry to $b$ fractional bits for $b = 8, 12, 16, 24, 32$ (so it is an exact dyadic
//!   rational), compute its loss exactly, and return the first [`Certificate`] that the
//!   kernel verifies; or report why none was found.
//! - [`dnc_enclosure`]: rationals $\mathrm{lower} \le \ell_{\mathrm{DNC}} \le \mathrm{upper}$.
//!   The lower end is what a certificate claims (the kernel proves it on verification); the
//!   upper end is the exact loss of an explicit DNC point, $\tfrac12(1 - u^{L+1})^2 + A_{\mathrm{hi}} u^2$
//!   with rational $u$ and $A_{\mathrm{hi}}^{L+1} \ge A^{L+1}$ (checked exactly, not by the
//!   kernel): a point whose exact loss is at least the upper end does not beat DNC.
//!
//! ## Main results
//! None: nothing here is trusted; a certificate counts only after [`Certificate::verify`].
//!
//! ## References
//! - docs/theory.md §3.3 (DNC and $\ell_{\mathrm{DNC}}$) and §3.7 (certificates).
#![cfg_attr(doc, doc = katex!())]

use super::certificate_file::matrix_to_rows;
use super::certify::{MAX_HINT_STEPS, a_lower_hint, decimal_below, dnc_loss};
use super::dense::DenseModel;
use super::lbfgs::{LbfgsOptions, minimize};
use crate::io::IoError;
use crate::io::point::DufmPoint;
use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, parse_rational, pow_u};
use crate::kernel::cert::limits;
use crate::kernel::cert::point::{
    CertBounds, CertHints, CertParams, Certificate, Verified, Witness, a_hint_rhs,
};
use crate::kernel::mse::dufm::{forward_cost_floor, mse_loss_parts_within};
use crate::mse::MseParams;
use crate::numeric::{f64_to_q, q_to_f64};
use nalgebra::DMatrix;
use num_traits::Signed;
use std::fmt;

/// Options of [`certify_point`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertifyPointOptions {
    /// Fractional bits tried, in order (each in `1..=60`).
    pub bits: Vec<u32>,
    /// L-BFGS iterations of untrusted polishing before rounding (0: none; at most 100 000).
    pub polish_steps: usize,
    /// Claim id recorded in the certificate.
    pub claim: String,
}

impl Default for CertifyPointOptions {
    fn default() -> Self {
        Self {
            bits: vec![8, 12, 16, 24, 32],
            polish_steps: 0,
            claim: "mse.dnc_not_optimal".into(),
        }
    }
}

/// What happened at one precision.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttemptResult {
    /// The kernel verified the certificate.
    Verified,
    /// The rounded point's exact loss is not below the certificate's lower bound on
    /// $\ell_{\mathrm{DNC}}$.
    NotBelowLower,
    /// The exact evaluation exceeded the kernel's work budget, or the kernel rejected the
    /// certificate (the message says why).
    Failed(String),
}

/// One rounding precision tried.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Fractional bits.
    pub bits: u32,
    /// The rounded point's exact loss, if evaluated.
    pub exact_loss: Option<Q>,
    /// The same as `f64` (NaN if not evaluated).
    pub loss_f64: f64,
    /// The result.
    pub result: AttemptResult,
}

/// The outcome of [`certify_point`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct CertifyPointOutcome {
    /// The verified certificate, if any.
    pub certificate: Option<(Certificate, Verified)>,
    /// The validated parameters $(K, L, \lambda_W, \lambda_H, n)$ of the point.
    pub params: MseParams,
    /// Width $d$.
    pub width: usize,
    /// `f64` loss of the point as read.
    pub point_loss: f64,
    /// `f64` loss after polishing, if polished.
    pub polished_loss: Option<f64>,
    /// $\ell_{\mathrm{DNC}}$ in `f64`.
    pub dnc_loss: f64,
    /// Rational lower end of the $\ell_{\mathrm{DNC}}$ enclosure (what a certificate claims).
    pub dnc_lower: Q,
    /// Rational upper end: the exact loss of an explicit DNC point.
    pub dnc_upper: Q,
    /// Every precision tried, in order.
    pub attempts: Vec<Attempt>,
}

impl CertifyPointOutcome {
    /// The least exact loss over the attempts.
    pub fn best_exact_loss(&self) -> Option<&Q> {
        self.attempts
            .iter()
            .filter_map(|a| a.exact_loss.as_ref())
            .min()
    }

    /// `true` if some rounded point's exact loss is at least `dnc_upper`, i.e. that point
    /// provably does not beat the best DNC point (exact arithmetic, outside the kernel).
    pub fn not_better_than_dnc(&self) -> bool {
        self.best_exact_loss().is_some_and(|l| *l >= self.dnc_upper)
    }
}

/// Bad input to [`certify_point`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertifyPointError {
    /// The point's file, shapes or labels (names the file and tensor).
    Point(IoError),
    /// A parameter is out of its domain (`which` names it).
    Param {
        /// `lambda_w`, `lambda_h`, `bits`, `polish_steps`, `classes`, ...
        which: &'static str,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for CertifyPointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Point(e) => write!(f, "{e}"),
            Self::Param { which, reason } => write!(f, "invalid {which}: {reason}"),
        }
    }
}

impl std::error::Error for CertifyPointError {}

impl CertifyPointError {
    /// The caller's argument the error concerns: `point` (the point or its file; the
    /// message names the file and tensor) or the parameter `which` names.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Point(_) => "point",
            Self::Param { which, .. } => which,
        }
    }
}

impl From<IoError> for CertifyPointError {
    fn from(e: IoError) -> Self {
        Self::Point(e)
    }
}

fn param(which: &'static str, reason: impl Into<String>) -> CertifyPointError {
    CertifyPointError::Param {
        which,
        reason: reason.into(),
    }
}

/// The validated parameters of a class-major point with `n` samples per class.
pub fn point_params(
    point: &DufmPoint,
    n: usize,
    lambda_w: &str,
    lambda_h: &str,
) -> Result<MseParams, CertifyPointError> {
    let lw = parse_rational(lambda_w.trim()).map_err(|e| param("lambda_w", e.to_string()))?;
    let lh = parse_rational(lambda_h.trim()).map_err(|e| param("lambda_h", e.to_string()))?;
    let k = point.classes() as u64;
    let l = u32::try_from(point.layers()).map_err(|_| param("layers", "too many layers"))?;
    for (which, found, limit) in [
        ("classes", k, limits::MAX_CLASSES),
        ("samples", n as u64, limits::MAX_SAMPLES),
        ("width", point.width() as u64, limits::MAX_WIDTH as u64),
        ("layers", u64::from(l), u64::from(limits::MAX_LAYERS)),
    ] {
        if found > limit {
            return Err(param(
                which,
                format!("{found} is above the certificate limit {limit}"),
            ));
        }
    }
    let p =
        MseParams::new(k, l, lw, lh, n as u64).map_err(|e| param(e.parameter(), e.to_string()))?;
    p.float_ready()
        .map_err(|e| param(e.parameter(), e.to_string()))?;
    Ok(p)
}

/// $\ell_{\mathrm{DNC}}$ enclosed by rationals: `(lower, upper)`; see the module docs. Parameters
/// that fail [`MseParams::float_ready`] are refused; every search for a short decimal stops
/// after [`MAX_HINT_STEPS`] candidates (an error, never a default value).
#[cfg_attr(doc, doc = katex!())]
pub fn dnc_enclosure(p: &MseParams) -> Result<(Q, Q), CertifyPointError> {
    p.float_ready()
        .map_err(|e| param(e.parameter(), e.to_string()))?;
    let none = |what: &str| param("lambda_w", format!("no short decimal {what} was found"));
    let dnc = dnc_loss(p);
    let lower = decimal_below(dnc * (1.0 - 1e-9), 12).ok_or_else(|| none("below ℓ_DNC"))?;
    let l1 = p.layers() + 1;
    let rhs = a_hint_rhs(
        p.classes(),
        p.layers(),
        p.samples(),
        p.lambda_w(),
        p.lambda_h(),
    );
    let a = 0.5 * f64::from(l1) * p.c_f64() * p.classes() as f64;
    // A_hi: a short decimal with A_hi^(L+1) >= A^(L+1), checked exactly
    let mut factor = 1.0 + 1e-12;
    let mut a_hi = None;
    for _ in 0..MAX_HINT_STEPS {
        let cand = decimal_below(a * factor, 15).ok_or_else(|| none("above A"))?;
        if pow_u(&cand, l1) >= rhs {
            a_hi = Some(cand);
            break;
        }
        factor *= 1.0 + 1e-9;
    }
    let a_hi = a_hi.ok_or_else(|| none("above A"))?;
    let x = crate::mse::family::family_loss(p.c_f64() * p.classes() as f64, p.layers())
        .map_err(|e| param("lambda_w", e.to_string()))?
        .scale;
    // u on a 2^-32 grid keeps the exact value short (any u >= 0 gives an upper bound)
    let u = f64_to_q((x.powf(1.0 / f64::from(l1)) * 4_294_967_296.0).round() / 4_294_967_296.0)
        .filter(|u| !u.is_negative())
        .ok_or_else(|| none("for the DNC scale"))?;
    let half = Q::new(1.into(), 2.into());
    let gap = Q::from_integer(1.into()) - pow_u(&u, l1);
    let exact = &half * &gap * &gap + &a_hi * &u * &u;
    // a short decimal at or above it (any number above an upper bound is one)
    let mut factor = 1.0 + 1e-11;
    for _ in 0..MAX_HINT_STEPS {
        let cand =
            decimal_below(q_to_f64(&exact) * factor, 12).ok_or_else(|| none("above ℓ_DNC"))?;
        if cand >= exact {
            return Ok((lower, cand));
        }
        factor *= 1.0 + 1e-9;
    }
    Err(none("above ℓ_DNC"))
}

/// `x` rounded to a multiple of $2^{-b}$, exactly (`None` if that is not finite).
fn round_bits(x: f64, bits: u32) -> Option<Q> {
    let s = 2f64.powi(bits as i32);
    f64_to_q((x * s).round() / s)
}

fn to_q(m: &DMatrix<f64>, bits: u32) -> Option<QMatrix> {
    let mut rows = Vec::with_capacity(m.nrows());
    for i in 0..m.nrows() {
        let row: Option<Vec<Q>> = (0..m.ncols())
            .map(|j| round_bits(m[(i, j)], bits))
            .collect();
        rows.push(row?);
    }
    QMatrix::from_rows(&rows).ok()
}

/// Certify that `point` beats every DNC point at $\lambda_W, \lambda_H$ (the texts are
/// recorded verbatim in the certificate), or report why not. Labels, if present, reorder
/// the columns class-major (equal class sizes required).
#[cfg_attr(doc, doc = katex!())]
pub fn certify_point(
    point: &DufmPoint,
    lambda_w: &str,
    lambda_h: &str,
    opts: &CertifyPointOptions,
) -> Result<CertifyPointOutcome, CertifyPointError> {
    if opts.bits.is_empty() || opts.bits.iter().any(|&b| !(1..=60).contains(&b)) {
        return Err(param("bits", "each precision must be in 1..=60 bits"));
    }
    if opts.polish_steps > 100_000 {
        return Err(param("polish_steps", "at most 100000"));
    }
    // class_major validates the point (its fields are public)
    let (cm, n) = point.class_major()?;
    let p = point_params(&cm, n, lambda_w, lambda_h)?;
    let (k, l, d) = (cm.classes(), cm.layers(), cm.width());
    // a point no verification budget could evaluate is refused before any float work
    let floor = forward_cost_floor(d, k, n, l);
    if floor > limits::FILE_WORK {
        return Err(param(
            "point",
            format!(
                "d = {d}, K = {k}, n = {n}, L = {l}: its exact evaluation would cost at least \
                 {floor} work units, above the kernel's budget of {} per certificate",
                limits::FILE_WORK
            ),
        ));
    }
    let model = DenseModel {
        classes: k,
        layers: l,
        samples: n,
        width: d,
        lambda_w: q_to_f64(p.lambda_w()),
        lambda_h: q_to_f64(p.lambda_h()),
    };
    let mut x: Vec<f64> = cm.h1.as_slice().to_vec();
    for w in &cm.ws {
        x.extend_from_slice(w.as_slice());
    }
    let point_loss = model.loss_grad(&x).0;
    // undefined is not a number: a point whose f64 loss overflows is refused, not reported
    if !point_loss.is_finite() {
        return Err(param(
            "point",
            format!(
                "the f64 loss of the point is {point_loss}: its entries are too large for float \
                 code (scale the point down)"
            ),
        ));
    }
    let mut polished_loss = None;
    if opts.polish_steps > 0 {
        let r = minimize(
            |y| model.loss_grad(y),
            x.clone(),
            &LbfgsOptions {
                max_iter: opts.polish_steps,
                ..LbfgsOptions::default()
            },
        );
        // untrusted: keep the polished point only if it is finite and not worse
        if r.f.is_finite() && r.f <= point_loss {
            x = r.x;
            polished_loss = Some(r.f);
        } else {
            polished_loss = Some(point_loss);
        }
    }
    let (h, ws) = model.matrices(&x);
    let dnc = dnc_loss(&p);
    let (lower, upper) = dnc_enclosure(&p)?;
    let a_lower = a_lower_hint(&p).ok_or_else(|| {
        param(
            "lambda_w",
            "no short decimal below A was found (hints.a_lower)",
        )
    })?;
    let mut attempts = Vec::new();
    let mut certificate = None;
    // one budget for the exact evaluations of all the attempts
    let mut meter = limits::Meter::file();
    for &bits in &opts.bits {
        let rounded = to_q(&h, bits).zip(ws.iter().map(|w| to_q(w, bits)).collect());
        let Some((hq, wq)) = rounded else {
            attempts.push(Attempt {
                bits,
                exact_loss: None,
                loss_f64: f64::NAN,
                result: AttemptResult::Failed(format!(
                    "an entry times 2^{bits} is not a finite f64"
                )),
            });
            continue;
        };
        let wq: Vec<QMatrix> = wq;
        let exact = mse_loss_parts_within(&hq, &wq, k, n, &meter.work());
        let loss = match exact {
            Ok(parts) => match meter.charge(parts.cost()) {
                Ok(()) => parts.loss(p.lambda_w(), p.lambda_h()),
                Err(left) => {
                    attempts.push(Attempt {
                        bits,
                        exact_loss: None,
                        loss_f64: f64::NAN,
                        result: AttemptResult::Failed(format!(
                            "exact evaluation would cost {} work units, {left} left",
                            parts.cost()
                        )),
                    });
                    continue;
                }
            },
            Err(e) => {
                attempts.push(Attempt {
                    bits,
                    exact_loss: None,
                    loss_f64: f64::NAN,
                    result: AttemptResult::Failed(e.to_string()),
                });
                continue;
            }
        };
        let loss_f64 = q_to_f64(&loss);
        if loss >= lower {
            attempts.push(Attempt {
                bits,
                exact_loss: Some(loss),
                loss_f64,
                result: AttemptResult::NotBelowLower,
            });
            continue;
        }
        let cert = Certificate {
            claim: opts.claim.clone(),
            provenance: format!(
                "ncverify certify-point: {} (f64 loss {:.12}{}), entries rounded to {bits} fractional bits; DNC loss {:.12}",
                cm.file,
                point_loss,
                polished_loss.map_or(String::new(), |p| format!(", polished {p:.12}")),
                dnc
            ),
            params: CertParams {
                classes: k as u64,
                layers: l as u32,
                samples: n as u64,
                lambda_w: lambda_w.trim().to_string(),
                lambda_h: lambda_h.trim().to_string(),
            },
            bounds: CertBounds {
                upper: loss.to_string(),
                lower: lower.to_string(),
            },
            hints: CertHints {
                a_lower: a_lower.to_string(),
            },
            witness: Witness {
                h1: matrix_to_rows(&hq),
                w: wq.iter().map(matrix_to_rows).collect(),
            },
        };
        match cert.verify() {
            Ok(v) => {
                attempts.push(Attempt {
                    bits,
                    exact_loss: Some(loss),
                    loss_f64,
                    result: AttemptResult::Verified,
                });
                certificate = Some((cert, v));
                break;
            }
            Err(e) => attempts.push(Attempt {
                bits,
                exact_loss: Some(loss),
                loss_f64,
                result: AttemptResult::Failed(e.to_string()),
            }),
        }
    }
    Ok(CertifyPointOutcome {
        certificate,
        params: p,
        width: d,
        point_loss,
        polished_loss,
        dnc_loss: dnc,
        dnc_lower: lower,
        dnc_upper: upper,
        attempts,
    })
}
