//! # DNC and paired families of the deep linear CE UFM
//!
//! ## Main definitions
//! - [`Family::Dnc`]: $Z = \alpha\thinspace S \otimes 1_n^\top$, $S = I_K - J/K$.
//! - [`Family::Paired`]: $Z = \beta\thinspace P \otimes 1_n^\top$ with
//!   $P = I_m \otimes \big(\begin{smallmatrix}1&-1\cr-1&1\end{smallmatrix}\big)$ for $K = 2m$, and for
//!   $K = 2m+1$ one extra class whose row and column of $P$ are $e_K$ (logit $\beta$ on its
//!   own row, 0 elsewhere).
//! - [`CeUfm`]: the parameters $K$ (classes), $L$ (weight layers; $L+1$ factors
//!   $W_L \cdots W_1 H_1$), $\lambda$, $n$.
//!
//! ## Main results
//! Through the Schatten reduction ($L+1$ aligned balanced factors)
//! $\mathcal L(\alpha) = g(Z) + \frac{\lambda(L+1)}{2}\sum_i s_i(Z)^{2/(L+1)}$ with
//! - DNC: $g = \log(1 + (K-1)e^{-\alpha})$, $s = \alpha\sqrt n$ ($K-1$ times);
//! - paired: $g = \log(1 + e^{-2\beta} + (K-2)e^{-\beta})$, $s = 2\beta\sqrt n$ ($m$ times); for odd
//!   $K$ the extra column contributes $\log(1+(K-1)e^{-\beta})$ with weight $1/K$ and one more
//!   singular value $\beta\sqrt n$.
//!
//! "$L = 3$" counts weight layers: with $L+1 = 4$ factors the reference values
//! $K=4, L=3, \lambda=10^{-3}, n=1$: $\min \mathcal L_{DNC} = 0.0179748483$,
//! $\min \mathcal L_{paired} = 0.0165951760$ reproduce (with 3 factors they do not:
//! 0.0188949 and 0.0192415).
//!
//! Minimisation: $\mathcal L \ge \mathrm{reg}(\alpha) = C\alpha^{2/(L+1)}$ and
//! $\mathcal L(0) = \log K$, so every minimiser lies in $[0, \alpha_{\max}]$ with
//! $C\alpha_{\max}^{2/(L+1)} = \log K$. $C$ is computed directly (never as a difference of two
//! losses, which cancels for tiny $\lambda$). A scan of that bracket (uniform in
//! $t = \alpha^{2/(L+1)}$, and geometric from $\min(10^{-12}\alpha_{\max}, 10^{-12})$ with as many
//! points per decade at every $\lambda$) locates the basin, then golden-section search refines
//! it. If $C$ overflows, the minimum is $\log K$ at $\alpha = 0$; if $\alpha_{\max}$ overflows
//! ($\lambda$ below what `f64` resolves), [`CeUfm::minimise`] returns an error.
//!
//! The exact enclosures of these losses, and every decision taken from them, live in the
//! kernel (`ncverify_kernel::ce`); this module is the floating-point side.
//!
//! ## References
//! - C. Garrod, J. P. Keating, *The persistence of neural collapse despite low-rank bias*,
//!   Theorem 1 (arXiv:2410.23169) (reconstructed).
#![cfg_attr(doc, doc = katex!())]

use super::loss::{cross_entropy, cross_entropy_bits};
use crate::kernel::arith::interval::QInterval;
use crate::kernel::ce::{self as kce, CeFamily, CeParams, DEFAULT_MAX_BITS, singular_groups};
use crate::kernel::{Q, QMatrix};
use nalgebra::DMatrix;
use num_traits::ToPrimitive;
use serde::Serialize;
use std::fmt;

/// Parameters outside the model's domain, or a failed exact enclosure (the kernel's error).
pub use crate::kernel::ce::CeError;
// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use crate::kernel::ce::CeError as FamilyError;

/// A family of logit matrices parametrised by one scale.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Deep neural collapse: $Z = \alpha S \otimes 1_n^\top$.
    Dnc,
    /// Paired low rank: $Z = \beta P \otimes 1_n^\top$ (see module docs).
    Paired,
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Dnc => "dnc",
            Self::Paired => "paired",
        })
    }
}

/// The floating-point minimiser cannot represent the problem.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MinimiseError {
    /// $\lambda$ is so small that the scale bound $\alpha_{\max}$ overflows `f64`.
    ScaleBoundOverflow,
}

impl fmt::Display for MinimiseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ScaleBoundOverflow => write!(
                f,
                "lambda: too small for the f64 minimiser (the scale bound overflows)"
            ),
        }
    }
}

impl std::error::Error for MinimiseError {}

impl MinimiseError {
    /// The caller's argument the error concerns: `lambda` (the $\lambda$ of the
    /// [`CeParams`] minimised over).
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::ScaleBoundOverflow => "lambda",
        }
    }
}

impl Family {
    /// The kernel's name of this family.
    pub fn kernel(self) -> CeFamily {
        match self {
            Family::Dnc => CeFamily::Dnc,
            Family::Paired => CeFamily::Paired,
        }
    }

    /// $g(Z)$ at scale $a$ for $K$ classes (independent of $n$).
    pub fn fit(self, k: usize, a: f64) -> f64 {
        let kf = k as f64;
        let dnc = ((kf - 1.0) * (-a).exp()).ln_1p();
        match self {
            Family::Dnc => dnc,
            Family::Paired => {
                let pair = ((-2.0 * a).exp() + (kf - 2.0) * (-a).exp()).ln_1p();
                if k.is_multiple_of(2) {
                    pair
                } else {
                    ((kf - 1.0) * pair + dnc) / kf
                }
            }
        }
    }

    /// Singular values of $Z$ at scale $a \ge 0$, in decreasing order, zeros omitted.
    pub fn singular_values(self, k: usize, n: u64, a: f64) -> Vec<f64> {
        let root_n = (n as f64).sqrt();
        singular_groups(self.kernel(), k)
            .into_iter()
            .flat_map(|(count, c)| std::iter::repeat_n(f64::from(c) * a * root_n, count))
            .collect()
    }

    /// The explicit matrix $M$ with $Z = a\thinspace M \otimes 1_n^\top$ ($K \times K$), built by the
    /// kernel.
    pub fn pattern(self, k: usize) -> Result<QMatrix, CeError> {
        kce::pattern(self.kernel(), k)
    }

    /// The explicit logits $Z = a\thinspace M \otimes 1_n^\top$ and labels (column $c n + i$ has class $c$).
    pub fn matrix(self, k: usize, n: u64, a: &Q) -> Result<(QMatrix, Vec<usize>), CeError> {
        let m = self.pattern(k)?.scale(a);
        let n = usize::try_from(n).map_err(|_| CeError::SizeOverflow)?;
        let cols = k.checked_mul(n).ok_or(CeError::SizeOverflow)?;
        let z = QMatrix::from_fn(k, cols, |i, j| m.get(i, j / n).clone());
        Ok((z, (0..cols).map(|j| j / n).collect()))
    }

    /// The explicit logits in `f64`.
    pub fn matrix_f64(
        self,
        k: usize,
        n: u64,
        a: f64,
    ) -> Result<(DMatrix<f64>, Vec<usize>), CeError> {
        let m = self.pattern(k)?;
        let n = usize::try_from(n).map_err(|_| CeError::SizeOverflow)?;
        let cols = k.checked_mul(n).ok_or(CeError::SizeOverflow)?;
        let z = DMatrix::from_fn(k, cols, |i, j| {
            a * m.get(i, j / n).to_f64().unwrap_or(f64::NAN)
        });
        Ok((z, (0..cols).map(|j| j / n).collect()))
    }
}

/// The deep linear CE UFM with $L$ weight layers ($L+1$ factors); the parameters are
/// validated by the kernel.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeUfm {
    params: CeParams,
}

/// A minimum over the scale.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Minimum {
    /// The minimal loss.
    pub loss: f64,
    /// The minimising scale ($\alpha$ or $\beta$).
    pub scale: f64,
}

impl CeUfm {
    /// $K \ge 2$ classes, $L \ge 1$ layers, $\lambda > 0$, $n \ge 1$.
    pub fn new(classes: usize, layers: u32, lambda: Q, samples: u64) -> Result<Self, CeError> {
        Ok(Self {
            params: CeParams::new(classes, layers, lambda, samples)?,
        })
    }

    /// The kernel's parameters.
    pub fn params(&self) -> &CeParams {
        &self.params
    }

    /// $K$.
    pub fn classes(&self) -> usize {
        self.params.classes()
    }

    /// $L$.
    pub fn layers(&self) -> u32 {
        self.params.layers()
    }

    /// $\lambda$.
    pub fn lambda(&self) -> &Q {
        self.params.lambda()
    }

    /// $n$.
    pub fn samples(&self) -> u64 {
        self.params.samples()
    }

    /// $\lambda$ in `f64` ($+\infty$ beyond the largest `f64`, $0$ below the smallest).
    fn lambda_f64(&self) -> f64 {
        self.lambda().to_f64().unwrap_or(f64::INFINITY)
    }

    fn exponent(&self) -> f64 {
        2.0 / (f64::from(self.layers()) + 1.0)
    }

    /// $\frac{\lambda(L+1)}{2}\sum_i s_i^{2/(L+1)}$ for given singular values (0 for none, even
    /// when $\lambda$ overflows `f64`).
    pub fn regulariser_of(&self, singular_values: &[f64]) -> f64 {
        let p = self.exponent();
        let sum: f64 = singular_values.iter().map(|s| s.powf(p)).sum();
        if sum == 0.0 {
            return 0.0;
        }
        self.lambda_f64() * ((f64::from(self.layers()) + 1.0) / 2.0 * sum)
    }

    /// $C$ with $\mathrm{reg}(a) = C a^{2/(L+1)}$: $\frac{\lambda(L+1)}{2}\sum_{\text{groups}}
    /// \mathrm{count}\thinspace(c\sqrt n)^{2/(L+1)}$ (may be $+\infty$).
    pub fn regulariser_coefficient(&self, family: Family) -> f64 {
        let p = self.exponent();
        let root_n = (self.samples() as f64).sqrt();
        let sum: f64 = singular_groups(family.kernel(), self.classes())
            .into_iter()
            .map(|(count, c)| count as f64 * (f64::from(c) * root_n).powf(p))
            .sum();
        self.lambda_f64() * ((f64::from(self.layers()) + 1.0) / 2.0 * sum)
    }

    /// The family's loss at scale $a \ge 0$ through the Schatten reduction.
    pub fn loss(&self, family: Family, a: f64) -> f64 {
        // reg = C a^p, O(1) in K; exactly 0 at a = 0 (no singular values)
        let reg = if a == 0.0 {
            0.0
        } else {
            self.regulariser_coefficient(family) * a.powf(self.exponent())
        };
        family.fit(self.classes(), a) + reg
    }

    /// The same loss from the explicit matrix: $g$ by [`cross_entropy`], singular values by
    /// the checked [`crate::numeric::svd`]; singular values below `rank_tol` $\cdot s_{\max}$
    /// count as zero. An error (as text) if the matrix, the cross-entropy or the SVD fails.
    pub fn loss_explicit(&self, family: Family, a: f64, rank_tol: f64) -> Result<f64, String> {
        let (z, labels) = family
            .matrix_f64(self.classes(), self.samples(), a)
            .map_err(|e| e.to_string())?;
        let g = cross_entropy(&z, &labels).map_err(|e| format!("cross-entropy: {e:?}"))?;
        let sv = crate::numeric::svd(&z).map_err(|e| e.to_string())?.s;
        let smax = sv.iter().copied().fold(0.0, f64::max);
        let kept: Vec<f64> = sv
            .iter()
            .copied()
            .filter(|s| *s > rank_tol * smax)
            .collect();
        Ok(g + self.regulariser_of(&kept))
    }

    /// The kernel's enclosure of the reduced loss at a rational scale $a \ge 0$, of width at
    /// most `tol` (> 0); an error if the kernel cannot reach it (never a substituted value).
    pub fn loss_enclosure(&self, family: Family, a: &Q, tol: &Q) -> Result<QInterval, CeError> {
        kce::loss_within(&self.params, family.kernel(), a, tol, DEFAULT_MAX_BITS)
    }

    /// Enclosure of $g(Z)$ from the explicit rational matrix (for cross-checks).
    pub fn fit_explicit_bits(&self, family: Family, a: &Q, bits: u64) -> Option<QInterval> {
        let (z, labels) = family.matrix(self.classes(), self.samples(), a).ok()?;
        cross_entropy_bits(&z, &labels, bits)
    }

    /// $\alpha_{\max}$: the scale where the regulariser alone reaches $\log K = \mathcal L(0)$
    /// (0 if $C$ overflows, $+\infty$ if $C$ underflows).
    pub fn scale_bound(&self, family: Family) -> f64 {
        let c = self.regulariser_coefficient(family);
        ((self.classes() as f64).ln() / c).powf(1.0 / self.exponent())
    }

    /// The minimum over $a \ge 0$: a scan of $[0, \alpha_{\max}]$ on the union of a grid uniform in
    /// $t = a^{2/(L+1)}$ and a geometric grid (so that both scales near 0 and near $\alpha_{\max}$
    /// are resolved, at any $\lambda$), then golden section between the best point's
    /// neighbours. An error if $\alpha_{\max}$ overflows `f64`.
    pub fn minimise(&self, family: Family) -> Result<Minimum, MinimiseError> {
        const SCAN: usize = 2048;
        let p = self.exponent();
        let a_max = self.scale_bound(family);
        if !a_max.is_finite() {
            return Err(MinimiseError::ScaleBoundOverflow);
        }
        let f = |a: f64| self.loss(family, a);
        let zero = f(0.0);
        if a_max <= 0.0 {
            // C overflows: the regulariser exceeds log K at every representable a > 0
            return Ok(Minimum {
                loss: zero,
                scale: 0.0,
            });
        }
        let t_max = a_max.powf(p);
        // geometric part: from min(1e-12 a_max, 1e-12) to a_max, SCAN points per 12 decades
        let lo = (a_max * 1e-12).min(1e-12);
        let decades = (a_max / lo).log10();
        // decades <= ~(2 * 308 + 24) for finite a_max; a NaN or infinite count is capped too
        let blocks = (decades / 12.0).ceil();
        let blocks = if blocks.is_finite() {
            blocks.clamp(1.0, 64.0) as usize
        } else {
            64
        };
        let geo = SCAN * blocks;
        let mut grid: Vec<f64> = (0..=SCAN)
            .map(|i| (t_max * i as f64 / SCAN as f64).powf(1.0 / p))
            .chain((0..=geo).map(|i| lo * (a_max / lo).powf(i as f64 / geo as f64)))
            .filter(|a| a.is_finite())
            .collect();
        grid.sort_by(f64::total_cmp);
        let best = grid.iter().enumerate().map(|(i, &a)| (i, f(a))).fold(
            (0, f64::INFINITY),
            |b, (i, v)| if v < b.1 { (i, v) } else { b },
        );
        let last = grid.len().saturating_sub(1);
        let (mut lo, mut hi) = (grid[best.0.saturating_sub(1)], grid[(best.0 + 1).min(last)]);
        let g = (5f64.sqrt() - 1.0) / 2.0;
        for _ in 0..200 {
            let c = hi - g * (hi - lo);
            let d = lo + g * (hi - lo);
            if f(c) < f(d) {
                hi = d;
            } else {
                lo = c;
            }
        }
        let mid = (lo + hi) / 2.0;
        Ok(if zero <= f(mid) {
            Minimum {
                loss: zero,
                scale: 0.0,
            }
        } else {
            Minimum {
                loss: f(mid),
                scale: mid,
            }
        })
    }
}

/// The kernel's enclosure of the family's fit $g$ at a rational scale (see
/// `ncverify_kernel::ce::fit_bits`).
#[cfg_attr(doc, doc = katex!())]
pub fn fit_bits(family: Family, k: usize, a: &Q, bits: u64) -> Result<QInterval, CeError> {
    kce::fit_bits(family.kernel(), k, a, bits)
}
