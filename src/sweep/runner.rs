//! # Running sweeps
//!
//! ## Main definitions
//! - [`run_one`]: train one [`SweepRun`] and measure it.
//! - [`run_sweep`]: a shard of a grid into an output file (and optional trace file): skips
//!   the runs already there, runs the rest (in parallel with feature `parallel`), appends each
//!   finished row at once, and finally rewrites both files canonically.
//!
//! ## Main results
//! The initial parameters of a run come from ChaCha8 seeded with [`SweepRun::rng_seed`]:
//! Gaussian, $\mathcal N(0,1)\cdot$scale per entry; spectral, a Haar frame (seed) and per-factor
//! singular values $|\mathcal N(0,1)|\cdot$scale (seed + 1); Hadamard, the Sylvester frame and
//! the same singular values. The rank tolerance is $10^{-3}\sigma_{\max}$ (as
//! `ncverify train`).
//!
//! An interrupted sweep (killed, or stopped by [`SweepOptions::max_runs`]) leaves complete
//! lines in the output, perhaps followed by one incomplete line; resuming drops that line,
//! runs exactly the missing runs and ends with the same canonical bytes.
//!
//! ## References
//! `ncverify train` (the command line, feature `cli`) measures single runs the same way.
#![cfg_attr(doc, doc = katex!())]

use super::grid::{Grid, Shard};
use super::row::{RunRow, Trace, finite};
use super::writer::{self, OutputFormat};
use super::{SweepError, SweepRun};
use crate::metrics::{self, MetricTolerances};
use crate::train::{Dufm, Loss, Params, init, run};
use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;

use super::key::{InitKind, activation_name, loss_name};

/// What to record in a trace: every `every` steps, the class means of `layer`.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceOptions {
    /// Interval in steps ($\ge 1$).
    pub every: u64,
    /// $1..L$ for $H_l$, $L+1$ for $Z$; `None`: $L$.
    pub layer: Option<usize>,
}

/// Initial parameters of a run (see the module docs).
pub fn initial_params(spec: &SweepRun) -> Result<Params<f64>, SweepError> {
    let m = &spec.model;
    let seed = spec.rng_seed();
    let err = |e: init::InitError| super::bad_grid("init", format!("{}: {e}", spec.key()));
    let sv = || {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(1));
        (0..m.classes)
            .map(|_| {
                let x: f64 = StandardNormal.sample(&mut rng);
                x.abs() * spec.init_scale
            })
            .collect::<Vec<f64>>()
    };
    match spec.init {
        InitKind::Gaussian => init::gaussian(m, spec.init_scale, seed).map_err(err),
        InitKind::Spectral => {
            init::spectral(m, &init::random_orthogonal(m.classes, seed), &sv()).map_err(err)
        }
        InitKind::Hadamard => init::hadamard(m, &sv()).map_err(err),
    }
}

/// Class means of `h` (`d x Kn`) and their singular values, descending; empty if `h` has a
/// non-finite entry (or a singular value is not finite).
fn class_sv(h: &DMatrix<f64>, k: usize, n: usize) -> Vec<f64> {
    finite_sv(run::class_mean_sv(h, k, n))
}

/// The singular values if all are finite, else empty (the rows' "not computable").
fn finite_sv(sv: Option<Vec<f64>>) -> Vec<f64> {
    sv.filter(|s| s.iter().all(|x| x.is_finite()))
        .unwrap_or_default()
}

/// Train one run and measure it; with `trace`, also its [`Trace`].
pub fn run_one(
    spec: &SweepRun,
    trace: Option<TraceOptions>,
) -> Result<(RunRow, Option<Trace>), SweepError> {
    let m: Dufm = spec.model;
    let (k, n) = (m.classes, m.samples);
    let layer = trace.map(|o| o.layer.unwrap_or(m.layers));
    let train_spec = run::RunSpec {
        model: m,
        lr: spec.lr,
        steps: spec.steps,
        start: initial_params(spec)?,
        float: run::Float::F64,
        trace: trace.zip(layer).map(|(o, l)| run::TraceSpec {
            every: o.every,
            traced: run::Traced::Layer(l),
        }),
        stop_on_divergence: true,
    };
    let out = run::run(&train_spec)
        .map_err(|e| super::bad_grid("model", format!("{}: {e}", spec.key())))?;
    let tr = layer.map(|layer| Trace {
        key: spec.key(),
        layer,
        step: out.trace.iter().map(|r| r.step).collect(),
        loss: out.trace.iter().map(|r| finite(r.loss.total)).collect(),
        singular_values: out
            .trace
            .iter()
            .map(|r| finite_sv(r.singular_values.clone()))
            .collect(),
    });
    let last = out.last;
    let mut layers = out.features;
    layers.push(out.output);
    let svs: Vec<Vec<f64>> = layers.iter().map(|h| class_sv(h, k, n)).collect();
    let ranks = svs
        .iter()
        .map(|s| metrics::numerical_rank(s, 1e-3))
        .collect();
    let total = last.total;
    let diverged = !total.is_finite();
    let dnc = match m.loss {
        Loss::Mse => super::dnc_loss(k, n, m.layers, m.lambda_h, m.lambda_w).and_then(finite),
        Loss::Ce => None,
    };
    let features = &layers[..m.layers];
    let h_last = &features[m.layers - 1];
    let w_last = &out.params.w[m.layers - 1];
    let finite_all = layers.iter().all(|h| h.iter().all(|x| x.is_finite()));
    let cm = if finite_all {
        metrics::collapse_metrics(
            h_last,
            Some(w_last),
            None,
            k,
            n,
            MetricTolerances::default(),
        )
        .ok()
    } else {
        None
    };
    // σ_{K-1}/σ_1 of the centred output class means
    let nc_ratio = if finite_all {
        metrics::class_means(&layers[m.layers], k, n)
            .ok()
            .and_then(|z| {
                let s = metrics::singular_values(&metrics::centred_means(&z));
                let (top, low) = (s.first().copied()?, s.get(k.checked_sub(2)?).copied()?);
                (top > 0.0).then(|| finite(low / top)).flatten()
            })
    } else {
        None
    };
    let row = RunRow {
        key: spec.key(),
        loss: loss_name(m.loss).into(),
        activation: activation_name(m.activation).into(),
        classes: k,
        layers: m.layers,
        width: m.width,
        samples: n,
        lambda_w: m.lambda_w,
        lambda_h: m.lambda_h,
        init: spec.init.name().into(),
        init_scale: spec.init_scale,
        steps: spec.steps,
        lr: spec.lr,
        seed: spec.seed,
        rng_seed: spec.rng_seed(),
        final_loss: finite(total),
        fit: finite(last.fit),
        reg: finite(last.reg),
        dnc_loss: dnc,
        ratio_dnc: dnc.and_then(|d| finite(total / d)),
        diverged,
        ranks,
        singular_values: svs,
        nc1: cm.as_ref().and_then(|c| finite(c.nc1)),
        nc2_equinorm: cm.as_ref().and_then(|c| finite(c.nc2.equinorm)),
        nc2_equiangularity: cm.as_ref().and_then(|c| finite(c.nc2.equiangularity)),
        nc2_etf: cm.as_ref().and_then(|c| finite(c.nc2.etf_distance)),
        nc3: cm.as_ref().and_then(|c| c.nc3).and_then(finite),
        ncc_accuracy: cm.as_ref().and_then(|c| finite(c.ncc_accuracy)),
        nc_ratio,
        ends_at_nc: nc_ratio.is_some_and(|r| r >= 0.9),
    };
    Ok((row, tr))
}

/// Options of [`run_sweep`].
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Output file (created, or resumed if present).
    pub out: PathBuf,
    /// Its format.
    pub format: OutputFormat,
    /// Trace file (JSON Lines), if the grid asks for traces.
    pub trace_out: Option<PathBuf>,
    /// Only this share of the grid.
    pub shard: Option<Shard>,
    /// Run at most this many new runs, then stop (as an interruption would).
    pub max_runs: Option<u64>,
    /// Worker threads (`None`: rayon's default; ignored without feature `parallel`).
    pub threads: Option<usize>,
}

/// What [`run_sweep`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepSummary {
    /// Runs in the (shard of the) grid.
    pub total: u64,
    /// Found in the output already.
    pub skipped: u64,
    /// Run now.
    pub ran: u64,
    /// Still missing (non-zero only after `max_runs`).
    pub remaining: u64,
}

/// Run (the shard of) `grid` into `opts.out`; `progress(done, total)` is called after each
/// finished run (from the calling thread). See the module docs.
pub fn run_sweep(
    grid: &Grid,
    opts: &SweepOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SweepSummary, SweepError> {
    let specs = grid.shard(opts.shard)?;
    let by_key: HashMap<String, &SweepRun> = specs.iter().map(|s| (s.key(), s)).collect();
    let trace = match (grid.trace_every, &opts.trace_out) {
        (Some(every), Some(_)) => Some(TraceOptions {
            every,
            layer: grid.trace_layer,
        }),
        (Some(_), None) => {
            return Err(super::bad_grid(
                "trace_every",
                "needs a trace file (--trace-out)",
            ));
        }
        (None, Some(_)) => {
            return Err(super::bad_grid(
                "trace_every",
                "--trace-out needs trace_every (--trace-every)",
            ));
        }
        (None, None) => None,
    };
    let io = |p: &PathBuf, e: std::io::Error| SweepError::Io(format!("{}: {e}", p.display()));
    // resume: rows already present (an incomplete last line is dropped)
    let mut rows: Vec<(RunRow, SweepRun)> = Vec::new();
    if opts.out.exists() {
        let (found, _partial) = writer::read_rows(&opts.out, opts.format)?;
        for (i, (r, _)) in found.iter().enumerate() {
            if !by_key.contains_key(&r.key) {
                return Err(SweepError::Corrupt {
                    file: opts.out.display().to_string(),
                    line: i + 1 + usize::from(opts.format == OutputFormat::Csv),
                    reason: format!(
                        "run {:?} is not in this grid (or shard)",
                        super::shorten(&r.key)
                    ),
                });
            }
        }
        rows = found;
    }
    let done: HashSet<String> = rows.iter().map(|(r, _)| r.key.clone()).collect();
    let mut traces: Vec<Trace> = Vec::new();
    if let Some(tp) = &opts.trace_out
        && tp.exists()
    {
        let (found, _partial) = writer::read_traces(tp)?;
        // a trace whose row is missing belongs to a run that will be repeated
        traces = found
            .into_iter()
            .filter(|t| done.contains(&t.key))
            .collect();
    }
    let mut pending: Vec<SweepRun> = specs
        .iter()
        .filter(|s| !done.contains(&s.key()))
        .copied()
        .collect();
    let missing = pending.len() as u64;
    if let Some(m) = opts.max_runs {
        pending.truncate(usize::try_from(m).unwrap_or(usize::MAX));
    }
    let total = specs.len() as u64;
    let skipped = done.len() as u64;
    // rewrite what is there canonically (drops an incomplete last line), then append
    writer::write_canonical(&opts.out, &mut rows, opts.format)?;
    if let Some(tp) = &opts.trace_out {
        write_traces(tp, &mut traces, &rows)?;
    }
    let mut out = std::fs::OpenOptions::new()
        .append(true)
        .open(&opts.out)
        .map_err(|e| io(&opts.out, e))?;
    let mut tout = match &opts.trace_out {
        Some(tp) => Some(
            std::fs::OpenOptions::new()
                .append(true)
                .open(tp)
                .map_err(|e| io(tp, e))?,
        ),
        None => None,
    };
    let mut ran = 0u64;
    let mut first_err = None;
    progress(skipped, total);
    {
        let mut sink = |res: Result<(RunRow, Option<Trace>), SweepError>| -> bool {
            match res {
                Ok((row, tr)) => {
                    let line = writer::row_line(&row, opts.format);
                    let written = line.and_then(|line| {
                        if let (Some(f), Some(t)) = (tout.as_mut(), &tr) {
                            f.write_all(writer::trace_line(t)?.as_bytes())
                                .map_err(|e| SweepError::Io(e.to_string()))?;
                        }
                        out.write_all(line.as_bytes()).map_err(|e| io(&opts.out, e))
                    });
                    if let Err(e) = written {
                        first_err.get_or_insert(e);
                        return false;
                    }
                    let spec = row.check().map_err(SweepError::Io);
                    match spec {
                        Ok(s) => rows.push((row, s)),
                        Err(e) => {
                            first_err.get_or_insert(e);
                            return false;
                        }
                    }
                    if let Some(t) = tr {
                        traces.push(t);
                    }
                    ran += 1;
                    progress(skipped + ran, total);
                    true
                }
                Err(e) => {
                    first_err.get_or_insert(e);
                    false
                }
            }
        };
        execute(&pending, trace, opts.threads, &mut sink)?;
    }
    if let Some(e) = first_err {
        return Err(e);
    }
    drop(out);
    drop(tout);
    writer::write_canonical(&opts.out, &mut rows, opts.format)?;
    if let Some(tp) = &opts.trace_out {
        write_traces(tp, &mut traces, &rows)?;
    }
    Ok(SweepSummary {
        total,
        skipped,
        ran,
        remaining: missing - ran,
    })
}

/// Traces sorted in the rows' canonical order, written atomically.
fn write_traces(
    path: &std::path::Path,
    traces: &mut [Trace],
    rows: &[(RunRow, SweepRun)],
) -> Result<(), SweepError> {
    let pos: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (r, _))| (r.key.as_str(), i))
        .collect();
    traces.sort_by_key(|t| pos.get(t.key.as_str()).copied().unwrap_or(usize::MAX));
    let mut text = String::new();
    for t in traces.iter() {
        text.push_str(&writer::trace_line(t)?);
    }
    writer::write_atomic(path, &text)
}

/// What [`run_one`] returns.
type RunResult = Result<(RunRow, Option<Trace>), SweepError>;

/// Run `pending`, handing each result to `sink` in the calling thread; stop starting runs
/// once `sink` returns `false`.
fn execute(
    pending: &[SweepRun],
    trace: Option<TraceOptions>,
    threads: Option<usize>,
    sink: &mut dyn FnMut(RunResult) -> bool,
) -> Result<(), SweepError> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicBool, Ordering};
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(t) = threads {
            b = b.num_threads(t.max(1));
        }
        let pool = b
            .build()
            .map_err(|e| SweepError::Io(format!("thread pool: {e}")))?;
        let stop = AtomicBool::new(false);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let stop = &stop;
            s.spawn(move || {
                pool.install(|| {
                    pending.par_iter().for_each_with(tx, |tx, spec| {
                        if !stop.load(Ordering::Relaxed) {
                            // the receiver outlives the workers
                            let _ = tx.send(run_one(spec, trace));
                        }
                    });
                });
            });
            for res in rx {
                if !sink(res) {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        });
        Ok(())
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = threads;
        for spec in pending {
            if !sink(run_one(spec, trace)) {
                break;
            }
        }
        Ok(())
    }
}
