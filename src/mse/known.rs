//! # Exact-output constructions that beat DNC for every regularisation strength
//!
//! ## Main definitions
//! - [`AllLambdaConstruction`]: one block $B$ whose explicit factors output $Y$ exactly on
//!   $K_B$ classes, the proved claim that decides it, and the least depth $L_0$ from which its
//!   cost constant is below DNC's, $C_B < K_B$ for every $L \ge L_0$.
//! - [`ALL_LAMBDA_CONSTRUCTIONS`]: the table of such blocks. The claim checkers
//!   (`mse.low_rank_beats_dnc`, `mse.johnson_chain_beats_dnc_at_three_layers`,
//!   `mse.kneser_chain_beats_dnc_at_three_layers`) and the phase
//!   diagram ([`crate::search::known`]) both read it, so a new construction is one entry here
//!   plus its claim.
//!
//! ## Main results
//! None here (a table). The argument, checked by each entry's claim: the block beside DNC on
//! the other $K - K_B$ classes outputs $Y$ with cost constant $C_B + (K - K_B) < K$, and a
//! family with $C' < K = C_{\mathrm{DNC}}$ has optimal loss
//! $\ell(C') < \ell(K)$ whenever DNC's optimal scale is nonzero (monotonicity, module
//! [`crate::mse`]). So the entry covers every $K \ge K_B$, $L \ge L_0$, $\lambda_W, \lambda_H > 0$
//! and $n \ge 1$ with DNC's optimum nonzero.
//!
//! ## References
//! - Súkeník, Lampert, Mondelli, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 (the $T(4)$ block,
//!   $K \ge 6$, $L \ge 4$).
//! - `proofs/mse.johnson_chain_beats_dnc_at_three_layers.md` (the $J(9,3)$ incidence chain,
//!   $K \ge 84$, $L \ge 3$).
//! - `proofs/mse.kneser_chain_beats_dnc_at_three_layers.md` (the Kneser chain on $J(5,2)$,
//!   $K \ge 10$, $L = 3$).
#![cfg_attr(doc, doc = katex!())]

use super::family::{Block, Construction};
use super::{MseError, MseParams};

/// A block that beats DNC for every $\lambda$ at the depths it covers (see the module docs).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct AllLambdaConstruction {
    /// The id of the proved claim that establishes it.
    pub claim: &'static str,
    /// The block (its explicit factors output $Y$ exactly).
    pub block: ExactBlock,
    /// The least depth $L_0$ the claim covers.
    pub min_layers: u32,
    /// The greatest depth the claim covers (`None`: every $L \ge L_0$).
    pub max_layers: Option<u32>,
}

/// The block of an [`AllLambdaConstruction`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ExactBlock {
    /// A block of the kernel's `mse_family` (cost constants from its closed forms).
    Family(Block),
    /// Another exact-output block, with its name, class count and `f64` cost constant
    /// $C_B$ at depth $L$ (`None` outside its depths); used only to illustrate ratios.
    Other {
        /// Display name.
        name: &'static str,
        /// $K_B$.
        classes: u64,
        /// $C_B$ at depth $L$.
        cost: fn(u32) -> Option<f64>,
    },
}

impl ExactBlock {
    /// $K_B$.
    pub fn classes(&self) -> Result<u64, MseError> {
        match self {
            Self::Family(b) => Ok(b.classes()?),
            Self::Other { classes, .. } => Ok(*classes),
        }
    }
}

impl std::fmt::Display for ExactBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Family(b) => write!(f, "{b}"),
            Self::Other { name, .. } => f.write_str(name),
        }
    }
}

/// Every known all-$\lambda$ construction, in the order the phase diagram prefers them.
#[cfg_attr(doc, doc = katex!())]
pub const ALL_LAMBDA_CONSTRUCTIONS: &[AllLambdaConstruction] = &[
    AllLambdaConstruction {
        claim: "mse.low_rank_beats_dnc",
        block: ExactBlock::Family(Block::Triangular { r: 4 }),
        min_layers: 4,
        max_layers: None,
    },
    AllLambdaConstruction {
        claim: "mse.kneser_chain_beats_dnc_at_three_layers",
        block: ExactBlock::Other {
            name: "Kneser J(5,2)",
            classes: 10,
            cost: kneser_cost,
        },
        min_layers: 3,
        max_layers: Some(3),
    },
    AllLambdaConstruction {
        claim: "mse.johnson_chain_beats_dnc_at_three_layers",
        block: ExactBlock::Family(Block::Johnson { r: 9, t: 3 }),
        min_layers: 3,
        max_layers: None,
    },
];

/// $C_B$ of the Kneser chain at $L = 3$ (the kernel's exact $C^4$, as `f64`, to the power 1/4).
fn kneser_cost(layers: u32) -> Option<f64> {
    if layers != 3 {
        return None;
    }
    let (c4, _) = crate::kernel::mse::kneser::verify_kneser_chain(1).ok()?;
    Some(crate::numeric::q_to_f64(&c4).powf(0.25))
}

/// The entry decided by claim `id`, if any.
pub fn construction_for_claim(id: &str) -> Option<&'static AllLambdaConstruction> {
    ALL_LAMBDA_CONSTRUCTIONS.iter().find(|c| c.claim == id)
}

impl AllLambdaConstruction {
    /// $K_B$, the block's class count.
    pub fn min_classes(&self) -> Result<u64, MseError> {
        self.block.classes()
    }

    /// `true` iff $(K, L)$ lies in the entry's domain: $K \ge K_B$ and $L \ge L_0$ (the
    /// statement also needs DNC's optimum to be nonzero; that is checked separately).
    pub fn covers(&self, classes: u64, layers: u32) -> bool {
        layers >= self.min_layers
            && self.max_layers.is_none_or(|m| layers <= m)
            && self.min_classes().is_ok_and(|kb| classes >= kb)
    }

    /// The `f64` optimal loss of the block beside DNC on the remaining classes (an
    /// illustration; an error if $K < K_B$ or the cost is unknown at this depth).
    pub fn loss_f64(&self, p: &MseParams) -> Result<f64, MseError> {
        match self.block {
            ExactBlock::Family(_) => {
                Ok(super::family::construction_loss(p, &self.construction(p)?)?.loss)
            }
            ExactBlock::Other { cost, classes, .. } => {
                let rest =
                    p.classes()
                        .checked_sub(classes)
                        .ok_or(MseError::FamilyNeedsClasses {
                            family: "all-lambda construction",
                            min: classes,
                        })?;
                let c = cost(p.layers()).ok_or(MseError::FamilyNeedsLayers {
                    family: "all-lambda construction",
                    min: self.min_layers,
                })?;
                Ok(super::family::family_loss(p.c_f64() * (c + rest as f64), p.layers())?.loss)
            }
        }
    }

    /// The block beside DNC on the remaining classes, at these parameters (an error if
    /// $K < K_B$ or the block is not a `mse_family` block).
    pub fn construction(&self, p: &MseParams) -> Result<Construction, MseError> {
        let ExactBlock::Family(block) = self.block else {
            return Err(MseError::NoBlocks);
        };
        let kb = self.min_classes()?;
        let rest = p
            .classes()
            .checked_sub(kb)
            .ok_or(MseError::FamilyNeedsClasses {
                family: "all-lambda construction",
                min: kb,
            })?;
        let mut blocks = vec![block];
        if rest > 0 {
            blocks.push(Block::Dnc { classes: rest });
        }
        Construction::new(blocks)
    }
}
