//! # The Bose–Mesner algebra of a strongly regular graph
//!
//! ## Main definitions
//! - [`bose_mesner_element`], [`bose_mesner_coefficients`]: $xI + yA + z(J - I - A)$ and back,
//!   through the cells of [`AdjacencyMatrix::cells`] ([`crate::srg::scheme::CellPartition`]).
//! - [`srg_intersection_numbers`]: the structure constants predicted by the parameters.
//!
//! ## Main results
//! With $C = J - I - A$:
//! - [`srg_scheme`]: for an srg$(v,k,\lambda,\mu)$ the cells $I, A, C$ form a commutative
//!   association scheme ([`crate::srg::scheme::CoherentConfiguration`], intersection numbers
//!   counted at every entry) with
//!   $A^2 = kI + \lambda A + \mu C$, $AC = CA = (k-1-\lambda)A + (k-\mu)C$,
//!   $C^2 = (v-k-1)I + (v-2k+\lambda)A + (v-2k+\mu-2)C$.
//! - [`check_bose_mesner_closure`]: $A^2, AJ, JA, J^2$, products of mixed span elements and
//!   their entrywise ReLU images lie in the span, with
//!   $\mathrm{relu}(xI + yA + zC) = \mathrm{relu}(x)I + \mathrm{relu}(y)A + \mathrm{relu}(z)C$
//!   (the three supports partition the positions). Products stay in the span exactly when
//!   the graph is strongly regular or complete/edgeless.
//! - [`bose_mesner_closure`]: all of the above on one explicit matrix, as one fact.
//!
//! ## References
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9 and §11.1.
//! - E. Bannai, T. Ito, *Algebraic Combinatorics I: Association Schemes*, 1984, §2.2.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::{Q, Z, q};
use crate::fact::Fact;
use crate::srg::scheme::{CoherentConfiguration, SchemeError, SpanError};
use crate::srg::{AdjacencyMatrix, PairClass, SrgParams, SrgViolation, verify_srg};
use num_traits::{Signed, Zero};
use std::fmt;

/// Coefficients $(x, y, z)$ of $xI + yA + z(J - I - A)$.
#[cfg_attr(doc, doc = katex!())]
pub type BoseMesnerCoefficients = (Q, Q, Q);

/// $xI + yA + z(J - I - A)$ as a matrix.
///
/// # Cost
/// $O(v^2)$.
// (xI + yA + zC)_{ij} = x, y or z as (i, j) is diagonal, adjacent or neither
pub fn bose_mesner_element(a: &AdjacencyMatrix, c: &BoseMesnerCoefficients) -> QMatrix {
    let n = a.order();
    let labels = a.cells().labels();
    QMatrix::from_fn(n, n, |i, j| match labels[i * n + j] {
        0 => c.0.clone(),
        1 => c.1.clone(),
        _ => c.2.clone(),
    })
}

/// Two positions of one class where a matrix takes different values.
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

/// Why a matrix is not written in $\lbrace I, A, J - I - A\rbrace$.
enum Membership {
    Shape(usize, usize),
    Off(Box<OffSpanWitness>),
}

/// $m = xI + yA + z(J-I-A)$ iff $m$ is constant on each class; the constants are the
/// coefficients. A class with no positions gets coefficient 0.
fn span_membership(a: &AdjacencyMatrix, m: &QMatrix) -> Result<BoseMesnerCoefficients, Membership> {
    match a.cells().coefficients(m) {
        Ok(c) => match <[Q; 3]>::try_from(c) {
            Ok([x, y, z]) => Ok((x, y, z)),
            Err(_) => Err(Membership::Shape(m.rows(), m.cols())),
        },
        Err(SpanError::OffSpan(w)) => match PairClass::of_cell(w.cell) {
            Some(class) => Err(Membership::Off(Box::new(OffSpanWitness {
                class,
                first: w.first,
                second: w.second,
                first_value: w.first_value,
                second_value: w.second_value,
            }))),
            None => Err(Membership::Shape(m.rows(), m.cols())),
        },
        Err(_) => Err(Membership::Shape(m.rows(), m.cols())),
    }
}

/// Write `m` as $xI + yA + z(J - I - A)$ exactly, or `None` if it is not in that span (or
/// has the wrong shape). A class with no positions (e.g. the non-adjacent class of a
/// complete graph) gets coefficient 0.
#[cfg_attr(doc, doc = katex!())]
pub fn bose_mesner_coefficients(
    a: &AdjacencyMatrix,
    m: &QMatrix,
) -> Option<BoseMesnerCoefficients> {
    span_membership(a, m).ok()
}

/// An operation of the closure test.
#[cfg_attr(doc, doc = katex!())]
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

/// How the span $\lbrace I, A, J - I - A\rbrace$ failed to be closed.
#[cfg_attr(doc, doc = katex!())]
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
    /// The result of `operation` is not $v \times v$ (reported instead of panicking; the
    /// products here are square by construction).
    Shape {
        /// The operation.
        operation: Box<ClosureOperation>,
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
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
            Self::Shape {
                operation,
                rows,
                cols,
            } => write!(f, "{operation} is {rows}x{cols}, not v x v"),
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

/// $\max(x, 0)$.
fn relu(x: &Q) -> Q {
    if x.is_negative() {
        Q::zero()
    } else {
        x.clone()
    }
}

/// The span of $\lbrace I, A, J\rbrace$ is closed: $A^2, AJ, JA, J^2$ lie in it; the products of the
/// mixed [`closure_samples`], each with the next one cyclically and in both orders, lie in
/// it; and for every sample $\mathrm{relu}(xI + yA + z(J-I-A)) = \mathrm{relu}(x)I +
/// \mathrm{relu}(y)A + \mathrm{relu}(z)(J-I-A)$. All exact; the first failure is returned.
///
/// # Errors
/// The first [`ClosureViolation`]: a product of [`closure_samples`] outside the span.
///
/// # Cost
/// Two $v \times v$ products per sample pair: $O(v^3)$ rational operations each.
// X, Y in span{I, A, C} => XY in span;  relu(xI + yA + zC) = relu(x)I + relu(y)A + relu(z)C
pub fn check_bose_mesner_closure(a: &AdjacencyMatrix) -> Result<Fact, ClosureViolation> {
    let n = a.order();
    let am = a.matrix();
    let j = QMatrix::ones(n, n);
    let in_span = |operation: ClosureOperation, m: &QMatrix| match span_membership(a, m) {
        Ok(c) => Ok(c),
        Err(Membership::Off(witness)) => Err(ClosureViolation::NotInSpan {
            operation: Box::new(operation),
            witness,
        }),
        Err(Membership::Shape(rows, cols)) => Err(ClosureViolation::Shape {
            operation: Box::new(operation),
            rows,
            cols,
        }),
    };
    let product = |op: &ClosureOperation, x: &QMatrix, y: &QMatrix| {
        x.checked_mul(y).map_err(|_| ClosureViolation::Shape {
            operation: Box::new(op.clone()),
            rows: x.rows(),
            cols: y.cols(),
        })
    };
    let basic = [
        (ClosureOperation::SquareOfA, am, am),
        (ClosureOperation::AJ, am, &j),
        (ClosureOperation::JA, &j, am),
        (ClosureOperation::JJ, &j, &j),
    ];
    let mut found = Vec::new();
    for (op, x, y) in basic {
        let m = product(&op, x, y)?;
        let name = op.to_string();
        let c = in_span(op, &m)?;
        found.push(format!("{name} = {}", fmt_coefficients(&c)));
    }
    let samples = closure_samples();
    let mats: Vec<QMatrix> = samples.iter().map(|c| bose_mesner_element(a, c)).collect();
    // The mixed samples (indices 3..): each with the next one, cyclically, in both orders.
    // (Bilinearity makes the four products above sufficient; these are a direct check.)
    let mixed: Vec<usize> = (3..samples.len()).collect();
    let mut products = 0;
    for (t, &i) in mixed.iter().enumerate() {
        let j = mixed[(t + 1) % mixed.len()];
        for (l, r) in [(i, j), (j, i)] {
            let op = ClosureOperation::Product {
                left: samples[l].clone(),
                right: samples[r].clone(),
            };
            let m = product(&op, &mats[l], &mats[r])?;
            in_span(op, &m)?;
            products += 1;
        }
    }
    // A coefficient of an empty class is reported as 0 and is not constrained.
    let present: Vec<bool> = a.cells().sizes().iter().map(|&s| s > 0).collect();
    for (c, m) in samples.iter().zip(&mats) {
        let got = in_span(ClosureOperation::Relu { of: c.clone() }, &m.relu())?;
        let expected = (relu(&c.0), relu(&c.1), relu(&c.2));
        let pairs = [
            (&got.0, &expected.0),
            (&got.1, &expected.1),
            (&got.2, &expected.2),
        ];
        let agrees = pairs
            .iter()
            .zip(&present)
            .all(|((f, e), present)| !present || f == e);
        if !agrees {
            return Err(ClosureViolation::ReluCoefficients {
                of: Box::new(c.clone()),
                found: Box::new(got),
            });
        }
    }
    Ok(Fact::new(format!(
        "span{{I, A, J-I-A}} of A (v = {n}) is closed: {}; the {products} products of \
         cyclically consecutive mixed samples lie in it; relu of {} sample elements acts on \
         their coefficients",
        found.join(", "),
        samples.len()
    )))
}

/// $p_{ij}^l$ of the cells $I, A, C$ (0, 1, 2) predicted by the parameters, as
/// `[i][j][l]` (module docs; may be negative for parameters that no graph has).
// A^2 = kI + lambda A + mu C;  AC = CA = (k-1-lambda)A + (k-mu)C;  C^2 = (v-k-1)I + (v-2k+lambda)A + (v-2k+mu-2)C
pub fn srg_intersection_numbers(p: &SrgParams) -> [[[Z; 3]; 3]; 3] {
    let (v, k, l, m) = p.as_integers();
    let z = |x: i64| Z::from(x);
    let unit = |i: usize| std::array::from_fn(|t| z(i64::from(t == i)));
    let aa = [k.clone(), l.clone(), m.clone()];
    let ac = [z(0), &k - 1 - &l, &k - &m];
    let cc = [&v - &k - 1, &v - z(2) * &k + &l, &v - z(2) * &k + &m - 2];
    [
        [unit(0), unit(1), unit(2)],
        [unit(1), aa, ac.clone()],
        [unit(2), ac, cc],
    ]
}

/// Why [`bose_mesner_closure`] or [`srg_scheme`] failed.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BoseMesnerError {
    /// The matrix is not an srg with the given parameters.
    NotSrg(SrgViolation),
    /// The cells are not a coherent configuration.
    Scheme(SchemeError),
    /// An intersection number differs from the parameter formula.
    Formula {
        /// First factor's cell.
        i: usize,
        /// Second factor's cell.
        j: usize,
        /// Counted $p_{ij}^0, p_{ij}^1, p_{ij}^2$.
        found: Vec<u64>,
        /// The formulas' values.
        expected: Vec<Z>,
    },
    /// The span is not closed.
    Closure(ClosureViolation),
}

impl fmt::Display for BoseMesnerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotSrg(e) => e.fmt(f),
            Self::Scheme(e) => e.fmt(f),
            Self::Formula {
                i,
                j,
                found,
                expected,
            } => write!(
                f,
                "p_{i}{j} = {found:?} counted, the parameter formulas give {expected:?}"
            ),
            Self::Closure(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for BoseMesnerError {}

impl BoseMesnerError {
    /// The caller's argument the failed check is about: `a` (of [`bose_mesner_closure`] and
    /// [`srg_scheme`]) when the matrix or its cells fail a clause, `p` when the counted
    /// intersection numbers differ from the formulas of the parameters `p`.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::NotSrg(_) | Self::Scheme(_) | Self::Closure(_) => "a",
            Self::Formula { .. } => "p",
        }
    }
}

/// The cells $I, A, C$ of `a` as a commutative association scheme whose intersection numbers
/// (counted at every entry) equal [`srg_intersection_numbers`] of `p`, with the fact saying so.
/// The counts alone decide: `p` enters only through the comparison.
///
/// # Errors
/// [`BoseMesnerError::Scheme`] if the cells of `a` are not a coherent configuration,
/// [`BoseMesnerError::Formula`] (parameter `p`) if a counted intersection number differs from
/// the formula.
///
/// # Cost
/// As [`CoherentConfiguration::new`] on three cells: $O(v^3)$ counting.
#[cfg_attr(doc, doc = katex!())]
pub fn srg_scheme(
    a: &AdjacencyMatrix,
    p: &SrgParams,
) -> Result<(CoherentConfiguration, Fact), BoseMesnerError> {
    let scheme = CoherentConfiguration::new(a.cells().clone()).map_err(BoseMesnerError::Scheme)?;
    let predicted = srg_intersection_numbers(p);
    let counted = |i: usize, j: usize| -> Result<Vec<u64>, BoseMesnerError> {
        (0..3)
            .map(|l| {
                scheme.intersection(i, j, l).ok_or(BoseMesnerError::Scheme(
                    SchemeError::CoefficientCount {
                        found: scheme.cells(),
                        expected: 3,
                    },
                ))
            })
            .collect()
    };
    for (i, row) in predicted.iter().enumerate() {
        for (j, formula) in row.iter().enumerate() {
            let found = counted(i, j)?;
            let expected = formula.to_vec();
            if found.iter().zip(&expected).any(|(x, y)| Z::from(*x) != *y) {
                return Err(BoseMesnerError::Formula {
                    i,
                    j,
                    found,
                    expected,
                });
            }
        }
    }
    let show = |c: &[Z; 3]| format!("{}I + {}A + {}C", c[0], c[1], c[2]);
    let fact = Fact::new(format!(
        "the cells I, A, C = J-I-A of A (v = {}) form a commutative association scheme with \
         A^2 = {}, AC = CA = {}, C^2 = {} (counted at every entry), the {p} formulas \
         kI + lambda A + mu C, (k-1-lambda)A + (k-mu)C, (v-k-1)I + (v-2k+lambda)A + (v-2k+mu-2)C",
        a.order(),
        show(&predicted[1][1]),
        show(&predicted[1][2]),
        show(&predicted[2][2]),
    ));
    Ok((scheme, fact))
}

/// The Bose–Mesner closure of one explicit srg: `a` satisfies srg `p` clause by clause
/// ([`verify_srg`]), its cells form the association scheme of [`srg_scheme`], and the span
/// passes [`check_bose_mesner_closure`]. The fact conjoins the three statements about `a`.
///
/// # Errors
/// [`BoseMesnerError::NotSrg`] (parameter `a`) if `a` is not srg `p`; those of [`srg_scheme`];
/// [`BoseMesnerError::Closure`] if the span is not closed.
///
/// # Cost
/// [`verify_srg`], [`srg_scheme`] and [`check_bose_mesner_closure`]: $O(v^3)$ rational
/// operations.
///
/// # Examples
/// ```
/// use ncverify_kernel::srg::bose_mesner::bose_mesner_closure;
/// use ncverify_kernel::srg::{paley_adjacency, paley_params};
/// let fact = bose_mesner_closure(&paley_adjacency(13).unwrap(), &paley_params(13).unwrap())?;
/// assert!(fact.to_string().contains("srg(13, 6, 2, 3)"));
///
/// # Ok::<(), ncverify_kernel::srg::bose_mesner::BoseMesnerError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn bose_mesner_closure(a: &QMatrix, p: &SrgParams) -> Result<Fact, BoseMesnerError> {
    let srg = verify_srg(a, p).map_err(BoseMesnerError::NotSrg)?;
    let g = AdjacencyMatrix::new(a.clone()).map_err(BoseMesnerError::NotSrg)?;
    let (_, scheme) = srg_scheme(&g, p)?;
    let closure = check_bose_mesner_closure(&g).map_err(BoseMesnerError::Closure)?;
    Ok(srg.and(scheme).and(closure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::qi;
    use crate::srg::fixtures::{cycle, params, triangular};
    use crate::srg::{paley_adjacency, paley_params, triangular_params};

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
            let t = AdjacencyMatrix::new(triangular(r)).unwrap();
            assert!(check_bose_mesner_closure(&t).is_ok(), "T({r})");
        }
        for qq in [5, 13, 17] {
            let p = AdjacencyMatrix::new(paley_adjacency(qq).unwrap()).unwrap();
            assert!(check_bose_mesner_closure(&p).is_ok(), "P({qq})");
        }
        let t5 = AdjacencyMatrix::new(triangular(5)).unwrap();
        let fact = check_bose_mesner_closure(&t5).unwrap().to_string();
        assert!(
            fact.contains("A*A = 6I + 3A + 4(J-I-A), A*J = 6I + 6A + 6(J-I-A)"),
            "{fact}"
        );
        assert!(fact.contains("J*J = 10I + 10A + 10(J-I-A)"), "{fact}");
    }

    #[test]
    fn srg_scheme_counts_the_parameter_formulas() {
        for r in 4..=7u64 {
            let a = triangular(r as usize);
            let p = triangular_params(r).unwrap();
            let fact = bose_mesner_closure(&a, &p).unwrap();
            assert_eq!(fact.statements().len(), 3, "T({r})");
        }
        let p13 = paley_params(13).unwrap();
        let g = AdjacencyMatrix::new(paley_adjacency(13).unwrap()).unwrap();
        let (scheme, fact) = srg_scheme(&g, &p13).unwrap();
        assert!(scheme.is_commutative() && scheme.is_symmetric());
        assert!(
            fact.to_string()
                .contains("A^2 = 6I + 2A + 3C, AC = CA = 0I + 3A + 3C, C^2 = 6I + 3A + 2C"),
            "{fact}"
        );
        // the Petersen graph against T(5)'s parameters: the clauses fail first
        let petersen = AdjacencyMatrix::new(triangular(5))
            .unwrap()
            .complement()
            .unwrap();
        assert!(matches!(
            bose_mesner_closure(petersen.matrix(), &params(10, 6, 3, 4)),
            Err(BoseMesnerError::NotSrg(_))
        ));
        // srg_scheme alone compares the counts with the formulas
        assert!(matches!(
            srg_scheme(&petersen, &params(10, 6, 3, 4)),
            Err(BoseMesnerError::Formula { i: 1, j: 1, .. })
        ));
        // C6 has no scheme: A^2 is not constant on the non-adjacent cell
        let c6 = AdjacencyMatrix::new(cycle(6)).unwrap();
        assert!(matches!(
            srg_scheme(&c6, &params(6, 2, 0, 1)),
            Err(BoseMesnerError::Scheme(SchemeError::NotClosed { k: 2, .. }))
        ));
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
        let prism = QMatrix::from_int_fn(6, 6, |i, j| {
            i64::from(i != j && (i / 3 == j / 3 || (i + 3) % 6 == j))
        });
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
        let path = QMatrix::from_int_fn(3, 3, |i, j| i64::from(i.abs_diff(j) == 1));
        let path = AdjacencyMatrix::new(path).unwrap();
        match check_bose_mesner_closure(&path) {
            Err(ClosureViolation::NotInSpan { operation, witness }) => {
                assert_eq!(*operation, ClosureOperation::SquareOfA);
                assert_eq!(witness.class, PairClass::Diagonal);
                assert_eq!((witness.first_value, witness.second_value), (qi(1), qi(2)));
            }
            other => panic!("expected A^2 off the span, got {other:?}"),
        }
    }

    #[test]
    fn complete_and_edgeless_graphs_are_closed_with_empty_cells() {
        for g in [
            QMatrix::zeros(4, 4),
            QMatrix::from_int_fn(4, 4, |i, j| i64::from(i != j)),
        ] {
            let g = AdjacencyMatrix::new(g).unwrap();
            assert!(check_bose_mesner_closure(&g).is_ok());
        }
    }
}
