//! # Family losses of the MSE deep UFM
//!
//! ## Main definitions
//! - [`Block`]: a DNC block on $m$ classes or an SRG B-chain on the triangular graph $T(r)$
//!   ($K_r = r(r-1)/2$ classes). A [`Construction`] places blocks in orthogonal coordinates.
//! - [`Block::cost_power`]: the exact rational $C^{L+1} = \prod_{i=0}^{L}\|F_i\|_F^2/n$:
//!   $m^{L+1}$ for DNC and $K_r^3 r^{L-1}/2$ for the B-chain.
//! - [`Construction::cost_f64`]: $C = \sum_b C_b$ — each block balanced separately, so cost
//!   constants add (module [`super`]).
//! - [`family_loss`]: $\ell(a) = \min_{x \ge 0} \varphi(x)$,
//!   $\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2} a x^{2/(L+1)}$, $a = cC$.
//!
//! ## Main results
//! - For $x > 0$, $\varphi'(x) = 0 \iff h(x) := (1-x)x^{\beta} = a$, $\beta = \frac{L-1}{L+1}$;
//!   $h$ rises on $[0, x^*]$ and falls on $[x^*, 1]$, $x^* = \frac{L-1}{2L}$, so the only
//!   candidate minimisers are $0$ and the root of $h = a$ in $[x^*, 1)$. [`family_loss`] solves
//!   for $y = 1 - x$ by bisection (full relative precision even when $a$ is tiny).
//!   Equivalently $(1-x)^{L+1}x^{L-1} = a^{L+1}$ — for DNC,
//!   $(1-x)^{L+1}x^{L-1} = K^{L+1}n\lambda_H\lambda_W^L$.
//! - [`dnc_zero_threshold`]: $0$ is optimal iff $a^{L+1} \ge (L-1)^{L-1}/L^{2L}$ (with
//!   $0^0 = 1$); at equality $x$ jumps from $(L-1)/L$ to $0$.
//! - $\ell$ is non-decreasing in $a$, strictly where its minimiser is positive: this turns
//!   every comparison of cost constants into a comparison of losses.
//!
//! ## References
//! - theory.md §2; Súkeník, Lampert, Mondelli (arXiv:2405.14468), Theorem 5 (B-chain on
//!   $T(r)$) and its proof.

use super::params::{MseError, MseParams};
use crate::kernel::power::RationalPower;
use crate::kernel::rational::{Q, Z, pow_u, q, qi};
use serde::Serialize;

/// Number of classes of the triangular graph $T(r)$: $r(r-1)/2$.
pub fn triangular_classes(r: u64) -> u64 {
    // r (r - 1) / 2 in u128 so that no r overflows; saturates above u64::MAX.
    let k = u128::from(r) * u128::from(r.saturating_sub(1)) / 2;
    u64::try_from(k).unwrap_or(u64::MAX)
}

/// The $r \ge 3$ with $r(r-1)/2 = K$, if any.
pub fn triangular_root(k: u64) -> Option<u64> {
    // r = (1 + sqrt(1 + 8K)) / 2, found by integer search around the float estimate.
    let est = ((1.0 + (1.0 + 8.0 * k as f64).sqrt()) / 2.0).round() as u64;
    (est.saturating_sub(2)..=est + 2).find(|&r| r >= 3 && triangular_classes(r) == k)
}

/// One block of a construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// Orthogonal-frame class means on `classes` classes (ReLU inactive).
    Dnc {
        /// Number of classes $m \ge 1$.
        classes: u64,
    },
    /// The B-chain on $T(r)$: $H_1 \propto B$, middle weights $\propto I_r$,
    /// $W_{L-1} \propto B^\top - \tfrac12 J$, $W_L \propto I$; needs $L \ge 2$, $r \ge 3$.
    Triangular {
        /// $r$; the block has $r(r-1)/2$ classes.
        r: u64,
    },
    /// The incidence chain of the Johnson scheme $J(r, t)$: classes are the $t$-subsets of
    /// $\{1..r\}$, $H_1 \propto B$ (the $r \times \binom rt$ incidence matrix), middle weights
    /// $\propto I_r$, $W_{L-1} \propto B^\top - \frac{t-1}{t}J$, so the last pre-activation is
    /// $B^\top B - (t-1)J$ (entries $|S \cap T| - (t-1)$, equal to 1 exactly on the diagonal)
    /// and $\sigma(B^\top B - (t-1)J) = I$. $t = 2$ is the B-chain on $T(r)$. Needs $L \ge 2$,
    /// $2 \le t < r$.
    Johnson {
        /// Ground-set size $r$.
        r: u64,
        /// Subset size $t$.
        t: u64,
    },
}

/// $\binom{r}{t}$, saturating at `u64::MAX`.
pub fn binomial(r: u64, t: u64) -> u64 {
    if t > r {
        return 0;
    }
    let t = t.min(r - t);
    let mut acc: u128 = 1;
    for i in 0..t {
        // acc * (r - i) / (i + 1) is an integer: acc = C(r, i)
        acc = acc * u128::from(r - i) / u128::from(i + 1);
        if acc > u128::from(u64::MAX) {
            return u64::MAX;
        }
    }
    acc as u64
}

impl Block {
    /// Classes covered by the block.
    pub fn classes(&self) -> u64 {
        match *self {
            Self::Dnc { classes } => classes,
            Self::Triangular { r } => triangular_classes(r),
            Self::Johnson { r, t } => binomial(r, t),
        }
    }

    /// $C^{L+1} = \prod_i \|F_i\|_F^2 / n$ (exact).
    // DNC: (m n) m^L / n = m^{L+1};  B-chain: (2K n) r^{L-2} (K r / 4) K / n = K^3 r^{L-1} / 2
    pub fn cost_power(&self, layers: u32) -> Q {
        match *self {
            Self::Dnc { classes } => pow_u(&qi(classes as i64), layers + 1),
            Self::Triangular { r } => {
                let k = qi(triangular_classes(r) as i64);
                pow_u(&k, 3) * pow_u(&qi(r as i64), layers - 1) * q(1, 2)
            }
            // (t K n) r^{L-2} K (1/t + (r-t)(t-1)^2/t^2) K / n
            Self::Johnson { r, t } => {
                let k = qi(binomial(r, t) as i64);
                let (r, t) = (qi(r as i64), qi(t as i64));
                let w = qi(1) / &t + (&r - &t) * pow_u(&(&t - qi(1)), 2) / pow_u(&t, 2);
                &t * pow_u(&k, 3) * pow_u(&r, layers - 2) * w
            }
        }
    }

    /// $C = (C^{L+1})^{1/(L+1)}$ as an exact [`RationalPower`].
    pub fn cost(&self, layers: u32) -> RationalPower {
        RationalPower::new(self.cost_power(layers), 1, layers + 1)
            .expect("cost powers are positive")
    }

    /// $C$ in `f64`.
    pub fn cost_f64(&self, layers: u32) -> f64 {
        match *self {
            Self::Dnc { classes } => classes as f64,
            Self::Triangular { r } => {
                let k = triangular_classes(r) as f64;
                let l = layers as f64;
                ((3.0 * k.ln() + (l - 1.0) * (r as f64).ln() - 2f64.ln()) / (l + 1.0)).exp()
            }
            Self::Johnson { r, t } => {
                let k = binomial(r, t) as f64;
                let (l, r, t) = (layers as f64, r as f64, t as f64);
                let w = 1.0 / t + (r - t) * (t - 1.0).powi(2) / (t * t);
                ((t.ln() + 3.0 * k.ln() + (l - 2.0) * r.ln() + w.ln()) / (l + 1.0)).exp()
            }
        }
    }
}

/// Blocks in orthogonal coordinates, covering all $K$ classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Construction {
    /// The blocks (empty blocks are not allowed).
    pub blocks: Vec<Block>,
}

/// The families the CLI knows.
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
                best_partition(k, l).blocks
            }
        };
        Ok(Construction { blocks })
    }
}

impl Construction {
    /// Total classes.
    pub fn classes(&self) -> u64 {
        self.blocks.iter().map(Block::classes).sum()
    }

    /// $C = \sum_b C_b$ in `f64`.
    pub fn cost_f64(&self, layers: u32) -> f64 {
        self.blocks.iter().map(|b| b.cost_f64(layers)).sum()
    }
}

/// Largest $K$ for which [`best_partition`] runs (its dynamic programme is
/// $O(K^{3/2})$ time and $O(K)$ memory).
pub const MAX_BEST_PARTITION_CLASSES: u64 = 100_000;

/// Cheapest partition of $K$ classes into $T(r)$ blocks ($r \ge 3$) and one DNC remainder,
/// by unbounded-knapsack dynamic programming on the `f64` cost constants (untrusted: the
/// result is a construction whose loss is then evaluated; exact comparisons are made by the
/// claims that need them). With $L = 1$ only DNC is available.
pub fn best_partition(k: u64, layers: u32) -> Construction {
    let k_us = k as usize;
    // best[j] = (cost, last block r or 0 for one DNC class)
    let mut best: Vec<(f64, u64)> = vec![(0.0, 0); k_us + 1];
    let chains: Vec<(u64, usize, f64)> = if layers >= 2 {
        (3..)
            .map(|r| (r, triangular_classes(r) as usize))
            .take_while(|&(_, kr)| kr <= k_us)
            .map(|(r, kr)| (r, kr, Block::Triangular { r }.cost_f64(layers)))
            .collect()
    } else {
        Vec::new()
    };
    for j in 1..=k_us {
        let mut cand = (best[j - 1].0 + 1.0, 0);
        for &(r, kr, c) in &chains {
            if kr <= j && best[j - kr].0 + c < cand.0 {
                cand = (best[j - kr].0 + c, r);
            }
        }
        best[j] = cand;
    }
    let mut blocks = Vec::new();
    let mut dnc = 0u64;
    let mut j = k_us;
    while j > 0 {
        match best[j].1 {
            0 => {
                dnc += 1;
                j -= 1;
            }
            r => {
                blocks.push(Block::Triangular { r });
                j -= triangular_classes(r) as usize;
            }
        }
    }
    blocks.sort_by_key(|b| std::cmp::Reverse(b.classes()));
    if dnc > 0 {
        blocks.push(Block::Dnc { classes: dnc });
    }
    Construction { blocks }
}

/// The optimum of a family: loss and output scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FamilyLoss {
    /// $\ell(a)$.
    pub loss: f64,
    /// The minimising output scale $x$ ($0$ when the zero solution is optimal).
    pub scale: f64,
    /// $1 - x$, computed directly (full relative precision when $x$ is close to 1).
    pub deficit: f64,
}

/// $\varphi(x) = \tfrac12(1-x)^2 + \tfrac{L+1}{2}a\,x^{2/(L+1)}$ at $x = 1 - y$.
fn phi_at_y(y: f64, a: f64, layers: u32) -> f64 {
    let m = layers as f64 + 1.0;
    0.5 * y * y + 0.5 * m * a * (1.0 - y).powf(2.0 / m)
}

/// $\ell(a) = \min_{x\ge0}\varphi(x)$ for $a = cC > 0$ (see the module docs). Ties between
/// the zero solution and a positive one are resolved to $x = 0$. `a` must be positive or
/// zero (a negative or `NaN` value panics: a programming error, never user input, since
/// parameters are validated by [`MseParams::new`]).
pub fn family_loss(a: f64, layers: u32) -> FamilyLoss {
    family_loss_ln(a.ln(), layers)
}

/// [`family_loss`] from $\ln a$, so that $a$ below or above the `f64` range is handled:
/// as $a \to 0^+$ the optimum tends to $x = 1$ with loss $\approx \frac{L+1}{2}a$, reported as
/// `0.0` once that underflows; as $a \to \infty$ the zero solution is optimal.
///
/// The positive root of $h(y) = y(1-y)^\beta = a$ ($y = 1 - x$) lies in
/// $[a,\ \min(y_{\max}, a(1-y_{\max})^{-\beta})]$ because $y(1-y_{\max})^\beta \le h(y) \le y$
/// on $[0, y_{\max}]$; that bracket spans at most a factor $2$, so bisection reaches full
/// relative precision in at most a hundred steps, for every $a$.
pub fn family_loss_ln(ln_a: f64, layers: u32) -> FamilyLoss {
    let zero = FamilyLoss {
        loss: 0.5,
        scale: 0.0,
        deficit: 1.0,
    };
    assert!(
        !ln_a.is_nan(),
        "family_loss: ln a is NaN (a must be a positive number)"
    );
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

/// The optimal loss of a construction at the given parameters.
pub fn construction_loss(p: &MseParams, c: &Construction) -> FamilyLoss {
    family_loss_ln(p.ln_c() + c.cost_f64(p.layers()).ln(), p.layers())
}

/// The loss of a construction when every block chooses its own output scale $x_b$:
/// $\sum_b \frac{K_b}{K}\,\ell\big(cK\,C_b/K_b\big)$, never above [`construction_loss`]
/// (which shares one scale, as theory.md's family definition does) and equal to it for one
/// block.
pub fn per_block_scales_loss(p: &MseParams, c: &Construction) -> f64 {
    let k = c.classes() as f64;
    c.blocks
        .iter()
        .map(|b| {
            let kb = b.classes() as f64;
            let ln_a = p.ln_c() + (k * b.cost_f64(p.layers()) / kb).ln();
            kb / k * family_loss_ln(ln_a, p.layers()).loss
        })
        .sum()
}

/// The right-hand side $T_L = (L-1)^{L-1}/L^{2L}$ of the zero-solution threshold
/// $a^{L+1} \ge T_L$ (with $0^0 = 1$).
pub fn zero_threshold_rhs(layers: u32) -> Q {
    let l = layers as i64;
    pow_u(&qi(l - 1), layers - 1) / pow_u(&qi(l), 2 * layers)
}

/// `true` iff DNC's optimum is the zero solution:
/// $K^{L+1} n\lambda_H\lambda_W^L \ge (L-1)^{L-1}/L^{2L}$ (exact).
pub fn dnc_zero_threshold(p: &MseParams) -> bool {
    let a_pow = pow_u(&Q::from_integer(Z::from(p.classes())), p.layers() + 1) * p.reg_product();
    a_pow >= zero_threshold_rhs(p.layers())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rational::parse_rational;
    use crate::numeric::q_to_f64;
    use std::cmp::Ordering;

    fn params(k: u64, l: u32, lam: &str, n: u64) -> MseParams {
        let lam = parse_rational(lam).unwrap();
        MseParams::new(k, l, lam.clone(), lam, n).unwrap()
    }

    #[test]
    fn reference_numbers_of_theory_md() {
        // r = 4, L = 4, λ = 1e-3, n = 1: ℓ_SRG = 0.0146335478 < ℓ_DNC = 0.0149819348.
        let p = params(6, 4, "1e-3", 1);
        let dnc = construction_loss(&p, &Family::Dnc.construction(&p).unwrap());
        let srg = construction_loss(&p, &Family::Srg.construction(&p).unwrap());
        assert!((dnc.loss - 0.0149819348).abs() < 5e-11, "{}", dnc.loss);
        assert!((srg.loss - 0.0146335478).abs() < 5e-11, "{}", srg.loss);
    }

    #[test]
    fn hand_computed_l1() {
        // L = 1: ℓ = a - a²/2 for a < 1, with a = c K, c = (n λ_H λ_W)^{1/2}.
        let p = params(2, 1, "1/16", 1); // c = 1/16, a = 1/8
        let f = construction_loss(&p, &Family::Dnc.construction(&p).unwrap());
        assert!((f.loss - (0.125 - 0.0078125)).abs() < 1e-15);
        assert!((f.scale - 0.875).abs() < 1e-15);
    }

    #[test]
    fn triangular_roots() {
        assert_eq!(triangular_root(6), Some(4));
        assert_eq!(triangular_root(3), Some(3));
        assert_eq!(triangular_root(990), Some(45));
        assert_eq!(triangular_root(7), None);
        assert_eq!(triangular_root(1), None);
    }

    #[test]
    fn cost_powers_closed_form() {
        // T(4), L = 4: 6^3 4^3 / 2 = 6912 < 7776 = 6^5.
        assert_eq!(Block::Triangular { r: 4 }.cost_power(4), qi(6912));
        assert_eq!(Block::Dnc { classes: 6 }.cost_power(4), qi(7776));
        assert_eq!(
            Block::Triangular { r: 4 }
                .cost(4)
                .cmp_value(&Block::Dnc { classes: 6 }.cost(4)),
            Ordering::Less
        );
        // L = 3: 6^3 4^2 / 2 = 1728 > 1296 = 6^4.
        assert_eq!(
            Block::Triangular { r: 4 }
                .cost(3)
                .cmp_value(&Block::Dnc { classes: 6 }.cost(3)),
            Ordering::Greater
        );
    }

    #[test]
    fn best_partition_uses_t4_from_four_layers() {
        let c = best_partition(6, 3);
        assert_eq!(c.blocks, vec![Block::Dnc { classes: 6 }]);
        let c = best_partition(6, 4);
        assert_eq!(c.blocks, vec![Block::Triangular { r: 4 }]);
        assert_eq!(best_partition(20, 6).classes(), 20);
        assert_eq!(best_partition(5, 1).blocks, vec![Block::Dnc { classes: 5 }]);
    }

    #[test]
    fn zero_threshold_matches_numerical_jump() {
        // At L = 4, K = 6 the threshold on n λ_H λ_W^4 is 3^3 / (4^8 6^5).
        for l in 2..7u32 {
            let t = q_to_f64(&zero_threshold_rhs(l));
            let below = family_loss(t.powf(1.0 / (l as f64 + 1.0)) * 0.999, l);
            let above = family_loss(t.powf(1.0 / (l as f64 + 1.0)) * 1.001, l);
            assert!(below.scale > 0.0 && above.scale == 0.0, "L = {l}");
            let x_jump = (l as f64 - 1.0) / l as f64;
            assert!(
                (below.scale - x_jump).abs() < 0.02,
                "L = {l}: {}",
                below.scale
            );
        }
    }
}
