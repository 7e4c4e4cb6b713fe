//! # Gradient descent on the deep UFM inside an association-scheme algebra
//!
//! ## Main definitions
//! - [`SchemeAlgebra`]: the cells $A_0, \dots, A_s$ (0/1 matrices with disjoint supports) of
//!   a [`Scheme`]'s kernel-checked configuration, with its exact intersection numbers
//!   $p_{ij}^k$, cell sizes $|A_j|$ and transpose map $A_j^\top = A_{\tau(j)}$
//!   ([`crate::kernel::srg::scheme::CoherentConfiguration`]) converted once to `f64`.
//! - [`SchemeTrainer`]: full-batch GD on the DUFM (MSE or cross-entropy, `f64` or `f32`) with
//!   $n = 1$, width $d = K$, in coefficient coordinates: $H_1 = \sum_j h_j A_j$,
//!   $W_l = \sum_j w_{l,j} A_j$.
//!
//! ## Main results
//! Let the cells partition the support of the algebra, with $A_i A_j = \sum_k p_{ij}^k A_k$ and
//! $A_j^\top = A_{\tau(j)}$ (checked entry by entry by the kernel when the scheme is built). For
//! $X = \sum_j x_j A_j$, $Y = \sum_j y_j A_j$:
//! - product: $(XY)\_k = \sum_{i,j} x_i y_j\thinspace p_{ij}^k$ ($O(s^3)$, independent of $K$);
//! - entrywise maps act cellwise, since the cells partition the entries:
//!   $\sigma(X) = \sum_j \sigma(x_j) A_j$, and $X \odot Y = \sum_j x_j y_j A_j$;
//! - $\langle X, Y\rangle_F = \sum_j x_j y_j |A_j|$, $\Vert X\Vert_F^2 = \sum_j x_j^2 |A_j|$.
//!
//! The full trainer's backward pass (`train::trainer`) uses only these operations and
//! $Y = I = \sum_{j \in D} A_j$ ($D$ the diagonal cells):
//! $\delta Z = (Z - I)/K$ (MSE) or $\delta Z = (\operatorname{softmax}(Z) - I)/K$ (CE), $\nabla W_l = \delta G_l H_l^\top + \lambda_W W_l$,
//! $\delta H_l = W_l^\top \delta G_l$, $\delta G_{l-1} = \delta H_l \odot \mathbb{1}\lbrace G_{l-1} > 0\rbrace$,
//! $\nabla H_1 = \delta H_1 + \lambda_H H_1$. Hence every full-space gradient lies in the
//! algebra, GD $M \leftarrow M - \eta \nabla M$ never leaves it, and running the same recursion
//! on coefficients is the full step exactly. Equivalently, the full gradient has coefficients
//! $g_j = (\partial \mathcal L / \partial c_j) / |A_j|$, because
//! $\partial \mathcal L/\partial c_j = \langle \nabla M, A_j\rangle_F = g_j |A_j|$.
//! The ReLU mask $\mathbb{1}\lbrace G > 0\rbrace$ is read cellwise, $\mathbb{1}\lbrace g_j > 0\rbrace$, as in the full
//! trainer.
//! Cross-entropy: each cell $A_j$ lies in the columns of one fiber $f(j)$ (a diagonal cell) and
//! has $c_j = p_{\tau(j) j}^{f(j)}$ ones in each of them, so a column of $Z$ in fiber $F$ has
//! the value $z_j$ exactly $c_j$ times for each $j$ with $f(j) = F$; with
//! $s_F = \sum_{f(j) = F} c_j e^{z_j - m_F}$ ($m_F$ the largest such $z_j$) the column softmax
//! is $\sum_j (e^{z_j - m_{f(j)}}/s_{f(j)}) A_j$, again in the algebra, and
//! $g(Z) = \frac1K\sum_F |A_F|\thinspace(\log s_F + m_F - z_F)$.
//! One step costs $O(L s^3)$ against the full trainer's $O(L K^3)$; the tests match the
//! full trainer step by step (50 steps, $10^{-10}$ relative, MSE and CE), the CE loss against
//! its closed form on the trivial scheme, and the `f32` loss against the `f64` one within a
//! derived rounding-error bound (Higham's $\gamma_n$ carried through the products).
//!
//! ## References
//! - E. Bannai, T. Ito, *Algebraic Combinatorics I: Association Schemes*, Benjamin/Cummings
//!   1984, §2.2 (intersection numbers, Bose–Mesner algebra).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, ch. 9 (strongly
//!   regular graphs) and §11.1 (association schemes).
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468 (the scheme reduction of the MSE deep UFM).
//! - N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM 2002, §3.1
//!   (the rounding-error bound $\gamma_n$ used in the `f32` test).
#![cfg_attr(doc, doc = katex!())]

use super::model::{Activation, Dufm, Loss, ModelError, Params};
use super::real::Real;
use super::trainer::LossParts;
use crate::construct::scheme::Scheme;
use crate::kernel::srg::scheme::CoherentConfiguration;
use nalgebra::DMatrix;
use std::fmt;
use std::sync::Arc;

/// The cells of a scheme's algebra with their structure constants as `f64`.
///
/// The structure constants are the kernel's exact ones
/// ([`CoherentConfiguration::intersection_numbers`], sizes, transposes), converted once
/// (integers below $2^{53}$ convert exactly); nothing is recomputed here.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeAlgebra {
    configuration: Arc<CoherentConfiguration>,
    /// $|A_j|$.
    sizes: Vec<f64>,
    /// $\tau$: $A_j^\top = A_{\tau(j)}$.
    transpose: Vec<usize>,
    /// $p_{ij}^k$ at `(i * m + j) * m + k`.
    p: Vec<f64>,
    /// Coefficients of $I$.
    identity: Vec<f64>,
}

impl SchemeAlgebra {
    /// The algebra of `scheme`'s cells (for $T(r)$: $I$, $A$, $J - I - A$), with the structure
    /// constants the kernel computed when the scheme was built.
    pub fn new(scheme: &Scheme) -> Self {
        Self::from_configuration(scheme.shared_configuration())
    }

    /// The algebra of a kernel-checked configuration.
    pub fn from_configuration(configuration: Arc<CoherentConfiguration>) -> Self {
        // counts of entries: exact in f64 below 2^53
        let to_f64 = |x: &u64| *x as f64;
        let sizes = configuration.sizes().iter().map(to_f64).collect();
        let p = configuration
            .intersection_numbers()
            .iter()
            .map(to_f64)
            .collect();
        let identity = configuration
            .diagonal()
            .iter()
            .map(|&d| f64::from(u8::from(d)))
            .collect();
        let transpose = configuration.transposes().to_vec();
        Self {
            configuration,
            sizes,
            transpose,
            p,
            identity,
        }
    }

    /// Number of points $K$.
    pub fn points(&self) -> usize {
        self.configuration.points()
    }

    /// Number of cells $m = s + 1$.
    pub fn dim(&self) -> usize {
        self.sizes.len()
    }

    /// Cell sizes $|A_j|$ (number of ones).
    pub fn sizes(&self) -> &[f64] {
        &self.sizes
    }

    /// The intersection number $p_{ij}^k$: $A_i A_j = \sum_k p_{ij}^k A_k$.
    pub fn intersection(&self, i: usize, j: usize, k: usize) -> f64 {
        let m = self.dim();
        self.p[(i * m + j) * m + k]
    }

    /// $\tau(j)$ with $A_j^\top = A_{\tau(j)}$.
    pub fn transpose_of(&self, j: usize) -> usize {
        self.transpose[j]
    }

    /// Coefficients of the identity $I$.
    pub fn identity(&self) -> &[f64] {
        &self.identity
    }

    /// Whether $A_i A_j = A_j A_i$ for all cells (a commutative association scheme; not
    /// needed by the trainer, which only uses closure), as decided by the kernel.
    pub fn is_commutative(&self) -> bool {
        self.configuration.is_commutative()
    }

    /// $\sum_j c_j A_j$ as a dense $K \times K$ matrix.
    pub fn expand<T: Real>(&self, c: &[T]) -> DMatrix<T> {
        let k = self.points();
        let labels = self.configuration.partition().labels();
        DMatrix::from_fn(k, k, |x, y| c[labels[x * k + y]])
    }

    /// $\langle X, Y \rangle_F = \sum_j x_j y_j |A_j|$.
    pub fn inner<T: Real>(&self, x: &[T], y: &[T]) -> T {
        x.iter()
            .zip(y)
            .zip(&self.sizes)
            .fold(T::zero(), |acc, ((&a, &b), &s)| acc + a * b * T::of(s))
    }

    /// `out` $= \mathrm{op}(X)\thinspace\mathrm{op}(Y)$ with $\mathrm{op}$ the transpose where flagged:
    /// $(XY)\_k = \sum_{i,j} x_i y_j p_{ij}^k$.
    /// In float type `T`, the intersection numbers rounded to `T` (exact in `f32` below
    /// $2^{24}$).
    pub fn mul_into<T: Real>(&self, x: &[T], xt: bool, y: &[T], yt: bool, out: &mut [T]) {
        let m = self.dim();
        let zero = T::zero();
        out.iter_mut().for_each(|o| *o = zero);
        for i in 0..m {
            let xi = x[if xt { self.transpose[i] } else { i }];
            if xi == zero {
                continue;
            }
            for j in 0..m {
                let xy = xi * y[if yt { self.transpose[j] } else { j }];
                let row = &self.p[(i * m + j) * m..(i * m + j + 1) * m];
                for (o, &pk) in out.iter_mut().zip(row) {
                    *o += xy * T::of(pk);
                }
            }
        }
    }

    /// For each cell $A_j$, its column fiber $f(j)$ (the diagonal cell with
    /// $A_j A_{f(j)} = A_j$, i.e. $p_{j f(j)}^{j} = 1$) and the number of ones of $A_j$ in each
    /// column of that fiber, $c_j = p_{\tau(j) j}^{f(j)}$ (the diagonal of $A_j^\top A_j$); `None`
    /// if some cell has no such diagonal cell (impossible in a coherent configuration).
    pub fn column_fibers(&self) -> Option<(Vec<usize>, Vec<f64>)> {
        let m = self.dim();
        let mut fiber = Vec::with_capacity(m);
        let mut count = Vec::with_capacity(m);
        for j in 0..m {
            let f =
                (0..m).find(|&k| self.identity[k] == 1.0 && self.intersection(j, k, j) == 1.0)?;
            fiber.push(f);
            count.push(self.intersection(self.transpose[j], j, f));
        }
        Some((fiber, count))
    }
}

/// A trainer state or model that [`SchemeTrainer`] cannot run.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SchemeTrainerError {
    /// The model is invalid.
    Model(ModelError),
    /// The model does not have $n = 1$ and $d = K$ = the scheme's points.
    Unsupported {
        /// What differs.
        reason: &'static str,
    },
    /// Wrong number of coefficient vectors or of coefficients in one.
    Coefficients {
        /// Which parameter (`H1`, `W3`, ...).
        param: String,
        /// Expected length.
        expected: usize,
        /// Found length.
        found: usize,
    },
}

impl fmt::Display for SchemeTrainerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Model(e) => e.fmt(f),
            Self::Unsupported { reason } => write!(f, "scheme trainer needs {reason}"),
            Self::Coefficients {
                param,
                expected,
                found,
            } => write!(f, "{param} has {found} coefficients, expected {expected}"),
        }
    }
}

impl std::error::Error for SchemeTrainerError {}

impl SchemeTrainerError {
    /// The caller's argument the error concerns: the `model` (an unsupported setting), the
    /// coefficient vector named in the variant, or what the [`ModelError`] names.
    pub fn parameter(&self) -> &str {
        match self {
            Self::Model(e) => e.parameter(),
            Self::Unsupported { .. } => "model",
            Self::Coefficients { param, .. } => param,
        }
    }
}

impl From<ModelError> for SchemeTrainerError {
    fn from(e: ModelError) -> Self {
        Self::Model(e)
    }
}

/// Full-batch GD on the DUFM ($n = 1$, $d = K$; MSE or CE) in the coefficients of a
/// [`SchemeAlgebra`], in float type `T`; [`SchemeTrainer::step`] equals `Trainer::step` on the
/// expanded matrices.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct SchemeTrainer<T: Real = f64> {
    algebra: SchemeAlgebra,
    model: Dufm,
    lr: T,
    /// Coefficients of $H_1, W_1, \dots, W_L$.
    coeffs: Vec<Vec<T>>,
    /// $H_2, \dots, H_L$.
    hs: Vec<Vec<T>>,
    z: Vec<T>,
    dz: Vec<T>,
    dh: Vec<T>,
    dh2: Vec<T>,
    g: Vec<T>,
    /// $|A_j|$, the coefficients of $I$, and the column counts $c_j$ in `T`.
    sizes: Vec<T>,
    identity: Vec<T>,
    column_count: Vec<T>,
    /// Column fiber of each cell (see [`SchemeAlgebra::column_fibers`]).
    fiber: Vec<usize>,
}

impl<T: Real> SchemeTrainer<T> {
    /// A trainer for `model` ($n = 1$, $d = K$, MSE or CE) at step size `lr`, starting from the
    /// coefficient vectors of $H_1, W_1, \dots, W_L$.
    pub fn new(
        algebra: SchemeAlgebra,
        model: Dufm,
        lr: f64,
        coeffs: Vec<Vec<T>>,
    ) -> Result<Self, SchemeTrainerError> {
        model.validate()?;
        let unsupported = |reason| Err(SchemeTrainerError::Unsupported { reason });
        let lr_t = T::of(lr).to_f64();
        if !(lr_t.is_finite() && lr_t > 0.0) {
            return Err(ModelError::BadStepSize { value: lr }.into());
        }
        if model.samples != 1 {
            return unsupported("samples = 1");
        }
        if model.classes != algebra.points() || model.width != algebra.points() {
            return unsupported("classes = width = the scheme's points");
        }
        let Some((fiber, count)) = algebra.column_fibers() else {
            return unsupported("a coherent configuration (each cell in one column fiber)");
        };
        if coeffs.len() != model.layers + 1 {
            return Err(ModelError::LayerCount {
                expected: model.layers,
                found: coeffs.len().saturating_sub(1),
            }
            .into());
        }
        let m = algebra.dim();
        for (i, c) in coeffs.iter().enumerate() {
            if c.len() != m {
                return Err(SchemeTrainerError::Coefficients {
                    param: Dufm::param_name(i),
                    expected: m,
                    found: c.len(),
                });
            }
            if c.iter().any(|x| !x.to_f64().is_finite()) {
                return Err(ModelError::NonFinite {
                    param: Dufm::param_name(i),
                }
                .into());
            }
        }
        let zero = T::zero();
        let conv = |v: &[f64]| v.iter().map(|&x| T::of(x)).collect::<Vec<T>>();
        Ok(Self {
            hs: vec![vec![zero; m]; model.layers - 1],
            z: vec![zero; m],
            dz: vec![zero; m],
            dh: vec![zero; m],
            dh2: vec![zero; m],
            g: vec![zero; m],
            sizes: conv(algebra.sizes()),
            identity: conv(algebra.identity()),
            column_count: conv(&count),
            fiber,
            algebra,
            model,
            lr: T::of(lr),
            coeffs,
        })
    }

    /// The model being trained.
    pub fn model(&self) -> &Dufm {
        &self.model
    }

    /// The algebra.
    pub fn algebra(&self) -> &SchemeAlgebra {
        &self.algebra
    }

    /// Coefficients of $H_1, W_1, \dots, W_L$.
    pub fn coeffs(&self) -> &[Vec<T>] {
        &self.coeffs
    }

    /// The expanded parameters (for comparison with `Trainer`).
    pub fn params(&self) -> Params<T> {
        Params {
            h1: self.algebra.expand(&self.coeffs[0]),
            w: self.coeffs[1..]
                .iter()
                .map(|c| self.algebra.expand(c))
                .collect(),
        }
    }

    /// Forward: $H_{l+1} = \sigma(W_l H_l)$, $Z = W_L H_L$; then the fit $g(Z)$ and
    /// $\delta Z = \partial g/\partial Z$ (coefficients): MSE $\frac1{2K}\Vert Z - I\Vert_F^2$,
    /// $\delta Z = (Z - I)/K$; CE see [`Self::ce_fit_and_dz`].
    fn forward(&mut self) -> T {
        let Self {
            algebra,
            model,
            coeffs,
            hs,
            z,
            ..
        } = self;
        let layers = model.layers;
        let zero = T::zero();
        for l in 1..layers {
            let (before, after) = hs.split_at_mut(l - 1);
            let input = if l == 1 { &coeffs[0] } else { &before[l - 2] };
            algebra.mul_into(&coeffs[l], false, input, false, &mut after[0]);
            if model.activation == Activation::Relu {
                after[0]
                    .iter_mut()
                    .for_each(|x| *x = if *x > zero { *x } else { zero });
            }
        }
        let last = if layers == 1 {
            &coeffs[0]
        } else {
            &hs[layers - 2]
        };
        algebra.mul_into(&coeffs[layers], false, last, false, z);
        match model.loss {
            Loss::Mse => self.mse_fit_and_dz(),
            Loss::Ce => self.ce_fit_and_dz(),
        }
    }

    fn mse_fit_and_dz(&mut self) -> T {
        let inv_k = T::one() / T::of(self.algebra.points() as f64);
        let mut fit = T::zero();
        for ((d, (&zj, &yj)), &s) in self
            .dz
            .iter_mut()
            .zip(self.z.iter().zip(&self.identity))
            .zip(&self.sizes)
        {
            let r = zj - yj;
            fit += r * r * s;
            *d = r * inv_k;
        }
        T::of(0.5) * inv_k * fit
    }

    /// Cross-entropy in coefficients. Column $y$ of $Z$ in fiber $F$ holds the value $z_j$ in
    /// $c_j$ entries for each cell $j$ with column fiber $F$ (and 0 entries of other cells), so
    /// with $m_F = \max_{f(j) = F} z_j$ and $s_F = \sum_{f(j) = F} c_j e^{z_j - m_F}$ the column
    /// softmax is $\sum_j (e^{z_j - m_{f(j)}}/s_{f(j)}) A_j$ (in the algebra), and
    /// $g(Z) = \frac1K\sum_F |A_F|\thinspace(\log s_F + m_F - z_F)$ ($z_F$ the coefficient of the
    /// diagonal cell $F$, $|A_F|$ the fiber's size); $\delta Z = (\operatorname{softmax}(Z) - I)/K$.
    fn ce_fit_and_dz(&mut self) -> T {
        let m = self.algebra.dim();
        let inv_k = T::one() / T::of(self.algebra.points() as f64);
        let mut fit = T::zero();
        for f in 0..m {
            if self.identity[f] != T::one() {
                continue;
            }
            let cells = (0..m).filter(|&j| self.fiber[j] == f);
            let mx = cells.clone().fold(self.z[f], |a, j| a.max(self.z[j]));
            let mut s = T::zero();
            for j in cells.clone() {
                let e = (self.z[j] - mx).exp();
                self.dz[j] = e;
                s += self.column_count[j] * e;
            }
            fit += self.sizes[f] * (s.ln() - (self.z[f] - mx));
            for j in cells {
                self.dz[j] = (self.dz[j] / s - self.identity[j]) * inv_k;
            }
        }
        fit * inv_k
    }

    /// The regulariser $\frac{\lambda_W}{2}\sum_l\Vert W_l\Vert_F^2 + \frac{\lambda_H}{2}\Vert H_1\Vert_F^2$.
    fn reg(&self) -> T {
        let a = &self.algebra;
        let w = self.coeffs[1..]
            .iter()
            .fold(T::zero(), |acc, c| acc + a.inner(c, c));
        let (lh, lw) = (T::of(self.model.lambda_h), T::of(self.model.lambda_w));
        T::of(0.5) * (lh * a.inner(&self.coeffs[0], &self.coeffs[0]) + lw * w)
    }

    /// The objective at the current coefficients.
    pub fn loss(&mut self) -> LossParts<T> {
        let fit = self.forward();
        LossParts {
            fit,
            reg: self.reg(),
        }
    }

    /// One GD step (the full trainer's recursion on coefficients); returns the objective
    /// before the step.
    pub fn step(&mut self) -> LossParts<T> {
        let fit = self.forward();
        let reg = self.reg();
        let Self {
            algebra,
            model,
            lr,
            coeffs,
            hs,
            dz,
            dh,
            dh2,
            g,
            ..
        } = self;
        let layers = model.layers;
        let (lambda_h, lambda_w, zero) = (T::of(model.lambda_h), T::of(model.lambda_w), T::zero());
        for l in (1..=layers).rev() {
            let input = if l == 1 { &coeffs[0] } else { &hs[l - 2] };
            let dg: &[T] = if l == layers { dz } else { dh };
            // ∇W_l = δG_l H_lᵀ + λ_W W_l
            algebra.mul_into(dg, false, input, true, g);
            // δH_l = W_lᵀ δG_l
            algebra.mul_into(&coeffs[l], true, dg, false, dh2);
            for (w, &gj) in coeffs[l].iter_mut().zip(g.iter()) {
                *w -= *lr * (gj + lambda_w * *w);
            }
            std::mem::swap(dh, dh2);
            if l > 1 && model.activation == Activation::Relu {
                // δG_{l-1} = δH_l ⊙ 1[H_l > 0], cellwise
                for (x, &h) in dh.iter_mut().zip(&hs[l - 2]) {
                    if h <= zero {
                        *x = zero;
                    }
                }
            }
        }
        // ∇H_1 = δH_1 + λ_H H_1
        for (h, &gj) in coeffs[0].iter_mut().zip(dh.iter()) {
            *h -= *lr * (gj + lambda_h * *h);
        }
        LossParts { fit, reg }
    }

    /// The gradient of the objective with respect to the coefficients,
    /// $\partial\mathcal L/\partial c_{l,j} = g_{l,j}\thinspace|A_j|$, where $g_{l,j}$ are the
    /// coefficients of the full-space gradient (a GD step of size 1 on a clone gives them).
    pub fn coefficient_gradient(&self) -> Vec<Vec<T>> {
        let mut t = self.clone();
        t.lr = T::one();
        t.step();
        self.coeffs
            .iter()
            .zip(&t.coeffs)
            .map(|(before, after)| {
                before
                    .iter()
                    .zip(after)
                    .zip(&self.sizes)
                    .map(|((&b, &a), &s)| (b - a) * s)
                    .collect()
            })
            .collect()
    }
}
