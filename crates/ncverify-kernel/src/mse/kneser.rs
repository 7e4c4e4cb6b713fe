//! # The Kneser chain: an exact-output family on 10 classes cheaper than DNC at three layers
//!
//! Classes are the ten 2-subsets of $\lbrace 0,\dots,4\rbrace$. In the Johnson scheme $J(5,2)$
//! let $A_1$ join two subsets that share one element (the triangular graph $T(5)$) and $A_2$
//! join disjoint subsets (the Petersen graph, the Kneser graph $K(5,2)$). The algebra spanned
//! by $I, A_1, A_2$ has the primitive idempotents $E_0 = J/10$,
//! $E_1 = \frac1{15}(6I + A_1 - 4A_2)$ (rank 4) and $E_2 = I - E_0 - E_1$ (rank 5); $A_2$ acts
//! on them as $3, -2, 1$ and $A_1$ as $6, 1, -2$.
//!
//! ## Main definitions
//! - [`kneser_chain_factors`]: the four factors at $L = 3$ (one sample per class repeated $n$
//!   times in $F_0$):
//!   $F_0 = (E_1 + \frac45E_0)\otimes\mathbf 1_n^\top$, $F_1 = -3E_1 + \frac52E_0$,
//!   $F_2 = -2A_1 + 5A_2$, $F_3 = (15I + A_1)^{-1} = \frac1{21}E_0 + \frac1{16}E_1 + \frac1{13}E_2$.
//!   Then $F_1F_0 = -3E_1 + 2E_0 = A_2 - I$, whose ReLU is the Petersen adjacency $A_2$ (the
//!   first ReLU is active: it removes the $-1$ diagonal); $F_2A_2 = 15I + A_1 - 4A_2$, whose
//!   ReLU is $15I + A_1$; and $F_3$ inverts it, so the output is $Y$.
//!
//! ## Main results
//! - [`verify_kneser_chain`]: the explicit factors output $Y = I_{10}\otimes\mathbf 1_n^\top$
//!   exactly and $C^4 = \prod_i\Vert F_i\Vert_F^2/n = 14448467/1568 < 10^4 = C_{\mathrm{DNC}}^4$
//!   (ratio $\approx 0.9215$), both computed here from the matrices.
//! - [`verify_kneser_beside_dnc`]: the chain beside DNC on $m$ further classes (block-diagonal
//!   factors) outputs $Y$ on $10 + m$ classes exactly.
//!
//! ## References
//! - P. Súkeník, C. Lampert, M. Mondelli, *Neural collapse versus low-rank bias: is deep
//!   neural collapse really optimal?*, NeurIPS 2024 (arXiv:2405.14468): the model and the
//!   statement that DNC is not optimal at $K \ge 10$, $L = 3$. This construction is ncverify's
//!   (found by a floating-point search inside the Bose–Mesner algebra of $J(5,2)$).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §12.4 (Johnson
//!   graphs), §9.1 (the Petersen graph).
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::{Q, q};
use crate::fact::Fact;
use crate::mse::dufm::{DufmError, forward_exact, labels_exact};
use crate::mse::family::{Block, Factor, FamilyError, block_diagonal, t_subsets};
use num_traits::{One, Zero};
use std::fmt;

/// Number of classes of the chain.
pub const KNESER_CLASSES: u64 = 10;

/// The depth $L$ the chain is built for.
#[cfg_attr(doc, doc = katex!())]
pub const KNESER_LAYERS: u32 = 3;

/// The largest $n$ (samples per class) [`kneser_chain_factors`] builds.
#[cfg_attr(doc, doc = katex!())]
pub const MAX_KNESER_SAMPLES: u64 = 1 << 16;

/// The largest number of DNC classes [`verify_kneser_beside_dnc`] places beside the chain.
pub const MAX_BESIDE: u64 = 256;

/// Why the chain cannot be built or a check failed.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KneserError {
    /// $n = 0$ or $n >$ [`MAX_KNESER_SAMPLES`].
    Samples(u64),
    /// $m = 0$ or $m >$ [`MAX_BESIDE`] DNC classes beside the chain.
    Beside(u64),
    /// Building the DNC block or the block-diagonal factors failed.
    Family(FamilyError),
    /// The exact forward pass failed.
    Dufm(DufmError),
    /// The factors do not output $Y$ on this many classes.
    OutputNotLabels {
        /// Classes.
        classes: u64,
    },
    /// $C^4 \ge 10^4$.
    NotCheaper {
        /// $C^4$ from the factors.
        cost: Box<Q>,
    },
}

impl fmt::Display for KneserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Samples(n) => write!(f, "n: n = {n}, need 1 <= n <= {MAX_KNESER_SAMPLES}"),
            Self::Beside(m) => write!(f, "m: m = {m} DNC classes, need 1 <= m <= {MAX_BESIDE}"),
            Self::Family(e) => write!(f, "{e}"),
            Self::Dufm(e) => write!(f, "{e}"),
            Self::OutputNotLabels { classes } => {
                write!(f, "the Kneser chain does not output Y on {classes} classes")
            }
            Self::NotCheaper { cost } => {
                write!(f, "the Kneser chain has C^4 = {cost} >= 10^4")
            }
        }
    }
}

impl std::error::Error for KneserError {}

impl KneserError {
    /// The caller's argument the error is about (`n` of [`kneser_chain_factors`] and
    /// [`verify_kneser_chain`], `m` of [`verify_kneser_beside_dnc`]), or `None` for a failed
    /// check of the construction.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::Samples(_) => Some("n"),
            Self::Beside(_) => Some("m"),
            Self::Family(_)
            | Self::Dufm(_)
            | Self::OutputNotLabels { .. }
            | Self::NotCheaper { .. } => None,
        }
    }
}

/// Coefficients of $I$, $A_1$ (share one element), $A_2$ (disjoint).
type Coeffs = [Q; 3];

fn add(a: &Coeffs, b: &Coeffs, sa: &Q, sb: &Q) -> Coeffs {
    [
        &a[0] * sa + &b[0] * sb,
        &a[1] * sa + &b[1] * sb,
        &a[2] * sa + &b[2] * sb,
    ]
}

// E_0 = J/10, E_1 = (6I + A_1 - 4A_2)/15, E_2 = I - E_0 - E_1, as coefficients of I, A_1, A_2
fn idempotents() -> [Coeffs; 3] {
    let e0 = [q(1, 10), q(1, 10), q(1, 10)];
    let e1 = [q(6, 15), q(1, 15), q(-4, 15)];
    let e2 = [
        Q::one() - &e0[0] - &e1[0],
        -(&e0[1] + &e1[1]),
        -(&e0[2] + &e1[2]),
    ];
    [e0, e1, e2]
}

/// The $10\times10n$ matrix with entry `c[rel(S, T)]` in row $S$, column block $T$ ($n$ copies).
fn in_algebra(c: &Coeffs, n: usize) -> Factor {
    let subsets = t_subsets(5, 2);
    let mut entries = Vec::new();
    for (i, s) in subsets.iter().enumerate() {
        for (j, t) in subsets.iter().enumerate() {
            let shared = s.iter().filter(|v| t.contains(v)).count();
            // shared = 2, 1, 0 ↦ I, A_1, A_2
            let v = &c[2 - shared];
            if !v.is_zero() {
                entries.extend((0..n).map(|k| (i, j * n + k, v.clone())));
            }
        }
    }
    Factor {
        rows: 10,
        cols: 10 * n,
        entries,
    }
}

/// The factors $F_0, F_1, F_2, F_3$ of the chain (module docs), $F_0$ with $n$ copies per class.
///
/// # Errors
/// [`KneserError::Samples`] (parameter `n`) unless $1 \le n \le$ [`MAX_KNESER_SAMPLES`].
///
/// # Cost
/// Four factors with $O(100n)$ stored entries.
#[cfg_attr(doc, doc = katex!())]
pub fn kneser_chain_factors(n: u64) -> Result<Vec<Factor>, KneserError> {
    if n == 0 || n > MAX_KNESER_SAMPLES {
        return Err(KneserError::Samples(n));
    }
    let nn = usize::try_from(n).map_err(|_| KneserError::Samples(n))?;
    let [e0, e1, e2] = idempotents();
    let zero = [Q::zero(), Q::zero(), Q::zero()];
    let f0 = add(&e1, &e0, &Q::one(), &q(4, 5));
    let f1 = add(&e1, &e0, &q(-3, 1), &q(5, 2));
    let f2 = [Q::zero(), q(-2, 1), q(5, 1)];
    let f3 = add(
        &add(&e0, &e1, &q(1, 21), &q(1, 16)),
        &add(&e2, &zero, &q(1, 13), &Q::zero()),
        &Q::one(),
        &Q::one(),
    );
    Ok(vec![
        in_algebra(&f0, nn),
        in_algebra(&f1, 1),
        in_algebra(&f2, 1),
        in_algebra(&f3, 1),
    ])
}

fn outputs_labels(fs: &[Factor], k: u64, n: u64) -> Result<(), KneserError> {
    let h = fs
        .first()
        .ok_or(KneserError::Family(FamilyError::NoBlocks))?
        .to_matrix();
    let ws: Vec<QMatrix> = fs[1..].iter().map(Factor::to_matrix).collect();
    let out = forward_exact(&h, &ws).map_err(|e| KneserError::Dufm(DufmError::from(e)))?;
    let size = |x: u64| usize::try_from(x).map_err(|_| KneserError::Samples(x));
    if out != labels_exact(size(k)?, size(n)?).map_err(KneserError::Dufm)? {
        return Err(KneserError::OutputNotLabels { classes: k });
    }
    Ok(())
}

/// Build the chain with $n$ samples per class, check that it outputs $Y$ exactly, compute
/// $C^4 = \prod_i\Vert F_i\Vert_F^2/n$ from the matrices and check $C^4 < 10^4$. Returns
/// $C^4$ and the fact.
///
/// # Errors
/// [`KneserError::Samples`] (parameter `n`) unless $1 \le n \le$ [`MAX_KNESER_SAMPLES`];
/// [`KneserError::OutputNotLabels`] or [`KneserError::NotCheaper`] if the construction fails.
///
/// # Cost
/// An exact forward pass on $10 \times 10n$ matrices: $O(10^3 n)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::arith::rational::q;
/// use ncverify_kernel::mse::kneser::verify_kneser_chain;
/// let (cost, _fact) = verify_kneser_chain(1)?;
/// assert_eq!(cost, q(14_448_467, 1568)); // C^4 < 10^4
///
/// # Ok::<(), ncverify_kernel::mse::kneser::KneserError>(())
/// ```
// F_3 σ(F_2 σ(F_1 F_0)) = I_10 ⊗ 1_n^T  and  Π_i ||F_i||^2 / n < 10^4
pub fn verify_kneser_chain(n: u64) -> Result<(Q, Fact), KneserError> {
    let fs = kneser_chain_factors(n)?;
    outputs_labels(&fs, KNESER_CLASSES, n)?;
    let cost = fs.iter().fold(Q::one(), |p, f| p * f.frobenius_sq()) / Q::from_integer(n.into());
    let dnc = Q::from_integer(10_000.into());
    if cost >= dnc {
        return Err(KneserError::NotCheaper {
            cost: Box::new(cost),
        });
    }
    let fact = Fact::new(format!(
        "Kneser chain on J(5,2) (K = 10), L = 3, n = {n}: the explicit factors F_0..F_3 output \
         Y = I_10 (x) 1_{n}^T exactly (first ReLU maps A_2 - I to the Petersen adjacency A_2, \
         second maps 15I + A_1 - 4A_2 to 15I + A_1), and C^4 = prod_i ||F_i||_F^2 / n = {cost} \
         < {dnc} = 10^4 = C_DNC(10)^4"
    ));
    Ok((cost, fact))
}

/// The chain beside DNC on `m` further classes (block-diagonal factors, $n = 1$) outputs
/// $Y = I_{10+m}$ exactly.
///
/// # Errors
/// [`KneserError::Beside`] (parameter `m`) unless $1 \le m \le$ [`MAX_BESIDE`]; the construction
/// errors of [`verify_kneser_chain`].
///
/// # Cost
/// An exact forward pass on $(10 + m)$-square matrices: $O((10 + m)^3)$ rational operations.
#[cfg_attr(doc, doc = katex!())]
pub fn verify_kneser_beside_dnc(m: u64) -> Result<Fact, KneserError> {
    if m == 0 || m > MAX_BESIDE {
        return Err(KneserError::Beside(m));
    }
    let dnc = Block::Dnc { classes: m }
        .unit_factors(KNESER_LAYERS, 1)
        .map_err(KneserError::Family)?;
    let fs = block_diagonal(&[kneser_chain_factors(1)?, dnc]).map_err(KneserError::Family)?;
    let k = KNESER_CLASSES + m;
    outputs_labels(&fs, k, 1)?;
    Ok(Fact::new(format!(
        "Kneser chain (10 classes) beside DNC({m}), L = 3, n = 1: the block-diagonal factors \
         output Y = I_{k} exactly"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(c: &Coeffs) -> QMatrix {
        in_algebra(c, 1).to_matrix()
    }

    /// The intermediate matrices are the ones the module docs name.
    #[test]
    fn pre_activations_are_as_documented() {
        let fs = kneser_chain_factors(1).unwrap();
        let m: Vec<QMatrix> = fs.iter().map(Factor::to_matrix).collect();
        let p1 = m[1].checked_mul(&m[0]).unwrap();
        let one = Q::one();
        assert_eq!(p1, matrix(&[-one.clone(), Q::zero(), one.clone()]));
        let a2 = matrix(&[Q::zero(), Q::zero(), one.clone()]);
        assert_eq!(p1.relu(), a2);
        let x = m[2].checked_mul(&a2).unwrap();
        assert_eq!(x, matrix(&[q(15, 1), one.clone(), q(-4, 1)]));
        let z = matrix(&[q(15, 1), one, Q::zero()]);
        assert_eq!(x.relu(), z);
        let id = QMatrix::from_int_fn(10, 10, |i, j| i64::from(i == j));
        assert_eq!(m[3].checked_mul(&z).unwrap(), id);
    }

    /// $C^4$ from the matrices equals the spectral formula: with $F_0 = aE_1 + bE_0$,
    /// $F_1F_0$ fixed, $\Vert F_2\Vert^2 = \sum_j m_j\theta_j(F_2)^2$ and
    /// $\Vert F_3\Vert^2 = \sum_j m_j/\theta_j(Z)^2$ (a second implementation).
    #[test]
    fn cost_matches_the_spectral_formula_for_every_n() {
        let (a2, b2) = (Q::one(), q(16, 25));
        let f0 = q(4, 1) * &a2 + &b2;
        let f1 = q(4, 1) * q(9, 1) / &a2 + q(4, 1) / &b2;
        // θ(F_2) = (3, -12, 9), multiplicities (1, 4, 5); θ(15I + A_1) = (21, 16, 13)
        let f2 = q(9, 1) + q(4 * 144, 1) + q(5 * 81, 1);
        let f3 = q(1, 441) + q(4, 256) + q(5, 169);
        let spectral = f0 * f1 * f2 * f3;
        assert_eq!(spectral, q(14_448_467, 1568));
        for n in [1, 2, 3] {
            let (cost, fact) = verify_kneser_chain(n).unwrap();
            assert_eq!(cost, spectral, "n = {n}");
            assert!(fact.to_string().contains("14448467/1568 < 10000"), "{fact}");
        }
    }

    #[test]
    fn beside_dnc_outputs_labels() {
        for m in [1, 3, 4] {
            let fact = verify_kneser_beside_dnc(m).unwrap();
            assert!(fact.to_string().contains(&format!("I_{}", 10 + m)));
        }
        assert_eq!(verify_kneser_beside_dnc(0), Err(KneserError::Beside(0)));
        assert_eq!(
            verify_kneser_beside_dnc(MAX_BESIDE + 1),
            Err(KneserError::Beside(MAX_BESIDE + 1))
        );
    }

    #[test]
    fn bad_sample_counts_are_refused() {
        assert_eq!(kneser_chain_factors(0), Err(KneserError::Samples(0)));
        assert_eq!(
            verify_kneser_chain(MAX_KNESER_SAMPLES + 1).map(|_| ()),
            Err(KneserError::Samples(MAX_KNESER_SAMPLES + 1))
        );
    }

    /// A tampered factor is caught: the output check and the cost are both from the matrices.
    #[test]
    fn tampered_factor_fails_the_output_check() {
        let mut fs = kneser_chain_factors(1).unwrap();
        fs[2].entries[0].2 += Q::one();
        assert_eq!(
            outputs_labels(&fs, 10, 1),
            Err(KneserError::OutputNotLabels { classes: 10 })
        );
    }
}
