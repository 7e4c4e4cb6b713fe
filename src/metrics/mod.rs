//! # Neural-collapse metrics
//!
//! ## Main definitions
//! Features $h_i \in \mathbb R^d$ ($i < N = Kn$, class-major: class $\lfloor i/n \rfloor$), class
//! means $\mu_c$, global mean $\mu_G = \frac1K\sum_c \mu_c$, centred means $\tilde M = [\mu_c - \mu_G]_c$.
//! - $\Sigma_W = \frac1N\sum_i (h_i - \mu_{y_i})(h_i - \mu_{y_i})^\top$,
//!   $\Sigma_B = \frac1K\sum_c (\mu_c - \mu_G)(\mu_c - \mu_G)^\top$.
//! - **NC1** $= \operatorname{Tr}(\Sigma_W \Sigma_B^+)/K$ ($\Sigma_B^+$ drops singular values below
//!   `pinv_rel_tol` $\times \sigma_{\max}$).
//! - **NC2**: *equinorm* = std/mean of $\Vert\mu_c - \mu_G\Vert$ (coefficient of variation, population std);
//!   *equiangularity* = mean over $c \ne c'$ of $|\cos(\tilde\mu_c, \tilde\mu_{c'}) + \frac1{K-1}|$;
//!   *ETF distance* = $\big\Vert\frac{\tilde M^\top \tilde M}{\Vert\tilde M^\top \tilde M\Vert_F} - \frac{S}{\Vert S\Vert_F}\big\Vert_F$,
//!   $S = I_K - J/K$.
//! - **NC3** $= \big\Vert\frac{W_L^\top}{\Vert W_L\Vert_F} - \frac{\tilde M}{\Vert\tilde M\Vert_F}\big\Vert_F$ (self-duality).
//! - **NC4** = fraction of samples on which the classifier's argmax $W_L h$ differs from the
//!   nearest-class-mean (NCC) prediction.
//! - **CDNV** $V(i,j) = \frac{\mathrm{Var}\_i + \mathrm{Var}\_j}{2\Vert\mu_i - \mu_j\Vert^2}$,
//!   $\mathrm{Var}\_c = \frac1n\sum_{y_i = c}\Vert h_i - \mu_c\Vert^2$; reported as mean and max over $i < j$.
//! - **NCC accuracy** = fraction of samples strictly nearest to their own class mean (ties are errors).
//! - **Effective depth** = the least $l$ with NCC accuracy of $H_l$ at least $1 - \varepsilon$
//!   (layers numbered $1..L$ as the features entering $W_l$), or `None`.
//!
//! All f64 here; [`exact`] recomputes CDNV and NCC error exactly on rational samples. Every
//! function taking features checks their shape first ([`MetricError`]: $K, n \ge 1$, $h$ with
//! $Kn$ columns, a classifier of shape $K \times d$).
//!
//! ## Main results
//! [`exact::cdnv_bounds_ncc_error`]: $\mathrm{err}\_i \le \sum_{j\ne i} 4\thinspace\mathrm{Var}\_i/\Vert\mu_i-\mu_j\Vert^2$,
//! and for $K = 2$ the mean error is at most $4V(1,2)$ (Markov's inequality).
//!
//! ## Example
//! Fully collapsed features ($K = 3$ classes, $n = 2$ samples each, every sample at its class
//! mean $e_c$) have no within-class variability and are classified perfectly by the nearest
//! class mean:
//! ```
//! use nalgebra::DMatrix;
//! use ncverify::metrics::{class_means, nc1, nc2, ncc_accuracy};
//!
//! let h = DMatrix::from_fn(3, 6, |i, j| if i == j / 2 { 1.0 } else { 0.0 });
//! assert_eq!(nc1(&h, 3, 2, 1e-12)?, 0.0);
//! assert_eq!(ncc_accuracy(&h, 3, 2)?, 1.0);
//! assert!(nc2(&class_means(&h, 3, 2)?).equinorm < 1e-12);
//! # Ok::<(), ncverify::metrics::MetricError>(())
//! ```
//!
//! ## References
//! Papyan, Han, Donoho, "Prevalence of neural collapse", PNAS 2020, arXiv:2008.08186 (NC1–NC4);
//! Galanti, György, Hutter, "On the role of neural collapse in transfer learning", ICLR 2022
//! (CDNV and its NCC-error bound); Galanti, Galanti, Ben-Shaul, "On the implicit bias towards
//! minimal depth of deep neural networks" (effective depth).
#![cfg_attr(doc, doc = katex!())]

pub mod exact;
pub mod stream;

use nalgebra::DMatrix;
use serde::Serialize;
use std::fmt;

/// Inputs of the wrong shape, naming the argument.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetricError {
    /// `classes` or `samples` is zero.
    ZeroSize {
        /// `classes` or `samples`.
        which: &'static str,
    },
    /// The features `h` do not have `classes * samples` columns (`expected` is `None` when
    /// that product overflows).
    Columns {
        /// `classes * samples`.
        expected: Option<usize>,
        /// Columns of `h`.
        found: usize,
    },
    /// The classifier `w` is not `classes x d` (`d` = rows of the features).
    Classifier {
        /// `(classes, d)`.
        expected: (usize, usize),
        /// The shape of `w`.
        found: (usize, usize),
    },
    /// A label outside `0..classes` ([`stream::labelled_metrics`]).
    Label {
        /// Its index.
        index: usize,
        /// The label.
        label: usize,
        /// $K$.
        classes: usize,
    },
    /// A class of exact samples ([`exact::Samples`]) without samples.
    EmptyClass {
        /// The class.
        class: usize,
    },
    /// A metric is undefined or not finite for these features (all-zero or degenerate class
    /// means, values beyond the `f64` range): never reported as a number.
    Undefined {
        /// The metric (`nc1`, `cdnv`, ...).
        metric: &'static str,
        /// Its value as computed (`NaN` or `inf`), as text.
        value: String,
    },
    /// The statistics of `classes` × `dimension` would need more memory than allowed.
    TooLarge {
        /// What is too large (`classes`, `dimension`, `chunk`).
        which: &'static str,
        /// Why (one line).
        reason: String,
    },
    /// An exact sample whose dimension differs from the first sample's.
    Dimension {
        /// The class.
        class: usize,
        /// The sample within the class.
        sample: usize,
        /// The first sample's dimension.
        expected: usize,
        /// This sample's.
        found: usize,
    },
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroSize { which } => write!(f, "{which}: 0, need at least 1"),
            Self::Columns {
                expected: Some(e),
                found,
            } => write!(f, "h: {found} columns, need classes * samples = {e}"),
            Self::Columns {
                expected: None,
                found,
            } => write!(
                f,
                "h: {found} columns, but classes * samples overflows usize"
            ),
            Self::Classifier { expected, found } => write!(
                f,
                "w: shape {}x{}, need classes x d = {}x{}",
                found.0, found.1, expected.0, expected.1
            ),
            Self::EmptyClass { class } => write!(f, "samples: class {class} has no samples"),
            Self::Undefined { metric, value } => write!(
                f,
                "h: {metric} is undefined for these features (computed {value}): degenerate class \
                 means (e.g. all-zero or coinciding) or values beyond the f64 range"
            ),
            Self::TooLarge { which, reason } => write!(f, "{which}: {reason}"),
            Self::Label {
                index,
                label,
                classes,
            } => write!(
                f,
                "labels: label {label} at index {index} is outside 0..{classes}"
            ),
            Self::Dimension {
                class,
                sample,
                expected,
                found,
            } => write!(
                f,
                "samples: class {class} sample {sample} has dimension {found}, expected {expected}"
            ),
        }
    }
}

impl std::error::Error for MetricError {}

impl MetricError {
    /// The caller's argument the error concerns: `classes`, `samples`, `dimension` or `chunk`
    /// (sizes), `h` (the features), `w` (the classifier), `labels`, or `samples` for the exact
    /// samples of [`exact`].
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::ZeroSize { which } | Self::TooLarge { which, .. } => which,
            Self::Columns { .. } | Self::Undefined { .. } => "h",
            Self::Classifier { .. } => "w",
            Self::Label { .. } => "labels",
            Self::EmptyClass { .. } | Self::Dimension { .. } => "samples",
        }
    }
}

/// Check that `h` holds `classes * samples` columns, both at least 1.
pub fn check_features(h: &DMatrix<f64>, classes: usize, samples: usize) -> Result<(), MetricError> {
    if classes == 0 {
        return Err(MetricError::ZeroSize { which: "classes" });
    }
    if samples == 0 {
        return Err(MetricError::ZeroSize { which: "samples" });
    }
    let expected = classes.checked_mul(samples);
    if expected != Some(h.ncols()) {
        return Err(MetricError::Columns {
            expected,
            found: h.ncols(),
        });
    }
    Ok(())
}

/// Check that the classifier `w` is `classes x d` for features with `d` rows.
fn check_classifier(w: &DMatrix<f64>, classes: usize, d: usize) -> Result<(), MetricError> {
    if w.shape() != (classes, d) {
        return Err(MetricError::Classifier {
            expected: (classes, d),
            found: w.shape(),
        });
    }
    Ok(())
}

/// Tolerances for the f64 metrics.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct MetricTolerances {
    /// Relative cut-off for $\Sigma_B^+$ and for rank counting.
    pub pinv_rel_tol: f64,
    /// $\varepsilon$ for effective depth.
    pub ncc_epsilon: f64,
}

impl Default for MetricTolerances {
    fn default() -> Self {
        Self {
            pinv_rel_tol: 1e-10,
            ncc_epsilon: 0.0,
        }
    }
}

/// NC2, one field per clause.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Nc2 {
    /// Coefficient of variation of the centred class-mean norms.
    pub equinorm: f64,
    /// Mean $|\cos + 1/(K-1)|$ over pairs of centred class means.
    pub equiangularity: f64,
    /// Frobenius distance of the normalised Gram of centred means to the normalised ETF Gram.
    pub etf_distance: f64,
}

/// All metrics of one feature layer (and, where given, its classifier).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CollapseMetrics {
    /// $\operatorname{Tr}(\Sigma_W\Sigma_B^+)/K$.
    pub nc1: f64,
    /// NC2 clauses.
    pub nc2: Nc2,
    /// Self-duality distance (needs the classifier).
    pub nc3: Option<f64>,
    /// Classifier/NCC disagreement rate (needs the classifier).
    pub nc4: Option<f64>,
    /// Mean CDNV over class pairs.
    pub cdnv_mean: f64,
    /// Max CDNV over class pairs.
    pub cdnv_max: f64,
    /// NCC accuracy.
    pub ncc_accuracy: f64,
    /// Effective depth over the given layers, if computed.
    pub effective_depth: Option<usize>,
}

/// Class means $\mu_c$ as the columns of a $d\times K$ matrix (columns class-major, `n` per
/// class); an error unless `h` has `classes * samples` columns.
///
/// ```
/// use nalgebra::DMatrix;
/// use ncverify::metrics::class_means;
/// let h = DMatrix::from_row_slice(1, 4, &[1.0, 3.0, -2.0, -4.0]);
/// assert_eq!(class_means(&h, 2, 2)?, DMatrix::from_row_slice(1, 2, &[2.0, -3.0]));
/// assert!(class_means(&h, 3, 2).is_err()); // 4 columns are not 3 classes x 2 samples
/// # Ok::<(), ncverify::metrics::MetricError>(())
/// ```
#[cfg_attr(doc, doc = katex!())]
pub fn class_means(
    h: &DMatrix<f64>,
    classes: usize,
    samples: usize,
) -> Result<DMatrix<f64>, MetricError> {
    check_features(h, classes, samples)?;
    Ok(means_unchecked(h, classes, samples))
}

/// [`class_means`] after [`check_features`].
fn means_unchecked(h: &DMatrix<f64>, classes: usize, samples: usize) -> DMatrix<f64> {
    DMatrix::from_fn(h.nrows(), classes, |r, c| {
        (0..samples).map(|s| h[(r, c * samples + s)]).sum::<f64>() / samples as f64
    })
}

/// Centred class means $\mu_c - \mu_G$.
#[cfg_attr(doc, doc = katex!())]
pub fn centred_means(means: &DMatrix<f64>) -> DMatrix<f64> {
    let g = means.column_mean();
    DMatrix::from_fn(means.nrows(), means.ncols(), |r, c| means[(r, c)] - g[r])
}

/// Moore–Penrose pseudo-inverse of a symmetric PSD matrix, dropping eigenvalues below `rel_tol·λ_max`.
fn pinv_psd(a: &DMatrix<f64>, rel_tol: f64) -> DMatrix<f64> {
    let e = a.clone().symmetric_eigen();
    let max = e.eigenvalues.iter().fold(0.0f64, |m, &x| m.max(x.abs()));
    let inv = e.eigenvalues.map(|x| {
        if x > rel_tol * max && x > 0.0 {
            1.0 / x
        } else {
            0.0
        }
    });
    &e.eigenvectors * DMatrix::from_diagonal(&inv) * e.eigenvectors.transpose()
}

/// NC1 $= \operatorname{Tr}(\Sigma_W\Sigma_B^+)/K$; an error unless `h` has
/// `classes * samples` columns.
#[cfg_attr(doc, doc = katex!())]
pub fn nc1(
    h: &DMatrix<f64>,
    classes: usize,
    samples: usize,
    rel_tol: f64,
) -> Result<f64, MetricError> {
    let means = class_means(h, classes, samples)?;
    let d = h.nrows();
    let nn = classes * samples;
    let mut sw = DMatrix::zeros(d, d);
    for i in 0..nn {
        let v = h.column(i) - means.column(i / samples);
        sw += &v * v.transpose();
    }
    sw /= nn as f64;
    let mt = centred_means(&means);
    let sb = &mt * mt.transpose() / classes as f64;
    Ok((sw * pinv_psd(&sb, rel_tol)).trace() / classes as f64)
}

/// NC2 of the class means.
pub fn nc2(means: &DMatrix<f64>) -> Nc2 {
    let k = means.ncols();
    let mt = centred_means(means);
    let norms: Vec<f64> = mt.column_iter().map(|c| c.norm()).collect();
    let mean = norms.iter().sum::<f64>() / k as f64;
    let var = norms.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / k as f64;
    let equinorm = if mean > 0.0 {
        var.sqrt() / mean
    } else {
        f64::NAN
    };
    let mut acc = 0.0;
    let mut pairs = 0usize;
    for a in 0..k {
        for b in 0..k {
            if a != b {
                let cos = mt.column(a).dot(&mt.column(b)) / (norms[a] * norms[b]);
                acc += (cos + 1.0 / (k as f64 - 1.0)).abs();
                pairs += 1;
            }
        }
    }
    let equiangularity = if pairs > 0 { acc / pairs as f64 } else { 0.0 };
    let gram = mt.transpose() * &mt;
    let s = DMatrix::<f64>::identity(k, k) - DMatrix::from_element(k, k, 1.0 / k as f64);
    let etf_distance = (&gram / gram.norm() - &s / s.norm()).norm();
    Nc2 {
        equinorm,
        equiangularity,
        etf_distance,
    }
}

/// NC3 $= \Vert W^\top/\Vert W\Vert _F - \tilde M/\Vert \tilde M\Vert _F\Vert _F$ for a $K\times d$ classifier `w` and
/// $d \times K$ class means; an error unless the shapes match.
#[cfg_attr(doc, doc = katex!())]
pub fn nc3(w: &DMatrix<f64>, means: &DMatrix<f64>) -> Result<f64, MetricError> {
    check_classifier(w, means.ncols(), means.nrows())?;
    let mt = centred_means(means);
    Ok((w.transpose() / w.norm() - &mt / mt.norm()).norm())
}

/// Index of the nearest column of `means` to `x` (squared distances summed coordinate by
/// coordinate), or `None` on a tie for the minimum.
pub(crate) fn nearest(means: &DMatrix<f64>, x: &[f64]) -> Option<usize> {
    let dist: Vec<f64> = means
        .column_iter()
        .map(|m| m.iter().zip(x).map(|(a, b)| (a - b) * (a - b)).sum::<f64>())
        .collect();
    let best = (0..dist.len()).min_by(|&a, &b| dist[a].total_cmp(&dist[b]))?;
    let ties = dist.iter().filter(|&&v| v == dist[best]).count();
    (ties == 1).then_some(best)
}

/// `true` if the argmax of the classifier output $W x$ (the last of equal maxima) differs from the
/// nearest class mean (a tie for the nearest mean counts as differing).
pub(crate) fn classifier_disagrees(w: &DMatrix<f64>, means: &DMatrix<f64>, x: &[f64]) -> bool {
    let scores: Vec<f64> = (0..w.nrows())
        .map(|r| w.row(r).iter().zip(x).map(|(a, b)| a * b).sum::<f64>())
        .collect();
    let arg = (0..scores.len()).max_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    arg != nearest(means, x)
}

/// CDNV matrix from per-class variances and class means ($\infty$ where two means
/// coincide; 0 on the diagonal).
pub(crate) fn cdnv_from(var: &[f64], means: &DMatrix<f64>) -> DMatrix<f64> {
    let k = means.ncols();
    DMatrix::from_fn(k, k, |i, j| {
        if i == j {
            0.0
        } else {
            (var[i] + var[j]) / (2.0 * (means.column(i) - means.column(j)).norm_squared())
        }
    })
}

/// Mean and max of the CDNV over pairs $i < j$ (both 0 when $K = 1$).
pub(crate) fn cdnv_summary(v: &DMatrix<f64>) -> (f64, f64) {
    let k = v.nrows();
    let off: Vec<f64> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .map(|(i, j)| v[(i, j)])
        .collect();
    let mean = if off.is_empty() {
        0.0
    } else {
        off.iter().sum::<f64>() / off.len() as f64
    };
    (mean, off.iter().copied().fold(0.0, f64::max))
}

/// The least layer (1-based) whose NCC accuracy is at least $1 - \varepsilon$.
pub(crate) fn first_separable(accuracies: &[f64], epsilon: f64) -> Option<usize> {
    accuracies
        .iter()
        .position(|&a| a >= 1.0 - epsilon)
        .map(|l| l + 1)
}

/// NCC accuracy: fraction of samples strictly nearest to their own class mean; an error
/// unless `h` has `classes * samples` columns.
pub fn ncc_accuracy(h: &DMatrix<f64>, classes: usize, samples: usize) -> Result<f64, MetricError> {
    let means = class_means(h, classes, samples)?;
    let ok = (0..h.ncols())
        .filter(|&i| nearest(&means, h.column(i).as_slice()) == Some(i / samples))
        .count();
    Ok(ok as f64 / h.ncols() as f64)
}

/// NC4: fraction of samples where argmax of `w h` differs from the NCC prediction; an error
/// unless `h` has `classes * samples` columns and `w` is `classes x d`.
pub fn nc4(
    h: &DMatrix<f64>,
    w: &DMatrix<f64>,
    classes: usize,
    samples: usize,
) -> Result<f64, MetricError> {
    let means = class_means(h, classes, samples)?;
    check_classifier(w, classes, h.nrows())?;
    let differ = (0..h.ncols())
        .filter(|&i| classifier_disagrees(w, &means, h.column(i).as_slice()))
        .count();
    Ok(differ as f64 / h.ncols() as f64)
}

/// CDNV matrix $V(i,j)$ ($\infty$ where two means coincide; 0 on the diagonal); an error
/// unless `h` has `classes * samples` columns.
#[cfg_attr(doc, doc = katex!())]
pub fn cdnv(h: &DMatrix<f64>, classes: usize, samples: usize) -> Result<DMatrix<f64>, MetricError> {
    let means = class_means(h, classes, samples)?;
    let var: Vec<f64> = (0..classes)
        .map(|c| {
            (0..samples)
                .map(|s| (h.column(c * samples + s) - means.column(c)).norm_squared())
                .sum::<f64>()
                / samples as f64
        })
        .collect();
    Ok(cdnv_from(&var, &means))
}

/// The least layer (1-based) whose features have NCC accuracy $\ge 1 - \varepsilon$; an
/// error unless every layer has `classes * samples` columns.
#[cfg_attr(doc, doc = katex!())]
pub fn effective_depth(
    layers: &[DMatrix<f64>],
    classes: usize,
    samples: usize,
    epsilon: f64,
) -> Result<Option<usize>, MetricError> {
    for h in layers {
        check_features(h, classes, samples)?;
    }
    let acc = layers
        .iter()
        .map(|h| ncc_accuracy(h, classes, samples))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(first_separable(&acc, epsilon))
}

/// Every metric for the last features `h` (entering the classifier `w`), with effective
/// depth over `all_layers` when given; an error unless every feature matrix has
/// `classes * samples` columns and `w` is `classes x d`.
pub fn collapse_metrics(
    h: &DMatrix<f64>,
    w: Option<&DMatrix<f64>>,
    all_layers: Option<&[DMatrix<f64>]>,
    classes: usize,
    samples: usize,
    tol: MetricTolerances,
) -> Result<CollapseMetrics, MetricError> {
    let means = class_means(h, classes, samples)?;
    let v = cdnv(h, classes, samples)?;
    let (cdnv_mean, cdnv_max) = cdnv_summary(&v);
    Ok(CollapseMetrics {
        nc1: nc1(h, classes, samples, tol.pinv_rel_tol)?,
        nc2: nc2(&means),
        nc3: w.map(|w| nc3(w, &means)).transpose()?,
        nc4: w.map(|w| nc4(h, w, classes, samples)).transpose()?,
        cdnv_mean,
        cdnv_max,
        ncc_accuracy: ncc_accuracy(h, classes, samples)?,
        effective_depth: match all_layers {
            Some(l) => effective_depth(l, classes, samples, tol.ncc_epsilon)?,
            None => None,
        },
    })
}

/// Singular values (descending) of `m`, by the checked [`crate::numeric::svd`]; all NaN
/// (never a plausible value) if `m` has a non-finite entry or no accurate SVD is found, as
/// after a diverged training run.
pub fn singular_values(m: &DMatrix<f64>) -> Vec<f64> {
    match crate::numeric::svd(m) {
        Ok(d) => d.s.iter().copied().collect(),
        Err(_) => vec![f64::NAN; m.nrows().min(m.ncols())],
    }
}

/// Numerical rank: singular values above `rel_tol` times the largest (`dufm_numpy.py` uses 1e-3).
pub fn numerical_rank(sv: &[f64], rel_tol: f64) -> usize {
    let max = sv.iter().copied().fold(0.0, f64::max);
    sv.iter().filter(|&&s| s > rel_tol * max).count()
}
