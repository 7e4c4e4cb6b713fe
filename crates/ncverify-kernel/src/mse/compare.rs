//! # Exact comparison of the optimal losses of MSE deep-UFM constructions
//!
//! A *construction* places blocks $b$ of the MSE deep UFM ([`Block`]: DNC, $T(r)$ B-chains,
//! Johnson chains) in orthogonal coordinates, each balanced separately. With $m = L + 1$ its
//! cost constant is $C = \sum_b C_b$, $C_b = P_b^{1/m}$, $P_b = C_b^m$ exactly from
//! [`Block::cost_power`], and its optimal loss is
//! $$\ell(a) = \min_{x \ge 0}\varphi_a(x),\qquad
//!   \varphi_a(x) = \tfrac12(1-x)^2 + \tfrac m2\thinspace a\thinspace x^{2/m},\qquad a = cC,\quad
//!   c^m = R := n\lambda_H\lambda_W^L$$
//! (AM–GM over the factor scales; the MSE module docs of `ncverify`). $C$ and $a$ are
//! irrational in general; this module decides orders between them exactly and encloses
//! $\ell$ in rational intervals.
//!
//! ## Main definitions
//! - [`compare_radical_sums`]: the exact order of $\sum_i y_i^{1/m}$ and $\sum_j z_j^{1/m}$
//!   for positive rationals $y_i, z_j$.
//! - [`zero_is_optimal`]: decides $\ell(a) = \frac12$, i.e. $a^m \ge T_L$ (below).
//! - [`compare_losses`]: the order of $\ell$ for two constructions at the same parameters, as
//!   a [`Fact`], or [`LossOrder::Undecided`] with the reason.
//! - [`enclose_loss`]: a rational interval containing $\ell$, as a [`Fact`].
//!
//! ## Main results
//! 1. **Monotonicity.** For $a_1 < a_2$, $\varphi_{a_1}(x) \le \varphi_{a_2}(x)$ with equality
//!    only at $x = 0$, so $\ell(a_1) \le \ell(a_2)$; strictly if the minimiser $\hat x_2$ of
//!    $\varphi_{a_2}$ is positive: $\ell(a_1) \le \varphi_{a_1}(\hat x_2) < \varphi_{a_2}(\hat x_2)$.
//! 2. **Zero threshold for any $C$.** $\ell(a) = \frac12$ (the zero solution is optimal) iff
//!    $a^m \ge T_L = (L-1)^{L-1}/L^{2L}$ ($0^0 = 1$); otherwise the minimiser is positive and
//!    $\ell(a) < \frac12$. Proof: for $x > 0$, $\varphi_a(x) < \frac12 \iff m\thinspace a\thinspace x^{2/m} <
//!    x(2-x)$, impossible for $x \ge 2$ and for $0 < x < 2$ equivalent to
//!    $m^m a^m < g_L(x) = x^{L-1}(2-x)^{L+1}$; on $\[1, 2)$, $g_L(x)/g_L(2-x) =
//!    ((2-x)/x)^2 \le 1$, so $\sup_{(0,2)} g_L = \max_{\[0,1\]} g_L = M_L = m^m T_L$
//!    ([`crate::mse::threshold::prove_zero_threshold_formula`] checks the last step per $L$).
//!    The DNC threshold of [`crate::mse::threshold`] is the case $C = K$. In terms of the cost
//!    powers: $a^m \ge T_L \iff \sum_b P_b^{1/m} \ge (T_L/R)^{1/m}$.
//! 3. **Order of losses.** With $a_i = cC_i$: if $C_1 = C_2$ then $\ell_1 = \ell_2$; if both
//!    $a_i^m \ge T_L$ then $\ell_1 = \ell_2 = \frac12$; if $C_1 < C_2$ then $\ell_1 < \ell_2$
//!    when $a_1^m < T_L$ (by 1 if $a_2^m < T_L$, as $\hat x_2 > 0$; else
//!    $\ell_1 < \frac12 = \ell_2$ by 2) and $\ell_1 = \ell_2 = \frac12$ when $a_1^m \ge T_L$.
//! 4. **Sums of radicals.** [`compare_radical_sums`] groups the radicands into classes whose
//!    ratios are $m$-th powers of rationals, found by exact integer roots: then
//!    $y^{1/m} = t\thinspace s^{1/m}$ with $t = (y/s)^{1/m} \in \mathbb Q$ and the difference is
//!    $D = \sum_k d_k s_k^{1/m}$ with rational $d_k$. All $d_k = 0$ gives $D = 0$; non-zero
//!    $d_k$ of one sign give the sign of $D$; otherwise $s_k^{1/m}$ is enclosed in $\[l, h\]$
//!    with $l^m \le s_k \le h^m$ certified by outward-rounded powers, at doubling precision,
//!    until the enclosure of $D$ excludes $0$. Soundness rests only on these exact steps.
//!    Termination: the $s_k^{1/m}$ of distinct classes are linearly independent over
//!    $\mathbb Q$ (Besicovitch; Mordell; Boreico), so $D \ne 0$ and enough precision
//!    separates it; the cap [`MAX_SEPARATION_BITS`] turns a near-tie beyond it into
//!    *Undecided*.
//! 5. **Enclosure.** Write $x = u^m$, so $x^{2/m} = u^2$, and $h(x) = (1-x)x^{(m-2)/m}$,
//!    $h(u^m) = (1-u^m)u^{m-2}$. For $x \in (0, 1)$, $\varphi_a'(x) = x^{-(m-2)/m}(a - h(x))$,
//!    and $\varphi_a' > 0$ on $\[1, \infty)$; $h$ rises on $\[0, x_\ast\]$ and falls on
//!    $\[x_\ast, 1\]$, $x_\ast = \frac{m-2}{2(m-1)}$. So when $a^m < T_L$ the minimiser is the root
//!    $\hat x$ of $h = a$ in $\[x_\ast, 1)$, and $\hat x \ge x_0 = \frac{m-2}{m-1}$ (the
//!    minimiser at the threshold, where $h(x_0) = T_L^{1/m}$). Given rationals
//!    $a_{lo} \le a \le a_{hi}$ and $u_{lo} \le u_{hi}$ with $u_{lo}^m \ge x_\ast$,
//!    $h(u_{lo}^m) \ge a_{hi}$ and $h(u_{hi}^m) \le a_{lo}$ (certified with outward-rounded
//!    powers), $\hat x \in \[u_{lo}^m, u_{hi}^m\]$ and, each term being monotone,
//!    $$\tfrac12(1-u_{hi}^m)^2 + \tfrac m2 a_{lo}u_{lo}^2 \le \ell(a) \le
//!    \min_{u \in \lbrace u_{lo}, u_{hi}\rbrace } \tfrac12(1-u^m)^2 + \tfrac m2 a_{hi}u^2.$$
//!    $a = \sum_b (RP_b)^{1/m}$ is enclosed term by term; bisection on $u$ shrinks the
//!    bracket. When $a^m \ge T_L$ the enclosure is the point $\frac12$.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorems 4–5 (the
//!   family losses; normalisation reconstructed).
//! - A. S. Besicovitch, *On the linear independence of fractional powers of integers*,
//!   J. London Math. Soc. 15 (1940), 3–6; L. J. Mordell, *On the linear independence of
//!   algebraic numbers*, Pacific J. Math. 3 (1953), 625–630; I. Boreico, *Linear independence
//!   of radicals*, Harvard College Math. Review 2 (2008).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::interval::{IntervalError, QInterval, round_down, round_up};
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use crate::mse::family::{Block, FamilyError};
use crate::mse::threshold::{DufmParams, ParamError, zero_threshold_rhs};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;
use std::fmt;

/// The precision (bits) of [`enclose_loss`] used by default: relative width about $2^{-64}$.
#[cfg_attr(doc, doc = katex!())]
pub const DEFAULT_BITS: u64 = 64;

/// The largest precision [`enclose_loss`] accepts.
pub const MAX_BITS: u64 = 4096;

/// The largest precision (bits) [`compare_radical_sums`] refines to before answering
/// *Undecided*.
pub const MAX_SEPARATION_BITS: u64 = 2048;

/// Working precision cap of the enclosure's bisection (it stays rigorous, only wider, if a
/// tiny $a$ would need more).
const MAX_WORKING_BITS: u64 = 1 << 14;

/// A bad argument of a comparison or enclosure, naming it.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompareError {
    /// A construction without blocks.
    NoBlocks {
        /// Which construction, as the caller's argument (`first`, `second`, `blocks`).
        which: &'static str,
    },
    /// A block that is invalid, or invalid at this depth, or too large.
    Block {
        /// Which construction.
        which: &'static str,
        /// The block's error.
        error: FamilyError,
    },
    /// The blocks do not cover exactly the $K$ classes of the parameters.
    Coverage {
        /// Which construction.
        which: &'static str,
        /// Classes covered by the blocks.
        covered: u64,
        /// $K$.
        classes: u64,
    },
    /// A radicand of [`compare_radical_sums`] is not positive.
    NonPositiveRadicand {
        /// `left` or `right`.
        side: &'static str,
        /// Its index in that list.
        index: usize,
    },
    /// A root index $m = 0$.
    ZeroRootIndex,
    /// A precision outside $1..=$ [`MAX_BITS`].
    Precision {
        /// The requested bits.
        bits: u64,
    },
    /// Invalid parameters.
    Param(ParamError),
    /// An enclosure could not be formed from its computed bounds (never expected: the bounds
    /// are ordered by construction; reported rather than replaced by a default).
    Enclosure(IntervalError),
}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoBlocks { which } => write!(f, "{which}: a construction needs a block"),
            Self::Block { which, error } => write!(f, "{which}: {error}"),
            Self::Coverage {
                which,
                covered,
                classes,
            } => write!(
                f,
                "{which}: the blocks cover {covered} classes, the parameters have K = {classes}"
            ),
            Self::NonPositiveRadicand { side, index } => {
                write!(
                    f,
                    "{side}: radicand {index} is not positive, need every radicand > 0"
                )
            }
            Self::ZeroRootIndex => write!(f, "m: m = 0, need m >= 1"),
            Self::Precision { bits } => {
                write!(f, "bits: bits = {bits}, need 1 <= bits <= {MAX_BITS}")
            }
            Self::Param(e) => write!(f, "{e}"),
            Self::Enclosure(e) => write!(f, "enclosure: {e}"),
        }
    }
}

impl std::error::Error for CompareError {}

impl CompareError {
    /// The caller's argument the error is about: `first`, `second` or `blocks` (a
    /// construction), `left`/`right`/`m` of [`compare_radical_sums`], `bits`, or a parameter of
    /// [`DufmParams`]; `None` for a failed enclosure (never expected).
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::NoBlocks { which } | Self::Block { which, .. } | Self::Coverage { which, .. } => {
                Some(which)
            }
            Self::NonPositiveRadicand { side, .. } => Some(side),
            Self::ZeroRootIndex => Some("m"),
            Self::Precision { .. } => Some("bits"),
            Self::Param(e) => Some(e.parameter()),
            Self::Enclosure(_) => None,
        }
    }
}

/// The order of two sums of radicals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SumOrder {
    /// Decided; `reason` says how (exact comparison, cancellation, or an enclosure).
    Decided {
        /// left against right.
        order: Ordering,
        /// The argument, with the exact values.
        reason: String,
    },
    /// Not separated at [`MAX_SEPARATION_BITS`] (the sums differ, by result 4 of the module
    /// docs, but by less than the enclosures resolve).
    Undecided {
        /// The last precision tried.
        bits: u64,
    },
}

/// The order of the optimal losses of two constructions.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LossOrder {
    /// $\ell(\text{first})$ against $\ell(\text{second})$, with the kernel's argument.
    Decided {
        /// The order.
        order: Ordering,
        /// The established statement.
        fact: Fact,
    },
    /// Not decided; why.
    Undecided {
        /// The reason, in words.
        reason: String,
    },
}

/// A rational enclosure of an optimal loss.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossEnclosure {
    /// $\[lo, hi\] \ni \ell$.
    pub interval: QInterval,
    /// `Some(true)` if the zero solution is optimal ($\ell = \frac12$), `Some(false)` if the
    /// minimiser is positive, `None` if that was not decided.
    pub zero_optimal: Option<bool>,
    /// The established statement.
    pub fact: Fact,
}

/// An integer $m \ge 1$ as a rational.
fn qn(x: u64) -> Q {
    Q::from_integer(Z::from(x))
}

/// $2^e$ as a rational.
fn pow2q(e: i64) -> Q {
    let p = Z::one() << e.unsigned_abs();
    if e >= 0 {
        Q::from_integer(p)
    } else {
        Q::new(Z::one(), p)
    }
}

/// An $e$ with $2^{e-1} < |x| < 2^{e+1}$ for $x \ne 0$.
fn magnitude(x: &Q) -> i64 {
    x.numer().bits() as i64 - x.denom().bits() as i64
}

/// Bits of $m$.
fn bit_len(m: u64) -> u64 {
    u64::from(64 - m.leading_zeros())
}

/// $y^{1/m}$ if it is rational ($y > 0$ in lowest terms: numerator and denominator are both
/// $m$-th powers).
// (u/v)^{1/m} ∈ Q  ⟺  u = s^m, v = t^m  (gcd(u, v) = 1)
fn rational_root(y: &Q, m: u32) -> Option<Q> {
    let root = |z: &Z| {
        let r = z.nth_root(m);
        (num_traits::pow(r.clone(), m as usize) == *z).then_some(r)
    };
    Some(Q::new(root(y.numer())?, root(y.denom())?))
}

/// $lo \le u^e \le hi$ for a rational $u \ge 0$: binary powering with every product rounded
/// outward to `prec` significant bits (products of non-negative bounds stay bounds).
// u^e = Π_{bits i of e} u^(2^i), lower chain rounded down, upper chain rounded up
fn pow_bounds(u: &Q, e: u32, prec: u64) -> (Q, Q) {
    let (mut lo, mut hi) = (Q::one(), Q::one());
    let (mut blo, mut bhi) = (u.clone(), u.clone());
    let mut e = e;
    while e > 0 {
        if e & 1 == 1 {
            lo = round_down(&(&lo * &blo), prec);
            hi = round_up(&(&hi * &bhi), prec);
        }
        e >>= 1;
        if e > 0 {
            blo = round_down(&(&blo * &blo), prec);
            bhi = round_up(&(&bhi * &bhi), prec);
        }
    }
    (lo, hi)
}

/// $\[l, h\] \ni y^{1/m}$ for $y > 0$ with $l^m \le y \le h^m$ certified at every step;
/// relative width about $2^{-\text{bits}}$.
// invariant: l^m <= y <= h^m; bisection, mid^m bounded by pow_bounds
fn root_enclosure(y: &Q, m: u32, bits: u64) -> Result<QInterval, CompareError> {
    if let Some(r) = rational_root(y, m) {
        return Ok(QInterval::point(r));
    }
    let e = magnitude(y);
    let mi = i64::from(m);
    // y ∈ (2^{e-1}, 2^{e+1}), so y^{1/m} ∈ (2^{(e-1)/m}, 2^{(e+1)/m})
    let mut lo = pow2q(Integer::div_floor(&(e - 1), &mi) - 1);
    let mut hi = pow2q(Integer::div_ceil(&(e + 1), &mi) + 1);
    let prec = bits + 2 * bit_len(u64::from(m)) + 16;
    // powers of two are exact under the rounding; these loops are checks
    while &pow_bounds(&lo, m, prec).1 > y {
        lo /= qn(2);
    }
    while &pow_bounds(&hi, m, prec).0 < y {
        hi *= qn(2);
    }
    let rel = pow2q(-(bits as i64));
    for _ in 0..bits + 64 {
        if &hi - &lo <= &lo * &rel {
            break;
        }
        let mid = (&lo + &hi) / qn(2);
        let (plo, phi) = pow_bounds(&mid, m, prec);
        if &phi <= y {
            lo = mid;
        } else if &plo >= y {
            hi = mid;
        } else {
            break;
        }
    }
    QInterval::new(lo, hi).map_err(CompareError::Enclosure)
}

/// `a1 + a2 + …` for display.
fn list(xs: &[Q]) -> String {
    xs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The order of $\sum_i \mathrm{left}_i^{1/m}$ against $\sum_j \mathrm{right}_j^{1/m}$ for
/// positive rationals (module docs, result 4); empty sums are $0$.
///
/// # Errors
/// [`CompareError::ZeroRootIndex`] for $m = 0$, [`CompareError::NonPositiveRadicand`] naming
/// the side and index of a radicand $\le 0$.
///
/// # Cost
/// Exact checks first (equal multisets, rational roots); otherwise enclosures at doubling
/// precision up to `max_bits`, each $O(n)$ $m$-th roots of the radicands. A `max_bits` above
/// [`MAX_SEPARATION_BITS`] is taken as [`MAX_SEPARATION_BITS`], as that constant's docs say
/// (an undecided result reports the bits it used).
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::qi;
/// use ncverify_kernel::mse::compare::{SumOrder, compare_radical_sums};
/// use std::cmp::Ordering;
/// // 243^(1/5) + 243^(1/5) = 3 + 3 = 6 = 7776^(1/5), decided exactly
/// let o = compare_radical_sums(&[qi(243), qi(243)], &[qi(7776)], 5, 64)?;
/// assert!(matches!(o, SumOrder::Decided { order: Ordering::Equal, .. }));
/// # Ok::<(), ncverify_kernel::mse::compare::CompareError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn compare_radical_sums(
    left: &[Q],
    right: &[Q],
    m: u32,
    max_bits: u64,
) -> Result<SumOrder, CompareError> {
    if m == 0 {
        return Err(CompareError::ZeroRootIndex);
    }
    for (side, list) in [("left", left), ("right", right)] {
        if let Some(index) = list.iter().position(|y| !y.is_positive()) {
            return Err(CompareError::NonPositiveRadicand { side, index });
        }
    }
    let sums = format!(
        "sum of ({})^(1/{m}) vs sum of ({})^(1/{m})",
        list(left),
        list(right)
    );
    let decided = |order: Ordering, how: String| {
        let rel = match order {
            Ordering::Less => "<",
            Ordering::Equal => "=",
            Ordering::Greater => ">",
        };
        SumOrder::Decided {
            order,
            reason: format!("{sums}: left {rel} right ({how})"),
        }
    };
    if let ([y], [z]) = (left, right) {
        // t -> t^{1/m} is increasing on (0, ∞)
        return Ok(decided(
            y.cmp(z),
            format!("{y} vs {z}, and t -> t^(1/{m}) is increasing"),
        ));
    }
    // classes (s_k, d_k): left - right = Σ_k d_k s_k^{1/m}
    let mut classes: Vec<(Q, Q)> = Vec::new();
    let signed = left
        .iter()
        .map(|y| (y, Q::one()))
        .chain(right.iter().map(|z| (z, -Q::one())));
    for (y, sign) in signed {
        let found = classes
            .iter_mut()
            .find_map(|(s, d)| rational_root(&(y / &*s), m).map(|t| (d, t)));
        match found {
            Some((d, t)) => *d += sign * t,
            None => classes.push((y.clone(), sign)),
        }
    }
    let terms: Vec<(Q, Q)> = classes.into_iter().filter(|(_, d)| !d.is_zero()).collect();
    let shown = if terms.is_empty() {
        "0".to_string()
    } else {
        terms
            .iter()
            .map(|(s, d)| format!("({d}) ({s})^(1/{m})"))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let grouped =
        format!("left - right = {shown}, radicands grouped by rational {m}-th-power ratios");
    if terms.is_empty() {
        return Ok(decided(Ordering::Equal, grouped));
    }
    if terms.iter().all(|(_, d)| d.is_positive()) {
        return Ok(decided(
            Ordering::Greater,
            format!("{grouped}, every coefficient > 0"),
        ));
    }
    if terms.iter().all(|(_, d)| d.is_negative()) {
        return Ok(decided(
            Ordering::Less,
            format!("{grouped}, every coefficient < 0"),
        ));
    }
    // a larger cap would only run out of memory or time (and overflow `bits * 2` at 2^63)
    let max_bits = max_bits.min(MAX_SEPARATION_BITS);
    let mut bits = 64;
    loop {
        let extra = bit_len(terms.len() as u64) + 8;
        let mut total = QInterval::point(Q::zero());
        for (s, d) in &terms {
            total = &total + &root_enclosure(s, m, bits + extra)?.scale(d);
        }
        if let Some(order) = total.certainly_cmp(&QInterval::point(Q::zero())) {
            return Ok(decided(
                order,
                format!("{grouped}, enclosed in {total} (l^{m} <= s <= h^{m} for each root)"),
            ));
        }
        if bits >= max_bits {
            return Ok(SumOrder::Undecided { bits });
        }
        bits = (bits * 2).min(max_bits.max(64));
    }
}

/// The blocks' cost powers $P_b = C_b^{L+1}$, after checking that the construction is
/// non-empty, valid at depth $L$ and covers exactly $K$ classes.
///
/// # Errors
/// [`CompareError::NoBlocks`] for an empty construction, [`CompareError::Block`] for a block
/// invalid at depth $L$ (or a class count that overflows), [`CompareError::Coverage`] if the
/// blocks do not cover exactly $K$ classes; each names the construction by `which`.
///
/// # Cost
/// One [`Block::cost_power`] per block.
#[cfg_attr(doc, doc = katex!())]
pub fn cost_powers(
    p: &DufmParams,
    blocks: &[Block],
    which: &'static str,
) -> Result<Vec<Q>, CompareError> {
    if blocks.is_empty() {
        return Err(CompareError::NoBlocks { which });
    }
    let err = |error| CompareError::Block { which, error };
    let mut covered = 0u64;
    let mut powers = Vec::with_capacity(blocks.len());
    for b in blocks {
        let k = b.classes_at(p.layers()).map_err(err)?;
        covered = covered
            .checked_add(k)
            .ok_or(err(FamilyError::SizeOverflow {
                parameter: "blocks",
            }))?;
        powers.push(b.cost_power(p.layers()).map_err(err)?);
    }
    if covered != p.classes() {
        return Err(CompareError::Coverage {
            which,
            covered,
            classes: p.classes(),
        });
    }
    Ok(powers)
}

/// `T(4) + DNC(2)`.
fn describe(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Decide whether the zero solution is optimal for the construction, i.e.
/// $a^{L+1} \ge T_L$ with $a = cC$ (module docs, result 2): `Ok(Some((zero, fact)))`, or
/// `Ok(None)` if the radical sums are not separated at [`MAX_SEPARATION_BITS`].
///
/// # Errors
/// Those of [`cost_powers`] (named `blocks`), and those of [`compare_radical_sums`].
///
/// # Cost
/// [`cost_powers`], then [`compare_radical_sums`] with one radicand per block, at most
/// [`MAX_SEPARATION_BITS`] bits.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::compare::zero_is_optimal;
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::threshold::DufmParams;
/// // strong regularisation: the zero solution is optimal for DNC
/// let p = DufmParams::new(6, 4, q(1, 2), q(1, 2), 1).unwrap();
/// let (zero, _fact) = zero_is_optimal(&p, &[Block::Dnc { classes: 6 }])?.unwrap();
/// assert!(zero);
///
/// # Ok::<(), ncverify_kernel::mse::compare::CompareError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn zero_is_optimal(
    p: &DufmParams,
    blocks: &[Block],
) -> Result<Option<(bool, Fact)>, CompareError> {
    let powers = cost_powers(p, blocks, "blocks")?;
    zero_decision(p, blocks, &powers)
}

// a^m >= T_L  ⟺  Σ_b P_b^{1/m} >= (T_L / R)^{1/m}
fn zero_decision(
    p: &DufmParams,
    blocks: &[Block],
    powers: &[Q],
) -> Result<Option<(bool, Fact)>, CompareError> {
    let t = zero_threshold_rhs(p.layers()).map_err(CompareError::Param)?;
    let bound = &t / p.reg_product();
    let m = p.layers() + 1;
    match compare_radical_sums(powers, &[bound], m, MAX_SEPARATION_BITS)? {
        SumOrder::Decided { order, reason } => {
            let zero = order != Ordering::Less;
            let (rel, what) = if zero {
                (">=", "zero, l = 1/2")
            } else {
                ("<", "positive, l < 1/2")
            };
            Ok(Some((
                zero,
                Fact::new(format!(
                    "{p}; {}: (c C)^(L+1) {rel} T_L = {t} with c^(L+1) = n lambda_H lambda_W^L, \
                     C = sum_b (C_b^(L+1))^(1/(L+1)), so the optimal scale is {what} [{reason}]",
                    describe(blocks)
                )),
            )))
        }
        SumOrder::Undecided { .. } => Ok(None),
    }
}

/// The order of the optimal losses $\ell(\text{first})$ and $\ell(\text{second})$ of two
/// constructions at the parameters `p` (module docs, result 3).
///
/// # Errors
/// A [`CompareError`] naming `first` or `second` for a construction without blocks, with a
/// block invalid at depth $L$, or not covering exactly the $K$ classes of `p`.
///
/// # Cost
/// The cost constants $C^{L+1}$ of every block (closed forms), then
/// [`compare_radical_sums`] on them, plus the zero threshold: milliseconds at small $K, L$.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::compare::{LossOrder, compare_losses};
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::threshold::DufmParams;
/// use std::cmp::Ordering;
/// let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
/// let (t4, dnc) = ([Block::Triangular { r: 4 }], [Block::Dnc { classes: 6 }]);
/// let o = compare_losses(&p, &t4, &dnc)?;
/// assert!(matches!(o, LossOrder::Decided { order: Ordering::Less, .. }));
/// let e = compare_losses(&p, &[], &dnc).unwrap_err();
/// assert_eq!(e.parameter(), Some("first"));
/// # Ok::<(), ncverify_kernel::mse::compare::CompareError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn compare_losses(
    p: &DufmParams,
    first: &[Block],
    second: &[Block],
) -> Result<LossOrder, CompareError> {
    let p1 = cost_powers(p, first, "first")?;
    let p2 = cost_powers(p, second, "second")?;
    let m = p.layers() + 1;
    let (d1, d2) = (describe(first), describe(second));
    let z1 = zero_decision(p, first, &p1)?;
    let z2 = zero_decision(p, second, &p2)?;
    if let (Some((true, f1)), Some((true, f2))) = (&z1, &z2) {
        return Ok(LossOrder::Decided {
            order: Ordering::Equal,
            fact: f1
                .clone()
                .and(f2.clone())
                .and(Fact::new(format!("so l({d1}) = l({d2}) = 1/2"))),
        });
    }
    let undecided = |what: &str| LossOrder::Undecided {
        reason: format!("{what} not separated at {MAX_SEPARATION_BITS} bits"),
    };
    let costs = match compare_radical_sums(&p1, &p2, m, MAX_SEPARATION_BITS)? {
        SumOrder::Decided { order, reason } => (order, reason),
        SumOrder::Undecided { .. } => {
            return Ok(undecided(&format!(
                "the cost constants of {d1} and {d2} (within 2^-{MAX_SEPARATION_BITS})"
            )));
        }
    };
    let cost_fact = Fact::new(format!(
        "{p}: C({d1}) vs C({d2}) with C^(L+1) per block ({}) and ({}) [{}]",
        list(&p1),
        list(&p2),
        costs.1
    ));
    let (order, fact) = match costs.0 {
        Ordering::Equal => (
            Ordering::Equal,
            cost_fact.and(Fact::new(format!(
                "equal cost constants give equal a = cC, so l({d1}) = l({d2})"
            ))),
        ),
        cheaper => {
            // the cheaper construction decides: strict iff its optimal scale is positive
            let (zc, name) = if cheaper == Ordering::Less {
                (&z1, &d1)
            } else {
                (&z2, &d2)
            };
            match zc {
                None => {
                    return Ok(undecided(&format!(
                        "the zero threshold of {name} (within 2^-{MAX_SEPARATION_BITS})"
                    )));
                }
                Some((true, fz)) => (
                    Ordering::Equal,
                    cost_fact.and(fz.clone()).and(Fact::new(format!(
                        "the cheaper {name} is at or past the zero threshold, so both losses \
                         are 1/2: l({d1}) = l({d2})"
                    ))),
                ),
                Some((false, fz)) => {
                    let rel = if cheaper == Ordering::Less { "<" } else { ">" };
                    (
                        cheaper,
                        cost_fact.and(fz.clone()).and(Fact::new(format!(
                            "l is non-decreasing in C and strictly below 1/2 with a positive \
                             minimiser for the cheaper {name}, so l({d1}) {rel} l({d2})"
                        ))),
                    )
                }
            }
        }
    };
    Ok(LossOrder::Decided { order, fact })
}

/// Bounds of $h(u^m) = (1 - u^m)u^{m-2}$ for $0 \le u \le 1$, and of $u^m$.
fn h_bounds(u: &Q, m: u32, prec: u64) -> ((Q, Q), (Q, Q)) {
    let (xl, xh) = pow_bounds(u, m, prec);
    let (vl, vh) = pow_bounds(u, m - 2, prec);
    let one = Q::one();
    let lo = round_down(&((&one - xh.clone().min(one.clone())) * vl), prec);
    let hi = round_up(&((&one - &xl) * vh), prec);
    ((lo, hi), (xl, xh))
}

/// A bracket $\[lo, hi\] \subseteq \[\mathrm{start}, 1\]$ of the point where `test` turns from
/// `Some(true)` to `Some(false)`: `lo` is `start` or a point tested `Some(true)`, `hi` is $1$
/// or a point tested `Some(false)`; `None` (undecided at this precision) stops the search.
/// Points $1 - s2^{-e}$, $s = 1 - \mathrm{start}$, are tried for doubling and then bisected $e$
/// (a minimiser near 1 is reached in $O(\log e)$ steps), then `steps` plain bisections.
fn bracket(start: &Q, steps: u64, max_exp: u64, test: impl Fn(&Q) -> Option<bool>) -> (Q, Q) {
    let one = Q::one();
    let s = &one - start;
    let at = |e: u64| &one - &s * pow2q(-(e as i64));
    let (mut lo, mut hi) = (start.clone(), one.clone());
    let (mut e_lo, mut e_hi) = (0, None);
    let mut e = 1.min(max_exp);
    while e > e_lo {
        match test(&at(e)) {
            Some(true) => {
                lo = at(e);
                e_lo = e;
                e = (e * 2).min(max_exp);
            }
            Some(false) => {
                hi = at(e);
                e_hi = Some(e);
                break;
            }
            None => return (lo, hi),
        }
    }
    if let Some(mut eh) = e_hi {
        while eh - e_lo > 1 {
            let em = (e_lo + eh) / 2;
            match test(&at(em)) {
                Some(true) => {
                    lo = at(em);
                    e_lo = em;
                }
                Some(false) => {
                    hi = at(em);
                    eh = em;
                }
                None => return (lo, hi),
            }
        }
    }
    for _ in 0..steps {
        let mid = (&lo + &hi) / qn(2);
        match test(&mid) {
            Some(true) => lo = mid,
            Some(false) => hi = mid,
            None => break,
        }
    }
    (lo, hi)
}

/// Rational bounds on $\ell(a)$ for every $a \in \[a_{lo}, a_{hi}\]$ on the positive branch
/// (module docs, result 5), or `None` if $h(u_0^m) \ge a_{hi}$ could not be certified.
// ½(1 - u_hi^m)^2 + (m/2) a_lo u_lo^2  <=  l(a)  <=  min_u ½(1 - u^m)^2 + (m/2) a_hi u^2
fn positive_branch(m: u32, a_lo: &Q, a_hi: &Q, bits: u64) -> Option<(Q, Q)> {
    let tiny = u64::try_from(-magnitude(a_lo)).unwrap_or(0);
    let prec = (bits + tiny + 2 * bit_len(u64::from(m)) + 32).min(MAX_WORKING_BITS);
    let mq = qn(u64::from(m));
    let two = qn(2);
    let half = Q::one() / &two;
    // u_0 with x_* <= u_0^m <= x_0, x_* = (m-2)/(2(m-1)), x_0 = (m-2)/(m-1)
    let x0 = (&mq - &two) / (&mq - Q::one());
    let xs = &x0 / &two;
    let mut u0 = None;
    let (mut lo, mut hi) = (Q::zero(), Q::one());
    for _ in 0..64 + 2 * bit_len(u64::from(m)) {
        let mid = if m == 2 {
            Q::zero()
        } else {
            (&lo + &hi) / &two
        };
        // x_* = x_0 / 2: a coarse precision separates them
        let (pl, ph) = pow_bounds(&mid, m, 64 + 2 * bit_len(u64::from(m)));
        if pl >= xs && ph <= x0 {
            u0 = Some(mid);
            break;
        }
        if ph < xs {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let u0 = u0?;
    if h_bounds(&u0, m, prec).0.0 < *a_hi {
        return None;
    }
    let h = |u: &Q| h_bounds(u, m, prec).0;
    let steps = bits + 16;
    // u_lo: h(u_lo^m) >= a_hi
    let (u_lo, _) = bracket(&u0, steps, prec, |u| {
        let (hl, hh) = h(u);
        if &hl >= a_hi {
            Some(true)
        } else if &hh < a_hi {
            Some(false)
        } else {
            None
        }
    });
    // u_hi: h(u_hi^m) <= a_lo, searched right of u_lo (x̂(a_lo) >= x̂(a_hi) >= u_lo^m)
    let (_, u_hi) = bracket(&u_lo, steps, prec, |u| {
        let (hl, hh) = h(u);
        if &hh <= a_lo {
            Some(false)
        } else if &hl > a_lo {
            Some(true)
        } else {
            None
        }
    });
    let half_m = &mq / &two;
    let x_hi = pow_bounds(&u_hi, m, prec).1.min(Q::one());
    let gap = Q::one() - x_hi;
    let lower = &half * &gap * &gap + &half_m * a_lo * &u_lo * &u_lo;
    let upper = [&u_lo, &u_hi]
        .into_iter()
        .map(|u| {
            let g = Q::one() - pow_bounds(u, m, prec).0;
            &half * &g * &g + &half_m * a_hi * u * u
        })
        .fold(half.clone(), Q::min);
    let out = bits + 16;
    Some((round_down(&lower.min(half), out), round_up(&upper, out)))
}

/// A rational enclosure of the optimal loss $\ell$ of the construction at `p`, of relative
/// width about $2^{-\text{bits}}$ (module docs, result 5); `bits` in $1..=$ [`MAX_BITS`].
///
/// # Errors
/// [`CompareError::Precision`] for `bits` outside $1..=$ [`MAX_BITS`]; the errors of
/// [`compare_losses`] for the construction, named `blocks`.
///
/// # Cost
/// Root enclosures at about `bits` bits of every block's cost constant.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::compare::enclose_loss;
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::threshold::DufmParams;
/// let p = DufmParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
/// let e = enclose_loss(&p, &[Block::Triangular { r: 4 }], 64)?;
/// assert!(e.interval.lo() <= e.interval.hi());
/// # Ok::<(), ncverify_kernel::mse::compare::CompareError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn enclose_loss(
    p: &DufmParams,
    blocks: &[Block],
    bits: u64,
) -> Result<LossEnclosure, CompareError> {
    if !(1..=MAX_BITS).contains(&bits) {
        return Err(CompareError::Precision { bits });
    }
    let powers = cost_powers(p, blocks, "blocks")?;
    let name = describe(blocks);
    let half = Q::one() / qn(2);
    let zero = zero_decision(p, blocks, &powers)?;
    let zero_optimal = zero.as_ref().map(|z| z.0);
    let (interval, fact) = match zero {
        Some((true, fz)) => (
            QInterval::point(half.clone()),
            fz.and(Fact::new(format!("l({name}) = 1/2"))),
        ),
        Some((false, fz)) => match enclose_positive(p, &powers, bits)? {
            Some((iv, a)) => {
                let f = fz.and(Fact::new(format!(
                    "{p}; {name}: a = c C in {a}, so l = min_x 1/2 (1-x)^2 + (L+1)/2 a \
                     x^(2/(L+1)) lies in {iv} (bracketing the minimiser u^(L+1) by exact \
                     bounds on (1-u^(L+1)) u^(L-1))"
                )));
                (iv, f)
            }
            None => (
                QInterval::new(Q::zero(), half.clone()).map_err(CompareError::Enclosure)?,
                fz.and(Fact::new(format!(
                    "l({name}) lies in [0, 1/2] (a is within the enclosure precision of the \
                     zero threshold)"
                ))),
            ),
        },
        None => (
            QInterval::new(Q::zero(), half.clone()).map_err(CompareError::Enclosure)?,
            Fact::new(format!(
                "{p}; {name}: l lies in [0, 1/2] (phi(0) = 1/2 and phi >= 0; a is within \
                 2^-{MAX_SEPARATION_BITS} of the zero threshold)"
            )),
        ),
    };
    Ok(LossEnclosure {
        interval,
        zero_optimal,
        fact,
    })
}

/// The enclosure of $\ell$ and of $a$ on the positive branch, refining the enclosure of $a$
/// until the branch's conditions are certified.
fn enclose_positive(
    p: &DufmParams,
    powers: &[Q],
    bits: u64,
) -> Result<Option<(QInterval, QInterval)>, CompareError> {
    let m = p.layers() + 1;
    let r = p.reg_product();
    let mut b = bits;
    loop {
        let extra = bit_len(powers.len() as u64) + 8;
        let mut a = QInterval::point(Q::zero());
        for pb in powers {
            a = &a + &root_enclosure(&(&r * pb), m, b + extra)?;
        }
        if let Some((lo, hi)) = positive_branch(m, a.lo(), a.hi(), bits) {
            let iv = QInterval::new(lo, hi).map_err(CompareError::Enclosure)?;
            return Ok(Some((iv, a)));
        }
        if b >= MAX_SEPARATION_BITS {
            return Ok(None);
        }
        b = (b * 2).min(MAX_SEPARATION_BITS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    fn params(k: u64, l: u32, lam: Q) -> DufmParams {
        DufmParams::new(k, l, lam.clone(), lam, 1).unwrap()
    }

    #[test]
    fn radical_sums_by_hand() {
        let lt = |l: &[Q], r: &[Q], m| match compare_radical_sums(l, r, m, 256).unwrap() {
            SumOrder::Decided { order, .. } => order,
            SumOrder::Undecided { .. } => panic!("undecided"),
        };
        // 2^(1/2) + 3^(1/2) = 3.146… > 8^(1/2) + 0 = 2.828…; < 10^(1/2) = 3.162…
        assert_eq!(lt(&[qi(2), qi(3)], &[qi(8)], 2), Ordering::Greater);
        assert_eq!(lt(&[qi(2), qi(3)], &[qi(10)], 2), Ordering::Less);
        // 2^(1/2) + 8^(1/2) = 3·2^(1/2) = 18^(1/2): cancels exactly
        assert_eq!(lt(&[qi(2), qi(8)], &[qi(18)], 2), Ordering::Equal);
        // 3·3^5 vs 6^5 at m = 5: 3 + 3 = 6
        assert_eq!(lt(&[qi(243), qi(243)], &[qi(7776)], 5), Ordering::Equal);
        assert_eq!(lt(&[qi(6912)], &[qi(7776)], 5), Ordering::Less);
        assert_eq!(lt(&[q(1, 4)], &[], 2), Ordering::Greater);
        assert_eq!(
            compare_radical_sums(&[qi(0)], &[qi(1)], 2, 64),
            Err(CompareError::NonPositiveRadicand {
                side: "left",
                index: 0
            })
        );
        assert_eq!(
            compare_radical_sums(&[qi(1)], &[qi(1)], 0, 64),
            Err(CompareError::ZeroRootIndex)
        );
    }

    #[test]
    fn roots_are_enclosed() {
        for (y, m) in [
            (qi(2), 2u32),
            (q(1, 3), 5),
            (qi(7776), 5),
            (q(1, 1 << 40), 7),
        ] {
            let iv = root_enclosure(&y, m, 80).unwrap();
            assert!(crate::arith::rational::pow_u(iv.lo(), m) <= y);
            assert!(crate::arith::rational::pow_u(iv.hi(), m) >= y);
            assert!(iv.width() <= iv.lo() * pow2q(-79), "{y}: {iv}");
        }
    }

    #[test]
    fn dnc_against_t4_both_ways() {
        let t4 = [Block::Triangular { r: 4 }];
        let dnc = [Block::Dnc { classes: 6 }];
        let p4 = params(6, 4, q(1, 1000));
        match compare_losses(&p4, &t4, &dnc).unwrap() {
            LossOrder::Decided { order, fact } => {
                assert_eq!(order, Ordering::Less);
                assert!(fact.to_string().contains("6912 vs 7776"), "{fact}");
            }
            other => panic!("{other:?}"),
        }
        let p3 = params(6, 3, q(1, 1000));
        assert!(matches!(
            compare_losses(&p3, &t4, &dnc).unwrap(),
            LossOrder::Decided {
                order: Ordering::Greater,
                ..
            }
        ));
        let big = params(6, 4, qi(1));
        assert!(matches!(
            compare_losses(&big, &t4, &dnc).unwrap(),
            LossOrder::Decided {
                order: Ordering::Equal,
                ..
            }
        ));
    }

    #[test]
    fn enclosures_hold_the_reference_losses() {
        // K = 6, L = 4, lambda = 1e-3: l(T(4)) = 0.0146335478…, l(DNC) = 0.0149819348…
        let p = params(6, 4, q(1, 1000));
        for (blocks, reference) in [
            (
                vec![Block::Triangular { r: 4 }],
                q(146_335_478, 10_000_000_000),
            ),
            (
                vec![Block::Dnc { classes: 6 }],
                q(149_819_348, 10_000_000_000),
            ),
        ] {
            let e = enclose_loss(&p, &blocks, 64).unwrap();
            let iv = e.interval;
            assert_eq!(e.zero_optimal, Some(false));
            // the references are rounded to 10 digits
            let tol = q(1, 20_000_000_000);
            assert!(iv.lo() <= &(&reference + &tol), "{iv}");
            assert!(iv.hi() >= &(&reference - &tol), "{iv}");
            assert!(iv.width() < q(1, 1 << 50), "{iv}");
        }
        // L = 1, K = 2, c = 1/16: l = a - a^2/2 = 1/8 - 1/128 exactly
        let p1 = params(2, 1, q(1, 16));
        let iv = enclose_loss(&p1, &[Block::Dnc { classes: 2 }], 64)
            .unwrap()
            .interval;
        assert!(iv.contains(&q(15, 128)), "{iv}");
        let big = enclose_loss(&params(6, 4, qi(1)), &[Block::Dnc { classes: 6 }], 64).unwrap();
        assert_eq!(big.interval, QInterval::point(q(1, 2)));
        assert_eq!(
            enclose_loss(&p, &[Block::Dnc { classes: 6 }], 0).map(|_| ()),
            Err(CompareError::Precision { bits: 0 })
        );
    }

    #[test]
    fn constructions_are_validated() {
        let p = params(6, 4, q(1, 1000));
        assert_eq!(
            compare_losses(&p, &[], &[Block::Dnc { classes: 6 }]).map(|_| ()),
            Err(CompareError::NoBlocks { which: "first" })
        );
        assert_eq!(
            compare_losses(
                &p,
                &[Block::Dnc { classes: 6 }],
                &[Block::Dnc { classes: 2 }]
            )
            .map(|_| ()),
            Err(CompareError::Coverage {
                which: "second",
                covered: 2,
                classes: 6
            })
        );
        assert!(matches!(
            cost_powers(
                &params(6, 1, q(1, 2)),
                &[Block::Triangular { r: 4 }],
                "first"
            ),
            Err(CompareError::Block { which: "first", .. })
        ));
    }
}
