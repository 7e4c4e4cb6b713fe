//! # Exact-output constructions that beat DNC for every regularisation strength
//!
//! ## Main definitions
//! - [`AllLambdaConstruction`]: one block $B$ whose explicit factors output $Y$ exactly on
//!   $K_B$ classes, the proved claim that decides it, and the least depth $L_0$ from which its
//!   cost constant is below DNC's, $C_B < K_B$ for every $L \ge L_0$.
//! - [`ALL_LAMBDA_CONSTRUCTIONS`]: the table of such blocks. The claim checkers
//!   (`mse.low_rank_beats_dnc`, `mse.johnson_chain_beats_dnc_at_three_layers`) and the phase
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

use super::family::{Block, Construction};
use super::{MseError, MseParams};

/// A block that beats DNC for every $\lambda$ from a given depth on (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllLambdaConstruction {
    /// The id of the proved claim that establishes it.
    pub claim: &'static str,
    /// The block (its explicit factors output $Y$ exactly).
    pub block: Block,
    /// The least depth $L_0$: the claim proves $C_B < K_B$ for $L_0 \le L \le 12$ and the
    /// induction step beyond.
    pub min_layers: u32,
}

/// Every known all-$\lambda$ construction, in the order the phase diagram prefers them.
pub const ALL_LAMBDA_CONSTRUCTIONS: &[AllLambdaConstruction] = &[
    AllLambdaConstruction {
        claim: "mse.low_rank_beats_dnc",
        block: Block::Triangular { r: 4 },
        min_layers: 4,
    },
    AllLambdaConstruction {
        claim: "mse.johnson_chain_beats_dnc_at_three_layers",
        block: Block::Johnson { r: 9, t: 3 },
        min_layers: 3,
    },
];

/// The entry decided by claim `id`, if any.
pub fn construction_for_claim(id: &str) -> Option<&'static AllLambdaConstruction> {
    ALL_LAMBDA_CONSTRUCTIONS.iter().find(|c| c.claim == id)
}

impl AllLambdaConstruction {
    /// $K_B$, the block's class count.
    pub fn min_classes(&self) -> Result<u64, MseError> {
        Ok(self.block.classes()?)
    }

    /// `true` iff $(K, L)$ lies in the entry's domain: $K \ge K_B$ and $L \ge L_0$ (the
    /// statement also needs DNC's optimum to be nonzero; that is checked separately).
    pub fn covers(&self, classes: u64, layers: u32) -> bool {
        layers >= self.min_layers && self.min_classes().is_ok_and(|kb| classes >= kb)
    }

    /// The block beside DNC on the remaining classes, at these parameters (an error if
    /// $K < K_B$).
    pub fn construction(&self, p: &MseParams) -> Result<Construction, MseError> {
        let kb = self.min_classes()?;
        let rest = p
            .classes()
            .checked_sub(kb)
            .ok_or(MseError::FamilyNeedsClasses {
                family: "all-lambda construction",
                min: kb,
            })?;
        let mut blocks = vec![self.block];
        if rest > 0 {
            blocks.push(Block::Dnc { classes: rest });
        }
        Construction::new(blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::rational::q;
    use crate::mse::family::construction_loss;

    #[test]
    fn table_domains_and_constructions() {
        let t4 = construction_for_claim("mse.low_rank_beats_dnc").unwrap();
        assert!(t4.covers(6, 4) && !t4.covers(5, 4) && !t4.covers(30, 3));
        let j = construction_for_claim("mse.johnson_chain_beats_dnc_at_three_layers").unwrap();
        assert_eq!(j.min_classes().unwrap(), 84);
        assert!(j.covers(84, 3) && !j.covers(83, 3));
        // the construction fits K and beats DNC in f64 where DNC's optimum is nonzero
        let p = MseParams::new(90, 3, q(1, 10000), q(1, 10000), 1).unwrap();
        let c = j.construction(&p).unwrap();
        assert_eq!(c.classes(), 90);
        let dnc = Construction::new(vec![Block::Dnc { classes: 90 }]).unwrap();
        assert!(
            construction_loss(&p, &c).unwrap().loss < construction_loss(&p, &dnc).unwrap().loss
        );
        let small = MseParams::new(10, 3, q(1, 100), q(1, 100), 1).unwrap();
        assert!(j.construction(&small).is_err());
    }
}
