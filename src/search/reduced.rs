//! # The two-layer MSE DUFM reduced to one $d\times K$ matrix
//!
//! At $L = 2$ ($\text{out} = W_2\sigma(W_1H)$) the optimal loss is
//! $$\ell^\ast(K, 2, n, \lambda_W, \lambda_H) = \min_{Z\in\mathbb R^{d\times K}} F(Z),\qquad
//! F(Z) = \sqrt{n\lambda_H\lambda_W}\thinspace\Vert Z\Vert_\ast +
//! \tfrac{\lambda_W}{2}\operatorname{tr}\big((\sigma(Z)^\top\sigma(Z) + K\lambda_W I)^{-1}\big)$$
//! (docs/theory.md, "The two-layer reduction": per-class collapse, the nuclear-norm identity
//! $\min\lbrace\frac{\lambda_W}2\Vert W_1\Vert^2 + \frac{n\lambda_H}2\Vert\bar H\Vert^2 : W_1\bar H = Z\rbrace
//! = \sqrt{n\lambda_W\lambda_H}\Vert Z\Vert_\ast$, and ridge regression for $W_2$). $F$ depends on
//! $Z$ only through $(Z^\top Z, \sigma(Z)^\top\sigma(Z))$. With $n = 1$, $\lambda_W = \lambda_H =
//! \lambda$ it is $\lambda\Vert Z\Vert_\ast + \frac\lambda2\operatorname{tr}((\sigma(Z)^\top\sigma(Z) +
//! K\lambda I)^{-1})$, the formula of issue 20. At $Z = aI$ it is the DNC family's loss as a
//! function of $a$ (minimised over the other scales).
//!
//! ## Main definitions
//! - [`ReducedModel`]: $(K, n, d, \lambda_W, \lambda_H)$, validated.
//! - [`ReducedModel::value_grad`]: $F(Z)$ and its gradient
//!   $\sqrt{n\lambda_H\lambda_W}\thinspace UV^\top - \lambda_W\thinspace(SG^2)\odot
//!   \mathbf 1\[Z > 0\]$, $S = \sigma(Z)$, $G = (S^\top S + K\lambda_WI)^{-1}$, $Z = U\Sigma V^\top$
//!   (thin SVD over the singular values above $10^{-12}\Vert Z\Vert$: a subgradient where $Z$ is
//!   rank deficient, the gradient where it has full rank and no zero entry).
//! - [`ReducedModel::recover`]: explicit $(H, W_1, W_2)$ of width $d$ with loss $F(Z)$: the
//!   balanced split $W_1 = tU\Sigma^{1/2}$, $\bar H = t^{-1}\Sigma^{1/2}V^\top$,
//!   $t^4 = n\lambda_H/\lambda_W$, $H = \bar H\otimes\mathbf 1_n^\top$, and the ridge solution
//!   $W_2 = (S^\top S + K\lambda_WI)^{-1}S^\top$ with $S = \sigma(W_1\bar H)$.
//! - [`descend`], [`search_reduced`], [`polish`]: L-BFGS on $Z$ from a given start, from
//!   seeded Gaussian starts, or from the product $W_1\bar H$ of a dense end point; candidates are the recovered explicit models, ready for the
//!   point-certificate path ([`super::certify::certify_candidates`]).
//!
//! ## Main results
//! None (untrusted search). Tests (`tests/it/reduced.rs`) compare $F$ with the explicit loss
//! of the recovered model in `f64` and exactly (the kernel's `mse::dufm`), $F(aI)$ with the DNC
//! family, and the gradient with finite differences.
//!
//! ## References
//! - docs/theory.md, "The two-layer reduction"; issue 20.
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468, eq. (1) (the objective, reconstructed).
#![cfg_attr(doc, doc = katex!())]

use super::certify::{Candidate, Point};
use super::dense::DenseModel;
use super::lbfgs::{LbfgsOptions, minimize};
use crate::mse::MseParams;
use crate::numeric::{SvdError, q_to_f64, svd};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use std::fmt;

/// A bad argument to the reduced objective, naming it.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ReducedError {
    /// `classes`, `samples` or `width` is zero, or $d K$ or $K n$ overflows.
    Size {
        /// The argument.
        which: &'static str,
    },
    /// $\lambda_W$ or $\lambda_H$ is not positive and finite.
    Lambda {
        /// `lambda_w` or `lambda_h`.
        which: &'static str,
    },
    /// $Z$ is not $d\times K$.
    Shape {
        /// Rows and columns given.
        got: (usize, usize),
        /// Rows and columns expected.
        expected: (usize, usize),
    },
    /// The SVD of $Z$ failed (non-finite entries or no accurate decomposition).
    Svd(SvdError),
    /// $S^\top S + K\lambda_W I$ is not numerically positive definite (overflow).
    Ridge,
    /// The reduced search applies to $L = 2$ only.
    Layers(u32),
    /// A search option is out of range (`start_sd` not positive and finite).
    Option {
        /// The option.
        which: &'static str,
    },
}

impl fmt::Display for ReducedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Size { which } => write!(f, "{which}: must be >= 1 and the sizes must fit"),
            Self::Lambda { which } => write!(f, "{which}: must be positive and finite"),
            Self::Shape { got, expected } => write!(
                f,
                "z: Z is {}x{}, expected {}x{} (d x K)",
                got.0, got.1, expected.0, expected.1
            ),
            Self::Svd(e) => write!(f, "z: {e}"),
            Self::Ridge => write!(f, "z: S^T S + K lambda_W I is not positive definite in f64"),
            Self::Layers(l) => write!(f, "layers: L = {l}, the reduced objective is for L = 2"),
            Self::Option { which } => write!(f, "{which}: must be positive and finite"),
        }
    }
}

impl std::error::Error for ReducedError {}

impl ReducedError {
    /// The caller's argument the error concerns: a size (`classes`, `samples`, `width`),
    /// `lambda_w`/`lambda_h`, `z` (the matrix $Z$), `layers`, or a search option.
    #[cfg_attr(doc, doc = katex!())]
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Size { which } | Self::Lambda { which } | Self::Option { which } => which,
            Self::Shape { .. } | Self::Svd(_) | Self::Ridge => "z",
            Self::Layers(_) => "layers",
        }
    }
}

/// The reduced two-layer objective of `(K, n, d, λ_W, λ_H)`.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReducedModel {
    classes: usize,
    samples: usize,
    width: usize,
    lambda_w: f64,
    lambda_h: f64,
}

/// $F(Z)$ with its pieces.
struct Eval {
    value: f64,
    /// $\sigma(Z)$.
    s: DMatrix<f64>,
    /// $G = (S^\top S + K\lambda_W I)^{-1}$.
    g: DMatrix<f64>,
    /// $UV^\top$ over the non-negligible singular values.
    polar: DMatrix<f64>,
}

impl ReducedModel {
    /// Validate: $K, n, d \ge 1$, $dK$ and $Kn$ fit in `usize`, $\lambda_W, \lambda_H > 0$ finite.
    pub fn new(
        classes: usize,
        samples: usize,
        width: usize,
        lambda_w: f64,
        lambda_h: f64,
    ) -> Result<Self, ReducedError> {
        for (which, v) in [("classes", classes), ("samples", samples), ("width", width)] {
            if v == 0 {
                return Err(ReducedError::Size { which });
            }
        }
        if width.checked_mul(classes).is_none() {
            return Err(ReducedError::Size { which: "width" });
        }
        if classes.checked_mul(samples).is_none() {
            return Err(ReducedError::Size { which: "samples" });
        }
        for (which, v) in [("lambda_w", lambda_w), ("lambda_h", lambda_h)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(ReducedError::Lambda { which });
            }
        }
        Ok(Self {
            classes,
            samples,
            width,
            lambda_w,
            lambda_h,
        })
    }

    /// The reduced model of MSE parameters at width $d$; an error unless $L = 2$.
    pub fn from_params(p: &MseParams, width: usize) -> Result<Self, ReducedError> {
        if p.layers() != 2 {
            return Err(ReducedError::Layers(p.layers()));
        }
        let classes =
            usize::try_from(p.classes()).map_err(|_| ReducedError::Size { which: "classes" })?;
        let samples =
            usize::try_from(p.samples()).map_err(|_| ReducedError::Size { which: "samples" })?;
        Self::new(
            classes,
            samples,
            width,
            q_to_f64(p.lambda_w()),
            q_to_f64(p.lambda_h()),
        )
    }

    /// $K$.
    pub fn classes(&self) -> usize {
        self.classes
    }
    /// $n$.
    pub fn samples(&self) -> usize {
        self.samples
    }
    /// $d$.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of entries of $Z$, $dK$.
    pub fn dim(&self) -> usize {
        self.width * self.classes
    }

    /// $\sqrt{n\lambda_H\lambda_W}$, the weight of $\Vert Z\Vert_\ast$.
    pub fn nuclear_weight(&self) -> f64 {
        (self.samples as f64 * self.lambda_h * self.lambda_w).sqrt()
    }

    fn check_shape(&self, z: &DMatrix<f64>) -> Result<(), ReducedError> {
        let expected = (self.width, self.classes);
        if z.shape() != expected {
            return Err(ReducedError::Shape {
                got: z.shape(),
                expected,
            });
        }
        Ok(())
    }

    /// $G = (S^\top S + K\lambda_WI)^{-1}$ by Cholesky.
    fn ridge_inverse(&self, s: &DMatrix<f64>) -> Result<DMatrix<f64>, ReducedError> {
        let alpha = self.classes as f64 * self.lambda_w;
        let m = s.transpose() * s + DMatrix::identity(self.classes, self.classes) * alpha;
        let g = m.cholesky().ok_or(ReducedError::Ridge)?.inverse();
        if g.iter().all(|x| x.is_finite()) {
            Ok(g)
        } else {
            Err(ReducedError::Ridge)
        }
    }

    fn eval(&self, z: &DMatrix<f64>) -> Result<Eval, ReducedError> {
        self.check_shape(z)?;
        let d = svd(z).map_err(ReducedError::Svd)?;
        let nuclear: f64 = d.s.iter().sum();
        let cut = 1e-12 * d.s.iter().copied().fold(0.0, f64::max);
        let mut polar = DMatrix::zeros(self.width, self.classes);
        for (i, &si) in d.s.iter().enumerate() {
            if si > cut {
                polar += d.u.column(i) * d.v_t.row(i);
            }
        }
        let s = z.map(|x| x.max(0.0));
        let g = self.ridge_inverse(&s)?;
        let value = self.nuclear_weight() * nuclear + 0.5 * self.lambda_w * g.trace();
        Ok(Eval { value, s, g, polar })
    }

    /// $F(Z)$ (module docs); an error unless $Z$ is $d\times K$ with finite entries.
    pub fn value(&self, z: &DMatrix<f64>) -> Result<f64, ReducedError> {
        Ok(self.eval(z)?.value)
    }

    /// $F(Z)$ and its gradient (a subgradient of the nuclear norm where $Z$ is rank
    /// deficient; $\sigma'(0) = 0$).
    // ∇F = β U V^T - λ_W (S G^2) ⊙ 1[Z > 0]:  d tr(G) = -tr(G^2 dM), dM = dS^T S + S^T dS
    pub fn value_grad(&self, z: &DMatrix<f64>) -> Result<(f64, DMatrix<f64>), ReducedError> {
        let e = self.eval(z)?;
        let sg2 = &e.s * (&e.g * &e.g);
        let mut grad = e.polar * self.nuclear_weight();
        for ((gi, zi), ti) in grad.iter_mut().zip(z.iter()).zip(sg2.iter()) {
            if *zi > 0.0 {
                *gi -= self.lambda_w * ti;
            }
        }
        Ok((e.value, grad))
    }

    /// Explicit parameters $(H, [W_1, W_2])$ of width $d$ ($H$ is $d\times Kn$, $W_1$ is
    /// $d\times d$, $W_2$ is $K\times d$) whose DUFM loss is $F(Z)$ up to rounding (module docs).
    pub fn recover(
        &self,
        z: &DMatrix<f64>,
    ) -> Result<(DMatrix<f64>, Vec<DMatrix<f64>>), ReducedError> {
        self.check_shape(z)?;
        let (k, d, n) = (self.classes, self.width, self.samples);
        let dec = svd(z).map_err(ReducedError::Svd)?;
        let t = (n as f64 * self.lambda_h / self.lambda_w).powf(0.25);
        let mut w1 = DMatrix::zeros(d, d);
        let mut hbar = DMatrix::zeros(d, k);
        for (i, &si) in dec.s.iter().enumerate() {
            let r = si.sqrt();
            w1.set_column(i, &(dec.u.column(i) * (t * r)));
            hbar.set_row(i, &(dec.v_t.row(i) * (r / t)));
        }
        let s = (&w1 * &hbar).map(|x| x.max(0.0));
        let w2 = self.ridge_inverse(&s)? * s.transpose();
        let h = DMatrix::from_fn(d, k * n, |i, j| hbar[(i, j / n)]);
        Ok((h, vec![w1, w2]))
    }

    /// [`Self::value_grad`] on a column-major flat vector of length $dK$, for L-BFGS; a point
    /// where $F$ cannot be evaluated gets the value $+\infty$, which the line search refuses.
    /// Panics if `x` is not of length [`Self::dim`].
    pub fn loss_grad_flat(&self, x: &[f64]) -> (f64, Vec<f64>) {
        let z = DMatrix::from_column_slice(self.width, self.classes, x);
        match self.value_grad(&z) {
            Ok((v, g)) => (v, g.as_slice().to_vec()),
            Err(_) => (f64::INFINITY, vec![0.0; x.len()]),
        }
    }
}

/// Options of [`search_reduced`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct ReducedSearchOptions {
    /// Random starts.
    pub restarts: usize,
    /// Seed.
    pub seed: u64,
    /// Width $d$ ($0$: $d = K$).
    pub width: usize,
    /// L-BFGS iteration cap.
    pub max_iter: usize,
    /// Standard deviation of the Gaussian starts for the entries of $Z$.
    pub start_sd: f64,
}

impl Default for ReducedSearchOptions {
    fn default() -> Self {
        Self {
            restarts: 12,
            seed: 1,
            width: 0,
            max_iter: 3000,
            start_sd: 0.5,
        }
    }
}

/// L-BFGS on $F$ from the $d\times K$ start `z0` at $L = 2$ ($d$ = rows of `z0`), the end
/// point recovered as an explicit model ([`ReducedModel::recover`]): a [`Candidate`] of family
/// `reduced` with its explicit `f64` loss, ready for
/// [`super::certify::certify_candidates`]. An error unless $L = 2$, `z0` has $K$ columns and
/// the end point can be recovered.
#[cfg_attr(doc, doc = katex!())]
pub fn descend(
    p: &MseParams,
    z0: &DMatrix<f64>,
    max_iter: usize,
) -> Result<Candidate, ReducedError> {
    let model = ReducedModel::from_params(p, z0.nrows())?;
    model.check_shape(z0)?;
    let lb = LbfgsOptions {
        max_iter,
        ..LbfgsOptions::default()
    };
    let r = minimize(|x| model.loss_grad_flat(x), z0.as_slice().to_vec(), &lb);
    let z = DMatrix::from_column_slice(model.width, model.classes, &r.x);
    let (h, ws) = model.recover(&z)?;
    let dense = DenseModel {
        classes: model.classes,
        layers: 2,
        samples: model.samples,
        width: model.width,
        lambda_w: model.lambda_w,
        lambda_h: model.lambda_h,
    };
    let mut x: Vec<f64> = h.as_slice().to_vec();
    for w in &ws {
        x.extend_from_slice(w.as_slice());
    }
    let loss = dense.loss_grad(&x).0;
    Ok(Candidate {
        family: "reduced".into(),
        loss,
        point: Point::Dense { model: dense, x },
    })
}

/// [`descend`] from the product $Z = W_1\bar H$ of an explicit two-layer model
/// ($\bar H$: the class means of $H_1$; $F(Z)$ is at most the model's loss when the columns of
/// each class are equal): a polish of a dense search's end point on $F$. L-BFGS never increases
/// $F$, so the result's loss is at most $F(Z)$ up to rounding. An error unless the model is a
/// two-layer model of `p`'s $K$ and $n$.
#[cfg_attr(doc, doc = katex!())]
pub fn polish(
    p: &MseParams,
    model: &DenseModel,
    x: &[f64],
    max_iter: usize,
) -> Result<Candidate, ReducedError> {
    if model.layers != 2 {
        return Err(ReducedError::Layers(
            u32::try_from(model.layers).unwrap_or(u32::MAX),
        ));
    }
    let (k, n) = (model.classes, model.samples);
    if u64::try_from(k).ok() != Some(p.classes()) {
        return Err(ReducedError::Size { which: "classes" });
    }
    if u64::try_from(n).ok() != Some(p.samples()) {
        return Err(ReducedError::Size { which: "samples" });
    }
    if x.len() != model.dim() {
        return Err(ReducedError::Size { which: "width" });
    }
    let (h, ws) = model.matrices(x);
    let hbar = DMatrix::from_fn(model.width, k, |i, c| {
        (0..n).map(|s| h[(i, c * n + s)]).sum::<f64>() / n as f64
    });
    descend(p, &(&ws[0] * hbar), max_iter)
}

/// [`descend`] from `restarts` seeded Gaussian starts (entries with standard deviation
/// `start_sd`); every end point that can be recovered and has a finite loss is returned, best
/// first. An error unless $L = 2$, the sizes are valid and `start_sd` is positive.
#[cfg_attr(doc, doc = katex!())]
pub fn search_reduced(
    p: &MseParams,
    opts: &ReducedSearchOptions,
) -> Result<Vec<Candidate>, ReducedError> {
    let k = usize::try_from(p.classes()).map_err(|_| ReducedError::Size { which: "classes" })?;
    let width = if opts.width == 0 { k } else { opts.width };
    // validates L = 2 and the sizes before any start is drawn
    ReducedModel::from_params(p, width)?;
    if !(opts.start_sd.is_finite() && opts.start_sd > 0.0) {
        return Err(ReducedError::Option { which: "start_sd" });
    }
    let normal =
        Normal::new(0.0, opts.start_sd).map_err(|_| ReducedError::Option { which: "start_sd" })?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut out = Vec::new();
    for _ in 0..opts.restarts {
        let z0 = DMatrix::from_fn(width, k, |_, _| normal.sample(&mut rng));
        // an end point that cannot be recovered (SVD failure) is dropped, not replaced
        if let Ok(c) = descend(p, &z0, opts.max_iter)
            && c.loss.is_finite()
        {
            out.push(c);
        }
    }
    out.sort_by(|a, b| a.loss.total_cmp(&b.loss));
    Ok(out)
}
