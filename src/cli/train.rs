//! # `ncverify train`: gradient descent on the deep UFM
//!
//! ## Main definitions
//! - [`TrainArgs`]: the command line (model, optimiser, initialisation, outputs).
//! - [`run`]: validate, initialise, train, report (text or JSON), write `--trace` CSV and
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

use super::{CliError, Output, bad, require_at_least, to_json};
use crate::metrics::{self, CollapseMetrics, MetricTolerances};
use crate::train::{Activation, Dufm, Loss, Params, Real, Trainer, init, plot};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

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

/// Run `ncverify train`.
pub fn run(a: &TrainArgs) -> Result<Output, CliError> {
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
    check_memory(a, &model)?;
    if a.steps > MAX_STEPS {
        return Err(bad(
            "--steps",
            format!("{} is above the limit {MAX_STEPS}", a.steps),
        ));
    }
    let lr = parse_f64("--lr", &a.lr, true)?;
    let scale = parse_f64("--init-scale", &a.init_scale, false)?;
    if a.trace_every == Some(0) {
        return Err(bad("--trace-every", "must be at least 1"));
    }
    let params = initial_params(a, &model, scale)?;
    let report = match a.dtype {
        DtypeArg::F64 => train::<f64>(a, model, lr, params.clone())?,
        DtypeArg::F32 => train::<f32>(a, model, lr, params.map(|x| x as f32))?,
    };
    let success = !report.diverged;
    let text = if a.json {
        to_json(&report)?
    } else {
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
    };
    Ok(Output { text, success })
}

/// Largest `--steps`.
pub const MAX_STEPS: u64 = 100_000_000;

/// Largest number of `f64` entries the trainer may hold at once (2 GiB).
pub const MAX_ENTRIES: u128 = 1 << 28;

/// Largest `--init-from` file, in bytes (256 MiB; a model within the entry limit that is
/// worth starting from is far smaller).
pub const MAX_INIT_BYTES: u64 = 256 << 20;

/// Refuse a model whose working set exceeds [`MAX_ENTRIES`], naming the argument that makes it
/// large, before anything is allocated. Counted: the parameters ($dN + (L-1)d^2 + Kd$), the
/// activations and their gradients ($3LdN$), the output, labels and residual ($3KN$), and the
/// $K\times K$ orthogonal or Hadamard matrix of a spectral or Hadamard initialisation.
fn check_memory(a: &TrainArgs, m: &Dufm) -> Result<(), CliError> {
    let (k, d, l) = (m.classes as u128, m.width as u128, m.layers as u128);
    let n = (m.samples as u128).saturating_mul(k);
    let init = match a.init {
        InitArg::Random => 0,
        InitArg::Spectral | InitArg::Hadamard => 2 * k * k,
    };
    let entries = d * n + l.saturating_sub(1) * d * d + k * d + 3 * l * d * n + 3 * k * n + init;
    if entries <= MAX_ENTRIES {
        return Ok(());
    }
    // blame the largest contribution
    let name = if init > d * n.max(d) && init >= 3 * k * n {
        "--classes"
    } else if 3 * k * n >= 4 * l * d * n {
        if m.samples > m.classes {
            "--samples"
        } else {
            "--classes"
        }
    } else if d * d * l >= 4 * l * d * n {
        "--width"
    } else if m.samples as u128 > k {
        "--samples"
    } else {
        "--width"
    };
    Err(bad(
        name,
        format!("model too large: about {entries} numbers in memory (limit {MAX_ENTRIES})"),
    ))
}

fn parse_sv_list(s: &str) -> Result<Vec<f64>, CliError> {
    s.split(',')
        .map(|x| parse_f64("--singular-values", x, false))
        .collect()
}

fn initial_params(a: &TrainArgs, model: &Dufm, scale: f64) -> Result<Params<f64>, CliError> {
    if let Some(path) = &a.init_from {
        // a JSON number per entry of at most MAX_ENTRIES numbers, ~32 bytes each: bounded
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

/// Singular values of the class means of the last hidden pre-activation.
fn class_mean_sv<T: Real>(t: &mut Trainer<T>) -> Vec<f64> {
    let m = t.model();
    let (k, n) = (m.classes, m.samples);
    let g = t.last_preactivation().map(|x| x.to_f64());
    if g.iter().any(|x| !x.is_finite()) {
        return vec![f64::NAN; g.nrows().min(k)];
    }
    match metrics::class_means(&g, k, n) {
        Ok(means) => metrics::singular_values(&means),
        Err(_) => vec![f64::NAN; g.nrows().min(k)],
    }
}

fn train<T: Real>(
    a: &TrainArgs,
    model: Dufm,
    lr: f64,
    params: Params<T>,
) -> Result<TrainReport, CliError> {
    let source = if a.init_from.is_some() {
        "--init-from"
    } else {
        "--init-scale"
    };
    let mut t = Trainer::new(model, lr, params).map_err(|e| bad(source, e.to_string()))?;
    let record = a.trace.is_some() || a.plot.is_some();
    let every = a.trace_every.unwrap_or((a.steps / 200).max(1));
    let mut rows: Vec<(u64, [f64; 3], Vec<f64>)> = Vec::new();
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
    let tick = (a.steps / 100).max(1);
    let start = Instant::now();
    for s in 0..a.steps {
        if record && s % every == 0 {
            let sv = class_mean_sv(&mut t);
            let l = t.step();
            rows.push((s, [l.total().to_f64(), l.fit.to_f64(), l.reg.to_f64()], sv));
        } else {
            t.step();
        }
        if let Some(b) = &bar
            && s % tick == 0
        {
            b.set_position(s);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let last = t.loss();
    let sv = class_mean_sv(&mut t);
    if record {
        let l = [last.total().to_f64(), last.fit.to_f64(), last.reg.to_f64()];
        rows.push((a.steps, l, sv.clone()));
    }
    let (k, n) = (model.classes, model.samples);
    let layers: Vec<_> = t
        .features()
        .into_iter()
        .map(|h| h.map(|x| x.to_f64()))
        .collect();
    let w_last = t.params().w[model.layers - 1].map(|x| x.to_f64());
    let finite = layers.iter().all(|h| h.iter().all(|x| x.is_finite()));
    let metrics = if finite {
        metrics::collapse_metrics(
            layers.last().expect("L >= 1"),
            Some(&w_last),
            Some(&layers),
            k,
            n,
            MetricTolerances::default(),
        )
        .map_err(|e| bad("--classes", e.to_string()))?
    } else {
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
    };
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
            "singular values of class means, K={k} L={} d={} {:?} {:?}",
            model.layers, model.width, model.loss, model.activation
        );
        std::fs::write(path, plot::svg_trajectories(&title, &series))
            .map_err(|e| CliError::Io(format!("--plot {}: {e}", path.display())))?;
    }
    let config = serde_json::json!({
        "loss": format!("{:?}", model.loss).to_lowercase(),
        "activation": format!("{:?}", model.activation).to_lowercase(),
        "classes": k, "layers": model.layers, "width": model.width, "samples": n,
        "lambda": model.lambda_w, "lr": lr, "dtype": T::NAME, "seed": a.seed,
        "init": if a.init_from.is_some() { "file".to_string() } else { format!("{:?}", a.init).to_lowercase() },
    });
    Ok(TrainReport {
        final_loss: last.total().to_f64(),
        fit: last.fit.to_f64(),
        reg: last.reg.to_f64(),
        steps: a.steps,
        steps_per_second: if secs > 0.0 {
            a.steps as f64 / secs
        } else {
            f64::INFINITY
        },
        rank: metrics::numerical_rank(&sv, 1e-3),
        diverged: !last.total().to_f64().is_finite(),
        singular_values: sv,
        metrics,
        config,
    })
}
