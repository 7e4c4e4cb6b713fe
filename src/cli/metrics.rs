//! `ncverify metrics FEATURES LABELS [--weights W] [--layer-features F1 F2 ...] [--json]`:
//! neural-collapse metrics of real features, streamed in two passes
//! ([`crate::metrics::stream`]).

use super::{CliError, Output, to_json};
use crate::io::ReadLimits;
use crate::metrics::MetricTolerances;
use crate::metrics::stream::{
    FileMetrics, StreamError, StreamOptions, feature_rows, metrics_from_files,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::{Path, PathBuf};

/// Arguments of `metrics`.
#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// Features: `.npy` of shape (N, d), float32 or float64, one row per sample.
    pub features: String,
    /// Labels: `.npy` (or `.npz`/`.safetensors` with one tensor) of N integers in 0..K.
    pub labels: String,
    /// Last-layer classifier: `.npy` of shape (K, d) (enables NC3, NC4).
    #[arg(long)]
    pub weights: Option<String>,
    /// Features of several layers in order, each `.npy` (N, d_l): effective depth.
    #[arg(long = "layer-features", num_args = 1..)]
    pub layer_features: Vec<String>,
    /// ε of the effective depth: the least layer with NCC error at most ε.
    #[arg(long, default_value_t = 0.01)]
    pub epsilon: f64,
    /// Relative cut-off of the pseudo-inverse of Σ_B.
    #[arg(long = "pinv-tol", default_value_t = 1e-10)]
    pub pinv_tol: f64,
    /// Rows read per chunk.
    #[arg(long = "chunk-rows", default_value_t = 8192)]
    pub chunk_rows: u64,
    /// Largest labels/weights file read into memory, in MiB.
    #[arg(long = "max-mib", default_value_t = 1024)]
    pub max_mib: u64,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn stream_error(e: StreamError) -> CliError {
    match e {
        StreamError::Io(e) => super::bad("FILE", e.to_string()),
        other => super::bad("FILE", other.to_string()),
    }
}

/// Check the arguments; the streaming options they give.
fn options(a: &MetricsArgs) -> Result<StreamOptions, CliError> {
    super::require_path("FEATURES", &a.features)?;
    super::require_path("LABELS", &a.labels)?;
    if !(0.0..=1.0).contains(&a.epsilon) {
        return Err(super::bad(
            "--epsilon",
            format!("{} is not in [0, 1]", a.epsilon),
        ));
    }
    if !(a.pinv_tol > 0.0 && a.pinv_tol < 1.0) {
        return Err(super::bad(
            "--pinv-tol",
            format!("{} is not in (0, 1)", a.pinv_tol),
        ));
    }
    super::require_at_least("--chunk-rows", a.chunk_rows, 1)?;
    super::require_at_most("--chunk-rows", a.chunk_rows, 1 << 20, "rows held in memory")?;
    super::require_at_least("--max-mib", a.max_mib, 1)?;
    super::require_at_most("--max-mib", a.max_mib, 1 << 20, "1 TiB")?;
    let bytes = a.max_mib << 20;
    Ok(StreamOptions {
        chunk_rows: a.chunk_rows as usize,
        tol: MetricTolerances {
            pinv_rel_tol: a.pinv_tol,
            ncc_epsilon: a.epsilon,
        },
        limits: ReadLimits {
            max_tensor_bytes: bytes,
            max_total_bytes: bytes,
            ..ReadLimits::default()
        },
    })
}

/// The text form of the metrics of a set of files.
fn text_of(r: &FileMetrics) -> String {
    let m = &r.metrics;
    let opt = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.6e}"));
    let mut s = format!(
        "{}: N = {}, d = {}, K = {}\n  NC1 Tr(Σ_W Σ_B^+)/K   {:.6e}\n  Tr Σ_W / Tr Σ_B        {:.6e}\n  CDNV mean / max        {:.6e} / {:.6e}\n  NC2 equinorm (CV)      {:.6e}\n  NC2 equiangularity     {:.6e}\n  NC2 ETF distance       {:.6e}\n  NC3 self-duality       {}\n  NC4 classifier vs NCC  {}\n  NCC error              {:.6e}\n",
        r.features,
        m.samples,
        m.dim,
        m.classes,
        m.nc1,
        m.trace_ratio,
        m.cdnv_mean,
        m.cdnv_max,
        m.nc2.equinorm,
        m.nc2.equiangularity,
        m.nc2.etf_distance,
        opt(m.nc3),
        opt(m.nc4),
        m.ncc_error
    );
    for (i, l) in r.layers.iter().enumerate() {
        s.push_str(&format!(
            "  layer {:>2} ({}, d = {}): NC1 {:.6e}, NCC error {:.6e}\n",
            i + 1,
            l.file,
            l.dim,
            l.nc1,
            l.ncc_error
        ));
    }
    if !r.layers.is_empty() {
        s.push_str(&match r.effective_depth {
            Some(l) => format!("  effective depth (NCC error <= {}): {l}\n", r.epsilon),
            None => format!(
                "  effective depth: no layer has NCC error <= {}\n",
                r.epsilon
            ),
        });
    }
    s
}

/// Run `metrics`.
pub fn run(a: &MetricsArgs) -> Result<Output, CliError> {
    let opts = options(a)?;
    let features = Path::new(&a.features);
    let layers: Vec<PathBuf> = a.layer_features.iter().map(PathBuf::from).collect();
    let n =
        feature_rows(features, &opts.limits).map_err(|e| super::bad("FEATURES", e.to_string()))?;
    let total = (n as u64).saturating_mul(2 * (1 + layers.len() as u64));
    let bar = ProgressBar::new(total);
    if a.quiet {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {pos}/{len} rows (2 passes per file) {per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    let r = metrics_from_files(
        features,
        Path::new(&a.labels),
        a.weights.as_deref().map(Path::new),
        &layers,
        &opts,
        &mut |rows| bar.inc(rows),
    );
    bar.finish_and_clear();
    let r = r.map_err(stream_error)?;
    if a.json {
        return Ok(Output::ok(to_json(&r)?));
    }
    Ok(Output::ok(text_of(&r)))
}
