//! # Family losses of the MSE deep UFM
//!
//! ## Main definitions
//! - [`Block`] (from the kernel, `ncverify_kernel::mse::family`): a DNC block on $m$ classes, an
//!   SRG B-chain on the triangular graph $T(r)$ ($K_r = r(r-1)/2$ classes) or a Johnson
//!   incidence chain; its exact cost constant $C^{L+1} = \prod_{i=0}^{L}\Vert F_i\Vert_F^2/n$ is
//!   [`Block::cost_power`] ($m^{L+1}$ for DNC, $K_r^3 r^{L-1}/2$ for the B-chain). A
//!   [`Construction`] places blocks in orthogonal coordinates ([`Construction::new`] checks
//!   the blocks; [`Construction::check`] that they cover exactly the $K$ classes of given
//!   parameters, which every function taking both does).
//! - [`block_cost_f64`], [`Construction::cost_f64`]: $C$ in `f64`, $C = \sum_b C_b$ — each
//!   block balanced separately, so cost constants add (module [`super`]).
//! - [`family_loss`]: $\ell(a) = \min_{x \ge 0} \varphi(x)$,
//!   $\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2} a x^{2/(L+1)}$, $a = cC$.
//!
//! ## Main results
//! - For $x > 0$, $\varphi'(x) = 0 \iff h(x) := (1-x)x^{\beta} = a$, $\beta = \frac{L-1}{L+1}$;
//!   $h$ rises on $[0, x^\ast]$ and falls on $[x^\ast, 1]$, $x^\ast = \frac{L-1}{2L}$, so the only
//!   candidate minimisers are $0$ and the root of $h = a$ in $[x^\ast, 1)$. [`family_loss`] solves
//!   for $y = 1 - x$ by bisection (full relative precision even when $a$ is tiny).
//!   Equivalently $(1-x)^{L+1}x^{L-1} = a^{L+1}$ — for DNC,
//!   $(1-x)^{L+1}x^{L-1} = K^{L+1}n\lambda_H\lambda_W^L$.
//! - [`dnc_zero_threshold`]: $0$ is optimal iff $a^{L+1} \ge (L-1)^{L-1}/L^{2L}$ (with
//!   $0^0 = 1$); at equality $x$ jumps from $(L-1)/L$ to $0$. Decided by the kernel
//!   (`ncverify_kernel::mse::threshold`), which also checks the derivation.
//! - $\ell$ is non-decreasing in $a$, strictly where its minimiser is positive: this turns
//!   every comparison of cost constants into a comparison of losses.
//!
//! ## References
//! - Súkeník, Lampert, Mondelli (arXiv:2405.14468), Theorem 4 (DNC), Theorem 5 (B-chain on
//!   $T(r)$) and its proof; normalisation reconstructed (module [`super`]).
#![cfg_attr(doc, doc = katex!())]

use super::params::{MseError, MseParams};
pub use crate::kernel::mse::family::{Block, FamilyError, binomial, triangular_classes};
pub use crate::kernel::mse::threshold::zero_threshold_rhs;
use serde::Serialize;

/// The $r \ge 3$ with $r(r-1)/2 = K$, if any.
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_root(k: u64) -> Option<u64> {
    // r = (1 + sqrt(1 + 8K)) / 2, found by integer search around the float estimate.
    let est = ((1.0 + (1.0 + 8.0 * k as f64).sqrt()) / 2.0).round() as u64;
    (est.saturating_sub(2)..=est.saturating_add(2))
        .find(|&r| r >= 3 && triangular_classes(r) == Some(k))
}

/// $C = (C^{L+1})^{1/(L+1)}$ of a block in `f64` (from logarithms, so no overflow); an error
/// if the block is invalid or invalid at depth `layers` (a chain needs $L \ge 2$).
#[cfg_attr(doc, doc = katex!())]
pub fn block_cost_f64(block: &Block, layers: u32) -> Result<f64, MseError> {
    let k = block.classes_at(layers)? as f64;
    let l = f64::from(layers);
    Ok(match *block {
        Block::Dnc { .. } => k,
        Block::Triangular { r } => block_cost_f64(&Block::Johnson { r, t: 2 }, layers)?,
        Block::Johnson { r, t } => {
            let (r, t) = (r as f64, t as f64);
            let w = 1.0 / t + (r - t) * (t - 1.0).powi(2) / (t * t);
            ((t.ln() + 3.0 * k.ln() + (l - 2.0) * r.ln() + w.ln()) / (l + 1.0)).exp()
        }
    })
}

/// Blocks in orthogonal coordinates: at least one, each valid, class counts summing within
/// `u64` (checked by [`Construction::new`]).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Construction {
    blocks: Vec<Block>,
}

/// The families the CLI knows.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Deep neural collapse on all $K$ classes.
    Dnc,
    /// The B-chain on $T(r)$, $K = r(r-1)/2$.
    Srg,
    /// One $T(4)$ block beside DNC on the other $K - 6$ classes.
    SrgBlock,
    /// The cheapest partition into $T(r)$ blocks and a DNC remainder.
    SrgBest,
}

impl Family {
    /// The family's name as the CLI spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Dnc => "dnc",
            Self::Srg => "srg",
            Self::SrgBlock => "srg-block",
            Self::SrgBest => "srg-best",
        }
    }

    /// The construction this family uses at these parameters.
    pub fn construction(&self, p: &MseParams) -> Result<Construction, MseError> {
        let k = p.classes();
        let l = p.layers();
        let needs_chain = |family| {
            if l < 2 {
                Err(MseError::FamilyNeedsLayers { family, min: 2 })
            } else {
                Ok(())
            }
        };
        let blocks = match self {
            Self::Dnc => vec![Block::Dnc { classes: k }],
            Self::Srg => {
                needs_chain("srg")?;
                let r = triangular_root(k).ok_or(MseError::NotTriangular(k))?;
                vec![Block::Triangular { r }]
            }
            Self::SrgBlock => {
                needs_chain("srg-block")?;
                if k < 6 {
                    return Err(MseError::FamilyNeedsClasses {
                        family: "srg-block",
                        min: 6,
                    });
                }
                let mut b = vec![Block::Triangular { r: 4 }];
                if k > 6 {
                    b.push(Block::Dnc { classes: k - 6 });
                }
                b
            }
            Self::SrgBest => {
                if k > MAX_BEST_PARTITION_CLASSES {
                    return Err(MseError::TooLarge {
                        which: "classes",
                        max: "K <= 100000 for family srg-best",
                    });
                }
                best_partition(k, l)?.blocks
            }
        };
        Ok(Construction { blocks })
    }
}

impl Construction {
    /// A construction of these blocks: an error if there are none, if one is invalid
    /// (`DNC(0)`, `T(r)` with $r < 3$, `J(r, t)` without $2 \le t < r$), or if the total class
    /// count overflows.
    ///
    /// ```
    /// use ncverify::mse::family::{Block, Construction};
    /// let c = Construction::new(vec![Block::Triangular { r: 4 }, Block::Dnc { classes: 2 }])?;
    /// assert_eq!(c.classes(), 8);
    /// assert!(Construction::new(vec![]).is_err());
    /// assert!(Construction::new(vec![Block::Dnc { classes: 0 }]).is_err());
    /// # Ok::<(), ncverify::mse::MseError>(())
    /// ```
    pub fn new(blocks: Vec<Block>) -> Result<Self, MseError> {
        if blocks.is_empty() {
            return Err(MseError::NoBlocks);
        }
        blocks.iter().try_fold(0u64, |acc, b| {
            acc.checked_add(b.classes()?)
                .ok_or(MseError::Block(FamilyError::SizeOverflow {
                    parameter: "blocks",
                }))
        })?;
        Ok(Self { blocks })
    }

    /// The blocks, in order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The blocks, by value.
    pub fn into_blocks(self) -> Vec<Block> {
        self.blocks
    }

    /// Total classes $\sum_b K_b$.
    pub fn classes(&self) -> u64 {
        // checked by `new`: every block is valid and the sum fits
        self.blocks
            .iter()
            .map(|b| b.classes().unwrap_or(0))
            .fold(0u64, u64::saturating_add)
    }

    /// Check the construction against parameters: every block valid at depth $L$ and the
    /// blocks covering exactly the $K$ classes.
    pub fn check(&self, p: &MseParams) -> Result<(), MseError> {
        for b in &self.blocks {
            b.classes_at(p.layers())?;
        }
        if self.classes() != p.classes() {
            return Err(MseError::Coverage {
                covered: self.classes(),
                classes: p.classes(),
            });
        }
        Ok(())
    }

    /// $C = \sum_b C_b$ in `f64`; an error if a block is invalid at depth `layers`.
    pub fn cost_f64(&self, layers: u32) -> Result<f64, MseError> {
        self.blocks.iter().map(|b| block_cost_f64(b, layers)).sum()
    }
}

/// Largest $K$ for which [`best_partition`] runs (its dynamic programme is
/// $O(K^{3/2})$ time and $O(K)$ memory).
#[cfg_attr(doc, doc = katex!())]
pub const MAX_BEST_PARTITION_CLASSES: u64 = 100_000;

/// The chains that fit and the dynamic programme's table of [`best_partition`].
#[allow(clippy::type_complexity)]
fn partition_table(
    k: u64,
    layers: u32,
) -> Result<(Vec<(u64, usize, f64)>, Vec<(f64, Option<usize>)>), MseError> {
    if k == 0 {
        return Err(MseError::TooFewClasses(k));
    }
    if k > MAX_BEST_PARTITION_CLASSES {
        return Err(MseError::TooLarge {
            which: "classes",
            max: "K <= 100000 for the best partition",
        });
    }
    if layers == 0 {
        return Err(MseError::TooFewLayers(layers));
    }
    let k_us = usize::try_from(k).map_err(|_| MseError::TooLarge {
        which: "classes",
        max: "K <= usize::MAX",
    })?;
    // chains[i] = (r, K_r, C_T(r)) for every T(r) that fits
    let chains: Vec<(u64, usize, f64)> = if layers >= 2 {
        (3u64..)
            .map_while(|r| Some((r, usize::try_from(triangular_classes(r)?).ok()?)))
            .take_while(|&(_, kr)| kr <= k_us)
            .filter_map(|(r, kr)| {
                Some((
                    r,
                    kr,
                    block_cost_f64(&Block::Triangular { r }, layers).ok()?,
                ))
            })
            .collect()
    } else {
        Vec::new()
    };
    // best[j] = (cost, last block: None for one DNC class, Some(i) for chains[i])
    let mut best: Vec<(f64, Option<usize>)> = vec![(0.0, None); k_us + 1];
    for j in 1..=k_us {
        let mut cand = (best[j - 1].0 + 1.0, None);
        for (i, &(_, kr, c)) in chains.iter().enumerate() {
            if kr <= j && best[j - kr].0 + c < cand.0 {
                cand = (best[j - kr].0 + c, Some(i));
            }
        }
        best[j] = cand;
    }
    Ok((chains, best))
}

/// The `f64` cost of the cheapest partition of every $K' \le K$ (index $K'$; index 0 is 0),
/// from one run of the dynamic programme of [`best_partition`] (what a curve over $K$ needs,
/// instead of one programme per point). The same domain as [`best_partition`].
#[cfg_attr(doc, doc = katex!())]
pub fn best_partition_costs(k: u64, layers: u32) -> Result<Vec<f64>, MseError> {
    Ok(partition_table(k, layers)?
        .1
        .into_iter()
        .map(|(c, _)| c)
        .collect())
}

/// Cheapest partition of $K$ classes into $T(r)$ blocks ($r \ge 3$) and one DNC remainder,
/// by unbounded-knapsack dynamic programming on the `f64` cost constants (untrusted: the
/// result is a construction whose loss is then evaluated; exact comparisons are made by the
/// claims that need them). With $L = 1$ only DNC is available. An error unless
/// $1 \le K \le$ [`MAX_BEST_PARTITION_CLASSES`] and $L \ge 1$.
#[cfg_attr(doc, doc = katex!())]
pub fn best_partition(k: u64, layers: u32) -> Result<Construction, MseError> {
    let (chains, best) = partition_table(k, layers)?;
    let k_us = best.len() - 1;
    let mut chain_blocks: Vec<(usize, Block)> = Vec::new();
    let mut dnc = 0u64;
    let mut j = k_us;
    while j > 0 {
        match best[j].1 {
            None => {
                dnc += 1;
                j -= 1;
            }
            Some(i) => {
                let (r, kr, _) = chains[i];
                chain_blocks.push((kr, Block::Triangular { r }));
                j -= kr;
            }
        }
    }
    chain_blocks.sort_by_key(|&(kr, _)| std::cmp::Reverse(kr));
    let mut blocks: Vec<Block> = chain_blocks.into_iter().map(|(_, b)| b).collect();
    if dnc > 0 {
        blocks.push(Block::Dnc { classes: dnc });
    }
    Construction::new(blocks)
}

/// The optimum of a family: loss and output scale.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FamilyLoss {
    /// $\ell(a)$.
    pub loss: f64,
    /// The minimising output scale $x$ ($0$ when the zero solution is optimal).
    pub scale: f64,
    /// $1 - x$, computed directly (full relative precision when $x$ is close to 1).
    pub deficit: f64,
}

/// $\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2}a\thinspace x^{2/(L+1)}$ at $x = 1 - y$.
fn phi_at_y(y: f64, a: f64, layers: u32) -> f64 {
    let m = layers as f64 + 1.0;
    0.5 * y * y + 0.5 * m * a * (1.0 - y).powf(2.0 / m)
}

/// $\ell(a) = \min_{x\ge0}\varphi(x)$ for $a = cC \ge 0$ (see the module docs); $a = +\infty$
/// gives the zero solution. Ties between the zero solution and a positive one are resolved to
/// $x = 0$. An error if $a$ is negative or `NaN`, or if $L = 0$.
///
/// ```
/// use ncverify::mse::family::family_loss;
/// // L = 1: l(a) = a - a^2/2 for a < 1
/// assert_eq!(family_loss(0.25, 1)?.loss, 0.25 - 0.03125);
/// assert!(family_loss(f64::NAN, 4).is_err());
/// assert!(family_loss(0.1, 0).is_err());
/// # Ok::<(), ncverify::mse::MseError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn family_loss(a: f64, layers: u32) -> Result<FamilyLoss, MseError> {
    if a.is_nan() || a < 0.0 {
        return Err(MseError::NotNonNegative {
            which: "a",
            value: a.to_string(),
        });
    }
    family_loss_ln(a.ln(), layers)
}

/// [`family_loss`] from $\ln a$, so that $a$ below or above the `f64` range is handled:
/// as $a \to 0^+$ the optimum tends to $x = 1$ with loss $\approx \frac{L+1}{2}a$, reported as
/// `0.0` once that underflows; as $a \to \infty$ the zero solution is optimal. An error if
/// $\ln a$ is `NaN` or $L = 0$.
///
/// The positive root of $h(y) = y(1-y)^\beta = a$ ($y = 1 - x$) lies in
/// $[a,\ \min(y_{\max}, a(1-y_{\max})^{-\beta})]$ because $y(1-y_{\max})^\beta \le h(y) \le y$
/// on $[0, y_{\max}]$; that bracket spans at most a factor $2$, so bisection reaches full
/// relative precision in at most a hundred steps, for every $a$.
#[cfg_attr(doc, doc = katex!())]
pub fn family_loss_ln(ln_a: f64, layers: u32) -> Result<FamilyLoss, MseError> {
    if ln_a.is_nan() {
        return Err(MseError::NotNonNegative {
            which: "ln a",
            value: ln_a.to_string(),
        });
    }
    if layers == 0 {
        return Err(MseError::TooFewLayers(layers));
    }
    Ok(family_loss_ln_valid(ln_a, layers))
}

/// [`family_loss_ln`] for $\ln a$ not `NaN` and $L \ge 1$.
fn family_loss_ln_valid(ln_a: f64, layers: u32) -> FamilyLoss {
    let zero = FamilyLoss {
        loss: 0.5,
        scale: 0.0,
        deficit: 1.0,
    };
    let a = ln_a.exp();
    if a == 0.0 {
        // a below the f64 range: x = 1 - O(a), loss (L+1)/2 a + O(a^2) underflows.
        return FamilyLoss {
            loss: 0.0,
            scale: 1.0,
            deficit: 0.0,
        };
    }
    if layers == 1 {
        // φ = ½(1-x)² + a x: minimiser x = 1 - a when a < 1.
        return if a < 1.0 {
            FamilyLoss {
                loss: a - 0.5 * a * a,
                scale: 1.0 - a,
                deficit: a,
            }
        } else {
            zero
        };
    }
    let l = layers as f64;
    let beta = (l - 1.0) / (l + 1.0);
    let h = |y: f64| y * (1.0 - y).powf(beta); // increasing in y on [0, y_max]
    let y_max = 1.0 - (l - 1.0) / (2.0 * l);
    if !a.is_finite() || a >= h(y_max) {
        return zero;
    }
    let (mut lo, mut hi) = (a, (a / (1.0 - y_max).powf(beta)).min(y_max));
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if h(mid) < a {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let y = 0.5 * (lo + hi);
    let loss = phi_at_y(y, a, layers);
    if loss < 0.5 {
        FamilyLoss {
            loss,
            scale: 1.0 - y,
            deficit: y,
        }
    } else {
        zero
    }
}

/// The optimal loss of a construction at the given parameters, in `f64` (for display and
/// search; [`super::compare`] decides and encloses it exactly). An error unless the
/// construction is valid at depth $L$ and covers exactly the $K$ classes.
///
/// ```
/// use ncverify::kernel::arith::rational::q;
/// use ncverify::mse::{Block, Construction, MseParams, family::construction_loss};
/// let p = MseParams::new(6, 4, q(1, 1000), q(1, 1000), 1)?;
/// let t4 = Construction::new(vec![Block::Triangular { r: 4 }])?;
/// assert!((construction_loss(&p, &t4)?.loss - 0.0146335478).abs() < 1e-10);
/// let short = Construction::new(vec![Block::Dnc { classes: 2 }])?; // 2 of 6 classes
/// assert!(construction_loss(&p, &short).is_err());
/// # Ok::<(), ncverify::mse::MseError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn construction_loss(p: &MseParams, c: &Construction) -> Result<FamilyLoss, MseError> {
    c.check(p)?;
    let ln_a = p.ln_c() + c.cost_f64(p.layers())?.ln();
    Ok(family_loss_ln_valid(ln_a, p.layers()))
}

/// The loss of a construction when every block chooses its own output scale $x_b$:
/// $\sum_b \frac{K_b}{K}\thinspace\ell\big(cK\thinspace C_b/K_b\big)$, never above [`construction_loss`]
/// (which shares one scale, as the family definition of module [`super`] does) and equal to
/// it for one block. An error unless the construction fits the parameters (as
/// [`construction_loss`]).
#[cfg_attr(doc, doc = katex!())]
pub fn per_block_scales_loss(p: &MseParams, c: &Construction) -> Result<f64, MseError> {
    c.check(p)?;
    let k = c.classes() as f64;
    let mut total = 0.0;
    for b in &c.blocks {
        let kb = b.classes()? as f64;
        let ln_a = p.ln_c() + (k * block_cost_f64(b, p.layers())? / kb).ln();
        total += kb / k * family_loss_ln_valid(ln_a, p.layers()).loss;
    }
    Ok(total)
}

/// `true` iff DNC's optimum is the zero solution:
/// $K^{L+1} n\lambda_H\lambda_W^L \ge (L-1)^{L-1}/L^{2L}$ (exact, decided by the kernel's
/// `dnc_threshold::dnc_zero_threshold`; its fact is dropped here).
#[cfg_attr(doc, doc = katex!())]
pub fn dnc_zero_threshold(p: &MseParams) -> bool {
    crate::kernel::mse::threshold::dnc_zero_threshold(p.exact()).0
}
