//! # The scalar problem of the deep linear MSE UFM
//!
//! Without activations the deep UFM's objective is bounded below, through the Schatten
//! variational lemma and von Neumann's trace inequality, by an average of $K$ copies of one
//! scalar problem, $\frac1K\sum_{i\le K}\varphi(x_i)$ with
//! $$\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2}\thinspace a\thinspace x^{2/(L+1)},\qquad
//! a^{L+1} = K^{L+1}n\lambda_H\lambda_W^L,$$
//! and the DNC family attains $\min\varphi$ (the reduction is argued in
//! `proofs/mse.linear_dnc_global.md`). This module checks the one fact about $\varphi$ that
//! the reduction needs beyond calculus by hand: where its minimisers can be.
//!
//! For $x > 0$, $\varphi'(x) = x^{-(L-1)/(L+1)}\big(a - h_L(x)^{1/(L+1)}\big)$ on $(0, 1)$ with
//! $$h_L(x) = (1-x)^{L+1}x^{L-1},$$
//! so the sign of $\varphi'$ on $(0,1)$ is the sign of $a^{L+1} - h_L(x)$, and
//! $\varphi' > 0$ on $[1, \infty)$.
//!
//! ## Main definitions
//! - [`stationarity_poly`]: the polynomial $h_L$.
//!
//! ## Main results
//! - [`prove_stationarity_unimodal`]: for $L = 1..L_{\max}$, $h_L'$ has exactly one root in the
//!   open interval $(0, 1)$, at $x_0 = \frac{L-1}{2L}$, with $h_L' > 0$ on $(0, x_0)$ and
//!   $h_L' < 0$ on $(x_0, 1)$ for $L \ge 2$; for $L = 1$, no root and $h_1' < 0$ on $(0,1)$.
//!   Checked by a Sturm count of the distinct roots of $h_L'$ in $(0, 1\]$ (minus the root at
//!   $1$), $h_L'(x_0) = 0$, and one sign on each side. Consequently $h_L = a^{L+1}$ has at most
//!   two roots in $(0, 1)$, at most one of them in $\[x_0, 1)$, and $\varphi$ has at most two
//!   local minimisers on $\[0, \infty)$: $0$ (for $L \ge 2$) and the root of
//!   $h_L = a^{L+1}$ in $\[x_0, 1)$.
//!
//! ## References
//! - Garrod & Keating, *Unifying low-dimensional observations in deep learning through the
//!   deep linear unconstrained feature model* (arXiv:2410.23169): the deep linear optimum.
//! - Súkeník, Lampert, Mondelli (arXiv:2405.14468), Theorem 4: the DNC family loss $\varphi$.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::poly::{Bound, QPoly};
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use crate::mse::threshold::MAX_LAYERS;
use num_traits::{One, Zero};
use std::cmp::Ordering;
use std::fmt;

/// Why the unimodality check failed, naming $L$ and the clause.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinearError {
    /// $L = 0$ or $L$ above [`MAX_LAYERS`] ([`stationarity_poly`]).
    BadLayers(u32),
    /// $L_{\max} = 0$ or $L_{\max}$ above [`MAX_STURM_LAYERS`]
    /// ([`prove_stationarity_unimodal`]).
    MaxLayers(u32),
    /// $h_L'$ does not have the expected number of roots in $(0, 1)$.
    RootCount {
        /// $L$.
        layers: u32,
        /// Roots found.
        found: usize,
    },
    /// $h_L'(x_0) \ne 0$.
    NotStationary {
        /// $L$.
        layers: u32,
    },
    /// $h_L'$ has the wrong sign on one side of $x_0$.
    Sign {
        /// $L$.
        layers: u32,
    },
}

/// The largest $L_{\max}$ accepted by [`prove_stationarity_unimodal`]: the Sturm sequence of
/// $h_L'$ (degree $2L - 1$) is cheap up to here; every $L$ is argued in prose.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_STURM_LAYERS: u32 = 64;

impl fmt::Display for LinearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadLayers(l) => write!(f, "layers: L = {l}, need 1 <= L <= {MAX_LAYERS}"),
            Self::MaxLayers(l) => write!(
                f,
                "l_max: L_max = {l}, need 1 <= L_max <= {MAX_STURM_LAYERS}"
            ),
            Self::RootCount { layers, found } => {
                write!(f, "L = {layers}: h_L' has {found} roots in (0, 1)")
            }
            Self::NotStationary { layers } => {
                write!(f, "L = {layers}: h_L'((L-1)/(2L)) != 0")
            }
            Self::Sign { layers } => {
                write!(f, "L = {layers}: h_L' has the wrong sign beside (L-1)/(2L)")
            }
        }
    }
}

impl std::error::Error for LinearError {}

impl LinearError {
    /// The caller's argument the error is about (`layers` of [`stationarity_poly`], `l_max`
    /// of [`prove_stationarity_unimodal`]), or `None` for a failed check of the mathematics.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::BadLayers(_) => Some("layers"),
            Self::MaxLayers(_) => Some("l_max"),
            Self::RootCount { .. } | Self::NotStationary { .. } | Self::Sign { .. } => None,
        }
    }
}

/// $h_L(x) = (1-x)^{L+1}x^{L-1}$, $1 \le L \le$ [`MAX_LAYERS`]; an error otherwise.
///
/// # Errors
/// [`LinearError::BadLayers`] (parameter `layers`) unless $1 \le L \le$ [`MAX_LAYERS`].
///
/// # Cost
/// A polynomial of degree $2L$: $O(L^2)$ integer operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::QPoly;
/// use ncverify_kernel::mse::linear::stationarity_poly;
/// assert_eq!(stationarity_poly(2)?, QPoly::from_ints(&[0, 1, -3, 3, -1])); // (1-x)^3 x
///
/// # Ok::<(), ncverify_kernel::mse::linear::LinearError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn stationarity_poly(layers: u32) -> Result<QPoly, LinearError> {
    if !(1..=MAX_LAYERS).contains(&layers) {
        return Err(LinearError::BadLayers(layers));
    }
    Ok(QPoly::from_ints(&[1, -1]).pow(layers + 1) * QPoly::x().pow(layers - 1))
}

/// One $L$ of [`prove_stationarity_unimodal`].
fn check_unimodal(layers: u32) -> Result<(), LinearError> {
    let h = stationarity_poly(layers)?;
    let x0 = (layers >= 2).then(|| {
        let l = Q::from_integer(Z::from(layers));
        (&l - Q::one()) / (Q::from_integer(Z::from(2)) * &l)
    });
    check_rise_fall(&h, x0.as_ref(), layers)
}

/// With `x0 = Some(x0)`: $h'$ has exactly one root in $(0, 1)$, at $x_0$, positive before and
/// negative after. With `None`: no root in $(0, 1)$ and $h' < 0$ there. `layers` only names
/// the case in an error.
// #roots of h' in (0,1) = #(0,1] - [h'(1) = 0]; then h'(x0) = 0, h'(x0/2) > 0, h'((1+x0)/2) < 0
fn check_rise_fall(h: &QPoly, x0: Option<&Q>, layers: u32) -> Result<(), LinearError> {
    let dh = h.derivative();
    let (zero, one) = (Q::zero(), Q::one());
    let two = Q::from_integer(Z::from(2));
    let in_half_open =
        dh.count_distinct_roots(&Bound::Finite(zero.clone()), &Bound::Finite(one.clone()));
    let found = in_half_open.saturating_sub(usize::from(dh.eval(&one).is_zero()));
    let Some(x0) = x0 else {
        if found != 0 {
            return Err(LinearError::RootCount { layers, found });
        }
        if dh.sign_at(&(&one / &two)) != Ordering::Less {
            return Err(LinearError::Sign { layers });
        }
        return Ok(());
    };
    if found != 1 {
        return Err(LinearError::RootCount { layers, found });
    }
    if !(&zero < x0 && x0 < &one && dh.eval(x0).is_zero()) {
        return Err(LinearError::NotStationary { layers });
    }
    let left = x0 / &two;
    let right = (&one + x0) / &two;
    if dh.sign_at(&left) != Ordering::Greater || dh.sign_at(&right) != Ordering::Less {
        return Err(LinearError::Sign { layers });
    }
    Ok(())
}

/// Check, for $L = 1..L_{\max}$, that $h_L = (1-x)^{L+1}x^{L-1}$ rises on $\[0, x_0\]$ and
/// falls on $\[x_0, 1\]$, $x_0 = \frac{L-1}{2L}$ (module docs).
///
/// # Errors
/// [`LinearError::MaxLayers`] (parameter `l_max`) unless $1 \le L_{\max} \le$
/// [`MAX_STURM_LAYERS`]; [`LinearError::RootCount`], [`LinearError::NotStationary`] or
/// [`LinearError::Sign`] naming the first $L$ where the check fails.
///
/// # Cost
/// Per $L$ a Sturm sequence of degree $2L - 1$: $O(L_{\max}^4)$ rational operations in total.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::linear::prove_stationarity_unimodal;
/// assert!(prove_stationarity_unimodal(5)?.to_string().starts_with("for L = 1..5"));
/// assert_eq!(prove_stationarity_unimodal(0).unwrap_err().parameter(), Some("l_max"));
///
/// # Ok::<(), ncverify_kernel::mse::linear::LinearError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn prove_stationarity_unimodal(l_max: u32) -> Result<Fact, LinearError> {
    if !(1..=MAX_STURM_LAYERS).contains(&l_max) {
        return Err(LinearError::MaxLayers(l_max));
    }
    for layers in 1..=l_max {
        check_unimodal(layers)?;
    }
    Ok(Fact::new(format!(
        "for L = 1..{l_max}: h_L(x) = (1-x)^(L+1) x^(L-1) has h_L' with exactly one root in \
         (0, 1) for L >= 2, at x0 = (L-1)/(2L), h_L' > 0 on (0, x0) and h_L' < 0 on (x0, 1), \
         and no root with h_1' < 0 on (0, 1) for L = 1 (Sturm counts), so h_L = a^(L+1) has \
         at most one root in [x0, 1) and at most two in (0, 1)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unimodal_to_sixty_four_layers() {
        let f = prove_stationarity_unimodal(MAX_STURM_LAYERS).unwrap();
        assert!(f.to_string().starts_with("for L = 1..64"));
        assert_eq!(
            prove_stationarity_unimodal(0),
            Err(LinearError::MaxLayers(0))
        );
        assert_eq!(
            prove_stationarity_unimodal(MAX_STURM_LAYERS + 1),
            Err(LinearError::MaxLayers(MAX_STURM_LAYERS + 1))
        );
    }

    #[test]
    fn stationarity_poly_by_hand() {
        // L = 2: (1-x)^3 x = x - 3x^2 + 3x^3 - x^4, h' = 1 - 6x + 9x^2 - 4x^3 = (1-x)^2 (1-4x)
        let h = stationarity_poly(2).unwrap();
        assert_eq!(h, QPoly::from_ints(&[0, 1, -3, 3, -1]));
        assert_eq!(
            h.derivative(),
            QPoly::from_ints(&[1, -1]).pow(2) * QPoly::from_ints(&[1, -4])
        );
        assert_eq!(stationarity_poly(0), Err(LinearError::BadLayers(0)));
    }

    /// The check can fail: a polynomial with three interior critical points, one with the
    /// wrong stationary point, and a falling one where a rise was asserted are refused.
    #[test]
    fn the_check_refuses_other_shapes() {
        let half = Q::one() / Q::from_integer(Z::from(2));
        // x(1-x)(1-2x)^2: critical points at 1/2 and two others in (0, 1)
        let bimodal = QPoly::from_ints(&[0, 1, -1]) * QPoly::from_ints(&[1, -2]).pow(2);
        assert_eq!(
            check_rise_fall(&bimodal, Some(&half), 7),
            Err(LinearError::RootCount {
                layers: 7,
                found: 3
            })
        );
        let h2 = stationarity_poly(2).unwrap();
        assert_eq!(
            check_rise_fall(&h2, Some(&half), 2),
            Err(LinearError::NotStationary { layers: 2 })
        );
        // x(1-x) peaks at 1/2: with no interior root expected, the count refuses it
        let cap = QPoly::from_ints(&[0, 1, -1]);
        assert_eq!(
            check_rise_fall(&cap, None, 1),
            Err(LinearError::RootCount {
                layers: 1,
                found: 1
            })
        );
        // -x(1-x) has its interior critical point at 1/2 but falls, then rises
        assert_eq!(
            check_rise_fall(&(-cap), Some(&half), 1),
            Err(LinearError::Sign { layers: 1 })
        );
    }
}
