//! # Initialisations of the deep UFM
//!
//! ## Main definitions
//! - [`gaussian`]: every entry $\sim \mathcal N(0,1)\cdot s$, drawn in the order
//!   $H_1, W_1, \dots, W_L$, each matrix row by row (the semantics of `dufm_numpy.py`; the
//!   generator is ChaCha8 seeded by a `u64`, not NumPy's PCG64, so the draws differ — use
//!   [`load_json`] on `dufm_numpy.py --save-init` output to start from NumPy's draw).
//! - [`spectral`]: aligned, balanced factors with prescribed per-factor singular values
//!   $s_1,\dots,s_r$ along an orthonormal frame $Q \in \mathbb R^{K\times r}$:
//!   $W_L = Q\thinspace\mathrm{diag}(s)\thinspace E^\top$, $W_l = E\thinspace\mathrm{diag}(s)\thinspace E^\top$ ($1 \le l < L$),
//!   $H_1 = E\thinspace\mathrm{diag}(s)\thinspace(Q \otimes 1_n/\sqrt n)^\top$, with $E = [e_1,\dots,e_r] \in \mathbb R^{d\times r}$.
//! - [`hadamard`] / [`hadamard_with`]: [`spectral`] with $Q = H/\sqrt K$ for the Sylvester
//!   matrix ([`sylvester`], $K = 2^p$) or any supplied Hadamard matrix ([`paley12`]).
//!
//! ## Main results
//! The spectral factors are balanced, $W_{l+1}^\top W_{l+1} = W_l W_l^\top = E\thinspace\mathrm{diag}(s^2)E^\top$,
//! and the output is $Z = Q\thinspace\mathrm{diag}(s^{L+1})\thinspace Q^\top \otimes 1_n^\top/\sqrt n$ (tests rebuild both).
//! A Hadamard matrix satisfies $H^\top H = K I$ (checked exactly before use).
//!
//! ## References
//! Garrod, Keating, Thrampoulidis (2026) — spectral and Hadamard initialisation (reconstructed);
//! Sylvester (1867); Paley (1933), construction I with $q = 11$.
#![cfg_attr(doc, doc = katex!())]

use super::model::{Dufm, ModelError, Params};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use std::fmt;

/// An initialisation that cannot be built.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InitError {
    /// The model itself is invalid.
    Model(ModelError),
    /// Sylvester–Hadamard needs $K = 2^p$.
    NotPowerOfTwo {
        /// The number of classes.
        classes: usize,
    },
    /// The spectral frame needs $d \ge r$.
    WidthTooSmall {
        /// The width $d$.
        width: usize,
        /// The number of modes $r$ required.
        needed: usize,
    },
    /// Wrong number of singular values.
    SingularValueCount {
        /// Given.
        given: usize,
        /// Allowed maximum (`min(K, d)` or the frame's column count).
        expected: usize,
    },
    /// A singular value is negative or not finite.
    BadSingularValue {
        /// Its index.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// The frame's columns are not orthonormal.
    FrameNotOrthonormal {
        /// $\max |Q^\top Q - I|$.
        deviation: f64,
    },
    /// The supplied matrix is not a Hadamard matrix of order $K$.
    NotHadamard {
        /// What failed.
        reason: String,
    },
    /// The `--save-init` JSON could not be read.
    Json(String),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Model(e) => write!(f, "{e}"),
            Self::NotPowerOfTwo { classes } => write!(
                f,
                "classes: K = {classes}, the Sylvester-Hadamard initialisation needs K = 2^p"
            ),
            Self::WidthTooSmall { width, needed } => {
                write!(
                    f,
                    "width: d = {width}, need d >= {needed} (the number of modes)"
                )
            }
            Self::SingularValueCount { given, expected } => {
                write!(
                    f,
                    "sv: {given} singular values given, expected 1..={expected}"
                )
            }
            Self::BadSingularValue { index, value } => {
                write!(
                    f,
                    "sv: singular value #{index} = {value} must be finite and >= 0"
                )
            }
            Self::FrameNotOrthonormal { deviation } => {
                write!(
                    f,
                    "frame: the columns are not orthonormal (max |QᵀQ - I| = {deviation:e})"
                )
            }
            Self::NotHadamard { reason } => write!(f, "h: not a Hadamard matrix: {reason}"),
            Self::Json(e) => write!(f, "text: init JSON: {e}"),
        }
    }
}

impl std::error::Error for InitError {}

impl InitError {
    /// The caller's argument the error concerns: the model's `classes` or `width`, the
    /// singular values `sv`, the `frame`, the Hadamard matrix `h`, the JSON `text`, or what
    /// the [`ModelError`] names.
    pub fn parameter(&self) -> &str {
        match self {
            Self::Model(e) => e.parameter(),
            Self::NotPowerOfTwo { .. } => "classes",
            Self::WidthTooSmall { .. } => "width",
            Self::SingularValueCount { .. } | Self::BadSingularValue { .. } => "sv",
            Self::FrameNotOrthonormal { .. } => "frame",
            Self::NotHadamard { .. } => "h",
            Self::Json(_) => "text",
        }
    }
}

impl From<ModelError> for InitError {
    fn from(e: ModelError) -> Self {
        Self::Model(e)
    }
}

/// Every entry $\mathcal N(0,1)\cdot$`scale`, order $H_1, W_1..W_L$, row-major, ChaCha8(`seed`).
#[cfg_attr(doc, doc = katex!())]
pub fn gaussian(model: &Dufm, scale: f64, seed: u64) -> Result<Params<f64>, InitError> {
    model.validate()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut mats = model.shapes().into_iter().map(|(r, c)| {
        let it = (0..r * c).map(|_| {
            let x: f64 = StandardNormal.sample(&mut rng);
            x * scale
        });
        DMatrix::from_row_iterator(r, c, it.collect::<Vec<_>>())
    });
    let h1 = mats.next().expect("shapes() starts with H1");
    Ok(Params {
        h1,
        w: mats.collect(),
    })
}

/// A $K\times K$ orthogonal matrix: the Q factor of a ChaCha8(`seed`) Gaussian matrix, with
/// column signs fixed so that $R$ has a non-negative diagonal (Haar-distributed).
#[cfg_attr(doc, doc = katex!())]
pub fn random_orthogonal(k: usize, seed: u64) -> DMatrix<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let g = DMatrix::from_fn(k, k, |_, _| StandardNormal.sample(&mut rng));
    let qr = g.qr();
    let (mut q, r) = (qr.q(), qr.r());
    for j in 0..k {
        if r[(j, j)] < 0.0 {
            q.column_mut(j).neg_mut();
        }
    }
    q
}

/// Aligned, balanced factors with per-factor singular values `sv` along the orthonormal
/// columns of `frame` ($K \times r$, $r$ = `sv.len()`).
#[cfg_attr(doc, doc = katex!())]
pub fn spectral(model: &Dufm, frame: &DMatrix<f64>, sv: &[f64]) -> Result<Params<f64>, InitError> {
    model.validate()?;
    let (k, d, n) = (model.classes, model.width, model.samples);
    let r = frame.ncols();
    if frame.nrows() != k {
        return Err(ModelError::Shape {
            param: "frame".into(),
            expected: (k, r),
            found: frame.shape(),
        }
        .into());
    }
    if sv.is_empty() || sv.len() != r {
        return Err(InitError::SingularValueCount {
            given: sv.len(),
            expected: r,
        });
    }
    if let Some((index, &value)) = sv
        .iter()
        .enumerate()
        .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
    {
        return Err(InitError::BadSingularValue { index, value });
    }
    if d < r {
        return Err(InitError::WidthTooSmall {
            width: d,
            needed: r,
        });
    }
    let gram = frame.transpose() * frame;
    let deviation = (gram - DMatrix::identity(r, r)).amax();
    if deviation > 1e-12 * r as f64 {
        return Err(InitError::FrameNotOrthonormal { deviation });
    }
    let s = DMatrix::from_diagonal(&nalgebra::DVector::from_column_slice(sv));
    let e = DMatrix::<f64>::identity(d, r);
    let root_n = (n as f64).sqrt();
    // V₀ = Q ⊗ 1_n / √n  (N x r), columns class-major
    let v0 = DMatrix::from_fn(k * n, r, |i, j| frame[(i / n, j)] / root_n);
    let h1 = &e * &s * v0.transpose();
    let hidden = &e * &s * e.transpose();
    let mut w = vec![hidden; model.layers - 1];
    w.push(frame * &s * e.transpose());
    Ok(Params { h1, w })
}

/// The Sylvester–Hadamard matrix of order `classes` $= 2^p$: $H_1 = (1)$, $H_{2m} = \begin{pmatrix}H_m & H_m\cr H_m & -H_m\end{pmatrix}$,
/// i.e. $H_{ij} = (-1)^{\mathrm{popcount}(i \wedge j)}$.
#[cfg_attr(doc, doc = katex!())]
pub fn sylvester(classes: usize) -> Result<Vec<Vec<i64>>, InitError> {
    if classes == 0 || !classes.is_power_of_two() {
        return Err(InitError::NotPowerOfTwo { classes });
    }
    Ok((0..classes)
        .map(|i| {
            (0..classes)
                .map(|j| if (i & j).count_ones() % 2 == 0 { 1 } else { -1 })
                .collect()
        })
        .collect())
}

/// The Paley (construction I, $q = 11$) Hadamard matrix of order 12: $H = I + S$ with
/// $S = \begin{pmatrix}0 & 1^\top\cr -1 & C\end{pmatrix}$, $C_{ij} = \chi(j - i)$, $\chi$ the quadratic
/// character of $\mathbb F_{11}$ (squares $\lbrace1,3,4,5,9\rbrace$).
#[cfg_attr(doc, doc = katex!())]
pub fn paley12() -> Vec<Vec<i64>> {
    const Q: i64 = 11;
    let chi = |x: i64| -> i64 {
        let x = x.rem_euclid(Q);
        if x == 0 {
            0
        } else if (1..Q).any(|y| (y * y) % Q == x) {
            1
        } else {
            -1
        }
    };
    let m = (Q + 1) as usize;
    (0..m)
        .map(|i| {
            (0..m)
                .map(|j| {
                    let s = match (i, j) {
                        (0, 0) => 0,
                        (0, _) => 1,
                        (_, 0) => -1,
                        _ => chi(j as i64 - i as i64),
                    };
                    s + i64::from(i == j)
                })
                .collect()
        })
        .collect()
}

// HᵀH = K·I with entries ±1
/// Check exactly that `h` is a Hadamard matrix of order `k`.
pub fn check_hadamard(h: &[Vec<i64>], k: usize) -> Result<(), InitError> {
    if h.len() != k || h.iter().any(|r| r.len() != k) {
        return Err(InitError::NotHadamard {
            reason: format!("expected a {k}x{k} matrix"),
        });
    }
    if let Some((i, j)) = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .find(|&(i, j)| h[i][j].abs() != 1)
    {
        return Err(InitError::NotHadamard {
            reason: format!("entry ({i},{j}) = {} is not ±1", h[i][j]),
        });
    }
    for a in 0..k {
        for b in a + 1..k {
            let dot: i64 = (0..k).map(|i| h[i][a] * h[i][b]).sum();
            if dot != 0 {
                return Err(InitError::NotHadamard {
                    reason: format!("columns {a} and {b} have inner product {dot}"),
                });
            }
        }
    }
    Ok(())
}

/// [`spectral`] along $H/\sqrt K$ for a supplied Hadamard matrix `h` of order $K$.
#[cfg_attr(doc, doc = katex!())]
pub fn hadamard_with(model: &Dufm, h: &[Vec<i64>], sv: &[f64]) -> Result<Params<f64>, InitError> {
    let k = model.classes;
    check_hadamard(h, k)?;
    if model.width < k {
        return Err(InitError::WidthTooSmall {
            width: model.width,
            needed: k,
        });
    }
    let root_k = (k as f64).sqrt();
    let frame = DMatrix::from_fn(k, k, |i, j| h[i][j] as f64 / root_k);
    spectral(model, &frame, sv)
}

/// [`hadamard_with`] the Sylvester matrix; needs $K = 2^p$ and $d \ge K$.
#[cfg_attr(doc, doc = katex!())]
pub fn hadamard(model: &Dufm, sv: &[f64]) -> Result<Params<f64>, InitError> {
    let h = sylvester(model.classes)?;
    hadamard_with(model, &h, sv)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SavedInit {
    #[serde(rename = "H1")]
    h1: Vec<Vec<f64>>,
    #[serde(rename = "W")]
    w: Vec<Vec<Vec<f64>>>,
}

fn from_rows(name: String, rows: &[Vec<f64>]) -> Result<DMatrix<f64>, InitError> {
    let c = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != c) {
        return Err(InitError::Json(format!(
            "{name} has rows of unequal length"
        )));
    }
    Ok(DMatrix::from_row_iterator(
        rows.len(),
        c,
        rows.iter().flatten().copied(),
    ))
}

/// Parse `dufm_numpy.py --save-init` JSON `{"H1": rows, "W": [rows, ...]}` and check it
/// against `model`'s shapes.
pub fn load_json(text: &str, model: &Dufm) -> Result<Params<f64>, InitError> {
    let saved: SavedInit =
        serde_json::from_str(text).map_err(|e| InitError::Json(e.to_string()))?;
    let h1 = from_rows("H1".into(), &saved.h1)?;
    let w = saved
        .w
        .iter()
        .enumerate()
        .map(|(i, rows)| from_rows(Dufm::param_name(i + 1), rows))
        .collect::<Result<Vec<_>, _>>()?;
    let p = Params { h1, w };
    p.check_shapes(model)?;
    Ok(p)
}

/// Write parameters in the `--save-init` JSON format (shortest round-trip float repr).
pub fn to_json(p: &Params<f64>) -> String {
    let rows = |m: &DMatrix<f64>| -> Vec<Vec<f64>> {
        (0..m.nrows())
            .map(|i| m.row(i).iter().copied().collect())
            .collect()
    };
    let saved = SavedInit {
        h1: rows(&p.h1),
        w: p.w.iter().map(rows).collect(),
    };
    serde_json::to_string(&saved).expect("finite floats serialise")
}
