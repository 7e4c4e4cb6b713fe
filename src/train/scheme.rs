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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Trainer;
    use proptest::prelude::*;

    fn dufm(k: usize, layers: usize, lambda_h: f64, lambda_w: f64, relu: bool) -> Dufm {
        Dufm {
            classes: k,
            samples: 1,
            width: k,
            layers,
            lambda_h,
            lambda_w,
            loss: Loss::Mse,
            activation: if relu {
                Activation::Relu
            } else {
                Activation::Linear
            },
        }
    }

    #[test]
    fn group_and_pairs_schemes_are_commutative_algebras() {
        for scheme in [Scheme::cyclic(7), Scheme::z2(3), Scheme::pairs(4)] {
            let a = SchemeAlgebra::new(&scheme);
            assert!(a.is_commutative(), "{}", scheme.name);
            assert_eq!(
                a.sizes().iter().sum::<f64>() as usize,
                scheme.points() * scheme.points()
            );
        }
    }

    #[test]
    fn triangular_five_intersection_numbers() {
        // T(5) = srg(10, 6, 3, 4): A² = 6 I + 3 A + 4 (J − I − A)
        let a = SchemeAlgebra::new(&Scheme::triangular(5));
        assert_eq!(a.dim(), 3);
        assert_eq!(a.sizes(), &[10.0, 60.0, 30.0]);
        assert_eq!(a.identity(), &[1.0, 0.0, 0.0]);
        let sq: Vec<f64> = (0..3).map(|k| a.intersection(1, 1, k)).collect();
        assert_eq!(sq, vec![6.0, 3.0, 4.0]);
        assert!(a.is_commutative());
    }

    #[test]
    fn structure_constants_are_the_kernels() {
        for s in [
            Scheme::triangular(6),
            Scheme::johnson(6, 3),
            Scheme::with_dnc_remainder(4, 3),
            Scheme::cyclic(5),
        ] {
            let a = SchemeAlgebra::new(&s);
            let c = s.configuration();
            let m = c.cells();
            assert_eq!(a.dim(), m);
            for i in 0..m {
                assert_eq!(a.transpose_of(i), c.transposes()[i]);
                for j in 0..m {
                    for k in 0..m {
                        assert_eq!(
                            a.intersection(i, j, k),
                            c.intersection(i, j, k).unwrap() as f64,
                            "{}",
                            s.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn products_match_dense_products() {
        for s in [
            Scheme::triangular(5),
            Scheme::johnson(6, 3),
            Scheme::with_dnc_remainder(4, 3),
        ] {
            let a = SchemeAlgebra::new(&s);
            let m = a.dim();
            let x: Vec<f64> = (0..m).map(|i| 0.3 * i as f64 - 0.7).collect();
            let y: Vec<f64> = (0..m).map(|i| 1.1 - 0.2 * (i * i) as f64).collect();
            let mut out = vec![0.0; m];
            for (xt, yt) in [(false, false), (true, false), (false, true)] {
                a.mul_into(&x, xt, &y, yt, &mut out);
                let op = |c: &[f64], t: bool| {
                    let e = a.expand(c);
                    if t { e.transpose() } else { e }
                };
                let dense = op(&x, xt) * op(&y, yt);
                assert!((a.expand(&out) - dense).norm() < 1e-12, "{}", s.name);
            }
        }
    }

    #[test]
    fn dnc_remainder_is_closed_but_not_commutative() {
        let a = SchemeAlgebra::new(&Scheme::with_dnc_remainder(4, 3));
        assert!(!a.is_commutative());
    }

    #[test]
    fn rejects_unsupported_models() {
        let a = SchemeAlgebra::new(&Scheme::trivial(3));
        let c = vec![vec![0.1, 0.2]; 3];
        let mut m = dufm(3, 2, 0.0, 0.0, true);
        m.samples = 2;
        assert!(matches!(
            SchemeTrainer::new(a.clone(), m, 0.1, c.clone()),
            Err(SchemeTrainerError::Unsupported { .. })
        ));
        let m = dufm(3, 2, 0.0, 0.0, true);
        for lr in [0.0, -1.0, f64::NAN, 1e-50] {
            let c32: Vec<Vec<f32>> = vec![vec![0.1, 0.2]; 3];
            assert!(
                SchemeTrainer::new(a.clone(), m, lr, c32).is_err(),
                "lr {lr}"
            );
        }
        let short = vec![vec![0.1]; 3];
        assert!(matches!(
            SchemeTrainer::new(a, m, 0.1, short),
            Err(SchemeTrainerError::Coefficients { .. })
        ));
    }

    #[test]
    fn coefficient_gradient_matches_finite_differences() {
        let a = SchemeAlgebra::new(&Scheme::triangular(4));
        let model = dufm(6, 3, 0.02, 0.01, true);
        let c: Vec<Vec<f64>> = (0..4)
            .map(|l| {
                (0..3)
                    .map(|j| 0.4 + 0.3 * j as f64 - 0.25 * l as f64)
                    .collect()
            })
            .collect();
        let t = SchemeTrainer::new(a.clone(), model, 0.1, c.clone()).unwrap();
        let grad = t.coefficient_gradient();
        let h = 1e-6;
        for l in 0..4 {
            for j in 0..3 {
                let at = |delta: f64| {
                    let mut cc = c.clone();
                    cc[l][j] += delta;
                    SchemeTrainer::new(a.clone(), model, 0.1, cc)
                        .unwrap()
                        .loss()
                        .total()
                };
                let fd = (at(h) - at(-h)) / (2.0 * h);
                assert!(
                    (fd - grad[l][j]).abs() < 1e-6 * (1.0 + fd.abs()),
                    "({l}, {j}): {fd} vs {}",
                    grad[l][j]
                );
            }
        }
    }

    fn ce(mut model: Dufm) -> Dufm {
        model.loss = Loss::Ce;
        model
    }

    /// Closed form: trivial scheme ($I$, $J - I$), $L = 1$, $H_1 = I$, $W_1 = aI + b(J - I)$,
    /// so $Z = W_1$ and every column has one $a$ (at its label) and $K - 1$ entries $b$:
    /// $g = \log(e^a + (K-1)e^b) - a$, and $\nabla W_1 = (\operatorname{softmax}(Z) - I)/K$ has
    /// coefficients $(p_a - 1)/K$, $p_b/K$ with $p_x = e^x/(e^a + (K-1)e^b)$.
    #[test]
    fn ce_matches_closed_form_on_trivial_scheme() {
        for (k, a_, b_) in [(5usize, 0.7f64, -0.4f64), (8, -1.5, 2.0), (3, 30.0, -30.0)] {
            let algebra = SchemeAlgebra::new(&Scheme::trivial(k));
            let model = ce(dufm(k, 1, 0.0, 0.0, false));
            let t = SchemeTrainer::new(algebra, model, 1.0, vec![vec![1.0, 0.0], vec![a_, b_]])
                .unwrap();
            let den = a_.exp() + (k - 1) as f64 * b_.exp();
            let fit = den.ln() - a_;
            let got = t.clone().loss();
            assert!(
                (got.fit - fit).abs() <= 1e-14 * (1.0 + fit.abs()),
                "{got:?} vs {fit}"
            );
            assert_eq!(got.reg, 0.0);
            // ∂L/∂c_j = g_j |A_j| with |I| = K, |J - I| = K(K - 1)
            let kf = k as f64;
            let want = [
                (a_.exp() / den - 1.0) / kf * kf,
                b_.exp() / den / kf * kf * (kf - 1.0),
            ];
            let grad = t.coefficient_gradient();
            for (g, w) in grad[1].iter().zip(want) {
                assert!((g - w).abs() <= 1e-14 * (1.0 + w.abs()), "{g} vs {w}");
            }
        }
    }

    /// The reduced CE loss and gradient equal the full trainer's on the expanded matrices, on
    /// homogeneous schemes and on $T(4)$ + DNC(3) (two fibers, so two column normalisers).
    #[test]
    fn ce_loss_and_gradient_match_full_trainer() {
        for (scheme, layers, relu) in [
            (Scheme::triangular(5), 3, true),
            (Scheme::johnson(6, 3), 2, false),
            (Scheme::cyclic(6), 4, true),
            (Scheme::with_dnc_remainder(4, 3), 3, true),
        ] {
            let algebra = SchemeAlgebra::new(&scheme);
            let (k, m) = (scheme.points(), algebra.dim());
            let model = ce(dufm(k, layers, 0.01, 0.02, relu));
            let coeffs: Vec<Vec<f64>> = (0..=layers)
                .map(|l| {
                    (0..m)
                        .map(|j| 0.9 * ((3 * l + 5 * j) as f64).sin())
                        .collect()
                })
                .collect();
            let t = SchemeTrainer::new(algebra.clone(), model, 0.1, coeffs).unwrap();
            let fast = t.clone().loss();
            let (full, grad) = crate::train::trainer::loss_and_gradient(model, t.params()).unwrap();
            let rel = (fast.total() - full.total()).abs() / full.total().abs();
            assert!(rel < 1e-12, "{}: {fast:?} vs {full:?}", scheme.name);
            // the full gradient lies in the algebra, with coefficients (∂L/∂c_j) / |A_j|
            for (cg, g) in t.coefficient_gradient().iter().zip(grad.iter()) {
                let per_entry: Vec<f64> =
                    cg.iter().zip(algebra.sizes()).map(|(x, s)| x / s).collect();
                let d = (algebra.expand(&per_entry) - g).norm();
                assert!(
                    d <= 1e-10 * (1.0 + g.norm()),
                    "{}: gradient off by {d}",
                    scheme.name
                );
            }
        }
    }

    /// $\gamma_n = nu/(1 - nu)$ (Higham, *Accuracy and Stability of Numerical Algorithms*,
    /// 2nd ed., Lemma 3.1): the relative error bound of $n$ rounded operations.
    fn gamma(n: usize, u: f64) -> f64 {
        let nu = n as f64 * u;
        assert!(nu < 0.5);
        nu / (1.0 - nu)
    }

    /// A rigorous bound on $\vert\hat g - g\vert$ for the reduced forward pass and fit computed
    /// in a float type with unit roundoff `u` (exact inputs, the coefficients). Entrywise
    /// ("running error") analysis in the algebra of nonnegative coefficients: a computed product
    /// $\mathrm{fl}(\hat X\hat Y)$ (each term two roundings, $m^2$ terms summed) is within
    /// $\gamma_{m^2+2}\thinspace|\hat X||\hat Y|$ of $\hat X\hat Y$ (Higham Lemma 3.4 style), and
    /// $|\hat X\hat Y - XY| \le |E_X||Y| + |X||E_Y| + |E_X||E_Y|$; ReLU is 1-Lipschitz and
    /// $|\sigma(x)| \le |x|$. The fit adds the rounding of its own operations; `exp` and `ln`
    /// are taken within 2 units of `u` (relative; libm's are within 1 ulp). The bound itself is
    /// evaluated in f64 (relative error $\sim 10^{-14}$, covered by the factor 1.001).
    fn fit_error_bound(t: &SchemeTrainer<f64>, u: f64) -> f64 {
        let a = &t.algebra;
        let m = a.dim();
        let (layers, k) = (t.model.layers, a.points() as f64);
        let abs = |v: &[f64]| v.iter().map(|x| x.abs()).collect::<Vec<f64>>();
        let g = gamma(m * m + 2, u);
        let mul = |x: &[f64], y: &[f64]| {
            let mut o = vec![0.0; m];
            a.mul_into(x, false, y, false, &mut o);
            o
        };
        // (|X|, E_X) for H_1 (exact), then each layer
        let (mut h, mut e) = (abs(&t.coeffs[0]), vec![0.0; m]);
        for l in 1..=layers {
            let w = abs(&t.coeffs[l]);
            let prod = mul(&w, &h);
            let prop = mul(&w, &e);
            let he: Vec<f64> = h.iter().zip(&e).map(|(x, y)| x + y).collect();
            let round = mul(&w, &he);
            e = prop.iter().zip(&round).map(|(p, r)| p + g * r).collect();
            h = prod;
        }
        let (z, ez) = (h, e); // |Z| ≤ z, |Ẑ − Z| ≤ ez (coefficientwise)
        let bound = match t.model.loss {
            Loss::Mse => {
                let mut first = 0.0;
                let mut sq = 0.0;
                for j in 0..m {
                    let (s, y) = (a.sizes()[j], a.identity()[j]);
                    let r = z[j] + y;
                    let rho = ez[j] + u * (r + ez[j]);
                    first += s * (2.0 * r * rho + rho * rho);
                    sq += s * (r + rho) * (r + rho);
                }
                (first + gamma(m + 4, u) * sq) / (2.0 * k)
            }
            Loss::Ce => {
                let (fiber, count) = a.column_fibers().unwrap();
                let fibers: Vec<usize> = (0..m).filter(|&f| a.identity()[f] == 1.0).collect();
                let mut total = 0.0;
                let mut mag = 0.0;
                for &f in &fibers {
                    let cells: Vec<usize> = (0..m).filter(|&j| fiber[j] == f).collect();
                    let zmax = cells.iter().map(|&j| z[j]).fold(0.0, f64::max);
                    let delta = cells.iter().map(|&j| ez[j]).fold(0.0, f64::max);
                    // relative error of each exp(ẑ_j − m̂): input error 2δ + u|t|, then exp's own
                    let theta = cells
                        .iter()
                        .map(|&j| {
                            let tj = z[j] + zmax + 2.0 * delta;
                            ((2.0 * delta + u * tj).exp() - 1.0) * (1.0 + 2.0 * u) + 2.0 * u
                        })
                        .fold(0.0, f64::max);
                    // s = Σ c_j e_j, positive terms: relative error of the computed sum
                    let sigma = theta + gamma(cells.len() + 1, u) * (1.0 + theta);
                    assert!(sigma < 0.5);
                    let ln_s_max = cells.iter().map(|&j| count[j]).sum::<f64>().ln();
                    let dln = -(1.0 - sigma).ln() + 2.0 * u * (ln_s_max + 1.0);
                    let dsub = ez[f] + delta + u * (z[f] + zmax + ez[f] + delta);
                    let ell = ln_s_max + z[f] + zmax + dln + dsub;
                    total += a.sizes()[f] * (dln + dsub + u * ell);
                    mag += a.sizes()[f] * ell;
                }
                (total + gamma(fibers.len() + 3, u) * mag) / k
            }
        };
        // the regulariser: m-term sums of three products per parameter, L + 1 of them, and
        // the final combination (λ's rounded too)
        let reg_mag: f64 = t.coeffs.iter().map(|c| a.inner(c, c)).sum::<f64>()
            * 0.5
            * t.model.lambda_h.max(t.model.lambda_w);
        1.001 * (bound + gamma(m + layers + 8, u) * reg_mag)
    }

    /// f32 against f64 on the same (f32-representable) point: the loss differs by at most the
    /// sum of the two rounding-error bounds of [`fit_error_bound`] (u = 2^-24 and 2^-53).
    #[test]
    fn f32_loss_within_derived_rounding_bound() {
        for (scheme, layers, relu) in [
            (Scheme::triangular(5), 3, true),
            (Scheme::johnson(6, 3), 2, false),
            (Scheme::with_dnc_remainder(4, 3), 4, true),
            (Scheme::pairs(3), 3, false),
        ] {
            for loss in [Loss::Mse, Loss::Ce] {
                let algebra = SchemeAlgebra::new(&scheme);
                let (k, m) = (scheme.points(), algebra.dim());
                let mut model = dufm(k, layers, 0.01, 0.02, relu);
                model.loss = loss;
                // u_j K / (m |A_j|) with |u_j| ≤ 1.5: spectral norms at most 1.5
                let c32: Vec<Vec<f32>> = (0..=layers)
                    .map(|l| {
                        (0..m)
                            .map(|j| {
                                let u = 1.5 * ((2 * l + 7 * j) as f64).cos();
                                (u * k as f64 / (m as f64 * algebra.sizes()[j])) as f32
                            })
                            .collect()
                    })
                    .collect();
                let c64: Vec<Vec<f64>> = c32
                    .iter()
                    .map(|v| v.iter().map(|&x| f64::from(x)).collect())
                    .collect();
                let mut t32 = SchemeTrainer::new(algebra.clone(), model, 0.1, c32).unwrap();
                let mut t64 = SchemeTrainer::new(algebra, model, 0.1, c64).unwrap();
                let bound = fit_error_bound(&t64, f64::from(f32::EPSILON) / 2.0)
                    + fit_error_bound(&t64, f64::EPSILON / 2.0);
                let (a, b) = (f64::from(t32.loss().total()), t64.loss().total());
                assert!(
                    (a - b).abs() <= bound,
                    "{} {loss:?}: f32 {a} vs f64 {b}, bound {bound}",
                    scheme.name
                );
                // the bound is a small multiple of f32's rounding of the loss, not a blanket tolerance
                assert!(
                    bound < 1e-4 * b.abs(),
                    "{}: bound {bound} loss {b}",
                    scheme.name
                );
            }
        }
    }

    /// Relative Frobenius distance of two parameter sets.
    fn rel_params(a: &Params<f64>, b: &Params<f64>) -> f64 {
        let (mut d, mut n) = (0.0, 0.0);
        for (x, y) in a.iter().zip(b.iter()) {
            d += (x - y).norm_squared();
            n += y.norm_squared();
        }
        (d / n.max(1e-300)).sqrt()
    }

    prop_compose! {
        /// A scheme among trivial(3..=6), T(4), T(5), J(6,3), cyclic(5), cyclic(6), Z2^2,
        /// Z2^3, pairs(2), pairs(3).
        fn small_scheme()(pick in 0usize..13) -> Scheme {
            match pick {
                0..=3 => Scheme::trivial(pick + 3),
                4 => Scheme::triangular(4),
                5 => Scheme::triangular(5),
                6 => Scheme::johnson(6, 3),
                7 => Scheme::cyclic(5),
                8 => Scheme::cyclic(6),
                9 => Scheme::z2(2),
                10 => Scheme::z2(3),
                11 => Scheme::pairs(2),
                _ => Scheme::pairs(3),
            }
        }
    }

    prop_compose! {
        /// A scheme, a model on its points, a step size and random coefficients of matrices with
        /// spectral norm at most 1.
        fn scheme_run()(scheme in small_scheme(), layers in 1usize..=4, relu in any::<bool>(),
                        lambda_h in prop_oneof![Just(0.0), 0.0..0.05f64],
                        lambda_w in prop_oneof![Just(0.0), 0.0..0.05f64],
                        lr in 0.01..0.2f64, use_ce in any::<bool>())
            (coeffs in proptest::collection::vec(
                proptest::collection::vec(-1.0..1.0f64, SchemeAlgebra::new(&scheme).dim()),
                layers + 1),
             scheme in Just(scheme), layers in Just(layers), relu in Just(relu),
             lambda_h in Just(lambda_h), lambda_w in Just(lambda_w), lr in Just(lr),
             use_ce in Just(use_ce))
            -> (Scheme, Dufm, f64, Vec<Vec<f64>>) {
            let mut model = dufm(scheme.points(), layers, lambda_h, lambda_w, relu);
            if use_ce {
                model.loss = Loss::Ce;
            }
            // c_j = u_j K / (m |A_j|): every expanded matrix has spectral norm at most 1
            // (|A_j| / K is the row sum of a regular cell), so GD at lr <= 0.2 stays bounded
            let algebra = SchemeAlgebra::new(&scheme);
            let (k, m) = (scheme.points() as f64, algebra.dim() as f64);
            let coeffs = coeffs
                .into_iter()
                .map(|u| u.iter().zip(algebra.sizes()).map(|(x, s)| x * k / (m * s)).collect())
                .collect();
            (scheme, model, lr, coeffs)
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn matches_full_trainer_for_fifty_steps((scheme, model, lr, coeffs) in scheme_run()) {
            let algebra = SchemeAlgebra::new(&scheme);
            let mut fast = SchemeTrainer::new(algebra, model, lr, coeffs).unwrap();
            let mut full = Trainer::<f64>::new(model, lr, fast.params()).unwrap();
            for step in 0..50 {
                let (a, b) = (fast.step(), full.step());
                let rel = (a.total() - b.total()).abs() / b.total().abs().max(1e-300);
                prop_assert!(rel < 1e-10, "{} step {step}: loss {} vs {}", scheme.name, a.total(), b.total());
                let rp = rel_params(&fast.params(), full.params());
                prop_assert!(rp < 1e-10, "{} step {step}: params rel {rp}", scheme.name);
            }
        }
    }
}
