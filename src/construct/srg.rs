//! # Strongly regular graphs
//!
//! A graph on $v$ vertices is *strongly regular* with parameters $(v, k, \lambda, \mu)$ when
//! it is $k$-regular, two adjacent vertices have exactly $\lambda$ common neighbours and two
//! distinct non-adjacent vertices exactly $\mu$.
//!
//! Everything exact lives in the trusted kernel and is re-exported here: the parameters and
//! the definition ([`crate::kernel::srg`]), the spectrum ([`crate::kernel::srg::spectrum`]),
//! the feasibility conditions ([`crate::kernel::srg::feasibility`]) and the Bose–Mesner
//! algebra ([`crate::kernel::srg::bose_mesner`], on the association schemes of
//! [`crate::kernel::srg::scheme`]). This module adds the floating-point twins of the
//! constructions, built from the kernel's index maps, for the `f64` cross-checks.
//!
//! ## Main definitions
//! - [`SrgParams`]: a parameter set; [`triangular_params`], [`paley_params`].
//! - [`triangular_adjacency`], [`triangular_incidence`]: the triangular graph $T(r)$ (the line
//!   graph of $K_r$) and its vertex–edge incidence matrix $B \in \lbrace0,1\rbrace^{r \times K}$,
//!   $K = \binom{r}{2}$, columns in the order of [`triangular_edges`];
//!   [`triangular_adjacency_f64`], [`triangular_incidence_f64`] from the same index map.
//! - [`paley_adjacency`], [`paley_adjacency_f64`]: the Paley graph $P(q)$, $q$ a prime
//!   $\equiv 1 \pmod 4$: $x \sim y$ iff $x - y$ is a non-zero square mod $q$.
//! - [`AdjacencyMatrix`]: a checked simple-graph adjacency matrix.
//! - [`Spectrum`]: eigenvalues and multiplicities in $\mathbb{Q}(\sqrt{\Delta})$;
//!   [`quadratic_to_f64`] approximates one for comparison with floating-point eigenvalues.
//!
//! ## Main results
//! - [`verify_srg`], [`verify_srg_identity`]: the definition clause by clause, and the
//!   identity $A^2 = kI + \lambda A + \mu(J - I - A)$, each returning a kernel fact.
//! - $T(r)$ is srg$(\binom r2, 2(r-2), r-2, 4)$ for $r \ge 4$ with $BB^\top = (r-2)I + J$,
//!   $B^\top B = 2I + A$ and spectrum $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$
//!   ([`triangular_spectrum`]); $P(q)$ is srg$(q, \tfrac{q-1}2, \tfrac{q-5}4, \tfrac{q-1}4)$.
//! - [`spectrum`]: $r, s = \tfrac12\big((\lambda-\mu) \pm \sqrt\Delta\big)$,
//!   $\Delta = (\lambda-\mu)^2 + 4(k-\mu)$, multiplicities
//!   $f, g = \tfrac12\big[(v-1) \mp \tfrac{2k + (v-1)(\lambda-\mu)}{\sqrt\Delta}\big]$;
//!   [`check_spectrum_against`] confirms a spectrum on an explicit matrix.
//! - [`feasibility`]: the counting identity, integral multiplicities, Belevitch's condition,
//!   the Krein conditions and the absolute bound (necessary conditions).
//! - [`bose_mesner_closure`]: $\operatorname{span}\lbrace I, A, J - I - A\rbrace$ of an srg is a
//!   commutative association scheme's Bose–Mesner algebra, closed under products and
//!   entrywise ReLU.
//!
//! ## References
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries*, in:
//!   Enumeration and Design, Academic Press 1984, pp. 85–122.
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9, §9.1.
//! - V. Belevitch, *Theorem of 2n-terminal networks with application to conference
//!   telephony*, Electr. Commun. 26 (1950).
#![cfg_attr(doc, doc = katex!())]

mod graphs;

pub use crate::kernel::srg::bose_mesner::{
    BoseMesnerCoefficients, BoseMesnerError, ClosureOperation, ClosureViolation, OffSpanWitness,
    bose_mesner_closure, bose_mesner_coefficients, bose_mesner_element, check_bose_mesner_closure,
    closure_samples, srg_intersection_numbers, srg_scheme,
};
pub use crate::kernel::srg::feasibility::{Feasibility, FeasibilityCondition, feasibility};
pub use crate::kernel::srg::spectrum::{
    Spectrum, SpectrumMismatch, TriangularError, check_spectrum_against, spectrum,
    triangular_spectrum,
};
pub use crate::kernel::srg::{
    AdjacencyMatrix, PairClass, SrgError, SrgParams, SrgViolation, paley_adjacency, paley_params,
    paley_residues, triangular_adjacency, triangular_configuration, triangular_edges,
    triangular_incidence, triangular_params, verify_srg, verify_srg_identity,
};
pub use graphs::{
    paley_adjacency_f64, quadratic_to_f64, triangular_adjacency_f64, triangular_incidence_f64,
};
