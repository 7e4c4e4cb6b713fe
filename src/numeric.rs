//! # Floating-point helpers (untrusted side)
//!
//! Conversions between the kernel's exact rationals and `f64`. Rational → `f64` rounds (it is
//! for display and for seeding searches); `f64` → rational is exact (every finite double is a
//! dyadic rational), which is the only way a float may enter the kernel.
//!
//! [`svd`] is the one singular value decomposition of the crate: nalgebra's, checked by
//! rebuilding its input, with a one-sided Jacobi fallback when the check fails (nalgebra 0.35
//! returns a wrong decomposition for some rank-one matrices; see the regression test).
//!
//! ## Example
//! ```
//! use nalgebra::DMatrix;
//! use ncverify::kernel::arith::rational::q;
//! use ncverify::numeric::{f64_to_q, svd};
//!
//! // M^T M = [[25, 20], [20, 25]]: singular values sqrt(45) and sqrt(5)
//! let m = DMatrix::from_row_slice(2, 2, &[3.0, 0.0, 4.0, 5.0]);
//! let d = svd(&m)?;
//! assert!((d.s[0] - 45f64.sqrt()).abs() < 1e-12 && (d.s[1] - 5f64.sqrt()).abs() < 1e-12);
//! assert!((d.rebuild() - &m).norm() < 1e-12);
//!
//! // floats enter exactly: 0.375 is 3/8, but the double nearest 0.1 is not 1/10
//! assert_eq!(f64_to_q(0.375), Some(q(3, 8)));
//! assert_ne!(f64_to_q(0.1), Some(q(1, 10)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::kernel::arith::rational::Q;
use crate::kernel::arith::rational::Z;
use nalgebra::{DMatrix, DVector};
use num_traits::{Signed, ToPrimitive};
use std::fmt;

/// Nearest `f64` to an exact rational (for display and numerical search only).
pub fn q_to_f64(x: &Q) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// The exact rational value of a finite `f64`, or `None` for NaN/∞.
pub fn f64_to_q(x: f64) -> Option<Q> {
    Q::from_float(x)
}

/// Which way [`decimal`] rounds: toward $-\infty$ or toward $+\infty$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// The largest decimal of the requested length $\le x$ (a lower end).
    Down,
    /// The smallest decimal of the requested length $\ge x$ (an upper end).
    Up,
}

/// $10^e$ exactly.
fn pow10(e: i64) -> Q {
    let p = Z::from(10u32).pow(u32::try_from(e.unsigned_abs()).unwrap_or(u32::MAX));
    if e >= 0 {
        Q::from_integer(p)
    } else {
        Q::new(Z::from(1u32), p)
    }
}

/// `x` in scientific notation with at most `digits` significant digits (at least 1), rounded
/// in the direction `round` exactly (no `f64` on the way): `Down` prints a number $\le x$,
/// `Up` one $\ge x$, and [`parse_rational`](crate::kernel::arith::rational::parse_rational)
/// reads it back exactly. Trailing zeros are dropped: `decimal(&q(1, 3), 4, Round::Up)` is
/// `"3.334e-1"`.
///
/// # Cost
/// Exact arithmetic on numbers of the size of $x$ and $10^{\text{digits}}$.
///
/// ```
/// use ncverify::kernel::arith::rational::{parse_rational, q};
/// use ncverify::numeric::{Round, decimal};
/// assert_eq!(decimal(&q(1, 3), 4, Round::Down), "3.333e-1");
/// assert_eq!(decimal(&q(1, 3), 4, Round::Up), "3.334e-1");
/// assert_eq!(decimal(&q(-1, 3), 4, Round::Down), "-3.334e-1");
/// assert_eq!(decimal(&q(99_999, 1), 2, Round::Up), "1e5");
/// assert!(parse_rational(&decimal(&q(2, 7), 5, Round::Down)).unwrap() <= q(2, 7));
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn decimal(x: &Q, digits: u32, round: Round) -> String {
    use num_traits::Zero;
    if x.is_zero() {
        return "0".into();
    }
    let digits = i64::from(digits.max(1));
    let a = x.abs();
    // toward -inf on a negative x is away from zero on |x|
    let up = (round == Round::Up) == x.is_positive();
    // 10^e <= a < 10^(e+1): estimate from the bit lengths, then correct exactly
    let b = i64::try_from(a.numer().bits()).unwrap_or(i64::MAX)
        - i64::try_from(a.denom().bits()).unwrap_or(i64::MAX);
    let mut e = (b - 1).saturating_mul(30_103).div_euclid(100_000);
    while pow10(e) > a {
        e -= 1;
    }
    while pow10(e + 1) <= a {
        e += 1;
    }
    let scaled = &a * pow10(digits - 1 - e);
    let mut m = if up { scaled.ceil() } else { scaled.floor() }.to_integer();
    if m == Z::from(10u32).pow(u32::try_from(digits).unwrap_or(u32::MAX)) {
        m /= Z::from(10u32);
        e += 1;
    }
    let mut text = m.to_string();
    while text.len() > 1 && text.ends_with('0') {
        text.pop();
    }
    let (lead, rest) = text.split_at(1);
    let sign = if x.is_negative() { "-" } else { "" };
    if rest.is_empty() {
        format!("{sign}{lead}e{e}")
    } else {
        format!("{sign}{lead}.{rest}e{e}")
    }
}

/// An exact interval printed in decimals, rounded outward (`[lo, hi]` with the lower end
/// rounded down and the upper end up to `digits` significant digits), so the printed interval
/// contains the exact one.
pub fn enclosure_decimal(iv: &crate::kernel::arith::interval::QInterval, digits: u32) -> String {
    format!(
        "[{}, {}]",
        decimal(iv.lo(), digits, Round::Down),
        decimal(iv.hi(), digits, Round::Up)
    )
}

/// Relative difference $|a-b| / \max(|a|, |b|, \text{floor})$.
#[cfg_attr(doc, doc = katex!())]
pub fn rel_diff(a: f64, b: f64, floor: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(floor)
}

/// Natural logarithm of a positive integer, accurate to about 1e-15 relative whatever its size
/// (the top 64 bits are converted, the rest contributes through the bit length).
fn ln_z(n: &Z) -> f64 {
    let bits = n.bits();
    if bits <= 64 {
        return n.to_f64().unwrap_or(f64::NAN).ln();
    }
    let shift = bits - 64;
    let top: Z = n >> shift;
    top.to_f64().unwrap_or(f64::NAN).ln() + shift as f64 * std::f64::consts::LN_2
}

/// $\ln x$ of a positive exact rational without overflow or underflow (`NaN` for $x \le 0$).
#[cfg_attr(doc, doc = katex!())]
pub fn ln_q(x: &Q) -> f64 {
    if !x.is_positive() {
        return f64::NAN;
    }
    ln_z(x.numer()) - ln_z(x.denom())
}

/// Why a positive exact rational has no usable `f64` image ([`float_image`]).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FloatImageError {
    /// The value is zero or negative.
    NotPositive,
    /// Its `f64` image is $+\infty$ (the value is above `f64::MAX`).
    Overflow,
    /// Its `f64` image is 0 or subnormal (the value is below `f64::MIN_POSITIVE`, about
    /// $2.2\cdot 10^{-308}$): float code would lose it or every digit of it.
    Underflow,
}

impl fmt::Display for FloatImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotPositive => "must be > 0",
            Self::Overflow => "is above the f64 range (its f64 image is infinite)",
            Self::Underflow => {
                "is below the normal f64 range (its f64 image is 0 or subnormal, under 2.2e-308)"
            }
        })
    }
}

impl std::error::Error for FloatImageError {}

impl FloatImageError {
    /// The caller's argument the error concerns: the value `x` of [`float_image`] or
    /// [`positive_normal`] (front-ends name their own option, e.g. `--lambda-w`).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::NotPositive | Self::Overflow | Self::Underflow => "x",
        }
    }
}

/// The `f64` image of a strictly positive rational that float code (searches, trainers,
/// plots) may use: finite, positive and normal. The one validation of every float option of
/// the library, the command line and the Python package.
pub fn float_image(x: &Q) -> Result<f64, FloatImageError> {
    if !x.is_positive() {
        return Err(FloatImageError::NotPositive);
    }
    let v = q_to_f64(x);
    if v.is_infinite() || v.is_nan() {
        return Err(FloatImageError::Overflow);
    }
    if !v.is_normal() {
        return Err(FloatImageError::Underflow);
    }
    Ok(v)
}

/// [`float_image`] for an `f64` that is already a float: finite, positive and normal.
pub fn positive_normal(x: f64) -> Result<f64, FloatImageError> {
    if x.is_nan() || x <= 0.0 {
        return Err(FloatImageError::NotPositive);
    }
    if x.is_infinite() {
        return Err(FloatImageError::Overflow);
    }
    if !x.is_normal() {
        return Err(FloatImageError::Underflow);
    }
    Ok(x)
}

/// A thin singular value decomposition $M = U\thinspace\mathrm{diag}(s)\thinspace V^\top$ of an $r\times c$
/// matrix: $U$ is $r \times k$, $s$ has $k = \min(r, c)$ entries in descending order, $V^\top$
/// is $k \times c$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct Svd {
    /// Left singular vectors (columns).
    pub u: DMatrix<f64>,
    /// Singular values, descending, non-negative.
    pub s: DVector<f64>,
    /// Right singular vectors (rows).
    pub v_t: DMatrix<f64>,
}

impl Svd {
    /// $U\thinspace\mathrm{diag}(s)\thinspace V^\top$.
    pub fn rebuild(&self) -> DMatrix<f64> {
        &self.u * DMatrix::from_diagonal(&self.s) * &self.v_t
    }
}

/// Why no accurate SVD was found.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SvdError {
    /// The matrix has a NaN or infinite entry.
    NonFinite,
    /// Neither algorithm rebuilt the input to the tolerance.
    Inaccurate {
        /// The smaller relative rebuild error $\Vert U\Sigma V^\top - M\Vert_F / \Vert M\Vert_F$ found.
        residual: f64,
        /// The tolerance.
        tolerance: f64,
    },
}

impl fmt::Display for SvdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NonFinite => write!(f, "SVD of a matrix with a non-finite entry"),
            Self::Inaccurate {
                residual,
                tolerance,
            } => write!(
                f,
                "no accurate SVD: relative rebuild error {residual:e} > {tolerance:e}"
            ),
        }
    }
}

impl std::error::Error for SvdError {}

impl SvdError {
    /// The caller's argument the error concerns: the matrix `m` of [`svd`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::NonFinite | Self::Inaccurate { .. } => "m",
        }
    }
}

/// Relative rebuild tolerance: $64\thinspace\varepsilon\thinspace\max(r, c)$.
fn svd_tolerance(m: &DMatrix<f64>) -> f64 {
    64.0 * f64::EPSILON * m.nrows().max(m.ncols()).max(1) as f64
}

fn relative_residual(d: &Svd, m: &DMatrix<f64>) -> f64 {
    let scale = m.norm();
    let err = (d.rebuild() - m).norm();
    if scale == 0.0 { err } else { err / scale }
}

/// Sort the singular triplets by descending singular value.
fn sorted(u: DMatrix<f64>, s: Vec<f64>, v: DMatrix<f64>) -> Svd {
    let mut order: Vec<usize> = (0..s.len()).collect();
    order.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
    Svd {
        u: DMatrix::from_fn(u.nrows(), order.len(), |i, j| u[(i, order[j])]),
        s: DVector::from_fn(order.len(), |j, _| s[order[j]]),
        v_t: DMatrix::from_fn(order.len(), v.nrows(), |j, i| v[(i, order[j])]),
    }
}

fn nalgebra_svd(m: &DMatrix<f64>) -> Option<Svd> {
    let d = nalgebra::SVD::try_new(m.clone(), true, true, f64::EPSILON, 10_000)?;
    let (u, v_t) = (d.u?, d.v_t?);
    let v = v_t.transpose();
    Some(sorted(u, d.singular_values.iter().copied().collect(), v))
}

/// The thin SVD of `m` by one-sided Jacobi alone (the fallback of [`svd`]), checked as [`svd`]
/// checks: an error for a non-finite entry or a rebuild error above
/// $64\thinspace\varepsilon\max(r, c)$.
#[cfg_attr(doc, doc = katex!())]
pub fn jacobi_svd(m: &DMatrix<f64>) -> Result<Svd, SvdError> {
    if m.iter().any(|x| !x.is_finite()) {
        return Err(SvdError::NonFinite);
    }
    let d = jacobi_unchecked(m);
    let (residual, tolerance) = (relative_residual(&d, m), svd_tolerance(m));
    if residual <= tolerance {
        Ok(d)
    } else {
        Err(SvdError::Inaccurate {
            residual,
            tolerance,
        })
    }
}

/// One-sided Jacobi (Hestenes) SVD: orthogonalise the columns of $A$ ($r \ge c$) by plane
/// rotations accumulated in $V$; then $\sigma_j = \Vert a_j\Vert$, $u_j = a_j / \sigma_j$.
// A V = U Σ with V orthogonal: rotate columns p, q until a_p · a_q = 0 for all pairs
fn jacobi_unchecked(m: &DMatrix<f64>) -> Svd {
    if m.nrows() < m.ncols() {
        let t = jacobi_unchecked(&m.transpose());
        return Svd {
            u: t.v_t.transpose(),
            s: t.s,
            v_t: t.u.transpose(),
        };
    }
    let c = m.ncols();
    let mut a = m.clone();
    let mut v = DMatrix::<f64>::identity(c, c);
    for _sweep in 0..80 {
        let mut rotated = false;
        for p in 0..c {
            for q in p + 1..c {
                let alpha = a.column(p).norm_squared();
                let beta = a.column(q).norm_squared();
                let gamma = a.column(p).dot(&a.column(q));
                if gamma == 0.0 || gamma.abs() <= f64::EPSILON * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let cs = 1.0 / (1.0 + t * t).sqrt();
                let sn = cs * t;
                for mat in [&mut a, &mut v] {
                    for i in 0..mat.nrows() {
                        let (x, y) = (mat[(i, p)], mat[(i, q)]);
                        mat[(i, p)] = cs * x - sn * y;
                        mat[(i, q)] = sn * x + cs * y;
                    }
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let s: Vec<f64> = (0..c).map(|j| a.column(j).norm()).collect();
    let u = DMatrix::from_fn(a.nrows(), c, |i, j| {
        if s[j] > 0.0 { a[(i, j)] / s[j] } else { 0.0 }
    });
    sorted(u, s, v)
}

/// The thin SVD of `m`, checked: the result rebuilds `m` to a relative Frobenius error of at
/// most $64\thinspace\varepsilon\max(r, c)$. Tries nalgebra first and one-sided Jacobi when
/// nalgebra fails the check or does not converge.
#[cfg_attr(doc, doc = katex!())]
pub fn svd(m: &DMatrix<f64>) -> Result<Svd, SvdError> {
    if m.iter().any(|x| !x.is_finite()) {
        return Err(SvdError::NonFinite);
    }
    let tolerance = svd_tolerance(m);
    let mut residual = f64::INFINITY;
    for d in [nalgebra_svd(m), Some(jacobi_unchecked(m))]
        .into_iter()
        .flatten()
    {
        let r = relative_residual(&d, m);
        if r <= tolerance {
            return Ok(d);
        }
        residual = residual.min(r);
    }
    Err(SvdError::Inaccurate {
        residual,
        tolerance,
    })
}
