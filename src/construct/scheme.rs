//! # The scheme-reduced MSE deep UFM
//!
//! ## Main definitions
//! - [`Scheme`]: a kernel-checked coherent configuration on $K$ points
//!   ([`crate::kernel::srg::scheme::CoherentConfiguration`]: relation matrices $A_0, \dots$ with
//!   exact intersection numbers; a commutative association scheme for $T(r)$, $J(r, t)$, the
//!   group schemes, the pairs and trivial schemes) together with a coefficient basis
//!   $B_j = \sum_{c \in S_j} A_c$ of its span (span$\lbrace I, A, J\rbrace$ for $T(r)$, the cells
//!   themselves otherwise). Products and entrywise functions stay in the span.
//! - [`SchemeModel`]: the DUFM restricted to $H_1 = M_0 \otimes \mathbf 1_n^\top$,
//!   $W_l = M_l$, every $M_l = \sum_j c_{l,j} B_j \in \mathbb R^{K\times K}$ (width $d = K$).
//!   Products and ReLU stay in the algebra, so the loss is a function of the coefficients
//!   $c_{l,j}$ alone (the MSE module docs, §1).
//!
//! ## Main results
//! - Chain rule: $\partial\mathcal L/\partial c_{l,j} = \langle \partial\mathcal L/\partial
//!   M_l, B_j\rangle_F$, with $\partial\mathcal L/\partial M_0 = \sum_{s}\partial\mathcal
//!   L/\partial H_1[:, \cdot\thinspace n + s]$ (tested against finite differences).
//! - [`SchemeModel::exact_matrices`]: the same matrices over $\mathbb Q$ from rational
//!   coefficients (the witness of a certificate).
//!
//! The relation matrices come from the kernel's one implementation of association schemes;
//! this module only proposes the cell labels (and the kernel checks them) and chooses the
//! coefficient basis. The floating-point arithmetic is the search's own.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §9.1 (strongly regular
//!   graphs) and §11 (association schemes, Bose–Mesner algebra).
//! - E. Bannai, T. Ito, *Algebraic Combinatorics I: Association Schemes*, 1984, §2.2.
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468 (K ≥ 10, L = 3 statement).
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::QMatrix;
use crate::kernel::arith::rational::{Q, Z};
use crate::kernel::srg::scheme::{CellPartition, CoherentConfiguration, SchemeError};
use crate::kernel::srg::{SrgError, triangular_configuration};
use crate::mse::explicit::mse_loss_grad_f64;
use nalgebra::DMatrix;
use std::fmt;
use std::sync::Arc;

/// Why a basis or a construction does not give a [`Scheme`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeBasisError {
    /// No points or no basis matrix.
    Empty,
    /// A basis matrix does not have $K^2$ entries.
    BasisSize {
        /// Index of the basis matrix.
        index: usize,
        /// Its number of entries.
        found: usize,
    },
    /// A basis matrix has an entry other than 0 or 1.
    NotBinary {
        /// Index of the basis matrix.
        index: usize,
    },
    /// An entry lies in no basis matrix, so the basis does not span $J$.
    NotCovering {
        /// Row.
        x: usize,
        /// Column.
        y: usize,
    },
    /// The kernel rejected the cells.
    Kernel(SchemeError),
    /// The triangular construction failed.
    Srg(SrgError),
}

impl fmt::Display for SchemeBasisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "scheme has no points or no basis matrix"),
            Self::BasisSize { index, found } => {
                write!(f, "basis matrix {index} has {found} entries, expected K^2")
            }
            Self::NotBinary { index } => write!(f, "basis matrix {index} is not 0/1"),
            Self::NotCovering { x, y } => write!(f, "entry ({x},{y}) is in no basis matrix"),
            Self::Kernel(e) => e.fmt(f),
            Self::Srg(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SchemeBasisError {}

impl SchemeBasisError {
    /// The caller's argument the error concerns: the scheme's `basis` matrices, or `r` of
    /// [`Scheme::try_triangular`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Srg(_) => "r",
            _ => "basis",
        }
    }
}

impl From<SchemeError> for SchemeBasisError {
    fn from(e: SchemeError) -> Self {
        Self::Kernel(e)
    }
}

/// A kernel-checked coherent configuration with a coefficient basis of its span.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Human-readable name, e.g. `T(5)`.
    pub name: String,
    configuration: Arc<CoherentConfiguration>,
    /// `basis[j][c]`: cell $c$ is a summand of $B_j$.
    basis: Vec<Vec<bool>>,
}

impl Scheme {
    /// The configuration with basis matrices $B_j = \sum_{c \in S_j} A_c$, `basis[j]` listing
    /// $S_j$.
    fn with_basis(name: String, configuration: CoherentConfiguration, basis: &[&[usize]]) -> Self {
        let m = configuration.cells();
        let basis = basis
            .iter()
            .map(|cells| (0..m).map(|c| cells.contains(&c)).collect())
            .collect();
        Self {
            name,
            configuration: Arc::new(configuration),
            basis,
        }
    }

    /// The cells `class(x, y) < classes` as a scheme whose basis is the cells themselves.
    pub fn from_classes(
        name: String,
        points: usize,
        classes: usize,
        class: impl Fn(usize, usize) -> usize,
    ) -> Result<Self, SchemeBasisError> {
        let partition = CellPartition::from_fn(points, classes, class)?;
        let configuration = CoherentConfiguration::new(partition)?;
        let cells: Vec<Vec<usize>> = (0..classes).map(|c| vec![c]).collect();
        let refs: Vec<&[usize]> = cells.iter().map(Vec::as_slice).collect();
        Ok(Self::with_basis(name, configuration, &refs))
    }

    /// The scheme spanned by arbitrary $0/1$ basis matrices (row-major, $K \times K$): the
    /// entries are grouped by their pattern $(B_0(x,y), B_1(x,y), \dots)$ into cells (in order
    /// of first appearance, row-major), which the kernel then checks.
    pub fn from_basis(
        name: String,
        points: usize,
        basis: &[Vec<i64>],
    ) -> Result<Self, SchemeBasisError> {
        if points == 0 || basis.is_empty() {
            return Err(SchemeBasisError::Empty);
        }
        let len = points
            .checked_mul(points)
            .ok_or(SchemeBasisError::Kernel(SchemeError::TooLarge { points }))?;
        for (index, b) in basis.iter().enumerate() {
            if b.len() != len {
                return Err(SchemeBasisError::BasisSize {
                    index,
                    found: b.len(),
                });
            }
            if b.iter().any(|&v| v != 0 && v != 1) {
                return Err(SchemeBasisError::NotBinary { index });
            }
        }
        let mut patterns: Vec<Vec<bool>> = Vec::new();
        let mut labels = Vec::with_capacity(len);
        for e in 0..len {
            let pat: Vec<bool> = basis.iter().map(|b| b[e] == 1).collect();
            if pat.iter().all(|&v| !v) {
                return Err(SchemeBasisError::NotCovering {
                    x: e / points,
                    y: e % points,
                });
            }
            labels.push(match patterns.iter().position(|p| *p == pat) {
                Some(i) => i,
                None => {
                    patterns.push(pat);
                    patterns.len() - 1
                }
            });
        }
        let partition = CellPartition::from_labels(points, patterns.len(), labels)?;
        let configuration = CoherentConfiguration::new(partition)?;
        let cells: Vec<Vec<usize>> = (0..basis.len())
            .map(|j| (0..patterns.len()).filter(|&c| patterns[c][j]).collect())
            .collect();
        let refs: Vec<&[usize]> = cells.iter().map(Vec::as_slice).collect();
        Ok(Self::with_basis(name, configuration, &refs))
    }

    /// span$\lbrace I, A, J\rbrace$ of the triangular graph $T(r)$, $K = r(r-1)/2$, on the kernel's
    /// cells $I, A, J - I - A$ ([`triangular_configuration`]).
    pub fn try_triangular(r: u64) -> Result<Self, SchemeBasisError> {
        let configuration = triangular_configuration(r).map_err(SchemeBasisError::Srg)?;
        Ok(Self::with_basis(
            format!("T({r})"),
            configuration,
            &[&[0], &[1], &[0, 1, 2]],
        ))
    }

    /// [`Scheme::try_triangular`].
    ///
    /// # Panics
    /// If $r < 4$ or $T(r)$ is too large to build.
    pub fn triangular(r: u64) -> Self {
        Self::try_triangular(r).unwrap_or_else(|e| panic!("T({r}): {e}"))
    }

    /// The Johnson scheme $J(r, t)$ on the $t$-subsets of $\lbrace0..r-1\rbrace$: cell $i$ relates two
    /// subsets meeting in $t - i$ points, $i = 0..t$ (cell 0 is $I$).
    ///
    /// # Panics
    /// Unless $1 \le t \le r/2$ and $r < 64$ (and the scheme fits in memory).
    pub fn johnson(r: usize, t: usize) -> Self {
        assert!(
            r < 64 && (1..=r / 2).contains(&t),
            "J({r},{t}) is not built here"
        );
        let subsets: Vec<u64> = (0u64..1 << r)
            .filter(|m| m.count_ones() as usize == t)
            .collect();
        let class = |x: usize, y: usize| t - (subsets[x] & subsets[y]).count_ones() as usize;
        Self::from_classes(format!("J({r},{t})"), subsets.len(), t + 1, class)
            .unwrap_or_else(|e| panic!("J({r},{t}): {e}"))
    }

    /// $T(r)$ on the first $K_r = r(r-1)/2$ points beside a DNC block on `extra` points: the
    /// coherent configuration with cells $I_b, A_b, (J-I-A)\_b, I_e, (J-I)\_e, J_{be}, J_{eb}$
    /// (without $(J-I)_e$ when `extra` is 1).
    ///
    /// # Panics
    /// If $r < 4$, `extra` is 0, or the scheme is too large.
    pub fn with_dnc_remainder(r: u64, extra: usize) -> Self {
        assert!(extra >= 1, "T({r})+DNC(0) has an empty block");
        let t = triangular_configuration(r).unwrap_or_else(|e| panic!("T({r}): {e}"));
        let m = t.points();
        let inner = t.partition().labels();
        let off = if extra > 1 { 5 } else { 4 };
        let class = |i: usize, j: usize| match (i < m, j < m) {
            (true, true) => inner[i * m + j],
            (false, false) if i == j => 3,
            (false, false) => 4,
            (true, false) => off,
            (false, true) => off + 1,
        };
        Self::from_classes(format!("T({r})+DNC({extra})"), m + extra, off + 2, class)
            .unwrap_or_else(|e| panic!("T({r})+DNC({extra}): {e}"))
    }

    /// The cyclic group scheme on $\mathbb Z_K$ (circulant matrices; the regular $K$-gon lives
    /// here): class of $(i, j)$ is $(j - i) \bmod K$.
    ///
    /// # Panics
    /// If $K = 0$ or the scheme is too large.
    pub fn cyclic(k: usize) -> Self {
        Self::from_classes(format!("cyclic({k})"), k, k, |i, j| (j + k - i) % k)
            .unwrap_or_else(|e| panic!("cyclic({k}): {e}"))
    }

    /// The group scheme of $\mathbb Z_2^p$ on $K = 2^p$ points (Sylvester–Hadamard
    /// diagonalises it): class of $(i, j)$ is $i \oplus j$.
    ///
    /// # Panics
    /// If the scheme is too large.
    pub fn z2(p: u32) -> Self {
        let k = 1usize << p;
        Self::from_classes(format!("Z2^{p}"), k, k, |i, j| i ^ j)
            .unwrap_or_else(|e| panic!("Z2^{p}: {e}"))
    }

    /// The group-divisible "pairs" scheme on $K = 2m$ points: $I$, the partner matrix
    /// ($i \oplus 1 = j$), and all other pairs.
    ///
    /// # Panics
    /// If $m < 2$ or the scheme is too large.
    pub fn pairs(m: usize) -> Self {
        Self::from_classes(format!("pairs({m})"), 2 * m, 3, |i, j| {
            if i == j {
                0
            } else if i ^ 1 == j {
                1
            } else {
                2
            }
        })
        .unwrap_or_else(|e| panic!("pairs({m}): {e}"))
    }

    /// The trivial scheme span$\lbrace I, J\rbrace$ on $K$ points (DNC lives here), on the cells $I$ and
    /// $J - I$ ($I$ alone when $K = 1$).
    ///
    /// # Panics
    /// If $K = 0$ or the scheme is too large.
    pub fn trivial(k: usize) -> Self {
        let classes = if k > 1 { 2 } else { 1 };
        let partition = CellPartition::from_fn(k, classes, |i, j| usize::from(i != j));
        let configuration = partition
            .and_then(CoherentConfiguration::new)
            .unwrap_or_else(|e| panic!("trivial({k}): {e}"));
        let j: &[usize] = if k > 1 { &[0, 1] } else { &[0] };
        Self::with_basis(format!("trivial({k})"), configuration, &[&[0], j])
    }

    /// Number of points $K$.
    pub fn points(&self) -> usize {
        self.configuration.points()
    }

    /// Number of basis matrices (coefficients per matrix).
    pub fn dim(&self) -> usize {
        self.basis.len()
    }

    /// The kernel-checked configuration (cells and exact intersection numbers).
    pub fn configuration(&self) -> &CoherentConfiguration {
        &self.configuration
    }

    /// The configuration, shared.
    pub fn shared_configuration(&self) -> Arc<CoherentConfiguration> {
        Arc::clone(&self.configuration)
    }

    /// $\sum_j c_j B_j$ in `f64`.
    pub fn combine_f64(&self, c: &[f64]) -> DMatrix<f64> {
        let k = self.points();
        let labels = self.configuration.partition().labels();
        DMatrix::from_fn(k, k, |i, j| {
            let cell = labels[i * k + j];
            self.basis
                .iter()
                .zip(c)
                .map(|(b, cj)| f64::from(u8::from(b[cell])) * cj)
                .sum()
        })
    }

    /// $\sum_j c_j B_j$ exactly.
    pub fn combine_exact(&self, c: &[Q]) -> QMatrix {
        let k = self.points();
        let labels = self.configuration.partition().labels();
        QMatrix::from_fn(k, k, |i, j| {
            let cell = labels[i * k + j];
            self.basis
                .iter()
                .zip(c)
                .filter(|(b, _)| b[cell])
                .fold(Q::from_integer(Z::from(0)), |s, (_, cj)| s + cj)
        })
    }

    /// $\langle G, B_j\rangle_F$ for every $j$.
    fn project(&self, g: &DMatrix<f64>) -> Vec<f64> {
        let k = self.points();
        let labels = self.configuration.partition().labels();
        self.basis
            .iter()
            .map(|b| {
                (0..k * k)
                    .filter(|x| b[labels[*x]])
                    .map(|x| g[(x / k, x % k)])
                    .sum()
            })
            .collect()
    }
}

/// The DUFM restricted to a scheme: $L + 1$ matrices, `scheme.dim()` coefficients each.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct SchemeModel<'a> {
    /// The scheme.
    pub scheme: &'a Scheme,
    /// $L$.
    pub layers: usize,
    /// $n$.
    pub samples: usize,
    /// $\lambda_W$.
    pub lambda_w: f64,
    /// $\lambda_H$.
    pub lambda_h: f64,
}

impl SchemeModel<'_> {
    /// Number of coefficients $(L+1)\cdot\lvert\text{basis}\rvert$.
    pub fn dim(&self) -> usize {
        (self.layers + 1) * self.scheme.dim()
    }

    /// $(H_1, [W_1..W_L])$ in `f64` from the coefficients (matrix-major).
    pub fn matrices_f64(&self, c: &[f64]) -> (DMatrix<f64>, Vec<DMatrix<f64>>) {
        let b = self.scheme.dim();
        let m0 = self.scheme.combine_f64(&c[..b]);
        let n = self.samples;
        let h = DMatrix::from_fn(m0.nrows(), m0.ncols() * n, |i, j| m0[(i, j / n)]);
        let ws = (1..=self.layers)
            .map(|l| self.scheme.combine_f64(&c[l * b..(l + 1) * b]))
            .collect();
        (h, ws)
    }

    /// The same matrices over $\mathbb Q$ from exact coefficients.
    pub fn exact_matrices(&self, c: &[Q]) -> (QMatrix, Vec<QMatrix>) {
        let b = self.scheme.dim();
        let m0 = self.scheme.combine_exact(&c[..b]);
        let n = self.samples;
        let h = QMatrix::from_fn(m0.rows(), m0.cols() * n, |i, j| m0.get(i, j / n).clone());
        let ws = (1..=self.layers)
            .map(|l| self.scheme.combine_exact(&c[l * b..(l + 1) * b]))
            .collect();
        (h, ws)
    }

    /// Loss and gradient with respect to the coefficients.
    pub fn loss_grad(&self, c: &[f64]) -> (f64, Vec<f64>) {
        let (h, ws) = self.matrices_f64(c);
        let k = self.scheme.points();
        let Ok((f, dh, dws)) =
            mse_loss_grad_f64(&h, &ws, k, self.samples, self.lambda_w, self.lambda_h)
        else {
            // shapes come from the scheme; a model error (none expected) reads as a NaN loss
            return (f64::NAN, vec![f64::NAN; c.len()]);
        };
        let n = self.samples;
        let dm0 = DMatrix::from_fn(k, k, |i, j| (0..n).map(|s| dh[(i, j * n + s)]).sum());
        let mut g = self.scheme.project(&dm0);
        for dw in &dws {
            g.extend(self.scheme.project(dw));
        }
        (f, g)
    }
}
