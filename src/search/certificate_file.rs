//! # Writing certificate files (untrusted)
//!
//! The kernel only *reads* certificates ([`Certificate::from_toml`]) and re-verifies them; the
//! writer lives here, with the search that produces them. A written file is accepted only if
//! the kernel's parser and verifier accept it (`tests/it/certificates.rs` round-trips every
//! committed certificate).

use crate::kernel::arith::matrix::QMatrix;
use crate::kernel::cert::point::{CertBounds, CertHints, CertParams, Certificate, Witness};
use serde::Serialize;

/// Exact rational matrix as rows of strings (`"p/q"`, or `"p"` for integers).
pub fn matrix_to_rows(m: &QMatrix) -> Vec<Vec<String>> {
    (0..m.rows())
        .map(|i| (0..m.cols()).map(|j| m.get(i, j).to_string()).collect())
        .collect()
}

/// The certificate as TOML text, one matrix row per line.
pub fn to_toml(cert: &Certificate) -> String {
    #[derive(Serialize)]
    struct Head<'a> {
        claim: &'a str,
        provenance: &'a str,
        params: &'a CertParams,
        bounds: &'a CertBounds,
        hints: &'a CertHints,
    }
    let head = Head {
        claim: &cert.claim,
        provenance: &cert.provenance,
        params: &cert.params,
        bounds: &cert.bounds,
        hints: &cert.hints,
    };
    let mut s = toml::to_string(&head).expect("the header is plain strings and integers");
    s.push('\n');
    s.push_str(&witness_toml("witness", &cert.witness));
    s
}

/// A witness as the TOML table `[table]` with `h1` and `w`, one matrix row per line (shared by
/// point and interval certificates).
pub fn witness_toml(table: &str, witness: &Witness) -> String {
    let row = |r: &Vec<String>| -> String {
        let cells: Vec<String> = r
            .iter()
            .map(|c| toml::Value::String(c.clone()).to_string())
            .collect();
        format!("[{}],", cells.join(", "))
    };
    let mut s = format!("[{table}]\nh1 = [\n");
    for r in &witness.h1 {
        s.push_str(&format!("  {}\n", row(r)));
    }
    s.push_str("]\nw = [\n");
    for (l, m) in witness.w.iter().enumerate() {
        s.push_str(&format!("  [ # W_{}\n", l + 1));
        for r in m {
            s.push_str(&format!("    {}\n", row(r)));
        }
        s.push_str("  ],\n");
    }
    s.push_str("]\n");
    s
}
