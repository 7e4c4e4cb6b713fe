//! # Floating-point twins of the triangular and Paley graphs
//!
//! ## Main definitions
//! - [`triangular_adjacency_f64`], [`triangular_incidence_f64`], [`paley_adjacency_f64`]:
//!   the kernel's exact matrices in `f64`, built from the kernel's index maps
//!   ([`triangular_edges`], [`paley_residues`]) so the two cannot drift apart.
//! - [`quadratic_to_f64`]: an element of $\mathbb{Q}(\sqrt d)$ as `f64`.
//!
//! ## Main results
//! None: these only feed floating-point cross-checks (`tests/it/srg_f64.rs`); nothing here
//! decides a verdict.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
#![cfg_attr(doc, doc = katex!())]

use crate::kernel::arith::quadratic::Quadratic;
use crate::kernel::srg::{SrgError, paley_residues, triangular_edges};
use nalgebra::DMatrix;
use num_traits::ToPrimitive;

/// The $0/1$ matrix with ones where `pattern(i, j)`.
fn zero_one_f64(rows: usize, cols: usize, pattern: impl Fn(usize, usize) -> bool) -> DMatrix<f64> {
    DMatrix::from_fn(rows, cols, |i, j| if pattern(i, j) { 1.0 } else { 0.0 })
}

/// The adjacency matrix of $T(r)$ in floating point (vertices in the order of
/// [`triangular_edges`]): edges $e \ne f$ are adjacent iff they share an endpoint.
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_adjacency_f64(r: usize) -> DMatrix<f64> {
    let edges = triangular_edges(r);
    zero_one_f64(edges.len(), edges.len(), |e, f| {
        let ((a, b), (c, d)) = (edges[e], edges[f]);
        e != f && (a == c || a == d || b == c || b == d)
    })
}

/// The vertex–edge incidence matrix of $K_r$ in floating point.
#[cfg_attr(doc, doc = katex!())]
pub fn triangular_incidence_f64(r: usize) -> DMatrix<f64> {
    let edges = triangular_edges(r);
    zero_one_f64(r, edges.len(), |x, e| edges[e].0 == x || edges[e].1 == x)
}

/// The adjacency matrix of the Paley graph $P(q)$ in floating point.
#[cfg_attr(doc, doc = katex!())]
pub fn paley_adjacency_f64(q: u64) -> Result<DMatrix<f64>, SrgError> {
    let residue = paley_residues(q)?;
    let n = residue.len();
    Ok(zero_one_f64(n, n, |x, y| residue[(x + n - y) % n]))
}

/// A floating-point approximation of an exact element of $\mathbb{Q}(\sqrt d)$, for
/// comparing with floating-point eigenvalues (never used to decide anything).
#[cfg_attr(doc, doc = katex!())]
pub fn quadratic_to_f64(x: &Quadratic) -> f64 {
    let a = x.rational_part().to_f64().unwrap_or(f64::NAN);
    let b = x.surd_coefficient().to_f64().unwrap_or(f64::NAN);
    let d = x.radicand().to_f64().unwrap_or(f64::NAN);
    a + b * d.sqrt()
}
