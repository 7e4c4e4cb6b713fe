//! The coverage claim: every $\lambda$ range on which interval certificates
//! (`proofs/certificates/interval/*.toml`) prove that DNC is not optimal, at $L = 3$ for
//! $K = 10..83$ and at $L = 2$, as a table in the claim's proof file.
//!
//! The checker re-verifies every compiled-in interval certificate with the kernel
//! ([`IntervalCertificate::verify`]), builds the table from the verified ranges only, and
//! requires the proof file's table to be exactly that table: the table cannot claim more
//! than the certificates give, and every cell without a certificate is listed as unresolved.

use super::{CheckConfig, ClaimDef, Outcome, parse_proof_file};
use crate::kernel::Fact;
use crate::kernel::certificate_interval::{IntervalCertificate, IntervalVerified};
use crate::numeric::q_to_f64;

/// Claim id.
pub const COVERAGE: &str = "mse.dnc_not_optimal_coverage";

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: COVERAGE,
        proof: include_str!("../../proofs/mse.dnc_not_optimal_coverage.md"),
        check: check_coverage,
    }]
}

macro_rules! intervals {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../proofs/certificates/interval/", $name, ".toml")))),*]
    };
}

/// Every committed interval certificate: `(file stem, TOML text)`.
pub const INTERVAL_CERTIFICATES: &[(&str, &str)] = intervals![
    "k10_l2_n1_r1",
    "k10_l3_n1_r1",
    "k11_l3_n1_r1",
    "k12_l3_n1_r1",
    "k13_l3_n1_r1",
    "k14_l3_n1_r1",
    "k15_l3_n1_r1",
    "k16_l3_n1_r1",
    "k17_l3_n1_r1",
    "k18_l3_n1_r1",
    "k19_l3_n1_r1_part1",
    "k19_l3_n1_r1_part2",
    "k20_l3_n1_r1_part1",
    "k20_l3_n1_r1_part2",
    "k21_l3_n1_r1",
    "k22_l3_n1_r1",
    "k23_l3_n1_r1",
    "k24_l3_n1_r1",
    "k25_l3_n1_r1",
    "k26_l3_n1_r1",
    "k27_l3_n1_r1",
    "k28_l3_n1_r1",
    "k29_l3_n1_r1_part1",
    "k29_l3_n1_r1_part2",
    "k30_l3_n1_r1",
    "k31_l3_n1_r1",
    "k32_l3_n1_r1",
    "k33_l3_n1_r1",
];

/// The rows of the table: $(L, K)$ for $L = 3$, $K = 10..83$ and $L = 2$, $K = 10..20$.
pub fn table_cells() -> Vec<(u32, u64)> {
    (10..=83)
        .map(|k| (3, k))
        .chain((4..=20).map(|k| (2, k)))
        .collect()
}

/// Parse and verify one compiled-in interval certificate.
pub fn verify_interval(name: &str, text: &str) -> Result<IntervalVerified, String> {
    IntervalCertificate::from_toml(text)
        .and_then(|c| c.verify())
        .map_err(|e| format!("proofs/certificates/interval/{name}.toml: {e}"))
}

/// `true` iff a committed interval certificate filed under the coverage claim has the same
/// claim label, shape, ratio and range as `v` (so `ncverify verify` can say "listed").
pub fn interval_listed(v: &IntervalVerified) -> bool {
    INTERVAL_CERTIFICATES.iter().any(|(_, text)| {
        IntervalCertificate::from_toml(text).is_ok_and(|c| {
            let p = &c.params;
            c.claim == v.claim()
                && (p.classes, p.layers, p.samples) == v.shape()
                && p.ratio.parse().ok().as_ref() == Some(v.ratio())
                && p.lambda_min.parse().ok().as_ref() == Some(v.range().0)
                && p.lambda_max.parse().ok().as_ref() == Some(v.range().1)
        })
    })
}

/// The coverage table (markdown) built from verified certificates `(file stem, verified)`.
/// Only certificates at $n = 1$, $\lambda_W = \lambda_H$ enter; one row per certificate, and
/// one `unresolved` row per cell of [`table_cells`] without one.
pub fn coverage_table(verified: &[(&str, IntervalVerified)]) -> String {
    let mut s = String::from(
        "| L | K | λ_H covered (λ_W = λ_H, n = 1) | ≈ | pieces | certificate |\n|---|---|---|---|---|---|\n",
    );
    for (l, k) in table_cells() {
        let mut rows: Vec<&(&str, IntervalVerified)> = verified
            .iter()
            .filter(|(_, v)| v.shape() == (k, l, 1) && num_traits::One::is_one(v.ratio()))
            .collect();
        rows.sort_by(|a, b| a.1.range().0.cmp(b.1.range().0));
        if rows.is_empty() {
            s.push_str(&format!("| {l} | {k} | unresolved | | | |\n"));
        }
        for (name, v) in rows {
            let (a, b) = v.range();
            s.push_str(&format!(
                "| {l} | {k} | [{a}, {b}] | [{:.3e}, {:.4e}] | {} | `{name}` |\n",
                q_to_f64(a),
                q_to_f64(b),
                v.ends().len()
            ));
        }
    }
    s
}

/// The table between the markers of a proof file.
pub fn table_in(proof: &str) -> Option<&str> {
    let start = proof.find("<!-- coverage:start -->\n")? + "<!-- coverage:start -->\n".len();
    let end = proof[start..].find("<!-- coverage:end -->")? + start;
    Some(&proof[start..end])
}

/// Verify every compiled-in interval certificate filed under the coverage claim.
pub fn verify_all() -> Result<Vec<(&'static str, IntervalVerified)>, String> {
    let mut out = Vec::new();
    for (name, text) in INTERVAL_CERTIFICATES {
        let v = verify_interval(name, text)?;
        if v.claim() != COVERAGE {
            return Err(format!(
                "proofs/certificates/interval/{name}.toml is labelled {:?}, not {COVERAGE}",
                v.claim()
            ));
        }
        out.push((*name, v));
    }
    Ok(out)
}

fn check_coverage(_: &CheckConfig) -> Outcome {
    let proof = include_str!("../../proofs/mse.dnc_not_optimal_coverage.md");
    if let Err(e) = parse_proof_file(proof) {
        return Outcome::undecided(format!("proofs/{COVERAGE}.md: {e}"));
    }
    let verified = match verify_all() {
        Ok(v) => v,
        Err(e) => return Outcome::undecided(e),
    };
    let expected = coverage_table(&verified);
    match table_in(proof) {
        Some(t) if t == expected => {}
        Some(_) => {
            return Outcome::undecided(format!(
                "the table in proofs/{COVERAGE}.md differs from the verified certificates \
                 (regenerate: UPDATE_COVERAGE=1 cargo test --test certificates coverage)"
            ));
        }
        None => return Outcome::undecided(format!("proofs/{COVERAGE}.md has no coverage table")),
    }
    let Some(fact) = Fact::all(verified.iter().map(|(_, v)| v.fact())) else {
        return Outcome::undecided("no interval certificate");
    };
    let cells = table_cells();
    let covered = cells
        .iter()
        .filter(|(l, k)| verified.iter().any(|(_, v)| v.shape() == (*k, *l, 1)))
        .count();
    Outcome::proved(
        fact,
        format!(
            "{} interval certificates re-verified exactly; {covered} of {} table cells (L = 3: K = 10..83, L = 2: K = 4..20) have a covered λ range, the others are listed as unresolved; the table equals the verified ranges",
            verified.len(),
            cells.len()
        ),
    )
}
