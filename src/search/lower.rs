//! # Lower-bound certificates: build them (untrusted)
//!
//! Builds the rational numbers of a lower-bound certificate
//! ([`crate::kernel::cert::lower`], `kind = "lower"`) at $K = 2$, $L = 2$: the regime from the
//! exact threshold, and at each end an enclosure of DNC's loss
//! $g = \min_{u\ge0}\tfrac12(1-u^3)^2 + Au^2$ from the `f64` minimiser, rounded to short
//! decimals and then checked by the kernel. Nothing here decides anything: the result is
//! verified by [`LowerCertificate::verify`] before it is returned.
//!
//! ## Main definitions
//! - [`lower_certificate`]: the certificate for $[\lambda_{\min}, \lambda_{\max}]$, verified.
//! - [`lower_to_toml`]: its file text.
//!
//! ## Main results
//! None (untrusted).
//!
//! ## References
//! - docs/theory.md §3.10.
#![cfg_attr(doc, doc = katex!())]

use super::certify::{MAX_HINT_STEPS, decimal_below};
use crate::kernel::arith::rational::{Q, pow_u};
use crate::kernel::cert::lower::{
    Enclosure, LowerCertificate, LowerError, LowerParams, LowerVerified, TWO_CLASS_L2,
};
use crate::kernel::cert::point::{a_hint_rhs, dnc_lower_poly};
use crate::kernel::mse::threshold::{DufmParams, dnc_zero_threshold};
use crate::mse::family::family_loss;
use crate::numeric::{f64_to_q, q_to_f64};
use num_traits::{Signed, Zero};

/// The enclosure of $g(\lambda)$ at $\lambda_W = \rho\lambda$, $\lambda_H = \lambda$ ($K = L = 2$).
/// Every search for a short decimal stops after [`MAX_HINT_STEPS`] candidates; `field` names
/// the end (`at_min`, `at_max`) in the error, which is returned instead of a default value
/// (λ whose `f64` image is 0, subnormal or infinite made these loops run forever).
fn enclosure(samples: u64, ratio: &Q, lambda: &Q, field: &str) -> Result<Enclosure, LowerError> {
    let fail = |what: &str| LowerError::Invalid {
        field: field.to_string(),
        reason: format!("no short decimal {what} was found (λ outside the normal f64 range?)"),
    };
    let (k, l) = (2u64, 2u32);
    let lambda_w = ratio * lambda;
    let rhs = a_hint_rhs(k, l, samples, &lambda_w, lambda);
    // A = (3/2) K (n λ_H λ_W²)^(1/3)
    let c = (samples as f64 * q_to_f64(lambda) * q_to_f64(&lambda_w).powi(2)).cbrt();
    let a = 1.5 * k as f64 * c;
    if !a.is_normal() {
        return Err(fail("for A"));
    }
    let search = |start: f64, step: f64, ok: &dyn Fn(&Q) -> bool| -> Option<Q> {
        let mut factor = start;
        for _ in 0..MAX_HINT_STEPS {
            let cand = decimal_below(a * factor, 15)?;
            if ok(&cand) {
                return Some(cand);
            }
            factor *= step;
        }
        None
    };
    let a_lower = search(1.0 - 1e-13, 1.0 - 1e-9, &|c| {
        c.is_positive() && pow_u(c, 3) <= rhs
    })
    .ok_or_else(|| fail("below A"))?;
    let a_upper =
        search(1.0 + 1e-12, 1.0 + 1e-9, &|c| pow_u(c, 3) >= rhs).ok_or_else(|| fail("above A"))?;
    let fl = family_loss(c * k as f64, l).map_err(|e| fail(&format!("for g ({e})")))?;
    let (g, x) = (fl.loss, fl.scale);
    // u on a 2^-32 grid keeps the exact value short
    let u = f64_to_q((x.cbrt() * 4_294_967_296.0).round() / 4_294_967_296.0)
        .ok_or_else(|| fail("for u"))?;
    let gap = Q::from_integer(1.into()) - pow_u(&u, 3);
    let value = Q::new(1.into(), 2.into()) * &gap * &gap + &a_upper * &u * &u;
    let mut factor = 1.0 + 1e-11;
    let mut upper = None;
    for _ in 0..MAX_HINT_STEPS {
        let cand = decimal_below(q_to_f64(&value) * factor, 12).ok_or_else(|| fail("above g"))?;
        if cand >= value {
            upper = Some(cand);
            break;
        }
        factor *= 1.0 + 1e-9;
    }
    let upper = upper.ok_or_else(|| fail("above g"))?;
    // the largest short decimal below g that Sturm's theorem accepts (a few tries)
    let mut rel = 1e-10;
    let mut lower = decimal_below(g * (1.0 - rel), 12).ok_or_else(|| fail("below g"))?;
    for _ in 0..8 {
        if dnc_lower_poly(l, &a_lower, &lower)
            .is_positive_from(&Q::zero())
            .is_ok()
        {
            break;
        }
        rel *= 10.0;
        lower = decimal_below(g * (1.0 - rel), 12).ok_or_else(|| fail("below g"))?;
    }
    Ok(Enclosure {
        lower: lower.to_string(),
        a_lower: a_lower.to_string(),
        upper: upper.to_string(),
        a_upper: a_upper.to_string(),
        u: u.to_string(),
    })
}

/// A lower-bound certificate at $K = 2$, $L = 2$, $n$, $\lambda_W = \rho\lambda_H$ for
/// $\lambda_H \in [\lambda_{\min}, \lambda_{\max}]$, verified by the kernel (its error if
/// the kernel refuses it, e.g. when the interval straddles DNC's zero threshold).
#[cfg_attr(doc, doc = katex!())]
pub fn lower_certificate(
    samples: u64,
    ratio: &Q,
    lambda_min: &Q,
    lambda_max: &Q,
    claim: &str,
) -> Result<(LowerCertificate, LowerVerified), LowerError> {
    let zero_at = |lambda: &Q| {
        DufmParams::new(2, 2, ratio * lambda, lambda.clone(), samples)
            .map(|p| dnc_zero_threshold(&p).0)
            .unwrap_or(false)
    };
    let regime = if zero_at(lambda_min) {
        "zero"
    } else {
        "collapse"
    };
    let cert = LowerCertificate {
        kind: "lower".into(),
        claim: claim.into(),
        provenance: "ncverify search::lower (f64 minimiser, short decimals, kernel-checked)".into(),
        reduction: TWO_CLASS_L2.into(),
        params: LowerParams {
            classes: 2,
            layers: 2,
            samples,
            ratio: ratio.to_string(),
            lambda_min: lambda_min.to_string(),
            lambda_max: lambda_max.to_string(),
            regime: regime.into(),
        },
        at_min: enclosure(samples, ratio, lambda_min, "at_min")?,
        at_max: enclosure(samples, ratio, lambda_max, "at_max")?,
    };
    let v = cert.verify()?;
    Ok((cert, v))
}

/// The TOML text of a lower-bound certificate.
pub fn lower_to_toml(cert: &LowerCertificate) -> String {
    toml::to_string(cert).unwrap_or_else(|e| format!("# serialisation failed: {e}\n"))
}
