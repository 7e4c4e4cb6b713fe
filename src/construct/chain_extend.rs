//! # Chains extended in depth and in the number of classes (untrusted)
//!
//! Builds, from a committed exact-output chain (kernel type [`ChainFile`], `kind = "chain"`)
//! at $(K_0, L_0)$, a chain at $(K, L)$ with $K \ge K_0$ and $L \ge L_0$. Nothing here is
//! trusted: every chain built is handed to the kernel ([`ChainFile::verify`]), which checks
//! that it outputs $I_K$ exactly and that $C^{L+1} < K^{L+1}$.
//!
//! ## Main definitions
//! - [`extend_chain`]: the derived chain.
//!
//! ## Main results
//! (What the construction is designed to give; the kernel checks the result, not this.)
//! 1. *Depth.* A chain with output $I_{K_0}$ (non-negative) followed by one more factor
//!    $I_{K_0}$ outputs $I_{K_0}$ again, since $\sigma(I_{K_0}) = I_{K_0}$: the old last factor
//!    $F_{L_0}$ ($K_0\times d$) is padded with zero rows to $d \times d$ and the new last factor
//!    is $[I_{K_0}\ 0]$ ($K_0 \times d$; needs $d \ge K_0$). The product of squared norms is
//!    multiplied by $K_0$: $C^{L_0+2} = K_0\thinspace C^{L_0+1} < K_0^{L_0+2}$.
//! 2. *Classes.* The factors are first rescaled by positive rationals $s_i$ with
//!    $\prod_i s_i = 1$ exactly (the output is unchanged: ReLU is positively homogeneous), chosen
//!    so that every $\Vert s_iF_i\Vert_F^2$ is close to the geometric mean $C_0$ of the
//!    $\Vert F_i\Vert_F^2$; then each factor is put block-diagonally beside the identity
//!    $I_{K-K_0}$ (DNC on the other classes). Each factor's $\Vert\cdot\Vert_F^2$ becomes
//!    $\approx C_0 + (K - K_0)$, so $C \approx C_0 + (K-K_0) < K$ when $C_0 < K_0$.
//!
//! ## References
//! - docs/theory.md §3.2 (the family reduction, block additivity), §3.6b.
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, Z, parse_rational};
use crate::kernel::cert::chain::ChainFile;
use crate::kernel::cert::point::Witness;
use crate::numeric::q_to_f64;
use num_traits::{One, Zero};
use std::fmt;

/// The largest number of classes or layers [`extend_chain`] adds (keeps sizes small).
pub const MAX_EXTENSION: u64 = 64;

/// Why a chain could not be extended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtendError {
    /// `classes` is below the base chain's $K_0$ or more than [`MAX_EXTENSION`] above it.
    Classes(u64),
    /// `layers` is below the base chain's $L_0$ or more than [`MAX_EXTENSION`] above it.
    Layers(u32),
    /// The base chain's width is below $K_0$ (no room for the depth extension).
    Width(usize),
    /// The base chain's entries or shapes are malformed.
    Base(String),
}

impl fmt::Display for ExtendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Classes(k) => write!(f, "classes = {k}: outside K_0..=K_0 + {MAX_EXTENSION}"),
            Self::Layers(l) => write!(f, "layers = {l}: outside L_0..=L_0 + {MAX_EXTENSION}"),
            Self::Width(d) => write!(f, "base width {d} is below its K_0"),
            Self::Base(m) => write!(f, "base chain: {m}"),
        }
    }
}

impl std::error::Error for ExtendError {}

fn parse(name: &str, rows: &[Vec<String>]) -> Result<QMatrix, ExtendError> {
    let q: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|x| parse_rational(x).map_err(|e| ExtendError::Base(format!("{name}: {e}"))))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    QMatrix::from_rows(&q).map_err(|e| ExtendError::Base(format!("{name}: {e}")))
}

fn strings(m: &QMatrix) -> Vec<Vec<String>> {
    (0..m.rows())
        .map(|i| (0..m.cols()).map(|j| m.get(i, j).to_string()).collect())
        .collect()
}

/// `m` in the top-left corner of a `rows x cols` matrix, `I_extra` in the bottom-right corner
/// (its last `extra` rows and columns), zeros elsewhere.
fn beside_identity(m: &QMatrix, rows: usize, cols: usize, extra: usize) -> QMatrix {
    let (r0, c0) = (rows - extra, cols - extra);
    QMatrix::from_fn(rows, cols, |i, j| {
        if i < m.rows() && j < m.cols() {
            m.get(i, j).clone()
        } else if i >= r0 && j >= c0 && i - r0 == j - c0 {
            Q::one()
        } else {
            Q::zero()
        }
    })
}

/// The positive rational nearest to `x` with denominator $2^{12}$ (at least $2^{-12}$).
fn dyadic(x: f64) -> Q {
    let d: i64 = 1 << 12;
    let n = (x * d as f64).round().max(1.0) as i64;
    Q::new(Z::from(n), Z::from(d))
}

/// The chain at `(classes, layers)` derived from `base` (module docs): `layers - L_0` depth
/// extensions, then (if `classes > K_0`) balancing and the identity on `classes - K_0` further
/// classes. Deterministic. The result is *not* verified: pass it to [`ChainFile::verify`].
pub fn extend_chain(base: &ChainFile, classes: u64, layers: u32) -> Result<ChainFile, ExtendError> {
    let (k0, l0) = (base.classes, base.layers);
    if classes < k0 || classes - k0 > MAX_EXTENSION {
        return Err(ExtendError::Classes(classes));
    }
    if layers < l0 || u64::from(layers - l0) > MAX_EXTENSION {
        return Err(ExtendError::Layers(layers));
    }
    let k0u = usize::try_from(k0).map_err(|_| ExtendError::Classes(classes))?;
    let extra = usize::try_from(classes - k0).map_err(|_| ExtendError::Classes(classes))?;
    let h = parse("witness.h1", &base.witness.h1)?;
    let mut fs = vec![h];
    for (i, w) in base.witness.w.iter().enumerate() {
        fs.push(parse(&format!("witness.w[{i}]"), w)?);
    }
    let d = fs[0].rows();
    if fs.len() != base.witness.w.len() + 1 || base.witness.w.len() != l0 as usize {
        return Err(ExtendError::Base(format!(
            "{} factors for L = {l0}",
            fs.len()
        )));
    }
    // 1. depth: pad the last factor to d x d, append [I_K0 0]
    for _ in l0..layers {
        if d < k0u {
            return Err(ExtendError::Width(d));
        }
        let last = fs.pop().ok_or(ExtendError::Base("no factors".into()))?;
        fs.push(beside_identity(&last, d, d, 0));
        fs.push(QMatrix::from_fn(k0u, d, |i, j| {
            if i == j { Q::one() } else { Q::zero() }
        }));
    }
    // 2. classes: balance (positive rational scales with product exactly 1), then I_extra
    if extra > 0 {
        let norms: Vec<f64> = fs.iter().map(|f| q_to_f64(&f.frobenius_sq())).collect();
        if norms.iter().any(|a| !(a.is_finite() && *a > 0.0)) {
            return Err(ExtendError::Base("a factor with zero or huge norm".into()));
        }
        let g = (norms.iter().map(|a| a.ln()).sum::<f64>() / norms.len() as f64).exp();
        let n = fs.len();
        let mut scales: Vec<Q> = norms[..n - 1]
            .iter()
            .map(|a| dyadic((g / a).sqrt()))
            .collect();
        let prod = scales.iter().fold(Q::one(), |p, s| p * s);
        scales.push(Q::one() / prod);
        fs = fs.iter().zip(&scales).map(|(f, s)| f.scale(s)).collect();
        fs = fs
            .iter()
            .map(|f| {
                let (r, c) = (f.rows() + extra, f.cols() + extra);
                beside_identity(f, r, c, extra)
            })
            .collect();
    }
    let name = |k: u64, l: u32| format!("k{k}_l{l}_n1");
    Ok(ChainFile {
        kind: "chain".into(),
        classes,
        layers,
        provenance: format!(
            "derived (ncverify::construct::chain_extend) from the committed chain {}: {} more \
             layer(s) (factor I_{k0}), then {} further class(es) beside DNC after balancing",
            name(k0, l0),
            layers - l0,
            extra
        ),
        witness: Witness {
            h1: strings(&fs[0]),
            w: fs[1..].iter().map(strings).collect(),
        },
    })
}
