//! `ncverify verify FILE... [--json]`: re-verify certificate files with the kernel only: point,
//! interval and lower-bound certificates, and chain files (`kind = "chain"`, the exact-output
//! constructions of `proofs/certificates/chain/`).

use super::{CliError, Output, to_json_rows};
use crate::kernel::cert::chain::ChainFile;
use crate::kernel::cert::interval::{AnyVerified, CertificateFile};
use crate::kernel::cert::limits;
use serde::Serialize;

/// Arguments of `verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Certificate or chain files (TOML), at least one.
    pub files: Vec<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// One file's result.
#[derive(Debug, Serialize)]
pub struct VerifyRow {
    /// The file.
    pub file: String,
    /// `true` iff the kernel accepted it.
    pub valid: bool,
    /// `point`, `interval`, `lower` or `chain` (if the file parsed).
    pub kind: Option<String>,
    /// For a valid interval certificate: the covered `[lambda_min, lambda_max]` of λ_H, with
    /// `K`, `L`, `n` and `ratio` = λ_W/λ_H.
    pub covered: Option<Covered>,
    /// The claim label the file carries (if the file parsed). Not trusted: see `label`.
    pub claim: Option<String>,
    /// Whether the label is a registered certificate claim that lists this parameter point
    /// (`listed`), or not (`unlisted`: the certificate proves only what it proves at its own
    /// parameters, not the labelled claim). `None` if the file is invalid.
    pub label: Option<String>,
    /// Exact `upper` (if valid).
    pub upper: Option<String>,
    /// Exact `lower` (if valid).
    pub lower: Option<String>,
    /// For a valid lower-bound certificate: what it proves (DNC is a global minimiser).
    pub optimal: Option<Optimal>,
    /// For a valid chain file: what the kernel established (omitted from JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<Chain>,
    /// Why it failed (if invalid).
    pub error: Option<String>,
}

/// What a valid chain file establishes, by exact arithmetic: its factors output $I_K$ exactly
/// and their cost constant is below DNC's, $C^{L+1} < K^{L+1}$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Serialize)]
pub struct Chain {
    /// K.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// $C^{L+1} = \prod_i \Vert F_i\Vert_F^2$, exact.
    pub cost_power: String,
    /// $K^{L+1}$, DNC's.
    pub dnc_cost_power: String,
}

/// `true` iff the TOML text declares `kind = "chain"` (any other text, valid or not, is read as
/// a certificate and reports that reader's error).
fn declares_chain(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default)]
        kind: Option<toml::Value>,
    }
    matches!(
        toml::from_str::<Probe>(text),
        Ok(Probe { kind: Some(toml::Value::String(k)) }) if k == "chain"
    )
}

/// Verify a chain file's text into `row`.
fn verify_chain(text: &str, row: &mut VerifyRow) -> Result<(), String> {
    let file = ChainFile::from_toml(text).map_err(|e| e.to_string())?;
    row.kind = Some("chain".into());
    let (cost, _fact) = file.verify().map_err(|e| e.to_string())?;
    // the kernel accepted 2 <= K <= MAX_CLASSES and L <= MAX_LAYERS: K^(L+1) is small
    let k = i64::try_from(file.classes).map_err(|_| "classes: out of range".to_string())?;
    let dnc = crate::kernel::arith::rational::pow_u64(
        &crate::kernel::arith::rational::qi(k),
        u64::from(file.layers) + 1,
    );
    row.valid = true;
    row.chain = Some(Chain {
        classes: file.classes,
        layers: file.layers,
        cost_power: cost.to_string(),
        dnc_cost_power: dnc.to_string(),
    });
    Ok(())
}

/// What a valid lower-bound certificate (`kind = "lower"`) proves.
#[derive(Debug, Serialize)]
pub struct Optimal {
    /// K.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// n.
    pub samples: u64,
    /// λ_W / λ_H.
    pub ratio: String,
    /// Smallest λ_H covered.
    pub lambda_min: String,
    /// Largest λ_H covered.
    pub lambda_max: String,
    /// `collapse` (DNC's optimum at a positive scale) or `zero`.
    pub regime: String,
    /// `[lower, upper]` enclosing the global minimum at λ_min (exact rationals).
    pub at_min: [String; 2],
    /// The same at λ_max.
    pub at_max: [String; 2],
}

/// What a valid interval certificate covers.
#[derive(Debug, Serialize)]
pub struct Covered {
    /// K.
    pub classes: u64,
    /// L.
    pub layers: u32,
    /// n.
    pub samples: u64,
    /// λ_W / λ_H.
    pub ratio: String,
    /// Smallest λ_H covered.
    pub lambda_min: String,
    /// Largest λ_H covered.
    pub lambda_max: String,
    /// Number of pieces.
    pub pieces: usize,
}

/// `listed` iff the certificate's label is a registered claim whose front matter lists the
/// certificate's parameter point; `unlisted` otherwise.
fn label_status(v: &AnyVerified) -> &'static str {
    let v = match v {
        AnyVerified::Point(v) => v,
        AnyVerified::Interval(v) => {
            return if crate::claims::coverage::interval_listed(v) {
                "listed"
            } else {
                "unlisted"
            };
        }
        AnyVerified::Lower(v) => {
            return if crate::claims::lower::lower_listed(v) {
                "listed"
            } else {
                "unlisted"
            };
        }
    };
    let listed = crate::claims::registry().iter().any(|c| {
        c.meta.id == v.claim()
            && c.meta
                .points
                .iter()
                .any(|p| crate::claims::cert::at_point(v, p))
    });
    if listed { "listed" } else { "unlisted" }
}

/// Read at most [`limits::MAX_FILE_BYTES`] bytes of a file (so `/dev/zero` or a huge file
/// cannot exhaust memory); a longer file is refused.
pub(crate) fn read_bounded(path: &str) -> Result<String, String> {
    crate::io::read_bounded_text(std::path::Path::new(path), limits::MAX_FILE_BYTES as u64).map_err(
        |e| match e.kind {
            crate::io::IoErrorKind::TooLarge { .. } => format!(
                "file: larger than the limit of {} bytes",
                limits::MAX_FILE_BYTES
            ),
            crate::io::IoErrorKind::Format(r) => format!("file: {r}"),
            k => k.to_string(),
        },
    )
}

/// Verify one file.
pub fn verify_file(path: &str) -> VerifyRow {
    let mut row = VerifyRow {
        file: path.to_string(),
        valid: false,
        kind: None,
        covered: None,
        claim: None,
        label: None,
        upper: None,
        lower: None,
        optimal: None,
        chain: None,
        error: None,
    };
    let text = match read_bounded(path) {
        Ok(t) => t,
        Err(e) => {
            row.error = Some(e);
            return row;
        }
    };
    if declares_chain(&text) {
        if let Err(e) = verify_chain(&text, &mut row) {
            row.error = Some(e);
        }
        return row;
    }
    let result = Ok(text)
        .and_then(|t| CertificateFile::from_toml(&t).map_err(|e| e.to_string()))
        .and_then(|c| {
            let (kind, claim) = match &c {
                CertificateFile::Point(p) => ("point", p.claim.clone()),
                CertificateFile::Interval(i) => ("interval", i.claim.clone()),
                CertificateFile::Lower(i) => ("lower", i.claim.clone()),
            };
            row.kind = Some(kind.to_string());
            row.claim = Some(claim);
            c.verify().map_err(|e| e.to_string())
        });
    match result {
        Ok(v) => fill_verified(&mut row, &v),
        Err(e) => row.error = Some(e),
    }
    row
}

/// Fill a valid certificate's row from what the kernel verified.
fn fill_verified(row: &mut VerifyRow, v: &AnyVerified) {
    row.valid = true;
    row.label = Some(label_status(v).to_string());
    match v {
        AnyVerified::Point(v) => {
            row.upper = Some(v.upper().to_string());
            row.lower = Some(v.lower().to_string());
        }
        AnyVerified::Interval(v) => {
            let (k, l, n) = v.shape();
            let (a, b) = v.range();
            row.covered = Some(Covered {
                classes: k,
                layers: l,
                samples: n,
                ratio: v.ratio().to_string(),
                lambda_min: a.to_string(),
                lambda_max: b.to_string(),
                pieces: v.ends().len(),
            });
        }
        AnyVerified::Lower(v) => {
            let (k, l, n) = v.shape();
            let (a, b) = v.range();
            let [e0, e1] = v.ends();
            row.optimal = Some(Optimal {
                classes: k,
                layers: l,
                samples: n,
                ratio: v.ratio().to_string(),
                lambda_min: a.to_string(),
                lambda_max: b.to_string(),
                regime: if v.zero_regime() { "zero" } else { "collapse" }.into(),
                at_min: [e0.lower.to_string(), e0.upper.to_string()],
                at_max: [e1.lower.to_string(), e1.upper.to_string()],
            });
        }
    }
}

/// The text line of a valid lower-bound certificate.
fn lower_line(r: &VerifyRow) -> String {
    let Some(o) = &r.optimal else {
        return format!("{}: valid\n", r.file);
    };
    let label = if r.label.as_deref() == Some("listed") {
        format!(" ({})", r.claim.as_deref().unwrap_or(""))
    } else {
        format!(
            "; its label {:?} is not a registered claim listing this file",
            r.claim.as_deref().unwrap_or("")
        )
    };
    let range = if o.lambda_min == o.lambda_max {
        format!("lambda_H = {}", o.lambda_min)
    } else {
        format!("every lambda_H in [{}, {}]", o.lambda_min, o.lambda_max)
    };
    format!(
        "{}: valid lower-bound certificate: DNC is a global minimiser for {range} at K = {}, L = {}, \
         n = {}, lambda_W = {} lambda_H (optimum {}; global minimum in ({}, {}] at lambda_min, \
         ({}, {}] at lambda_max; reduction two_class_l2){label}\n",
        r.file,
        o.classes,
        o.layers,
        o.samples,
        o.ratio,
        if o.regime == "zero" {
            "the zero solution"
        } else {
            "at a positive scale"
        },
        o.at_min[0],
        o.at_min[1],
        o.at_max[0],
        o.at_max[1],
    )
}

/// The text line of a valid chain file.
fn chain_line(r: &VerifyRow) -> String {
    let Some(c) = &r.chain else {
        return format!("{}: valid\n", r.file);
    };
    format!(
        "{}: valid chain: at K = {}, L = {} the factors output I_K exactly and C^(L+1) = {} < K^(L+1) = {}; \
         by the family reduction (docs/theory.md §3.2, not checked by the kernel) DNC is not a global \
         minimiser at any lambda where its optimum is non-zero\n",
        r.file, c.classes, c.layers, c.cost_power, c.dnc_cost_power
    )
}

/// Run `verify`: exit 0 iff every file is valid.
pub fn run(a: &VerifyArgs) -> Result<Output, CliError> {
    if a.files.is_empty() {
        return Err(super::bad("FILE", "give at least one certificate file"));
    }
    let rows: Vec<VerifyRow> = a.files.iter().map(|f| verify_file(f)).collect();
    let success = rows.iter().all(|r| r.valid);
    let text = if a.json {
        to_json_rows(&rows)?
    } else {
        rows.iter()
            .map(|r| match (&r.error, &r.covered) {
                (None, None) if r.optimal.is_some() => lower_line(r),
                (None, None) if r.chain.is_some() => chain_line(r),
                (None, Some(c)) => format!(
                    "{}: valid interval certificate: DNC is not optimal for every lambda_H in [{}, {}] at K = {}, L = {}, n = {}, lambda_W = {} lambda_H ({} pieces){}\n",
                    r.file,
                    c.lambda_min,
                    c.lambda_max,
                    c.classes,
                    c.layers,
                    c.samples,
                    c.ratio,
                    c.pieces,
                    if r.label.as_deref() == Some("listed") {
                        format!(" ({})", r.claim.as_deref().unwrap_or(""))
                    } else {
                        format!(
                            "; its label {:?} is not a registered claim listing this file",
                            r.claim.as_deref().unwrap_or("")
                        )
                    }
                ),
                (None, None) if r.label.as_deref() == Some("listed") => format!(
                    "{}: valid ({}): upper {} < lower {}\n",
                    r.file,
                    r.claim.as_deref().unwrap_or(""),
                    r.upper.as_deref().unwrap_or(""),
                    r.lower.as_deref().unwrap_or("")
                ),
                (None, None) => format!(
                    "{}: valid at its own parameters: upper {} < lower {}; its label {:?} is not a registered claim listing this point\n",
                    r.file,
                    r.upper.as_deref().unwrap_or(""),
                    r.lower.as_deref().unwrap_or(""),
                    r.claim.as_deref().unwrap_or(""),
                ),
                (Some(e), _) => format!("{}: INVALID: {e}\n", r.file),
            })
            .collect()
    };
    Ok(Output { text, success })
}
