//! # The Bose–Mesner algebra of a graph
//!
//! ## Main definitions
//! - [`bose_mesner_coefficients`]: $m = xI + yA + z(J - I - A)$ exactly, or `None`.
//!
//! ## Main results
//! - [`check_bose_mesner_closure`]: for an srg, $A^2 = kI + \lambda A + \mu(J-I-A)$ and
//!   $AJ = JA = kJ$, $J^2 = vJ$, so the span is closed under products; any entrywise map
//!   $\phi$ sends $xI + yA + z(J-I-A)$ to $\phi(x)I + \phi(y)A + \phi(z)(J-I-A)$.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//! - theory.md §1.

use super::verify::{AdjacencyMatrix, PairClass};
use crate::kernel::QMatrix;
use crate::kernel::rational::{Q, q};
use num_traits::{Signed, Zero};
use std::fmt;

/// Coefficients $(x, y, z)$ of $xI + yA + z(J - I - A)$.
pub type BoseMesnerCoefficients = (Q, Q, Q);

/// $xI + yA + z(J - I - A)$ as a matrix.
pub fn bose_mesner_element(a: &AdjacencyMatrix, c: &BoseMesnerCoefficients) -> QMatrix {
    let n = a.order();
    QMatrix::from_fn(n, n, |i, j| match a.class(i, j) {
        PairClass::Diagonal => c.0.clone(),
        PairClass::Adjacent => c.1.clone(),
        PairClass::NonAdjacent => c.2.clone(),
    })
}

/// Two positions of one class where `m` takes different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffSpanWitness {
    /// The class.
    pub class: PairClass,
    /// The first position of the class.
    pub first: (usize, usize),
    /// A later position with a different value.
    pub second: (usize, usize),
    /// The value at `first`.
    pub first_value: Q,
    /// The value at `second`.
    pub second_value: Q,
}

/// $m = xI + yA + z(J-I-A)$ iff $m$ is constant on each class (the three supports partition
/// the positions); the constants are the coefficients. A class with no positions gets
/// coefficient 0 (any value would do). `Ok(None)` for a shape mismatch.
fn span_membership(
    a: &AdjacencyMatrix,
    m: &QMatrix,
) -> Result<Option<BoseMesnerCoefficients>, Box<OffSpanWitness>> {
    let n = a.order();
    if m.rows() != n || m.cols() != n {
        return Ok(None);
    }
    let mut seen: [Option<(usize, usize)>; 3] = [None, None, None];
    for i in 0..n {
        for j in 0..n {
            let class = a.class(i, j);
            let slot = &mut seen[class as usize];
            match *slot {
                None => *slot = Some((i, j)),
                Some(first) if m.get(first.0, first.1) != m.get(i, j) => {
                    return Err(Box::new(OffSpanWitness {
                        class,
                        first,
                        second: (i, j),
                        first_value: m.get(first.0, first.1).clone(),
                        second_value: m.get(i, j).clone(),
                    }));
                }
                Some(_) => {}
            }
        }
    }
    let coef = |s: Option<(usize, usize)>| s.map_or_else(Q::zero, |(i, j)| m.get(i, j).clone());
    Ok(Some((coef(seen[0]), coef(seen[1]), coef(seen[2]))))
}

/// Write `m` as $xI + yA + z(J - I - A)$ exactly, or `None` if it is not in that span (or
/// has the wrong shape). A class with no positions (e.g. the non-adjacent class of a
/// complete graph) gets coefficient 0.
pub fn bose_mesner_coefficients(
    a: &AdjacencyMatrix,
    m: &QMatrix,
) -> Option<BoseMesnerCoefficients> {
    span_membership(a, m).ok().flatten()
}

/// An operation of the closure test.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClosureOperation {
    /// $A \cdot A$.
    SquareOfA,
    /// $A \cdot J$.
    AJ,
    /// $J \cdot A$.
    JA,
    /// $J \cdot J$.
    JJ,
    /// The product of two span elements (coefficients of each).
    Product {
        /// Left factor's coefficients.
        left: BoseMesnerCoefficients,
        /// Right factor's coefficients.
        right: BoseMesnerCoefficients,
    },
    /// Entrywise ReLU of a span element.
    Relu {
        /// Its coefficients.
        of: BoseMesnerCoefficients,
    },
}

fn fmt_coefficients(c: &BoseMesnerCoefficients) -> String {
    format!("{}I + {}A + {}(J-I-A)", c.0, c.1, c.2)
}

impl fmt::Display for ClosureOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SquareOfA => write!(f, "A*A"),
            Self::AJ => write!(f, "A*J"),
            Self::JA => write!(f, "J*A"),
            Self::JJ => write!(f, "J*J"),
            Self::Product { left, right } => write!(
                f,
                "({})*({})",
                fmt_coefficients(left),
                fmt_coefficients(right)
            ),
            Self::Relu { of } => write!(f, "relu({})", fmt_coefficients(of)),
        }
    }
}

/// How the span $\{I, A, J - I - A\}$ failed to be closed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClosureViolation {
    /// The result of `operation` is not in the span: it differs at two positions of one class.
    NotInSpan {
        /// The operation.
        operation: Box<ClosureOperation>,
        /// Where.
        witness: Box<OffSpanWitness>,
    },
    /// ReLU landed in the span but not at $\mathrm{relu}(x)I + \mathrm{relu}(y)A +
    /// \mathrm{relu}(z)(J-I-A)$.
    ReluCoefficients {
        /// The input's coefficients.
        of: Box<BoseMesnerCoefficients>,
        /// The coefficients found.
        found: Box<BoseMesnerCoefficients>,
    },
}

impl fmt::Display for ClosureViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInSpan { operation, witness } => write!(
                f,
                "{operation} is not in span{{I, A, J}}: {} entries ({},{}) = {} and ({},{}) = {} differ",
                witness.class,
                witness.first.0,
                witness.first.1,
                witness.first_value,
                witness.second.0,
                witness.second.1,
                witness.second_value
            ),
            Self::ReluCoefficients { of, found } => write!(
                f,
                "relu({}) = {}, not the entrywise relu of the coefficients",
                fmt_coefficients(of),
                fmt_coefficients(found)
            ),
        }
    }
}

impl std::error::Error for ClosureViolation {}

/// The sample coefficient triples of [`check_bose_mesner_closure`]: the basis and three mixed
/// elements with negative and fractional coefficients.
pub fn closure_samples() -> Vec<BoseMesnerCoefficients> {
    let t = |x: Q, y: Q, z: Q| (x, y, z);
    vec![
        t(q(1, 1), q(0, 1), q(0, 1)),
        t(q(0, 1), q(1, 1), q(0, 1)),
        t(q(0, 1), q(0, 1), q(1, 1)),
        t(q(2, 1), q(-1, 1), q(1, 2)),
        t(q(-3, 1), q(2, 1), q(-1, 1)),
        t(q(-1, 3), q(-5, 2), q(7, 1)),
    ]
}

/// The span of $\{I, A, J\}$ is closed: $A^2, AJ, JA, J^2$ lie in it; the products of the
/// mixed [`closure_samples`], each with the next one cyclically and in both orders, lie in
/// it; and for every
/// sample $\mathrm{relu}(xI + yA + z(J-I-A)) = \mathrm{relu}(x)I + \mathrm{relu}(y)A +
/// \mathrm{relu}(z)(J-I-A)$. All exact; the first failure is returned.
pub fn check_bose_mesner_closure(a: &AdjacencyMatrix) -> Result<(), ClosureViolation> {
    let n = a.order();
    let am = a.matrix();
    let j = QMatrix::ones(n, n);
    let in_span = |operation: ClosureOperation, m: &QMatrix| {
        span_membership(a, m)
            .map(|c| c.expect("square products of the right order"))
            .map_err(|witness| ClosureViolation::NotInSpan {
                operation: Box::new(operation),
                witness,
            })
    };
    in_span(ClosureOperation::SquareOfA, &am.mul(am))?;
    in_span(ClosureOperation::AJ, &am.mul(&j))?;
    in_span(ClosureOperation::JA, &j.mul(am))?;
    in_span(ClosureOperation::JJ, &j.mul(&j))?;
    let samples = closure_samples();
    let mats: Vec<QMatrix> = samples.iter().map(|c| bose_mesner_element(a, c)).collect();
    // The mixed samples (indices 3..): each with the next one, cyclically, in both orders.
    // (Bilinearity makes the four products above sufficient; these are a direct check.)
    let mixed: Vec<usize> = (3..samples.len()).collect();
    for (t, &i) in mixed.iter().enumerate() {
        let j = mixed[(t + 1) % mixed.len()];
        for (l, r) in [(i, j), (j, i)] {
            let op = ClosureOperation::Product {
                left: samples[l].clone(),
                right: samples[r].clone(),
            };
            in_span(op, &mats[l].mul(&mats[r]))?;
        }
    }
    let relu = |x: &Q| {
        if x.is_negative() {
            Q::zero()
        } else {
            x.clone()
        }
    };
    for (c, m) in samples.iter().zip(&mats) {
        let found = in_span(ClosureOperation::Relu { of: c.clone() }, &m.relu())?;
        let expected = (relu(&c.0), relu(&c.1), relu(&c.2));
        // A coefficient of an empty class is reported as 0 and is not constrained.
        let classes_present = [n > 0, (0..n).any(|i| a.degree(i) > 0), {
            (0..n).any(|i| a.degree(i) + 1 < n)
        }];
        let pairs = [
            (&found.0, &expected.0),
            (&found.1, &expected.1),
            (&found.2, &expected.2),
        ];
        let agrees = pairs
            .iter()
            .zip(classes_present)
            .all(|((f, e), present)| !present || f == e);
        if !agrees {
            return Err(ClosureViolation::ReluCoefficients {
                of: Box::new(c.clone()),
                found: Box::new(found),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::srg::fixtures::cycle;
    use crate::construct::srg::zero_one;
    use crate::construct::srg::*;
    use crate::kernel::QMatrix;
    use crate::kernel::rational::qi;

    #[test]
    fn bose_mesner_round_trip_and_closure() {
        let g = AdjacencyMatrix::new(paley_adjacency(13).unwrap()).unwrap();
        for c in closure_samples() {
            let m = bose_mesner_element(&g, &c);
            assert_eq!(bose_mesner_coefficients(&g, &m), Some(c));
        }
        assert_eq!(bose_mesner_coefficients(&g, &QMatrix::zeros(3, 3)), None);
        let mut off = QMatrix::identity(13);
        off.set(0, 1, qi(1));
        assert_eq!(bose_mesner_coefficients(&g, &off), None);
        for r in 4..=7 {
            let t = AdjacencyMatrix::new(triangular_adjacency(r)).unwrap();
            assert_eq!(check_bose_mesner_closure(&t), Ok(()), "T({r})");
        }
        for qq in [5, 13, 17] {
            let p = AdjacencyMatrix::new(paley_adjacency(qq).unwrap()).unwrap();
            assert_eq!(check_bose_mesner_closure(&p), Ok(()), "P({qq})");
        }
    }

    #[test]
    fn closure_fails_on_regular_non_srgs() {
        // C6: A^2 at (0,2) counts the common neighbour 1, at (0,3) none; both non-adjacent.
        let c6 = AdjacencyMatrix::new(cycle(6)).unwrap();
        assert_eq!(
            check_bose_mesner_closure(&c6),
            Err(ClosureViolation::NotInSpan {
                operation: Box::new(ClosureOperation::SquareOfA),
                witness: Box::new(OffSpanWitness {
                    class: PairClass::NonAdjacent,
                    first: (0, 2),
                    second: (0, 3),
                    first_value: qi(1),
                    second_value: qi(0),
                }),
            })
        );
        // The 3-prism: triangle edge (0,1) has common neighbour 2, rung (0,3) none.
        let prism = zero_one(6, 6, |i, j| i != j && (i / 3 == j / 3 || (i + 3) % 6 == j));
        let prism = AdjacencyMatrix::new(prism).unwrap();
        assert_eq!(
            check_bose_mesner_closure(&prism),
            Err(ClosureViolation::NotInSpan {
                operation: Box::new(ClosureOperation::SquareOfA),
                witness: Box::new(OffSpanWitness {
                    class: PairClass::Adjacent,
                    first: (0, 1),
                    second: (0, 3),
                    first_value: qi(1),
                    second_value: qi(0),
                }),
            })
        );
        // A non-regular graph (the path 0-1-2): A^2 differs on the diagonal, 1 vs 2.
        let path = AdjacencyMatrix::new(zero_one(3, 3, |i, j| i.abs_diff(j) == 1)).unwrap();
        match check_bose_mesner_closure(&path) {
            Err(ClosureViolation::NotInSpan { operation, witness }) => {
                assert_eq!(*operation, ClosureOperation::SquareOfA);
                assert_eq!(witness.class, PairClass::Diagonal);
                assert_eq!((witness.first_value, witness.second_value), (qi(1), qi(2)));
            }
            other => panic!("expected A^2 off the span, got {other:?}"),
        }
    }
}
