//! # Softmax codes
//!
//! ## Main definitions
//! - [`distance`]: the one-vs-rest distance $\operatorname{dist}(w_k, \operatorname{conv}\lbrace w_j : j \ne k\rbrace)$,
//!   exactly (squared, over $\mathbb Q$, from a rational Gram matrix) and in `f64`.
//! - [`closed`]: the closed-form optimal codes and their margins.
//! - [`solver`]: a numerical maximiser of $\rho(W) = \min_k \operatorname{dist}_k$ over unit
//!   vectors $w_1..w_K \in \mathbb R^d$.
//!
//! ## Main results
//! Known optima (Jiang et al.): $d \ge K-1$: simplex ETF, $\rho = K/(K-1)$; $d = 2$: regular
//! $K$-gon, $\rho = 1 - \cos(2\pi/K)$; $d+1 < K \le 2d$: a subset of $\lbrace\pm e_i\rbrace$, $\rho = 1$.
//!
//! ## Example
//! In the plane ($d = 2$) the best code for $K = 6$ classes is the regular hexagon, with margin
//! $1 - \cos(2\pi/6) = 1/2$; the one-vs-rest distance of its vectors agrees:
//! ```
//! use ncverify::codes::closed::{ClosedForm, closed_form};
//! use ncverify::codes::distance::margin;
//!
//! let (form, w, rho) = closed_form(2, 6).expect("a known optimum");
//! assert_eq!(form, ClosedForm::KGon);
//! assert!((rho - 0.5).abs() < 1e-12);
//! assert!((margin(&w) - rho).abs() < 1e-9);
//! ```
//!
//! ## References
//! - J. Jiang, J. Zhou, P. Wang, Q. Qu, D. Mixon, C. You, Z. Zhu, *Generalized neural collapse
//!   for a large number of classes*, ICML 2024 (arXiv:2310.05351).
#![cfg_attr(doc, doc = katex!())]

pub mod closed;
pub mod distance;
pub mod solver;
