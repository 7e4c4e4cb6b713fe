//! # Sweep grids
//!
//! ## Main definitions
//! - [`GridFile`]: the axes as written in a TOML file (every key optional; the CLI's flags
//!   fill the same struct and override the file's keys).
//! - [`Grid`]: the validated axes; [`Grid::runs`] is their product in the canonical order,
//!   [`Grid::shard`] a deterministic share.
//! - [`Shard`]: `I/N`, $0 \le I < N$.
//!
//! ## Main results
//! The number of runs is the product of the axis lengths, computed with checked
//! multiplication and refused above [`MAX_RUNS`]; every model is checked against
//! [`MAX_ENTRIES`] numbers in memory before anything is trained. Shard $I$ of $N$ holds the
//! runs whose index in the canonical order is $\equiv I \pmod N$, so the shards partition the
//! grid.
//!
//! ## Example
//! ```
//! use ncverify::sweep::grid::{Grid, GridFile};
//! let g = Grid::new(&GridFile::from_toml("classes = [4, 6]\nlayers = [2]\nwidth = [8]\nsteps = [10]\nseeds = 3")?)?;
//! assert_eq!(g.runs()?.len(), 6);
//! # Ok::<(), ncverify::sweep::SweepError>(())
//! ```
//!
//! ## References
//! The axes follow `ncverify train` (the command line, feature `cli`).
#![cfg_attr(doc, doc = katex!())]

use super::key::{InitKind, SweepRun, parse_activation, parse_loss};
use super::{SweepError, bad_grid};
use crate::train::Dufm;
// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use crate::train::run::{MAX_ENTRIES, MAX_STEPS};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// Most runs in one grid.
pub const MAX_RUNS: u64 = 1_000_000;

/// Largest grid file read (bytes).
pub const MAX_GRID_FILE: u64 = 1 << 20;

/// The axes of a grid as written in TOML (all optional; see [`Grid::new`] for defaults).
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridFile {
    /// `"mse"` / `"ce"`.
    pub loss: Option<Vec<String>>,
    /// `"relu"` / `"linear"`.
    pub activation: Option<Vec<String>>,
    /// $K$.
    pub classes: Option<Vec<u64>>,
    /// $L$ (number of weight matrices).
    pub layers: Option<Vec<u64>>,
    /// $d$.
    pub width: Option<Vec<u64>>,
    /// $n$ (samples per class).
    pub samples: Option<Vec<u64>>,
    /// Tied $\lambda_W = \lambda_H$ (exclusive with `lambda_w` / `lambda_h`).
    pub lambda: Option<Vec<f64>>,
    /// $\lambda_W$.
    pub lambda_w: Option<Vec<f64>>,
    /// $\lambda_H$.
    pub lambda_h: Option<Vec<f64>>,
    /// `"gaussian"` / `"spectral"` / `"hadamard"`.
    pub init: Option<Vec<String>>,
    /// Scale of the initialisation.
    pub init_scale: Option<Vec<f64>>,
    /// GD steps.
    pub steps: Option<Vec<u64>>,
    /// Step sizes.
    pub lr: Option<Vec<f64>>,
    /// Number of replicates (seed axis $0, \dots, $ `seeds` $- 1$).
    pub seeds: Option<u64>,
    /// Record a trace every this many steps (0 or absent: no trace).
    pub trace_every: Option<u64>,
    /// Layer $l$ whose class means' singular values the trace records ($1..L$ for $H_l$,
    /// $L+1$ for the output $Z$; default $L$).
    pub trace_layer: Option<usize>,
}

impl GridFile {
    /// Parse TOML text.
    pub fn from_toml(text: &str) -> Result<Self, SweepError> {
        toml::from_str(text).map_err(|e| bad_grid("file", e.message().to_string()))
    }

    /// Read and parse a TOML file (at most [`MAX_GRID_FILE`] bytes).
    pub fn read(path: &std::path::Path) -> Result<Self, SweepError> {
        use std::io::Read;
        let f = std::fs::File::open(path)
            .map_err(|e| SweepError::Io(format!("--grid {}: {e}", path.display())))?;
        let mut text = String::new();
        f.take(MAX_GRID_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|e| SweepError::Io(format!("--grid {}: {e}", path.display())))?;
        if text.len() as u64 > MAX_GRID_FILE {
            return Err(bad_grid(
                "file",
                format!("{} is larger than {MAX_GRID_FILE} bytes", path.display()),
            ));
        }
        Self::from_toml(&text).map_err(|e| match e {
            SweepError::BadGrid { reason, .. } => bad_grid(&path.display().to_string(), reason),
            other => other,
        })
    }

    /// `self` with every axis that `over` sets replaced by `over`'s.
    pub fn overridden_by(&self, over: &GridFile) -> GridFile {
        fn pick<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
            b.clone().or_else(|| a.clone())
        }
        // tied and separate λ are one axis: a flag for either replaces both of the file's
        let lambdas_over =
            over.lambda.is_some() || over.lambda_w.is_some() || over.lambda_h.is_some();
        let (lambda, lambda_w, lambda_h) = if lambdas_over {
            (
                over.lambda.clone(),
                over.lambda_w.clone(),
                over.lambda_h.clone(),
            )
        } else {
            (
                self.lambda.clone(),
                self.lambda_w.clone(),
                self.lambda_h.clone(),
            )
        };
        GridFile {
            loss: pick(&self.loss, &over.loss),
            activation: pick(&self.activation, &over.activation),
            classes: pick(&self.classes, &over.classes),
            layers: pick(&self.layers, &over.layers),
            width: pick(&self.width, &over.width),
            samples: pick(&self.samples, &over.samples),
            lambda,
            lambda_w,
            lambda_h,
            init: pick(&self.init, &over.init),
            init_scale: pick(&self.init_scale, &over.init_scale),
            steps: pick(&self.steps, &over.steps),
            lr: pick(&self.lr, &over.lr),
            seeds: pick(&self.seeds, &over.seeds),
            trace_every: pick(&self.trace_every, &over.trace_every),
            trace_layer: pick(&self.trace_layer, &over.trace_layer),
        }
    }
}

/// How λ varies.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub enum Lambdas {
    /// $\lambda_W = \lambda_H$ over these values.
    Tied(Vec<f64>),
    /// The product of $\lambda_W$ values and $\lambda_H$ values.
    Product {
        /// $\lambda_W$.
        w: Vec<f64>,
        /// $\lambda_H$.
        h: Vec<f64>,
    },
}

/// Validated axes.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    losses: Vec<crate::train::Loss>,
    activations: Vec<crate::train::Activation>,
    classes: Vec<usize>,
    layers: Vec<usize>,
    widths: Vec<usize>,
    samples: Vec<usize>,
    lambdas: Lambdas,
    inits: Vec<InitKind>,
    scales: Vec<f64>,
    steps: Vec<u64>,
    lrs: Vec<f64>,
    seeds: u64,
    /// Trace every this many steps (`None`: no trace).
    pub trace_every: Option<u64>,
    /// Traced layer (see [`GridFile::trace_layer`]).
    pub trace_layer: Option<usize>,
}

fn nonempty<T: Clone>(name: &str, v: &Option<Vec<T>>, default: &[T]) -> Result<Vec<T>, SweepError> {
    let v = v.clone().unwrap_or_else(|| default.to_vec());
    if v.is_empty() {
        return Err(bad_grid(name, "the axis is empty"));
    }
    if v.len() as u64 > MAX_RUNS {
        return Err(SweepError::TooLarge {
            runs: Some(v.len() as u64),
        });
    }
    Ok(v)
}

fn sizes(
    name: &str,
    v: &Option<Vec<u64>>,
    default: u64,
    min: u64,
) -> Result<Vec<usize>, SweepError> {
    nonempty(name, v, &[default])?
        .into_iter()
        .map(|x| {
            if x < min {
                return Err(bad_grid(name, format!("{x} must be at least {min}")));
            }
            usize::try_from(x)
                .ok()
                .filter(|&u| u <= 1 << 20)
                .ok_or_else(|| bad_grid(name, format!("{x} is too large")))
        })
        .collect()
}

fn floats(
    name: &str,
    v: &Option<Vec<f64>>,
    default: f64,
    positive: bool,
) -> Result<Vec<f64>, SweepError> {
    let v = nonempty(name, v, &[default])?;
    for &x in &v {
        if !x.is_finite() || x < 0.0 || (positive && x == 0.0) {
            let want = if positive { "> 0" } else { ">= 0" };
            return Err(bad_grid(name, format!("{x} must be finite and {want}")));
        }
    }
    Ok(v)
}

fn names<T>(
    name: &str,
    v: &Option<Vec<String>>,
    default: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, SweepError> {
    nonempty(name, v, &[default.to_string()])?
        .iter()
        .map(|s| {
            parse(s.trim())
                .ok_or_else(|| bad_grid(name, format!("unknown value {:?}", super::shorten(s))))
        })
        .collect()
}

impl Grid {
    /// Validate a [`GridFile`]. Defaults (as `ncverify train`): loss mse, activation relu,
    /// $K = 10$, $L = 4$, $d = 30$, $n = 1$, $\lambda = 0.004$, init gaussian, scale 0.3,
    /// 10000 steps, lr 0.5, 1 seed. An error names the bad axis; [`SweepError::TooLarge`] if
    /// the product of the axis lengths exceeds [`MAX_RUNS`].
    pub fn new(f: &GridFile) -> Result<Self, SweepError> {
        let lambdas = match (&f.lambda, &f.lambda_w, &f.lambda_h) {
            (Some(_), None, None) | (None, None, None) => {
                Lambdas::Tied(floats("lambda", &f.lambda, 0.004, false)?)
            }
            (None, w, h) => Lambdas::Product {
                w: floats("lambda_w", w, 0.004, false)?,
                h: floats("lambda_h", h, 0.004, false)?,
            },
            (Some(_), _, _) => {
                return Err(bad_grid(
                    "lambda",
                    "give either lambda (tied) or lambda_w/lambda_h, not both",
                ));
            }
        };
        let steps = nonempty("steps", &f.steps, &[10_000])?;
        if let Some(&s) = steps.iter().find(|&&s| s > MAX_STEPS) {
            return Err(bad_grid(
                "steps",
                format!("{s} is above the limit {MAX_STEPS}"),
            ));
        }
        let seeds = f.seeds.unwrap_or(1);
        if seeds == 0 {
            return Err(bad_grid("seeds", "must be at least 1"));
        }
        if f.trace_every == Some(0) {
            return Err(bad_grid("trace_every", "must be at least 1"));
        }
        let g = Grid {
            losses: names("loss", &f.loss, "mse", parse_loss)?,
            activations: names("activation", &f.activation, "relu", parse_activation)?,
            classes: sizes("classes", &f.classes, 10, 2)?,
            layers: sizes("layers", &f.layers, 4, 1)?,
            widths: sizes("width", &f.width, 30, 1)?,
            samples: sizes("samples", &f.samples, 1, 1)?,
            lambdas,
            inits: names("init", &f.init, "gaussian", InitKind::parse)?,
            scales: floats("init_scale", &f.init_scale, 0.3, false)?,
            steps,
            lrs: floats("lr", &f.lr, 0.5, true)?,
            seeds,
            trace_every: f.trace_every,
            trace_layer: f.trace_layer,
        };
        g.count()?;
        g.check_axes()?;
        Ok(g)
    }

    fn lambda_pairs(&self) -> Vec<(f64, f64)> {
        match &self.lambdas {
            Lambdas::Tied(v) => v.iter().map(|&x| (x, x)).collect(),
            Lambdas::Product { w, h } => w
                .iter()
                .flat_map(|&a| h.iter().map(move |&b| (a, b)))
                .collect(),
        }
    }

    /// The number of runs (checked product of the axis lengths, at most [`MAX_RUNS`]).
    pub fn count(&self) -> Result<u64, SweepError> {
        let lambdas = match &self.lambdas {
            Lambdas::Tied(v) => Some(v.len() as u64),
            Lambdas::Product { w, h } => (w.len() as u64).checked_mul(h.len() as u64),
        };
        let lens = [
            Some(self.losses.len() as u64),
            Some(self.activations.len() as u64),
            Some(self.classes.len() as u64),
            Some(self.layers.len() as u64),
            Some(self.widths.len() as u64),
            Some(self.samples.len() as u64),
            lambdas,
            Some(self.inits.len() as u64),
            Some(self.scales.len() as u64),
            Some(self.steps.len() as u64),
            Some(self.lrs.len() as u64),
            Some(self.seeds),
        ];
        let n = lens
            .iter()
            .try_fold(1u64, |acc, l| l.and_then(|l| acc.checked_mul(l)));
        match n {
            Some(n) if n <= MAX_RUNS => Ok(n),
            other => Err(SweepError::TooLarge { runs: other }),
        }
    }

    /// Per-axis checks that need several axes: memory per model, initialisations' needs,
    /// duplicate values, the traced layer.
    fn check_axes(&self) -> Result<(), SweepError> {
        fn distinct<T: PartialOrd + Copy + fmt::Debug>(
            name: &str,
            v: &[T],
        ) -> Result<(), SweepError> {
            for (i, a) in v.iter().enumerate() {
                if v[..i]
                    .iter()
                    .any(|b| b.partial_cmp(a) == Some(std::cmp::Ordering::Equal))
                {
                    return Err(bad_grid(name, format!("the value {a:?} appears twice")));
                }
            }
            Ok(())
        }
        distinct("classes", &self.classes)?;
        distinct("layers", &self.layers)?;
        distinct("width", &self.widths)?;
        distinct("samples", &self.samples)?;
        distinct("init_scale", &self.scales)?;
        distinct("steps", &self.steps)?;
        distinct("lr", &self.lrs)?;
        match &self.lambdas {
            Lambdas::Tied(v) => distinct("lambda", v)?,
            Lambdas::Product { w, h } => {
                distinct("lambda_w", w)?;
                distinct("lambda_h", h)?;
            }
        }
        let mut seen = Vec::new();
        for (name, v) in [
            (
                "loss",
                self.losses
                    .iter()
                    .map(|&l| super::key::loss_name(l))
                    .collect::<Vec<_>>(),
            ),
            (
                "activation",
                self.activations
                    .iter()
                    .map(|&a| super::key::activation_name(a))
                    .collect(),
            ),
            ("init", self.inits.iter().map(|i| i.name()).collect()),
        ] {
            seen.clear();
            for s in v {
                if seen.contains(&s) {
                    return Err(bad_grid(name, format!("the value {s:?} appears twice")));
                }
                seen.push(s);
            }
        }
        for &k in &self.classes {
            for &d in &self.widths {
                for &l in &self.layers {
                    for &n in &self.samples {
                        let (kk, dd, ll, nn) =
                            (k as u128, d as u128, l as u128, (n as u128) * (k as u128));
                        let entries = dd * nn
                            + (ll - 1) * dd * dd
                            + kk * dd
                            + 3 * ll * dd * nn
                            + 3 * kk * nn
                            + 2 * kk * kk;
                        if entries > MAX_ENTRIES {
                            return Err(bad_grid(
                                "width",
                                format!(
                                    "K={k} L={l} d={d} n={n}: model too large, about {entries} numbers in memory (limit {MAX_ENTRIES})"
                                ),
                            ));
                        }
                        for &init in &self.inits {
                            if init != InitKind::Gaussian && d < k {
                                return Err(bad_grid(
                                    "init",
                                    format!(
                                        "{} initialisation needs width >= classes (K={k}, d={d})",
                                        init.name()
                                    ),
                                ));
                            }
                            if init == InitKind::Hadamard && !k.is_power_of_two() {
                                return Err(bad_grid(
                                    "init",
                                    format!("hadamard initialisation needs K = 2^p, got {k}"),
                                ));
                            }
                        }
                    }
                }
                if let Some(t) = self.trace_layer
                    && let Some(&l) = self.layers.iter().find(|&&l| t == 0 || t > l + 1)
                {
                    return Err(bad_grid(
                        "trace_layer",
                        format!("{t} is not in 1..={} (L = {l})", l + 1),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every run, in the canonical order ([`SweepRun::cmp_canonical`]).
    pub fn runs(&self) -> Result<Vec<SweepRun>, SweepError> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(
            usize::try_from(n).map_err(|_| SweepError::TooLarge { runs: Some(n) })?,
        );
        let lambdas = self.lambda_pairs();
        for &loss in &self.losses {
            for &activation in &self.activations {
                for &classes in &self.classes {
                    for &layers in &self.layers {
                        for &width in &self.widths {
                            for &samples in &self.samples {
                                for &(lambda_w, lambda_h) in &lambdas {
                                    for &init in &self.inits {
                                        for &init_scale in &self.scales {
                                            for &steps in &self.steps {
                                                for &lr in &self.lrs {
                                                    for seed in 0..self.seeds {
                                                        out.push(SweepRun {
                                                            model: Dufm {
                                                                classes,
                                                                samples,
                                                                width,
                                                                layers,
                                                                lambda_h,
                                                                lambda_w,
                                                                loss,
                                                                activation,
                                                            },
                                                            init,
                                                            init_scale,
                                                            steps,
                                                            lr,
                                                            seed,
                                                        });
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        out.sort_by(SweepRun::cmp_canonical);
        Ok(out)
    }

    /// The runs of `shard` (every run when `shard` is `None`).
    pub fn shard(&self, shard: Option<Shard>) -> Result<Vec<SweepRun>, SweepError> {
        let runs = self.runs()?;
        Ok(match shard {
            None => runs,
            Some(s) => runs
                .into_iter()
                .enumerate()
                .filter(|(i, _)| (*i as u64) % s.count == s.index)
                .map(|(_, r)| r)
                .collect(),
        })
    }
}

/// `I/N`: the `index`-th of `count` shards.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// $I$, $0 \le I < N$.
    pub index: u64,
    /// $N \ge 1$.
    pub count: u64,
}

impl FromStr for Shard {
    type Err = SweepError;

    fn from_str(s: &str) -> Result<Self, SweepError> {
        let bad = |why: &str| SweepError::BadShard(format!("{:?}: {why}", super::shorten(s)));
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| bad("expected I/N, e.g. 0/4"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| bad("I is not a non-negative integer"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a positive integer"))?;
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index >= count {
            return Err(bad("I must be below N"));
        }
        Ok(Shard { index, count })
    }
}
