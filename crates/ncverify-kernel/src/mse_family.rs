//! # Cost constants of the MSE deep-UFM families, exactly
//!
//! A *family* of the MSE deep UFM fixes the shapes $F_0, \dots, F_L$ of the $L + 1$ factors
//! $(H_1, W_1, \dots, W_L)$ so that $F_L\sigma(F_{L-1}\cdots\sigma(F_1F_0)) = Y$ at unit
//! scales, and leaves one positive scale per factor free. Its optimal loss depends on the
//! factors only through the *cost constant* $C$,
//! $$C^{L+1} = \prod_{i=0}^{L}\|F_i\|_F^2 / n,$$
//! and is non-decreasing in $C$ (the MSE module docs of `ncverify`). This module builds the
//! factors of every family exactly, computes their cost constants from that definition, and
//! proves the comparisons of cost constants that the claims rest on.
//!
//! ## Main definitions
//! - [`Block`]: DNC on $m$ classes ($F_0 = I_m\otimes\mathbf 1_n^\top$, $F_i = I_m$), the
//!   B-chain on the triangular graph $T(r)$, and the incidence chain of the Johnson scheme
//!   $J(r, t)$ (classes = $t$-subsets of an $r$-set, $K = \binom rt$): with $B$ the
//!   $r \times K$ incidence matrix, $F_0 = \binom{B}{0}\otimes\mathbf 1_n^\top$,
//!   $F_1..F_{L-2} = \operatorname{diag}(I_r, 0)$,
//!   $F_{L-1} = [B^\top - \frac{t-1}{t}J,\ 0]$, $F_L = I_K$. $T(r)$ is $J(r, 2)$.
//! - [`Block::unit_factors`]: those factors as sparse exact matrices ([`Factor`]).
//! - [`explicit_cost_power`]: $\prod_i\|F_i\|_F^2/n$ from the factors (the definition).
//! - [`Block::cost_power`]: the closed forms $C_{\mathrm{DNC}(m)}^{L+1} = m^{L+1}$ and
//!   $C_{J(r,t)}^{L+1} = t\,K^3r^{L-2}\big(\frac1t + (r-t)\frac{(t-1)^2}{t^2}\big)$, in particular
//!   $C_{T(r)}^{L+1} = K^3r^{L-1}/2$, $K = r(r-1)/2$; [`incidence_cost_poly`] is the same closed
//!   form as a polynomial in $r$ (one implementation: `cost_power` evaluates it).
//!
//! ## Main results
//! - [`verify_chain`]: at given $(L, n)$ the unit factors output $Y = I_K\otimes\mathbf 1_n^\top$
//!   exactly (ReLU after every layer but the last) and their norms give the closed form.
//! - [`decide_cost_lt`]: $C_a^{L+1} < C_b^{L+1}$ or $\ge$, both from explicit factors.
//! - [`prove_blocks_cheaper_than_dnc`]: blocks side by side ([`block_diagonal`]) output $Y$ and
//!   have $\sum_b C_b < \sum_b K_b = K$, from $C_b \le K_b$ for every block and $<$ for one.
//! - [`prove_block_beats_dnc_from`]: a block on $K$ classes with
//!   $C^{L_0+1} < K^{L_0+1}$ whose cost grows by a factor $\rho < K$ per layer,
//!   $C^{L+2} = \rho\,C^{L+1}$ (checked for $L = L_0..L_1$).
//! - [`decide_bchain_vs_dnc`]: the sign of
//!   $C_{\mathrm{DNC}}(K_r)^{L+1} - C_{T(r)}^{L+1} = K_r^{L+1} - K_r^3r^{L-1}/2$ at every integer
//!   $r \ge r_0$ (Sturm), with the first failing integer as an exact counterexample.
//! - [`prove_bchain_cheaper_from`]: the induction step in $L$,
//!   $g_{L+1} = K_r\,g_L + (K_r - r)\,C_{T(r)}^{L+1}$ for the gap $g_L$, as identities in
//!   $\mathbb Q\[r\]$ with $K_r,\ K_r - r,\ C_{T(r)}^{L+1} > 0$ on $[r_0, \infty)$ (Sturm).
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 and its
//!   proof (the B-chain on $T(r)$); the Johnson chains are ncverify's generalisation.
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §12.4 (Johnson graphs).

use super::dufm::{DufmError, forward_exact, labels_exact};
use super::fact::Fact;
use super::integer::{IntegerPositivity, positive_on_integers_from};
use super::matrix::QMatrix;
use super::poly::{Bound, Positivity, QPoly};
use super::rational::{Q, Z, pow_u};
use num_traits::{One, Zero};
use serde::Serialize;
use std::fmt;

/// How many integers $r \ge r_0$ [`decide_bchain_vs_dnc`] ties its polynomial to the explicit
/// factors at.
pub const TIE_SPAN: u64 = 6;

/// One block of a construction (blocks sit in orthogonal coordinates).
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
    /// A size does not fit the machine integers.
    SizeOverflow,
    /// The explicit forward pass failed.
    Dufm(DufmError),
    /// The unit factors do not output $Y$.
    OutputNotLabels {
        /// The block.
        block: Block,
        /// $L$.
        layers: u32,
    },
    /// $\prod_i\|F_i\|^2/n$ differs from the closed form.
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
    /// The integer scan of [`positive_on_integers_from`] gave up.
    ScanLimit,
    /// The Sturm verdict and the explicit comparison disagree (a kernel bug).
    Inconsistent {
        /// $r$.
        r: u64,
    },
    /// An empty range of depths.
    EmptyRange,
}

impl fmt::Display for FamilyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidBlock(b) => {
                write!(f, "{b} is not a block (need m >= 1, r >= 3, 2 <= t < r)")
            }
            Self::NeedsLayers { block, min } => write!(f, "{block} needs L >= {min}"),
            Self::NoSamples => write!(f, "need n >= 1"),
            Self::SizeOverflow => write!(f, "a size does not fit the machine integers"),
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
            Self::EmptyRange => write!(f, "empty range of depths"),
        }
    }
}

impl std::error::Error for FamilyError {}

impl From<DufmError> for FamilyError {
    fn from(e: DufmError) -> Self {
        Self::Dufm(e)
    }
}

fn to_usize(x: u64) -> Result<usize, FamilyError> {
    usize::try_from(x).map_err(|_| FamilyError::SizeOverflow)
}

fn qu(x: u64) -> Q {
    Q::from_integer(Z::from(x))
}

/// $r(r-1)/2$, or `None` if it does not fit in `u64`.
pub fn triangular_classes(r: u64) -> Option<u64> {
    binomial(r, 2)
}

/// $\binom rt$, or `None` if it does not fit in `u64`.
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

/// The $t$-subsets of $\{0..r-1\}$ in lexicographic order (for $t = 2$: the edges $(a, b)$,
/// $a < b$, of the complete graph, i.e. the vertices of $T(r)$).
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
    pub fn to_matrix(&self) -> QMatrix {
        let mut m = QMatrix::zeros(self.rows, self.cols);
        for (i, j, v) in &self.entries {
            m.set(*i, *j, v.clone());
        }
        m
    }

    /// $\|F\|_F^2$ from the entries.
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
    pub fn classes(&self) -> Result<u64, FamilyError> {
        match (*self, self.incidence()) {
            (Self::Dnc { classes }, _) if classes >= 1 => Ok(classes),
            (_, Some((r, t))) if t >= 2 && t < r && r >= 3 => {
                binomial(r, t).ok_or(FamilyError::SizeOverflow)
            }
            _ => Err(FamilyError::InvalidBlock(*self)),
        }
    }

    /// The least depth the block supports: 1 for DNC, 2 for a chain.
    pub fn min_layers(&self) -> u32 {
        if self.incidence().is_some() { 2 } else { 1 }
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
    pub fn unit_factors(&self, layers: u32, n: u64) -> Result<Vec<Factor>, FamilyError> {
        let k = to_usize(self.check(layers)?)?;
        if n == 0 {
            return Err(FamilyError::NoSamples);
        }
        let n = to_usize(n)?;
        k.checked_mul(n).ok_or(FamilyError::SizeOverflow)?;
        let l = to_usize(u64::from(layers))?;
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
            Some((r, t)) => incidence_chain(to_usize(r)?, to_usize(t)?, k, l, n),
        }
    }

    /// The closed form of $C^{L+1}$ (module docs), exact.
    // DNC(m): m^{L+1};  J(r, t): P_t(r) r^{L-2}
    pub fn cost_power(&self, layers: u32) -> Result<Q, FamilyError> {
        let k = self.check(layers)?;
        let e = layers.checked_add(1).ok_or(FamilyError::SizeOverflow)?;
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
        return Err(FamilyError::SizeOverflow);
    }
    k.checked_mul(r).ok_or(FamilyError::SizeOverflow)?;
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
    let tq = qu(u64::try_from(t).map_err(|_| FamilyError::SizeOverflow)?);
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
fn binomial_poly(t: u64) -> QPoly {
    let mut p = QPoly::one();
    for i in 0..t {
        p = p * QPoly::new(vec![-qu(i), Q::one()]) * QPoly::constant(Q::one() / qu(i + 1));
    }
    p
}

/// The depth-free part $P_t(r) = t\,K(r)^3\big(\frac1t + (r-t)\frac{(t-1)^2}{t^2}\big)$,
/// $K(r) = \binom rt$, of the closed form $C_{J(r,t)}^{L+1} = P_t(r)\,r^{L-2}$ ($t \ge 2$,
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

/// The closed form of $C_{J(r,t)}^{L+1} = P_t(r)\,r^{L-2}$ as a polynomial in $r$ ($t \ge 2$,
/// $L \ge 2$; its degree grows with $L$, so [`Block::cost_power`] evaluates $P_t$ and the power
/// separately).
pub fn incidence_cost_poly(t: u64, layers: u32) -> Result<QPoly, FamilyError> {
    Ok(incidence_cost_base(t, layers)? * QPoly::x().pow(layers - 2))
}

/// $C^{L+1} = \prod_i \|F_i\|_F^2 / n$ of the block's explicit unit factors (the definition).
// C^{L+1} = Π_i ||F_i||_F^2 / n
pub fn explicit_cost_power(block: &Block, layers: u32, n: u64) -> Result<Q, FamilyError> {
    let fs = block.unit_factors(layers, n)?;
    Ok(fs.iter().fold(Q::one(), |p, f| p * f.frobenius_sq()) / qu(n))
}

/// $C^{L+1}$ from the explicit factors at $n = 1$, after checking that it equals the closed form.
fn cost_power_checked(block: &Block, layers: u32) -> Result<Q, FamilyError> {
    let explicit = explicit_cost_power(block, layers, 1)?;
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
// F_L σ(F_{L-1} ⋯ σ(F_1 F_0)) = I_K ⊗ 1_n^T  and  Π_i ||F_i||^2 / n = closed form
pub fn verify_chain(block: &Block, layers: u32, n: u64) -> Result<(Q, Fact), FamilyError> {
    let fs = block.unit_factors(layers, n)?;
    let k = block.classes()?;
    let h = fs[0].to_matrix();
    let ws: Vec<QMatrix> = fs[1..].iter().map(Factor::to_matrix).collect();
    let out = forward_exact(&h, &ws).map_err(DufmError::from)?;
    if out != labels_exact(to_usize(k)?, to_usize(n)?)? {
        return Err(FamilyError::OutputNotLabels {
            block: *block,
            layers,
        });
    }
    let explicit = fs.iter().fold(Q::one(), |p, f| p * f.frobenius_sq()) / qu(n);
    let closed = block.cost_power(layers)?;
    if explicit != closed {
        return Err(FamilyError::ClosedFormMismatch {
            block: *block,
            layers,
            explicit: Box::new(explicit),
            closed: Box::new(closed),
        });
    }
    let fact = Fact::new(format!(
        "{block} at L = {layers}, n = {n}: the unit factors F_0..F_L output Y = I_{k} (x) 1_{n}^T \
         exactly, and C^(L+1) = prod_i ||F_i||_F^2 / n = {explicit} equals the closed form"
    ));
    Ok((explicit, fact))
}

/// Decide $C_a^{L+1} < C_b^{L+1}$, both from explicit factors (and equal to their closed forms):
/// `Ok` holds the fact $<$, `Err` the fact $\ge$.
pub fn decide_cost_lt(
    a: &Block,
    b: &Block,
    layers: u32,
) -> Result<Result<Fact, Fact>, FamilyError> {
    let (ca, cb) = (
        cost_power_checked(a, layers)?,
        cost_power_checked(b, layers)?,
    );
    let statement = |rel: &str| {
        format!(
            "at L = {layers}: C_{a}^(L+1) = {ca} {rel} {cb} = C_{b}^(L+1) (prod_i ||F_i||_F^2 \
             of the explicit factors, equal to the closed forms)"
        )
    };
    Ok(if ca < cb {
        Ok(Fact::new(statement("<")))
    } else {
        Err(Fact::new(statement(">=")))
    })
}

/// Prove that `block` (on $K$ classes) is cheaper than DNC on its classes at every depth
/// $L_0..L_1$ and grows by one factor $\rho < K$ per layer: its unit factors output $Y$ at
/// $L_0$; $C^{L+1} < K^{L+1}$ for $L = L_0..L_1$; $C^{L+2} = \rho\,C^{L+1}$ for
/// $L = L_0..L_1 - 1$; $\rho < K$.
// C^{L+1} < K^{L+1} and C^{L+2} = ρ C^{L+1}, ρ < K  ⇒  C^{L+2} < ρ K^{L+1} < K^{L+2}
pub fn prove_block_beats_dnc_from(block: &Block, l0: u32, l1: u32) -> Result<Fact, FamilyError> {
    if l1 <= l0 {
        return Err(FamilyError::EmptyRange);
    }
    let k = block.classes()?;
    let dnc = Block::Dnc { classes: k };
    let (_, output) = verify_chain(block, l0, 1)?;
    let mut costs = Vec::new();
    for layers in l0..=l1 {
        let c = cost_power_checked(block, layers)?;
        if c >= cost_power_checked(&dnc, layers)? {
            return Err(FamilyError::NotCheaper {
                block: *block,
                layers,
            });
        }
        costs.push(c);
    }
    let ratio = &costs[1] / &costs[0];
    if costs.windows(2).any(|w| w[1] != &ratio * &w[0]) || ratio >= qu(k) {
        return Err(FamilyError::Ratio { block: *block });
    }
    let e = l0.checked_add(1).ok_or(FamilyError::SizeOverflow)?;
    let main = Fact::new(format!(
        "{block} (K = {k}): C^(L+1) = prod_i ||F_i||_F^2 (n = 1) < K^(L+1) = C_DNC({k})^(L+1) for \
         L = {l0}..{l1} ({} < {} at L = {l0}); C^(L+2) = {ratio} C^(L+1) for L = {l0}..{} and \
         {ratio} < {k} = K",
        costs[0],
        pow_u(&qu(k), e),
        l1 - 1
    ));
    Ok(output.and(main))
}

/// Factor $i$ of every block placed block-diagonally, in the order given (blocks in orthogonal
/// coordinates). Panics unless every block has the same number of factors.
pub fn block_diagonal(per_block: &[Vec<Factor>]) -> Vec<Factor> {
    let count = per_block.first().map_or(0, Vec::len);
    assert!(
        per_block.iter().all(|fs| fs.len() == count),
        "every block needs L + 1 factors"
    );
    (0..count)
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
        .collect()
}

/// Prove that blocks side by side (block-diagonal, $K = \sum_b K_b$) are cheaper than DNC on all
/// $K$ classes when each block is balanced separately: the assembled unit factors output $Y$
/// exactly, and $C_b^{L+1} \le K_b^{L+1}$ for every block with $<$ for at least one, so
/// $\sum_b C_b < \sum_b K_b = K$.
// C_b <= K_b for all b, C_b < K_b for one  ⇒  Σ_b C_b < Σ_b K_b = K
pub fn prove_blocks_cheaper_than_dnc(blocks: &[Block], layers: u32) -> Result<Fact, FamilyError> {
    let per_block = blocks
        .iter()
        .map(|b| b.unit_factors(layers, 1))
        .collect::<Result<Vec<_>, _>>()?;
    let k = blocks.iter().try_fold(0u64, |acc, b| {
        acc.checked_add(b.classes()?)
            .ok_or(FamilyError::SizeOverflow)
    })?;
    let fs = block_diagonal(&per_block);
    let h = fs[0].to_matrix();
    let ws: Vec<QMatrix> = fs[1..].iter().map(Factor::to_matrix).collect();
    if forward_exact(&h, &ws).map_err(DufmError::from)? != labels_exact(to_usize(k)?, 1)? {
        return Err(FamilyError::OutputNotLabels {
            block: Block::Dnc { classes: k },
            layers,
        });
    }
    let mut parts = Vec::new();
    let mut strict = false;
    for b in blocks {
        let c = cost_power_checked(b, layers)?;
        let kb = cost_power_checked(
            &Block::Dnc {
                classes: b.classes()?,
            },
            layers,
        )?;
        if c > kb {
            return Err(FamilyError::NotCheaper { block: *b, layers });
        }
        strict |= c < kb;
        let rel = if c < kb { "<" } else { "=" };
        parts.push(format!("C_{b}^(L+1) = {c} {rel} {kb}"));
    }
    if !strict {
        return Err(FamilyError::NotCheaper {
            block: Block::Dnc { classes: k },
            layers,
        });
    }
    let names: Vec<String> = blocks.iter().map(Block::to_string).collect();
    Ok(Fact::new(format!(
        "{} side by side (K = {k}), L = {layers}: the block-diagonal unit factors output \
         Y = I_{k} (x) 1_1^T exactly; {}, each against K_b^(L+1); so sum_b C_b < K = C_DNC({k})",
        names.join(" + "),
        parts.join(", ")
    )))
}

/// The gap $g_L(r) = C_{\mathrm{DNC}}(K_r)^{L+1} - C_{T(r)}^{L+1} = K_r^{L+1} - K_r^3r^{L-1}/2$
/// in $\mathbb Q\[r\]$, from the closed forms.
// g_L(r) = C(r, 2)^{L+1} - P_2(r) r^{L-2}
pub fn bchain_gap_poly(layers: u32) -> Result<QPoly, FamilyError> {
    let e = layers.checked_add(1).ok_or(FamilyError::SizeOverflow)?;
    Ok(binomial_poly(2).pow(e) - incidence_cost_poly(2, layers)?)
}

/// Which ordering of $C_{T(r)}$ and $C_{\mathrm{DNC}}(K_r)$ a statement asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostOrder {
    /// $C_{T(r)}^{L+1} < C_{\mathrm{DNC}}(K_r)^{L+1}$.
    ChainBelowDnc,
    /// $C_{T(r)}^{L+1} > C_{\mathrm{DNC}}(K_r)^{L+1}$.
    ChainAboveDnc,
}

/// The answer of [`decide_bchain_vs_dnc`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BchainOrder {
    /// The ordering holds at every integer $r \ge r_0$; `on_reals` if Sturm proved it on the
    /// whole real half-line.
    Holds {
        /// The fact.
        fact: Fact,
        /// Whether it holds on the real half-line $[r_0, \infty)$.
        on_reals: bool,
    },
    /// The least integer $r \ge r_0$ where it fails, with the exact comparison there.
    FailsAt {
        /// $r$.
        r: u64,
        /// The explicit costs at $r$, ordered against the statement.
        counterexample: Fact,
    },
}

/// Decide the ordering of $C_{T(r)}^{L+1}$ and $C_{\mathrm{DNC}}(K_r)^{L+1}$ at every integer
/// $r \ge r_0 \ge 3$: Sturm on $\pm g_L$ ([`bchain_gap_poly`]), after tying $g_L$ to the explicit
/// factors at $r = r_0..r_0 + $ [`TIE_SPAN`]` - 1`; a failure is re-decided from the explicit
/// factors at the first failing integer.
pub fn decide_bchain_vs_dnc(
    layers: u32,
    r0: u64,
    order: CostOrder,
) -> Result<BchainOrder, FamilyError> {
    let gap = bchain_gap_poly(layers)?;
    let end = r0
        .checked_add(TIE_SPAN - 1)
        .ok_or(FamilyError::SizeOverflow)?;
    for r in r0..=end {
        let chain = Block::Triangular { r };
        let dnc = Block::Dnc {
            classes: chain.classes()?,
        };
        let direct = cost_power_checked(&dnc, layers)? - cost_power_checked(&chain, layers)?;
        if direct != gap.eval(&qu(r)) {
            return Err(FamilyError::ClosedFormMismatch {
                block: chain,
                layers,
                explicit: Box::new(direct),
                closed: Box::new(gap.eval(&qu(r))),
            });
        }
    }
    let (p, rel) = match order {
        CostOrder::ChainBelowDnc => (gap, "C_DNC(K_r)^(L+1) - C_T(r)^(L+1)"),
        CostOrder::ChainAboveDnc => (-gap, "C_T(r)^(L+1) - C_DNC(K_r)^(L+1)"),
    };
    let r0i = i64::try_from(r0).map_err(|_| FamilyError::SizeOverflow)?;
    let holds = |on_reals: bool| {
        let domain = if on_reals { "real" } else { "integer" };
        Fact::new(format!(
            "for every {domain} r >= {r0}, K_r = r(r-1)/2, L = {layers}: {rel} = {p} > 0 (in x = r; \
             Sturm), the polynomial agreeing with the explicit factors' costs at r = {r0}..{end}"
        ))
    };
    match positive_on_integers_from(&p, r0i) {
        IntegerPositivity::PositiveOnHalfLine => Ok(BchainOrder::Holds {
            fact: holds(true),
            on_reals: true,
        }),
        IntegerPositivity::PositiveOnIntegers => Ok(BchainOrder::Holds {
            fact: holds(false),
            on_reals: false,
        }),
        IntegerPositivity::FailsAt(r) => {
            let r = u64::try_from(r).map_err(|_| FamilyError::SizeOverflow)?;
            let chain = Block::Triangular { r };
            let dnc = Block::Dnc {
                classes: chain.classes()?,
            };
            let decided = match order {
                CostOrder::ChainBelowDnc => decide_cost_lt(&chain, &dnc, layers)?,
                CostOrder::ChainAboveDnc => decide_cost_lt(&dnc, &chain, layers)?,
            };
            match decided {
                Ok(_) => Err(FamilyError::Inconsistent { r }),
                Err(counterexample) => Ok(BchainOrder::FailsAt { r, counterexample }),
            }
        }
        IntegerPositivity::Undecided => Err(FamilyError::ScanLimit),
    }
}

/// Prove $C_{T(r)}^{L+1} < C_{\mathrm{DNC}}(K_r)^{L+1}$ for every real $r \ge r_0$ and
/// $L = L_0..L_1$: the base $L_0$ by [`decide_bchain_vs_dnc`] on the real half-line, and each
/// step by the identity $g_{L+1} = K_r\,g_L + (K_r - r)\,C_{T(r)}^{L+1}$ in $\mathbb Q\[r\]$ with
/// $K_r$, $K_r - r$ and $C_{T(r)}^{L+1}$ positive on $[r_0, \infty)$ (Sturm).
// C_T^{L+2} = r C_T^{L+1}, C_DNC^{L+2} = K C_DNC^{L+1}  ⇒  g_{L+1} = K g_L + (K - r) C_T^{L+1}
pub fn prove_bchain_cheaper_from(l0: u32, l1: u32, r0: u64) -> Result<Fact, FamilyError> {
    if l1 <= l0 {
        return Err(FamilyError::EmptyRange);
    }
    let base = match decide_bchain_vs_dnc(l0, r0, CostOrder::ChainBelowDnc)? {
        BchainOrder::Holds {
            fact,
            on_reals: true,
        } => fact,
        BchainOrder::Holds { .. } => {
            return Err(FamilyError::NotPositive {
                what: "the gap C_DNC(K_r)^(L+1) - C_T(r)^(L+1) on the reals",
                layers: l0,
            });
        }
        BchainOrder::FailsAt { r, .. } => return Err(FamilyError::NotCheaperAt { layers: l0, r }),
    };
    let lo = Bound::Finite(qu(r0));
    let positive = |p: &QPoly| p.positivity_on(&lo, &Bound::PosInf) == Positivity::Positive;
    let k = binomial_poly(2);
    let k_minus_r = k.clone() - QPoly::x();
    if !positive(&k) || !positive(&k_minus_r) {
        return Err(FamilyError::NotPositive {
            what: "K_r or K_r - r",
            layers: l0,
        });
    }
    for layers in l0..l1 {
        let chain = incidence_cost_poly(2, layers)?;
        if !positive(&chain) {
            return Err(FamilyError::NotPositive {
                what: "C_T(r)^(L+1)",
                layers,
            });
        }
        let next = bchain_gap_poly(layers + 1)?;
        if next != k.clone() * bchain_gap_poly(layers)? + k_minus_r.clone() * chain {
            return Err(FamilyError::StepIdentity { layers });
        }
    }
    Ok(base.and(Fact::new(format!(
        "for every real r >= {r0} and L = {l0}..{}: g_(L+1) = K_r g_L + (K_r - r) C_T(r)^(L+1) in \
         Q[r] for the gap g_L = C_DNC(K_r)^(L+1) - C_T(r)^(L+1), and K_r = r(r-1)/2, K_r - r and \
         C_T(r)^(L+1) are positive on [{r0}, inf) (Sturm); hence g_L > 0 there for L = {l0}..{l1}",
        l1 - 1
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::{q, qi};

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
            Err(FamilyError::SizeOverflow)
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
            Err(FamilyError::SizeOverflow)
        );
        assert_eq!(binomial(60, 30), Some(118_264_581_564_861_424));
        assert_eq!(binomial(100, 50), None);
        assert_eq!(binomial(3, 5), Some(0));
        assert_eq!(triangular_classes(4), Some(6));
    }

    #[test]
    fn comparisons_state_both_costs() {
        let t4 = Block::Triangular { r: 4 };
        let d6 = Block::Dnc { classes: 6 };
        let lt = decide_cost_lt(&t4, &d6, 4).unwrap().unwrap();
        assert!(lt.to_string().contains("6912 < 7776"), "{lt}");
        let ge = decide_cost_lt(&t4, &d6, 3).unwrap().unwrap_err();
        assert!(ge.to_string().contains("1728 >= 1296"), "{ge}");
    }

    #[test]
    fn bchain_orderings() {
        // L = 3: the chain is dearer for every r >= 3, so "cheaper from r = 4" fails at r = 4.
        assert!(matches!(
            decide_bchain_vs_dnc(3, 3, CostOrder::ChainAboveDnc),
            Ok(BchainOrder::Holds { on_reals: true, .. })
        ));
        match decide_bchain_vs_dnc(3, 4, CostOrder::ChainBelowDnc).unwrap() {
            BchainOrder::FailsAt { r, counterexample } => {
                assert_eq!(r, 4);
                assert!(counterexample.to_string().contains("1728 >= 1296"));
            }
            other => panic!("{other:?}"),
        }
        // L = 4: cheaper for every r >= 4, and the induction covers L = 4..12.
        assert!(prove_bchain_cheaper_from(4, 12, 4).is_ok());
        // not from r = 3 (T(3) costs 27 * 27 / 2 > 3^5 at L = 4)
        assert_eq!(
            prove_bchain_cheaper_from(4, 12, 3),
            Err(FamilyError::NotCheaperAt { layers: 4, r: 3 })
        );
    }

    #[test]
    fn blocks_side_by_side() {
        let t4 = Block::Triangular { r: 4 };
        let f = prove_blocks_cheaper_than_dnc(&[t4, Block::Dnc { classes: 4 }], 4).unwrap();
        let s = f.to_string();
        assert!(s.contains("T(4) + DNC(4) side by side (K = 10)"), "{s}");
        assert!(
            s.contains("6912 < 7776") && s.contains("1024 = 1024"),
            "{s}"
        );
        assert_eq!(
            prove_blocks_cheaper_than_dnc(&[t4, Block::Dnc { classes: 4 }], 3),
            Err(FamilyError::NotCheaper {
                block: t4,
                layers: 3
            })
        );
        assert!(matches!(
            prove_blocks_cheaper_than_dnc(&[Block::Dnc { classes: 4 }], 3),
            Err(FamilyError::NotCheaper { .. })
        ));
        let j = Block::Johnson { r: 5, t: 2 };
        let fs = block_diagonal(&[
            t4.unit_factors(2, 1).unwrap(),
            j.unit_factors(2, 1).unwrap(),
        ]);
        assert_eq!((fs[0].rows, fs[0].cols), (16, 16));
    }

    #[test]
    fn blocks_beating_dnc_from_a_depth() {
        let f = prove_block_beats_dnc_from(&Block::Johnson { r: 9, t: 3 }, 3, 12).unwrap();
        let s = f.to_string();
        assert!(s.contains("48009024 < 49787136"), "{s}");
        assert!(s.contains("C^(L+2) = 9 C^(L+1)"), "{s}");
        assert!(prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 4, 12).is_ok());
        assert_eq!(
            prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 3, 12),
            Err(FamilyError::NotCheaper {
                block: Block::Triangular { r: 4 },
                layers: 3
            })
        );
        assert_eq!(
            prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 4, 4),
            Err(FamilyError::EmptyRange)
        );
    }
}
