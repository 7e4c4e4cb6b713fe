//! # Collapse metrics of labelled features, streamed from files
//!
//! The metrics of the parent module for features with arbitrary labels (not necessarily
//! class-major, classes of any sizes $n_c \ge 1$), computed in two passes over blocks of
//! samples so that only $O(Kd)$ numbers, a block of rows, and $K \times K$ matrices are
//! held: $N = 10^6$ samples of dimension $d = 2048$ stream from an 8 GB `float32` `.npy`.
//!
//! ## Main definitions
//! Samples $h_i \in \mathbb R^d$ with labels $y_i \in \lbrace 0, \dots, K-1\rbrace$, $N$ samples,
//! $n_c$ in class $c$; the definitions of the parent module with $\mathrm{Var}\_c$ over the
//! $n_c$ samples of class $c$.
//! - Pass 1: the class sums, hence $\mu_c$, $\mu_G = \frac1K\sum_c \mu_c$ and $\tilde M$.
//! - Between pass 1 and 2: the eigenpairs $(\lambda_k, v_k)$ of the $K\times K$ matrix
//!   $G = \tilde M^\top\tilde M/K$, whose nonzero eigenvalues are those of
//!   $\Sigma_B = \tilde M\tilde M^\top/K$ with eigenvectors $u_k = \tilde M v_k/\sqrt{K\lambda_k}$.
//!   With the same cut-off as the in-memory NC1 (keep $\lambda_k > $ `pinv_rel_tol`
//!   $\cdot \lambda_{\max}$), $\Sigma_B^+ = \sum_k u_k u_k^\top/\lambda_k$, so
//!   $$\mathrm{NC1} = \frac1K\operatorname{Tr}(\Sigma_W\Sigma_B^+) = \frac1{KN}\sum_i \sum_k
//!   \frac{\big(u_k^\top(h_i - \mu_{y_i})\big)^2}{\lambda_k},$$
//!   which needs no $d\times d$ matrix.
//! - Pass 2: the NC1 sum above, $\operatorname{Tr}\Sigma_W = \frac1N\sum_i\Vert h_i - \mu_{y_i}\Vert^2$,
//!   $\mathrm{Var}\_c$, the NCC hits and (with a classifier) the NC4 disagreements.
//! - **Trace ratio** $= \operatorname{Tr}\Sigma_W / \operatorname{Tr}\Sigma_B$.
//! - **NCC error** $= 1 -$ NCC accuracy.
//!
//! NC2, NC3, CDNV, nearest-mean and NC4 decisions and the effective depth are the parent
//! module's functions ([`super::nc2`], [`super::nc3`], ...), applied to the streamed
//! statistics. Blocks are reduced in a fixed order, so results do not depend on the number
//! of threads.
//!
//! ## Measured
//! `ncverify metrics` (release) on $N = 10^6$, $d = 2048$, $K = 10$, `float32` (8.2 GB file):
//! peak resident memory 0.41 GiB, 132 s of CPU time (on a heavily shared machine; details and
//! the command in `benches/README.md`).
//!
//! ## Main results
//! None (numerics). Checked against the in-memory functions (`tests/it/metrics_stream.rs`) and
//! an independent NumPy implementation (`tests/metrics_reference.py`).
//!
//! ## References
//! Papyan, Han, Donoho, PNAS 2020 (NC1–NC4); Galanti, György, Hutter, ICLR 2022 (CDNV);
//! docs/theory.md §8.
#![cfg_attr(doc, doc = katex!())]

#[cfg(feature = "io")]
use super::first_separable;
use super::{
    MetricError, MetricTolerances, Nc2, cdnv_from, cdnv_summary, centred_means,
    classifier_disagrees, nc2, nc3, nearest,
};
#[cfg(feature = "io")]
use crate::io::point::labels_of;
#[cfg(feature = "io")]
use crate::io::{IoError, IoErrorKind, NpyRows, ReadLimits, TensorData, read_tensors};
use nalgebra::DMatrix;
use serde::Serialize;
#[cfg(feature = "io")]
use std::fmt;
#[cfg(feature = "io")]
use std::path::{Path, PathBuf};

/// Rows per block of the parallel reduction.
const BLOCK: usize = 256;

/// The metrics of one labelled feature matrix.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LabelledMetrics {
    /// $K$.
    pub classes: usize,
    /// $N$.
    pub samples: usize,
    /// $d$.
    pub dim: usize,
    /// $n_c$ per class.
    pub class_counts: Vec<usize>,
    /// $\operatorname{Tr}(\Sigma_W\Sigma_B^+)/K$.
    pub nc1: f64,
    /// $\operatorname{Tr}\Sigma_W/\operatorname{Tr}\Sigma_B$.
    pub trace_ratio: f64,
    /// NC2 clauses.
    pub nc2: Nc2,
    /// Self-duality distance (with a classifier).
    pub nc3: Option<f64>,
    /// Classifier/NCC disagreement rate (with a classifier).
    pub nc4: Option<f64>,
    /// Mean CDNV over class pairs.
    pub cdnv_mean: f64,
    /// Max CDNV over class pairs.
    pub cdnv_max: f64,
    /// NCC accuracy.
    pub ncc_accuracy: f64,
    /// $1 -$ NCC accuracy.
    pub ncc_error: f64,
}

/// Pass 1: class sums and counts.
#[derive(Debug, Clone)]
struct Sums {
    d: usize,
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl Sums {
    fn new(k: usize, d: usize) -> Self {
        Self {
            d,
            sums: vec![0.0; k * d],
            counts: vec![0; k],
        }
    }

    fn add(&mut self, rows: &[f64], labels: &[usize]) {
        for (x, &y) in rows.chunks_exact(self.d).zip(labels) {
            for (s, v) in self.sums[y * self.d..(y + 1) * self.d].iter_mut().zip(x) {
                *s += v;
            }
            self.counts[y] += 1;
        }
    }

    fn merge(&mut self, o: &Self) {
        for (a, b) in self.sums.iter_mut().zip(&o.sums) {
            *a += b;
        }
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
    }

    /// Class means as columns; every class needs a sample.
    fn means(&self) -> Result<DMatrix<f64>, MetricError> {
        if let Some(c) = self.counts.iter().position(|&n| n == 0) {
            return Err(MetricError::EmptyClass { class: c });
        }
        let k = self.counts.len();
        Ok(DMatrix::from_fn(self.d, k, |r, c| {
            self.sums[c * self.d + r] / self.counts[c] as f64
        }))
    }
}

/// The projection $x \mapsto (u_k^\top x/\sqrt{\lambda_k})_k$ onto the kept eigenvectors of
/// $\Sigma_B$, as the rows of a matrix.
fn nc1_projection(means: &DMatrix<f64>, rel_tol: f64) -> DMatrix<f64> {
    let k = means.ncols();
    let mt = centred_means(means);
    let g = mt.transpose() * &mt / k as f64;
    let e = g.symmetric_eigen();
    let max = e.eigenvalues.iter().fold(0.0f64, |m, &x| m.max(x.abs()));
    let kept: Vec<usize> = (0..k)
        .filter(|&i| e.eigenvalues[i] > rel_tol * max && e.eigenvalues[i] > 0.0)
        .collect();
    let mut p = DMatrix::zeros(kept.len(), means.nrows());
    for (row, &i) in kept.iter().enumerate() {
        let u = &mt * e.eigenvectors.column(i) / ((k as f64).sqrt() * e.eigenvalues[i]);
        p.row_mut(row).copy_from(&u.transpose());
    }
    p
}

/// Pass 2 accumulators.
#[derive(Debug, Clone)]
struct Spread {
    nc1: f64,
    trace_w: f64,
    var: Vec<f64>,
    ncc_hits: usize,
    disagree: usize,
}

impl Spread {
    fn new(k: usize) -> Self {
        Self {
            nc1: 0.0,
            trace_w: 0.0,
            var: vec![0.0; k],
            ncc_hits: 0,
            disagree: 0,
        }
    }

    fn add(
        &mut self,
        means: &DMatrix<f64>,
        proj: &DMatrix<f64>,
        w: Option<&DMatrix<f64>>,
        rows: &[f64],
        labels: &[usize],
    ) {
        let d = means.nrows();
        let mut diff = vec![0.0; d];
        for (x, &y) in rows.chunks_exact(d).zip(labels) {
            let mu = means.column(y);
            let mut sq = 0.0;
            for ((o, a), b) in diff.iter_mut().zip(x).zip(mu.iter()) {
                *o = a - b;
                sq += *o * *o;
            }
            self.trace_w += sq;
            self.var[y] += sq;
            for r in 0..proj.nrows() {
                let t: f64 = proj.row(r).iter().zip(&diff).map(|(p, v)| p * v).sum();
                self.nc1 += t * t;
            }
            if nearest(means, x) == Some(y) {
                self.ncc_hits += 1;
            }
            if let Some(w) = w
                && classifier_disagrees(w, means, x)
            {
                self.disagree += 1;
            }
        }
    }

    fn merge(&mut self, o: &Self) {
        self.nc1 += o.nc1;
        self.trace_w += o.trace_w;
        for (a, b) in self.var.iter_mut().zip(&o.var) {
            *a += b;
        }
        self.ncc_hits += o.ncc_hits;
        self.disagree += o.disagree;
    }
}

/// Split `rows`/`labels` into blocks, reduce each (in parallel with the `parallel` feature)
/// and merge in block order.
fn reduce<A: Clone + Send + Sync>(
    rows: &[f64],
    labels: &[usize],
    d: usize,
    fresh: &(impl Fn() -> A + Sync),
    add: &(impl Fn(&mut A, &[f64], &[usize]) + Sync),
    merge: impl Fn(&mut A, &A),
    acc: &mut A,
) {
    let blocks: Vec<(&[f64], &[usize])> =
        rows.chunks(BLOCK * d).zip(labels.chunks(BLOCK)).collect();
    let part = |(r, l): &(&[f64], &[usize])| {
        let mut a = fresh();
        add(&mut a, r, l);
        a
    };
    #[cfg(feature = "parallel")]
    let parts: Vec<A> = {
        use rayon::prelude::*;
        blocks.par_iter().map(part).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<A> = blocks.iter().map(part).collect();
    for p in &parts {
        merge(acc, p);
    }
}

/// Finish: every metric from the streamed statistics.
fn finish(
    sums: &Sums,
    means: &DMatrix<f64>,
    spread: &Spread,
    w: Option<&DMatrix<f64>>,
) -> Result<LabelledMetrics, MetricError> {
    let k = means.ncols();
    let n: usize = sums.counts.iter().sum();
    let nf = n as f64;
    let var: Vec<f64> = spread
        .var
        .iter()
        .zip(&sums.counts)
        .map(|(v, &c)| v / c as f64)
        .collect();
    let (cdnv_mean, cdnv_max) = cdnv_summary(&cdnv_from(&var, means));
    let trace_b = centred_means(means).norm_squared() / k as f64;
    let acc = spread.ncc_hits as f64 / nf;
    let m = LabelledMetrics {
        classes: k,
        samples: n,
        dim: means.nrows(),
        class_counts: sums.counts.clone(),
        nc1: spread.nc1 / nf / k as f64,
        trace_ratio: spread.trace_w / nf / trace_b,
        nc2: nc2(means),
        nc3: w.map(|w| nc3(w, means)).transpose()?,
        nc4: w.map(|_| spread.disagree as f64 / nf),
        cdnv_mean,
        cdnv_max,
        ncc_accuracy: acc,
        ncc_error: 1.0 - acc,
    };
    m.check_defined()?;
    Ok(m)
}

impl LabelledMetrics {
    /// Undefined is not a number: every metric must be finite, else
    /// [`MetricError::Undefined`] names the first that is not.
    pub fn check_defined(&self) -> Result<(), MetricError> {
        let all = [
            ("nc1", Some(self.nc1)),
            ("trace_ratio", Some(self.trace_ratio)),
            ("nc2 equinorm", Some(self.nc2.equinorm)),
            ("nc2 equiangularity", Some(self.nc2.equiangularity)),
            ("nc2 etf_distance", Some(self.nc2.etf_distance)),
            ("nc3", self.nc3),
            ("nc4", self.nc4),
            ("cdnv_mean", Some(self.cdnv_mean)),
            ("cdnv_max", Some(self.cdnv_max)),
            ("ncc_accuracy", Some(self.ncc_accuracy)),
        ];
        for (metric, v) in all {
            if let Some(value) = v.filter(|v| !v.is_finite()) {
                return Err(MetricError::Undefined {
                    metric,
                    value: value.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// Memory the streamed statistics of `classes` classes in dimension `d` need with chunks of
/// `chunk` rows: the class sums, means and projection ($\approx 4 K d$ values, once per
/// parallel block of a chunk) and the chunk buffer ($\text{chunk} \cdot d$ values), in bytes;
/// `None` on overflow.
#[cfg_attr(doc, doc = katex!())]
pub fn stream_bytes(classes: usize, d: usize, chunk: usize) -> Option<u64> {
    let blocks = chunk.div_ceil(BLOCK).max(1) as u64 + 4;
    let kd = (classes as u64).checked_mul(d as u64)?;
    let stats = kd.checked_mul(8)?.checked_mul(blocks)?;
    let buf = (chunk as u64).checked_mul(d as u64)?.checked_mul(8)?;
    stats.checked_add(buf)
}

/// Refuse before allocating: $d \ge 1$, $K \le N$ (else a class is empty), and
/// [`stream_bytes`] within `limit` bytes.
#[cfg_attr(doc, doc = katex!())]
pub fn check_stream_size(
    classes: usize,
    samples: usize,
    d: usize,
    chunk: usize,
    limit: u64,
) -> Result<(), MetricError> {
    if d == 0 {
        return Err(MetricError::ZeroSize { which: "dimension" });
    }
    if classes > samples {
        return Err(MetricError::TooLarge {
            which: "classes",
            reason: format!(
                "K = {classes} (largest label + 1) exceeds the N = {samples} samples: some class is empty"
            ),
        });
    }
    let chunk = chunk.min(samples).max(1);
    match stream_bytes(classes, d, chunk) {
        Some(b) if b <= limit => Ok(()),
        b => Err(MetricError::TooLarge {
            which: "classes",
            reason: format!(
                "K = {classes}, d = {d}, {chunk} rows per chunk need {} bytes of statistics, above the limit of {limit} (--max-mib)",
                b.map_or("more than 2^64".to_string(), |b| b.to_string())
            ),
        }),
    }
}

/// Check labels in `0..classes`, one per sample.
fn check_labels(labels: &[usize], n: usize, classes: usize) -> Result<(), MetricError> {
    if classes == 0 {
        return Err(MetricError::ZeroSize { which: "classes" });
    }
    if labels.len() != n {
        return Err(MetricError::Columns {
            expected: Some(labels.len()),
            found: n,
        });
    }
    if let Some(i) = labels.iter().position(|&y| y >= classes) {
        return Err(MetricError::Label {
            index: i,
            label: labels[i],
            classes,
        });
    }
    Ok(())
}

/// The metrics of features `h` ($d\times N$, one column per sample) with `labels` in
/// `0..classes`, and optionally the classifier `w` ($K\times d$), in memory; the same code
/// as the streamed `metrics_from_files` (feature `io`). Every class needs a sample.
#[cfg_attr(doc, doc = katex!())]
pub fn labelled_metrics(
    h: &DMatrix<f64>,
    labels: &[usize],
    classes: usize,
    w: Option<&DMatrix<f64>>,
    tol: &MetricTolerances,
) -> Result<LabelledMetrics, MetricError> {
    check_labels(labels, h.ncols(), classes)?;
    if let Some(w) = w
        && w.shape() != (classes, h.nrows())
    {
        return Err(MetricError::Classifier {
            expected: (classes, h.nrows()),
            found: w.shape(),
        });
    }
    let d = h.nrows();
    if d == 0 {
        return Err(MetricError::ZeroSize { which: "dimension" });
    }
    let rows = h.as_slice();
    let mut sums = Sums::new(classes, d);
    reduce(
        rows,
        labels,
        d,
        &|| Sums::new(classes, d),
        &|a: &mut Sums, r, l| a.add(r, l),
        |a: &mut Sums, b| a.merge(b),
        &mut sums,
    );
    let means = sums.means()?;
    let proj = nc1_projection(&means, tol.pinv_rel_tol);
    let mut spread = Spread::new(classes);
    reduce(
        rows,
        labels,
        d,
        &|| Spread::new(classes),
        &|a: &mut Spread, r, l| a.add(&means, &proj, w, r, l),
        |a: &mut Spread, b| a.merge(b),
        &mut spread,
    );
    finish(&sums, &means, &spread, w)
}

#[cfg(feature = "io")]
/// Options of [`metrics_from_files`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct StreamOptions {
    /// Rows read per chunk (at least 1).
    pub chunk_rows: usize,
    /// Cut-off of $\Sigma_B^+$ and $\varepsilon$ of the effective depth.
    pub tol: MetricTolerances,
    /// Caps for reading labels and weights (the features are streamed).
    pub limits: ReadLimits,
}

#[cfg(feature = "io")]
impl Default for StreamOptions {
    fn default() -> Self {
        Self {
            chunk_rows: 8192,
            tol: MetricTolerances {
                pinv_rel_tol: 1e-10,
                ncc_epsilon: 0.01,
            },
            limits: ReadLimits::default(),
        }
    }
}

#[cfg(feature = "io")]
/// NC1 and NCC error of one layer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerMetrics {
    /// The features file.
    pub file: String,
    /// Its dimension.
    pub dim: usize,
    /// NC1.
    pub nc1: f64,
    /// NCC error.
    pub ncc_error: f64,
}

#[cfg(feature = "io")]
/// The result of [`metrics_from_files`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileMetrics {
    /// The features file.
    pub features: String,
    /// Its metrics.
    #[serde(flatten)]
    pub metrics: LabelledMetrics,
    /// Per layer, in the order given.
    pub layers: Vec<LayerMetrics>,
    /// The least layer (1-based) whose NCC error is at most $\varepsilon$ (only with layers).
    pub effective_depth: Option<usize>,
    /// $\varepsilon$.
    pub epsilon: f64,
}

#[cfg(feature = "io")]
/// Failure of [`metrics_from_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamError {
    /// A file could not be read, or its contents are invalid (names file and tensor).
    Io(IoError),
    /// The metrics' inputs do not fit together.
    Metric {
        /// The file concerned.
        file: String,
        /// Why.
        error: MetricError,
    },
}

#[cfg(feature = "io")]
impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::Metric { file, error } => write!(f, "{file}: {error}"),
        }
    }
}

#[cfg(feature = "io")]
impl std::error::Error for StreamError {}

#[cfg(feature = "io")]
impl From<IoError> for StreamError {
    fn from(e: IoError) -> Self {
        Self::Io(e)
    }
}

#[cfg(feature = "io")]
fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("array")
        .to_string()
}

#[cfg(feature = "io")]
/// The single float or integer tensor of a file.
fn single(path: &Path, limits: &ReadLimits) -> Result<crate::io::Tensor, IoError> {
    let f = read_tensors(path, limits)?;
    let n = f.tensors.len();
    let mut ts = f.tensors;
    if n != 1 {
        return Err(IoError::new(
            &f.file,
            None,
            IoErrorKind::Format(format!("{n} tensors, expected exactly one")),
        ));
    }
    Ok(ts.remove(0))
}

#[cfg(feature = "io")]
/// Two passes over one features file.
fn stream_one(
    path: &Path,
    labels: &[usize],
    classes: usize,
    w: Option<&DMatrix<f64>>,
    opts: &StreamOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<LabelledMetrics, StreamError> {
    let file = path.display().to_string();
    let tensor = stem(path);
    let metric = |error| StreamError::Metric {
        file: file.clone(),
        error,
    };
    let chunk = opts.chunk_rows.max(1);
    let open = || NpyRows::open(path, &tensor, &opts.limits);
    let mut rows = open()?;
    let d = rows.cols();
    if rows.rows() != labels.len() {
        return Err(IoError::new(
            &file,
            Some(&tensor),
            IoErrorKind::Shape {
                expected: format!("({}, d): one row per label", labels.len()),
                found: vec![rows.rows(), d],
            },
        )
        .into());
    }
    check_labels(labels, rows.rows(), classes).map_err(metric)?;
    check_stream_size(classes, rows.rows(), d, chunk, opts.limits.max_tensor_bytes)
        .map_err(metric)?;
    if let Some(w) = w
        && w.shape() != (classes, d)
    {
        return Err(metric(MetricError::Classifier {
            expected: (classes, d),
            found: w.shape(),
        }));
    }
    let mut buf = Vec::new();
    let mut sums = Sums::new(classes, d);
    let mut at = 0usize;
    loop {
        let got = rows.next_rows(chunk, &mut buf)?;
        if got == 0 {
            break;
        }
        reduce(
            &buf,
            &labels[at..at + got],
            d,
            &|| Sums::new(classes, d),
            &|a: &mut Sums, r, l| a.add(r, l),
            |a: &mut Sums, b| a.merge(b),
            &mut sums,
        );
        at += got;
        progress(got as u64);
    }
    let means = sums.means().map_err(metric)?;
    let proj = nc1_projection(&means, opts.tol.pinv_rel_tol);
    let mut spread = Spread::new(classes);
    let mut rows = open()?;
    at = 0;
    loop {
        let got = rows.next_rows(chunk, &mut buf)?;
        if got == 0 {
            break;
        }
        reduce(
            &buf,
            &labels[at..at + got],
            d,
            &|| Spread::new(classes),
            &|a: &mut Spread, r, l| a.add(&means, &proj, w, r, l),
            |a: &mut Spread, b| a.merge(b),
            &mut spread,
        );
        at += got;
        progress(got as u64);
    }
    finish(&sums, &means, &spread, w).map_err(metric)
}

#[cfg(feature = "io")]
/// Rows of a `.npy` feature file without reading it (for progress totals).
pub fn feature_rows(path: &Path, limits: &ReadLimits) -> Result<usize, IoError> {
    Ok(NpyRows::open(path, &stem(path), limits)?.rows())
}

#[cfg(feature = "io")]
/// The metrics of `features` (`.npy`, shape $(N, d)$, `float32`/`float64`, C order) with
/// `labels` (`.npy`/`.npz`/safetensors holding one integer tensor of $N$ labels), and
/// optionally `weights` (one float tensor, the $K\times d$ last-layer classifier) and the
/// features of several layers (each $(N, d_l)$) for the effective depth. $K$ is the rows of
/// `weights` if given, else the largest label plus one. `progress(rows)` is called after
/// every chunk; the total is $2N(1 + \text{layers})$.
#[cfg_attr(doc, doc = katex!())]
pub fn metrics_from_files(
    features: &Path,
    labels: &Path,
    weights: Option<&Path>,
    layers: &[PathBuf],
    opts: &StreamOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<FileMetrics, StreamError> {
    let lab = single(labels, &opts.limits)?;
    let lab_file = labels.display().to_string();
    let w = match weights {
        None => None,
        Some(p) => {
            let t = single(p, &opts.limits)?;
            let file = p.display().to_string();
            let TensorData::Float(v) = &t.data else {
                return Err(IoError::new(
                    &file,
                    Some(&t.name),
                    IoErrorKind::Dtype {
                        found: t.dtype.to_string(),
                        expected: "float32 or float64",
                    },
                )
                .into());
            };
            let [r, c] = t.shape[..] else {
                return Err(IoError::new(
                    &file,
                    Some(&t.name),
                    IoErrorKind::Shape {
                        expected: "(K, d)".into(),
                        found: t.shape.clone(),
                    },
                )
                .into());
            };
            let d = NpyRows::open(features, &stem(features), &opts.limits)?.cols();
            if c != d {
                return Err(IoError::new(
                    &file,
                    Some(&t.name),
                    IoErrorKind::Shape {
                        expected: format!("(K, {d}): the features have dimension {d}"),
                        found: t.shape.clone(),
                    },
                )
                .into());
            }
            Some(DMatrix::from_row_slice(r, c, v))
        }
    };
    if let TensorData::Float(_) = lab.data {
        return Err(IoError::new(
            &lab_file,
            Some(&lab.name),
            IoErrorKind::Dtype {
                found: lab.dtype.to_string(),
                expected: "an integer type (labels)",
            },
        )
        .into());
    }
    let classes = match (&w, &lab.data) {
        (Some(w), _) => w.nrows(),
        (None, TensorData::Int(v)) => {
            let max = v.iter().copied().max().unwrap_or(0);
            usize::try_from(max)
                .ok()
                .and_then(|m| m.checked_add(1))
                .unwrap_or(0)
        }
        (None, TensorData::Float(_)) => 0,
    };
    let feats = NpyRows::open(features, &stem(features), &opts.limits)?;
    let n = feats.rows();
    // K from the labels' largest value, d and the chunk size by the same limits, before any
    // statistics are allocated
    let file = if classes > n {
        lab_file.clone()
    } else {
        features.display().to_string()
    };
    check_stream_size(
        classes,
        n,
        feats.cols(),
        opts.chunk_rows.max(1),
        opts.limits.max_tensor_bytes,
    )
    .map_err(|error| StreamError::Metric { file, error })?;
    drop(feats);
    if classes < 2 {
        return Err(IoError::new(
            &lab_file,
            Some(&lab.name),
            IoErrorKind::Label(format!("{classes} classes; need at least 2")),
        )
        .into());
    }
    let labels_v = labels_of(&lab_file, &lab, n, classes)?;
    let mut progress = progress;
    let metrics = stream_one(
        features,
        &labels_v,
        classes,
        w.as_ref(),
        opts,
        &mut progress,
    )?;
    let mut per_layer = Vec::new();
    let mut acc = Vec::new();
    for p in layers {
        let m = stream_one(p, &labels_v, classes, None, opts, &mut progress)?;
        acc.push(m.ncc_accuracy);
        per_layer.push(LayerMetrics {
            file: p.display().to_string(),
            dim: m.dim,
            nc1: m.nc1,
            ncc_error: m.ncc_error,
        });
    }
    Ok(FileMetrics {
        features: features.display().to_string(),
        metrics,
        effective_depth: if per_layer.is_empty() {
            None
        } else {
            first_separable(&acc, opts.tol.ncc_epsilon)
        },
        layers: per_layer,
        epsilon: opts.tol.ncc_epsilon,
    })
}
