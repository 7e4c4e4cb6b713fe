//! # Coherent configurations and association schemes
//!
//! ## Main definitions
//! - [`CellPartition`]: a partition of $X \times X$, $X = \lbrace0, \dots, K-1\rbrace$, into labelled
//!   cells $R_0, \dots, R_{m-1}$, i.e. $0/1$ *relation matrices* $A_0, \dots, A_{m-1}$ with
//!   disjoint supports and $\sum_j A_j = J$. Cells may be empty here.
//! - [`CoherentConfiguration`]: a partition into non-empty cells such that
//!   1. the identity is a sum of cells: $I = \sum_{j \in D} A_j$;
//!   2. the transpose of a cell is a cell: $A_j^\top = A_{\tau(j)}$;
//!   3. products stay in the span: $A_i A_j = \sum_k p_{ij}^k A_k$ with non-negative integer
//!      *intersection numbers* $p_{ij}^k = \lvert\lbrace z : (x, z) \in R_i,\ (z, y) \in R_j\rbrace\rvert$, the same
//!      for every $(x, y) \in R_k$.
//!
//!   It is a *commutative association scheme* when moreover $p_{ij}^k = p_{ji}^k$ for all
//!   $i, j, k$ (then $I$ is a single cell, [`CoherentConfiguration::is_commutative`]); the
//!   span of the cells is its Bose–Mesner algebra.
//!
//! ## Main results
//! - [`CoherentConfiguration::new`] decides the three clauses exactly, by counting: it reads
//!   $p_{ij}^k$ at the first entry of $R_k$ and checks the count at every other entry of
//!   $R_k$, so the integers it returns are the structure constants of the span,
//!   $\big(\sum_i x_i A_i\big)\big(\sum_j y_j A_j\big) = \sum_k \big(\sum_{i,j} x_i y_j
//!   p_{ij}^k\big) A_k$. Cost $O(K^3)$ integer operations.
//! - [`CellPartition::coefficients`]: $M \in \operatorname{span}\lbrace A_j\rbrace$ iff $M$ is constant on
//!   every cell; the constants are the coefficients (an empty cell gets $0$). Hence every
//!   entrywise map $\phi$ acts on coefficients: $\phi\big(\sum_j c_j A_j\big) = \sum_j
//!   \phi(c_j) A_j$.
//! - Sizes $|R_j| = \sum_{x,y} (A_j)\_{xy}$; for a homogeneous configuration ($I$ one cell)
//!   $|R_j| = K\thinspace k_j$ with valency $k_j = p_{j\tau(j)}^0$.
//!
//! ## References
//! - E. Bannai, T. Ito, *Algebraic Combinatorics I: Association Schemes*, Benjamin/Cummings
//!   1984, §2.2 (intersection numbers, Bose–Mesner algebra).
//! - D. G. Higman, *Coherent configurations. Part I*, Geom. Dedicata 4 (1975) 1–32.
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, §11.1.
#![cfg_attr(doc, doc = katex!())]

use crate::arith::matrix::QMatrix;
use crate::arith::rational::Q;
use crate::fact::Fact;
use num_traits::Zero;
use std::fmt;

/// Why a labelling is not a cell partition or not a coherent configuration, located.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeError {
    /// $K^2$ (or a derived size) does not fit in a `usize`.
    TooLarge {
        /// The number of points $K$.
        points: usize,
    },
    /// The labelling does not have $K^2$ entries.
    LabelCount {
        /// Entries given.
        found: usize,
        /// $K^2$.
        expected: usize,
    },
    /// An entry's label is not below the number of cells.
    LabelOutOfRange {
        /// The caller's argument that gave the label: `labels` of
        /// [`CellPartition::from_labels`], `class` of [`CellPartition::from_fn`].
        parameter: &'static str,
        /// Row.
        x: usize,
        /// Column.
        y: usize,
        /// The label.
        label: usize,
        /// The number of cells $m$.
        cells: usize,
    },
    /// A cell of a coherent configuration has no entry.
    EmptyCell {
        /// The cell.
        cell: usize,
    },
    /// A cell holds diagonal and off-diagonal entries, so $I$ is not a sum of cells.
    MixedDiagonal {
        /// The cell.
        cell: usize,
    },
    /// The transpose of a cell is not a cell: $(x, y) \in R_i$ and $(y, x) \in R_j$ but an
    /// earlier entry of $R_i$ had its transpose in another cell.
    NotTransposeClosed {
        /// The cell.
        cell: usize,
        /// The entry where the transpose's cell changed.
        at: (usize, usize),
    },
    /// $A_i A_j$ is not in the span: the count $\lvert\lbrace z : (x,z) \in R_i, (z,y) \in R_j\rbrace\rvert$
    /// differs between two entries of $R_k$.
    NotClosed {
        /// First factor's cell.
        i: usize,
        /// Second factor's cell.
        j: usize,
        /// The cell on which the count is not constant.
        k: usize,
        /// The first entry of $R_k$.
        first: (usize, usize),
        /// The count there.
        first_count: u64,
        /// An entry of $R_k$ with a different count.
        at: (usize, usize),
        /// The count there.
        count: u64,
    },
    /// A coefficient vector of the wrong length.
    CoefficientCount {
        /// Length given.
        found: usize,
        /// The number of cells.
        expected: usize,
    },
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { points } => write!(f, "points: K = {points}, K^2 is too large"),
            Self::LabelCount { found, expected } => {
                write!(f, "labels: {found} given, need K^2 = {expected}")
            }
            Self::LabelOutOfRange {
                parameter,
                x,
                y,
                label,
                cells,
            } => write!(
                f,
                "{parameter}: entry ({x},{y}) has label {label}, need a label < {cells} (cells)"
            ),
            Self::EmptyCell { cell } => write!(f, "cell {cell} is empty"),
            Self::MixedDiagonal { cell } => write!(
                f,
                "cell {cell} holds diagonal and off-diagonal entries: I is not a sum of cells"
            ),
            Self::NotTransposeClosed { cell, at } => write!(
                f,
                "the transpose of cell {cell} is not a cell (changes at ({},{}))",
                at.0, at.1
            ),
            Self::NotClosed {
                i,
                j,
                k,
                first,
                first_count,
                at,
                count,
            } => write!(
                f,
                "A_{i} A_{j} is not in the span: on cell {k} it is {first_count} at ({},{}) \
                 but {count} at ({},{})",
                first.0, first.1, at.0, at.1
            ),
            Self::CoefficientCount { found, expected } => {
                write!(f, "c: {found} coefficients, need one per cell ({expected})")
            }
        }
    }
}

impl std::error::Error for SchemeError {}

impl SchemeError {
    /// The caller's argument the error is about: `points`, `labels` or `class` of the
    /// [`CellPartition`] constructors, `partition` of [`CoherentConfiguration::new`] (a cell
    /// structure that is not a coherent configuration), `c` of
    /// [`CellPartition::element`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "points",
            Self::LabelCount { .. } => "labels",
            Self::LabelOutOfRange { parameter, .. } => parameter,
            Self::EmptyCell { .. }
            | Self::MixedDiagonal { .. }
            | Self::NotTransposeClosed { .. }
            | Self::NotClosed { .. } => "partition",
            Self::CoefficientCount { .. } => "c",
        }
    }
}

/// Two entries of one cell where a matrix takes different values: it is not in the span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanWitness {
    /// The cell.
    pub cell: usize,
    /// The first entry of the cell (row-major).
    pub first: (usize, usize),
    /// A later entry with a different value.
    pub second: (usize, usize),
    /// The value at `first`.
    pub first_value: Q,
    /// The value at `second`.
    pub second_value: Q,
}

/// Why a matrix has no coefficients in the span of the cells.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpanError {
    /// The matrix is not $K \times K$.
    Shape {
        /// Its rows.
        rows: usize,
        /// Its columns.
        cols: usize,
    },
    /// The matrix is not constant on a cell.
    OffSpan(Box<SpanWitness>),
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape { rows, cols } => write!(f, "m: {rows}x{cols}, need K x K"),
            Self::OffSpan(w) => write!(
                f,
                "not constant on cell {}: ({},{}) = {} and ({},{}) = {}",
                w.cell, w.first.0, w.first.1, w.first_value, w.second.0, w.second.1, w.second_value
            ),
        }
    }
}

impl std::error::Error for SpanError {}

impl SpanError {
    /// The caller's argument the error is about: `m` of
    /// [`CellPartition::coefficients`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::Shape { .. } | Self::OffSpan(_) => "m",
        }
    }
}

/// A partition of $\lbrace0..K-1\rbrace^2$ into `cells` labelled cells (some possibly empty).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPartition {
    points: usize,
    cells: usize,
    /// `label[x * K + y]`: the cell of $(x, y)$.
    label: Vec<usize>,
}

impl CellPartition {
    /// The partition with cell `labels[x * K + y]` at $(x, y)$, row-major.
    ///
    /// # Errors
    /// [`SchemeError::TooLarge`] (parameter `points`) if $K^2$ overflows,
    /// [`SchemeError::LabelCount`] or [`SchemeError::LabelOutOfRange`] (parameter `labels`).
    ///
    /// # Cost
    /// $O(K^2)$.
    pub fn from_labels(
        points: usize,
        cells: usize,
        labels: Vec<usize>,
    ) -> Result<Self, SchemeError> {
        Self::checked(points, cells, labels, "labels")
    }

    fn checked(
        points: usize,
        cells: usize,
        labels: Vec<usize>,
        parameter: &'static str,
    ) -> Result<Self, SchemeError> {
        let expected = points
            .checked_mul(points)
            .ok_or(SchemeError::TooLarge { points })?;
        if labels.len() != expected {
            return Err(SchemeError::LabelCount {
                found: labels.len(),
                expected,
            });
        }
        if let Some(at) = labels.iter().position(|&l| l >= cells) {
            return Err(SchemeError::LabelOutOfRange {
                parameter,
                x: at / points,
                y: at % points,
                label: labels[at],
                cells,
            });
        }
        Ok(Self {
            points,
            cells,
            label: labels,
        })
    }

    /// The partition with cell `class(x, y)` at $(x, y)$.
    ///
    /// # Errors
    /// As [`CellPartition::from_labels`], with a label out of range named `class`.
    ///
    /// # Cost
    /// $K^2$ calls of `class`.
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::srg::scheme::CellPartition;
    /// let cells = CellPartition::from_fn(3, 2, |x, y| usize::from(x != y))?; // I and J - I
    /// assert_eq!(cells.sizes(), vec![3, 6]);
    /// let e = CellPartition::from_fn(3, 2, |x, y| x + y).unwrap_err();
    /// assert_eq!(e.parameter(), "class");
    ///
    /// # Ok::<(), ncverify_kernel::srg::scheme::SchemeError>(())
    /// ```
    pub fn from_fn(
        points: usize,
        cells: usize,
        class: impl Fn(usize, usize) -> usize,
    ) -> Result<Self, SchemeError> {
        let len = points
            .checked_mul(points)
            .ok_or(SchemeError::TooLarge { points })?;
        let labels = (0..len).map(|e| class(e / points, e % points)).collect();
        Self::checked(points, cells, labels, "class")
    }

    /// The number of points $K$.
    pub fn points(&self) -> usize {
        self.points
    }

    /// The number of cells $m$.
    pub fn cells(&self) -> usize {
        self.cells
    }

    /// The cell labels, row-major (`labels()[x * K + y]` is the cell of $(x, y)$).
    pub fn labels(&self) -> &[usize] {
        &self.label
    }

    /// The cell of $(x, y)$, or `None` outside $\lbrace0..K-1\rbrace^2$.
    pub fn cell_of(&self, x: usize, y: usize) -> Option<usize> {
        if x < self.points && y < self.points {
            self.label.get(x * self.points + y).copied()
        } else {
            None
        }
    }

    /// $|R_j|$ for every cell.
    pub fn sizes(&self) -> Vec<u64> {
        let mut sizes = vec![0u64; self.cells];
        for &l in &self.label {
            sizes[l] += 1;
        }
        sizes
    }

    /// $\sum_j c_j A_j$ exactly.
    ///
    /// # Errors
    /// [`SchemeError::CoefficientCount`] (parameter `c`) unless there is one coefficient per cell.
    ///
    /// # Cost
    /// $O(K^2)$.
    // (sum_j c_j A_j)_{xy} = c_{cell(x, y)}
    pub fn element(&self, c: &[Q]) -> Result<QMatrix, SchemeError> {
        if c.len() != self.cells {
            return Err(SchemeError::CoefficientCount {
                found: c.len(),
                expected: self.cells,
            });
        }
        let k = self.points;
        Ok(QMatrix::from_fn(k, k, |x, y| {
            c[self.label[x * k + y]].clone()
        }))
    }

    /// The coefficients of `m` in $\operatorname{span}\lbrace A_j\rbrace$: `m` must be constant on every
    /// cell (the first disagreement, row-major, is returned); an empty cell gets $0$.
    ///
    /// # Errors
    /// [`SpanError::Shape`] if `m` is not $K \times K$, [`SpanError::OffSpan`] with the first
    /// disagreement (parameter `m`).
    ///
    /// # Cost
    /// $O(K^2)$ comparisons.
    // M = sum_j c_j A_j  iff  M_{xy} = c_{cell(x, y)} for all (x, y)
    pub fn coefficients(&self, m: &QMatrix) -> Result<Vec<Q>, SpanError> {
        let k = self.points;
        if m.rows() != k || m.cols() != k {
            return Err(SpanError::Shape {
                rows: m.rows(),
                cols: m.cols(),
            });
        }
        let mut first: Vec<Option<(usize, usize)>> = vec![None; self.cells];
        for x in 0..k {
            for y in 0..k {
                let cell = self.label[x * k + y];
                match first[cell] {
                    None => first[cell] = Some((x, y)),
                    Some(f) if m.get(f.0, f.1) != m.get(x, y) => {
                        return Err(SpanError::OffSpan(Box::new(SpanWitness {
                            cell,
                            first: f,
                            second: (x, y),
                            first_value: m.get(f.0, f.1).clone(),
                            second_value: m.get(x, y).clone(),
                        })));
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(first
            .iter()
            .map(|f| f.map_or_else(Q::zero, |(x, y)| m.get(x, y).clone()))
            .collect())
    }
}

/// A coherent configuration (a commutative association scheme when
/// [`CoherentConfiguration::is_commutative`]) with its exact intersection numbers. Only
/// [`CoherentConfiguration::new`] makes one, after checking the three clauses.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoherentConfiguration {
    partition: CellPartition,
    sizes: Vec<u64>,
    diagonal: Vec<bool>,
    transpose: Vec<usize>,
    /// $p_{ij}^k$ at `(i * m + j) * m + k`.
    p: Vec<u64>,
}

impl CoherentConfiguration {
    /// Check the clauses of the module docs on `partition` (non-empty cells, identity,
    /// transposes, products) and compute the intersection numbers.
    ///
    /// # Errors
    /// The first failed clause, located (parameter `partition`): [`SchemeError::EmptyCell`],
    /// [`SchemeError::MixedDiagonal`], [`SchemeError::NotTransposeClosed`] or
    /// [`SchemeError::NotClosed`].
    ///
    /// # Cost
    /// Counting $p_{ij}^k$ at every entry: $O(K^3)$ for each pair of cells, $O(m^2K^3)$ in all for
    /// $m$ cells (bit-set counts in practice).
    ///
    /// # Examples
    /// ```
    /// use ncverify_kernel::srg::scheme::{CellPartition, CoherentConfiguration};
    /// let cells = CellPartition::from_fn(4, 2, |x, y| usize::from(x != y))?; // K_4
    /// let c = CoherentConfiguration::new(cells)?;
    /// assert!(c.is_commutative() && c.is_symmetric());
    /// assert_eq!(c.intersection(1, 1, 1), Some(2)); // two common neighbours in K_4
    ///
    /// # Ok::<(), ncverify_kernel::srg::scheme::SchemeError>(())
    /// ```
    pub fn new(partition: CellPartition) -> Result<Self, SchemeError> {
        let sizes = partition.sizes();
        if let Some(cell) = sizes.iter().position(|&s| s == 0) {
            return Err(SchemeError::EmptyCell { cell });
        }
        let diagonal = check_identity(&partition)?;
        let transpose = check_transposes(&partition)?;
        let p = intersection_numbers(&partition)?;
        Ok(Self {
            partition,
            sizes,
            diagonal,
            transpose,
            p,
        })
    }

    /// The cells.
    pub fn partition(&self) -> &CellPartition {
        &self.partition
    }

    /// The number of points $K$.
    pub fn points(&self) -> usize {
        self.partition.points
    }

    /// The number of cells $m$ (the rank of the configuration).
    pub fn cells(&self) -> usize {
        self.partition.cells
    }

    /// $|R_j|$, the number of ones of $A_j$.
    pub fn sizes(&self) -> &[u64] {
        &self.sizes
    }

    /// Which cells lie on the diagonal: $I = \sum_{j \in D} A_j$ with $D$ the cells marked `true`.
    pub fn diagonal(&self) -> &[bool] {
        &self.diagonal
    }

    /// $\tau$ with $A_j^\top = A_{\tau(j)}$.
    pub fn transposes(&self) -> &[usize] {
        &self.transpose
    }

    /// All intersection numbers, $p_{ij}^k$ at index `(i * m + j) * m + k`.
    pub fn intersection_numbers(&self) -> &[u64] {
        &self.p
    }

    /// $p_{ij}^k$: $A_i A_j = \sum_k p_{ij}^k A_k$; `None` if an index is not a cell.
    pub fn intersection(&self, i: usize, j: usize, k: usize) -> Option<u64> {
        let m = self.cells();
        if i < m && j < m && k < m {
            self.p.get((i * m + j) * m + k).copied()
        } else {
            None
        }
    }

    /// `true` iff $A_i A_j = A_j A_i$ for all cells: a commutative association scheme.
    // A_i A_j = A_j A_i  iff  p_ij^k = p_ji^k for all k
    pub fn is_commutative(&self) -> bool {
        let m = self.cells();
        (0..m).all(|i| {
            (0..m)
                .all(|j| (0..m).all(|k| self.p[(i * m + j) * m + k] == self.p[(j * m + i) * m + k]))
        })
    }

    /// `true` iff every cell is symmetric ($\tau = \mathrm{id}$).
    pub fn is_symmetric(&self) -> bool {
        self.transpose.iter().enumerate().all(|(j, &t)| j == t)
    }

    /// The established statement: the clauses, and the intersection numbers themselves when
    /// there are at most four cells.
    pub fn fact(&self) -> Fact {
        let (k, m) = (self.points(), self.cells());
        let kind = if self.is_commutative() {
            "a commutative association scheme"
        } else {
            "a coherent configuration"
        };
        let diagonal: Vec<usize> = (0..m).filter(|&j| self.diagonal[j]).collect();
        let mut s = format!(
            "the {m} cells of {{0..{}}}^2 form {kind}: I = sum of cells {diagonal:?}, \
             transposes tau = {:?}, sizes {:?}",
            k.saturating_sub(1),
            self.transpose,
            self.sizes
        );
        if (1..=4).contains(&m) {
            let products: Vec<String> = (0..m)
                .flat_map(|i| (0..m).map(move |j| (i, j)))
                .map(|(i, j)| {
                    let row: Vec<u64> = (0..m).map(|l| self.p[(i * m + j) * m + l]).collect();
                    format!("A{i}A{j} = {row:?}")
                })
                .collect();
            s.push_str(&format!(
                ", products (coefficients on A0..A{}): {}",
                m - 1,
                products.join(", ")
            ));
        } else {
            s.push_str(", products A_i A_j = sum_k p_ij^k A_k checked at every entry");
        }
        Fact::new(s)
    }
}

/// Clause 1: every cell is on or off the diagonal; returns which are on it.
// I = sum of the cells that meet the diagonal, iff none of them leaves it
fn check_identity(partition: &CellPartition) -> Result<Vec<bool>, SchemeError> {
    let (k, m) = (partition.points, partition.cells);
    let mut on = vec![false; m];
    let mut off = vec![false; m];
    for (e, &l) in partition.label.iter().enumerate() {
        if e / k == e % k {
            on[l] = true;
        } else {
            off[l] = true;
        }
        if on[l] && off[l] {
            return Err(SchemeError::MixedDiagonal { cell: l });
        }
    }
    Ok(on)
}

/// Clause 2: $(x, y) \mapsto (y, x)$ maps each cell onto one cell; returns $\tau$.
// A_i^T = A_tau(i)  iff  cell(y, x) = tau(cell(x, y)) for all (x, y)
fn check_transposes(partition: &CellPartition) -> Result<Vec<usize>, SchemeError> {
    let (k, m) = (partition.points, partition.cells);
    let mut tau: Vec<Option<usize>> = vec![None; m];
    for x in 0..k {
        for y in 0..k {
            let (i, j) = (partition.label[x * k + y], partition.label[y * k + x]);
            match tau[i] {
                None => tau[i] = Some(j),
                Some(t) if t == j => {}
                Some(_) => {
                    return Err(SchemeError::NotTransposeClosed {
                        cell: i,
                        at: (x, y),
                    });
                }
            }
        }
    }
    tau.into_iter()
        .enumerate()
        .map(|(cell, t)| t.ok_or(SchemeError::EmptyCell { cell }))
        .collect()
}

/// How [`count_intersections`] gathers, for one entry $(x, y)$, the counts
/// $c_{ij}(x, y) = \lvert\lbrace z : (x,z) \in R_i, (z,y) \in R_j\rbrace\rvert$ of all pairs of cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counting {
    /// $c_{ij}(x, y) = |R_i(x, \cdot) \cap R_j(\cdot, y)|$ by popcounts of bitsets over $z$:
    /// $O(m^2 K / 64)$ per entry, for few cells.
    Bitsets,
    /// One pass over $z$ into a table of all $m^2$ pairs: $O(K + m^2)$ per entry.
    Table,
    /// One pass over $z$ recording only the pairs met: $O(K)$ per entry, for many cells.
    Sparse,
}

/// Clause 3: $p_{ij}^k = \lvert\lbrace z : (x,z) \in R_i, (z,y) \in R_j\rbrace\rvert$ at the first entry of
/// $R_k$, checked at every entry of $R_k$. Cost $O(K^2 m^2 \lceil K/64 \rceil)$ for
/// $m \le 8$ cells and $O(K^3 + K^2 \min(m^2, K))$ otherwise.
// (A_i A_j)_{xy} = #{z : (x,z) in R_i, (z,y) in R_j}
fn intersection_numbers(partition: &CellPartition) -> Result<Vec<u64>, SchemeError> {
    let (k, m) = (partition.points, partition.cells);
    let mode = match m.checked_mul(m) {
        Some(mm) if mm <= 64 => Counting::Bitsets,
        Some(mm) if mm <= k => Counting::Table,
        _ => Counting::Sparse,
    };
    count_intersections(partition, mode)
}

/// Bitsets over $z$: `out[(i K + x) W + w]` holds $\lbrace z : (x, z) \in R_i\rbrace$ and
/// `inn[(j K + y) W + w]` holds $\lbrace z : (z, y) \in R_j\rbrace$, $W = \lceil K/64 \rceil$ words each.
fn cell_bitsets(partition: &CellPartition) -> Result<(Vec<u64>, Vec<u64>, usize), SchemeError> {
    let (k, m) = (partition.points, partition.cells);
    let words = k.div_ceil(64);
    let len = m
        .checked_mul(k)
        .and_then(|x| x.checked_mul(words))
        .ok_or(SchemeError::TooLarge { points: k })?;
    let (mut out, mut inn) = (vec![0u64; len], vec![0u64; len]);
    for x in 0..k {
        for z in 0..k {
            let i = partition.label[x * k + z];
            out[(i * k + x) * words + z / 64] |= 1 << (z % 64);
            // (x, z) in R_i: as an entry (z', y') = (x, z), z' = x is the summation index
            inn[(i * k + z) * words + x / 64] |= 1 << (x % 64);
        }
    }
    Ok((out, inn, words))
}

/// [`intersection_numbers`] with the counting mode chosen (every mode gives the same result;
/// the tests compare them).
fn count_intersections(partition: &CellPartition, mode: Counting) -> Result<Vec<u64>, SchemeError> {
    let (k, m) = (partition.points, partition.cells);
    let too_large = SchemeError::TooLarge { points: k };
    let mm = m.checked_mul(m).ok_or(too_large.clone())?;
    let mmm = mm.checked_mul(m).ok_or(too_large.clone())?;
    // i * m + j < m^2 fits a u32, so the inner loop moves half the bytes
    u32::try_from(mm).map_err(|_| too_large.clone())?;
    let m32 = u32::try_from(m).map_err(|_| too_large.clone())?;
    let rows: Vec<u32> = partition
        .label
        .iter()
        .map(|&l| u32::try_from(l))
        .collect::<Result<_, _>>()
        .map_err(|_| too_large)?;
    // columns as rows, so the inner loop reads both labels sequentially
    let mut cols = vec![0u32; rows.len()];
    for x in 0..k {
        for y in 0..k {
            cols[y * k + x] = rows[x * k + y];
        }
    }
    let bitsets = if mode == Counting::Bitsets {
        Some(cell_bitsets(partition)?)
    } else {
        None
    };
    let full = mode != Counting::Sparse;
    let mut p = vec![0u64; mmm];
    let mut first: Vec<Option<(usize, usize)>> = vec![None; m];
    // the pairs (i, j) with p_ij^k != 0, per cell k (sparse mode)
    let mut support: Vec<Vec<usize>> = vec![Vec::new(); m];
    let mut counts = vec![0u64; mm];
    let mut touched: Vec<usize> = Vec::with_capacity(k.min(mm));
    for x in 0..k {
        let row = &rows[x * k..(x + 1) * k];
        for y in 0..k {
            let col = &cols[y * k..(y + 1) * k];
            match (&bitsets, full) {
                (Some((out, inn, words)), _) => {
                    let w = *words;
                    for (ij, c) in counts.iter_mut().enumerate() {
                        let (i, j) = (ij / m, ij % m);
                        let a = &out[(i * k + x) * w..(i * k + x + 1) * w];
                        let b = &inn[(j * k + y) * w..(j * k + y + 1) * w];
                        *c = a
                            .iter()
                            .zip(b)
                            .map(|(s, t)| u64::from((s & t).count_ones()))
                            .sum();
                    }
                }
                (None, true) => {
                    counts.iter_mut().for_each(|c| *c = 0);
                    for (&i, &j) in row.iter().zip(col) {
                        counts[(i * m32 + j) as usize] += 1;
                    }
                }
                (None, false) => {
                    touched.clear();
                    for (&i, &j) in row.iter().zip(col) {
                        let ij = (i * m32 + j) as usize;
                        if counts[ij] == 0 {
                            touched.push(ij);
                        }
                        counts[ij] += 1;
                    }
                }
            }
            let cell = partition.label[x * k + y];
            match first[cell] {
                None => {
                    first[cell] = Some((x, y));
                    if full {
                        for (ij, &c) in counts.iter().enumerate() {
                            p[ij * m + cell] = c;
                        }
                    } else {
                        for &ij in &touched {
                            p[ij * m + cell] = counts[ij];
                        }
                        support[cell] = touched.clone();
                    }
                }
                Some(f) => {
                    // full: every (i, j) compared; sparse: the counts here agree with
                    // p_ij^cell on both supports, hence everywhere. Report the first
                    // disagreeing (i, j) in lexicographic order.
                    let bad = if full {
                        (0..mm).find(|&ij| p[ij * m + cell] != counts[ij])
                    } else {
                        touched
                            .iter()
                            .chain(&support[cell])
                            .copied()
                            .filter(|&ij| p[ij * m + cell] != counts[ij])
                            .min()
                    };
                    if let Some(ij) = bad {
                        return Err(SchemeError::NotClosed {
                            i: ij / m,
                            j: ij % m,
                            k: cell,
                            first: f,
                            first_count: p[ij * m + cell],
                            at: (x, y),
                            count: counts[ij],
                        });
                    }
                }
            }
            if !full {
                for &ij in &touched {
                    counts[ij] = 0;
                }
            }
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::rational::{q, qi};

    /// The cycle $C_n$ with cells $I$, $A$, $J - I - A$.
    fn cycle_cells(n: usize) -> CellPartition {
        CellPartition::from_fn(n, 3, |x, y| {
            if x == y {
                0
            } else if (x + 1) % n == y || (y + 1) % n == x {
                1
            } else {
                2
            }
        })
        .unwrap()
    }

    #[test]
    fn pentagon_is_a_symmetric_scheme_with_hand_computed_numbers() {
        // C5 = srg(5, 2, 0, 1): A^2 = 2I + 0A + 1C, AC = 1A + 1C, C^2 = 2I + 1A + 0C
        let s = CoherentConfiguration::new(cycle_cells(5)).unwrap();
        assert_eq!(s.sizes(), &[5, 10, 10]);
        assert_eq!(s.diagonal(), &[true, false, false]);
        assert!(s.is_commutative() && s.is_symmetric());
        let row = |i, j| {
            (0..3)
                .map(|k| s.intersection(i, j, k).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(row(1, 1), [2, 0, 1]);
        assert_eq!(row(1, 2), [0, 1, 1]);
        assert_eq!(row(2, 2), [2, 1, 0]);
        assert_eq!(row(0, 2), [0, 0, 1]);
        assert_eq!(s.intersection(3, 0, 0), None);
        let fact = s.fact().to_string();
        assert!(fact.contains("commutative association scheme"), "{fact}");
        assert!(fact.contains("A1A1 = [2, 0, 1]"), "{fact}");
    }

    #[test]
    fn hexagon_is_not_closed_and_says_where() {
        // C6: (A^2)_{0,2} = 1 (common neighbour 1), (A^2)_{0,3} = 0, both in J - I - A
        assert_eq!(
            CoherentConfiguration::new(cycle_cells(6)),
            Err(SchemeError::NotClosed {
                i: 1,
                j: 1,
                k: 2,
                first: (0, 2),
                first_count: 1,
                at: (0, 3),
                count: 0
            })
        );
    }

    #[test]
    fn directed_cycle_is_commutative_but_not_symmetric() {
        // Z_4 with cell (y - x) mod 4: a group scheme, tau(j) = -j
        let p = CellPartition::from_fn(4, 4, |x, y| (y + 4 - x) % 4).unwrap();
        let s = CoherentConfiguration::new(p).unwrap();
        assert_eq!(s.transposes(), &[0, 3, 2, 1]);
        assert!(s.is_commutative() && !s.is_symmetric());
        // A_1 A_3 = A_0
        assert_eq!(s.intersection(1, 3, 0), Some(1));
        assert_eq!(s.fact().statements().len(), 1);
    }

    #[test]
    fn two_fibres_are_closed_but_not_commutative() {
        // points {0,1} and {2}: I_a, (J-I)_a, I_b, J_ab, J_ba
        let p = CellPartition::from_fn(3, 5, |x, y| match (x < 2, y < 2) {
            (true, true) => usize::from(x != y),
            (false, false) => 2,
            (true, false) => 3,
            (false, true) => 4,
        })
        .unwrap();
        let s = CoherentConfiguration::new(p).unwrap();
        assert!(!s.is_commutative());
        assert_eq!(s.diagonal(), &[true, false, true, false, false]);
        // J_ab J_ba = J_a = I_a + (J-I)_a
        assert_eq!(s.intersection(3, 4, 0), Some(1));
        assert_eq!(s.intersection(3, 4, 1), Some(1));
        assert!(s.fact().to_string().contains("coherent configuration"));
    }

    #[test]
    fn every_counting_mode_agrees() {
        let partitions = [
            cycle_cells(5),
            cycle_cells(6),
            cycle_cells(9),
            CellPartition::from_fn(4, 4, |x, y| (y + 4 - x) % 4).unwrap(),
            CellPartition::from_fn(10, 4, |x, y| (x ^ y) % 4).unwrap(),
            CellPartition::from_fn(70, 3, |x, y| {
                // the complete bipartite graph K_{35,35}: srg(70, 35, 0, 35), two words a row
                if x == y {
                    0
                } else if (x < 35) != (y < 35) {
                    1
                } else {
                    2
                }
            })
            .unwrap(),
        ];
        for p in &partitions {
            let bitsets = count_intersections(p, Counting::Bitsets);
            assert_eq!(bitsets, count_intersections(p, Counting::Table), "{p:?}");
            assert_eq!(bitsets, count_intersections(p, Counting::Sparse), "{p:?}");
        }
        // C9 fails where C6 does
        assert!(matches!(
            intersection_numbers(&cycle_cells(9)),
            Err(SchemeError::NotClosed {
                i: 1,
                j: 1,
                k: 2,
                first: (0, 2),
                first_count: 1,
                at: (0, 3),
                count: 0
            })
        ));
    }

    #[test]
    fn malformed_partitions_are_rejected_with_their_location() {
        assert_eq!(
            CellPartition::from_labels(2, 2, vec![0, 1, 1]),
            Err(SchemeError::LabelCount {
                found: 3,
                expected: 4
            })
        );
        assert_eq!(
            CellPartition::from_labels(2, 2, vec![0, 1, 2, 0]),
            Err(SchemeError::LabelOutOfRange {
                parameter: "labels",
                x: 1,
                y: 0,
                label: 2,
                cells: 2
            })
        );
        assert!(matches!(
            CellPartition::from_fn(usize::MAX, 1, |_, _| 0),
            Err(SchemeError::TooLarge { .. })
        ));
        // no points: an empty configuration, stated without panicking
        let none = CoherentConfiguration::new(CellPartition::from_labels(0, 0, vec![]).unwrap());
        assert_eq!(none.unwrap().fact().statements().len(), 1);
        assert_eq!(
            CoherentConfiguration::new(CellPartition::from_labels(0, 1, vec![]).unwrap()),
            Err(SchemeError::EmptyCell { cell: 0 })
        );
        // J alone mixes the diagonal with the rest
        let j = CellPartition::from_fn(3, 1, |_, _| 0).unwrap();
        assert_eq!(
            CoherentConfiguration::new(j),
            Err(SchemeError::MixedDiagonal { cell: 0 })
        );
        let empty = CellPartition::from_fn(3, 3, |x, y| usize::from(x != y)).unwrap();
        assert_eq!(
            CoherentConfiguration::new(empty),
            Err(SchemeError::EmptyCell { cell: 2 })
        );
        // a tournament-like split of J - I on 3 points whose transpose mixes two cells
        let skew = CellPartition::from_labels(3, 3, vec![0, 1, 2, 1, 0, 1, 2, 2, 0]).unwrap();
        assert!(matches!(
            CoherentConfiguration::new(skew),
            Err(SchemeError::NotTransposeClosed { .. })
        ));
    }

    #[test]
    fn span_membership_round_trips_and_names_the_cell() {
        let p = cycle_cells(6);
        let c = vec![q(2, 1), q(-1, 2), q(7, 3)];
        let m = p.element(&c).unwrap();
        assert_eq!(p.coefficients(&m), Ok(c));
        assert!(matches!(
            p.element(&[qi(1)]),
            Err(SchemeError::CoefficientCount {
                found: 1,
                expected: 3
            })
        ));
        let mut off = m.clone();
        off.set(1, 3, qi(5));
        match p.coefficients(&off) {
            Err(SpanError::OffSpan(w)) => {
                assert_eq!((w.cell, w.first, w.second), (2, (0, 2), (1, 3)));
            }
            other => panic!("expected an off-span witness, got {other:?}"),
        }
        assert_eq!(
            p.coefficients(&QMatrix::zeros(2, 3)),
            Err(SpanError::Shape { rows: 2, cols: 3 })
        );
        // an empty cell gets coefficient 0
        let complete = CellPartition::from_fn(3, 3, |x, y| usize::from(x != y)).unwrap();
        let j = QMatrix::ones(3, 3);
        assert_eq!(complete.coefficients(&j), Ok(vec![qi(1), qi(1), qi(0)]));
    }
}
