//! # Cross-entropy deep linear UFM: the DNC and paired families, enclosed
//!
//! ## Main definitions
//! - [`CeParams`]: the deep linear CE unconstrained-features model with $K \ge 2$ classes,
//!   $L \ge 1$ weight layers ($L+1$ factors $W_L \cdots W_1 H_1$), $\lambda > 0$ and $n \ge 1$
//!   samples per class.
//! - [`CeFamily`]: the DNC family $Z = \alpha\thinspace S \otimes 1_n^\top$, $S = I_K - J/K$, and the
//!   paired family $Z = \alpha\thinspace P \otimes 1_n^\top$ with
//!   $P = I_m \otimes \big(\begin{smallmatrix}1&-1\cr-1&1\end{smallmatrix}\big)$ for $K = 2m$ and, for
//!   $K = 2m+1$, one extra class whose row and column of $P$ are $e_K$; [`pattern`] builds
//!   $S$ and $P$.
//! - [`fit_bits`]: an enclosure of the fit $g(Z)$ of a family at a rational scale;
//!   [`loss_bits`] and [`loss_within`]: enclosures of the reduced loss
//!   $\mathcal R(\alpha) = g(Z) + \frac{\lambda(L+1)}{2}\sum_i s_i(Z)^{2/(L+1)}$.
//! - [`compare_families`]: decides $\mathcal R_P(\alpha)$ against $\mathcal R_{DNC}(\alpha)$ and
//!   returns the two enclosures and the order as a [`Fact`].
//! - [`pattern_spectrum`], [`regulariser_order`], [`fit_gap`]: the exact steps of the proof
//!   that the paired point beats the DNC point, each as a [`Fact`].
//!
//! ## Main results
//! - Fits: $g_{DNC} = \log(1 + (K-1)e^{-\alpha})$; a paired column has
//!   $\log(1 + e^{-2\alpha} + (K-2)e^{-\alpha})$, and for odd $K$ the extra column has the DNC
//!   fit, averaged with weight $1/K$.
//! - Spectra: $S$ is symmetric with $S(S-I) = 0$ and rank $K-1$, $P$ is symmetric with
//!   $P(P-I)(P-2I) = 0$, eigenvalue 2 of multiplicity $\lfloor K/2\rfloor$ and 1 of
//!   multiplicity $[K \text{ odd}]$; so the singular values of $Z$ are $\alpha\sqrt n$
//!   ($K-1$ times) for DNC and $2\alpha\sqrt n$ ($\lfloor K/2 \rfloor$ times), $\alpha\sqrt n$
//!   ($[K \text{ odd}]$) for paired. [`loss_bits`] uses exactly these groups and
//!   [`pattern_spectrum`] re-derives them from the matrices.
//! - Regulariser: $\mathrm{reg}\_P \le \mathrm{reg}_{DNC} \iff 4m^{L+1} \le (2m-1)^{L+1}$; base
//!   cases $64 < 81$ ($m = 2, L = 3$), $108 < 125$ ($m = 3, L = 2$), steps
//!   $(2m-1) - m = m - 1$ and $m(2m+1) - (2m-1)(m+1) = 1$ ([`regulariser_order`]).
//! - Fit gap: $(1 + (K-1)u) - (1 + u^2 + (K-2)u) = u(1-u) > 0$ on $(0, 1)$ ([`fit_gap`]).
//!
//! Every enclosure is rigorous at every precision (the interval kernel rounds outward); the
//! precision only sets the width. A failure (an enclosure that cannot be formed, a precision
//! cap that does not reach the tolerance, two enclosures that overlap) is an error, never a
//! substituted value.
//!
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*,
//!   Theorem 1 (arXiv:2410.23169); the reduction to singular values is the Schatten
//!   variational lemma (F. Shang, Y. Liu, J. Cheng, arXiv:1606.00668).
#![cfg_attr(doc, doc = katex!())]

pub mod critical;
pub mod depth;
pub mod superior;

use crate::arith::interval::{IntervalError, QInterval, exp_bits, ln_bits, pow_rational_bits};
use crate::arith::matrix::QMatrix;
use crate::arith::poly::{Bound, QPoly};
use crate::arith::rational::{Q, Z, qi};
use crate::fact::Fact;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;

/// The largest $K$ for which [`pattern`] builds the $K \times K$ matrix.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_PATTERN_CLASSES: usize = 4096;

/// Precision cap used by the claims: enough for widths far below $10^{-18}$.
#[cfg_attr(doc, doc = katex!())]
pub const DEFAULT_MAX_BITS: u64 = 1 << 17;

/// The largest $L$ the enclosures accept (they raise to the power $L + 1$ exactly).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_LAYERS: u32 = 1024;

/// Why a CE family quantity cannot be enclosed or decided.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CeError {
    /// Fewer than two classes.
    TooFewClasses(usize),
    /// No weight layer.
    NoLayers,
    /// No samples per class.
    NoSamples,
    /// $\lambda \le 0$.
    NonPositiveLambda,
    /// A size does not fit its integer type, with no single argument of a kernel function to
    /// blame (raised by `ncverify`'s explicit matrices, $Kn$ columns); the kernel's own
    /// functions raise [`CeError::TooLarge`] instead.
    SizeOverflow,
    /// An argument so large that a size derived from it does not fit its integer type
    /// ($L + 1$ from `layers`, the working precision from `bits` or `max_bits`).
    TooLarge {
        /// The caller's argument: `layers`, `bits` or `max_bits`.
        parameter: &'static str,
    },
    /// $L$ exceeds [`MAX_LAYERS`] for an enclosure.
    TooManyLayers(u32),
    /// $K$ exceeds [`MAX_PATTERN_CLASSES`] for an explicit matrix.
    TooManyClasses(usize),
    /// A negative scale $\alpha$.
    NegativeScale,
    /// A tolerance $\le 0$.
    NonPositiveTolerance,
    /// The interval kernel refused an operation.
    Interval(IntervalError),
    /// The enclosure did not reach the tolerance within the precision cap.
    PrecisionExhausted {
        /// The cap, in bits.
        max_bits: u64,
    },
    /// The two family enclosures overlap: the order is not decided at this precision.
    Overlap,
    /// An exact proof step did not come out as the proof needs (names the step).
    ProofStep(&'static str),
    /// A family pattern does not have the spectrum the reduction uses.
    Spectrum {
        /// The family.
        family: CeFamily,
        /// $K$.
        classes: usize,
    },
}

impl fmt::Display for CeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewClasses(k) => write!(f, "classes: K = {k}, need K >= 2"),
            Self::NoLayers => write!(f, "layers: L = 0, need L >= 1"),
            Self::NoSamples => write!(f, "samples: n = 0, need n >= 1"),
            Self::NonPositiveLambda => write!(f, "lambda: need lambda > 0"),
            Self::SizeOverflow => write!(f, "a size overflows its integer type"),
            Self::TooLarge { parameter } => write!(
                f,
                "{parameter}: too large, a size it implies does not fit its integer type"
            ),
            Self::TooManyLayers(l) => write!(f, "p: L = {l}, enclosures need L <= {MAX_LAYERS}"),
            Self::TooManyClasses(k) => write!(
                f,
                "classes: K = {k}, explicit patterns need K <= {MAX_PATTERN_CLASSES}"
            ),
            Self::NegativeScale => write!(f, "a: need a >= 0"),
            Self::NonPositiveTolerance => write!(f, "tol: need tol > 0"),
            Self::Interval(e) => write!(f, "interval enclosure: {e}"),
            Self::PrecisionExhausted { max_bits } => write!(
                f,
                "enclosure did not reach the tolerance within {max_bits} bits of precision"
            ),
            Self::Overlap => write!(f, "the paired and DNC enclosures overlap"),
            Self::ProofStep(step) => write!(f, "proof step failed: {step}"),
            Self::Spectrum { family, classes } => write!(
                f,
                "the {family} pattern at K = {classes} does not have the spectrum the reduction uses"
            ),
        }
    }
}

impl std::error::Error for CeError {}

impl CeError {
    /// The caller's argument the error is about, as [`CeParams::new`] and the functions of
    /// this module name it (`classes`, `layers`, `lambda`, `samples`, `a`, `tol`, `bits`,
    /// `max_bits`, `p` for a [`CeParams`] whose $L$ the enclosures refuse), or `None` for an
    /// undecided or failed step (an enclosure's own error, an overlap, a proof step).
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::TooFewClasses(_) | Self::TooManyClasses(_) => Some("classes"),
            Self::NoLayers => Some("layers"),
            Self::NoSamples => Some("samples"),
            Self::NonPositiveLambda => Some("lambda"),
            Self::TooLarge { parameter } => Some(parameter),
            Self::TooManyLayers(_) => Some("p"),
            Self::NegativeScale => Some("a"),
            Self::NonPositiveTolerance => Some("tol"),
            Self::PrecisionExhausted { .. } => Some("max_bits"),
            Self::SizeOverflow
            | Self::Interval(_)
            | Self::Overlap
            | Self::ProofStep(_)
            | Self::Spectrum { .. } => None,
        }
    }
}

impl From<IntervalError> for CeError {
    fn from(e: IntervalError) -> Self {
        Self::Interval(e)
    }
}

/// A family of logit matrices parametrised by one scale $\alpha \ge 0$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CeFamily {
    /// Deep neural collapse: $Z = \alpha\thinspace S \otimes 1_n^\top$.
    Dnc,
    /// Paired low rank: $Z = \alpha\thinspace P \otimes 1_n^\top$ (see the module docs).
    Paired,
}

impl fmt::Display for CeFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Dnc => "DNC",
            Self::Paired => "paired",
        })
    }
}

/// The parameters $(K, L, \lambda, n)$ of the deep linear CE UFM, validated.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeParams {
    classes: usize,
    layers: u32,
    lambda: Q,
    samples: u64,
}

impl CeParams {
    /// $K \ge 2$ classes, $L \ge 1$ weight layers ($L + 1$ must fit in `u32`), $\lambda > 0$,
    /// $n \ge 1$.
    ///
    /// # Errors
    /// [`CeError`] naming the argument: `classes` ([`CeError::TooFewClasses`]), `layers`
    /// ([`CeError::NoLayers`], or [`CeError::TooLarge`] for `u32::MAX`), `samples`, `lambda`.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::arith::rational::q;
    /// use ncverify_kernel::ce::{CeError, CeParams};
    /// let p = CeParams::new(4, 2, q(1, 10), 1)?;
    /// assert_eq!(p.classes(), 4);
    /// let e = CeParams::new(1, 2, q(1, 10), 1).unwrap_err();
    /// assert_eq!((e.parameter(), e.to_string().as_str()), (Some("classes"), "classes: K = 1, need K >= 2"));
    ///
    /// # Ok::<(), CeError>(())
    /// ```
    pub fn new(classes: usize, layers: u32, lambda: Q, samples: u64) -> Result<Self, CeError> {
        if classes < 2 {
            return Err(CeError::TooFewClasses(classes));
        }
        if layers == 0 {
            return Err(CeError::NoLayers);
        }
        layers.checked_add(1).ok_or(CeError::TooLarge {
            parameter: "layers",
        })?;
        if samples == 0 {
            return Err(CeError::NoSamples);
        }
        if !lambda.is_positive() {
            return Err(CeError::NonPositiveLambda);
        }
        Ok(Self {
            classes,
            layers,
            lambda,
            samples,
        })
    }

    /// $K$.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// $L$.
    pub fn layers(&self) -> u32 {
        self.layers
    }

    /// $\lambda$.
    pub fn lambda(&self) -> &Q {
        &self.lambda
    }

    /// $n$.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// The parameters as the kernel writes them in a fact.
    fn describe(&self) -> String {
        format!(
            "K = {}, L = {}, lambda = {}, n = {}",
            self.classes, self.layers, self.lambda, self.samples
        )
    }
}

/// $K$ as a rational.
fn qk(k: usize) -> Q {
    Q::from_integer(Z::from(k))
}

/// The groups (multiplicity, $c$) of the singular values $s = c\thinspace\alpha\sqrt n$ of $Z$.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::{CeFamily, singular_groups};
/// assert_eq!(singular_groups(CeFamily::Dnc, 5), vec![(4, 1)]);
/// assert_eq!(singular_groups(CeFamily::Paired, 5), vec![(2, 2), (1, 1)]);
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn singular_groups(family: CeFamily, classes: usize) -> Vec<(usize, u32)> {
    let k = classes;
    match family {
        CeFamily::Dnc => vec![(k.saturating_sub(1), 1)],
        CeFamily::Paired if k.is_multiple_of(2) => vec![(k / 2, 2)],
        CeFamily::Paired => vec![(k / 2, 2), (1, 1)],
    }
}

/// The matrix $M$ with $Z = \alpha\thinspace M \otimes 1_n^\top$: $S = I - J/K$ or $P$.
///
/// # Errors
/// [`CeError::TooFewClasses`] or [`CeError::TooManyClasses`] (parameter `classes`) unless
/// $2 \le K \le$ [`MAX_PATTERN_CLASSES`].
///
/// # Cost
/// A dense $K \times K$ rational matrix.
#[cfg_attr(doc, doc = katex!())]
pub fn pattern(family: CeFamily, classes: usize) -> Result<QMatrix, CeError> {
    let k = classes;
    if k < 2 {
        return Err(CeError::TooFewClasses(k));
    }
    if k > MAX_PATTERN_CLASSES {
        return Err(CeError::TooManyClasses(k));
    }
    Ok(match family {
        // S_ij = [i = j] - 1/K
        CeFamily::Dnc => QMatrix::from_fn(k, k, |i, j| {
            let d = if i == j { Q::one() } else { Q::zero() };
            d - Q::new(Z::one(), Z::from(k))
        }),
        // P = I_m ⊗ [[1, -1], [-1, 1]], plus e_K e_K^T for odd K
        CeFamily::Paired => QMatrix::from_int_fn(k, k, |i, j| {
            let paired = 2 * (k / 2);
            if i >= paired || j >= paired {
                i64::from(i == j)
            } else if i == j {
                1
            } else if i / 2 == j / 2 {
                -1
            } else {
                0
            }
        }),
    })
}

// mult(θ) = K - rank(M - θI) for a symmetric (diagonalisable) M
/// Multiplicities of the eigenvalues 2 and 1 of a symmetric $M$ with $M(M-I)(M-2I) = 0$,
/// from ranks: $\mathrm{mult}(\theta) = K - \operatorname{rank}(M - \theta I)$. `None` if $M$
/// is not symmetric or not annihilated by $x(x-1)(x-2)$.
///
/// # Cost
/// Two matrix products and two ranks: $O(K^3)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::{CeFamily, pattern, spectrum_of};
/// // P = I_2 (x) [[1, -1], [-1, 1]]: eigenvalue 2 twice, 1 never
/// assert_eq!(spectrum_of(&pattern(CeFamily::Paired, 4).unwrap()), Some((2, 0)));
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn spectrum_of(m: &QMatrix) -> Option<(usize, usize)> {
    if !m.is_square() || !m.is_symmetric() {
        return None;
    }
    let k = m.rows();
    let id = QMatrix::identity(k);
    let m1 = m.sub(&id);
    let m2 = m.sub(&id.scale(&qi(2)));
    if m.mul(&m1).mul(&m2) != QMatrix::zeros(k, k) {
        return None;
    }
    Some((k - m2.rank(), k - m1.rank()))
}

/// The spectrum of the family's pattern, checked against [`singular_groups`] (what
/// [`loss_bits`] uses): for $M$ symmetric with $M(M-I)(M-2I) = 0$, $ZZ^\top = \alpha^2 n M^2$, so
/// the eigenvalue $\theta \in \lbrace1, 2\rbrace$ of multiplicity $\mu$ gives the singular value
/// $\theta\alpha\sqrt n$ $\mu$ times.
///
/// # Errors
/// Those of [`pattern`]; [`CeError::Spectrum`] if the pattern's spectrum is not the one
/// [`singular_groups`] states (a kernel defect).
///
/// # Cost
/// As [`spectrum_of`]: $O(K^3)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::ce::{CeFamily, pattern_spectrum};
/// let fact = pattern_spectrum(CeFamily::Paired, 5)?;
/// assert!(fact.to_string().contains("eigenvalue 2 of multiplicity 2"));
///
/// # Ok::<(), ncverify_kernel::ce::CeError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn pattern_spectrum(family: CeFamily, classes: usize) -> Result<Fact, CeError> {
    let k = classes;
    let m = pattern(family, k)?;
    let (twos, ones) = spectrum_of(&m).ok_or(CeError::Spectrum { family, classes: k })?;
    let mut want = (0usize, 0usize);
    for (count, c) in singular_groups(family, k) {
        match c {
            2 => want.0 += count,
            _ => want.1 += count,
        }
    }
    if (twos, ones) != want {
        return Err(CeError::Spectrum { family, classes: k });
    }
    Ok(Fact::new(format!(
        "the {family} pattern at K = {k} is symmetric with M(M-I)(M-2I) = 0, eigenvalue 2 of \
         multiplicity {twos} and 1 of multiplicity {ones}: Z has singular values \
         2 alpha sqrt(n) ({twos} times) and alpha sqrt(n) ({ones} times)"
    )))
}

/// Enclosure of the family's fit $g$ at a rational scale $a \ge 0$, precision `bits`.
///
/// # Errors
/// [`CeError::TooFewClasses`] (parameter `classes`), [`CeError::NegativeScale`] (parameter `a`),
/// [`CeError::TooLarge`] (parameter `bits`) for a precision that overflows, [`CeError::Interval`]
/// if an enclosure refuses (e.g. `bits` above the interval module's
/// [`MAX_BITS`](crate::arith::interval::MAX_BITS)).
///
/// # Cost
/// Two exponentials and up to two logarithms at `bits` + 8 bits.
// DNC: ln(1 + (K-1)e^{-a}); pair column: ln(1 + e^{-2a} + (K-2)e^{-a}); odd K: ((K-1) pair + DNC)/K
pub fn fit_bits(family: CeFamily, classes: usize, a: &Q, bits: u64) -> Result<QInterval, CeError> {
    let k = classes;
    if k < 2 {
        return Err(CeError::TooFewClasses(k));
    }
    if a.is_negative() {
        return Err(CeError::NegativeScale);
    }
    let w = bits
        .checked_add(8)
        .ok_or(CeError::TooLarge { parameter: "bits" })?;
    let one = QInterval::point(Q::one());
    let e1 = exp_bits(&QInterval::point(-a.clone()), w)?;
    let ln = |x: QInterval| ln_bits(&x.round_outward(w), w);
    let dnc = ln(&one + &e1.scale(&qk(k - 1)))?;
    match family {
        CeFamily::Dnc => Ok(dnc),
        CeFamily::Paired => {
            let e2 = exp_bits(&QInterval::point(-a.clone() * qi(2)), w)?;
            let pair = ln(&(&one + &e2) + &e1.scale(&qk(k - 2)))?;
            if k.is_multiple_of(2) {
                Ok(pair)
            } else {
                Ok((&pair.scale(&qk(k - 1)) + &dnc).scale(&Q::new(Z::one(), Z::from(k))))
            }
        }
    }
}

/// Enclosure of the reduced loss $\mathcal R(a)$ at a rational scale $a \ge 0$, precision
/// `bits`.
///
/// # Errors
/// [`CeError::TooManyLayers`] (parameter `p`) if $L >$ [`MAX_LAYERS`]; those of [`fit_bits`].
///
/// # Cost
/// [`fit_bits`] plus up to two $(L+1)$-th roots at `bits` bits.
// R(a) = fit(a) + λ(L+1)/2 Σ_groups count · (c² a² n)^{1/(L+1)}
pub fn loss_bits(p: &CeParams, family: CeFamily, a: &Q, bits: u64) -> Result<QInterval, CeError> {
    let k = p.classes;
    if p.layers > MAX_LAYERS {
        return Err(CeError::TooManyLayers(p.layers));
    }
    let l1 = p
        .layers
        .checked_add(1)
        .ok_or(CeError::TooLarge { parameter: "p" })?;
    let w = bits
        .checked_add(8)
        .ok_or(CeError::TooLarge { parameter: "bits" })?;
    let fit = fit_bits(family, k, a, bits)?;
    let mut reg = QInterval::point(Q::zero());
    if !a.is_zero() {
        for (count, c) in singular_groups(family, k) {
            let sq = Q::from_integer(Z::from(c * c)) * a * a * Q::from_integer(p.samples.into());
            let root = pow_rational_bits(&QInterval::point(sq), 1, l1, bits)?;
            reg = &reg + &root.scale(&qk(count));
        }
    }
    let coef = &p.lambda * Q::new(Z::from(l1), Z::from(2));
    Ok((&fit + &reg.scale(&coef)).round_outward(w))
}

/// Enclosure of $\mathcal R(a)$ of width at most `tol`, doubling the precision from 48 bits
/// while it stays at most `max_bits`; an error if the cap is reached first.
///
/// # Errors
/// [`CeError::NonPositiveTolerance`] (parameter `tol`); [`CeError::PrecisionExhausted`]
/// (parameter `max_bits`) if the width is still above `tol` at `max_bits`; those of
/// [`loss_bits`].
///
/// # Cost
/// [`loss_bits`] at 48, 96, … bits up to the first precision that reaches `tol`, at most
/// `max_bits`: about $\log_2(\text{max\_bits}/48)$ rounds, the last dominating.
#[cfg_attr(doc, doc = katex!())]
pub fn loss_within(
    p: &CeParams,
    family: CeFamily,
    a: &Q,
    tol: &Q,
    max_bits: u64,
) -> Result<QInterval, CeError> {
    if !tol.is_positive() {
        return Err(CeError::NonPositiveTolerance);
    }
    let mut bits: u64 = 48;
    while bits <= max_bits {
        let iv = loss_bits(p, family, a, bits)?;
        if &iv.width() <= tol {
            return Ok(iv);
        }
        bits = bits.checked_mul(2).ok_or(CeError::TooLarge {
            parameter: "max_bits",
        })?;
    }
    Err(CeError::PrecisionExhausted { max_bits })
}

/// The decided order of the paired and DNC reduced losses at one scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyOrder {
    order: Ordering,
    paired: QInterval,
    dnc: QInterval,
    fact: Fact,
}

impl FamilyOrder {
    /// `Less` iff the paired loss is strictly smaller than the DNC loss, `Greater` iff
    /// strictly larger.
    pub fn order(&self) -> Ordering {
        self.order
    }
    /// The enclosure of the paired loss.
    pub fn paired(&self) -> &QInterval {
        &self.paired
    }
    /// The enclosure of the DNC loss.
    pub fn dnc(&self) -> &QInterval {
        &self.dnc
    }
    /// The established order with both enclosures.
    pub fn fact(&self) -> Fact {
        self.fact.clone()
    }
}

// R_P(a) < R_DNC(a) iff hi(P) < lo(DNC) for enclosures P ∋ R_P(a), DNC ∋ R_DNC(a)
/// Decide $\mathcal R_P(a)$ against $\mathcal R_{DNC}(a)$ with enclosures of width at most
/// `tol`; [`CeError::Overlap`] if they overlap.
///
/// # Errors
/// Those of [`loss_within`] for either family; [`CeError::Overlap`] if the two enclosures of
/// width `tol` overlap (not decided at this precision).
///
/// # Cost
/// Two [`loss_within`].
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::{q, qi};
/// use ncverify_kernel::ce::{CeParams, DEFAULT_MAX_BITS, compare_families};
/// use std::cmp::Ordering;
/// let p = CeParams::new(4, 2, q(1, 10), 1)?;
/// let o = compare_families(&p, &qi(1), &q(1, 1000), DEFAULT_MAX_BITS)?;
/// assert_eq!(o.order(), Ordering::Less); // the paired code has the lower loss at scale 1
///
/// # Ok::<(), ncverify_kernel::ce::CeError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn compare_families(
    p: &CeParams,
    a: &Q,
    tol: &Q,
    max_bits: u64,
) -> Result<FamilyOrder, CeError> {
    let paired = loss_within(p, CeFamily::Paired, a, tol, max_bits)?;
    let dnc = loss_within(p, CeFamily::Dnc, a, tol, max_bits)?;
    let order = paired.certainly_cmp(&dnc).ok_or(CeError::Overlap)?;
    let rel = if order == Ordering::Less { "<" } else { ">" };
    let fact = Fact::new(format!(
        "reduced CE loss at {}, scale {a}: paired in {paired}, DNC in {dnc}, so paired {rel} DNC",
        p.describe()
    ));
    Ok(FamilyOrder {
        order,
        paired,
        dnc,
        fact,
    })
}

/// $4m^{L+1}$ and $(2m-1)^{L+1}$, evaluated from the polynomials in $m$.
fn regulariser_sides(m: i64, layers: u32) -> (Q, Q) {
    let left = QPoly::constant(qi(4)) * QPoly::x().pow(layers + 1);
    let right = QPoly::from_ints(&[-1, 2]).pow(layers + 1);
    (left.eval(&qi(m)), right.eval(&qi(m)))
}

/// The exact steps behind $4m^{L+1} < (2m-1)^{L+1}$ on $m \ge 2, L \ge 3$ and $m \ge 3, L = 2$,
/// and its failure at $L = 1$ and at $m = 2, L = 2$.
///
/// # Errors
/// [`CeError::ProofStep`] naming the step if an exact step fails (a kernel defect).
///
/// # Cost
/// A handful of polynomial identities of low degree.
// base cases 4·2^4 < 3^4, 4·3^3 < 5^3; (2m-1) - m = m - 1; m(2m+1) - (2m-1)(m+1) = 1;
// 4m^2 - (2m-1)^2 = 4m - 1; 4·2^3 > 3^3
pub fn regulariser_order() -> Result<Fact, CeError> {
    let mut parts = Vec::new();
    for (m, l) in [(2i64, 3u32), (3, 2)] {
        let (left, right) = regulariser_sides(m, l);
        if left >= right {
            return Err(CeError::ProofStep("base case 4m^(L+1) < (2m-1)^(L+1)"));
        }
        parts.push(format!(
            "4m^(L+1) = {left} < {right} = (2m-1)^(L+1) at m = {m}, L = {l}"
        ));
    }
    let m = QPoly::x();
    let two_m_minus_1 = QPoly::from_ints(&[-1, 2]);
    let step_l = &two_m_minus_1 - &m;
    if step_l != QPoly::from_ints(&[-1, 1]) {
        return Err(CeError::ProofStep("step in L: (2m-1) - m = m - 1"));
    }
    let step_m = &m * &QPoly::from_ints(&[1, 2]) - &two_m_minus_1 * &QPoly::from_ints(&[1, 1]);
    if step_m != QPoly::one() {
        return Err(CeError::ProofStep("step in m: m(2m+1) - (2m-1)(m+1) = 1"));
    }
    let one_layer = QPoly::monomial(qi(4), 2) - two_m_minus_1.pow(2);
    if one_layer != QPoly::from_ints(&[-1, 4]) {
        return Err(CeError::ProofStep("L = 1: 4m^2 - (2m-1)^2 = 4m - 1"));
    }
    let (left, right) = regulariser_sides(2, 2);
    if left <= right {
        return Err(CeError::ProofStep("m = 2, L = 2: 4m^3 > (2m-1)^3"));
    }
    parts.push(format!(
        "in x = m: (2x-1) - x = {step_l}; x(2x+1) - (2x-1)(x+1) = {step_m}; \
         4x^2 - (2x-1)^2 = {one_layer}; 4m^(L+1) = {left} > {right} = (2m-1)^(L+1) at m = 2, L = 2"
    ));
    Ok(Fact::new(parts.join("; ")))
}

/// The fit gap of a paired column over a DNC column, $u = e^{-\alpha}$, identically in $K$:
/// $(1 + (K-1)u) - (1 + u^2 + (K-2)u) = u - u^2$, and $u - u^2 > 0$ on $(0, 1)$.
///
/// # Errors
/// [`CeError::ProofStep`] naming the step if an exact step fails (a kernel defect).
///
/// # Cost
/// Constant: polynomial identities of degree 2.
// coefficients of u^i are polynomials in K: [1, K-1, 0] - [1, K-2, 1] = [0, 1, -1]
pub fn fit_gap() -> Result<Fact, CeError> {
    let kk = QPoly::x();
    let dnc = [QPoly::one(), &kk - QPoly::one(), QPoly::zero()];
    let pair = [QPoly::one(), &kk - QPoly::constant(qi(2)), QPoly::one()];
    let gap: Vec<QPoly> = dnc.iter().zip(&pair).map(|(a, b)| a - b).collect();
    let mut coeffs = Vec::new();
    for c in &gap {
        match c.degree() {
            None => coeffs.push(Q::zero()),
            Some(0) => coeffs.push(c.coeffs()[0].clone()),
            Some(_) => return Err(CeError::ProofStep("fit gap depends on K")),
        }
    }
    let in_u = QPoly::new(coeffs);
    if in_u != QPoly::from_ints(&[0, 1, -1]) {
        return Err(CeError::ProofStep("fit gap is u - u^2"));
    }
    // positive on (0, 1): its only real roots are 0 and 1, and it is positive at 1/2
    let roots = in_u.count_distinct_roots(&Bound::NegInf, &Bound::PosInf);
    let half = Q::new(Z::one(), Z::from(2));
    if roots != 2 || !in_u.eval(&Q::zero()).is_zero() || !in_u.eval(&Q::one()).is_zero() {
        return Err(CeError::ProofStep("u - u^2 has the roots 0 and 1 only"));
    }
    if !in_u.eval(&half).is_positive() {
        return Err(CeError::ProofStep("u - u^2 > 0 at u = 1/2"));
    }
    Ok(Fact::new(format!(
        "(1 + (K-1)u) - (1 + u^2 + (K-2)u) = {in_u} in x = u for every K; its real roots are \
         exactly 0 and 1 (Sturm) and its value at 1/2 is {}, so it is positive on (0, 1)",
        in_u.eval(&half)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::q;

    fn params(k: usize, l: u32) -> CeParams {
        CeParams::new(k, l, q(1, 1000), 1).unwrap()
    }

    #[test]
    fn domain_errors() {
        assert_eq!(
            CeParams::new(1, 1, qi(1), 1),
            Err(CeError::TooFewClasses(1))
        );
        assert_eq!(CeParams::new(2, 0, qi(1), 1), Err(CeError::NoLayers));
        assert_eq!(
            CeParams::new(2, u32::MAX, qi(1), 1),
            Err(CeError::TooLarge {
                parameter: "layers"
            })
        );
        assert_eq!(CeParams::new(2, 1, qi(1), 0), Err(CeError::NoSamples));
        assert_eq!(
            CeParams::new(2, 1, qi(0), 1),
            Err(CeError::NonPositiveLambda)
        );
        let p = params(4, 3);
        assert_eq!(
            loss_bits(&p, CeFamily::Dnc, &qi(-1), 64),
            Err(CeError::NegativeScale)
        );
        assert_eq!(
            loss_bits(&p, CeFamily::Dnc, &qi(1), u64::MAX),
            Err(CeError::TooLarge { parameter: "bits" })
        );
        assert_eq!(
            loss_bits(&params(4, MAX_LAYERS + 1), CeFamily::Dnc, &qi(1), 64),
            Err(CeError::TooManyLayers(MAX_LAYERS + 1))
        );
        assert_eq!(
            pattern(CeFamily::Dnc, MAX_PATTERN_CLASSES + 1),
            Err(CeError::TooManyClasses(MAX_PATTERN_CLASSES + 1))
        );
    }

    #[test]
    fn a_precision_cap_below_the_tolerance_is_an_error_not_a_value() {
        let p = params(4, 3);
        let tol = q(1, 1_000_000_000);
        assert_eq!(
            loss_within(&p, CeFamily::Paired, &qi(8), &tol, 0),
            Err(CeError::PrecisionExhausted { max_bits: 0 })
        );
        assert_eq!(
            compare_families(&p, &qi(8), &tol, 0),
            Err(CeError::PrecisionExhausted { max_bits: 0 })
        );
        assert_eq!(
            loss_within(&p, CeFamily::Paired, &qi(8), &qi(0), DEFAULT_MAX_BITS),
            Err(CeError::NonPositiveTolerance)
        );
    }

    #[test]
    fn hand_values_at_scale_zero() {
        // R(0) = log K for both families: enclosures contain ln 4 = 2 ln 2
        let p = params(4, 3);
        let ln4 = crate::arith::interval::ln2_bits(80).unwrap().scale(&qi(2));
        for fam in [CeFamily::Dnc, CeFamily::Paired] {
            let iv =
                loss_within(&p, fam, &qi(0), &q(1, 1_000_000_000_000), DEFAULT_MAX_BITS).unwrap();
            assert!(iv.overlaps(&ln4), "{fam}: {iv}");
        }
    }

    #[test]
    fn reference_comparison_k4_l3() {
        // theory: paired < DNC at K = 4, L = 3; paired > DNC at K = 4, L = 1, scale 6
        let tol = q(1, 1_000_000_000_000_000);
        let o = compare_families(&params(4, 3), &qi(8), &tol, DEFAULT_MAX_BITS).unwrap();
        assert_eq!(o.order(), Ordering::Less);
        assert!(o.fact().to_string().contains("so paired < DNC"));
        let o = compare_families(&params(4, 1), &qi(6), &tol, DEFAULT_MAX_BITS).unwrap();
        assert_eq!(o.order(), Ordering::Greater);
        assert!(o.paired().lo() > o.dnc().hi());
    }

    #[test]
    fn spectra_match_the_singular_groups() {
        for k in 2..=12 {
            for fam in [CeFamily::Dnc, CeFamily::Paired] {
                pattern_spectrum(fam, k).unwrap();
            }
        }
        let p = pattern(CeFamily::Paired, 3).unwrap();
        let want = QMatrix::from_int_fn(3, 3, |i, j| [[1, -1, 0], [-1, 1, 0], [0, 0, 1]][i][j]);
        assert_eq!(p, want);
    }

    #[test]
    fn a_tampered_pattern_is_caught() {
        let mut p = pattern(CeFamily::Paired, 4).unwrap();
        p.set(0, 1, qi(1));
        assert_eq!(spectrum_of(&p), None);
    }

    #[test]
    fn proof_steps_hold() {
        let r = regulariser_order().unwrap().to_string();
        assert!(r.contains("64 < 81") && r.contains("108 < 125") && r.contains("32 > 27"));
        assert!(r.contains("= x - 1;") && r.contains("= 1;") && r.contains("= 4x - 1;"));
        let g = fit_gap().unwrap().to_string();
        assert!(g.contains("= -x^2 + x in x = u"), "{g}");
    }
}
