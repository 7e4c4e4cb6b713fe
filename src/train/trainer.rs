//! # Full-batch gradient descent on the deep UFM
//!
//! ## Main definitions
//! - [`Trainer`]: parameters plus preallocated forward/backward buffers; [`Trainer::step`]
//!   performs one plain GD step $P \leftarrow P - \eta\thinspace\nabla_P \mathcal L$ on every parameter
//!   without allocating.
//! - [`LossParts`]: the fit $g(Z)$ and the regulariser, separately.
//! - [`run_many`], [`Run`]: independent runs on all of rayon's threads (feature `parallel`),
//!   for sweeps; results in input order.
//! - [`loss_and_gradient`], [`loss_at`]: the objective (and its gradient) at given parameters.
//!   This is the crate's one `f64`/`f32` implementation of the deep-UFM loss and gradient: the
//!   search (`search::dense`) and the explicit constructions (`mse::explicit`) call it too.
//!
//! ## Main results
//! Hand-written backpropagation (as the NumPy reference `benches/dufm_reference.py`):
//! $\partial g/\partial Z = (Z - Y)/N$ (MSE) or $(\operatorname{softmax}(Z) - Y)/N$ (CE);
//! $\nabla W_l = \delta G_l\thinspace H_l^\top + \lambda_W W_l$, $\delta H_l = W_l^\top \delta G_l$,
//! $\delta G_{l-1} = \delta H_l \odot \mathbb 1_{G_{l-1} > 0}$ (ReLU; $\mathbb 1_{G>0} = \mathbb 1_{\sigma(G) > 0}$, so the
//! mask is read from the stored activation), $\nabla H_1 = \delta H_1 + \lambda_H H_1$.
//! Every product goes through `nalgebra::Matrix::gemm` into a preallocated buffer; for
//! $A B^\top$ and $A^\top B$ the transpose is first copied into a preallocated buffer
//! (`transpose_to`; $O(dN)$ against the product's $O(d^2N)$). Strided transposed views would
//! avoid the copy, but nalgebra 0.35's small-matrix `gemm` path indexes them out of bounds.
//! The tests check the gradient against central finite differences.
//!
//! Parallelism inside a step (feature `parallel`, models of at least [`PARALLEL_THRESHOLD`]
//! multiply-adds per forward pass): the forward pass is column-separable,
//! $\sigma(W[H_a\ H_b]) = [\sigma(WH_a)\ \sigma(WH_b)]$, so two rayon tasks run it on the two
//! halves of the samples with one join per step; in the backward pass $\nabla W_l$ and
//! $\delta H_l$ both depend only on $\delta G_l$, $H_l$, $W_l$, so they run side by side (one
//! join per layer). Every output entry is the same dot product summed in the same order as on
//! one thread, so the result is bitwise the sequential one (tested).
//!
//! ## References
//! `benches/dufm_reference.py` (the definition matched step by step);
//! Súkeník, Lampert, Mondelli, arXiv:2405.14468.
#![cfg_attr(doc, doc = katex!())]

use super::model::{Activation, Dufm, Loss, ModelError, Params};
use super::real::Real;
use nalgebra::{DMatrix, DMatrixView, DMatrixViewMut};

/// $y \leftarrow y + a x$ entrywise (same shapes).
fn axpy<T: Real>(y: &mut DMatrix<T>, a: T, x: &DMatrix<T>) {
    for (yi, &xi) in y.as_mut_slice().iter_mut().zip(x.as_slice()) {
        *yi += a * xi;
    }
}

/// The objective split into fit and regulariser.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossParts<T> {
    /// $g(Z)$.
    pub fit: T,
    /// $\frac{\lambda_W}{2}\sum_l\Vert W_l\Vert_F^2 + \frac{\lambda_H}{2}\Vert H_1\Vert_F^2$.
    pub reg: T,
}

impl<T: Real> LossParts<T> {
    /// fit + reg.
    pub fn total(&self) -> T {
        self.fit + self.reg
    }
}

/// Gradient descent on a [`Dufm`] in float type `T`.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct Trainer<T: Real> {
    model: Dufm,
    lr: T,
    lambda_h: T,
    lambda_w: T,
    params: Params<T>,
    /// $H_2, \dots, H_L$ (activations; `d x N` each).
    hs: Vec<DMatrix<T>>,
    z: DMatrix<T>,
    dz: DMatrix<T>,
    dh: DMatrix<T>,
    dh2: DMatrix<T>,
    g_hidden: DMatrix<T>,
    g_out: DMatrix<T>,
    /// $H_l^\top$ (`N x d`).
    ht: DMatrix<T>,
    /// $W_l^\top$ for hidden layers (`d x d`) and for $W_L$ (`d x K`).
    wt_hidden: DMatrix<T>,
    wt_out: DMatrix<T>,
    labels: Vec<usize>,
    forward_fresh: bool,
    /// Split each step's products over two rayon tasks (see [`Trainer::set_parallel`]).
    parallel: bool,
}

/// Multiply-adds of one forward pass, $(L-1)d^2N + KdN$, from which a step runs on two
/// rayon tasks by default (feature `parallel`): $2^{20}$ multiply-adds take about 40 µs on one
/// core, well above the few microseconds a `rayon::join` costs. Config (a) (30 000) stays
/// sequential; (b) (6.2 M) and (c) (6.4 M) run on two cores.
#[cfg_attr(doc, doc = katex!())]
pub const PARALLEL_THRESHOLD: u64 = 1 << 20;

/// Fewest columns ($N$) for which the forward pass is split into two column blocks.
const MIN_SPLIT_COLUMNS: usize = 16;

/// `(a(), b())`, on two rayon tasks when `parallel` (and the feature is on).
fn join<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "parallel")]
    if parallel {
        return rayon::join(a, b);
    }
    #[cfg(not(feature = "parallel"))]
    let _ = parallel;
    (a(), b())
}

/// Forward pass on one block of columns (samples): $H_{l+1} = \sigma(W_l H_l)$ for
/// $l < L$ and $Z = W_L H_L$. `h1` is the block of $H_1$; `hs[l]` and `z` are the same
/// columns of $H_{l+2}$ and $Z$ as contiguous column-major slices (`d x cols`, `K x cols`).
fn forward_block<T: Real>(
    model: &Dufm,
    w: &[DMatrix<T>],
    h1: DMatrixView<'_, T>,
    hs: &mut [&mut [T]],
    z: &mut [T],
) {
    let (one, zero) = (T::one(), T::zero());
    let (d, k, cols) = (model.width, model.classes, h1.ncols());
    for l in 1..model.layers {
        let (before, after) = hs.split_at_mut(l - 1);
        let mut out = DMatrixViewMut::from_slice(&mut *after[0], d, cols);
        if l == 1 {
            out.gemm(one, &w[l - 1], &h1, zero);
        } else {
            let input = DMatrixView::from_slice(&*before[l - 2], d, cols);
            out.gemm(one, &w[l - 1], &input, zero);
        }
        if model.activation == Activation::Relu {
            // contiguous slice, branch-free select (vectorises)
            for x in after[0].iter_mut() {
                *x = if *x > zero { *x } else { zero };
            }
        }
    }
    let mut out = DMatrixViewMut::from_slice(z, k, cols);
    if model.layers == 1 {
        out.gemm(one, &w[0], &h1, zero);
    } else {
        let last = DMatrixView::from_slice(&*hs[model.layers - 2], d, cols);
        out.gemm(one, &w[model.layers - 1], &last, zero);
    }
}

/// The objective and its full gradient $\nabla_P\mathcal L$ (same order as [`Params::iter`]) at
/// `params`: one forward and one backward pass of a fresh [`Trainer`]. Entries are not checked
/// for finiteness (a NaN or infinity propagates), so line searches may evaluate anywhere.
#[cfg_attr(doc, doc = katex!())]
pub fn loss_and_gradient<T: Real>(
    model: Dufm,
    params: Params<T>,
) -> Result<(LossParts<T>, Params<T>), ModelError> {
    Ok(Trainer::build(model, 0.0, params)?.loss_and_gradient())
}

/// The objective at `params` (one forward pass; entries not checked for finiteness).
pub fn loss_at<T: Real>(model: Dufm, params: Params<T>) -> Result<LossParts<T>, ModelError> {
    Ok(Trainer::build(model, 0.0, params)?.loss())
}

impl<T: Real> Trainer<T> {
    /// A trainer for `model` with step size `lr`, starting at `params`. An error (naming the
    /// argument) unless the model is valid, the shapes match, every entry is finite and `lr`
    /// is finite and positive in `T` (so an `f32` trainer rejects an `lr` that rounds to 0 or
    /// ∞).
    pub fn new(model: Dufm, lr: f64, params: Params<T>) -> Result<Self, ModelError> {
        let lr_t = T::of(lr).to_f64();
        if !(lr_t.is_finite() && lr_t > 0.0) {
            return Err(ModelError::BadStepSize { value: lr });
        }
        for (i, p) in params.iter().enumerate() {
            if p.iter().any(|x| !x.to_f64().is_finite()) {
                return Err(ModelError::NonFinite {
                    param: Dufm::param_name(i),
                });
            }
        }
        Self::build(model, lr, params)
    }

    /// [`Self::new`] without the finiteness check.
    fn build(model: Dufm, lr: f64, params: Params<T>) -> Result<Self, ModelError> {
        model.validate()?;
        params.check_shapes(&model)?;
        let (k, d, nn) = (model.classes, model.width, model.n_total());
        Ok(Self {
            model,
            lr: T::of(lr),
            lambda_h: T::of(model.lambda_h),
            lambda_w: T::of(model.lambda_w),
            params,
            hs: vec![DMatrix::zeros(d, nn); model.layers - 1],
            z: DMatrix::zeros(k, nn),
            dz: DMatrix::zeros(k, nn),
            dh: DMatrix::zeros(d, nn),
            dh2: DMatrix::zeros(d, nn),
            g_hidden: DMatrix::zeros(d, d),
            g_out: DMatrix::zeros(k, d),
            ht: DMatrix::zeros(nn, d),
            wt_hidden: DMatrix::zeros(d, d),
            wt_out: DMatrix::zeros(d, k),
            labels: (0..nn).map(|i| model.label(i)).collect(),
            forward_fresh: false,
            parallel: cfg!(feature = "parallel") && Self::large(&model),
        })
    }

    /// The model.
    pub fn model(&self) -> &Dufm {
        &self.model
    }

    /// The step size.
    pub fn lr(&self) -> T {
        self.lr
    }

    /// The current parameters.
    pub fn params(&self) -> &Params<T> {
        &self.params
    }

    /// Replace the parameters (shapes must match).
    pub fn set_params(&mut self, params: Params<T>) -> Result<(), ModelError> {
        params.check_shapes(&self.model)?;
        self.params = params;
        self.forward_fresh = false;
        Ok(())
    }

    /// Whether `model` is at least [`PARALLEL_THRESHOLD`] multiply-adds per forward pass
    /// (saturating arithmetic: a size too large to count is large).
    fn large(model: &Dufm) -> bool {
        let (k, d, n, l) = (
            model.classes as u64,
            model.width as u64,
            model.n_total() as u64,
            model.layers as u64,
        );
        let hidden = (l - 1)
            .saturating_mul(d)
            .saturating_mul(d)
            .saturating_mul(n);
        let out = k.saturating_mul(d).saturating_mul(n);
        hidden.saturating_add(out) >= PARALLEL_THRESHOLD
    }

    /// Run each step's products on two rayon tasks (`true`) or on the calling thread. The
    /// default is `true` for models of at least [`PARALLEL_THRESHOLD`] multiply-adds per forward
    /// pass when the `parallel` feature is on; without the feature this is a no-op. The
    /// results are bitwise the same either way: the forward pass splits the samples into two
    /// column blocks (each output entry is the same dot product in the same order), and the
    /// backward pass runs $\nabla W_l = \delta G_l H_l^\top$ and $\delta H_l = W_l^\top \delta G_l$
    /// (two independent products) side by side.
    pub fn set_parallel(&mut self, on: bool) {
        self.parallel = cfg!(feature = "parallel") && on;
    }

    /// Whether steps run on two rayon tasks (see [`Self::set_parallel`]).
    pub fn is_parallel(&self) -> bool {
        self.parallel
    }

    /// Forward pass: $H_{l+1} = \sigma(W_l H_l)$, $Z = W_L H_L$ (in two column blocks on two
    /// tasks when parallel).
    fn forward(&mut self) {
        let Self {
            model,
            params,
            hs,
            z,
            parallel,
            ..
        } = self;
        let (d, k, nn) = (model.width, model.classes, model.n_total());
        let mut hs: Vec<&mut [T]> = hs.iter_mut().map(|h| h.as_mut_slice()).collect();
        if *parallel && nn >= MIN_SPLIT_COLUMNS {
            let half = nn / 2;
            let (mut left, mut right): (Vec<&mut [T]>, Vec<&mut [T]>) =
                hs.into_iter().map(|h| h.split_at_mut(half * d)).unzip();
            let (z_left, z_right) = z.as_mut_slice().split_at_mut(half * k);
            let (m, w) = (&*model, &params.w[..]);
            let h1 = &params.h1;
            join(
                true,
                || forward_block(m, w, h1.columns(0, half), &mut left, z_left),
                || forward_block(m, w, h1.columns(half, nn - half), &mut right, z_right),
            );
        } else {
            forward_block(
                model,
                &params.w,
                params.h1.columns(0, nn),
                &mut hs,
                z.as_mut_slice(),
            );
        }
        self.forward_fresh = true;
    }

    /// $g(Z)$ and $\partial g / \partial Z$ into `dz` (after [`Self::forward`]).
    fn fit_and_dz(&mut self) -> T {
        let nn = self.model.n_total();
        let inv_n = T::one() / T::of(nn as f64);
        let (k, zero, one) = (self.model.classes, T::zero(), T::one());
        let mut fit = zero;
        match self.model.loss {
            Loss::Mse => {
                for j in 0..nn {
                    let y = self.labels[j];
                    let zc = self.z.column(j);
                    let mut dc = self.dz.column_mut(j);
                    for c in 0..k {
                        let r = if c == y { zc[c] - one } else { zc[c] };
                        fit += r * r;
                        dc[c] = r * inv_n;
                    }
                }
                fit * T::of(0.5) * inv_n
            }
            Loss::Ce => {
                for j in 0..nn {
                    let y = self.labels[j];
                    let zc = self.z.column(j);
                    let mut dc = self.dz.column_mut(j);
                    let m = zc.iter().fold(zc[0], |a, &b| a.max(b));
                    let mut s = zero;
                    for c in 0..k {
                        let e = (zc[c] - m).exp();
                        dc[c] = e;
                        s += e;
                    }
                    fit += s.ln() - (zc[y] - m);
                    for c in 0..k {
                        let p = dc[c] / s;
                        dc[c] = (if c == y { p - one } else { p }) * inv_n;
                    }
                }
                fit * inv_n
            }
        }
    }

    /// The regulariser at the current parameters.
    fn reg(&self) -> T {
        let half = T::of(0.5);
        let w: T = self
            .params
            .w
            .iter()
            .fold(T::zero(), |a, m| a + m.norm_squared());
        half * (self.lambda_h * self.params.h1.norm_squared() + self.lambda_w * w)
    }

    /// Backward pass (after forward and `fit_and_dz`): calls `sink(i, P_i, ∇g(P_i), λ_i)` for
    /// $W_L, \dots, W_1$ and then $H_1$ (`i` in [`Dufm::shapes`] order, always in this order),
    /// each gradient with the fit gradient only; the full gradient is $\nabla g + \lambda_i P_i$.
    /// A parameter is no longer read once passed to `sink`. When parallel, the sink of $W_l$
    /// runs on one task while $\delta H_l = W_l^\top\delta G_l$ (from a copy of $W_l^\top$) runs
    /// on the other.
    fn backward(
        &mut self,
        mut sink: impl FnMut(usize, &mut DMatrix<T>, &mut DMatrix<T>, T) + Send,
    ) {
        let Self {
            model,
            params,
            hs,
            dz,
            dh,
            dh2,
            g_hidden,
            g_out,
            ht,
            wt_hidden,
            wt_out,
            lambda_h,
            lambda_w,
            parallel,
            ..
        } = self;
        let (one, zero) = (T::one(), T::zero());
        let (layers, lambda_w, relu) = (
            model.layers,
            *lambda_w,
            model.activation == Activation::Relu,
        );
        let Params { h1, w: ws } = params;
        for l in (1..=layers).rev() {
            let input: &DMatrix<T> = if l == 1 { &*h1 } else { &hs[l - 2] };
            let dg: &DMatrix<T> = if l == layers { &*dz } else { &*dh };
            let g = if l == layers {
                &mut *g_out
            } else {
                &mut *g_hidden
            };
            let wt = if l == layers {
                &mut *wt_out
            } else {
                &mut *wt_hidden
            };
            let w = &mut ws[l - 1];
            w.transpose_to(wt);
            let (wt, ht, dh2, sink) = (&*wt, &mut *ht, &mut *dh2, &mut sink);
            // the mask of δG_{l-1} = δH_l ⊙ 1[H_l > 0]
            let mask: Option<&DMatrix<T>> = if l > 1 && relu {
                Some(&hs[l - 2])
            } else {
                None
            };
            join(
                *parallel,
                || {
                    // ∇W_l = δG_l H_lᵀ (+ λ_W W_l in the sink)
                    input.transpose_to(ht);
                    g.gemm(one, dg, ht, zero);
                    sink(l, w, g, lambda_w);
                },
                || {
                    // δH_l = W_lᵀ δG_l
                    dh2.gemm(one, wt, dg, zero);
                    if let Some(h) = mask {
                        for (x, &hv) in dh2.as_mut_slice().iter_mut().zip(h.as_slice()) {
                            *x = if hv > zero { *x } else { zero };
                        }
                    }
                },
            );
            std::mem::swap(dh, dh2);
        }
        // ∇H_1 = δH_1 + λ_H H_1
        sink(0, h1, dh, *lambda_h);
        self.forward_fresh = false;
    }

    /// One GD step; returns the objective at the parameters *before* the step.
    pub fn step(&mut self) -> LossParts<T> {
        self.forward();
        let fit = self.fit_and_dz();
        let lr = self.lr;
        let half = T::of(0.5);
        let mut reg = T::zero();
        // one fused pass per parameter: reg += λ/2 ‖P‖², P ← P − lr (∇g + λP)
        self.backward(|_, p, g, lambda| {
            let mut sq = T::zero();
            for (x, &gi) in p.as_mut_slice().iter_mut().zip(g.as_slice()) {
                sq += *x * *x;
                let grad = gi + lambda * *x;
                *x -= lr * grad;
            }
            reg += half * lambda * sq;
        });
        LossParts { fit, reg }
    }

    /// `steps` GD steps; returns the objective before the last one (or `None` if `steps == 0`).
    pub fn run(&mut self, steps: u64) -> Option<LossParts<T>> {
        let mut last = None;
        for _ in 0..steps {
            last = Some(self.step());
        }
        last
    }

    /// The objective at the current parameters.
    pub fn loss(&mut self) -> LossParts<T> {
        self.forward();
        let fit = self.fit_and_dz();
        LossParts {
            fit,
            reg: self.reg(),
        }
    }

    /// The objective and its gradient at the current parameters (allocates the gradient).
    pub fn loss_and_gradient(&mut self) -> (LossParts<T>, Params<T>) {
        self.forward();
        let fit = self.fit_and_dz();
        let reg = self.reg();
        let mut out = self.params.clone();
        self.backward(|i, p, g, lambda| {
            // ∇P = ∇g(P) + λ P
            axpy(g, lambda, p);
            if i == 0 {
                out.h1.copy_from(g);
            } else {
                out.w[i - 1].copy_from(g);
            }
        });
        (LossParts { fit, reg }, out)
    }

    /// The gradient at the current parameters (allocates; for tests and diagnostics).
    pub fn gradient(&mut self) -> Params<T> {
        self.loss_and_gradient().1
    }

    /// The network output $Z$ at the current parameters.
    pub fn output(&mut self) -> DMatrix<T> {
        self.ensure_forward();
        self.z.clone()
    }

    /// The activations $H_1, \dots, H_L$ (features entering $W_1, \dots, W_L$).
    pub fn features(&mut self) -> Vec<DMatrix<T>> {
        self.ensure_forward();
        std::iter::once(self.params.h1.clone())
            .chain(self.hs.iter().cloned())
            .collect()
    }

    /// The last hidden pre-activation $G_{L-1} = W_{L-1} H_{L-1}$ (`d x N`); for $L = 1$,
    /// the features $H_1$ themselves.
    pub fn last_preactivation(&mut self) -> DMatrix<T> {
        let l = self.model.layers;
        if l == 1 {
            return self.params.h1.clone();
        }
        self.ensure_forward();
        let input = if l == 2 {
            &self.params.h1
        } else {
            &self.hs[l - 3]
        };
        &self.params.w[l - 2] * input
    }

    fn ensure_forward(&mut self) {
        if !self.forward_fresh {
            self.forward();
        }
    }
}

/// One independent training run for [`run_many`]: `steps` GD steps on `model` at step size
/// `lr` from `init`.
#[derive(Debug, Clone)]
pub struct Run<T: Real> {
    /// The model.
    pub model: Dufm,
    /// The step size.
    pub lr: f64,
    /// The initial parameters.
    pub init: Params<T>,
    /// Number of GD steps.
    pub steps: u64,
}

/// Train independent runs, on all of rayon's threads with the feature `parallel` (one after
/// another without it), and return each trainer after its steps, in the order of `runs`. Each
/// entry is bitwise what `Trainer::new(model, lr, init)` followed by `run(steps)` gives on its
/// own (the runs share nothing; a step is deterministic whether or not it is split, see
/// [`Trainer::set_parallel`]); an invalid run is its [`ModelError`] and does not stop the others.
/// When there are at least as many runs as threads, each run stays on one thread.
pub fn run_many<T: Real>(runs: Vec<Run<T>>) -> Vec<Result<Trainer<T>, ModelError>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        let split = runs.len() < rayon::current_num_threads();
        runs.into_par_iter().map(|r| one_run(r, split)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        runs.into_iter().map(|r| one_run(r, false)).collect()
    }
}

fn one_run<T: Real>(run: Run<T>, split: bool) -> Result<Trainer<T>, ModelError> {
    let mut t = Trainer::new(run.model, run.lr, run.init)?;
    if !split {
        t.set_parallel(false);
    }
    t.run(run.steps);
    Ok(t)
}
