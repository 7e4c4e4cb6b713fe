//! # Exact spectra of strongly regular graphs
//!
//! ## Main definitions
//! - [`Spectrum`]: $[k, r, s]$ with multiplicities $[1, f, g]$ in $\mathbb{Q}(\sqrt\Delta)$.
//!
//! ## Main results
//! - [`spectrum`]: $r, s = \frac12\big((\lambda-\mu) \pm \sqrt\Delta\big)$, $\Delta = (\lambda-\mu)^2 + 4(k-\mu)$,
//!   $f, g = \frac12\big[(v-1) \mp \frac{2k + (v-1)(\lambda-\mu)}{\sqrt\Delta}\big]$ (irrational unless
//!   $\Delta$ is a square or $2k + (v-1)(\lambda-\mu) = 0$).
//! - [`check_spectrum_against`]: traces of $A$, $A^2$ and exact ranks of $A - \theta I$ confirm
//!   a spectrum on an explicit matrix.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//! - theory.md §1.

use super::{SrgError, SrgParams, qs, qu};
use crate::kernel::QMatrix;
use crate::kernel::quadratic::Quadratic;
use crate::kernel::rational::{Q, Z, q};
use num_traits::{One, Signed, ToPrimitive};
use std::fmt;

/// The spectrum given by the parameter formulas: eigenvalues $k, r, s$ ($r > s$) with
/// multiplicities $1, f, g$, exact in $\mathbb{Q}(\sqrt\Delta)$.
///
/// These are the formal values of the formulas; they are the spectrum of a graph only if
/// one with these parameters exists. $r, s$ are irrational iff $\Delta$ is not a perfect
/// square; $f, g$ are then irrational as well, except in the conference case
/// $2k + (v-1)(\lambda-\mu) = 0$ where $f = g = (v-1)/2$. For disconnected graphs
/// ($\mu = 0$, disjoint cliques) $r = k$, and $f$ counts the copies of $k$ beyond the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spectrum {
    /// $[k, r, s]$ with $r > s$.
    pub eigenvalues: [Quadratic; 3],
    /// $[1, f, g]$.
    pub multiplicities: [Quadratic; 3],
}

impl Spectrum {
    /// The larger non-trivial eigenvalue $r$.
    pub fn r(&self) -> &Quadratic {
        &self.eigenvalues[1]
    }
    /// The smaller non-trivial eigenvalue $s$.
    pub fn s(&self) -> &Quadratic {
        &self.eigenvalues[2]
    }
    /// The multiplicity $f$ of $r$.
    pub fn f(&self) -> &Quadratic {
        &self.multiplicities[1]
    }
    /// The multiplicity $g$ of $s$.
    pub fn g(&self) -> &Quadratic {
        &self.multiplicities[2]
    }
}

/// The eigenvalues and multiplicities of an srg with parameters `p`, from the formulas
/// (module docs). Needs $\Delta > 0$.
// r, s = ((lambda - mu) ± sqrt(Delta)) / 2;  f, g = ((v-1) ∓ (2k + (v-1)(lambda-mu)) / sqrt(Delta)) / 2
pub fn spectrum(p: &SrgParams) -> Result<Spectrum, SrgError> {
    let delta = p.discriminant();
    if !delta.is_positive() {
        return Err(SrgError::DegenerateSpectrum { delta });
    }
    let root = Quadratic::sqrt(&delta).expect("a positive radicand");
    let half = q(1, 2);
    let lm = qu(p.lambda) - qu(p.mu);
    let lmq = Quadratic::rational(lm.clone());
    let r = (&lmq + &root).scale(&half);
    let s = (&lmq - &root).scale(&half);
    let vm1 = qu(p.v) - Q::one();
    // 1/sqrt(Delta) = sqrt(Delta) / Delta
    let t = root
        .scale(&((qu(p.k) * Q::from_integer(Z::from(2)) + &vm1 * &lm) / Q::from_integer(delta)));
    let vm1q = Quadratic::rational(vm1);
    let f = (&vm1q - &t).scale(&half);
    let g = (&vm1q + &t).scale(&half);
    let k = Quadratic::rational(qu(p.k));
    Ok(Spectrum {
        eigenvalues: [k, r, s],
        multiplicities: [Quadratic::integer(1), f, g],
    })
}

/// A way in which an explicit matrix's spectrum differs from a claimed [`Spectrum`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpectrumMismatch {
    /// The matrix is not square and symmetric (ranks would not give eigenspace dimensions).
    NotSymmetric,
    /// The multiplicities do not add up to the order.
    MultiplicitySum {
        /// $\sum_i m_i$.
        sum: Box<Quadratic>,
        /// The order of the matrix.
        order: usize,
    },
    /// $\operatorname{tr} A^p \ne \sum_i m_i \theta_i^p$.
    Trace {
        /// The power $p$.
        power: u32,
        /// $\operatorname{tr} A^p$.
        matrix: Q,
        /// $\sum_i m_i \theta_i^p$.
        spectrum: Box<Quadratic>,
    },
    /// $\operatorname{rank}(A - \theta I) \ne v - m(\theta)$ for a rational eigenvalue
    /// $\theta$, or $\operatorname{rank}\big((A - rI)(A - sI)\big) \ne v - f - g$ for an
    /// irrational conjugate pair (then `eigenvalue` is $r$).
    Rank {
        /// The eigenvalue.
        eigenvalue: Box<Quadratic>,
        /// The rank found.
        rank: usize,
        /// The rank the multiplicity implies.
        expected: Box<Quadratic>,
    },
}

impl fmt::Display for SpectrumMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSymmetric => write!(f, "matrix is not square and symmetric"),
            Self::MultiplicitySum { sum, order } => {
                write!(f, "multiplicities sum to {sum}, matrix order is {order}")
            }
            Self::Trace {
                power,
                matrix,
                spectrum,
            } => write!(
                f,
                "trace of A^{power} is {matrix}, the spectrum gives {spectrum}"
            ),
            Self::Rank {
                eigenvalue,
                rank,
                expected,
            } => write!(
                f,
                "eigenvalue {eigenvalue}: rank {rank} found, multiplicity implies {expected}"
            ),
        }
    }
}

impl std::error::Error for SpectrumMismatch {}

/// Re-derive `spec` from the symmetric matrix `a` exactly: the multiplicities add up to the
/// order, $\operatorname{tr} A = \sum m_i \theta_i$, $\operatorname{tr} A^2 = \sum m_i
/// \theta_i^2$, and for every rational eigenvalue $\theta$ (equal eigenvalues pooled)
/// $\operatorname{rank}(A - \theta I) = v - m(\theta)$. An irrational pair $r, s$ (conjugate,
/// so $r + s, rs \in \mathbb{Q}$) is checked as $\operatorname{rank}(A^2 - (r+s)A + rsI) =
/// v - f - g$. For a symmetric matrix the ranks are the eigenspace codimensions, and the
/// trace of $A$ then splits $f + g$ into $f$ and $g$ (as $r \ne s$), so passing all checks
/// means `spec` is the spectrum of `a`.
pub fn check_spectrum_against(a: &QMatrix, spec: &Spectrum) -> Result<(), SpectrumMismatch> {
    if !a.is_symmetric() {
        return Err(SpectrumMismatch::NotSymmetric);
    }
    let n = a.rows();
    let zero = Quadratic::integer(0);
    let sum = spec
        .multiplicities
        .iter()
        .fold(zero.clone(), |acc, m| &acc + m);
    if sum != Quadratic::rational(qs(n)) {
        return Err(SpectrumMismatch::MultiplicitySum {
            sum: Box::new(sum),
            order: n,
        });
    }
    let a2 = a.mul(a);
    for (power, matrix) in [(1u32, a.trace()), (2, a2.trace())] {
        let from_spec =
            spec.eigenvalues
                .iter()
                .zip(&spec.multiplicities)
                .fold(zero.clone(), |acc, (t, m)| {
                    let tp = if power == 1 { t.clone() } else { t * t };
                    &acc + &(m * &tp)
                });
        if from_spec != Quadratic::rational(matrix.clone()) {
            return Err(SpectrumMismatch::Trace {
                power,
                matrix,
                spectrum: Box::new(from_spec),
            });
        }
    }
    let rank_check = |eigenvalue: &Quadratic, m: &QMatrix, mult: &Quadratic| {
        let rank = m.rank();
        let expected = &Quadratic::rational(qs(n)) - mult;
        if Quadratic::rational(qs(rank)) == expected {
            Ok(())
        } else {
            Err(SpectrumMismatch::Rank {
                eigenvalue: Box::new(eigenvalue.clone()),
                rank,
                expected: Box::new(expected),
            })
        }
    };
    // Pool equal eigenvalues (r = k when mu = 0).
    let mut pooled: Vec<(Quadratic, Quadratic)> = Vec::new();
    for (t, m) in spec.eigenvalues.iter().zip(&spec.multiplicities) {
        match pooled.iter_mut().find(|(u, _)| u == t) {
            Some((_, total)) => *total = &*total + m,
            None => pooled.push((t.clone(), m.clone())),
        }
    }
    let identity = QMatrix::identity(n);
    for (t, m) in &pooled {
        if let Some(theta) = t.to_rational() {
            rank_check(t, &a.sub(&identity.scale(&theta)), m)?;
        }
    }
    let (r, s) = (spec.r(), spec.s());
    if !r.is_rational() {
        let sum_rs = (r + s)
            .to_rational()
            .expect("conjugates have a rational sum");
        let prod_rs = (r * s)
            .to_rational()
            .expect("conjugates have a rational product");
        let quad = a2.sub(&a.scale(&sum_rs)).add(&identity.scale(&prod_rs));
        rank_check(r, &quad, &(spec.f() + spec.g()))?;
    }
    Ok(())
}

/// A floating-point approximation of an exact element of $\mathbb{Q}(\sqrt d)$, for
/// comparing with floating-point eigenvalues (never used to decide anything).
pub fn quadratic_to_f64(x: &Quadratic) -> f64 {
    let a = x.rational_part().to_f64().unwrap_or(f64::NAN);
    let b = x.surd_coefficient().to_f64().unwrap_or(f64::NAN);
    let d = x.radicand().to_f64().unwrap_or(f64::NAN);
    a + b * d.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::srg::fixtures::{cycle, params};
    use crate::construct::srg::*;
    use crate::kernel::quadratic::Quadratic;
    use crate::kernel::rational::{Z, q};

    #[test]
    fn spectrum_hand_computed() {
        // Petersen: 3^1, 1^5, (-2)^4
        let s = spectrum(&params(10, 3, 0, 1)).unwrap();
        assert_eq!(s.eigenvalues, [3, 1, -2].map(Quadratic::integer));
        assert_eq!(s.multiplicities, [1, 5, 4].map(Quadratic::integer));
        // Paley 13: (-1 ± sqrt 13)/2, each 6 times
        let s = spectrum(&paley_params(13).unwrap()).unwrap();
        assert_eq!(s.r().to_string(), "(-1+√13)/2");
        assert_eq!(s.s().to_string(), "(-1-√13)/2");
        assert_eq!(s.f(), &Quadratic::integer(6));
        assert_eq!(s.g(), &Quadratic::integer(6));
        // (6, 2, 0, 1) fails the identity; its formal multiplicities are irrational:
        // Delta = 5, f = (5 - (4 - 5)/sqrt 5)/2 = 5/2 + sqrt5/10
        let s = spectrum(&params(6, 2, 0, 1)).unwrap();
        assert_eq!(
            s.f(),
            &Quadratic::from_parts(q(5, 2), q(1, 10), &Z::from(5)).unwrap()
        );
        assert!(matches!(
            spectrum(&SrgParams {
                v: 3,
                k: 1,
                lambda: 1,
                mu: 1
            }),
            Err(SrgError::DegenerateSpectrum { .. })
        ));
    }

    #[test]
    fn triangular_spectrum_matches_formula_and_matrix() {
        for r in 4..=8u64 {
            let s = spectrum(&triangular_params(r).unwrap()).unwrap();
            let ri = r as i64;
            assert_eq!(
                s.eigenvalues,
                [2 * (ri - 2), ri - 4, -2].map(Quadratic::integer)
            );
            assert_eq!(
                s.multiplicities,
                [1, ri - 1, ri * (ri - 3) / 2].map(Quadratic::integer)
            );
            let a = triangular_adjacency(r as usize);
            assert_eq!(check_spectrum_against(&a, &s), Ok(()), "T({r})");
        }
    }

    #[test]
    fn spectrum_check_rejects_wrong_spectra() {
        let a = triangular_adjacency(5);
        let good = spectrum(&triangular_params(5).unwrap()).unwrap();
        // Petersen's spectrum against T(5): tr A = 0 for both, tr A^2 = 30 vs 60
        let petersen = spectrum(&params(10, 3, 0, 1)).unwrap();
        assert!(check_spectrum_against(&a, &petersen).is_err());
        let mut swapped = good.clone();
        swapped.multiplicities.swap(1, 2);
        assert!(matches!(
            check_spectrum_against(&a, &swapped),
            Err(SpectrumMismatch::Trace { power: 1, .. })
        ));
        // Paley 13's irrational pair, checked through the quadratic factor
        let p13 = paley_adjacency(13).unwrap();
        let s13 = spectrum(&paley_params(13).unwrap()).unwrap();
        assert_eq!(check_spectrum_against(&p13, &s13), Ok(()));
        assert!(check_spectrum_against(&cycle(13), &s13).is_err());
    }
}
