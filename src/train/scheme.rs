//! # Gradient descent on the MSE deep UFM inside an association-scheme algebra
//!
//! ## Main definitions
//! - [`SchemeAlgebra`]: the cells $A_0, \dots, A_s$ (0/1 matrices with disjoint supports) of
//!   a [`Scheme`]'s kernel-checked configuration, with its exact intersection numbers
//!   $p_{ij}^k$, cell sizes $|A_j|$ and transpose map $A_j^\top = A_{\tau(j)}$
//!   ([`crate::kernel::scheme::CoherentConfiguration`]) converted once to `f64`.
//! - [`SchemeTrainer`]: full-batch GD on the MSE DUFM with $n = 1$, width $d = K$, in
//!   coefficient coordinates: $H_1 = \sum_j h_j A_j$, $W_l = \sum_j w_{l,j} A_j$.
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
//! $\delta Z = (Z - I)/K$, $\nabla W_l = \delta G_l H_l^\top + \lambda_W W_l$,
//! $\delta H_l = W_l^\top \delta G_l$, $\delta G_{l-1} = \delta H_l \odot \mathbb{1}\lbrace G_{l-1} > 0\rbrace$,
//! $\nabla H_1 = \delta H_1 + \lambda_H H_1$. Hence every full-space gradient lies in the
//! algebra, GD $M \leftarrow M - \eta \nabla M$ never leaves it, and running the same recursion
//! on coefficients is the full step exactly. Equivalently, the full gradient has coefficients
//! $g_j = (\partial \mathcal L / \partial c_j) / |A_j|$, because
//! $\partial \mathcal L/\partial c_j = \langle \nabla M, A_j\rangle_F = g_j |A_j|$.
//! The ReLU mask $\mathbb{1}\lbrace G > 0\rbrace$ is read cellwise, $\mathbb{1}\lbrace g_j > 0\rbrace$, as in the full
//! trainer.
//! One step costs $O(L s^3)$ against the full trainer's $O(L K^3)$; the tests match the
//! full trainer step by step (50 steps, $10^{-10}$ relative).
//!
//! ## References
//! - E. Bannai, T. Ito, *Algebraic Combinatorics I: Association Schemes*, Benjamin/Cummings
//!   1984, §2.2 (intersection numbers, Bose–Mesner algebra).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, ch. 9 (strongly
//!   regular graphs) and §11.1 (association schemes).
//! - Súkeník, Lampert, Mondelli, arXiv:2405.14468 (the scheme reduction of the MSE deep UFM).

use super::model::{Activation, Dufm, Loss, ModelError, Params};
use super::trainer::LossParts;
use crate::kernel::scheme::CoherentConfiguration;
use crate::search::scheme::Scheme;
use nalgebra::DMatrix;
use std::fmt;
use std::sync::Arc;

/// The cells of a scheme's algebra with their structure constants as `f64`.
///
/// The structure constants are the kernel's exact ones
/// ([`CoherentConfiguration::intersection_numbers`], sizes, transposes), converted once
/// (integers below $2^{53}$ convert exactly); nothing is recomputed here.
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
    pub fn expand(&self, c: &[f64]) -> DMatrix<f64> {
        let k = self.points();
        let labels = self.configuration.partition().labels();
        DMatrix::from_fn(k, k, |x, y| c[labels[x * k + y]])
    }

    /// $\langle X, Y \rangle_F = \sum_j x_j y_j |A_j|$.
    pub fn inner(&self, x: &[f64], y: &[f64]) -> f64 {
        x.iter()
            .zip(y)
            .zip(&self.sizes)
            .map(|((a, b), s)| a * b * s)
            .sum()
    }

    /// `out` $= \mathrm{op}(X)\thinspace\mathrm{op}(Y)$ with $\mathrm{op}$ the transpose where flagged:
    /// $(XY)\_k = \sum_{i,j} x_i y_j p_{ij}^k$.
    pub fn mul_into(&self, x: &[f64], xt: bool, y: &[f64], yt: bool, out: &mut [f64]) {
        let m = self.dim();
        out.iter_mut().for_each(|o| *o = 0.0);
        for i in 0..m {
            let xi = x[if xt { self.transpose[i] } else { i }];
            if xi == 0.0 {
                continue;
            }
            for j in 0..m {
                let xy = xi * y[if yt { self.transpose[j] } else { j }];
                let row = &self.p[(i * m + j) * m..(i * m + j + 1) * m];
                for (o, &pk) in out.iter_mut().zip(row) {
                    *o += xy * pk;
                }
            }
        }
    }
}

/// A trainer state or model that [`SchemeTrainer`] cannot run.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SchemeTrainerError {
    /// The model is invalid.
    Model(ModelError),
    /// The model is not MSE with $n = 1$ and $d = K$ = the scheme's points.
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

impl From<ModelError> for SchemeTrainerError {
    fn from(e: ModelError) -> Self {
        Self::Model(e)
    }
}

/// Full-batch GD on the MSE DUFM ($n = 1$, $d = K$) in the coefficients of a
/// [`SchemeAlgebra`]; [`SchemeTrainer::step`] equals `Trainer::step` on the expanded matrices.
#[derive(Debug, Clone)]
pub struct SchemeTrainer {
    algebra: SchemeAlgebra,
    model: Dufm,
    lr: f64,
    /// Coefficients of $H_1, W_1, \dots, W_L$.
    coeffs: Vec<Vec<f64>>,
    /// $H_2, \dots, H_L$.
    hs: Vec<Vec<f64>>,
    z: Vec<f64>,
    dz: Vec<f64>,
    dh: Vec<f64>,
    dh2: Vec<f64>,
    g: Vec<f64>,
}

impl SchemeTrainer {
    /// A trainer for `model` (MSE, $n = 1$, $d = K$) at step size `lr`, starting from the
    /// coefficient vectors of $H_1, W_1, \dots, W_L$.
    pub fn new(
        algebra: SchemeAlgebra,
        model: Dufm,
        lr: f64,
        coeffs: Vec<Vec<f64>>,
    ) -> Result<Self, SchemeTrainerError> {
        model.validate()?;
        let unsupported = |reason| Err(SchemeTrainerError::Unsupported { reason });
        if model.loss != Loss::Mse {
            return unsupported("the MSE loss");
        }
        if model.samples != 1 {
            return unsupported("samples = 1");
        }
        if model.classes != algebra.points() || model.width != algebra.points() {
            return unsupported("classes = width = the scheme's points");
        }
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
            if c.iter().any(|x| !x.is_finite()) {
                return Err(ModelError::NonFinite {
                    param: Dufm::param_name(i),
                }
                .into());
            }
        }
        Ok(Self {
            hs: vec![vec![0.0; m]; model.layers - 1],
            z: vec![0.0; m],
            dz: vec![0.0; m],
            dh: vec![0.0; m],
            dh2: vec![0.0; m],
            g: vec![0.0; m],
            algebra,
            model,
            lr,
            coeffs,
        })
    }

    /// The algebra.
    pub fn algebra(&self) -> &SchemeAlgebra {
        &self.algebra
    }

    /// Coefficients of $H_1, W_1, \dots, W_L$.
    pub fn coeffs(&self) -> &[Vec<f64>] {
        &self.coeffs
    }

    /// The expanded parameters (for comparison with `Trainer`).
    pub fn params(&self) -> Params<f64> {
        Params {
            h1: self.algebra.expand(&self.coeffs[0]),
            w: self.coeffs[1..]
                .iter()
                .map(|c| self.algebra.expand(c))
                .collect(),
        }
    }

    /// Forward: $H_{l+1} = \sigma(W_l H_l)$, $Z = W_L H_L$; then $\delta Z = (Z - I)/K$ and
    /// the fit $\frac1{2K}\Vert Z - I\Vert_F^2$.
    fn forward(&mut self) -> f64 {
        let Self {
            algebra,
            model,
            coeffs,
            hs,
            z,
            dz,
            ..
        } = self;
        let layers = model.layers;
        for l in 1..layers {
            let (before, after) = hs.split_at_mut(l - 1);
            let input = if l == 1 { &coeffs[0] } else { &before[l - 2] };
            algebra.mul_into(&coeffs[l], false, input, false, &mut after[0]);
            if model.activation == Activation::Relu {
                after[0].iter_mut().for_each(|x| *x = x.max(0.0));
            }
        }
        let last = if layers == 1 {
            &coeffs[0]
        } else {
            &hs[layers - 2]
        };
        algebra.mul_into(&coeffs[layers], false, last, false, z);
        let inv_k = 1.0 / algebra.points() as f64;
        let mut fit = 0.0;
        for ((d, (&zj, &yj)), &s) in dz
            .iter_mut()
            .zip(z.iter().zip(&algebra.identity))
            .zip(&algebra.sizes)
        {
            let r = zj - yj;
            fit += r * r * s;
            *d = r * inv_k;
        }
        0.5 * inv_k * fit
    }

    /// The regulariser $\frac{\lambda_W}{2}\sum_l\Vert W_l\Vert_F^2 + \frac{\lambda_H}{2}\Vert H_1\Vert_F^2$.
    fn reg(&self) -> f64 {
        let a = &self.algebra;
        let w: f64 = self.coeffs[1..].iter().map(|c| a.inner(c, c)).sum();
        0.5 * (self.model.lambda_h * a.inner(&self.coeffs[0], &self.coeffs[0])
            + self.model.lambda_w * w)
    }

    /// The objective at the current coefficients.
    pub fn loss(&mut self) -> LossParts<f64> {
        let fit = self.forward();
        LossParts {
            fit,
            reg: self.reg(),
        }
    }

    /// One GD step (the full trainer's recursion on coefficients); returns the objective
    /// before the step.
    pub fn step(&mut self) -> LossParts<f64> {
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
        for l in (1..=layers).rev() {
            let input = if l == 1 { &coeffs[0] } else { &hs[l - 2] };
            let dg: &[f64] = if l == layers { dz } else { dh };
            // ∇W_l = δG_l H_lᵀ + λ_W W_l
            algebra.mul_into(dg, false, input, true, g);
            // δH_l = W_lᵀ δG_l
            algebra.mul_into(&coeffs[l], true, dg, false, dh2);
            for (w, &gj) in coeffs[l].iter_mut().zip(g.iter()) {
                *w -= *lr * (gj + model.lambda_w * *w);
            }
            std::mem::swap(dh, dh2);
            if l > 1 && model.activation == Activation::Relu {
                // δG_{l-1} = δH_l ⊙ 1[H_l > 0], cellwise
                for (x, &h) in dh.iter_mut().zip(&hs[l - 2]) {
                    if h <= 0.0 {
                        *x = 0.0;
                    }
                }
            }
        }
        // ∇H_1 = δH_1 + λ_H H_1
        for (h, &gj) in coeffs[0].iter_mut().zip(dh.iter()) {
            *h -= *lr * (gj + model.lambda_h * *h);
        }
        LossParts { fit, reg }
    }

    /// The gradient of the objective with respect to the coefficients,
    /// $\partial\mathcal L/\partial c_{l,j} = g_{l,j}\thinspace|A_j|$, where $g_{l,j}$ are the
    /// coefficients of the full-space gradient (a GD step of size 1 on a clone gives them).
    pub fn coefficient_gradient(&self) -> Vec<Vec<f64>> {
        let mut t = self.clone();
        t.lr = 1.0;
        t.step();
        self.coeffs
            .iter()
            .zip(&t.coeffs)
            .map(|(before, after)| {
                before
                    .iter()
                    .zip(after)
                    .zip(&self.algebra.sizes)
                    .map(|((b, a), s)| (b - a) * s)
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
        m.loss = Loss::Ce;
        assert!(SchemeTrainer::new(a.clone(), m, 0.1, c.clone()).is_err());
        let m = dufm(3, 2, 0.0, 0.0, true);
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
                        lr in 0.01..0.2f64)
            (coeffs in proptest::collection::vec(
                proptest::collection::vec(-1.0..1.0f64, SchemeAlgebra::new(&scheme).dim()),
                layers + 1),
             scheme in Just(scheme), layers in Just(layers), relu in Just(relu),
             lambda_h in Just(lambda_h), lambda_w in Just(lambda_w), lr in Just(lr))
            -> (Scheme, Dufm, f64, Vec<Vec<f64>>) {
            let model = dufm(scheme.points(), layers, lambda_h, lambda_w, relu);
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
