//! # Limited-memory BFGS with a backtracking Armijo line search
//!
//! ## Main definitions
//! - [`minimize`]: L-BFGS (two-loop recursion, memory $m$) on a function returning
//!   $(f(x), \nabla f(x))$; steps are accepted by backtracking until the Armijo condition
//!   $f(x + t p) \le f(x) + c_1 t\thinspace\nabla f(x)^\top p$ holds.
//! - [`LbfgsOptions`]: memory, iteration cap, gradient tolerance.
//!
//! ## Main results
//! None: this is untrusted search. Its output is a floating-point point that the kernel
//! re-checks after exact rationalisation; a wrong step can only make a certificate fail.
//!
//! ## References
//! - J. Nocedal, S. Wright, *Numerical Optimization*, 2nd ed., Springer 2006, Algorithm 7.4
//!   (two-loop recursion) and Algorithm 3.1 (backtracking line search).
#![cfg_attr(doc, doc = katex!())]

/// Options of [`minimize`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct LbfgsOptions {
    /// Number of stored curvature pairs $m$.
    pub memory: usize,
    /// Maximum number of iterations.
    pub max_iter: usize,
    /// Stop when $\Vert\nabla f\Vert_\infty$ falls below this.
    pub grad_tol: f64,
    /// Stop when the relative decrease of one step falls below this.
    pub f_rel_tol: f64,
}

impl Default for LbfgsOptions {
    fn default() -> Self {
        Self {
            memory: 10,
            max_iter: 3000,
            grad_tol: 1e-10,
            f_rel_tol: 1e-15,
        }
    }
}

/// The result of [`minimize`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct LbfgsResult {
    /// The final point.
    pub x: Vec<f64>,
    /// $f$ at the final point.
    pub f: f64,
    /// Iterations performed.
    pub iterations: usize,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimise `fg` (returning value and gradient) from `x0` by L-BFGS.
pub fn minimize(
    mut fg: impl FnMut(&[f64]) -> (f64, Vec<f64>),
    x0: Vec<f64>,
    opts: &LbfgsOptions,
) -> LbfgsResult {
    const C1: f64 = 1e-4;
    let mut x = x0;
    let (mut f, mut g) = fg(&x);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut iterations = 0;
    while iterations < opts.max_iter {
        if g.iter().fold(0.0f64, |m, v| m.max(v.abs())) < opts.grad_tol || !f.is_finite() {
            break;
        }
        iterations += 1;
        // two-loop recursion: p = -H g
        let mut q = g.clone();
        let mut alphas = vec![0.0; s_hist.len()];
        for i in (0..s_hist.len()).rev() {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            alphas[i] = rho * dot(&s_hist[i], &q);
            q.iter_mut()
                .zip(&y_hist[i])
                .for_each(|(qj, yj)| *qj -= alphas[i] * yj);
        }
        if let (Some(s), Some(y)) = (s_hist.last(), y_hist.last()) {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        }
        for i in 0..s_hist.len() {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            let beta = rho * dot(&y_hist[i], &q);
            q.iter_mut()
                .zip(&s_hist[i])
                .for_each(|(qj, sj)| *qj += (alphas[i] - beta) * sj);
        }
        let mut p: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &p);
        if slope >= 0.0 || !slope.is_finite() {
            // not a descent direction: restart with steepest descent
            s_hist.clear();
            y_hist.clear();
            p = g.iter().map(|v| -v).collect();
            slope = dot(&g, &p);
        }
        let mut t = if s_hist.is_empty() {
            (1.0 / p.iter().map(|v| v * v).sum::<f64>().sqrt()).min(1.0)
        } else {
            1.0
        };
        let mut accepted = None;
        for _ in 0..60 {
            let xn: Vec<f64> = x.iter().zip(&p).map(|(a, b)| a + t * b).collect();
            let (fn_, gn) = fg(&xn);
            if fn_.is_finite() && fn_ <= f + C1 * t * slope {
                accepted = Some((xn, fn_, gn));
                break;
            }
            t *= 0.5;
        }
        let Some((xn, fn_, gn)) = accepted else {
            break;
        };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        let decrease = f - fn_;
        x = xn;
        g = gn;
        let f_old = f;
        f = fn_;
        if dot(&s, &y) > 1e-12 * dot(&y, &y).sqrt() * dot(&s, &s).sqrt() {
            s_hist.push(s);
            y_hist.push(y);
            if s_hist.len() > opts.memory {
                s_hist.remove(0);
                y_hist.remove(0);
            }
        }
        if decrease <= opts.f_rel_tol * f_old.abs().max(1e-300) {
            break;
        }
    }
    LbfgsResult { x, f, iterations }
}
