//! # Claims: the cross-entropy deep linear UFM
//!
//! ## Main definitions
//! Checkers for `ce.paired_beats_dnc`, its two false boundary versions
//! (`ce.paired_dominates_dnc_at_one_layer`, `ce.paired_dominates_dnc_k4_l2`),
//! `ce.dnc_critical_points`, `ce.min_rank_diagonally_superior` and
//! `ce.softmax_code_beats_nc_with_depth`. All six are `proof` or `certificate` claims: each
//! verdict is a kernel [`Fact`]; floating point only proposes candidate scales.
//!
//! ## Main results
//! The deciding kernel routines:
//! - `ce.paired_beats_dnc`: `ce::regulariser_order` (base cases and the steps of
//!   $4m^{L+1} < (2m-1)^{L+1}$), `ce::fit_gap` ($u(1-u) > 0$), `ce::pattern_spectrum`
//!   ($K = 2..12$) and `ce::compare_families` at sampled points;
//! - the boundary claims: `ce::compare_families` at a scale where the paired loss is
//!   certified larger (the counterexample);
//! - `ce.dnc_critical_points`: `ce_critical::dnc_critical_points`;
//! - `ce.min_rank_diagonally_superior`: `ce_superior::{two_class_witness,
//!   circle_gram_witness, rank_one_grid}`;
//! - `ce.softmax_code_beats_nc_with_depth`: `ce_depth::{kgon_least_depth,
//!   paired_least_depth}`.
//!
//! ## References
//! - C. Garrod, J. P. Keating, arXiv:2410.23169, Theorem 1 and Theorem 3 (reconstructed).
//! - C. Garrod, J. P. Keating, C. Thrampoulidis (2026), unregularised CE and depth
//!   (reconstructed).
#![cfg_attr(doc, doc = katex!())]

use super::{CheckConfig, ClaimDef, Outcome};
use crate::ce::family::{CeUfm, Family};
use crate::kernel::Fact;
use crate::kernel::Q;
use crate::kernel::arith::rational::{q, qi};
use crate::kernel::ce::critical::dnc_critical_points;
use crate::kernel::ce::depth::{kgon_least_depth, paired_least_depth};
use crate::kernel::ce::superior::{circle_gram_witness, rank_one_grid, two_class_witness};
use crate::kernel::ce::{
    CeFamily, CeParams, DEFAULT_MAX_BITS, FamilyOrder, compare_families, fit_gap, pattern_spectrum,
    regulariser_order,
};
use crate::numeric::{Round, decimal, enclosure_decimal};
use std::cmp::Ordering;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: "ce.paired_beats_dnc",
            proof: include_str!("../../proofs/ce.paired_beats_dnc.md"),
            check: check_paired_beats_dnc,
        },
        ClaimDef {
            id: "ce.paired_dominates_dnc_at_one_layer",
            proof: include_str!("../../proofs/ce.paired_dominates_dnc_at_one_layer.md"),
            check: check_domination_at_one_layer,
        },
        ClaimDef {
            id: "ce.paired_dominates_dnc_k4_l2",
            proof: include_str!("../../proofs/ce.paired_dominates_dnc_k4_l2.md"),
            check: check_domination_k4_l2,
        },
        ClaimDef {
            id: "ce.dnc_critical_points",
            proof: include_str!("../../proofs/ce.dnc_critical_points.md"),
            check: check_dnc_critical_points,
        },
        ClaimDef {
            id: "ce.min_rank_diagonally_superior",
            proof: include_str!("../../proofs/ce.min_rank_diagonally_superior.md"),
            check: check_min_rank_diagonally_superior,
        },
        ClaimDef {
            id: "ce.softmax_code_beats_nc_with_depth",
            proof: include_str!("../../proofs/ce.softmax_code_beats_nc_with_depth.md"),
            check: check_softmax_code_depth,
        },
    ]
}

/// Precision of the loss enclosures: width at most `tol`, at most `max_bits` bits.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precision {
    /// Largest width of an enclosure.
    pub tol: Q,
    /// Precision cap of the kernel's refinement; reaching it is an error.
    pub max_bits: u64,
}

impl Default for Precision {
    /// Width $10^{-18}$, cap [`DEFAULT_MAX_BITS`].
    fn default() -> Self {
        Self {
            tol: q(1, 1_000_000_000_000_000_000),
            max_bits: DEFAULT_MAX_BITS,
        }
    }
}

/// Working precision (bits) of the critical-point certificates.
const CRITICAL_BITS: u64 = 80;

/// Precision cap (bits) of the $K$-gon depth enclosures.
#[cfg_attr(doc, doc = katex!())]
pub const DEPTH_MAX_BITS: u64 = 1 << 12;

/// The conjunction of `facts`, or *Undecided* if there are none.
fn proved(facts: Vec<Fact>, evidence: String) -> Outcome {
    match Fact::all(facts) {
        Some(fact) => Outcome::proved(fact, evidence),
        None => Outcome::undecided("no kernel fact was established"),
    }
}

// ---------------------------------------------------------------- paired vs DNC

fn check_paired_beats_dnc(cfg: &CheckConfig) -> Outcome {
    paired_beats_dnc_outcome(cfg, &Precision::default())
}

/// The checker of `ce.paired_beats_dnc` at a given precision (the registered checker uses
/// [`Precision::default`]): the proof steps (kernel facts) and the certified comparison at
/// sampled points. A cap the kernel cannot meet makes it *Undecided*, never a verdict.
pub fn paired_beats_dnc_outcome(cfg: &CheckConfig, prec: &Precision) -> Outcome {
    let mut facts = Vec::new();
    match regulariser_order().and_then(|r| fit_gap().map(|g| r.and(g))) {
        Ok(f) => facts.push(f),
        Err(e) => return Outcome::undecided(e.to_string()),
    }
    for k in 2..=12usize {
        for fam in [CeFamily::Dnc, CeFamily::Paired] {
            match pattern_spectrum(fam, k) {
                Ok(f) => facts.push(f),
                Err(e) => return Outcome::undecided(e.to_string()),
            }
        }
    }
    // end-to-end: certified strict domination at sampled rational points of the domain
    let mut samples = vec![
        (4usize, 3u32, q(1, 1000), 1u64, qi(8)),
        (5, 3, q(1, 100), 2, q(1, 2)),
        (6, 2, q(1, 1000), 1, qi(10)),
        (7, 2, q(1, 10), 3, q(3, 2)),
        (4, 6, q(1, 50), 1, qi(30)),
        (9, 4, q(1, 7), 5, q(1, 100)),
    ];
    if cfg.full {
        for k in 4..=12usize {
            for l in 2..=6u32 {
                if k < 6 && l == 2 {
                    continue;
                }
                samples.push((k, l, q(1, 1000), 2, q(k as i64, 2)));
            }
        }
    }
    for (k, l, lam, n, a) in &samples {
        let at = format!("K={k}, L={l}, lambda={lam}, n={n}, scale={a}");
        let order = CeParams::new(*k, *l, lam.clone(), *n)
            .and_then(|p| compare_families(&p, a, &prec.tol, prec.max_bits));
        match order {
            Ok(o) if o.order() == Ordering::Less => facts.push(o.fact()),
            Ok(o) => {
                return Outcome::disproved(
                    o.fact(),
                    format!("{at}: paired {} > DNC {}", o.paired(), o.dnc()),
                );
            }
            Err(e) => return Outcome::undecided(format!("{at}: {e}")),
        }
    }
    proved(
        facts,
        format!(
            "base cases 64 < 81 (m=2,L=3), 108 < 125 (m=3,L=2); steps m <= 2m-1 and \
             m(2m+1) - (2m-1)(m+1) = 1; fit gap u(1-u); family spectra exact for K=2..12; \
             paired < DNC certified at {} sampled points",
            samples.len()
        ),
    )
}

/// Search (f64) for an integer scale in 1..60 where paired > DNC, and certify it with the
/// kernel. `Err` says why none was certified (including the first kernel failure).
fn domination_counterexample(
    k: usize,
    layers: u32,
    lambda: Q,
    n: u64,
    prec: &Precision,
) -> Result<(FamilyOrder, String), String> {
    let model = CeUfm::new(k, layers, lambda.clone(), n).map_err(|e| e.to_string())?;
    let mut failure = None;
    for a in 1..=60i64 {
        let af = a as f64;
        if model.loss(Family::Paired, af) <= model.loss(Family::Dnc, af) {
            continue;
        }
        match compare_families(model.params(), &qi(a), &prec.tol, prec.max_bits) {
            Ok(o) if o.order() == Ordering::Greater => {
                let text = format!(
                    "K={k}, L={layers}, lambda={lambda}, n={n}, scale={a}: paired in {} > DNC \
                     in {}",
                    enclosure_decimal(o.paired(), 11),
                    enclosure_decimal(o.dnc(), 11)
                );
                return Ok((o, text));
            }
            Ok(_) => {}
            Err(e) => {
                failure.get_or_insert(format!("scale {a}: {e}"));
            }
        }
    }
    Err(match failure {
        Some(f) => format!(
            "K={k}, L={layers}: no certified counterexample scale in 1..60 (kernel failed at {f})"
        ),
        None => format!("K={k}, L={layers}: no certified counterexample scale found in 1..60"),
    })
}

fn check_domination_at_one_layer(_cfg: &CheckConfig) -> Outcome {
    domination_at_one_layer_outcome(&Precision::default())
}

/// The checker of `ce.paired_dominates_dnc_at_one_layer` at a given precision (the registered
/// checker uses [`Precision::default`]); a cap the kernel cannot meet makes it *Undecided*.
pub fn domination_at_one_layer_outcome(prec: &Precision) -> Outcome {
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for k in 4..=9usize {
        match domination_counterexample(k, 1, q(1, 1000), 1, prec) {
            Ok((o, text)) => found.push((k, o, text)),
            Err(e) => failures.push(e),
        }
    }
    let Some((_, _, first)) = found.first() else {
        return Outcome::undecided(failures.join("; "));
    };
    let others: Vec<usize> = found.iter().skip(1).map(|(k, _, _)| *k).collect();
    let evidence = format!("{first}; certified counterexamples also for K = {others:?}");
    match Fact::all(found.iter().map(|(_, o, _)| o.fact())) {
        Some(fact) => Outcome::disproved(fact, evidence),
        None => Outcome::undecided("no kernel fact was established"),
    }
}

fn check_domination_k4_l2(_cfg: &CheckConfig) -> Outcome {
    domination_k4_l2_outcome(&Precision::default())
}

/// The checker of `ce.paired_dominates_dnc_k4_l2` at a given precision (the registered checker
/// uses [`Precision::default`]); a cap the kernel cannot meet makes it *Undecided*.
pub fn domination_k4_l2_outcome(prec: &Precision) -> Outcome {
    match domination_counterexample(4, 2, q(1, 1000), 1, prec) {
        Ok((o, text)) => Outcome::disproved(o.fact(), text),
        Err(e) => Outcome::undecided(e),
    }
}

// ---------------------------------------------------------------- DNC critical points

fn check_dnc_critical_points(_cfg: &CheckConfig) -> Outcome {
    dnc_critical_outcome(CRITICAL_BITS)
}

/// The checker of `ce.dnc_critical_points` with `bits` of working precision (the registered
/// checker uses 80): certified counts at every sample of [`CRITICAL_SAMPLES`]; the kernel's
/// failure at any sample is *Undecided*.
pub fn dnc_critical_outcome(bits: u64) -> Outcome {
    let lambdas = [q(1, 1_000_000), q(1, 1000), q(1, 50), q(1, 20), q(1, 5)];
    let mut summary = Vec::new();
    let mut facts = Vec::new();
    let mut example = String::new();
    for (k, l, n) in CRITICAL_SAMPLES {
        let mut counts = Vec::new();
        for lam in &lambdas {
            let points = match dnc_critical_points(k, l, lam, n, bits) {
                Ok(p) => p,
                Err(e) => {
                    return Outcome::undecided(format!("K={k}, L={l}, n={n}, lambda={lam}: {e}"));
                }
            };
            if (k, l, n) == (4, 3, 1)
                && *lam == q(1, 1000)
                && let [r1, r2] = points.roots()
            {
                example = format!(
                    "K={k}, L={l}, n={n}, lambda={lam}: 2 roots in [{}, {}] and [{}, {}]",
                    decimal(&r1.0, 5, Round::Down),
                    decimal(&r1.1, 5, Round::Up),
                    decimal(&r2.0, 7, Round::Down),
                    decimal(&r2.1, 7, Round::Up)
                );
            }
            counts.push(points.count().to_string());
            facts.push(points.fact());
        }
        summary.push(format!("(K={k},L={l},n={n}): {}", counts.join(",")));
    }
    proved(
        facts,
        format!(
            "certified counts at lambda = 1e-6, 1e-3, 1/50, 1/20, 1/5: {}; e.g. {example}",
            summary.join("; ")
        ),
    )
}

/// The sampled $(K, L, n)$ of `ce.dnc_critical_points`.
#[cfg_attr(doc, doc = katex!())]
pub const CRITICAL_SAMPLES: [(usize, u32, u64); 3] = [(4, 3, 1), (3, 2, 1), (10, 4, 5)];

// ---------------------------------------------------------------- diagonal superiority

fn check_min_rank_diagonally_superior(_cfg: &CheckConfig) -> Outcome {
    let mut facts = Vec::new();
    match two_class_witness() {
        Ok(f) => facts.push(f),
        Err(e) => return Outcome::undecided(e.to_string()),
    }
    for k in 3..=50usize {
        match circle_gram_witness(k) {
            Ok(f) => facts.push(f),
            Err(e) => return Outcome::undecided(e.to_string()),
        }
    }
    // rank one allows at most two superior columns: exhaustive over small integer grids
    let mut checked = 0usize;
    for (k, vals) in [(3usize, vec![-2i64, -1, 0, 1, 2]), (4, vec![-1, 0, 1, 2])] {
        match rank_one_grid(k, &vals) {
            Ok(Ok((count, f))) => {
                checked += count;
                facts.push(f);
            }
            Ok(Err(counterexample)) => {
                return Outcome::disproved(
                    counterexample.clone(),
                    format!("a rank-one diagonally superior matrix: {counterexample}"),
                );
            }
            Err(e) => return Outcome::undecided(e.to_string()),
        }
    }
    proved(
        facts,
        format!(
            "q_2 = 1 witness; rank-2 diagonally superior Gram matrices for K = 3..50 (exact \
             rank); {checked} rank-one integer matrices (K = 3, 4) have <= 2 superior columns"
        ),
    )
}

// ---------------------------------------------------------------- depth table

/// The trimmed cells of every line of a Markdown table (`| a | b |` -> `["a", "b"]`).
pub(super) fn table_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().map(|l| {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect()
    })
}

/// Rows `| K | m_kgon | m_paired |` of the table in the proof file.
fn proof_table(text: &str) -> Vec<(usize, u32, u32)> {
    table_rows(text)
        .filter_map(|cells| match cells.as_slice() {
            [k, a, b] => Some((k.parse().ok()?, a.parse().ok()?, b.parse().ok()?)),
            _ => None,
        })
        .collect()
}

fn check_softmax_code_depth(_cfg: &CheckConfig) -> Outcome {
    depth_table_outcome(
        include_str!("../../proofs/ce.softmax_code_beats_nc_with_depth.md"),
        DEPTH_MAX_BITS,
    )
}

/// The checker of `ce.softmax_code_beats_nc_with_depth` on a proof file's `text` with the
/// precision cap `max_bits` (the registered checker reads the committed file with
/// [`DEPTH_MAX_BITS`]): every row recomputed by the kernel and compared with the table in `text`.
/// A wrong row is *Refuted* with the kernel's fact; a missing row or a failed enclosure is
/// *Undecided*.
pub fn depth_table_outcome(text: &str, max_bits: u64) -> Outcome {
    let table = proof_table(text);
    let mut rows = Vec::new();
    let mut facts = Vec::new();
    for k in 4..=32usize {
        let kgon = match kgon_least_depth(k, max_bits) {
            Ok(d) => d,
            Err(e) => return Outcome::undecided(format!("K={k}: K-gon: {e}")),
        };
        let paired = match paired_least_depth(k) {
            Ok(d) => d,
            Err(e) => return Outcome::undecided(format!("K={k}: paired: {e}")),
        };
        let (mk, mp) = (kgon.factors(), paired.factors());
        match table.iter().find(|(tk, _, _)| *tk == k) {
            None => return Outcome::undecided(format!("K={k}: no row in the proofs/ table")),
            Some(&(_, tk, tp)) if (tk, tp) != (mk, mp) => {
                let against: Vec<Fact> = [(tk != mk, kgon), (tp != mp, paired)]
                    .into_iter()
                    .filter_map(|(wrong, d)| wrong.then(|| d.fact()))
                    .collect();
                return match Fact::all(against) {
                    Some(fact) => Outcome::disproved(
                        fact,
                        format!(
                            "K={k}: computed (kgon {mk}, paired {mp}) disagrees with the proofs/ \
                             table ({tk}, {tp})"
                        ),
                    ),
                    None => Outcome::undecided("no kernel fact was established"),
                };
            }
            Some(_) => {}
        }
        facts.push(kgon.fact());
        facts.push(paired.fact());
        rows.push(format!("{k}:{mk}/{mp}"));
    }
    if table.len() != 29 {
        return Outcome::undecided(format!("proof table has {} rows, expected 29", table.len()));
    }
    // beyond the table: K = 33..43 still need 5 factors, K = 44 is the first needing 6
    for k in 33..=44usize {
        let want = if k == 44 { 6 } else { 5 };
        match kgon_least_depth(k, max_bits) {
            Ok(d) if d.factors() == want => facts.push(d.fact()),
            // K = 33..44 lies outside the statement (K = 4..32): a mismatch contradicts the
            // proof file's remark, not the claim
            Ok(d) => {
                return Outcome::undecided(format!(
                    "K-gon depth at K = {k} is {}, not {want} as the proof file remarks",
                    d.factors()
                ));
            }
            Err(e) => return Outcome::undecided(format!("K={k}: K-gon: {e}")),
        }
    }
    rows.push("K-gon 5 for K=33..43, 6 at K=44".into());
    proved(
        facts,
        format!(
            "least factors m (K: kgon/paired), certified: {}",
            rows.join(" ")
        ),
    )
}
