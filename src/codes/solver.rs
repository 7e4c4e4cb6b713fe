//! # Numerical softmax codes
//!
//! ## Main definitions
//! - [`solve`]: maximise $\rho(W) = \min_k \operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j\rbrace_{j \ne k})$
//!   over unit vectors $w_1..w_K \in \mathbb R^d$ from seeded random starts.
//!
//! ## Main results
//! By the envelope theorem, with $x_k = w_k - \sum_j \lambda^{(k)}_j w_j$ the minimum-norm
//! residual of class $k$, $\partial\thinspace\operatorname{dist}_k / \partial w_k = x_k/\Vert x_k\Vert$ and
//! $\partial\thinspace\operatorname{dist}_k / \partial w_j = -\lambda^{(k)}_j x_k/\Vert x_k\Vert$. The solver ascends the
//! soft minimum $-\beta^{-1}\log\sum_k e^{-\beta\thinspace\operatorname{dist}_k}$ with a growing $\beta$,
//! renormalising the columns after every step, and keeps the best $\rho$ seen (evaluated exactly
//! by [`margin`]). It is untrusted search: its output is a witness whose margin is recomputed.
//!
//! ## References
//! - Jiang et al., ICML 2024 (arXiv:2310.05351).
#![cfg_attr(doc, doc = katex!())]

use super::distance::{distance_with_weights, margin};
use nalgebra::DMatrix;

/// Solver settings.
#[derive(Debug, Clone, Copy)]
pub struct SolverConfig {
    /// Independent random starts.
    pub restarts: usize,
    /// Ascent steps per start.
    pub iterations: usize,
    /// Seed of the deterministic generator.
    pub seed: u64,
}

impl Default for SolverConfig {
    fn default() -> Self {
        Self {
            restarts: 6,
            iterations: 1500,
            seed: 0x50f7_c0de,
        }
    }
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-300);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

fn normalise(w: &mut DMatrix<f64>) {
    for mut c in w.column_iter_mut() {
        let n = c.norm();
        if n > 0.0 {
            c /= n;
        }
    }
}

fn ascend(mut w: DMatrix<f64>, iterations: usize) -> (DMatrix<f64>, f64) {
    let k = w.ncols();
    let mut best = (w.clone(), margin(&w));
    for t in 0..iterations {
        let progress = t as f64 / iterations as f64;
        let beta = 10.0 * 1000f64.powf(progress);
        let eta = 0.05 * (1.0 - progress).max(0.002);
        let parts: Vec<(f64, nalgebra::DVector<f64>)> =
            (0..k).map(|c| distance_with_weights(&w, c)).collect();
        let rho = parts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        if rho > best.1 {
            best = (w.clone(), rho);
        }
        let weights: Vec<f64> = parts.iter().map(|p| (-beta * (p.0 - rho)).exp()).collect();
        let total: f64 = weights.iter().sum();
        let mut grad = DMatrix::zeros(w.nrows(), k);
        for (c, ((dist, lam), a)) in parts.iter().zip(&weights).enumerate() {
            if *dist <= 1e-15 {
                continue;
            }
            let x = w.column(c) - &w * lam;
            let dir = x / *dist * (a / total);
            for j in 0..k {
                let coef = if j == c { 1.0 } else { -lam[j] };
                if coef != 0.0 {
                    let mut col = grad.column_mut(j);
                    col += &dir * coef;
                }
            }
        }
        w += grad * eta;
        normalise(&mut w);
    }
    let last = margin(&w);
    if last > best.1 { (w, last) } else { best }
}

/// The best code found for $(d, K)$ and its margin $\rho$ ($d \ge 1$, $K \ge 2$).
#[cfg_attr(doc, doc = katex!())]
pub fn solve(d: usize, k: usize, cfg: &SolverConfig) -> (DMatrix<f64>, f64) {
    let mut rng = Rng(cfg.seed ^ ((d as u64) << 32) ^ k as u64);
    let mut best: Option<(DMatrix<f64>, f64)> = None;
    for _ in 0..cfg.restarts.max(1) {
        let mut w = DMatrix::from_fn(d, k, |_, _| rng.normal());
        normalise(&mut w);
        let cand = ascend(w, cfg.iterations);
        if best.as_ref().is_none_or(|b| cand.1 > b.1) {
            best = Some(cand);
        }
    }
    best.unwrap_or_else(|| (DMatrix::zeros(d, k), 0.0))
}
