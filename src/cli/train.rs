//! # `ncverify train`: gradient descent on the deep UFM
//!
//! ## Main definitions
//! - [`TrainArgs`]: the command line (model, optimiser, initialisation, outputs).
//! - [`run()`]: validate, initialise, train, report (text or JSON), write `--trace` CSV and
//!   `--plot` SVG.
//!
//! ## Main results
//! JSON keys: `final_loss`, `fit`, `reg`, `steps`, `steps_per_second` (training loop only),
//! `singular_values` (of the class-mean matrix of the last hidden pre-activation
//! $G_{L-1}$, $d\times K$; of $H_1$ when $L = 1$), `rank` (singular values above
//! $10^{-3}\thinspace s_{\max}$, as the NumPy reference), `metrics` (see [`crate::metrics`], on the features
//! entering $W_L$), `config`.
//!
//! ## References
//! `benches/dufm_reference.py`, the NumPy reference (same model and output quantities).
#![cfg_attr(doc, doc = katex!())]

use super::{CliError, Output, bad, require_at_least, to_json};
use crate::metrics::{self, CollapseMetrics, MetricTolerances};
use crate::plot;
use crate::train::run::{self, Float, RunError, RunOutcome, RunSpec, TraceSpec, Traced};
use crate::train::{Activation, Dufm, Loss, Params, init};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use crate::train::run::{MAX_ENTRIES, MAX_STEPS};

/// `--loss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LossArg {
    /// Mean squared error.
    Mse,
    /// Cross-entropy.
    Ce,
}

/// `--activation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActivationArg {
    /// ReLU after every hidden layer.
    Relu,
    /// No activation (deep linear UFM).
    Linear,
}

/// `--init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InitArg {
    /// Every entry N(0,1)·init-scale.
    Random,
    /// Aligned balanced factors along a random orthogonal frame.
    Spectral,
    /// Aligned balanced factors along a normalised Hadamard matrix.
    Hadamard,
}

/// `--hadamard-matrix`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HadamardArg {
    /// Sylvester, K = 2^p.
    Sylvester,
    /// Paley construction I, K = 12.
    Paley12,
}

/// `--dtype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DtypeArg {
    /// binary64.
    F64,
    /// binary32.
    F32,
}

/// Train a deep unconstrained features model by full-batch gradient descent.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainArgs {
    /// Fitting loss.
    #[arg(long, value_enum, default_value = "mse")]
    pub loss: LossArg,
    /// Activation after W_1..W_{L-1}.
    #[arg(long, value_enum, default_value = "relu")]
    pub activation: ActivationArg,
    /// Number of classes K.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true)]
    pub classes: u64,
    /// Number of weight matrices L.
    #[arg(long, default_value_t = 4, allow_negative_numbers = true)]
    pub layers: u64,
    /// Hidden width d.
    #[arg(long, default_value_t = 30, allow_negative_numbers = true)]
    pub width: u64,
    /// Samples per class n.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub samples: u64,
    /// Weight decay λ on every factor (λ_H = λ_W).
    #[arg(long, default_value = "0.004", allow_hyphen_values = true)]
    pub lambda: String,
    /// Step size.
    #[arg(long, default_value = "0.5", allow_hyphen_values = true)]
    pub lr: String,
    /// Number of GD steps.
    #[arg(long, default_value_t = 10000, allow_negative_numbers = true)]
    pub steps: u64,
    /// Initialisation.
    #[arg(long, value_enum, default_value = "random")]
    pub init: InitArg,
    /// Scale of the random init (entries N(0,1)·scale; spectral: singular values |N(0,1)|·scale).
    #[arg(long, default_value = "0.3", allow_hyphen_values = true)]
    pub init_scale: String,
    /// Per-factor singular values for spectral/hadamard init, comma separated.
    #[arg(long, allow_hyphen_values = true)]
    pub singular_values: Option<String>,
    /// Hadamard matrix for --init hadamard.
    #[arg(long, value_enum, default_value = "sylvester")]
    pub hadamard_matrix: HadamardArg,
    /// Random seed (ChaCha8).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub seed: u64,
    /// Float type.
    #[arg(long, value_enum, default_value = "f64")]
    pub dtype: DtypeArg,
    /// Start from parameters in dufm_numpy.py --save-init JSON (overrides --init).
    #[arg(long, value_name = "FILE.json")]
    pub init_from: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write step, loss, fit, reg and singular values to a CSV file.
    #[arg(long, value_name = "FILE.csv")]
    pub trace: Option<PathBuf>,
    /// Write an SVG of the singular-value trajectories.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// Record the trace every this many steps (default: steps/200, at least 1).
    #[arg(long, allow_negative_numbers = true)]
    pub trace_every: Option<u64>,
}

/// The JSON report.
#[derive(Debug, Clone, Serialize)]
pub struct TrainReport {
    /// Objective after the last step.
    pub final_loss: f64,
    /// Its fit part.
    pub fit: f64,
    /// Its regulariser.
    pub reg: f64,
    /// Steps run.
    pub steps: u64,
    /// Steps per second of the training loop.
    pub steps_per_second: f64,
    /// Singular values of the last hidden pre-activation's class means, descending.
    pub singular_values: Vec<f64>,
    /// Count above 1e-3 of the largest.
    pub rank: usize,
    /// `true` iff the final loss is not finite (the step size was too large): the run is
    /// reported, and the command exits 1.
    pub diverged: bool,
    /// Collapse metrics of the features entering W_L.
    pub metrics: CollapseMetrics,
    /// Echo of the configuration.
    pub config: serde_json::Value,
}

fn parse_f64(name: &'static str, s: &str, positive: bool) -> Result<f64, CliError> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| bad(name, format!("{:?} is not a number", super::shorten(s))))?;
    if !v.is_finite() || v < 0.0 || (positive && v == 0.0) {
        let want = if positive { "> 0" } else { ">= 0" };
        return Err(bad(
            name,
            format!("{:?} must be finite and {want}", super::shorten(s)),
        ));
    }
    Ok(v)
}

fn to_usize(name: &'static str, v: u64, min: u64) -> Result<usize, CliError> {
    require_at_least(name, v, min)?;
    usize::try_from(v)
        .ok()
        .filter(|&x| x <= 1 << 20)
        .ok_or_else(|| bad(name, format!("{v} is too large")))
}

/// The name of a library argument on the command line (`trace_every` -> `--trace-every`).
fn flag(name: &'static str) -> &'static str {
    match name {
        "classes" => "--classes",
        "samples" => "--samples",
        "width" => "--width",
        "layers" => "--layers",
        "lambda_h" | "lambda_w" => "--lambda",
        "lr" => "--lr",
        "steps" => "--steps",
        "trace_every" => "--trace-every",
        _ => "--init-scale",
    }
}

fn run_err(e: RunError) -> CliError {
    match e {
        RunError::Parameter { name, reason } => bad(flag(name), reason),
        e => super::bad_param(flag(e.parameter()), Some(e.parameter()), e.to_string()),
    }
}

/// Run `ncverify train`.
pub fn run(a: &TrainArgs) -> Result<Output, CliError> {
    // the plot is SVG text: a path naming another format would get SVG under a wrong name
    if let Some(p) = &a.plot
        && !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return Err(bad(
            "--plot",
            format!(
                "{}: the plot is SVG; give a path ending in .svg",
                p.display()
            ),
        ));
    }
    let lambda = parse_f64("--lambda", &a.lambda, false)?;
    let model = Dufm {
        classes: to_usize("--classes", a.classes, 2)?,
        samples: to_usize("--samples", a.samples, 1)?,
        width: to_usize("--width", a.width, 1)?,
        layers: to_usize("--layers", a.layers, 1)?,
        lambda_h: lambda,
        lambda_w: lambda,
        loss: match a.loss {
            LossArg::Mse => Loss::Mse,
            LossArg::Ce => Loss::Ce,
        },
        activation: match a.activation {
            ActivationArg::Relu => Activation::Relu,
            ActivationArg::Linear => Activation::Linear,
        },
    };
    let frame = match a.init {
        InitArg::Random => 0,
        InitArg::Spectral | InitArg::Hadamard => 2 * (model.classes as u128).pow(2),
    };
    run::check_memory(&model, frame).map_err(run_err)?;
    run::check_steps(a.steps).map_err(run_err)?;
    let lr = parse_f64("--lr", &a.lr, true)?;
    let scale = parse_f64("--init-scale", &a.init_scale, false)?;
    if let Some(every) = a.trace_every {
        run::check_trace_every(every).map_err(run_err)?;
    }
    let spec = RunSpec {
        model,
        lr,
        steps: a.steps,
        start: initial_params(a, &model, scale)?,
        float: match a.dtype {
            DtypeArg::F64 => Float::F64,
            DtypeArg::F32 => Float::F32,
        },
        trace: (a.trace.is_some() || a.plot.is_some()).then(|| TraceSpec {
            every: a.trace_every.unwrap_or((a.steps / 200).max(1)),
            traced: Traced::LastPreactivation,
        }),
        stop_on_divergence: false,
    };
    let report = train(a, &spec)?;
    let text = if a.json {
        to_json(&report)?
    } else {
        text_report(a, &report)
    };
    Ok(Output {
        text,
        success: !report.diverged,
    })
}

fn text_report(a: &TrainArgs, report: &TrainReport) -> String {
    let mut t = String::new();
    if report.diverged {
        let _ = writeln!(
            t,
            "diverged: the final loss is not finite (lower --lr, now {})",
            a.lr
        );
    }
    let _ = writeln!(
        t,
        "final_loss {:.10}  fit {:.10}  reg {:.10}",
        report.final_loss, report.fit, report.reg
    );
    let sv: Vec<String> = report
        .singular_values
        .iter()
        .map(|s| format!("{s:.4}"))
        .collect();
    let _ = writeln!(t, "sv_last_preact_classmeans {}", sv.join(" "));
    let _ = writeln!(t, "rank(sv > 1e-3 * sv_max) {}", report.rank);
    let m = &report.metrics;
    let _ = writeln!(
        t,
        "NC1 {:.4e}  NC2 equinorm {:.4e} equiangularity {:.4e} etf {:.4e}  NC3 {:?}  NC4 {:?}  NCC acc {:.4}",
        m.nc1,
        m.nc2.equinorm,
        m.nc2.equiangularity,
        m.nc2.etf_distance,
        m.nc3,
        m.nc4,
        m.ncc_accuracy
    );
    let _ = writeln!(t, "steps_per_second {:.1}", report.steps_per_second);
    t
}

/// Largest `--init-from` file, in bytes (256 MiB; the JSON of a model within the trainer's
/// entry limit that is worth starting from is far smaller).
pub const MAX_INIT_BYTES: u64 = 256 << 20;

fn parse_sv_list(s: &str) -> Result<Vec<f64>, CliError> {
    s.split(',')
        .map(|x| parse_f64("--singular-values", x, false))
        .collect()
}

fn initial_params(a: &TrainArgs, model: &Dufm, scale: f64) -> Result<Params<f64>, CliError> {
    if let Some(path) = &a.init_from {
        // read through the bounded reader: `/dev/zero` or a huge file is refused at the cap
        let text = crate::io::read_bounded_text(path, MAX_INIT_BYTES)
            .map_err(|e| bad("--init-from", e.to_string()))?;
        return init::load_json(&text, model).map_err(|e| bad("--init-from", e.to_string()));
    }
    let k = model.classes;
    let sv = match &a.singular_values {
        Some(s) => parse_sv_list(s)?,
        None => {
            // |N(0,1)|·scale per mode, seeded
            let g = init::gaussian(
                &Dufm {
                    classes: k,
                    samples: 1,
                    width: 1,
                    layers: 1,
                    ..*model
                },
                scale,
                a.seed,
            )
            .map_err(|e| bad("--init", e.to_string()))?;
            g.w[0].iter().map(|x| x.abs()).collect()
        }
    };
    let r = match a.init {
        InitArg::Random => init::gaussian(model, scale, a.seed),
        InitArg::Spectral => {
            let q = init::random_orthogonal(k, a.seed);
            let r = sv.len().min(k);
            init::spectral(model, &q.columns(0, r).into_owned(), &sv)
        }
        InitArg::Hadamard => match a.hadamard_matrix {
            HadamardArg::Sylvester => init::hadamard(model, &sv),
            HadamardArg::Paley12 => {
                if k != 12 {
                    return Err(bad(
                        "--hadamard-matrix",
                        format!("paley12 needs --classes 12, got {k}"),
                    ));
                }
                init::hadamard_with(model, &init::paley12(), &sv)
            }
        },
    };
    r.map_err(|e| bad("--init", e.to_string()))
}

/// The singular values `sv` of class means of `h` (`d x N`), or NaN (one per class mean, at
/// most `d`) where they cannot be computed.
fn sv_or_nan(sv: Option<Vec<f64>>, rows: usize, k: usize) -> Vec<f64> {
    sv.unwrap_or_else(|| vec![f64::NAN; rows.min(k)])
}

fn train(a: &TrainArgs, spec: &RunSpec) -> Result<TrainReport, CliError> {
    let model = spec.model;
    let (k, n) = (model.classes, model.samples);
    let bar = (std::io::stderr().is_terminal() && a.steps >= 10_000).then(|| {
        let b = indicatif::ProgressBar::new(a.steps);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} steps {per_sec} eta {eta}",
            )
            .expect("valid template"),
        );
        b
    });
    let out = run::run_with_progress(spec, &mut |s| {
        if let Some(b) = &bar {
            b.set_position(s);
        }
    })
    .map_err(|e| match e {
        RunError::Model(e) if a.init_from.is_some() => bad("--init-from", e.to_string()),
        e => run_err(e),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let g = &out.last_preactivation;
    let sv = sv_or_nan(run::class_mean_sv(g, k, n), g.nrows(), k);
    let layers = &out.features;
    let w_last = &out.params.w[model.layers - 1];
    let finite = layers.iter().all(|h| h.iter().all(|x| x.is_finite()));
    let metrics = if finite {
        metrics::collapse_metrics(
            layers.last().expect("L >= 1"),
            Some(w_last),
            Some(layers),
            k,
            n,
            MetricTolerances::default(),
        )
        .map_err(|e| bad("--classes", e.to_string()))?
    } else {
        nan_metrics()
    };
    write_trace_and_plot(a, spec, &out)?;
    let dtype = match spec.float {
        Float::F64 => "f64",
        Float::F32 => "f32",
    };
    let config = serde_json::json!({
        "loss": format!("{:?}", model.loss).to_lowercase(),
        "activation": format!("{:?}", model.activation).to_lowercase(),
        "classes": k, "layers": model.layers, "width": model.width, "samples": n,
        "lambda": model.lambda_w, "lr": spec.lr, "dtype": dtype, "seed": a.seed,
        "init": if a.init_from.is_some() { "file".to_string() } else { format!("{:?}", a.init).to_lowercase() },
    });
    Ok(TrainReport {
        final_loss: out.last.total,
        fit: out.last.fit,
        reg: out.last.reg,
        steps: a.steps,
        steps_per_second: if out.seconds > 0.0 {
            a.steps as f64 / out.seconds
        } else {
            f64::INFINITY
        },
        rank: metrics::numerical_rank(&sv, 1e-3),
        diverged: out.diverged(),
        singular_values: sv,
        metrics,
        config,
    })
}

fn nan_metrics() -> CollapseMetrics {
    let nan = f64::NAN;
    CollapseMetrics {
        nc1: nan,
        nc2: metrics::Nc2 {
            equinorm: nan,
            equiangularity: nan,
            etf_distance: nan,
        },
        nc3: None,
        nc4: None,
        cdnv_mean: nan,
        cdnv_max: nan,
        ncc_accuracy: nan,
        effective_depth: None,
    }
}

/// `--trace` CSV and `--plot` SVG from the run's trace.
fn write_trace_and_plot(a: &TrainArgs, spec: &RunSpec, out: &RunOutcome) -> Result<(), CliError> {
    let m = &spec.model;
    // the traced matrix G_{L-1} has d rows (H_1: d rows too)
    let rows: Vec<(u64, [f64; 3], Vec<f64>)> = out
        .trace
        .iter()
        .map(|r| {
            let l = r.loss;
            let sv = sv_or_nan(r.singular_values.clone(), m.width, m.classes);
            (r.step, [l.total, l.fit, l.reg], sv)
        })
        .collect();
    if let Some(path) = &a.trace {
        let modes = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
        let mut csv = String::from("step,loss,fit,reg");
        for i in 1..=modes {
            let _ = write!(csv, ",sv{i}");
        }
        csv.push('\n');
        for (s, l, sv) in &rows {
            let _ = write!(csv, "{s},{:e},{:e},{:e}", l[0], l[1], l[2]);
            for x in sv {
                let _ = write!(csv, ",{x:e}");
            }
            csv.push('\n');
        }
        std::fs::write(path, csv)
            .map_err(|e| CliError::Io(format!("--trace {}: {e}", path.display())))?;
    }
    if let Some(path) = &a.plot {
        let series: Vec<(u64, Vec<f64>)> = rows.iter().map(|r| (r.0, r.2.clone())).collect();
        let title = format!(
            "singular values of class means, K={} L={} d={} {:?} {:?}",
            m.classes, m.layers, m.width, m.loss, m.activation
        );
        std::fs::write(path, plot::train::svg_trajectories(&title, &series))
            .map_err(|e| CliError::Io(format!("--plot {}: {e}", path.display())))?;
    }
    Ok(())
}
