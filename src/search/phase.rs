//! # Phase diagram of DNC's optimality over a grid of $(K, L)$
//!
//! ## Main definitions
//! - [`PhaseRow`]: for one $(K, L)$ at fixed $\lambda$, $n$: DNC's loss and whether its optimum
//!   is zero (exact), the best family found (closed-form B-chain partitions and searched
//!   scheme-reduced models), its loss ratio to DNC, and whether a certificate verified.
//! - [`phase_row`]: compute one row ([`certify`]); [`to_csv`], [`to_svg`]: render a grid.
//!
//! ## Main results
//! None (untrusted search; only the `certified` column is kernel-checked).
//!
//! ## References
//! - docs/theory.md §3 (MSE deep UFM); arXiv:2405.14468, Fig. 2 (phase diagrams in $(K, L)$).

use super::certify::{SearchOptions, certify};
use crate::mse::MseParams;
use crate::mse::family::dnc_zero_threshold;
use serde::Serialize;

/// One cell of the phase diagram.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseRow {
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// DNC's optimal loss (`f64`).
    pub dnc_loss: f64,
    /// DNC's optimum is the zero solution (exact).
    pub dnc_zero: bool,
    /// Best family found (`dnc` if nothing beat DNC).
    pub best_family: String,
    /// Best loss / DNC loss (`f64`).
    pub ratio: f64,
    /// A certificate verified by the kernel.
    pub certified: bool,
    /// Exact `upper` of the certificate.
    pub upper: Option<String>,
    /// Exact `lower` of the certificate.
    pub lower: Option<String>,
}

/// Compute one cell.
pub fn phase_row(p: &MseParams, lambda_text: &str, opts: &SearchOptions) -> PhaseRow {
    let out = certify(p, (lambda_text, lambda_text), "mse.dnc_not_optimal", opts);
    let beats = out.best_loss < out.dnc_loss;
    PhaseRow {
        classes: p.classes(),
        layers: p.layers(),
        dnc_loss: out.dnc_loss,
        dnc_zero: dnc_zero_threshold(p),
        best_family: if beats {
            out.family.clone()
        } else {
            "dnc".into()
        },
        ratio: out.ratio().min(1.0),
        certified: out.certificate.is_some(),
        upper: out.certificate.as_ref().map(|(_, v)| v.upper().to_string()),
        lower: out.certificate.as_ref().map(|(_, v)| v.lower().to_string()),
    }
}

/// CSV with a header row, one line per cell.
pub fn to_csv(rows: &[PhaseRow]) -> String {
    let mut s =
        String::from("classes,layers,dnc_loss,dnc_zero,best_family,ratio,certified,upper,lower\n");
    for r in rows {
        s.push_str(&format!(
            "{},{},{:.12},{},{},{:.8},{},{},{}\n",
            r.classes,
            r.layers,
            r.dnc_loss,
            r.dnc_zero,
            r.best_family,
            r.ratio,
            r.certified,
            r.upper.as_deref().unwrap_or(""),
            r.lower.as_deref().unwrap_or("")
        ));
    }
    s
}

/// An SVG heat map: columns $K$, rows $L$; grey where DNC's optimum is zero, white where
/// nothing beat DNC, green shades by ratio where a certificate verified (darker = lower ratio),
/// orange where the search beat DNC but no certificate verified.
pub fn to_svg(rows: &[PhaseRow]) -> String {
    let ks: Vec<u64> = dedup(rows.iter().map(|r| r.classes));
    let ls: Vec<u32> = dedup(rows.iter().map(|r| r.layers));
    let (cell, left, top) = (44.0, 40.0, 30.0);
    let w = left + cell * ks.len() as f64 + 10.0;
    let h = top + cell * ls.len() as f64 + 50.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"10\">\n<text x=\"{left}\" y=\"14\">DNC vs best found (ratio); grey: DNC optimum zero; green: certified</text>\n"
    );
    for (i, k) in ks.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">K={k}</text>\n",
            left + cell * (i as f64 + 0.5),
            top + cell * ls.len() as f64 + 14.0
        ));
    }
    for (j, l) in ls.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"4\" y=\"{}\">L={l}</text>\n",
            top + cell * (j as f64 + 0.6)
        ));
    }
    for r in rows {
        let i = ks.iter().position(|k| *k == r.classes).unwrap_or(0);
        let j = ls.iter().position(|l| *l == r.layers).unwrap_or(0);
        let fill = if r.dnc_zero {
            "#bbbbbb".to_string()
        } else if r.certified {
            let t = ((1.0 - r.ratio) / 0.1).clamp(0.0, 1.0);
            let g = (200.0 - 110.0 * t) as u8;
            format!("rgb({},{},{})", (120.0 * (1.0 - t)) as u8, g, 80)
        } else if r.ratio < 1.0 {
            "#f0a040".to_string()
        } else {
            "#ffffff".to_string()
        };
        let (x, y) = (left + cell * i as f64, top + cell * j as f64);
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#444\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{:.3}</text>\n",
            x + cell / 2.0,
            y + cell / 2.0 + 3.0,
            r.ratio
        ));
    }
    s.push_str("</svg>\n");
    s
}

fn dedup<T: Ord + Copy>(it: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = it.collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: u64, l: u32, ratio: f64, certified: bool, zero: bool) -> PhaseRow {
        PhaseRow {
            classes: k,
            layers: l,
            dnc_loss: 0.1,
            dnc_zero: zero,
            best_family: "T(5)".into(),
            ratio,
            certified,
            upper: None,
            lower: None,
        }
    }

    #[test]
    fn csv_has_one_line_per_cell_and_svg_one_rect_per_cell() {
        let rows = vec![
            row(10, 3, 0.98, true, false),
            row(6, 3, 1.0, false, false),
            row(6, 4, 1.0, false, true),
        ];
        let csv = to_csv(&rows);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.lines().nth(1).unwrap().starts_with("10,3,"));
        let svg = to_svg(&rows);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("#bbbbbb") && svg.contains("#ffffff"));
    }
}
