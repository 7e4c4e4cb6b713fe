//! # Triangular and Paley graphs
//!
//! ## Main definitions
//! - [`triangular_edges`]: the edges $\{i<j\}$ of $K_r$ in lexicographic order — the one
//!   index map from which $T(r)$'s adjacency and incidence matrices (exact and `f64`) are built.
//! - [`paley_adjacency`]: $P(q)$ on $\mathbb{Z}_q$, $x \sim y$ iff $x - y$ is a non-zero square.
//!
//! ## Main results
//! - $BB^\top = (r-2)I + J$ and $B^\top B = 2I + A_{T(r)}$ for every $r$ ($B$ the incidence
//!   matrix): $(BB^\top)_{xy}$ counts edges through $x$ and $y$, $(B^\top B)_{ef} = |e \cap f|$.
//! - $T(r)$ is srg$(\binom r2, 2(r-2), r-2, 4)$ for $r \ge 4$; $P(q)$ is
//!   srg$(q, \frac{q-1}2, \frac{q-5}4, \frac{q-1}4)$ for primes $q \equiv 1 \pmod 4$.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//! - theory.md §1.

use super::{SrgError, SrgParams, zero_one, zero_one_f64};
use crate::kernel::QMatrix;
use nalgebra::DMatrix;

/// The edges $\{i < j\}$ of $K_r$ in lexicographic order:
/// $(0,1), (0,2), \dots, (0,r-1), (1,2), \dots, (r-2, r-1)$. Edge number $e$ is vertex $e$ of
/// $T(r)$ and column $e$ of the incidence matrix. Empty for $r \le 1$.
pub fn triangular_edges(r: usize) -> Vec<(usize, usize)> {
    (0..r)
        .flat_map(|i| (i + 1..r).map(move |j| (i, j)))
        .collect()
}

/// Vertex `x` of $K_r$ lies on edge `e`.
fn incident(edges: &[(usize, usize)], x: usize, e: usize) -> bool {
    edges[e].0 == x || edges[e].1 == x
}

/// Edges `e != f` of $K_r$ share an endpoint (adjacency in $T(r)$).
fn edges_meet(edges: &[(usize, usize)], e: usize, f: usize) -> bool {
    let ((a, b), (c, d)) = (edges[e], edges[f]);
    e != f && (a == c || a == d || b == c || b == d)
}

/// Adjacency matrix of the triangular graph $T(r) = L(K_r)$, $K = \binom r2$ vertices in the
/// order of [`triangular_edges`]. Defined for every $r$ ($T(0) = T(1)$ is the empty graph,
/// $T(2)$ a single vertex, $T(3) = K_3$); strongly regular (non-trivially) for $r \ge 4$.
pub fn triangular_adjacency(r: usize) -> QMatrix {
    let edges = triangular_edges(r);
    zero_one(edges.len(), edges.len(), |e, f| edges_meet(&edges, e, f))
}

/// Vertex–edge incidence matrix $B \in \{0,1\}^{r \times K}$ of $K_r$: $B_{xe} = 1$ iff
/// vertex $x$ lies on edge $e$ (columns in the order of [`triangular_edges`]). Satisfies
/// $BB^\top = (r-2)I + J$ and $B^\top B = 2I + A_{T(r)}$ for every $r$.
pub fn triangular_incidence(r: usize) -> QMatrix {
    let edges = triangular_edges(r);
    zero_one(r, edges.len(), |x, e| incident(&edges, x, e))
}

/// [`triangular_adjacency`] in floating point (same index map).
pub fn triangular_adjacency_f64(r: usize) -> DMatrix<f64> {
    let edges = triangular_edges(r);
    zero_one_f64(edges.len(), edges.len(), |e, f| edges_meet(&edges, e, f))
}

/// [`triangular_incidence`] in floating point (same index map).
pub fn triangular_incidence_f64(r: usize) -> DMatrix<f64> {
    let edges = triangular_edges(r);
    zero_one_f64(r, edges.len(), |x, e| incident(&edges, x, e))
}

/// The parameters of $T(r)$: srg$\big(\binom r2, 2(r-2), r-2, 4\big)$, for $r \ge 4$.
/// ($T(3) = K_3$ is complete, excluded by convention; $T(4)$ is the octahedron $K_{2,2,2}$.)
pub fn triangular_params(r: u64) -> Result<SrgParams, SrgError> {
    if r < 4 {
        return Err(SrgError::TriangularTooSmall { r });
    }
    let v = r
        .checked_mul(r - 1)
        .ok_or(SrgError::TriangularTooLarge { r })?;
    SrgParams::new(v / 2, 2 * (r - 2), r - 2, 4)
}

/// `true` iff `n` is prime (trial division).
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|p| *p <= n / p)
            .all(|p| !n.is_multiple_of(p))
}

/// `residue[x]` iff $x$ is a non-zero square mod $q$, for a prime $q \equiv 1 \pmod 4$.
fn paley_residues(q: u64) -> Result<Vec<bool>, SrgError> {
    if q % 4 != 1 || !is_prime(q) {
        return Err(SrgError::NotPaleyPrime { q });
    }
    let n = q as usize;
    let mut residue = vec![false; n];
    for x in 1..q {
        residue[(u128::from(x) * u128::from(x) % u128::from(q)) as usize] = true;
    }
    Ok(residue)
}

/// Vertices $x, y$ of $P(q)$ are adjacent: $x - y$ is a non-zero square mod $q$ (symmetric
/// because $-1$ is a square when $q \equiv 1 \pmod 4$).
fn paley_pattern(residue: &[bool]) -> impl Fn(usize, usize) -> bool + '_ {
    let n = residue.len();
    move |x, y| residue[(x + n - y) % n]
}

/// Adjacency matrix of the Paley graph $P(q)$ on $\mathbb{Z}_q$, for a prime
/// $q \equiv 1 \pmod 4$ (prime powers are not constructed here).
pub fn paley_adjacency(q: u64) -> Result<QMatrix, SrgError> {
    let residue = paley_residues(q)?;
    let n = residue.len();
    Ok(zero_one(n, n, paley_pattern(&residue)))
}

/// [`paley_adjacency`] in floating point (same index map).
pub fn paley_adjacency_f64(q: u64) -> Result<DMatrix<f64>, SrgError> {
    let residue = paley_residues(q)?;
    let n = residue.len();
    Ok(zero_one_f64(n, n, paley_pattern(&residue)))
}

/// The parameters of $P(q)$: srg$\big(q, \tfrac{q-1}2, \tfrac{q-5}4, \tfrac{q-1}4\big)$ for a
/// prime $q \equiv 1 \pmod 4$.
pub fn paley_params(q: u64) -> Result<SrgParams, SrgError> {
    if q % 4 != 1 || !is_prime(q) {
        return Err(SrgError::NotPaleyPrime { q });
    }
    SrgParams::new(q, (q - 1) / 2, (q - 5) / 4, (q - 1) / 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::srg::fixtures::cycle;
    use crate::construct::srg::*;
    use crate::construct::srg::{qs, zero_one};
    use crate::kernel::QMatrix;
    use crate::kernel::rational::qi;

    #[test]
    fn triangular_edges_are_lexicographic() {
        assert_eq!(
            triangular_edges(4),
            vec![(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        );
        assert!(triangular_edges(1).is_empty());
        assert_eq!(triangular_edges(2), vec![(0, 1)]);
    }

    #[test]
    fn t4_is_the_octahedron_by_hand() {
        // Edge e is disjoint from exactly one other edge (its complement in K_4):
        // 01-23, 02-13, 03-12, i.e. columns (0,5), (1,4), (2,3).
        let a = triangular_adjacency(4);
        let expected = zero_one(6, 6, |i, j| i != j && i + j != 5);
        assert_eq!(a, expected);
        let b = triangular_incidence(4);
        // vertex 0 lies on edges 01, 02, 03
        assert_eq!(
            (0..6).map(|e| b.get(0, e).clone()).collect::<Vec<_>>(),
            [1, 1, 1, 0, 0, 0].map(qi).to_vec()
        );
    }

    #[test]
    fn incidence_identities_hold_for_every_small_r() {
        for r in 0..=9usize {
            let b = triangular_incidence(r);
            let a = triangular_adjacency(r);
            let k = r * r.saturating_sub(1) / 2;
            // B B^T = (r-2) I + J
            let bbt = QMatrix::identity(r)
                .scale(&(qs(r) - qi(2)))
                .add(&QMatrix::ones(r, r));
            assert_eq!(b.mul(&b.transpose()), bbt, "B B^T, r = {r}");
            // B^T B = 2 I + A
            let btb = QMatrix::identity(k).scale(&qi(2)).add(&a);
            assert_eq!(b.transpose().mul(&b), btb, "B^T B, r = {r}");
        }
    }

    #[test]
    fn paley_rejects_bad_orders() {
        for bad in [0u64, 1, 3, 7, 9, 21, 25, 45] {
            assert_eq!(
                paley_adjacency(bad),
                Err(SrgError::NotPaleyPrime { q: bad })
            );
            assert_eq!(paley_params(bad), Err(SrgError::NotPaleyPrime { q: bad }));
        }
        // P(5) is the 5-cycle
        assert_eq!(paley_adjacency(5).unwrap(), cycle(5));
    }
}
