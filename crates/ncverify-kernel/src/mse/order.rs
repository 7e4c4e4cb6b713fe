//! # Orderings of the MSE deep-UFM family cost constants
//!
//! The claims about the MSE deep UFM compare cost constants $C$ of the families of
//! [`crate::mse::family`] (explicit factors, closed forms) with DNC's: a family with smaller
//! $C$ has smaller optimal loss wherever DNC's optimal scale is positive, and one with larger
//! $C$ never beats DNC (the MSE module docs of `ncverify`). This module proves those
//! comparisons, at given parameters and for whole ranges of $r$ and $L$.
//!
//! ## Main definitions
//! - [`bchain_gap_poly`]: $g_L(r) = C_{\mathrm{DNC}}(K_r)^{L+1} - C_{T(r)}^{L+1} =
//!   K_r^{L+1} - K_r^3r^{L-1}/2 \in \mathbb Q\[r\]$, $K_r = r(r-1)/2$, from the closed forms.
//! - [`CostOrder`], [`BchainOrder`]: which ordering is asserted, and the answer.
//!
//! ## Main results
//! - [`decide_cost_lt`]: $C_a^{L+1} < C_b^{L+1}$ or $\ge$, both from explicit factors.
//! - [`prove_block_beats_dnc_from`]: a block on $K$ classes with $C^{L_0+1} < K^{L_0+1}$ whose
//!   cost grows by a factor $\rho < K$ per layer, $C^{L+2} = \rho\thinspace C^{L+1}$ (checked for
//!   $L = L_0..L_1$); then $C^{L+1} < K^{L+1}$ for every $L \ge L_0$ by induction.
//! - [`prove_blocks_cheaper_than_dnc`]: blocks side by side output $Y$ and have
//!   $\sum_b C_b < \sum_b K_b = K$, from $C_b \le K_b$ for every block and $<$ for one.
//! - [`decide_bchain_vs_dnc`]: the sign of $g_L$ at every integer $r \ge r_0$ (Sturm), with the
//!   first failing integer as an exact counterexample.
//! - [`prove_bchain_cheaper_from`]: the induction step in $L$,
//!   $g_{L+1} = K_r\thinspace g_L + (K_r - r)\thinspace C_{T(r)}^{L+1}$, as identities in $\mathbb Q\[r\]$ with
//!   $K_r,\ K_r - r,\ C_{T(r)}^{L+1} > 0$ on $\[r_0, \infty)$ (Sturm).
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468), Theorem 5 and its proof.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::integer::{IntegerPositivity, positive_on_integers_from};
use crate::arith::matrix::QMatrix;
use crate::arith::poly::{Bound, Positivity, QPoly};
use crate::arith::rational::pow_u;
use crate::fact::Fact;
use crate::mse::dufm::{DufmError, forward_exact, labels_exact};
use crate::mse::family::{
    Block, Factor, FamilyError, binomial_poly, block_diagonal, check_poly_layers,
    cost_power_checked, incidence_cost_poly, qu, to_usize, verify_chain,
};

/// The deepest $L$ that [`decide_bchain_vs_dnc`] and [`prove_bchain_cheaper_from`] accept: the
/// gap polynomial $g_L$ has degree $2L + 2$ and coefficients of about $L$ bits, and Sturm's
/// sequence of it costs a high power of both.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_ORDER_LAYERS: u32 = 64;

/// The largest $r_0$ that [`decide_bchain_vs_dnc`] accepts: it builds the explicit factors of
/// $T(r)$ ($\binom r2$ classes, about $\binom r2 r L$ entries) at $r = r_0..r_0 +$
/// [`TIE_SPAN`]` - 1`.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_ORDER_R0: u64 = 64;

/// `parameter: symbol = value, need ...` for an argument outside the domain.
fn argument(
    parameter: &'static str,
    symbol: &'static str,
    value: u64,
    need: String,
) -> FamilyError {
    FamilyError::Argument {
        parameter,
        symbol,
        value,
        need,
    }
}

/// Check $2 \le L \le$ [`MAX_ORDER_LAYERS`] and $3 \le r_0 \le$ [`MAX_ORDER_R0`], naming the
/// caller's argument (`layers` is `l0` for [`prove_bchain_cheaper_from`]).
fn check_order_arguments(
    layers: u32,
    layers_name: &'static str,
    layers_symbol: &'static str,
    r0: u64,
) -> Result<(), FamilyError> {
    if layers < 2 {
        return Err(argument(
            layers_name,
            layers_symbol,
            layers.into(),
            format!("{layers_symbol} >= 2 (the B-chain T(r) has depth L >= 2)"),
        ));
    }
    if layers > MAX_ORDER_LAYERS {
        return Err(argument(
            layers_name,
            layers_symbol,
            layers.into(),
            format!("{layers_symbol} <= {MAX_ORDER_LAYERS} (MAX_ORDER_LAYERS)"),
        ));
    }
    if r0 < 3 {
        return Err(argument(
            "r0",
            "r_0",
            r0,
            "r_0 >= 3 (T(r) needs r >= 3)".into(),
        ));
    }
    if r0 > MAX_ORDER_R0 {
        return Err(argument(
            "r0",
            "r_0",
            r0,
            format!("r_0 <= {MAX_ORDER_R0} (MAX_ORDER_R0)"),
        ));
    }
    Ok(())
}

/// How many integers $r \ge r_0$ [`decide_bchain_vs_dnc`] ties its polynomial to the explicit
/// factors at.
#[cfg_attr(doc, doc = katex!())]
pub const TIE_SPAN: u64 = 6;

/// Decide $C_a^{L+1} < C_b^{L+1}$, both from explicit factors (and equal to their closed forms):
/// `Ok` holds the fact $<$, `Err` the fact $\ge$.
///
/// # Errors
/// A [`FamilyError`] if a block is invalid or invalid at depth `layers`, too large to build
/// ([`crate::mse::family::MAX_FACTOR_ENTRIES`]), or (a kernel bug) its explicit factors
/// disagree with the closed form.
///
/// # Cost
/// The explicit unit factors of both blocks at $n = 1$ (about $KrL$ exact entries each) and
/// their Frobenius norms.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::order::decide_cost_lt;
/// let (t4, dnc6) = (Block::Triangular { r: 4 }, Block::Dnc { classes: 6 });
/// let fact = decide_cost_lt(&t4, &dnc6, 4)?.unwrap(); // 6912 < 7776 at L = 4
/// assert!(fact.to_string().contains("6912 < 7776"));
/// assert!(decide_cost_lt(&t4, &dnc6, 3)?.is_err()); // 1728 >= 1296 at L = 3
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
///
/// # Errors
/// Those of [`Block::cost_power`] for either block at `layers`.
///
/// # Cost
/// Two calls of [`Block::cost_power`] and one comparison.
#[cfg_attr(doc, doc = katex!())]
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
/// $L_0$; $C^{L+1} < K^{L+1}$ for $L = L_0..L_1$; $C^{L+2} = \rho\thinspace C^{L+1}$ for
/// $L = L_0..L_1 - 1$; $\rho < K$.
///
/// # Errors
/// [`FamilyError::Argument`] naming `l1` unless $L_1 > L_0$ (and within range); those of
/// [`verify_chain`] at $L_0$; [`FamilyError::NotCheaper`] or [`FamilyError::Ratio`] if the
/// mathematics fails for this block.
///
/// # Cost
/// $L_1 - L_0 + 1$ cost powers (each $O(L\log K)$ bits) and one exact forward pass at $L_0$.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::order::prove_block_beats_dnc_from;
/// let fact = prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 4, 8)?;
/// assert!(fact.to_string().contains("T(4)"));
/// // at L = 3 the triangular chain on 6 classes is not cheaper than DNC
/// assert!(prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 3, 8).is_err());
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
// C^{L+1} < K^{L+1} and C^{L+2} = ρ C^{L+1}, ρ < K  ⇒  C^{L+2} < ρ K^{L+1} < K^{L+2}
pub fn prove_block_beats_dnc_from(block: &Block, l0: u32, l1: u32) -> Result<Fact, FamilyError> {
    if l1 <= l0 {
        return Err(argument(
            "l1",
            "L_1",
            l1.into(),
            format!("L_1 > L_0 = {l0}"),
        ));
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
    let e = l0
        .checked_add(1)
        .ok_or(FamilyError::SizeOverflow { parameter: "l0" })?;
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

/// Prove that blocks side by side (block-diagonal, $K = \sum_b K_b$) are cheaper than DNC on all
/// $K$ classes when each block is balanced separately: the assembled unit factors output $Y$
/// exactly, and $C_b^{L+1} \le K_b^{L+1}$ for every block with $<$ for at least one, so
/// $\sum_b C_b < \sum_b K_b = K$.
///
/// # Errors
/// [`FamilyError::NoBlocks`] (parameter `blocks`) for an empty slice; those of
/// [`Block::unit_factors`] for a block invalid at `layers`; [`FamilyError::OutputNotLabels`] or
/// [`FamilyError::NotCheaper`] if the construction fails.
///
/// # Cost
/// An exact forward pass of the block-diagonal factors ($K = \sum_b K_b$ classes, $n = 1$).
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::family::Block;
/// use ncverify_kernel::mse::order::prove_blocks_cheaper_than_dnc;
/// let blocks = [Block::Triangular { r: 4 }, Block::Dnc { classes: 2 }];
/// let fact = prove_blocks_cheaper_than_dnc(&blocks, 4)?;
/// assert!(fact.to_string().contains("K = 8"));
/// assert_eq!(prove_blocks_cheaper_than_dnc(&[], 4).unwrap_err().parameter(), Some("blocks"));
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
// C_b <= K_b for all b, C_b < K_b for one  ⇒  Σ_b C_b < Σ_b K_b = K
pub fn prove_blocks_cheaper_than_dnc(blocks: &[Block], layers: u32) -> Result<Fact, FamilyError> {
    if blocks.is_empty() {
        // no classes: there is nothing to compare (and no factor to assemble)
        return Err(FamilyError::NoBlocks);
    }
    let per_block = blocks
        .iter()
        .map(|b| b.unit_factors(layers, 1))
        .collect::<Result<Vec<_>, _>>()?;
    let k = blocks.iter().try_fold(0u64, |acc, b| {
        acc.checked_add(b.classes()?)
            .ok_or(FamilyError::SizeOverflow {
                parameter: "blocks",
            })
    })?;
    let fs = block_diagonal(&per_block)?;
    let h = fs[0].to_matrix();
    let ws: Vec<QMatrix> = fs[1..].iter().map(Factor::to_matrix).collect();
    if forward_exact(&h, &ws).map_err(DufmError::from)? != labels_exact(to_usize(k, "blocks")?, 1)?
    {
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
///
/// # Errors
/// [`FamilyError::Argument`] naming `layers` unless $2 \le L \le$
/// [`MAX_POLY_LAYERS`](crate::mse::family::MAX_POLY_LAYERS).
///
/// # Cost
/// A power of a quadratic to exponent $L + 1$: degree $2L + 2$, $O(L^2)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::qi;
/// use ncverify_kernel::mse::order::bchain_gap_poly;
/// // g_4(4) = 6^5 - 6912 = 864 > 0: T(4) is cheaper than DNC(6) at L = 4
/// assert_eq!(bchain_gap_poly(4)?.eval(&qi(4)), qi(864));
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
// g_L(r) = C(r, 2)^{L+1} - P_2(r) r^{L-2}
pub fn bchain_gap_poly(layers: u32) -> Result<QPoly, FamilyError> {
    check_poly_layers(layers)?;
    let e = layers.checked_add(1).ok_or(FamilyError::SizeOverflow {
        parameter: "layers",
    })?;
    Ok(binomial_poly(2).pow(e) - incidence_cost_poly(2, layers)?)
}

/// Which ordering of $C_{T(r)}$ and $C_{\mathrm{DNC}}(K_r)$ a statement asserts.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostOrder {
    /// $C_{T(r)}^{L+1} < C_{\mathrm{DNC}}(K_r)^{L+1}$.
    ChainBelowDnc,
    /// $C_{T(r)}^{L+1} > C_{\mathrm{DNC}}(K_r)^{L+1}$.
    ChainAboveDnc,
}

/// The answer of [`decide_bchain_vs_dnc`].
#[cfg_attr(doc, doc = katex!())]
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
///
/// # Errors
/// [`FamilyError::Argument`] naming `layers` unless $2 \le L \le$ [`MAX_ORDER_LAYERS`], or `r0`
/// unless $3 \le r_0 \le$ [`MAX_ORDER_R0`]; [`FamilyError::ScanLimit`] if the integer scan after
/// Sturm gives up; [`FamilyError::ClosedFormMismatch`] or [`FamilyError::Inconsistent`] only for a
/// kernel bug.
///
/// # Cost
/// Sturm's sequence of a polynomial of degree $2L + 2$, plus the explicit factors of
/// [`TIE_SPAN`] chains $T(r)$ (about $r^3L/2$ exact entries each): milliseconds at $L = 3$,
/// seconds near the limits.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::order::{BchainOrder, CostOrder, decide_bchain_vs_dnc};
/// // At depth L = 3 the B-chain is never cheaper than DNC ...
/// let above = decide_bchain_vs_dnc(3, 3, CostOrder::ChainAboveDnc).unwrap();
/// assert!(matches!(above, BchainOrder::Holds { .. }));
/// // ... and the claim "cheaper from r = 4" fails at r = 4, with the exact costs.
/// let below = decide_bchain_vs_dnc(3, 4, CostOrder::ChainBelowDnc).unwrap();
/// assert!(matches!(below, BchainOrder::FailsAt { r: 4, .. }));
/// // A bad argument is named.
/// let e = decide_bchain_vs_dnc(0, 4, CostOrder::ChainBelowDnc).unwrap_err();
/// assert_eq!(e.parameter(), Some("layers"));
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn decide_bchain_vs_dnc(
    layers: u32,
    r0: u64,
    order: CostOrder,
) -> Result<BchainOrder, FamilyError> {
    check_order_arguments(layers, "layers", "L", r0)?;
    let gap = bchain_gap_poly(layers)?;
    let end = r0
        .checked_add(TIE_SPAN - 1)
        .ok_or(FamilyError::SizeOverflow { parameter: "r0" })?;
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
    let r0i = i64::try_from(r0).map_err(|_| FamilyError::SizeOverflow { parameter: "r0" })?;
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
            let r = u64::try_from(r).map_err(|_| FamilyError::SizeOverflow { parameter: "r0" })?;
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
/// step by the identity $g_{L+1} = K_r\thinspace g_L + (K_r - r)\thinspace C_{T(r)}^{L+1}$ in $\mathbb Q\[r\]$ with
/// $K_r$, $K_r - r$ and $C_{T(r)}^{L+1}$ positive on $[r_0, \infty)$ (Sturm).
///
/// # Errors
/// [`FamilyError::Argument`] naming `l0`, `l1` or `r0` outside their ranges (as
/// [`decide_bchain_vs_dnc`]); [`FamilyError::NotCheaperAt`], [`FamilyError::NotPositive`] or
/// [`FamilyError::StepIdentity`] if a step of the induction fails.
///
/// # Cost
/// One [`decide_bchain_vs_dnc`] at $L_0$, then per step one polynomial identity and three Sturm
/// sequences of degree $O(L)$: $O((L_1 - L_0)L_1^3)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::mse::order::prove_bchain_cheaper_from;
/// let fact = prove_bchain_cheaper_from(4, 6, 4)?;
/// assert!(fact.to_string().contains("r >= 4"));
/// assert_eq!(prove_bchain_cheaper_from(1, 6, 4).unwrap_err().parameter(), Some("l0"));
/// # Ok::<(), ncverify_kernel::mse::family::FamilyError>(())
/// ```
// C_T^{L+2} = r C_T^{L+1}, C_DNC^{L+2} = K C_DNC^{L+1}  ⇒  g_{L+1} = K g_L + (K - r) C_T^{L+1}
pub fn prove_bchain_cheaper_from(l0: u32, l1: u32, r0: u64) -> Result<Fact, FamilyError> {
    check_order_arguments(l0, "l0", "L_0", r0)?;
    if l1 <= l0 {
        return Err(argument(
            "l1",
            "L_1",
            l1.into(),
            format!("L_1 > L_0 = {l0}"),
        ));
    }
    if l1 > MAX_ORDER_LAYERS {
        return Err(argument(
            "l1",
            "L_1",
            l1.into(),
            format!("L_1 <= {MAX_ORDER_LAYERS} (MAX_ORDER_LAYERS)"),
        ));
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

    #[test]
    fn no_blocks_is_an_error_not_a_panic() {
        assert!(prove_blocks_cheaper_than_dnc(&[], 4).is_err());
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
        assert!(matches!(
            prove_block_beats_dnc_from(&Block::Triangular { r: 4 }, 4, 4),
            Err(FamilyError::Argument {
                parameter: "l1",
                ..
            })
        ));
    }
}
