//! # Exact CDNV and nearest-class-mean error on rational samples
//!
//! ## Main definitions
//! Class $c$ has samples $h_{c,1..n_c} \in \mathbb Q^d$ (classes may differ in size),
//! $\mu_c$ their mean, $\mathrm{Var}\_c = \frac1{n_c}\sum_s \Vert h_{c,s} - \mu_c\Vert^2$,
//! $V(i,j) = (\mathrm{Var}\_i + \mathrm{Var}\_j)/(2\Vert\mu_i-\mu_j\Vert^2)$, and
//! $\mathrm{err}\_i$ = fraction of class $i$'s samples *not strictly* nearest to $\mu_i$ (ties count as errors).
//! Everything is a rational function of the samples: no square roots are needed.
//!
//! This exact arithmetic stays outside the trusted kernel on purpose: its only claim,
//! `metrics.cdnv_bounds_ncc_error`, is `sampled`, so its verdict is an observation over finitely
//! many sample sets whichever code computes them; a kernel fact would not make it a proof.
//!
//! ## Main results
//! - [`cdnv_bounds_ncc_error`]: $\mathrm{err}\_i \le \sum_{j\ne i} 4\thinspace\mathrm{Var}\_i / \Vert\mu_i - \mu_j\Vert^2$
//!   for every $i$ (a term with $\mu_i = \mu_j$ makes the bound $+\infty$), and for $K = 2$,
//!   $\frac12(\mathrm{err}\_1 + \mathrm{err}\_2) \le 4V(1,2)$. Proof: a misassigned $h$ has
//!   $\Vert h-\mu_j\Vert \le \Vert h-\mu_i\Vert$, so $\Vert\mu_i-\mu_j\Vert \le 2\Vert h-\mu_i\Vert$; Markov on $\Vert h-\mu_i\Vert^2$.
//!
//! ## References
//! Galanti, György, Hutter, ICLR 2022 (CDNV and its NCC-error bound).
#![cfg_attr(doc, doc = katex!())]

use super::MetricError;
use crate::kernel::arith::rational::{Q, qi};
use num_traits::Zero;
use std::fmt;

/// Rational samples grouped by class: `classes[c][s]` is a vector in $\mathbb Q^d$.
#[cfg_attr(doc, doc = katex!())]
pub type Samples = [Vec<Vec<Q>>];

/// Check that every class has a sample and every sample the same dimension.
pub fn check_samples(classes: &Samples) -> Result<(), MetricError> {
    let expected = classes.iter().flatten().next().map_or(0, Vec::len);
    for (class, c) in classes.iter().enumerate() {
        if c.is_empty() {
            return Err(MetricError::EmptyClass { class });
        }
        if let Some((sample, h)) = c.iter().enumerate().find(|(_, h)| h.len() != expected) {
            return Err(MetricError::Dimension {
                class,
                sample,
                expected,
                found: h.len(),
            });
        }
    }
    Ok(())
}

/// One class (reported as class 0): non-empty, one dimension.
fn check_class(samples: &[Vec<Q>]) -> Result<(), MetricError> {
    let expected = samples
        .first()
        .ok_or(MetricError::EmptyClass { class: 0 })?
        .len();
    match samples.iter().position(|h| h.len() != expected) {
        Some(sample) => Err(MetricError::Dimension {
            class: 0,
            sample,
            expected,
            found: samples[sample].len(),
        }),
        None => Ok(()),
    }
}

// ‖a − b‖² = Σ (a_r − b_r)²
/// Squared Euclidean distance.
pub fn dist_sq(a: &[Q], b: &[Q]) -> Q {
    a.iter()
        .zip(b)
        .fold(Q::zero(), |acc, (x, y)| acc + (x - y) * (x - y))
}

// μ = (1/n) Σ_s h_s
/// The mean of a non-empty list of vectors of one dimension (an error otherwise).
pub fn mean(samples: &[Vec<Q>]) -> Result<Vec<Q>, MetricError> {
    check_class(samples)?;
    Ok(mean_unchecked(samples))
}

fn mean_unchecked(samples: &[Vec<Q>]) -> Vec<Q> {
    let d = samples.first().map_or(0, Vec::len);
    let n = qi(samples.len() as i64);
    (0..d)
        .map(|r| samples.iter().fold(Q::zero(), |a, h| a + &h[r]) / &n)
        .collect()
}

// Var = (1/n) Σ_s ‖h_s − μ‖²
/// Within-class variance $\mathrm{Var}_c$ (an error unless non-empty and of one dimension).
#[cfg_attr(doc, doc = katex!())]
pub fn variance(samples: &[Vec<Q>]) -> Result<Q, MetricError> {
    check_class(samples)?;
    Ok(variance_unchecked(samples))
}

fn variance_unchecked(samples: &[Vec<Q>]) -> Q {
    let mu = mean_unchecked(samples);
    samples.iter().fold(Q::zero(), |a, h| a + dist_sq(h, &mu)) / qi(samples.len() as i64)
}

// V(i,j) = (Var_i + Var_j) / (2‖μ_i − μ_j‖²)
/// The CDNV matrix; `None` where two means coincide (and on the diagonal). An error unless
/// every class has a sample and all samples one dimension ([`check_samples`]).
pub fn cdnv(classes: &Samples) -> Result<Vec<Vec<Option<Q>>>, MetricError> {
    check_samples(classes)?;
    Ok(cdnv_unchecked(classes))
}

fn cdnv_unchecked(classes: &Samples) -> Vec<Vec<Option<Q>>> {
    let mus: Vec<Vec<Q>> = classes.iter().map(|c| mean_unchecked(c)).collect();
    let vars: Vec<Q> = classes.iter().map(|c| variance_unchecked(c)).collect();
    (0..classes.len())
        .map(|i| {
            (0..classes.len())
                .map(|j| {
                    let d2 = dist_sq(&mus[i], &mus[j]);
                    (i != j && !d2.is_zero()).then(|| (&vars[i] + &vars[j]) / (qi(2) * d2))
                })
                .collect()
        })
        .collect()
}

// err_i = #{s : ∃ j ≠ i, ‖h_{i,s} − μ_j‖² ≤ ‖h_{i,s} − μ_i‖²} / n_i
/// NCC error rate of each class (ties are errors); an error as [`cdnv`].
pub fn ncc_errors(classes: &Samples) -> Result<Vec<Q>, MetricError> {
    check_samples(classes)?;
    Ok(ncc_errors_unchecked(classes))
}

fn ncc_errors_unchecked(classes: &Samples) -> Vec<Q> {
    let mus: Vec<Vec<Q>> = classes.iter().map(|c| mean_unchecked(c)).collect();
    classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let wrong = c
                .iter()
                .filter(|h| {
                    let own = dist_sq(h, &mus[i]);
                    (0..mus.len()).any(|j| j != i && dist_sq(h, &mus[j]) <= own)
                })
                .count();
            Q::new(wrong.into(), c.len().into())
        })
        .collect()
}

/// A class whose NCC error exceeds its CDNV bound (impossible if the lemma is true).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LemmaViolation {
    /// $\mathrm{err}\_i > \sum_{j\ne i} 4\mathrm{Var}\_i/\Vert\mu_i-\mu_j\Vert^2$.
    PerClass {
        /// The class.
        class: usize,
        /// Its error.
        error: Q,
        /// The bound.
        bound: Q,
    },
    /// $K = 2$: mean error $> 4V(1,2)$.
    TwoClassMean {
        /// The mean error.
        error: Q,
        /// $4V(1,2)$.
        bound: Q,
    },
}

impl fmt::Display for LemmaViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PerClass {
                class,
                error,
                bound,
            } => write!(f, "class {class}: NCC error {error} > CDNV bound {bound}"),
            Self::TwoClassMean { error, bound } => {
                write!(
                    f,
                    "two classes: mean NCC error {error} > 4 V(1,2) = {bound}"
                )
            }
        }
    }
}

impl std::error::Error for LemmaViolation {}

/// Per-class (error, bound) pairs; `None` bound means $+\infty$.
#[cfg_attr(doc, doc = katex!())]
pub type LemmaRows = Vec<(Q, Option<Q>)>;

/// Check the CDNV-bounds-NCC-error lemma exactly on `classes`: `Ok(Ok(rows))` if it holds,
/// `Ok(Err(violation))` if not, and an error unless every class has a sample and all samples
/// one dimension.
pub fn cdnv_bounds_ncc_error(
    classes: &Samples,
) -> Result<Result<LemmaRows, Box<LemmaViolation>>, MetricError> {
    check_samples(classes)?;
    Ok(lemma_rows(classes))
}

fn lemma_rows(classes: &Samples) -> Result<LemmaRows, Box<LemmaViolation>> {
    let mus: Vec<Vec<Q>> = classes.iter().map(|c| mean_unchecked(c)).collect();
    let vars: Vec<Q> = classes.iter().map(|c| variance_unchecked(c)).collect();
    let errs = ncc_errors_unchecked(classes);
    let mut rows = Vec::with_capacity(classes.len());
    for i in 0..classes.len() {
        // bound_i = Σ_{j≠i} 4 Var_i / ‖μ_i − μ_j‖²  (+∞ if some μ_j = μ_i)
        let mut bound = Some(Q::zero());
        for j in (0..classes.len()).filter(|&j| j != i) {
            let d2 = dist_sq(&mus[i], &mus[j]);
            bound = match bound {
                Some(b) if !d2.is_zero() => Some(b + qi(4) * &vars[i] / d2),
                _ => None,
            };
        }
        if let Some(b) = &bound
            && &errs[i] > b
        {
            return Err(Box::new(LemmaViolation::PerClass {
                class: i,
                error: errs[i].clone(),
                bound: b.clone(),
            }));
        }
        rows.push((errs[i].clone(), bound));
    }
    if classes.len() == 2
        && let Some(v) = &cdnv_unchecked(classes)[0][1]
    {
        let error = (&errs[0] + &errs[1]) / qi(2);
        let bound = qi(4) * v;
        if error > bound {
            return Err(Box::new(LemmaViolation::TwoClassMean { error, bound }));
        }
    }
    Ok(rows)
}
