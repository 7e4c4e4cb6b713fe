//! # The deep UFM objective of explicit rational parameters
//!
//! ## Main definitions
//! - [`labels_exact`]: $Y = I_K \otimes \mathbf 1_n^\top$ (columns grouped by class).
//! - [`forward_exact`]: $W_L\thinspace\sigma(W_{L-1}\cdots\sigma(W_1H_1))$, $\sigma = \max(\cdot, 0)$
//!   after every layer but the last.
//! - [`mse_loss_exact`]: the MSE deep-UFM objective
//!   $\frac{1}{2N}\Vert\text{out} - Y\Vert_F^2 + \frac{\lambda_W}{2}\sum_l\Vert W_l\Vert_F^2 +
//!   \frac{\lambda_H}{2}\Vert H_1\Vert_F^2$, $N = Kn$, exactly over $\mathbb Q$. This is the kernel's
//!   only implementation of the objective; certificates are re-verified with it.
//!
//! ## Main results
//! [`mse_loss_exact`] clears denominators once per matrix: with $M = N_M/d_M$,
//! $N_M \in \mathbb Z^{r\times c}$, $d_M > 0$, products are integer products over the product
//! of denominators and $\sigma(N/d) = \sigma(N)/d$, so the forward pass runs in $\mathbb Z$ and
//! one reduction happens at the end. A test compares it with the entry-by-entry rational
//! evaluation through [`forward_exact`].
//!
//! Every size is checked: $N = Kn$ and every shape come from outside (certificate files,
//! library callers), so an overflowing size is an error, never a wrapped value.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), eq. (1); the
//!   normalisation ($\lambda_H$ not divided by $N$) is our reconstruction, `docs` of the MSE
//!   module.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::{QMatrix, ShapeError};
use crate::arith::rational::{Q, Z, qi};
use num_traits::{One, Signed, Zero};
use std::fmt;

/// Why the objective of explicit parameters cannot be evaluated.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DufmError {
    /// $K = 0$ (`k`), $n = 0$ (`n`) or no weight matrix (`ws`).
    Empty {
        /// The caller's argument: `k`, `n` or `ws`.
        parameter: &'static str,
    },
    /// $N = Kn$ does not fit in `usize`.
    SizeOverflow {
        /// $K$.
        classes: usize,
        /// $n$.
        samples: usize,
    },
    /// The factors do not chain, or the output is not $K \times Kn$.
    Shape(ShapeError),
    /// A matrix's common denominator has more bits than [`WorkBudget::max_denominator_bits`].
    DenominatorTooLarge {
        /// Index of the matrix: 0 for $H_1$, $l$ for $W_l$.
        matrix: usize,
        /// The limit in bits.
        limit: u64,
    },
    /// The cleared integer matrices would hold more than [`WorkBudget::max_limbs`] limbs.
    TooLarge {
        /// Limbs needed.
        limbs: u128,
        /// The limit.
        limit: u128,
    },
    /// The exact forward pass would cost more than [`WorkBudget::max_limb_products`].
    TooExpensive {
        /// The estimated number of 64-bit limb products.
        estimate: u128,
        /// The limit.
        limit: u128,
    },
}

/// Limits on the exact evaluation, so that a hostile input cannot stall it: the evaluation
/// estimates its own cost from the shapes and bit lengths before it multiplies.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkBudget {
    /// Largest common denominator of one matrix, in bits.
    pub max_denominator_bits: u64,
    /// Largest estimated cost of the forward pass, in work units of about a nanosecond
    /// (`forward_cost`):
    /// $\sum_l r_l c_l N\thinspace(\lceil b_{W_l}/64\rceil\lceil b_{A_{l-1}}/64\rceil + o)$ with $b$ the bit lengths of the integer matrices and $o$ =
    /// [`PRODUCT_OVERHEAD`] (schoolbook multiplication plus the allocation every big-integer
    /// product makes).
    pub max_limb_products: u128,
    /// Largest number of 64-bit limbs held by the integer matrices (memory; a limb is 8 bytes).
    pub max_limbs: u128,
}

impl WorkBudget {
    /// No limit (library callers who trust their input).
    pub const UNLIMITED: Self = Self {
        max_denominator_bits: u64::MAX,
        max_limb_products: u128::MAX,
        max_limbs: u128::MAX,
    };
}

impl fmt::Display for DufmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { parameter: "k" } => write!(f, "k: K = 0, need K >= 1"),
            Self::Empty { parameter: "n" } => write!(f, "n: n = 0, need n >= 1"),
            Self::Empty { parameter } => write!(f, "{parameter}: empty, need at least one matrix"),
            Self::SizeOverflow { classes, samples } => {
                write!(f, "n: N = K n = {classes} * {samples} overflows")
            }
            Self::Shape(e) => write!(f, "{e}"),
            Self::DenominatorTooLarge { matrix, limit } => write!(
                f,
                "matrix {matrix}: common denominator has more than {limit} bits"
            ),
            Self::TooLarge { limbs, limit } => write!(
                f,
                "exact evaluation would hold about {limbs} 64-bit limbs (limit {limit})"
            ),
            Self::TooExpensive { estimate, limit } => write!(
                f,
                "exact evaluation would cost about {estimate} work units (about 1 ns each), above the {limit} left in the budget"
            ),
        }
    }
}

impl std::error::Error for DufmError {}

impl DufmError {
    /// The caller's argument the error is about, as [`mse_loss_exact_within`] names it: `k`,
    /// `n`, `h`, `ws` (the matrices too large for the budget are reported as `ws`).
    pub fn parameter(&self) -> Option<&'static str> {
        Some(match self {
            Self::Empty { parameter } => parameter,
            Self::SizeOverflow { .. } => "n",
            Self::DenominatorTooLarge { matrix: 0, .. } => "h",
            Self::Shape(_)
            | Self::DenominatorTooLarge { .. }
            | Self::TooLarge { .. }
            | Self::TooExpensive { .. } => "ws",
        })
    }
}

impl From<ShapeError> for DufmError {
    fn from(e: ShapeError) -> Self {
        Self::Shape(e)
    }
}

/// Labels $Y = I_K \otimes \mathbf 1_n^\top$ (exact).
///
/// # Errors
/// [`DufmError::SizeOverflow`] (parameter `n`) if $Kn$ does not fit `usize`.
///
/// # Cost
/// A dense $K \times Kn$ matrix: $O(K^2n)$ entries.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::dufm::labels_exact;
/// let y = labels_exact(2, 3)?;
/// assert_eq!((y.rows(), y.cols()), (2, 6));
///
/// # Ok::<(), ncverify_kernel::mse::dufm::DufmError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn labels_exact(k: usize, n: usize) -> Result<QMatrix, DufmError> {
    let cols = k.checked_mul(n).ok_or(DufmError::SizeOverflow {
        classes: k,
        samples: n,
    })?;
    Ok(QMatrix::from_int_fn(k, cols, |i, j| i64::from(j / n == i)))
}

/// The network output $W_L\sigma(W_{L-1}\cdots\sigma(W_1H))$ (exact).
///
/// # Errors
/// [`ShapeError::Product`] if two consecutive factors do not chain.
///
/// # Cost
/// $L$ dense exact products: $O(\sum_l d_l d_{l-1} N)$ rational operations, whose numbers grow
/// with the depth (no budget: use [`mse_loss_exact_within`] for untrusted sizes).
#[cfg_attr(doc, doc = katex!())]
pub fn forward_exact(h: &QMatrix, ws: &[QMatrix]) -> Result<QMatrix, ShapeError> {
    let mut a = h.clone();
    for (l, w) in ws.iter().enumerate() {
        a = w.checked_mul(&a)?;
        if l + 1 < ws.len() {
            a = a.relu();
        }
    }
    Ok(a)
}

/// A rational matrix as an integer matrix over one positive common denominator:
/// $M = N / d$, $N \in \mathbb Z^{r\times c}$, $d \in \mathbb Z_{>0}$.
struct Cleared {
    rows: usize,
    cols: usize,
    num: Vec<Z>,
    den: Z,
}

/// The lcm of the entries' denominators, or `None` once it exceeds `max_bits`. A denominator
/// that already divides the running lcm costs one remainder, not a gcd.
// d = lcm_ij denom(M_ij)
fn common_denominator(m: &QMatrix, max_bits: u64) -> Option<Z> {
    let mut den = Z::one();
    for x in m.data() {
        if !(&den % x.denom()).is_zero() {
            den = num_integer::Integer::lcm(&den, x.denom());
            if den.bits() > max_bits {
                return None;
            }
        }
    }
    Some(den)
}

/// 64-bit limbs of an integer of `bits` bits (at least one).
fn limbs(bits: u64) -> u128 {
    u128::from(bits.div_ceil(64).max(1))
}

/// Limbs the cleared numerators $N_{ij} = M_{ij}\thinspace d/\mathrm{denom}(M_{ij})$ will hold.
fn cleared_limbs(m: &QMatrix, den: &Z) -> u128 {
    let d = den.bits();
    m.data()
        .iter()
        .map(|x| limbs(x.numer().bits() + d))
        .fold(0u128, u128::saturating_add)
}

impl Cleared {
    // M = N/d with d the common denominator
    fn new(m: &QMatrix, den: Z) -> Self {
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

    // largest bit length of a numerator or of the denominator
    fn bits(&self) -> u64 {
        self.num.iter().map(Z::bits).fold(self.den.bits(), u64::max)
    }

    // (N_1/d_1)(N_2/d_2) = (N_1 N_2)/(d_1 d_2); shapes checked by the caller
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

/// Check that $W_L \cdots W_1 H$ chains and ends in a $K \times Kn$ output; returns $Kn$.
fn check_shapes(h: &QMatrix, ws: &[QMatrix], k: usize, n: usize) -> Result<usize, DufmError> {
    for (empty, parameter) in [(k == 0, "k"), (n == 0, "n"), (ws.is_empty(), "ws")] {
        if empty {
            return Err(DufmError::Empty { parameter });
        }
    }
    let big_n = k.checked_mul(n).ok_or(DufmError::SizeOverflow {
        classes: k,
        samples: n,
    })?;
    let mut shape = (h.rows(), h.cols());
    for w in ws {
        if w.cols() != shape.0 {
            return Err(ShapeError::Product {
                left: (w.rows(), w.cols()),
                right: shape,
            }
            .into());
        }
        shape = (w.rows(), shape.1);
    }
    if shape != (k, big_n) {
        return Err(ShapeError::Product {
            left: shape,
            right: (k, big_n),
        }
        .into());
    }
    Ok(big_n)
}

/// Work units (about a nanosecond each, measured on the release build: `benches/cert.rs`)
/// that one big-integer product costs beyond its limb products: the allocation of its result
/// and the addition into the accumulator. A product of one-limb numbers is dominated by it
/// (a $700 \times 700$ witness of ones: $3.4 \cdot 10^8$ products, 15 s before this term).
#[cfg_attr(doc, doc = katex!())]
pub const PRODUCT_OVERHEAD: u128 = 48;

/// Estimated work units of the forward pass over cleared integer matrices (see
/// [`WorkBudget::max_limb_products`]), plus one [`PRODUCT_OVERHEAD`] per entry for the fit and
/// the norms.
// cost(W A) = r c N (⌈b_W/64⌉⌈b_A/64⌉ + overhead), and b_{WA} <= b_W + b_A + ⌈log2 c⌉ + 1
fn forward_cost(hc: &Cleared, wcs: &[Cleared]) -> u128 {
    let (mut bits, cols) = (hc.bits(), hc.cols as u128);
    let entries = std::iter::once(hc)
        .chain(wcs)
        .map(|m| (m.rows as u128).saturating_mul(m.cols as u128))
        .fold(0u128, u128::saturating_add);
    let mut cost: u128 = entries.saturating_mul(PRODUCT_OVERHEAD);
    for w in wcs {
        let (wb, inner) = (w.bits(), w.cols as u128);
        let per_product = limbs(wb)
            .saturating_mul(limbs(bits))
            .saturating_add(PRODUCT_OVERHEAD);
        let step = (w.rows as u128)
            .saturating_mul(inner)
            .saturating_mul(cols)
            .saturating_mul(per_product);
        cost = cost.saturating_add(step);
        bits = bits
            .saturating_add(wb)
            .saturating_add(u64::from(u128::BITS - inner.leading_zeros()) + 1);
    }
    cost
}

/// The DUFM objective of explicit parameters (exact); `ws = [W_1, .., W_L]`.
///
/// # Errors
/// Those of [`mse_loss_exact_within`] (the budget is unlimited here).
///
/// # Cost
/// As [`mse_loss_exact_within`], without a bound: callers with untrusted inputs use that one.
///
/// # Examples
/// ```
/// use ncverify_kernel::QMatrix;
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::dufm::mse_loss_exact;
/// // K = 2, n = 1, L = 1: H = I, W_1 = I fits Y exactly; the loss is the regulariser
/// let id = QMatrix::identity(2);
/// let loss = mse_loss_exact(&id, &[id.clone()], 2, 1, &q(1, 10), &q(1, 10))?;
/// assert_eq!(loss, q(1, 5)); // (lambda_W ||W_1||^2 + lambda_H ||H||^2) / 2, no fit error
///
/// # Ok::<(), ncverify_kernel::mse::dufm::DufmError>(())
/// ```
pub fn mse_loss_exact(
    h: &QMatrix,
    ws: &[QMatrix],
    k: usize,
    n: usize,
    lambda_w: &Q,
    lambda_h: &Q,
) -> Result<Q, DufmError> {
    mse_loss_exact_within(h, ws, k, n, lambda_w, lambda_h, &WorkBudget::UNLIMITED)
}

/// [`mse_loss_exact`], refusing before it multiplies if the evaluation would exceed `budget`.
///
/// # Errors
/// Those of [`mse_loss_parts_within`].
///
/// # Cost
/// As [`mse_loss_parts_within`], then three exact products.
pub fn mse_loss_exact_within(
    h: &QMatrix,
    ws: &[QMatrix],
    k: usize,
    n: usize,
    lambda_w: &Q,
    lambda_h: &Q,
    budget: &WorkBudget,
) -> Result<Q, DufmError> {
    Ok(mse_loss_parts_within(h, ws, k, n, budget)?.loss(lambda_w, lambda_h))
}

/// The parts of the loss of one parameter point that do not depend on $\lambda$: the fit
/// $F = \tfrac1{2N}\Vert W_L\sigma(\cdots\sigma(W_1H_1)) - Y\Vert_F^2$, $S_W = \sum_l
/// \Vert W_l\Vert_F^2$ and $S_H = \Vert H_1\Vert_F^2$, so the loss at any
/// $(\lambda_W, \lambda_H)$ is $F + \tfrac{\lambda_W}2 S_W + \tfrac{\lambda_H}2 S_H$
/// ([`LossParts::loss`]); and the work units the evaluation was estimated to cost.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossParts {
    fit: Q,
    w_sq: Q,
    h_sq: Q,
    cost: u128,
}

impl LossParts {
    /// $F + \tfrac{\lambda_W}2 S_W + \tfrac{\lambda_H}2 S_H$.
    pub fn loss(&self, lambda_w: &Q, lambda_h: &Q) -> Q {
        &self.fit + &self.w_sq * lambda_w / qi(2) + &self.h_sq * lambda_h / qi(2)
    }

    /// The estimated work units of the evaluation (what a budget was charged).
    pub fn cost(&self) -> u128 {
        self.cost
    }
}

/// [`LossParts`] of a point, refusing before it multiplies if the evaluation would exceed
/// `budget`.
///
/// # Errors
/// [`DufmError::Empty`] naming `k`, `n`, `h` or `ws` for an empty argument,
/// [`DufmError::Shape`] or [`DufmError::SizeOverflow`] for shapes that do not chain or fit;
/// [`DufmError::DenominatorTooLarge`], [`DufmError::TooLarge`] or [`DufmError::TooExpensive`]
/// if the evaluation would exceed `budget` (checked before any product).
///
/// # Cost
/// At most the budget's work units (about 1 ns each): $L$ integer matrix products after
/// clearing denominators, estimated by the same formula before multiplying.
// L = Σ_ij (P_ij - D Y_ij)^2 / (2N D^2) + λ_W/2 Σ ||W_l||^2 + λ_H/2 ||H||^2, out = P/D
pub fn mse_loss_parts_within(
    h: &QMatrix,
    ws: &[QMatrix],
    k: usize,
    n: usize,
    budget: &WorkBudget,
) -> Result<LossParts, DufmError> {
    let big_n = check_shapes(h, ws, k, n)?;
    let clear = |m: &QMatrix, i: usize| {
        common_denominator(m, budget.max_denominator_bits).ok_or(DufmError::DenominatorTooLarge {
            matrix: i,
            limit: budget.max_denominator_bits,
        })
    };
    // denominators first (cheap), then the memory the cleared numerators need, checked before
    // any of them is materialised
    let mats: Vec<&QMatrix> = std::iter::once(h).chain(ws).collect();
    let dens = (mats.iter().enumerate())
        .map(|(i, m)| clear(m, i))
        .collect::<Result<Vec<Z>, _>>()?;
    let held = (mats.iter().zip(&dens))
        .map(|(m, d)| cleared_limbs(m, d))
        .fold(0u128, u128::saturating_add);
    if held > budget.max_limbs {
        return Err(DufmError::TooLarge {
            limbs: held,
            limit: budget.max_limbs,
        });
    }
    let mut cleared = mats.iter().zip(dens).map(|(m, d)| Cleared::new(m, d));
    let hc = cleared.next().ok_or(DufmError::Empty { parameter: "h" })?;
    let wcs: Vec<Cleared> = cleared.collect();
    let estimate = forward_cost(&hc, &wcs);
    if estimate > budget.max_limb_products {
        return Err(DufmError::TooExpensive {
            estimate,
            limit: budget.max_limb_products,
        });
    }
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
    let fit = Q::new(fit, &a.den * &a.den * Z::from(2u8) * Z::from(big_n));
    Ok(LossParts {
        fit,
        w_sq: wcs.iter().fold(Q::zero(), |s, w| s + w.frobenius_sq()),
        h_sq: hc.frobenius_sq(),
        cost: estimate,
    })
}

/// A lower bound on the work units of the exact forward pass of a point of these shapes
/// (every entry one limb): $(d \cdot d \cdot (L-1) + K d) N$ products of
/// [`PRODUCT_OVERHEAD`] + 1 units. Front-ends use it to refuse a point that no budget of that
/// size could evaluate before they round or copy it.
///
/// # Cost
/// Constant (saturating `u128` arithmetic).
#[cfg_attr(doc, doc = katex!())]
pub fn forward_cost_floor(width: usize, classes: usize, samples: usize, layers: usize) -> u128 {
    let (d, k, l) = (width as u128, classes as u128, layers as u128);
    let big_n = k.saturating_mul(samples as u128);
    let products = d
        .saturating_mul(d)
        .saturating_mul(l.saturating_sub(1))
        .saturating_add(k.saturating_mul(d))
        .saturating_mul(big_n);
    products.saturating_mul(PRODUCT_OVERHEAD + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::q;

    fn m(r: usize, c: usize, seed: i64) -> QMatrix {
        QMatrix::from_fn(r, c, |i, j| {
            let v = (i as i64 * 7 + j as i64 * 3 + seed) % 11 - 5;
            q(v, 1 + (i as i64 + 2 * j as i64 + seed) % 6)
        })
    }

    #[test]
    fn cleared_loss_equals_entrywise_rational_loss() {
        // mixed denominators, negative entries (ReLU active), n = 2, d = 3 > K = 2
        let h = m(3, 4, 1);
        let ws = vec![m(3, 3, 2), m(3, 3, 5), m(2, 3, 4)];
        let (lw, lh) = (q(1, 250), q(3, 7));
        // reference: 1/(2N) ||out - Y||^2 + λ_W/2 Σ ||W||^2 + λ_H/2 ||H||^2, entry by entry
        let out = forward_exact(&h, &ws).unwrap();
        let fit = out.sub(&labels_exact(2, 2).unwrap()).frobenius_sq() / qi(8);
        let reg = ws.iter().map(QMatrix::frobenius_sq).sum::<Q>() * &lw / qi(2)
            + h.frobenius_sq() * &lh / qi(2);
        assert_eq!(mse_loss_exact(&h, &ws, 2, 2, &lw, &lh), Ok(fit + reg));
    }

    #[test]
    fn sizes_and_shapes_are_checked() {
        let h = m(3, 4, 1);
        let ws = vec![m(3, 3, 2), m(2, 3, 4)];
        let l = q(1, 2);
        assert_eq!(
            mse_loss_exact(&h, &ws, 2, usize::MAX, &l, &l),
            Err(DufmError::SizeOverflow {
                classes: 2,
                samples: usize::MAX
            })
        );
        assert_eq!(
            mse_loss_exact(&h, &ws, 0, 2, &l, &l),
            Err(DufmError::Empty { parameter: "k" })
        );
        assert_eq!(
            mse_loss_exact(&h, &[], 2, 2, &l, &l),
            Err(DufmError::Empty { parameter: "ws" })
        );
        assert!(matches!(
            mse_loss_exact(&h, &ws, 2, 3, &l, &l),
            Err(DufmError::Shape(_))
        ));
        assert!(matches!(
            mse_loss_exact(&h, &[m(2, 3, 4), m(3, 3, 2)], 2, 2, &l, &l),
            Err(DufmError::Shape(_))
        ));
        let tight = WorkBudget {
            max_denominator_bits: 2,
            ..WorkBudget::UNLIMITED
        };
        assert!(matches!(
            mse_loss_exact_within(&h, &ws, 2, 2, &l, &l, &tight),
            Err(DufmError::DenominatorTooLarge {
                matrix: 0,
                limit: 2
            })
        ));
        let cheap = WorkBudget {
            max_limb_products: 10,
            ..WorkBudget::UNLIMITED
        };
        assert!(matches!(
            mse_loss_exact_within(&h, &ws, 2, 2, &l, &l, &cheap),
            Err(DufmError::TooExpensive { limit: 10, .. })
        ));
        let small = WorkBudget {
            max_limbs: 20,
            ..WorkBudget::UNLIMITED
        };
        // 12 + 9 + 6 entries, at least one limb each
        assert!(matches!(
            mse_loss_exact_within(&h, &ws, 2, 2, &l, &l, &small),
            Err(DufmError::TooLarge {
                limbs: 27,
                limit: 20
            })
        ));
        assert_eq!(
            labels_exact(usize::MAX, 2),
            Err(DufmError::SizeOverflow {
                classes: usize::MAX,
                samples: 2
            })
        );
    }
}
