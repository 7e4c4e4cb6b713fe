//! # Exact spectra of strongly regular graphs
//!
//! ## Main definitions
//! - [`Spectrum`]: eigenvalues $[k, r, s]$ with multiplicities $[1, f, g]$ in
//!   $\mathbb{Q}(\sqrt\Delta)$.
//!
//! ## Main results
//! - [`spectrum`]: $r, s = \tfrac12\big((\lambda-\mu) \pm \sqrt\Delta\big)$,
//!   $\Delta = (\lambda-\mu)^2 + 4(k-\mu)$, and
//!   $f, g = \tfrac12\big[(v-1) \mp \tfrac{2k + (v-1)(\lambda-\mu)}{\sqrt\Delta}\big]$.
//!   When $\Delta$ is not a square, $r$ and $s$ are irrational, and $f, g$ are irrational too
//!   unless $2k + (v-1)(\lambda - \mu) = 0$ (the *conference* case, $f = g = (v-1)/2$).
//! - [`check_spectrum_against`]: on an explicit symmetric matrix, the multiplicities sum to
//!   $v$, $\operatorname{tr} A = \sum_i m_i\theta_i$, $\operatorname{tr} A^2 = \sum_i
//!   m_i\theta_i^2$, $\operatorname{rank}(A - \theta I) = v - m(\theta)$ for every rational
//!   $\theta$ and $\operatorname{rank}(A^2 - (r+s)A + rsI) = v - f - g$ for an irrational
//!   conjugate pair; together these determine the spectrum.
//! - [`triangular_spectrum`]: for $T(r)$ built here, $BB^\top = (r-2)I + J$,
//!   $B^\top B = 2I + A$, the srg clauses, the parameter formulas giving
//!   $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$, and that spectrum on the explicit matrix.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9, §9.1.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::quadratic::Quadratic;
use crate::arith::rational::{Q, Z};
use crate::fact::Fact;
use crate::srg::{
    SrgError, SrgParams, SrgViolation, triangular_adjacency, triangular_incidence,
    triangular_params, verify_srg,
};
use num_traits::{One, Signed};
use std::fmt;

/// The spectrum given by the parameter formulas: eigenvalues $k, r, s$ ($r > s$) with
/// multiplicities $1, f, g$, exact in $\mathbb{Q}(\sqrt\Delta)$.
///
/// These are the formal values of the formulas; they are the spectrum of a graph only if
/// one with these parameters exists. For disconnected graphs ($\mu = 0$, disjoint cliques)
/// $r = k$, and $f$ counts the copies of $k$ beyond the first.
#[cfg_attr(doc, doc = katex!())]
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

impl fmt::Display for Spectrum {
    /// `6^1, 1^4, (-2)^5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = (self.eigenvalues.iter().zip(&self.multiplicities))
            .map(|(t, m)| power_term(t, m))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// `θ^m`, with θ in parentheses when it is negative or not an integer: `(-2)^5`.
fn power_term(t: &Quadratic, m: &Quadratic) -> String {
    let t = t.to_string();
    if t.starts_with('-') || t.contains(['+', '/', '√']) {
        format!("({t})^{m}")
    } else {
        format!("{t}^{m}")
    }
}

/// The eigenvalues and multiplicities of an srg with parameters `p`, from the formulas
/// (module docs). Needs $\Delta > 0$.
///
/// # Errors
/// [`SrgError::DegenerateSpectrum`] (parameter `p`) if $\Delta \le 0$.
///
/// # Cost
/// The square-free part of $\Delta$ by trial division up to $\Delta^{1/3}$
/// ([`squarefree_decomposition`](crate::arith::quadratic::squarefree_decomposition)): instant
/// for parameters of graphs that fit in memory, but about $2^{43}$ steps for $\Delta$ near
/// $2^{130}$ (parameters near `u64::MAX`); then a few operations in $\mathbb Q(\sqrt\Delta)$.
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::SrgParams;
/// use ncverify_kernel::srg::spectrum::spectrum;
/// let s = spectrum(&SrgParams::new(10, 3, 0, 1)?)?; // Petersen: 3^1, 1^5, (-2)^4
/// assert_eq!((s.r().to_string(), s.f().to_string()), ("1".to_string(), "5".to_string()));
///
/// # Ok::<(), ncverify_kernel::srg::SrgError>(())
/// ```
// r, s = ((lambda - mu) ± sqrt(Delta)) / 2;  f, g = ((v-1) ∓ (2k + (v-1)(lambda-mu)) / sqrt(Delta)) / 2
pub fn spectrum(p: &SrgParams) -> Result<Spectrum, SrgError> {
    let delta = p.discriminant();
    if !delta.is_positive() {
        return Err(SrgError::DegenerateSpectrum { delta });
    }
    let root = Quadratic::sqrt(&delta).map_err(|_| SrgError::DegenerateSpectrum {
        delta: delta.clone(),
    })?;
    let (v, k, l, m) = p.as_integers();
    let half = Q::new(Z::one(), Z::from(2));
    let lm = Q::from_integer(l - m);
    let lmq = Quadratic::rational(lm.clone());
    let r = (&lmq + &root).scale(&half);
    let s = (&lmq - &root).scale(&half);
    let vm1 = Q::from_integer(v - 1);
    // 1/sqrt(Delta) = sqrt(Delta) / Delta
    let t = root.scale(&((Q::from_integer(k.clone() * 2) + &vm1 * &lm) / Q::from_integer(delta)));
    let vm1q = Quadratic::rational(vm1);
    let f = (&vm1q - &t).scale(&half);
    let g = (&vm1q + &t).scale(&half);
    Ok(Spectrum {
        eigenvalues: [Quadratic::rational(Q::from_integer(k)), r, s],
        multiplicities: [Quadratic::integer(1), f, g],
    })
}

/// A way in which an explicit matrix's spectrum differs from a claimed [`Spectrum`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpectrumMismatch {
    /// The matrix is not square and symmetric (ranks would not give eigenspace dimensions).
    NotSymmetric,
    /// The claimed spectrum is not of the checkable form: $k$ rational, and $r, s$ either
    /// both rational or irrational conjugates $r = \bar s$ (one field $\mathbb{Q}(\sqrt d)$).
    Form,
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
            Self::Form => write!(
                f,
                "spectrum is not [k, r, s] with k rational and r, s rational or conjugate"
            ),
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

/// Every number of `spec` in one field, $k$ rational, and $r, s$ rational or conjugate.
fn checkable_form(spec: &Spectrum) -> bool {
    let all = spec.eigenvalues.iter().chain(&spec.multiplicities);
    let mut radicand: Option<&Z> = None;
    for x in all {
        if !x.is_rational() {
            match radicand {
                None => radicand = Some(x.radicand()),
                Some(d) if d == x.radicand() => {}
                Some(_) => return false,
            }
        }
    }
    let (r, s) = (spec.r(), spec.s());
    spec.eigenvalues[0].is_rational()
        && (r.is_rational() == s.is_rational())
        && (r.is_rational() || *r == s.conjugate())
}

/// Re-derive `spec` from the symmetric matrix `a` exactly: the multiplicities add up to the
/// order, $\operatorname{tr} A = \sum m_i \theta_i$, $\operatorname{tr} A^2 = \sum m_i
/// \theta_i^2$, and for every rational eigenvalue $\theta$ (equal eigenvalues pooled)
/// $\operatorname{rank}(A - \theta I) = v - m(\theta)$. An irrational pair $r, s$ (conjugate,
/// so $r + s, rs \in \mathbb{Q}$) is checked as $\operatorname{rank}(A^2 - (r+s)A + rsI) =
/// v - f - g$. For a symmetric matrix the ranks are the eigenspace codimensions, and the
/// trace of $A$ then splits $f + g$ into $f$ and $g$ (as $r \ne s$), so passing all checks
/// means `spec` is the spectrum of `a`; the fact lists what was found.
///
/// # Errors
/// The first [`SpectrumMismatch`]: not symmetric, multiplicities not adding up to $v$, a trace
/// or a rank that differs.
///
/// # Cost
/// One $v \times v$ product and up to three ranks: $O(v^3)$ rational operations.
// sum m_i = v;  tr A^p = sum m_i theta_i^p (p = 1, 2);  rank(A - theta I) = v - m(theta)
pub fn check_spectrum_against(a: &QMatrix, spec: &Spectrum) -> Result<Fact, SpectrumMismatch> {
    if !a.is_symmetric() {
        return Err(SpectrumMismatch::NotSymmetric);
    }
    if !checkable_form(spec) {
        return Err(SpectrumMismatch::Form);
    }
    // multiplicities are counts: a negative or fractional one could cancel in the sums below
    let is_count = |m: &Quadratic| {
        m.to_rational()
            .is_some_and(|q| q.is_integer() && !q.is_negative())
    };
    if !spec.multiplicities.iter().all(is_count) {
        return Err(SpectrumMismatch::Form);
    }
    let n = a.rows();
    let order = Quadratic::rational(Q::from_integer(Z::from(n)));
    let zero = Quadratic::integer(0);
    let sum = spec
        .multiplicities
        .iter()
        .fold(zero.clone(), |acc, m| &acc + m);
    if sum != order {
        return Err(SpectrumMismatch::MultiplicitySum {
            sum: Box::new(sum),
            order: n,
        });
    }
    let a2 = a
        .checked_mul(a)
        .map_err(|_| SpectrumMismatch::NotSymmetric)?;
    let traces = [(1u32, a.trace()), (2, a2.trace())];
    for (power, matrix) in &traces {
        let from_spec =
            spec.eigenvalues
                .iter()
                .zip(&spec.multiplicities)
                .fold(zero.clone(), |acc, (t, m)| {
                    let tp = if *power == 1 { t.clone() } else { t * t };
                    &acc + &(m * &tp)
                });
        if from_spec != Quadratic::rational(matrix.clone()) {
            return Err(SpectrumMismatch::Trace {
                power: *power,
                matrix: matrix.clone(),
                spectrum: Box::new(from_spec),
            });
        }
    }
    let mut ranks = Vec::new();
    let mut rank_check = |what: String, eigenvalue: &Quadratic, m: &QMatrix, mult: &Quadratic| {
        let rank = m.rank();
        let expected = &order - mult;
        if Quadratic::rational(Q::from_integer(Z::from(rank))) == expected {
            ranks.push(format!("rank({what}) = {rank}"));
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
            rank_check(
                format!("A - ({theta})I"),
                t,
                &a.sub(&identity.scale(&theta)),
                m,
            )?;
        }
    }
    let (r, s) = (spec.r(), spec.s());
    if !r.is_rational() {
        // conjugates (checked above): r + s and rs are rational
        let (sum_rs, prod_rs) = match ((r + s).to_rational(), (r * s).to_rational()) {
            (Some(a), Some(b)) => (a, b),
            _ => return Err(SpectrumMismatch::Form),
        };
        let quad = a2.sub(&a.scale(&sum_rs)).add(&identity.scale(&prod_rs));
        rank_check(
            format!("A^2 - ({sum_rs})A + ({prod_rs})I"),
            r,
            &quad,
            &(spec.f() + spec.g()),
        )?;
    }
    // state the spectrum that was checked: equal eigenvalues pooled
    let checked: Vec<String> = pooled.iter().map(|(t, m)| power_term(t, m)).collect();
    Ok(Fact::new(format!(
        "A (v = {n}) has spectrum {}: the multiplicities sum to {n}, tr A = {} and \
         tr A^2 = {} agree, {} (exact ranks of a symmetric matrix)",
        checked.join(", "),
        traces[0].1,
        traces[1].1,
        ranks.join(", ")
    )))
}

/// Why [`triangular_spectrum`] could not establish its statement.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TriangularError {
    /// $r < 4$ or too large.
    Params(SrgError),
    /// $BB^\top \ne (r-2)I + J$.
    IncidenceGram,
    /// $B^\top B \ne 2I + A$.
    LineGraphGram,
    /// $A$ fails a clause of srg$(\binom r2, 2(r-2), r-2, 4)$.
    NotSrg(SrgViolation),
    /// The parameter formulas do not give $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$.
    Formula {
        /// What the formulas gave.
        spectrum: Box<Spectrum>,
    },
    /// The explicit matrix does not have that spectrum.
    Spectrum(SpectrumMismatch),
}

impl fmt::Display for TriangularError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Params(e) => e.fmt(f),
            Self::IncidenceGram => write!(f, "B B^T != (r-2)I + J"),
            Self::LineGraphGram => write!(f, "B^T B != 2I + A"),
            Self::NotSrg(e) => write!(f, "A is not srg(r(r-1)/2, 2(r-2), r-2, 4): {e}"),
            Self::Formula { spectrum } => write!(
                f,
                "the parameter formulas give {spectrum}, not 2(r-2)^1, (r-4)^(r-1), (-2)^(r(r-3)/2)"
            ),
            Self::Spectrum(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TriangularError {}

impl TriangularError {
    /// The caller's argument the error is about (`r` of [`triangular_spectrum`] for $r$ out of
    /// range), or `None` for a failed check of the mathematics.
    pub fn parameter(&self) -> Option<&'static str> {
        match self {
            Self::Params(_) => Some("r"),
            Self::IncidenceGram
            | Self::LineGraphGram
            | Self::NotSrg(_)
            | Self::Formula { .. }
            | Self::Spectrum(_) => None,
        }
    }
}

/// The triangular graph $T(r)$, $r \ge 4$, built here from its definition, with incidence
/// matrix $B$: $BB^\top = (r-2)I + J$, $B^\top B = 2I + A$, $A$ is
/// srg$(\binom r2, 2(r-2), r-2, 4)$ clause by clause, the parameter formulas give the spectrum
/// $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$, and $A$ has that spectrum (ranks and traces).
///
/// # Errors
/// [`TriangularError::Params`] (parameter `r`) for $r < 4$ or too large; the other variants if
/// a step of the derivation fails (a kernel defect).
///
/// # Cost
/// Products and ranks of $K \times K$ matrices, $K = \binom r2$: $O(r^6)$ rational operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::spectrum::triangular_spectrum;
/// assert!(triangular_spectrum(5).is_ok());
/// assert_eq!(triangular_spectrum(3).unwrap_err().parameter(), Some("r"));
/// ```
// B B^T = (r-2)I + J;  B^T B = 2I + A;  spec A = 2(r-2)^1, (r-4)^(r-1), (-2)^(r(r-3)/2)
pub fn triangular_spectrum(r: u64) -> Result<Fact, TriangularError> {
    let p = triangular_params(r).map_err(TriangularError::Params)?;
    let ru = usize::try_from(r)
        .map_err(|_| TriangularError::Params(SrgError::TriangularTooLarge { r }))?;
    let b = triangular_incidence(ru).map_err(TriangularError::Params)?;
    let a = triangular_adjacency(ru).map_err(TriangularError::Params)?;
    let v = a.rows();
    let int = |z: Z| Q::from_integer(z);
    let rz = Z::from(r);
    let bbt = QMatrix::identity(ru)
        .scale(&int(&rz - 2))
        .add(&QMatrix::ones(ru, ru));
    if b.mul(&b.transpose()) != bbt {
        return Err(TriangularError::IncidenceGram);
    }
    if b.transpose().mul(&b) != QMatrix::identity(v).scale(&int(Z::from(2))).add(&a) {
        return Err(TriangularError::LineGraphGram);
    }
    let srg = verify_srg(&a, &p).map_err(TriangularError::NotSrg)?;
    let spec = spectrum(&p).map_err(TriangularError::Params)?;
    let rational = |z: Z| Quadratic::rational(int(z));
    let expected = Spectrum {
        eigenvalues: [
            rational((&rz - 2) * 2),
            rational(&rz - 4),
            rational(Z::from(-2)),
        ],
        multiplicities: [
            rational(Z::one()),
            rational(&rz - 1),
            rational(&rz * (&rz - 3) / 2),
        ],
    };
    if spec != expected {
        return Err(TriangularError::Formula {
            spectrum: Box::new(spec),
        });
    }
    let on_matrix = check_spectrum_against(&a, &spec).map_err(TriangularError::Spectrum)?;
    let head = Fact::new(format!(
        "T({r}), the line graph of K_{r} built from its definition ({v} vertices, adjacency A, \
         vertex-edge incidence B): B B^T = {}I + J and B^T B = 2I + A",
        &rz - 2
    ));
    let formulas = Fact::new(format!(
        "the {p} formulas give the spectrum {spec} = 2(r-2)^1, (r-4)^(r-1), (-2)^(r(r-3)/2) at r = {r}"
    ));
    Ok(head.and(srg).and(formulas).and(on_matrix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review finding: negative multiplicities of a repeated eigenvalue cancel in every sum
    /// and rank check; they must be refused, not printed as a fact.
    #[test]
    fn negative_or_repeated_multiplicities_cannot_make_a_fact() {
        let zero = QMatrix::zeros(2, 2);
        let spec = Spectrum {
            eigenvalues: [
                Quadratic::integer(0),
                Quadratic::integer(0),
                Quadratic::integer(0),
            ],
            multiplicities: [
                Quadratic::integer(5),
                Quadratic::integer(-1),
                Quadratic::integer(-2),
            ],
        };
        assert_eq!(
            check_spectrum_against(&zero, &spec),
            Err(SpectrumMismatch::Form)
        );
        // the honest pooled spectrum of the zero matrix is 0^2
        let honest = Spectrum {
            eigenvalues: [
                Quadratic::integer(0),
                Quadratic::integer(0),
                Quadratic::integer(0),
            ],
            multiplicities: [
                Quadratic::integer(1),
                Quadratic::integer(1),
                Quadratic::integer(0),
            ],
        };
        if let Ok(f) = check_spectrum_against(&zero, &honest) {
            assert!(f.to_string().contains("spectrum 0^2"), "{f}");
        }
    }
    use crate::arith::rational::q;
    use crate::srg::fixtures::{cycle, params, triangular};
    use crate::srg::{paley_adjacency, paley_params};

    #[test]
    fn spectrum_hand_computed() {
        // Petersen: 3^1, 1^5, (-2)^4
        let s = spectrum(&params(10, 3, 0, 1)).unwrap();
        assert_eq!(s.eigenvalues, [3, 1, -2].map(Quadratic::integer));
        assert_eq!(s.multiplicities, [1, 5, 4].map(Quadratic::integer));
        assert_eq!(s.to_string(), "3^1, 1^5, (-2)^4");
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
        // parameters outside the domain are computed in Z: Delta = 4(0 - mu) < 0
        assert!(matches!(
            spectrum(&SrgParams {
                v: u64::MAX,
                k: 0,
                lambda: u64::MAX,
                mu: u64::MAX
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
            let a = triangular(r as usize);
            assert!(check_spectrum_against(&a, &s).is_ok(), "T({r})");
        }
        assert_eq!(
            check_spectrum_against(&triangular(5), &spectrum(&params(10, 6, 3, 4)).unwrap())
                .unwrap()
                .to_string(),
            "A (v = 10) has spectrum 6^1, 1^4, (-2)^5: the multiplicities sum to 10, tr A = 0 \
             and tr A^2 = 60 agree, rank(A - (6)I) = 9, rank(A - (1)I) = 6, rank(A - (-2)I) = 5 \
             (exact ranks of a symmetric matrix)"
        );
    }

    #[test]
    fn triangular_spectrum_fact_names_every_step() {
        let fact = triangular_spectrum(5).unwrap();
        assert_eq!(fact.statements().len(), 4);
        assert!(fact.statements()[0].starts_with("T(5), the line graph of K_5"));
        assert!(fact.statements()[0].contains("B B^T = 3I + J and B^T B = 2I + A"));
        assert!(fact.statements()[1].contains("satisfies srg(10, 6, 3, 4)"));
        assert!(fact.statements()[2].contains("6^1, 1^4, (-2)^5"));
        assert!(fact.statements()[3].contains("rank(A - (-2)I) = 5"));
        // r = 3 has no srg parameters: the claim's domain starts at 4
        assert_eq!(
            triangular_spectrum(3),
            Err(TriangularError::Params(SrgError::TriangularTooSmall {
                r: 3
            }))
        );
        assert!(matches!(
            triangular_spectrum(u64::MAX),
            Err(TriangularError::Params(_))
        ));
    }

    #[test]
    fn spectrum_check_rejects_wrong_spectra() {
        let a = triangular(5);
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
        let fact = check_spectrum_against(&p13, &s13).unwrap().to_string();
        assert!(fact.contains("rank(A^2 - (-1)A + (-3)I) = 1"), "{fact}");
        assert!(check_spectrum_against(&cycle(13), &s13).is_err());
        // numbers from two different fields, or an irrational k, are refused, not panicked on
        let mut mixed = s13.clone();
        mixed.multiplicities[1] = Quadratic::sqrt(&Z::from(2)).unwrap();
        assert_eq!(
            check_spectrum_against(&p13, &mixed),
            Err(SpectrumMismatch::Form)
        );
        let mut irrational_k = s13.clone();
        irrational_k.eigenvalues[0] = s13.r().clone();
        assert_eq!(
            check_spectrum_against(&p13, &irrational_k),
            Err(SpectrumMismatch::Form)
        );
        let mut lone = good.clone();
        lone.eigenvalues[2] = Quadratic::sqrt(&Z::from(3)).unwrap();
        assert_eq!(
            check_spectrum_against(&a, &lone),
            Err(SpectrumMismatch::Form)
        );
    }
}
