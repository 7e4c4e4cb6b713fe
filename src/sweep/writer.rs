//! # Reading and writing sweep files
//!
//! ## Main definitions
//! - [`OutputFormat`]: CSV (one header line, fixed columns; vectors inside one field: ranks
//!   `r1;r2;…`, singular values `s s s;s s;…` per layer) or JSON Lines (one [`RunRow`] object
//!   a line).
//! - [`row_line`], [`parse_row`]: one row to its line and back.
//! - [`read_rows`]: a file's rows; a last line without its newline (a run interrupted while
//!   writing) is reported apart, every other bad line is [`SweepError::Corrupt`] naming it.
//! - [`write_canonical`]: rows sorted by [`SweepRun::cmp_canonical`], written to a temporary
//!   file and renamed over the target.
//!
//! ## Main results
//! Floats are written in the shortest form that parses back to the same number (`serde_json`'s
//! `ryu`), so [`parse_row`] then [`row_line`] reproduces a line byte for byte.
//!
//! ## References
//! RFC 4180 (CSV; no field here needs quoting: the run key has no comma), JSON Lines.

use super::row::{RunRow, Trace};
use super::{SweepError, SweepRun};
use std::io::{BufRead, Write};
use std::path::Path;

// compat 0.1.0: hidden alias of the path before the regrouping; kept for code written
// against it; to be removed in 0.2 (CHANGELOG, "Changed"; tests/it/compat_paths.rs).
#[doc(hidden)]
pub use self::OutputFormat as Format;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Comma-separated values with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

impl OutputFormat {
    /// CSV for a `.csv` path, JSON Lines otherwise.
    pub fn from_path(p: &Path) -> Self {
        if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            Self::Csv
        } else {
            Self::Jsonl
        }
    }
}

/// Longest line read (bytes).
pub const MAX_LINE: usize = 1 << 24;

/// The CSV columns.
pub const CSV_COLUMNS: [&str; 33] = [
    "key",
    "loss",
    "activation",
    "classes",
    "layers",
    "width",
    "samples",
    "lambda_w",
    "lambda_h",
    "init",
    "init_scale",
    "steps",
    "lr",
    "seed",
    "rng_seed",
    "final_loss",
    "fit",
    "reg",
    "dnc_loss",
    "ratio_dnc",
    "diverged",
    "ranks",
    "singular_values",
    "nc1",
    "nc2_equinorm",
    "nc2_equiangularity",
    "nc2_etf",
    "nc3",
    "ncc_accuracy",
    "nc_ratio",
    "ends_at_nc",
    "rank_last",
    "sv_max_last",
];

/// The CSV header line (with its newline).
pub fn csv_header() -> String {
    format!("{}\n", CSV_COLUMNS.join(","))
}

fn num(x: f64) -> String {
    // finite by construction; ryu's shortest round-trip form
    serde_json::to_string(&x).unwrap_or_else(|_| "null".into())
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// One row as a line of `format` (with its newline).
pub fn row_line(row: &RunRow, format: OutputFormat) -> Result<String, SweepError> {
    match format {
        OutputFormat::Jsonl => serde_json::to_string(row)
            .map(|s| s + "\n")
            .map_err(|e| SweepError::Io(format!("JSON output: {e}"))),
        OutputFormat::Csv => {
            let ranks: Vec<String> = row.ranks.iter().map(usize::to_string).collect();
            let svs: Vec<String> = row
                .singular_values
                .iter()
                .map(|v| v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(" "))
                .collect();
            // the last features' rank and top singular value, for spreadsheets
            let l = row.layers.saturating_sub(1);
            let rank_last = row.ranks.get(l).map(usize::to_string).unwrap_or_default();
            let sv_last = opt(row.singular_values.get(l).and_then(|v| v.first().copied()));
            let f = [
                row.key.clone(),
                row.loss.clone(),
                row.activation.clone(),
                row.classes.to_string(),
                row.layers.to_string(),
                row.width.to_string(),
                row.samples.to_string(),
                num(row.lambda_w),
                num(row.lambda_h),
                row.init.clone(),
                num(row.init_scale),
                row.steps.to_string(),
                num(row.lr),
                row.seed.to_string(),
                row.rng_seed.to_string(),
                opt(row.final_loss),
                opt(row.fit),
                opt(row.reg),
                opt(row.dnc_loss),
                opt(row.ratio_dnc),
                row.diverged.to_string(),
                ranks.join(";"),
                svs.join(";"),
                opt(row.nc1),
                opt(row.nc2_equinorm),
                opt(row.nc2_equiangularity),
                opt(row.nc2_etf),
                opt(row.nc3),
                opt(row.ncc_accuracy),
                opt(row.nc_ratio),
                row.ends_at_nc.to_string(),
                rank_last,
                sv_last,
            ];
            Ok(format!("{}\n", f.join(",")))
        }
    }
}

fn parse_csv_row(line: &str) -> Result<RunRow, String> {
    let f: Vec<&str> = line.split(',').collect();
    if f.len() != CSV_COLUMNS.len() {
        return Err(format!(
            "{} fields, expected {}",
            f.len(),
            CSV_COLUMNS.len()
        ));
    }
    let col = |i: usize| CSV_COLUMNS[i];
    let u = |i: usize| -> Result<usize, String> {
        f[i].parse()
            .map_err(|_| format!("{}: not an integer", col(i)))
    };
    let u64_ = |i: usize| -> Result<u64, String> {
        f[i].parse()
            .map_err(|_| format!("{}: not an integer", col(i)))
    };
    let x = |s: &str, i: usize| -> Result<f64, String> {
        s.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("{}: not a finite number", col(i)))
    };
    let fl = |i: usize| x(f[i], i);
    let of = |i: usize| -> Result<Option<f64>, String> {
        if f[i].is_empty() {
            Ok(None)
        } else {
            x(f[i], i).map(Some)
        }
    };
    let b = |i: usize| -> Result<bool, String> {
        f[i].parse()
            .map_err(|_| format!("{}: not true/false", col(i)))
    };
    let ranks = if f[21].is_empty() {
        Vec::new()
    } else {
        f[21]
            .split(';')
            .map(|s| s.parse().map_err(|_| "ranks: not an integer".to_string()))
            .collect::<Result<_, _>>()?
    };
    let singular_values = if f[22].is_empty() {
        Vec::new()
    } else {
        f[22]
            .split(';')
            .map(|layer| {
                if layer.is_empty() {
                    Ok(Vec::new())
                } else {
                    layer.split(' ').map(|s| x(s, 22)).collect()
                }
            })
            .collect::<Result<_, _>>()?
    };
    let row = RunRow {
        key: f[0].to_string(),
        loss: f[1].to_string(),
        activation: f[2].to_string(),
        classes: u(3)?,
        layers: u(4)?,
        width: u(5)?,
        samples: u(6)?,
        lambda_w: fl(7)?,
        lambda_h: fl(8)?,
        init: f[9].to_string(),
        init_scale: fl(10)?,
        steps: u64_(11)?,
        lr: fl(12)?,
        seed: u64_(13)?,
        rng_seed: u64_(14)?,
        final_loss: of(15)?,
        fit: of(16)?,
        reg: of(17)?,
        dnc_loss: of(18)?,
        ratio_dnc: of(19)?,
        diverged: b(20)?,
        ranks,
        singular_values,
        nc1: of(23)?,
        nc2_equinorm: of(24)?,
        nc2_equiangularity: of(25)?,
        nc2_etf: of(26)?,
        nc3: of(27)?,
        ncc_accuracy: of(28)?,
        nc_ratio: of(29)?,
        ends_at_nc: b(30)?,
    };
    Ok(row)
}

/// Parse one line (without its newline) of `format`; the row must be consistent
/// ([`RunRow::check`]) and reproduce the line exactly when written again (so a file that
/// parses is canonical line by line).
pub fn parse_row(line: &str, format: OutputFormat) -> Result<(RunRow, SweepRun), String> {
    let row = match format {
        OutputFormat::Jsonl => serde_json::from_str::<RunRow>(line).map_err(|e| e.to_string())?,
        OutputFormat::Csv => parse_csv_row(line)?,
    };
    let spec = row.check()?;
    let again = row_line(&row, format).map_err(|e| e.to_string())?;
    if again.trim_end_matches('\n') != line {
        return Err("the line is not in canonical form (edited by hand?)".into());
    }
    Ok((row, spec))
}

/// Lines of a file: complete lines, and whether a last line lacked its newline (it is then
/// not returned). At most `max_lines` lines of at most [`MAX_LINE`] bytes.
pub fn read_lines(path: &Path, max_lines: u64) -> Result<(Vec<String>, bool), SweepError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| SweepError::Io(format!("{name}: {e}")))?;
    let mut r = std::io::BufReader::new(file);
    let mut lines = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = std::io::Read::take(&mut r, MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| SweepError::Io(format!("{name}: {e}")))?;
        if n == 0 {
            return Ok((lines, false));
        }
        let line_no = lines.len() + 1;
        if buf.last() != Some(&b'\n') {
            if n > MAX_LINE {
                return Err(SweepError::Corrupt {
                    file: name,
                    line: line_no,
                    reason: format!("longer than {MAX_LINE} bytes"),
                });
            }
            return Ok((lines, true));
        }
        if lines.len() as u64 >= max_lines {
            return Err(SweepError::Corrupt {
                file: name,
                line: line_no,
                reason: format!("more than {max_lines} lines"),
            });
        }
        buf.pop();
        let s = String::from_utf8(std::mem::take(&mut buf)).map_err(|_| SweepError::Corrupt {
            file: name.clone(),
            line: line_no,
            reason: "not UTF-8".into(),
        })?;
        lines.push(s);
    }
}

/// The rows of a sweep file of `format`, and whether its last line was incomplete. Duplicate
/// keys are an error naming the second line.
pub fn read_rows(
    path: &Path,
    format: OutputFormat,
) -> Result<(Vec<(RunRow, SweepRun)>, bool), SweepError> {
    let name = path.display().to_string();
    let (lines, partial) = read_lines(path, super::grid::MAX_RUNS + 1)?;
    let corrupt = |line: usize, reason: String| SweepError::Corrupt {
        file: name.clone(),
        line,
        reason,
    };
    let mut body = &lines[..];
    let mut first = 1;
    if format == OutputFormat::Csv && !lines.is_empty() {
        if lines[0] != csv_header().trim_end() {
            return Err(corrupt(1, "not the sweep CSV header".into()));
        }
        body = &lines[1..];
        first = 2;
    }
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::with_capacity(body.len());
    for (i, l) in body.iter().enumerate() {
        let (row, spec) = parse_row(l, format).map_err(|e| corrupt(i + first, e))?;
        if !seen.insert(row.key.clone()) {
            return Err(corrupt(
                i + first,
                format!("run {:?} appears twice", row.key),
            ));
        }
        rows.push((row, spec));
    }
    Ok((rows, partial))
}

/// Write `text` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), SweepError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let io = |e: std::io::Error| SweepError::Io(format!("{}: {e}", path.display()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The canonical text of a sweep file: header (CSV) and the rows sorted by
/// [`SweepRun::cmp_canonical`].
pub fn canonical_text(
    rows: &mut [(RunRow, SweepRun)],
    format: OutputFormat,
) -> Result<String, SweepError> {
    rows.sort_by(|a, b| a.1.cmp_canonical(&b.1));
    let mut out = String::new();
    if format == OutputFormat::Csv {
        out.push_str(&csv_header());
    }
    for (r, _) in rows.iter() {
        out.push_str(&row_line(r, format)?);
    }
    Ok(out)
}

/// Write rows canonically to `path` (atomically).
pub fn write_canonical(
    path: &Path,
    rows: &mut [(RunRow, SweepRun)],
    format: OutputFormat,
) -> Result<(), SweepError> {
    write_atomic(path, &canonical_text(rows, format)?)
}

/// One trace as a JSON line (with its newline).
pub fn trace_line(t: &Trace) -> Result<String, SweepError> {
    serde_json::to_string(t)
        .map(|s| s + "\n")
        .map_err(|e| SweepError::Io(format!("JSON output: {e}")))
}

/// The traces of a trace file (JSON Lines) and whether its last line was incomplete.
pub fn read_traces(path: &Path) -> Result<(Vec<Trace>, bool), SweepError> {
    let name = path.display().to_string();
    let (lines, partial) = read_lines(path, super::grid::MAX_RUNS)?;
    let traces = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str::<Trace>(l).map_err(|e| SweepError::Corrupt {
                file: name.clone(),
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok((traces, partial))
}
