//! # A deep-UFM parameter point in a tensor file
//!
//! ## Main definitions
//! The naming convention of a point $(H_1, W_1, \dots, W_L)$ of the MSE deep unconstrained
//! features model (docs/theory.md §3.1), in a `.npz` or safetensors file:
//!
//! | tensor | shape (C order) | meaning |
//! | --- | --- | --- |
//! | `H1` | $d \times N$ | the free features, one column per sample |
//! | `W1`, …, `W{L-1}` | $d \times d$ | hidden layers |
//! | `WL` (e.g. `W4` for $L = 4$) | $K \times d$ | the last layer; $K$ is its row count |
//! | `labels` (optional) | $N$ integers in $0..K$ | the class of each column of `H1` |
//!
//! $L$ is the largest $l$ with `W1`..`Wl` all present (a gap is a missing tensor). Without
//! `labels` the columns are class-major, $n = N/K$ per class: $Y = I_K \otimes 1_n^\top$.
//! With `labels`, every class must have the same number $n$ of samples (the certificate
//! format is class-major), and [`DufmPoint::class_major`] sorts the columns stably by label.
//! Values are `float32` or `float64`, all finite; `labels` any integer dtype. Any other
//! tensor name is an error (it is most likely a misspelling). $\lambda_W, \lambda_H$ are not
//! stored: they come from the command line.
//!
//! ## Main results
//! None (input checking).
//!
//! ## References
//! - docs/theory.md §3.1 (the MSE deep UFM) and §3.7 (certificates).
#![cfg_attr(doc, doc = katex!())]

use super::{IoError, IoErrorKind, ReadLimits, Tensor, TensorData, TensorFile, read_tensors};
use nalgebra::DMatrix;
use std::path::Path;

/// Most layers a point may have (the certificate kernel's limit).
pub const MAX_LAYERS: usize = 32;

/// A parameter point of the deep UFM read from a file.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct DufmPoint {
    /// The file it came from (for messages).
    pub file: String,
    /// $H_1 \in \mathbb R^{d\times N}$.
    pub h1: DMatrix<f64>,
    /// $W_1, \dots, W_L$.
    pub ws: Vec<DMatrix<f64>>,
    /// The class of each column of $H_1$, if given (else class-major).
    pub labels: Option<Vec<usize>>,
}

fn matrix(file: &str, t: &Tensor) -> Result<DMatrix<f64>, IoError> {
    let err = |k| IoError::new(file, Some(&t.name), k);
    let TensorData::Float(v) = &t.data else {
        return Err(err(IoErrorKind::Dtype {
            found: t.dtype.to_string(),
            expected: "float32 or float64",
        }));
    };
    let [r, c] = t.shape[..] else {
        return Err(err(IoErrorKind::Shape {
            expected: "a matrix (2 dimensions)".into(),
            found: t.shape.clone(),
        }));
    };
    if r == 0 || c == 0 {
        return Err(err(IoErrorKind::Shape {
            expected: "no zero dimension".into(),
            found: t.shape.clone(),
        }));
    }
    Ok(DMatrix::from_row_slice(r, c, v))
}

impl DufmPoint {
    /// Read a point from a `.npz` or safetensors file.
    pub fn read(path: &Path, limits: &ReadLimits) -> Result<Self, IoError> {
        Self::from_tensors(&read_tensors(path, limits)?)
    }

    /// Check the naming convention, shapes and labels of `f`.
    pub fn from_tensors(f: &TensorFile) -> Result<Self, IoError> {
        let file = f.file.as_str();
        let err = |t: &str, k| IoError::new(file, Some(t), k);
        let h1 = matrix(file, f.require("H1")?)?;
        let (d, big_n) = h1.shape();
        let mut layers = 0usize;
        while layers < MAX_LAYERS && f.get(&format!("W{}", layers + 1)).is_some() {
            layers += 1;
        }
        if layers == 0 {
            return Err(err("W1", IoErrorKind::Missing));
        }
        for t in &f.tensors {
            let known = t.name == "H1"
                || t.name == "labels"
                || t.name
                    .strip_prefix('W')
                    .and_then(|s| s.parse::<usize>().ok())
                    .is_some_and(|l| (1..=layers).contains(&l) && t.name == format!("W{l}"));
            if !known {
                // W{L+2} with W{L+1} absent is a gap; anything else is unknown
                let kind = match t
                    .name
                    .strip_prefix('W')
                    .and_then(|s| s.parse::<usize>().ok())
                {
                    Some(l) if l > layers + 1 && l <= MAX_LAYERS => {
                        return Err(err(&format!("W{}", layers + 1), IoErrorKind::Missing));
                    }
                    Some(l) if l > MAX_LAYERS => IoErrorKind::Shape {
                        expected: format!("at most {MAX_LAYERS} layers"),
                        found: vec![l],
                    },
                    _ => IoErrorKind::Unexpected,
                };
                return Err(err(&t.name, kind));
            }
        }
        let mut ws = Vec::with_capacity(layers);
        for l in 1..=layers {
            let name = format!("W{l}");
            let w = matrix(file, f.require(&name)?)?;
            let last = l == layers;
            let ok = if last {
                w.ncols() == d
            } else {
                w.shape() == (d, d)
            };
            if !ok {
                return Err(err(
                    &name,
                    IoErrorKind::Shape {
                        expected: if last {
                            format!("(K, {d}): W{l} takes the width d = {d} of H1")
                        } else {
                            format!("({d}, {d}): hidden layers are d x d with d = rows of H1")
                        },
                        found: vec![w.nrows(), w.ncols()],
                    },
                ));
            }
            ws.push(w);
        }
        let k = ws[layers - 1].nrows();
        let last = format!("W{layers}");
        if k < 2 {
            return Err(err(
                &last,
                IoErrorKind::Shape {
                    expected: "K >= 2 rows (classes)".into(),
                    found: vec![k, d],
                },
            ));
        }
        if d < k {
            return Err(err(
                "H1",
                IoErrorKind::Shape {
                    expected: format!("width d >= K = {k} rows"),
                    found: vec![d, big_n],
                },
            ));
        }
        let labels = match f.get("labels") {
            None => {
                if !big_n.is_multiple_of(k) {
                    return Err(err(
                        "H1",
                        IoErrorKind::Shape {
                            expected: format!(
                                "N columns divisible by K = {k} (class-major, no labels)"
                            ),
                            found: vec![d, big_n],
                        },
                    ));
                }
                None
            }
            Some(t) => Some(labels_of(file, t, big_n, k)?),
        };
        Self::new(file, h1, ws, labels)
    }

    /// Build a point from matrices (for callers holding arrays, e.g. from Python) and check
    /// it as [`DufmPoint::from_tensors`] does; `file` names it in errors.
    pub fn new(
        file: &str,
        h1: DMatrix<f64>,
        ws: Vec<DMatrix<f64>>,
        labels: Option<Vec<usize>>,
    ) -> Result<Self, IoError> {
        let p = Self {
            file: file.to_string(),
            h1,
            ws,
            labels,
        };
        p.validate()?;
        Ok(p)
    }

    /// Check the convention on a point whose fields may have been set directly: $L \ge 1$
    /// layers (at most [`MAX_LAYERS`]), shapes that chain, $2 \le K \le d$, finite entries,
    /// labels in $0..K$ one per column (or $K \mid N$ without labels).
    pub fn validate(&self) -> Result<(), IoError> {
        let err = |t: &str, k| IoError::new(&self.file, Some(t), k);
        let (d, big_n) = self.h1.shape();
        let l = self.ws.len();
        if l == 0 {
            return Err(err("W1", IoErrorKind::Missing));
        }
        if l > MAX_LAYERS {
            return Err(err(
                &format!("W{l}"),
                IoErrorKind::Shape {
                    expected: format!("at most {MAX_LAYERS} layers"),
                    found: vec![l],
                },
            ));
        }
        if d == 0 || big_n == 0 {
            return Err(err(
                "H1",
                IoErrorKind::Shape {
                    expected: "no zero dimension".into(),
                    found: vec![d, big_n],
                },
            ));
        }
        let k = self.ws[l - 1].nrows();
        for (i, w) in self.ws.iter().enumerate() {
            let last = i + 1 == l;
            let ok = if last {
                w.ncols() == d && k >= 2 && k <= d
            } else {
                w.shape() == (d, d)
            };
            if !ok {
                return Err(err(
                    &format!("W{}", i + 1),
                    IoErrorKind::Shape {
                        expected: if last {
                            format!("(K, {d}) with 2 <= K <= d = {d}")
                        } else {
                            format!("({d}, {d})")
                        },
                        found: vec![w.nrows(), w.ncols()],
                    },
                ));
            }
        }
        let named = std::iter::once(("H1".to_string(), &self.h1)).chain(
            self.ws
                .iter()
                .enumerate()
                .map(|(i, w)| (format!("W{}", i + 1), w)),
        );
        for (name, m) in named {
            if let Some(i) = m.transpose().iter().position(|x| !x.is_finite()) {
                return Err(err(&name, IoErrorKind::NonFinite { index: i as u64 }));
            }
        }
        match &self.labels {
            None if !big_n.is_multiple_of(k) => Err(err(
                "H1",
                IoErrorKind::Shape {
                    expected: format!("N columns divisible by K = {k} (class-major, no labels)"),
                    found: vec![d, big_n],
                },
            )),
            None => Ok(()),
            Some(y) if y.len() != big_n => Err(err(
                "labels",
                IoErrorKind::Shape {
                    expected: format!("({big_n},): one label per sample"),
                    found: vec![y.len()],
                },
            )),
            Some(y) => match y.iter().position(|&c| c >= k) {
                Some(i) => Err(err(
                    "labels",
                    IoErrorKind::Label(format!("label {} at index {i} is outside 0..{k}", y[i])),
                )),
                None => Ok(()),
            },
        }
    }

    /// $K$, the rows of $W_L$.
    pub fn classes(&self) -> usize {
        self.ws.last().map_or(0, DMatrix::nrows)
    }

    /// $L$.
    pub fn layers(&self) -> usize {
        self.ws.len()
    }

    /// $d$, the rows of $H_1$.
    pub fn width(&self) -> usize {
        self.h1.nrows()
    }

    /// The point with columns in class-major order and $n$ per class: labels, if given,
    /// sort the columns stably; an error names `labels` if the classes differ in size.
    pub fn class_major(&self) -> Result<(Self, usize), IoError> {
        self.validate()?;
        let k = self.classes();
        let big_n = self.h1.ncols();
        let Some(labels) = &self.labels else {
            return Ok((self.clone(), big_n / k));
        };
        let mut counts = vec![0usize; k];
        for &y in labels {
            counts[y] += 1;
        }
        let n = counts[0];
        if let Some(c) = counts.iter().position(|&c| c != n) {
            return Err(IoError::new(
                &self.file,
                Some("labels"),
                IoErrorKind::Label(format!(
                    "class {c} has {} samples but class 0 has {n}; the certificate needs equal class sizes",
                    counts[c]
                )),
            ));
        }
        let mut order: Vec<usize> = (0..big_n).collect();
        order.sort_by_key(|&i| labels[i]);
        let h1 = DMatrix::from_fn(self.h1.nrows(), big_n, |r, j| self.h1[(r, order[j])]);
        Ok((
            Self {
                file: self.file.clone(),
                h1,
                ws: self.ws.clone(),
                labels: None,
            },
            n,
        ))
    }
}

/// Labels of length `big_n` in `0..k` from an integer tensor.
pub fn labels_of(file: &str, t: &Tensor, big_n: usize, k: usize) -> Result<Vec<usize>, IoError> {
    let err = |kind| IoError::new(file, Some(&t.name), kind);
    let TensorData::Int(v) = &t.data else {
        return Err(err(IoErrorKind::Dtype {
            found: t.dtype.to_string(),
            expected: "an integer type",
        }));
    };
    if t.shape.len() != 1 || t.shape[0] != big_n {
        return Err(err(IoErrorKind::Shape {
            expected: format!("({big_n},): one label per sample"),
            found: t.shape.clone(),
        }));
    }
    v.iter()
        .enumerate()
        .map(|(i, &y)| {
            usize::try_from(y).ok().filter(|&y| y < k).ok_or_else(|| {
                err(IoErrorKind::Label(format!(
                    "label {y} at index {i} is outside 0..{k}"
                )))
            })
        })
        .collect()
}
