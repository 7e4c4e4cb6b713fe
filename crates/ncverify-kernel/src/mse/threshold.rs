//! # When the DNC optimum of the MSE deep UFM is the zero solution
//!
//! For deep neural collapse the family loss of the MSE deep UFM is
//! $\min_{x \ge 0}\varphi(x)$ with
//! $$\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2}\thinspace a\thinspace x^{2/(L+1)},\qquad
//! a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L$$
//! (AM–GM over the $L+1$ factor scales; the MSE module docs of `ncverify`), and
//! $\varphi(0) = \frac12$.
//!
//! ## Main definitions
//! - [`DufmParams`]: validated $(K, L, n, \lambda_W, \lambda_H)$, $K, n \ge 1$,
//!   $1 \le L \le$ [`MAX_LAYERS`], $\lambda > 0$, with $a^{L+1}$ of at most
//!   [`MAX_A_POWER_BITS`] bits (so that every exact quantity stays computable).
//! - [`DufmParams::dnc_a_power`]: $a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L$.
//! - [`zero_threshold_rhs`]: $T_L = (L-1)^{L-1}/L^{2L}$ (with $0^0 = 1$).
//!
//! ## Main results
//! - [`dnc_zero_threshold`]: decides $a^{L+1} \ge T_L$, the exact threshold at which zero
//!   becomes DNC's optimal scale.
//! - [`prove_zero_threshold_formula`]: the derivation of $T_L$. For $0 < x$,
//!   $\varphi(x) < \frac12 \iff (L+1)^{L+1}a^{L+1} < g_L(x) := x^{L-1}(2-x)^{L+1}$, and
//!   $\max_{\[0,1\]} g_L = M_L = g_L(x_0)$, $x_0 = \frac{L-1}{L}$, with
//!   $M_L/(L+1)^{L+1} = T_L$. Checked per $L$: $M_L - g_L = (x - x_0)^2q_L$ (for $L = 1$:
//!   $x\thinspace q_1$) with $q_L > 0$ on $\[0, 1\]$ by Sturm, so $x_0$ is the unique maximiser on
//!   $\[0,1\]$.
//! - [`decide_scale_beats_zero`]: for a proposed $x = u^{L+1}$, $u > 0$, decides
//!   $\varphi(x) < \frac12 \iff ((L+1)u^2)^{L+1}a^{L+1} < (x(2-x))^{L+1}$ (when $x(2-x) > 0$;
//!   otherwise $\varphi(x) \ge \frac12$ since $(1-x)^2 \ge 1$).
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 4 (the DNC
//!   optimum); the normalisation ($\lambda_H$ not divided by $N$) is reconstructed.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::poly::{Bound, Positivity, QPoly};
use crate::arith::rational::{Q, Z, pow_u};
use crate::fact::Fact;
use num_traits::{One, Signed, Zero};
use std::fmt;

/// Invalid parameters of the MSE deep UFM.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamError {
    /// $K = 0$.
    NoClasses,
    /// $L = 0$ or $L >$ [`MAX_LAYERS`].
    BadLayers(u32),
    /// $n = 0$.
    NoSamples,
    /// $\lambda_W$ or $\lambda_H$ is not positive.
    NonPositiveLambda {
        /// `lambda_w` or `lambda_h`.
        which: &'static str,
    },
    /// $K^{L+1}n\lambda_H\lambda_W^L$ would exceed [`MAX_A_POWER_BITS`] bits; names the
    /// argument that contributes most.
    TooLarge {
        /// `classes`, `lambda_w` or `lambda_h`.
        which: &'static str,
    },
}

/// The largest $L$ accepted: $T_L$ has about $3L\log_2 L$ bits.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_LAYERS: u32 = 100_000;

/// The largest size in bits (numerators plus denominators, estimated before computing) of
/// $a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L$.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_A_POWER_BITS: u64 = 1 << 19;

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoClasses => write!(f, "classes: K = 0, need K >= 1"),
            Self::BadLayers(l) => write!(f, "layers: L = {l}, need 1 <= L <= {MAX_LAYERS}"),
            Self::NoSamples => write!(f, "samples: n = 0, need n >= 1"),
            Self::NonPositiveLambda { which } => write!(f, "{which}: need {which} > 0"),
            Self::TooLarge { which } => write!(
                f,
                "{which}: too large, K^(L+1) n lambda_H lambda_W^L would exceed \
                 {MAX_A_POWER_BITS} bits"
            ),
        }
    }
}

impl std::error::Error for ParamError {}

impl ParamError {
    /// The caller's argument, as [`DufmParams::new`] names it: `classes`, `layers`, `samples`,
    /// `lambda_w` or `lambda_h`.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::NoClasses => "classes",
            Self::BadLayers(_) => "layers",
            Self::NoSamples => "samples",
            Self::NonPositiveLambda { which } | Self::TooLarge { which } => which,
        }
    }
}

/// Why the threshold derivation or a witness check failed, naming the clause.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThresholdError {
    /// Invalid parameters.
    Param(ParamError),
    /// A proposed scale $u$ is not positive.
    NonPositiveScale,
    /// The range $1..L_{\max}$ of [`prove_zero_threshold_formula`] is empty or goes beyond
    /// [`MAX_LAYERS`].
    MaxLayers(u32),
    /// $M_L/(L+1)^{L+1} \ne T_L$.
    Maximum {
        /// $L$.
        layers: u32,
    },
    /// $(x - x_0)^2$ (or $x$) does not divide $M_L - g_L$.
    NotDivisible {
        /// $L$.
        layers: u32,
    },
    /// The quotient $q_L$ is not positive on $\[0, 1\]$.
    QuotientNotPositive {
        /// $L$.
        layers: u32,
    },
}

impl fmt::Display for ThresholdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Param(e) => write!(f, "{e}"),
            Self::NonPositiveScale => write!(f, "u: need u > 0 (a proposed scale)"),
            Self::MaxLayers(l) => {
                write!(f, "l_max: L_max = {l}, need 1 <= L_max <= {MAX_LAYERS}")
            }
            Self::Maximum { layers } => {
                write!(f, "L = {layers}: M_L/(L+1)^(L+1) != (L-1)^(L-1)/L^(2L)")
            }
            Self::NotDivisible { layers } => {
                write!(f, "L = {layers}: (x - x0)^2 does not divide M_L - g_L")
            }
            Self::QuotientNotPositive { layers } => {
                write!(
                    f,
                    "L = {layers}: the quotient q_L is not positive on [0, 1]"
                )
            }
        }
    }
}

impl std::error::Error for ThresholdError {}

impl ThresholdError {
    /// The caller's argument the error is about (`u`, `l_max`, or a parameter of
    /// [`DufmParams`]), or `None` for a failed step of the derivation.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::Param(e) => Some(e.parameter()),
            Self::NonPositiveScale => Some("u"),
            Self::MaxLayers(_) => Some("l_max"),
            Self::Maximum { .. } | Self::NotDivisible { .. } | Self::QuotientNotPositive { .. } => {
                None
            }
        }
    }
}

impl From<ParamError> for ThresholdError {
    fn from(e: ParamError) -> Self {
        Self::Param(e)
    }
}

/// Validated parameters of the MSE deep UFM.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DufmParams {
    classes: u64,
    layers: u32,
    lambda_w: Q,
    lambda_h: Q,
    samples: u64,
}

impl fmt::Display for DufmParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "K = {}, L = {}, n = {}, lambda_W = {}, lambda_H = {}",
            self.classes, self.layers, self.samples, self.lambda_w, self.lambda_h
        )
    }
}

impl DufmParams {
    /// Validate: $K, n \ge 1$, $1 \le L \le$ [`MAX_LAYERS`], $\lambda_W, \lambda_H > 0$, and
    /// the size of $K^{L+1}n\lambda_H\lambda_W^L$ at most [`MAX_A_POWER_BITS`] bits.
    ///
    /// # Errors
    /// [`ParamError`] naming the argument: `classes` for $K = 0$, `layers` for $L$ outside
    /// $1..=$[`MAX_LAYERS`], `samples` for $n = 0$, `lambda_w`/`lambda_h` for a value $\le 0$, and
    /// [`ParamError::TooLarge`] naming the largest contributor if $a^{L+1}$ would exceed
    /// [`MAX_A_POWER_BITS`] bits (estimated before computing).
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::arith::rational::q;
    /// use ncverify_kernel::mse::threshold::{DufmParams, ParamError};
    /// let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1)?;
    /// assert_eq!(p.classes(), 6);
    /// let e = DufmParams::new(0, 4, q(1, 1000), q(1, 1000), 1).unwrap_err();
    /// assert_eq!((e.parameter(), e.to_string().as_str()), ("classes", "classes: K = 0, need K >= 1"));
    ///
    /// # Ok::<(), ParamError>(())
    /// ```
    pub fn new(
        classes: u64,
        layers: u32,
        lambda_w: Q,
        lambda_h: Q,
        samples: u64,
    ) -> Result<Self, ParamError> {
        if classes == 0 {
            return Err(ParamError::NoClasses);
        }
        if !layers_ok(layers) {
            return Err(ParamError::BadLayers(layers));
        }
        if samples == 0 {
            return Err(ParamError::NoSamples);
        }
        if !lambda_w.is_positive() {
            return Err(ParamError::NonPositiveLambda { which: "lambda_w" });
        }
        if !lambda_h.is_positive() {
            return Err(ParamError::NonPositiveLambda { which: "lambda_h" });
        }
        // bits of K^{L+1} n λ_H λ_W^L, bounded before computing it
        let size = |x: &Q| x.numer().bits().saturating_add(x.denom().bits());
        let e = u64::from(layers);
        let parts = [
            (
                "classes",
                (e + 1).saturating_mul(u64::from(64 - classes.leading_zeros())),
            ),
            ("lambda_w", e.saturating_mul(size(&lambda_w))),
            ("lambda_h", size(&lambda_h).saturating_add(64)),
        ];
        let total = parts.iter().fold(0u64, |t, (_, b)| t.saturating_add(*b));
        if total > MAX_A_POWER_BITS {
            let which = parts
                .iter()
                .max_by_key(|(_, b)| *b)
                .map_or("lambda_w", |p| p.0);
            return Err(ParamError::TooLarge { which });
        }
        Ok(Self {
            classes,
            layers,
            lambda_w,
            lambda_h,
            samples,
        })
    }

    /// $K$.
    pub fn classes(&self) -> u64 {
        self.classes
    }
    /// $L$.
    pub fn layers(&self) -> u32 {
        self.layers
    }
    /// $\lambda_W$.
    pub fn lambda_w(&self) -> &Q {
        &self.lambda_w
    }
    /// $\lambda_H$.
    pub fn lambda_h(&self) -> &Q {
        &self.lambda_h
    }
    /// $n$.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// $n\lambda_H\lambda_W^L$.
    ///
    /// # Cost
    /// One power of exponent $L$ of $\lambda_W$.
    // n λ_H λ_W^L
    pub fn reg_product(&self) -> Q {
        Q::from_integer(Z::from(self.samples)) * &self.lambda_h * pow_u(&self.lambda_w, self.layers)
    }

    /// $a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L$ for the DNC family ($C_{\mathrm{DNC}} = K$).
    ///
    /// # Cost
    /// Powers of exponent $L + 1$: results of at most [`MAX_A_POWER_BITS`] bits.
    // a^{L+1} = (cK)^{L+1} = K^{L+1} n λ_H λ_W^L
    pub fn dnc_a_power(&self) -> Q {
        pow_u(&Q::from_integer(Z::from(self.classes)), self.layers + 1) * self.reg_product()
    }
}

/// $1 \le L \le$ [`MAX_LAYERS`] (then $L + 1$ and $2L$ fit in `u32`).
fn layers_ok(layers: u32) -> bool {
    (1..=MAX_LAYERS).contains(&layers)
}

/// $T_L = (L-1)^{L-1}/L^{2L}$ (with $0^0 = 1$) for $1 \le L \le$ [`MAX_LAYERS`].
///
/// # Errors
/// [`ParamError::BadLayers`] (parameter `layers`) unless $1 \le L \le$ [`MAX_LAYERS`].
///
/// # Cost
/// Two integer powers of exponent about $2L$: $O(L\log L)$-bit results.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::threshold::zero_threshold_rhs;
/// assert_eq!(zero_threshold_rhs(3)?, q(4, 729)); // 2^2 / 3^6
/// assert_eq!(zero_threshold_rhs(0).unwrap_err().parameter(), "layers");
///
/// # Ok::<(), ncverify_kernel::mse::threshold::ParamError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn zero_threshold_rhs(layers: u32) -> Result<Q, ParamError> {
    if !layers_ok(layers) {
        return Err(ParamError::BadLayers(layers));
    }
    Ok(threshold(layers))
}

// T_L = (L-1)^{L-1} / L^{2L}; the caller checked `layers_ok`
fn threshold(layers: u32) -> Q {
    let l = Q::from_integer(Z::from(layers));
    pow_u(&(&l - Q::one()), layers - 1) / pow_u(&l, 2 * layers)
}

/// Decide whether $a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L \ge T_L$ (DNC's optimal scale is
/// zero by `mse.dnc_zero_threshold`); the fact states the comparison either way.
///
/// # Cost
/// [`DufmParams::dnc_a_power`] and [`zero_threshold_rhs`]: powers of exponent $O(L)$.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::threshold::{DufmParams, dnc_zero_threshold};
/// let weak = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
/// assert!(!dnc_zero_threshold(&weak).0); // DNC's optimum is non-zero
/// let strong = DufmParams::new(6, 4, q(1, 2), q(1, 2), 1).unwrap();
/// assert!(dnc_zero_threshold(&strong).0);
/// ```
// zero is optimal ⟺ K^{L+1} n λ_H λ_W^L >= (L-1)^{L-1} / L^{2L}
pub fn dnc_zero_threshold(p: &DufmParams) -> (bool, Fact) {
    let a = p.dnc_a_power();
    let t = threshold(p.layers);
    let zero = a >= t;
    let rel = if zero { ">=" } else { "<" };
    (
        zero,
        Fact::new(format!(
            "{p}: K^(L+1) n lambda_H lambda_W^L = {a} {rel} {t} = (L-1)^(L-1)/L^(2L) (the DNC \
             zero threshold)"
        )),
    )
}

/// Decide $\varphi(x) < \frac12 = \varphi(0)$ at $x = u^{L+1}$ for the DNC family of `p`:
/// `Ok` holds the fact $<$, `Err` the fact $\ge$.
///
/// # Errors
/// [`ThresholdError::NonPositiveScale`] (parameter `u`) unless $u > 0$.
///
/// # Cost
/// Powers of exact rationals of exponent $L + 1$.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::threshold::{DufmParams, decide_scale_beats_zero};
/// let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
/// assert!(decide_scale_beats_zero(&p, &q(9, 10))?.is_ok()); // a scale that beats zero
/// assert!(decide_scale_beats_zero(&p, &q(0, 1)).is_err()); // u = 0 is refused
/// # Ok::<(), ncverify_kernel::mse::threshold::ThresholdError>(())
/// ```
// φ(x) < 1/2 ⟺ (L+1) a x^{2/(L+1)} < x(2-x) ⟺ ((L+1)u^2)^{L+1} a^{L+1} < (x(2-x))^{L+1} if x(2-x) > 0
pub fn decide_scale_beats_zero(
    p: &DufmParams,
    u: &Q,
) -> Result<Result<Fact, Fact>, ThresholdError> {
    if !u.is_positive() {
        return Err(ThresholdError::NonPositiveScale);
    }
    let e = p.layers + 1;
    let x = pow_u(u, e);
    let s = &x * (Q::from_integer(Z::from(2)) - &x);
    let m = Q::from_integer(Z::from(e));
    let lhs = pow_u(&(&m * u * u), e) * p.dnc_a_power();
    let rhs = if s.is_positive() {
        pow_u(&s, e)
    } else {
        Q::zero()
    };
    let statement = |rel: &str| {
        format!(
            "{p}, x = u^(L+1) with u = {u}: ((L+1) u^2)^(L+1) a^(L+1) = {lhs} {rel} {rhs} = \
             max(x(2-x), 0)^(L+1), a^(L+1) = K^(L+1) n lambda_H lambda_W^L"
        )
    };
    Ok(if lhs < rhs {
        Ok(Fact::new(statement("<")))
    } else {
        Err(Fact::new(statement(">=")))
    })
}

/// $g_L(x) = x^{L-1}(2-x)^{L+1}$.
fn g_poly(layers: u32) -> QPoly {
    QPoly::x().pow(layers - 1) * QPoly::from_ints(&[2, -1]).pow(layers + 1)
}

/// One $L$ of [`prove_zero_threshold_formula`].
// M_L = g_L(x0), x0 = (L-1)/L;  M_L - g_L = (x - x0)^2 q_L (L >= 2) or x q_1 (L = 1), q_L > 0 on [0, 1]
fn check_maximum(layers: u32) -> Result<(), ThresholdError> {
    let l = Q::from_integer(Z::from(layers));
    let x0 = (&l - Q::one()) / &l;
    let g = g_poly(layers);
    let m = g.eval(&x0);
    if &m / pow_u(&(&l + Q::one()), layers + 1) != threshold(layers) {
        return Err(ThresholdError::Maximum { layers });
    }
    let divisor = if layers == 1 {
        QPoly::x()
    } else {
        (QPoly::x() - QPoly::constant(x0)).pow(2)
    };
    let (quot, rem) = (QPoly::constant(m) - g)
        .div_rem(&divisor)
        .map_err(|_| ThresholdError::NotDivisible { layers })?;
    if !rem.is_zero() {
        return Err(ThresholdError::NotDivisible { layers });
    }
    let (lo, hi) = (Bound::Finite(Q::zero()), Bound::Finite(Q::one()));
    if quot.positivity_on(&lo, &hi) != Positivity::Positive {
        return Err(ThresholdError::QuotientNotPositive { layers });
    }
    Ok(())
}

/// Check the derivation of the threshold for $L = 1..L_{\max}$ (module docs).
///
/// # Errors
/// [`ThresholdError::MaxLayers`] (parameter `l_max`) unless $1 \le L_{\max} \le$
/// [`MAX_LAYERS`]; [`ThresholdError::Maximum`], [`ThresholdError::NotDivisible`] or
/// [`ThresholdError::QuotientNotPositive`] naming the first $L$ where the derivation fails.
///
/// # Cost
/// Per $L$: a polynomial division and a Sturm sequence of degree about $2L$, so about
/// $O(L_{\max}^4)$ rational operations in total (not timed here): meant for small $L_{\max}$,
/// far longer near [`MAX_LAYERS`].
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::threshold::prove_zero_threshold_formula;
/// let fact = prove_zero_threshold_formula(4)?;
/// assert!(fact.to_string().starts_with("for L = 1..4"));
/// assert_eq!(prove_zero_threshold_formula(0).unwrap_err().parameter(), Some("l_max"));
///
/// # Ok::<(), ncverify_kernel::mse::threshold::ThresholdError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn prove_zero_threshold_formula(l_max: u32) -> Result<Fact, ThresholdError> {
    if !layers_ok(l_max) {
        return Err(ThresholdError::MaxLayers(l_max));
    }
    for layers in 1..=l_max {
        check_maximum(layers)?;
    }
    Ok(Fact::new(format!(
        "for L = 1..{l_max}: g_L(x) = x^(L-1) (2-x)^(L+1) has M_L - g_L = (x - x0)^2 q_L \
         (x q_1 at L = 1) with x0 = (L-1)/L, M_L = g_L(x0) and q_L > 0 on [0, 1] (Sturm), so \
         max over [0, 1] of g_L is M_L, attained only at x0, and M_L/(L+1)^(L+1) = \
         (L-1)^(L-1)/L^(2L)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn thresholds_by_hand() {
        assert_eq!(zero_threshold_rhs(1), Ok(qi(1))); // 0^0 / 1
        assert_eq!(zero_threshold_rhs(3), Ok(q(4, 729)));
        // L = 4: 3^3 / 4^8
        assert_eq!(zero_threshold_rhs(4), Ok(q(27, 65536)));
        assert!(zero_threshold_rhs(0).is_err());
        assert!(zero_threshold_rhs(u32::MAX).is_err());
    }

    #[test]
    fn derivation_holds_to_sixteen_layers() {
        let f = prove_zero_threshold_formula(16).unwrap();
        assert!(f.to_string().starts_with("for L = 1..16"));
        assert!(prove_zero_threshold_formula(0).is_err());
    }

    #[test]
    fn threshold_and_witnesses_at_k6_l4() {
        let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
        let (zero, fact) = dnc_zero_threshold(&p);
        assert!(!zero, "{fact}");
        // x = (9/10)^5 beats zero here (the optimum is near 0.96)
        assert!(decide_scale_beats_zero(&p, &q(99, 100)).unwrap().is_ok());
        let big = DufmParams::new(6, 4, q(1, 2), q(1, 2), 1).unwrap();
        assert!(dnc_zero_threshold(&big).0);
        for u in [q(1, 10), q(1, 2), q(9, 10), qi(1), qi(2)] {
            assert!(
                decide_scale_beats_zero(&big, &u).unwrap().is_err(),
                "u = {u}"
            );
        }
        assert_eq!(
            decide_scale_beats_zero(&big, &qi(0)),
            Err(ThresholdError::NonPositiveScale)
        );
    }

    #[test]
    fn parameters_are_validated() {
        let l = q(1, 2);
        assert_eq!(
            DufmParams::new(0, 1, l.clone(), l.clone(), 1),
            Err(ParamError::NoClasses)
        );
        assert_eq!(
            DufmParams::new(2, 0, l.clone(), l.clone(), 1),
            Err(ParamError::BadLayers(0))
        );
        assert_eq!(
            DufmParams::new(2, 1, l.clone(), l.clone(), 0),
            Err(ParamError::NoSamples)
        );
        assert_eq!(
            DufmParams::new(2, 1, qi(0), l, 1),
            Err(ParamError::NonPositiveLambda { which: "lambda_w" })
        );
    }
}
