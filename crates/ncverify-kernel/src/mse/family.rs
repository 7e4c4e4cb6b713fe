//! # The MSE deep-UFM families and their cost constants, exactly
//!
//! A *family* of the MSE deep UFM fixes the shapes $F_0, \dots, F_L$ of the $L + 1$ factors
//! $(H_1, W_1, \dots, W_L)$ so that $F_L\sigma(F_{L-1}\cdots\sigma(F_1F_0)) = Y$ at unit
//! scales, and leaves one positive scale per factor free. Its optimal loss depends on the
//! factors only through the *cost constant* $C$,
//! $$C^{L+1} = \prod_{i=0}^{L}\Vert F_i\Vert_F^2 / n,$$
//! and is non-decreasing in $C$ (the MSE module docs of `ncverify`). This module builds the
//! factors of every family exactly and computes their cost constants from that definition and
//! in closed form; [`crate::mse::order`] proves the comparisons the claims rest on.
//!
//! ## Main definitions
//! - [`Block`]: DNC on $m$ classes ($F_0 = I_m\otimes\mathbf 1_n^\top$, $F_i = I_m$), the
//!   B-chain on the triangular graph $T(r)$, and the incidence chain of the Johnson scheme
//!   $J(r, t)$ (classes = $t$-subsets of an $r$-set, $K = \binom rt$): with $B$ the
//!   $r \times K$ incidence matrix, $F_0 = \binom{B}{0}\otimes\mathbf 1_n^\top$,
//!   $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$,
//!   $F_{L-1} = \[B^\top - \frac{t-1}{t}J,\ 0\]$, $F_L = I_K$. $T(r)$ is $J(r, 2)$.
//! - [`Block::unit_factors`]: those factors as sparse exact matrices ([`Factor`]);
//!   [`block_diagonal`]: blocks side by side (orthogonal coordinates).
//! - [`explicit_cost_power`]: $\prod_i\Vert F_i\Vert_F^2/n$ from the factors (the definition).
//! - [`Block::cost_power`]: the closed forms $C_{\mathrm{DNC}(m)}^{L+1} = m^{L+1}$ and
//!   $C_{J(r,t)}^{L+1} = t\thinspace K^3r^{L-2}\big(\frac1t + (r-t)\frac{(t-1)^2}{t^2}\big)$, in particular
//!   $C_{T(r)}^{L+1} = K^3r^{L-1}/2$, $K = r(r-1)/2$; [`incidence_cost_poly`] is the same closed
//!   form as a polynomial in $r$ (one implementation).
//!
//! ## Main results
//! - [`verify_chain`]: at given $(L, n)$ the unit factors output $Y = I_K\otimes\mathbf 1_n^\top$
//!   exactly (ReLU after every layer but the last) and their norms give the closed form.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 and its
//!   proof (the B-chain on $T(r)$); the Johnson chains are ncverify's generalisation.
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §12.4 (Johnson graphs).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::poly::QPoly;
use crate::arith::rational::{Q, Z, pow_u};
use crate::fact::Fact;
use crate::mse::dufm::{DufmError, forward_exact, labels_exact};
use num_traits::{One, Zero};
use serde::Serialize;
use std::fmt;

/// One block of a construction (blocks sit in orthogonal coordinates).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// Orthogonal-frame class means on `classes` classes (ReLU inactive); needs $m \ge 1$.
    Dnc {
        /// Number of classes $m$.
        classes: u64,
    },
    /// The B-chain on $T(r)$ ($K = r(r-1)/2$ classes): $H_1 \propto B$, middle weights
    /// $\propto I_r$, $W_{L-1} \propto B^\top - \frac12J$, $W_L \propto I$, so the last
    /// pre-activation is $B^\top B - J$ (entries $1/0/-1$) and its ReLU is $I$. Needs
    /// $r \ge 3$, $L \ge 2$; identical to `Johnson { r, t: 2 }`.
    Triangular {
        /// $r$.
        r: u64,
    },
    /// The incidence chain of $J(r, t)$: the last pre-activation is $B^\top B - (t-1)J$, with
    /// entries $|S\cap T| - (t-1)$, equal to 1 exactly on the diagonal. Needs $2 \le t < r$,
    /// $L \ge 2$.
    Johnson {
        /// Ground-set size $r$.
        r: u64,
        /// Subset size $t$.
        t: u64,
    },
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dnc { classes } => write!(f, "DNC({classes})"),
            Self::Triangular { r } => write!(f, "T({r})"),
            Self::Johnson { r, t } => write!(f, "J({r},{t})"),
        }
    }
}

/// Why a family quantity cannot be computed, or a check failed (naming the clause).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FamilyError {
    /// `DNC(0)`, `T(r)` with $r < 3$, or `J(r, t)` without $2 \le t < r$.
    InvalidBlock(Block),
    /// $L = 0$, or a chain with $L < 2$.
    NeedsLayers {
        /// The block.
        block: Block,
        /// The least $L$.
        min: u32,
    },
    /// $n = 0$.
    NoSamples,
    /// A size implied by the argument (a class count $\binom rt$, the exponent $L + 1$, a
    /// matrix width) does not fit the machine integers.
    SizeOverflow {
        /// The caller's argument: `block`, `layers`, `n`, `blocks`.
        parameter: &'static str,
    },
    /// An argument outside what the function accepts (checked before any work).
    Argument {
        /// The caller's argument, as the function's signature names it (`layers`, `r0`, `l1`).
        parameter: &'static str,
        /// Its symbol in the documentation (`L`, `r_0`, `L_1`).
        symbol: &'static str,
        /// Its value.
        value: u64,
        /// What it must satisfy, in the symbol (`L >= 2`).
        need: String,
    },
    /// The explicit forward pass failed.
    Dufm(DufmError),
    /// The unit factors do not output $Y$.
    OutputNotLabels {
        /// The block.
        block: Block,
        /// $L$.
        layers: u32,
    },
    /// $\prod_i\Vert F_i\Vert^2/n$ differs from the closed form.
    ClosedFormMismatch {
        /// The block.
        block: Block,
        /// $L$.
        layers: u32,
        /// From the explicit factors.
        explicit: Box<Q>,
        /// The closed form.
        closed: Box<Q>,
    },
    /// A block is not cheaper than DNC on its classes at this depth.
    NotCheaper {
        /// The block.
        block: Block,
        /// $L$.
        layers: u32,
    },
    /// The per-layer cost ratio is not constant, or not below $K$.
    Ratio {
        /// The block.
        block: Block,
    },
    /// The first integer $r \ge r_0$ at which the B-chain is not cheaper than DNC.
    NotCheaperAt {
        /// $L$.
        layers: u32,
        /// $r$.
        r: u64,
    },
    /// A polynomial the argument needs positive on $[r_0, \infty)$ is not (by Sturm).
    NotPositive {
        /// Which polynomial.
        what: &'static str,
        /// $L$.
        layers: u32,
    },
    /// An identity in $\mathbb Q\[r\]$ of the induction step fails.
    StepIdentity {
        /// $L$.
        layers: u32,
    },
    /// The integer scan of [`positive_on_integers_from`](crate::arith::integer::positive_on_integers_from) gave up.
    ScanLimit,
    /// The Sturm verdict and the explicit comparison disagree (a kernel bug).
    Inconsistent {
        /// $r$.
        r: u64,
    },
    /// No blocks where at least one is needed.
    NoBlocks,
    /// Blocks with different numbers of factors placed side by side.
    MismatchedFactors,
    /// A quantity too large to build exactly (limits [`MAX_COST_BITS`],
    /// [`MAX_FACTOR_ENTRIES`]).
    TooLarge {
        /// The caller's argument that makes it large: `layers` for a cost constant, `block`
        /// or `n` for the unit factors.
        parameter: &'static str,
        /// The block.
        block: Block,
        /// What would be too large.
        what: &'static str,
    },
}

/// The largest estimated size in bits of a cost constant $C^{L+1}$ that
/// [`Block::cost_power`] computes.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_COST_BITS: u64 = 1 << 20;

/// The largest $L$ of the polynomials in $r$ ([`incidence_cost_poly`],
/// [`crate::mse::order::bchain_gap_poly`]): their degree grows linearly with $L$.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_POLY_LAYERS: u32 = 1024;

/// The largest $t$ of [`incidence_cost_poly`] (its degree is about $3t + L$).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_POLY_T: u64 = 64;

/// The largest number of non-zero entries of one factor that [`Block::unit_factors`] builds.
pub const MAX_FACTOR_ENTRIES: u64 = 1 << 24;

impl fmt::Display for FamilyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBlock(b) => {
                write!(f, "{b} is not a block (need m >= 1, r >= 3, 2 <= t < r)")
            }
            Self::NeedsLayers { block, min } => write!(f, "{block} needs L >= {min}"),
            Self::NoSamples => write!(f, "n: n = 0, need n >= 1"),
            Self::SizeOverflow { parameter } => write!(
                f,
                "{parameter}: too large, a size it implies does not fit the machine integers"
            ),
            Self::Argument {
                parameter,
                symbol,
                value,
                need,
            } => write!(f, "{parameter}: {symbol} = {value}, need {need}"),
            Self::Dufm(e) => write!(f, "{e}"),
            Self::OutputNotLabels { block, layers } => {
                write!(
                    f,
                    "{block} at L = {layers}: the unit factors do not output Y"
                )
            }
            Self::ClosedFormMismatch {
                block,
                layers,
                explicit,
                closed,
            } => write!(
                f,
                "{block} at L = {layers}: prod ||F_i||^2 / n = {explicit} != {closed} (closed form)"
            ),
            Self::NotCheaper { block, layers } => {
                write!(f, "{block} at L = {layers}: C^(L+1) >= K^(L+1)")
            }
            Self::Ratio { block } => write!(
                f,
                "{block}: the per-layer cost ratio is not constant or not below K"
            ),
            Self::NotCheaperAt { layers, r } => {
                write!(f, "L = {layers}: T({r}) is not cheaper than DNC")
            }
            Self::NotPositive { what, layers } => {
                write!(f, "L = {layers}: {what} is not positive (Sturm)")
            }
            Self::StepIdentity { layers } => {
                write!(f, "the induction identity fails from L = {layers}")
            }
            Self::ScanLimit => write!(f, "integer scan limit reached"),
            Self::Inconsistent { r } => {
                write!(f, "r = {r}: Sturm and the explicit costs disagree")
            }
            Self::NoBlocks => write!(f, "no blocks (need at least one)"),
            Self::MismatchedFactors => {
                write!(
                    f,
                    "blocks side by side need the same number L + 1 of factors"
                )
            }
            Self::TooLarge {
                parameter,
                block,
                what,
            } => write!(
                f,
                "{parameter}: {what} of {block} too large to build exactly"
            ),
        }
    }
}

impl std::error::Error for FamilyError {}

impl FamilyError {
    /// The caller's argument the error is about, as the functions of this module and
    /// [`crate::mse::order`] name it (`block`, `blocks`, `layers`, `n`, `r0`, `l0`, `l1`), or
    /// `None` for a failed check that no single argument explains (a mismatch of the explicit
    /// factors and the closed form, a Sturm verdict).
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::InvalidBlock(_) => Some("block"),
            Self::TooLarge { parameter, .. } => Some(parameter),
            Self::NeedsLayers { .. } => Some("layers"),
            Self::NoSamples => Some("n"),
            Self::SizeOverflow { parameter } | Self::Argument { parameter, .. } => Some(parameter),
            Self::Dufm(e) => e.parameter(),
            Self::NoBlocks | Self::MismatchedFactors => Some("blocks"),
            Self::OutputNotLabels { .. }
            | Self::ClosedFormMismatch { .. }
            | Self::NotCheaper { .. }
            | Self::Ratio { .. }
            | Self::NotCheaperAt { .. }
            | Self::NotPositive { .. }
            | Self::StepIdentity { .. }
            | Self::ScanLimit
            | Self::Inconsistent { .. } => None,
        }
    }
}

impl From<DufmError> for FamilyError {
    fn from(e: DufmError) -> Self {
        Self::Dufm(e)
    }
}

pub(crate) fn to_usize(x: u64, parameter: &'static str) -> Result<usize, FamilyError> {
    usize::try_from(x).map_err(|_| FamilyError::SizeOverflow { parameter })
}

pub(crate) fn qu(x: u64) -> Q {
    Q::from_integer(Z::from(x))
}

/// $r(r-1)/2$, or `None` if it does not fit in `u64`.
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_classes(r: u64) -> Option<u64> {
    binomial(r, 2)
}

/// $\binom rt$, or `None` if it does not fit in `u64`.
///
/// # Cost
/// $O(\min(t, r - t))$ operations on `u128`.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::family::binomial;
/// assert_eq!(binomial(5, 2), Some(10));
/// assert_eq!(binomial(2, 5), Some(0));
/// assert_eq!(binomial(200, 100), None); // does not fit in u64
/// ```
// C(r, i+1) = C(r, i) (r - i) / (i + 1), exact at every step
pub fn binomial(r: u64, t: u64) -> Option<u64> {
    if t > r {
        return Some(0);
    }
    let t = t.min(r - t);
    let mut acc: u128 = 1;
    for i in 0..t {
        // acc <= u64::MAX and r - i <= u64::MAX, so the product fits in u128
        acc = acc * u128::from(r - i) / u128::from(i + 1);
        if acc > u128::from(u64::MAX) {
            return None;
        }
    }
    u64::try_from(acc).ok()
}

/// The $t$-subsets of $\lbrace0..r-1\rbrace$ in lexicographic order (for $t = 2$: the edges $(a, b)$,
/// $a < b$, of the complete graph, i.e. the vertices of $T(r)$).
///
/// # Cost
/// $\binom rt$ subsets of $t$ indices each: memory $O(t\binom rt)$.
#[cfg_attr(doc, doc = katex!())]
pub fn t_subsets(r: usize, t: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if t > r {
        return out;
    }
    let mut cur: Vec<usize> = (0..t).collect();
    loop {
        out.push(cur.clone());
        // advance the rightmost index that can still move
        let Some(i) = (0..t).rev().find(|&i| cur[i] < r - t + i) else {
            return out;
        };
        cur[i] += 1;
        for j in i + 1..t {
            cur[j] = cur[j - 1] + 1;
        }
    }
}

/// A sparse exact matrix given by its non-zero entries (no repeated positions).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Non-zero entries `(i, j, value)`.
    pub entries: Vec<(usize, usize, Q)>,
}

impl Factor {
    /// The dense exact matrix.
    ///
    /// # Cost
    /// $O(\text{rows}\cdot\text{cols})$ entries allocated.
    ///
    /// # Panics
    /// If an entry's index lies outside `rows` × `cols` (the public fields were set inconsistently).
    pub fn to_matrix(&self) -> QMatrix {
        let mut m = QMatrix::zeros(self.rows, self.cols);
        for (i, j, v) in &self.entries {
            m.set(*i, *j, v.clone());
        }
        m
    }

    /// $\Vert F\Vert_F^2$ from the entries.
    ///
    /// # Cost
    /// One exact square per stored entry.
    // ||F||_F^2 = Σ_(i,j) F_ij^2
    pub fn frobenius_sq(&self) -> Q {
        self.entries
            .iter()
            .fold(Q::zero(), |s, (_, _, v)| s + v * v)
    }

    /// $I_d$ with only the first `keep` diagonal entries ($\operatorname{diag}(I_{keep}, 0)$).
    fn partial_identity(d: usize, keep: usize) -> Self {
        Self {
            rows: d,
            cols: d,
            entries: (0..keep).map(|i| (i, i, Q::one())).collect(),
        }
    }
}

impl Block {
    /// $(r, t)$ of an incidence chain (`T(r)` is `J(r, 2)`), `None` for DNC.
    fn incidence(&self) -> Option<(u64, u64)> {
        match *self {
            Self::Dnc { .. } => None,
            Self::Triangular { r } => Some((r, 2)),
            Self::Johnson { r, t } => Some((r, t)),
        }
    }

    /// Classes covered by the block: $m$, $r(r-1)/2$ or $\binom rt$.
    ///
    /// # Errors
    /// [`FamilyError::InvalidBlock`] for `DNC(0)`, `T(r)` with $r < 3$ or `J(r, t)` without
    /// $2 \le t < r$; [`FamilyError::SizeOverflow`] (parameter `block`) if $\binom rt$ does not fit
    /// in `u64`.
    pub fn classes(&self) -> Result<u64, FamilyError> {
        match (*self, self.incidence()) {
            (Self::Dnc { classes }, _) if classes >= 1 => Ok(classes),
            (_, Some((r, t))) if t >= 2 && t < r && r >= 3 => {
                binomial(r, t).ok_or(FamilyError::SizeOverflow { parameter: "block" })
            }
            _ => Err(FamilyError::InvalidBlock(*self)),
        }
    }

    /// The least depth the block supports: 1 for DNC, 2 for a chain.
    pub fn min_layers(&self) -> u32 {
        if self.incidence().is_some() { 2 } else { 1 }
    }

    /// The class count, after checking that the block is valid at depth `layers`
    /// (`DNC(m)`, $m \ge 1$, needs $L \ge 1$; a chain needs $L \ge 2$).
    ///
    /// # Errors
    /// Those of [`Block::classes`], and [`FamilyError::NeedsLayers`] (parameter `layers`) if
    /// $L$ is below [`Block::min_layers`].
    pub fn classes_at(&self, layers: u32) -> Result<u64, FamilyError> {
        self.check(layers)
    }

    fn check(&self, layers: u32) -> Result<u64, FamilyError> {
        let k = self.classes()?;
        if layers < self.min_layers() {
            return Err(FamilyError::NeedsLayers {
                block: *self,
                min: self.min_layers(),
            });
        }
        Ok(k)
    }

    /// The unit-scale factors $F_0, \dots, F_L$ in block-local coordinates (width $K$ =
    /// the block's class count; module docs).
    ///
    /// # Errors
    /// Those of [`Block::classes_at`]; [`FamilyError::NoSamples`] for $n = 0$;
    /// [`FamilyError::TooLarge`] (parameter `block` or `n`) if a factor would have more than
    /// [`MAX_FACTOR_ENTRIES`] non-zero entries; [`FamilyError::SizeOverflow`] if a size does not fit
    /// `usize`.
    ///
    /// # Cost
    /// $O(Knt + LKr)$ stored entries (sparse), $K$ the class count.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::mse::family::Block;
    /// let fs = Block::Triangular { r: 4 }.unit_factors(2, 1)?;
    /// assert_eq!(fs.len(), 3); // F_0, F_1, F_2 at L = 2
    /// assert_eq!((fs[0].rows, fs[0].cols), (6, 6)); // K = 6 classes, n = 1
    /// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
    /// ```
    pub fn unit_factors(&self, layers: u32, n: u64) -> Result<Vec<Factor>, FamilyError> {
        let classes = self.check(layers)?;
        let k = to_usize(classes, "block")?;
        if n == 0 {
            return Err(FamilyError::NoSamples);
        }
        // entries: F_0 has t n per class (t = 1 for DNC), F_{L-1} has r per class, and the
        // L factors together at most L K r
        let (r, t) = self.incidence().unwrap_or((1, 1));
        let too_large = [
            classes.checked_mul(n).and_then(|e| e.checked_mul(t)),
            classes.checked_mul(r),
            classes
                .checked_mul(r)
                .and_then(|e| e.checked_mul(u64::from(layers))),
        ]
        .iter()
        .any(|e| e.is_none_or(|e| e > MAX_FACTOR_ENTRIES));
        if too_large {
            // n multiplies only the first factor's entries
            let per_class = classes
                .checked_mul(r)
                .and_then(|e| e.checked_mul(u64::from(layers)));
            let parameter = if per_class.is_some_and(|e| e <= MAX_FACTOR_ENTRIES) {
                "n"
            } else {
                "block"
            };
            return Err(FamilyError::TooLarge {
                parameter,
                block: *self,
                what: "the unit factors",
            });
        }
        let n = to_usize(n, "n")?;
        k.checked_mul(n)
            .ok_or(FamilyError::SizeOverflow { parameter: "n" })?;
        let l = to_usize(u64::from(layers), "layers")?;
        match self.incidence() {
            None => {
                // F_0 = I_m ⊗ 1_n^T, F_i = I_m
                let mut f = vec![Factor {
                    rows: k,
                    cols: k * n,
                    entries: (0..k)
                        .flat_map(|c| (0..n).map(move |s| (c, c * n + s, Q::one())))
                        .collect(),
                }];
                f.extend((1..=l).map(|_| Factor::partial_identity(k, k)));
                Ok(f)
            }
            Some((r, t)) => incidence_chain(to_usize(r, "block")?, to_usize(t, "block")?, k, l, n),
        }
    }

    /// The closed form of $C^{L+1}$ (module docs), exact.
    // DNC(m): m^{L+1};  J(r, t): P_t(r) r^{L-2}
    /// An error for an invalid block, a depth it does not support, or a result above
    /// [`MAX_COST_BITS`] bits.
    ///
    /// # Errors
    /// Those of [`Block::classes_at`]; [`FamilyError::TooLarge`] (parameter `layers`) if the result
    /// would exceed [`MAX_COST_BITS`] bits (estimated before computing).
    ///
    /// # Cost
    /// One power of exponent $L + 1$ (DNC) or $L - 2$ (chains) of an integer: $O(L\log K)$-bit
    /// results, at most [`MAX_COST_BITS`] bits.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::arith::rational::qi;
    /// use ncverify_kernel::mse::family::{Block, FamilyError};
    /// assert_eq!(Block::Dnc { classes: 6 }.cost_power(4)?, qi(7776)); // 6^5
    /// assert_eq!(Block::Triangular { r: 4 }.cost_power(4)?, qi(6912)); // K^3 r^(L-1) / 2
    /// let e = Block::Triangular { r: 4 }.cost_power(1).unwrap_err();
    /// assert!(matches!(e, FamilyError::NeedsLayers { min: 2, .. }));
    /// # Ok::<(), FamilyError>(())
    /// ```
    pub fn cost_power(&self, layers: u32) -> Result<Q, FamilyError> {
        let k = self.check(layers)?;
        let e = layers.checked_add(1).ok_or(FamilyError::SizeOverflow {
            parameter: "layers",
        })?;
        // bits: (L+1) log2 m for DNC; 3 log2 K + (L-1) log2 r + O(log t) for a chain
        let bits = |x: u64| u64::from(64 - x.leading_zeros());
        let estimate = match self.incidence() {
            None => u64::from(e).saturating_mul(bits(k)),
            Some((r, t)) => (3 * bits(k) + 4 * bits(t) + 2)
                .saturating_add(u64::from(layers).saturating_mul(bits(r))),
        };
        if estimate > MAX_COST_BITS {
            return Err(FamilyError::TooLarge {
                parameter: "layers",
                block: *self,
                what: "C^(L+1)",
            });
        }
        match self.incidence() {
            None => Ok(pow_u(&qu(k), e)),
            Some((r, t)) => {
                Ok(incidence_cost_base(t, layers)?.eval(&qu(r)) * pow_u(&qu(r), layers - 2))
            }
        }
    }
}

/// Unit factors of the incidence chain on the $t$-subsets of an $r$-set ($K$ of them, $L \ge 2$):
/// $F_0 = \binom B0\otimes\mathbf 1_n^\top$, $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$,
/// $F_{L-1} = [B^\top - \frac{t-1}{t}J,\ 0]$, $F_L = I_K$.
fn incidence_chain(
    r: usize,
    t: usize,
    k: usize,
    l: usize,
    n: usize,
) -> Result<Vec<Factor>, FamilyError> {
    let subsets = t_subsets(r, t);
    if subsets.len() != k {
        return Err(FamilyError::SizeOverflow { parameter: "block" });
    }
    k.checked_mul(r)
        .ok_or(FamilyError::SizeOverflow { parameter: "block" })?;
    let h = Factor {
        rows: k,
        cols: k * n,
        entries: subsets
            .iter()
            .enumerate()
            .flat_map(|(c, s)| {
                s.iter()
                    .flat_map(move |&v| (0..n).map(move |j| (v, c * n + j, Q::one())))
            })
            .collect(),
    };
    let mut f = vec![h];
    f.extend((1..l - 1).map(|_| Factor::partial_identity(k, r)));
    // W_{L-1} = [B^T - (t-1)/t J, 0]: 1/t on the subset's members, -(t-1)/t elsewhere
    let tq = qu(u64::try_from(t).map_err(|_| FamilyError::SizeOverflow { parameter: "block" })?);
    let inside = Q::one() / &tq;
    let outside = (Q::one() - &tq) / &tq;
    let entries = subsets
        .iter()
        .enumerate()
        .flat_map(|(c, s)| {
            let (inside, outside) = (&inside, &outside);
            (0..r).map(move |v| {
                let x = if s.contains(&v) { inside } else { outside };
                (c, v, x.clone())
            })
        })
        .collect();
    f.push(Factor {
        rows: k,
        cols: k,
        entries,
    });
    f.push(Factor::partial_identity(k, k));
    Ok(f)
}

/// $\binom{r}{t}$ as a polynomial in $r$: $\prod_{i<t}(r - i)/t!$.
// C(r, t) = Π_{i<t} (r - i) / (i + 1)
pub(crate) fn binomial_poly(t: u64) -> QPoly {
    let mut p = QPoly::one();
    for i in 0..t {
        p = p * QPoly::new(vec![-qu(i), Q::one()]) * QPoly::constant(Q::one() / qu(i + 1));
    }
    p
}

/// The depth-free part $P_t(r) = t\thinspace K(r)^3\big(\frac1t + (r-t)\frac{(t-1)^2}{t^2}\big)$,
/// $K(r) = \binom rt$, of the closed form $C_{J(r,t)}^{L+1} = P_t(r)\thinspace r^{L-2}$ ($t \ge 2$,
/// $L \ge 2$); checks $t$ and $L$.
// norms: ||F_0||^2 = tKn, ||F_i||^2 = r (L-2 middle factors), ||F_{L-1}||^2 = K (t/t^2 + (r-t)(t-1)^2/t^2), ||F_L||^2 = K
fn incidence_cost_base(t: u64, layers: u32) -> Result<QPoly, FamilyError> {
    // the block is only named in the error; r = t + 1 is its least ground set
    let block = Block::Johnson {
        r: t.saturating_add(1),
        t,
    };
    if t < 2 {
        return Err(FamilyError::InvalidBlock(block));
    }
    if layers < 2 {
        return Err(FamilyError::NeedsLayers { block, min: 2 });
    }
    let tq = qu(t);
    let w = QPoly::constant(Q::one() / &tq)
        + (QPoly::x() - QPoly::constant(tq.clone()))
            * QPoly::constant(pow_u(&(&tq - Q::one()), 2) / (&tq * &tq));
    Ok(QPoly::constant(tq) * binomial_poly(t).pow(3) * w)
}

/// The closed form of $C_{J(r,t)}^{L+1} = P_t(r)\thinspace r^{L-2}$ as a polynomial in $r$ ($t \ge 2$,
/// $L \ge 2$; its degree grows with $L$, so [`Block::cost_power`] evaluates $P_t$ and the power
/// separately).
///
/// # Errors
/// [`FamilyError::Argument`] naming `t` unless $2 \le t \le$ [`MAX_POLY_T`], or `layers` unless
/// $2 \le L \le$ [`MAX_POLY_LAYERS`].
///
/// # Cost
/// A polynomial of degree $3t + L - 2$ or so: $O((t + L)^2)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::qi;
/// use ncverify_kernel::mse::family::{Block, incidence_cost_poly};
/// let p = incidence_cost_poly(2, 4)?;
/// assert_eq!(p.eval(&qi(4)), Block::Triangular { r: 4 }.cost_power(4)?);
/// assert_eq!(incidence_cost_poly(1, 4).unwrap_err().parameter(), Some("t"));
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn incidence_cost_poly(t: u64, layers: u32) -> Result<QPoly, FamilyError> {
    if !(2..=MAX_POLY_T).contains(&t) {
        return Err(FamilyError::Argument {
            parameter: "t",
            symbol: "t",
            value: t,
            need: format!("2 <= t <= {MAX_POLY_T} (MAX_POLY_T)"),
        });
    }
    check_poly_layers(layers)?;
    Ok(incidence_cost_base(t, layers)? * QPoly::x().pow(layers - 2))
}

/// `layers` in $2..=$ [`MAX_POLY_LAYERS`], as an argument error naming `layers`.
pub(crate) fn check_poly_layers(layers: u32) -> Result<(), FamilyError> {
    if !(2..=MAX_POLY_LAYERS).contains(&layers) {
        return Err(FamilyError::Argument {
            parameter: "layers",
            symbol: "L",
            value: layers.into(),
            need: format!("2 <= L <= {MAX_POLY_LAYERS} (MAX_POLY_LAYERS)"),
        });
    }
    Ok(())
}

/// $C^{L+1} = \prod_i \Vert F_i\Vert_F^2 / n$ of the block's explicit unit factors (the definition).
///
/// # Errors
/// Those of [`Block::unit_factors`].
///
/// # Cost
/// Building the factors (see [`Block::unit_factors`]) and one exact square per entry.
// C^{L+1} = Π_i ||F_i||_F^2 / n
pub fn explicit_cost_power(block: &Block, layers: u32, n: u64) -> Result<Q, FamilyError> {
    let fs = block.unit_factors(layers, n)?;
    Ok(fs.iter().fold(Q::one(), |p, f| p * f.frobenius_sq()) / qu(n))
}

/// $C^{L+1}$ from the explicit factors at $n = 1$, after checking that it equals the closed form.
pub(crate) fn cost_power_checked(block: &Block, layers: u32) -> Result<Q, FamilyError> {
    equals_closed_form(block, layers, explicit_cost_power(block, layers, 1)?)
}

/// `explicit` if it equals the block's closed form $C^{L+1}$, else the mismatch.
fn equals_closed_form(block: &Block, layers: u32, explicit: Q) -> Result<Q, FamilyError> {
    let closed = block.cost_power(layers)?;
    if explicit != closed {
        return Err(FamilyError::ClosedFormMismatch {
            block: *block,
            layers,
            explicit: Box::new(explicit),
            closed: Box::new(closed),
        });
    }
    Ok(explicit)
}

/// Check that the block's unit factors output $Y$ exactly and that their cost equals the
/// closed form; returns $C^{L+1}$ and the fact.
///
/// # Errors
/// Those of [`Block::unit_factors`]; [`FamilyError::OutputNotLabels`] if the forward pass does
/// not give $Y$; [`FamilyError::ClosedFormMismatch`] if the explicit cost differs from
/// [`Block::cost_power`].
///
/// # Cost
/// An exact dense forward pass: $L$ products of matrices of side up to $\max(K, r)$ with $Kn$
/// columns, $O(LK^2rn)$ rational operations on small numbers.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::qi;
/// use ncverify_kernel::mse::family::{Block, verify_chain};
/// let (cost, fact) = verify_chain(&Block::Triangular { r: 4 }, 3, 1)?;
/// assert_eq!(cost, qi(1728)); // 6^3 4^2 / 2
/// assert!(fact.to_string().contains("T(4)"));
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
// F_L σ(F_{L-1} ⋯ σ(F_1 F_0)) = I_K ⊗ 1_n^T  and  Π_i ||F_i||^2 / n = closed form
pub fn verify_chain(block: &Block, layers: u32, n: u64) -> Result<(Q, Fact), FamilyError> {
    let fs = block.unit_factors(layers, n)?;
    let k = block.classes()?;
    let h = fs[0].to_matrix();
    let ws: Vec<QMatrix> = fs[1..].iter().map(Factor::to_matrix).collect();
    let out = forward_exact(&h, &ws).map_err(DufmError::from)?;
    if out != labels_exact(to_usize(k, "block")?, to_usize(n, "n")?)? {
        return Err(FamilyError::OutputNotLabels {
            block: *block,
            layers,
        });
    }
    let explicit = equals_closed_form(
        block,
        layers,
        fs.iter().fold(Q::one(), |p, f| p * f.frobenius_sq()) / qu(n),
    )?;
    let fact = Fact::new(format!(
        "{block} at L = {layers}, n = {n}: the unit factors F_0..F_L output Y = I_{k} (x) 1_{n}^T \
         exactly, and C^(L+1) = prod_i ||F_i||_F^2 / n = {explicit} equals the closed form"
    ));
    Ok((explicit, fact))
}

/// Factor $i$ of every block placed block-diagonally, in the order given (blocks in orthogonal
/// coordinates). An error unless there is at least one block and every block has the same
/// number of factors.
///
/// # Errors
/// [`FamilyError::NoBlocks`] for an empty slice, [`FamilyError::MismatchedFactors`] if two
/// blocks have different numbers of factors (both parameter `blocks`).
///
/// # Cost
/// Linear in the number of stored entries.
#[cfg_attr(doc, doc = katex!())]
pub fn block_diagonal(per_block: &[Vec<Factor>]) -> Result<Vec<Factor>, FamilyError> {
    let count = per_block.first().ok_or(FamilyError::NoBlocks)?.len();
    if per_block.iter().any(|fs| fs.len() != count) {
        return Err(FamilyError::MismatchedFactors);
    }
    Ok((0..count)
        .map(|i| {
            let (mut rows, mut cols, mut entries) = (0, 0, Vec::new());
            for fs in per_block {
                let f = &fs[i];
                entries.extend(
                    f.entries
                        .iter()
                        .map(|(r, c, v)| (r + rows, c + cols, v.clone())),
                );
                rows += f.rows;
                cols += f.cols;
            }
            Factor {
                rows,
                cols,
                entries,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    #[test]
    fn closed_forms_by_hand() {
        // T(4), L = 4: 6^3 4^3 / 2 = 6912 < 7776 = 6^5; L = 3: 6^3 4^2 / 2 = 1728 > 1296 = 6^4.
        assert_eq!(Block::Triangular { r: 4 }.cost_power(4), Ok(qi(6912)));
        assert_eq!(Block::Dnc { classes: 6 }.cost_power(4), Ok(qi(7776)));
        assert_eq!(Block::Triangular { r: 4 }.cost_power(3), Ok(qi(1728)));
        // J(9,3), L = 3: 3 84^3 9 (1/3 + 6 4/9) = 48009024 (ratio 27/28 to 84^4).
        let j = Block::Johnson { r: 9, t: 3 };
        assert_eq!(j.cost_power(3), Ok(qi(48_009_024)));
        assert_eq!(j.cost_power(3).unwrap() / qi(84).pow(4), q(27, 28));
        // t = 2 is the B-chain
        for r in 3..9 {
            for l in 2..6 {
                assert_eq!(
                    Block::Johnson { r, t: 2 }.cost_power(l),
                    Block::Triangular { r }.cost_power(l)
                );
            }
        }
    }

    #[test]
    fn explicit_costs_equal_closed_forms_and_chains_output_labels() {
        for l in 2..6 {
            for b in [
                Block::Triangular { r: 3 },
                Block::Triangular { r: 5 },
                Block::Johnson { r: 5, t: 3 },
                Block::Johnson { r: 6, t: 4 },
                Block::Dnc { classes: 4 },
            ] {
                let (c, _) = verify_chain(&b, l, 2).unwrap();
                assert_eq!(Ok(c), b.cost_power(l), "{b} L = {l}");
            }
        }
        assert_eq!(
            Block::Johnson { r: 5, t: 2 }.unit_factors(3, 1),
            Block::Triangular { r: 5 }.unit_factors(3, 1)
        );
    }

    #[test]
    fn invalid_blocks_and_sizes_are_errors() {
        assert!(matches!(
            Block::Dnc { classes: 0 }.classes(),
            Err(FamilyError::InvalidBlock(_))
        ));
        assert!(matches!(
            Block::Triangular { r: 2 }.classes(),
            Err(FamilyError::InvalidBlock(_))
        ));
        assert!(matches!(
            Block::Johnson { r: 5, t: 5 }.classes(),
            Err(FamilyError::InvalidBlock(_))
        ));
        assert_eq!(
            Block::Triangular { r: u64::MAX }.classes(),
            Err(FamilyError::SizeOverflow { parameter: "block" })
        );
        assert!(matches!(
            Block::Triangular { r: 4 }.cost_power(1),
            Err(FamilyError::NeedsLayers { min: 2, .. })
        ));
        assert_eq!(
            Block::Dnc { classes: 3 }.unit_factors(2, 0),
            Err(FamilyError::NoSamples)
        );
        assert_eq!(
            Block::Dnc { classes: 3 }.cost_power(u32::MAX),
            Err(FamilyError::SizeOverflow {
                parameter: "layers"
            })
        );
        assert_eq!(binomial(60, 30), Some(118_264_581_564_861_424));
        assert_eq!(binomial(100, 50), None);
        assert_eq!(binomial(3, 5), Some(0));
        assert_eq!(triangular_classes(4), Some(6));
    }

    #[test]
    fn block_diagonal_places_blocks_side_by_side() {
        let t4 = Block::Triangular { r: 4 };
        let j = Block::Johnson { r: 5, t: 2 };
        let fs = block_diagonal(&[
            t4.unit_factors(2, 1).unwrap(),
            j.unit_factors(2, 1).unwrap(),
        ])
        .unwrap();
        assert_eq!((fs[0].rows, fs[0].cols), (16, 16));
        // T(4)'s F_0 has 2 ones per column, J(5,2)'s too, shifted by (6, 6)
        assert_eq!(fs[0].entries.len(), 2 * 6 + 2 * 10);
        assert!(
            fs[0]
                .entries
                .iter()
                .skip(12)
                .all(|(r, c, _)| *r >= 6 && *c >= 6)
        );
    }
}
