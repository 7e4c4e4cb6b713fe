//! # The scheme-reduced MSE deep UFM
//!
//! ## Main definitions
//! - [`Scheme`]: symmetric 0/1 matrices $B_0 = I, B_1, \dots$ on $K$ points spanning a
//!   commutative algebra closed under entrywise functions (the Bose–Mesner algebra of an
//!   association scheme, or span$\{I, A, J\}$ of a strongly regular graph).
//! - [`SchemeModel`]: the DUFM restricted to $H_1 = M_0 \otimes \mathbf 1_n^\top$,
//!   $W_l = M_l$, every $M_l = \sum_j c_{l,j} B_j \in \mathbb R^{K\times K}$ (width $d = K$).
//!   Products and ReLU stay in the algebra, so the loss is a function of the coefficients
//!   $c_{l,j}$ alone (theory.md §1).
//!
//! ## Main results
//! - Chain rule: $\partial\mathcal L/\partial c_{l,j} = \langle \partial\mathcal L/\partial
//!   M_l, B_j\rangle_F$, with $\partial\mathcal L/\partial M_0 = \sum_{s}\partial\mathcal
//!   L/\partial H_1[:, \cdot\, n + s]$ (tested against finite differences).
//! - [`SchemeModel::exact_matrices`]: the same matrices over $\mathbb Q$ from rational
//!   coefficients (the witness of a certificate).
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §9.1 (strongly regular
//!   graphs) and §11 (association schemes, Bose–Mesner algebra).
//! - theory.md §1–2; arXiv:2405.14468 (K ≥ 10, L = 3 statement).

use crate::construct::srg::triangular_edges;
use crate::kernel::QMatrix;
use crate::kernel::rational::{Q, Z};
use crate::mse::explicit::mse_loss_grad_f64;
use nalgebra::DMatrix;

/// Basis matrices of a commutative association scheme (or of span{I, A, J} of an SRG).
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Human-readable name, e.g. `T(5)`.
    pub name: String,
    /// Number of points $K$.
    pub points: usize,
    /// Basis matrices as 0/1 integer matrices (row-major, $K\times K$).
    pub basis: Vec<Vec<i64>>,
}

impl Scheme {
    /// span$\{I, A, J\}$ of the triangular graph $T(r)$, $K = r(r-1)/2$: $A_{ef} = 1$ iff the
    /// edges $e \ne f$ of $K_r$ share a vertex.
    pub fn triangular(r: u64) -> Self {
        let edges = triangular_edges(r as usize);
        let k = edges.len();
        let adjacent = |a: usize, b: usize| {
            let (e, f) = (edges[a], edges[b]);
            a != b && (e.0 == f.0 || e.0 == f.1 || e.1 == f.0 || e.1 == f.1)
        };
        let mat = |f: &dyn Fn(usize, usize) -> bool| -> Vec<i64> {
            (0..k * k).map(|x| i64::from(f(x / k, x % k))).collect()
        };
        Self {
            name: format!("T({r})"),
            points: k,
            basis: vec![mat(&|a, b| a == b), mat(&adjacent), mat(&|_, _| true)],
        }
    }

    /// The Johnson scheme $J(r, t)$ on the $t$-subsets of $\{0..r-1\}$: $B_i$ relates two
    /// subsets meeting in $t - i$ points, $i = 0..t$ ($B_0 = I$).
    pub fn johnson(r: usize, t: usize) -> Self {
        let subsets: Vec<u64> = (0u64..1 << r)
            .filter(|m| m.count_ones() as usize == t)
            .collect();
        let k = subsets.len();
        let basis = (0..=t)
            .map(|i| {
                (0..k * k)
                    .map(|x| {
                        let meet = (subsets[x / k] & subsets[x % k]).count_ones() as usize;
                        i64::from(meet + i == t)
                    })
                    .collect()
            })
            .collect();
        Self {
            name: format!("J({r},{t})"),
            points: k,
            basis,
        }
    }

    /// $T(r)$ on the first $K_r = r(r-1)/2$ points beside a DNC block on `extra` points: the
    /// coherent configuration with basis $I_b, A_b, (J-I-A)_b, I_e, (J-I)_e, J_{be}, J_{eb}$
    /// (disjoint supports, closed under products and entrywise maps).
    pub fn with_dnc_remainder(r: u64, extra: usize) -> Self {
        let t = Self::triangular(r);
        let m = t.points;
        let k = m + extra;
        let (tb, ta) = (&t.basis[0], &t.basis[1]);
        let cell = |f: &dyn Fn(usize, usize) -> bool| -> Vec<i64> {
            (0..k * k).map(|x| i64::from(f(x / k, x % k))).collect()
        };
        let in_b = |i: usize| i < m;
        let mut basis = vec![
            cell(&|i, j| in_b(i) && in_b(j) && tb[i * m + j] == 1),
            cell(&|i, j| in_b(i) && in_b(j) && ta[i * m + j] == 1),
            cell(&|i, j| in_b(i) && in_b(j) && tb[i * m + j] == 0 && ta[i * m + j] == 0),
            cell(&|i, j| !in_b(i) && i == j),
        ];
        if extra > 1 {
            basis.push(cell(&|i, j| !in_b(i) && !in_b(j) && i != j));
        }
        basis.push(cell(&|i, j| in_b(i) && !in_b(j)));
        basis.push(cell(&|i, j| !in_b(i) && in_b(j)));
        Self {
            name: format!("T({r})+DNC({extra})"),
            points: k,
            basis,
        }
    }

    /// A scheme from a relation function: points $i, j$ are in class `class(i, j)`, for
    /// `classes` classes (class 0 must be the diagonal).
    fn from_classes(
        name: String,
        k: usize,
        classes: usize,
        class: impl Fn(usize, usize) -> usize,
    ) -> Self {
        let basis = (0..classes)
            .map(|c| {
                (0..k * k)
                    .map(|x| i64::from(class(x / k, x % k) == c))
                    .collect()
            })
            .collect();
        Self {
            name,
            points: k,
            basis,
        }
    }

    /// The cyclic group scheme on $\mathbb Z_K$ (circulant matrices; the regular $K$-gon lives
    /// here): class of $(i, j)$ is $(j - i) \bmod K$.
    pub fn cyclic(k: usize) -> Self {
        Self::from_classes(format!("cyclic({k})"), k, k, |i, j| (j + k - i) % k)
    }

    /// The group scheme of $\mathbb Z_2^p$ on $K = 2^p$ points (Sylvester–Hadamard
    /// diagonalises it): class of $(i, j)$ is $i \oplus j$.
    pub fn z2(p: u32) -> Self {
        let k = 1usize << p;
        Self::from_classes(format!("Z2^{p}"), k, k, |i, j| i ^ j)
    }

    /// The group-divisible "pairs" scheme on $K = 2m$ points: $I$, the partner matrix
    /// ($i \oplus 1 = j$), and all other pairs.
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
    }

    /// The trivial scheme span$\{I, J\}$ on $K$ points (DNC lives here).
    pub fn trivial(k: usize) -> Self {
        Self {
            name: format!("trivial({k})"),
            points: k,
            basis: vec![
                (0..k * k).map(|x| i64::from(x / k == x % k)).collect(),
                vec![1; k * k],
            ],
        }
    }

    /// $\sum_j c_j B_j$ in `f64`.
    pub fn combine_f64(&self, c: &[f64]) -> DMatrix<f64> {
        let k = self.points;
        DMatrix::from_fn(k, k, |i, j| {
            self.basis
                .iter()
                .zip(c)
                .map(|(b, cj)| b[i * k + j] as f64 * cj)
                .sum()
        })
    }

    /// $\sum_j c_j B_j$ exactly.
    pub fn combine_exact(&self, c: &[Q]) -> QMatrix {
        let k = self.points;
        QMatrix::from_fn(k, k, |i, j| {
            self.basis
                .iter()
                .zip(c)
                .filter(|(b, _)| b[i * k + j] != 0)
                .fold(Q::from_integer(Z::from(0)), |s, (b, cj)| {
                    s + cj * Q::from_integer(Z::from(b[i * k + j]))
                })
        })
    }

    /// $\langle G, B_j\rangle_F$ for every $j$.
    fn project(&self, g: &DMatrix<f64>) -> Vec<f64> {
        let k = self.points;
        self.basis
            .iter()
            .map(|b| {
                (0..k * k)
                    .filter(|x| b[*x] != 0)
                    .map(|x| b[x] as f64 * g[(x / k, x % k)])
                    .sum()
            })
            .collect()
    }
}

/// The DUFM restricted to a scheme: $L + 1$ matrices, `scheme.basis.len()` coefficients each.
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
    /// Number of coefficients $(L+1)\cdot\#\text{basis}$.
    pub fn dim(&self) -> usize {
        (self.layers + 1) * self.scheme.basis.len()
    }

    /// $(H_1, [W_1..W_L])$ in `f64` from the coefficients (matrix-major).
    pub fn matrices_f64(&self, c: &[f64]) -> (DMatrix<f64>, Vec<DMatrix<f64>>) {
        let b = self.scheme.basis.len();
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
        let b = self.scheme.basis.len();
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
        let k = self.scheme.points;
        let (f, dh, dws) =
            mse_loss_grad_f64(&h, &ws, k, self.samples, self.lambda_w, self.lambda_h);
        let n = self.samples;
        let dm0 = DMatrix::from_fn(k, k, |i, j| (0..n).map(|s| dh[(i, j * n + s)]).sum());
        let mut g = self.scheme.project(&dm0);
        for dw in &dws {
            g.extend(self.scheme.project(dw));
        }
        (f, g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::dufm::mse_loss_exact;
    use crate::kernel::rational::q;
    use crate::numeric::q_to_f64;

    #[test]
    fn triangular_basis_is_an_srg_algebra() {
        // T(5) = srg(10, 6, 3, 4): A² = 6I + 3A + 4(J - I - A)
        let s = Scheme::triangular(5);
        let a = s.combine_f64(&[0.0, 1.0, 0.0]);
        let rhs = s.combine_f64(&[6.0 - 4.0, 3.0 - 4.0, 4.0]);
        assert_eq!(&a * &a, rhs);
    }

    #[test]
    fn johnson_two_subsets_are_the_triangular_graph() {
        let j = Scheme::johnson(5, 2);
        let t = Scheme::triangular(5);
        assert_eq!(j.points, 10);
        // B_1 of J(5,2) relates pairs meeting in one point: T(5)'s adjacency
        let a_j = j.combine_f64(&[0.0, 1.0, 0.0]);
        let a_t = t.combine_f64(&[0.0, 1.0, 0.0]);
        // both are srg(10,6,3,4) adjacency matrices on possibly different orderings of the
        // pairs; compare spectra through traces of powers
        for p in 1..5 {
            assert_eq!(a_j.pow(p).trace(), a_t.pow(p).trace());
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let s = Scheme::triangular(4);
        let m = SchemeModel {
            scheme: &s,
            layers: 3,
            samples: 2,
            lambda_w: 0.01,
            lambda_h: 0.02,
        };
        let c: Vec<f64> = (0..m.dim())
            .map(|i| 0.3 + 0.17 * ((i * 7 % 5) as f64) - 0.2 * ((i % 3) as f64))
            .collect();
        let (_, g) = m.loss_grad(&c);
        for i in 0..m.dim() {
            let h = 1e-6;
            let mut cp = c.clone();
            cp[i] += h;
            let mut cm = c.clone();
            cm[i] -= h;
            let fd = (m.loss_grad(&cp).0 - m.loss_grad(&cm).0) / (2.0 * h);
            assert!(
                (fd - g[i]).abs() < 1e-6 * (1.0 + g[i].abs()),
                "coef {i}: {fd} vs {}",
                g[i]
            );
        }
    }

    #[test]
    fn exact_matrices_agree_with_f64_loss() {
        let s = Scheme::triangular(5);
        let m = SchemeModel {
            scheme: &s,
            layers: 3,
            samples: 2,
            lambda_w: 0.004,
            lambda_h: 0.004,
        };
        let cq: Vec<Q> = (0..m.dim() as i64)
            .map(|i| q(i % 5 - 2, 4 + i % 3))
            .collect();
        let cf: Vec<f64> = cq.iter().map(q_to_f64).collect();
        let (h, ws) = m.exact_matrices(&cq);
        let exact = mse_loss_exact(&h, &ws, 10, 2, &q(1, 250), &q(1, 250)).unwrap();
        let float = m.loss_grad(&cf).0;
        assert!((q_to_f64(&exact) - float).abs() < 1e-12 * float.abs());
    }
}
