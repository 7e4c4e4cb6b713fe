//! # The $(K, L)$ map of what ncverify knows about DNC's optimality
//!
//! One status per cell $(K, L)$, $K = 2..20$, $L = 1..8$, at $n = 1$,
//! $\lambda_W = \lambda_H = \lambda$, built from kernel-verified objects only; the claim
//! `mse.dnc_optimality_map` requires the table in its proof file to equal the built one, and
//! the README shows the same table.
//!
//! ## Main definitions
//! - [`MapStatus`]: `optimal` (a proof claim that DNC is a global minimiser for every
//!   $\lambda$ holds), `every λ` (an exact-output chain at exactly $(K, L)$ verified by the
//!   kernel, [`verified_chain`]), `λ range` (committed interval certificates, verified),
//!   `points` (committed point certificates only, verified), `cited` ($K = 2$, $L \ge 3$:
//!   Súkeník et al. 2023 prove DNC optimal; not checked here), `undecided`.
//! - [`derived_chain`]: the chain for a cell, derived (untrusted,
//!   [`crate::construct::chain_extend`]) from a committed chain; [`verified_chain`] hands it
//!   to the kernel.
//! - [`build_map`], [`map_table`]: the map and its markdown.
//!
//! ## Main results
//! For every `every λ` cell the kernel verified a chain at exactly $(K, L)$ with output
//! $I_K$ and $C^{L+1} < K^{L+1}$; by the family reduction (docs/theory.md §3.2, prose) DNC is
//! then not a global minimiser at any $\lambda$ where its optimum is nonzero. A `λ range` cell
//! shows each verified interval $[\lambda_a, \lambda_b]$ as $[r_a, r_b]\cdot\lambda_{\mathrm{zero}}$
//! with $r_a \ge \lambda_a/\lambda_{\mathrm{zero}}$ and $r_b \le \lambda_b/\lambda_{\mathrm{zero}}$
//! checked exactly ($\lambda_{\mathrm{zero}}^{L+1} = (L-1)^{L-1}/(L^{2L}K^{L+1})$): the shown
//! range is inside the certified one.
//!
//! ## References
//! - P. Súkeník, M. Mondelli, C. Lampert, *Deep neural collapse is provably optimal for the
//!   deep unconstrained features model*, NeurIPS 2023 (arXiv:2305.13165) (two classes, every
//!   depth: the `cited` cells).
//! - docs/theory.md §3.2, §3.3, §3.7, §3.8, §3.10.
#![cfg_attr(doc, doc = katex!())]

use super::cert::CERTIFICATES;
use super::coverage::{CHAINS, INTERVAL_CERTIFICATES, verify_interval};
use super::{CheckConfig, ClaimDef, Outcome, parse_proof_file};
use crate::construct::chain_extend::extend_chain;
use crate::kernel::Fact;
use crate::kernel::arith::rational::{Q, parse_rational, pow_u};
use crate::kernel::cert::chain::ChainFile;
use crate::kernel::cert::interval::IntervalCertificate;
use crate::kernel::cert::point::Certificate;
use crate::mse::family::zero_threshold_rhs;
use crate::numeric::q_to_f64;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

/// Claim id.
pub const MAP: &str = "mse.dnc_optimality_map";
/// The proof file.
pub const MAP_PROOF: &str = include_str!("../../proofs/mse.dnc_optimality_map.md");
/// $K$ of the map.
#[cfg_attr(doc, doc = katex!())]
pub const MAP_CLASSES: RangeInclusive<u64> = 2..=20;
/// $L$ of the map.
#[cfg_attr(doc, doc = katex!())]
pub const MAP_LAYERS: RangeInclusive<u32> = 1..=8;
/// The claims proving DNC a global minimiser: $(K$ or every $K$, $L)$.
#[cfg_attr(doc, doc = katex!())]
pub const OPTIMAL_CLAIMS: &[(&str, Option<u64>, u32)] = &[
    ("mse.linear_dnc_global", None, 1),
    ("mse.two_class_dnc_optimal_l2", Some(2), 2),
];
/// The markers of the table in the proof file and in the README.
pub const MARKERS: (&str, &str) = (
    "<!-- optimality-map:start -->\n",
    "<!-- optimality-map:end -->",
);

/// The claims of this module.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: MAP,
        proof: MAP_PROOF,
        check: check_map,
    }]
}

/// What is known at one cell.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MapStatus {
    /// DNC is a global minimiser for every $\lambda$ (the claim held).
    Optimal {
        /// The proof claim.
        claim: &'static str,
    },
    /// An exact-output chain at exactly this cell verified.
    EveryLambda {
        /// How the chain was made.
        by: String,
        /// $C^{L+1}$ (exact).
        cost: Q,
    },
    /// Verified interval certificates: the ranges $[\lambda_a, \lambda_b]$ (exact, merged
    /// where they touch).
    LambdaRange(Vec<(Q, Q)>),
    /// Verified point certificates only: their $\lambda$.
    Points(Vec<Q>),
    /// Proved in the literature, not checked by ncverify ($K = 2$, $L \ge 3$).
    Cited,
    /// Nothing known.
    Undecided,
}

impl MapStatus {
    /// The short name used in the legend and in tests.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Optimal { .. } => "optimal",
            Self::EveryLambda { .. } => "every λ",
            Self::LambdaRange(_) => "λ range",
            Self::Points(_) => "points",
            Self::Cited => "cited",
            Self::Undecided => "undecided",
        }
    }
}

/// One cell of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCell {
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// What is known.
    pub status: MapStatus,
}

/// A committed chain: `(file stem, chain)`.
pub type NamedChain = (&'static str, ChainFile);

/// The committed chains, parsed once: `(file stem, chain)`.
fn committed_chains() -> Result<&'static [(&'static str, ChainFile)], String> {
    static PARSED: OnceLock<Result<Vec<(&'static str, ChainFile)>, String>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            CHAINS
                .iter()
                .map(|(name, text)| {
                    ChainFile::from_toml(text)
                        .map(|c| (*name, c))
                        .map_err(|e| format!("proofs/certificates/chain/{name}.toml: {e}"))
                })
                .collect()
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The committed chain a cell's chain is derived from: the committed chain at exactly
/// $(K, L)$ if there is one; otherwise, among the committed chains with $K_0 \le K$ and
/// $L_0 \le L$, the one with the largest $L_0$, then the smallest $K_0$ (the smallest
/// matrices, so the fastest check). `Ok(None)` if there is none.
#[cfg_attr(doc, doc = katex!())]
pub fn base_chain(classes: u64, layers: u32) -> Result<Option<&'static NamedChain>, String> {
    let all = committed_chains()?;
    if let Some(exact) = all
        .iter()
        .find(|(_, c)| (c.classes, c.layers) == (classes, layers))
    {
        return Ok(Some(exact));
    }
    Ok(all
        .iter()
        .filter(|(_, c)| c.classes <= classes && c.layers <= layers)
        .max_by_key(|(_, c)| (c.layers, std::cmp::Reverse(c.classes))))
}

/// The (unverified) chain for the cell, derived from [`base_chain`]: `(base, chain)` with
/// `base` the committed `(file stem, chain)` it was derived from. `None` if no committed chain
/// reaches the cell.
pub fn derived_chain(
    classes: u64,
    layers: u32,
) -> Option<Result<(&'static NamedChain, ChainFile), String>> {
    let base = match base_chain(classes, layers) {
        Ok(Some(b)) => b,
        Ok(None) => return None,
        Err(e) => return Some(Err(e)),
    };
    Some(
        extend_chain(&base.1, classes, layers)
            .map(|c| (base, c))
            .map_err(|e| format!("chain from {}: {e}", base.0)),
    )
}

/// A chain at exactly $(K, L)$ verified by the kernel: `(how it was made, C^(L+1), fact)`.
/// `Ok(None)` if no committed chain can be extended to the cell; an error if the derived chain
/// fails verification.
#[cfg_attr(doc, doc = katex!())]
pub fn verified_chain(classes: u64, layers: u32) -> Result<Option<(String, Q, Fact)>, String> {
    let Some(derived) = derived_chain(classes, layers) else {
        return Ok(None);
    };
    let ((name, base), chain) = derived?;
    let (cost, fact) = chain
        .verify()
        .map_err(|e| format!("chain for K = {classes}, L = {layers} derived from {name}: {e}"))?;
    let (k0, l0) = (base.classes, base.layers);
    let by = if (k0, l0) == (classes, layers) {
        format!("committed chain `{name}`")
    } else {
        format!(
            "`{name}` + {} layer(s) + DNC on {} class(es)",
            layers - l0,
            classes - k0
        )
    };
    Ok(Some((by, cost, fact)))
}

/// `true` iff $(K, L)$ is a cell of the map.
#[cfg_attr(doc, doc = katex!())]
pub fn in_map(classes: u64, layers: u32) -> bool {
    MAP_CLASSES.contains(&classes) && MAP_LAYERS.contains(&layers)
}

/// The `every λ` status of a cell, the one function both the map ([`build_map`]) and the
/// phase maps ([`crate::search::known::KnownIndex`]) use: `Ok(Some(..))` iff the cell is in the
/// map, no stronger status (`optimal`, `cited`) applies, and a chain at exactly $(K, L)$
/// verified ([`verified_chain`]).
#[cfg_attr(doc, doc = katex!())]
pub fn every_lambda_chain(classes: u64, layers: u32) -> Result<Option<(String, Q, Fact)>, String> {
    if !in_map(classes, layers) || optimal_claim(classes, layers).is_some() || classes == 2 {
        return Ok(None);
    }
    verified_chain(classes, layers)
}

/// The proof claim that DNC is optimal at the cell, if one covers it.
pub fn optimal_claim(classes: u64, layers: u32) -> Option<&'static str> {
    OPTIMAL_CLAIMS
        .iter()
        .find(|(_, k, l)| *l == layers && k.is_none_or(|k| k == classes))
        .map(|(c, _, _)| *c)
}

fn run_claim(id: &str) -> Result<Fact, String> {
    let claim = super::find(id).ok_or_else(|| format!("{id}: not registered"))?;
    let out = (claim.check)(&CheckConfig::default());
    match (out.verdict, out.fact) {
        (super::Verdict::Holds, Some(f)) => Ok(f),
        (v, _) => Err(format!("{id}: {v:?}: {}", out.evidence)),
    }
}

/// Build the map from verified objects only: every cell's status and the kernel facts used.
/// An error names the first committed object that failed to verify.
pub fn build_map() -> Result<(Vec<MapCell>, Vec<Fact>), String> {
    let mut facts = Vec::new();
    for (id, _, _) in OPTIMAL_CLAIMS {
        facts.push(run_claim(id)?);
    }
    // interval certificates at n = 1, ratio 1, inside the map (parsed now, verified only for
    // the cells that use them)
    let mut intervals: BTreeMap<(u64, u32), Vec<(&str, &str)>> = BTreeMap::new();
    for (name, text) in INTERVAL_CERTIFICATES {
        let c = IntervalCertificate::from_toml(text)
            .map_err(|e| format!("proofs/certificates/interval/{name}.toml: {e}"))?;
        let p = &c.params;
        let ratio = parse_rational(&p.ratio)
            .map_err(|e| format!("proofs/certificates/interval/{name}.toml: ratio: {e}"))?;
        if p.samples == 1 && num_traits::One::is_one(&ratio) {
            intervals
                .entry((p.classes, p.layers))
                .or_default()
                .push((name, text));
        }
    }
    let mut cells = Vec::new();
    for k in MAP_CLASSES {
        for l in MAP_LAYERS {
            let status = if let Some(claim) = optimal_claim(k, l) {
                MapStatus::Optimal { claim }
            } else if k == 2 {
                MapStatus::Cited
            } else if let Some((by, cost, fact)) = every_lambda_chain(k, l)? {
                facts.push(fact);
                MapStatus::EveryLambda { by, cost }
            } else if let Some(files) = intervals.remove(&(k, l)) {
                let mut ranges = Vec::new();
                for (name, text) in files {
                    let v = verify_interval(name, text)?;
                    if v.shape() != (k, l, 1) || !num_traits::One::is_one(v.ratio()) {
                        return Err(format!(
                            "proofs/certificates/interval/{name}.toml: verified shape differs"
                        ));
                    }
                    let (a, b) = v.range();
                    ranges.push((a.clone(), b.clone()));
                    facts.push(v.fact());
                }
                ranges.sort();
                let mut merged: Vec<(Q, Q)> = Vec::new();
                for (a, b) in ranges {
                    match merged.last_mut() {
                        Some(last) if a <= last.1 => {
                            if b > last.1 {
                                last.1 = b;
                            }
                        }
                        _ => merged.push((a, b)),
                    }
                }
                MapStatus::LambdaRange(merged)
            } else {
                let mut points = Vec::new();
                for (name, text) in CERTIFICATES {
                    let c = Certificate::from_toml(text)
                        .map_err(|e| format!("proofs/certificates/{name}.toml: {e}"))?;
                    let p = &c.params;
                    if (p.classes, p.layers, p.samples) != (k, l, 1) || p.lambda_w != p.lambda_h {
                        continue;
                    }
                    let v = c
                        .verify()
                        .map_err(|e| format!("proofs/certificates/{name}.toml: {e}"))?;
                    let (lw, lh) = v.lambdas();
                    if v.shape() == (k, l, 1) && lw == lh {
                        points.push(lh.clone());
                        facts.push(v.fact());
                    }
                }
                points.sort();
                points.dedup();
                if points.is_empty() {
                    MapStatus::Undecided
                } else {
                    MapStatus::Points(points)
                }
            };
            cells.push(MapCell {
                classes: k,
                layers: l,
                status,
            });
        }
    }
    Ok((cells, facts))
}

/// $\lambda_{\mathrm{zero}}^{L+1}$ at $n = 1$, $\lambda_W = \lambda_H$: $(L-1)^{L-1}/(L^{2L}K^{L+1})$.
#[cfg_attr(doc, doc = katex!())]
fn zero_power(classes: u64, layers: u32) -> Result<Q, String> {
    let rhs = zero_threshold_rhs(layers).map_err(|e| e.to_string())?;
    Ok(rhs / pow_u(&Q::from_integer(classes.into()), layers + 1))
}

/// `r` (a decimal with `digits` digits) times $\lambda_{\mathrm{zero}}$ compared with `x`:
/// `r λ_zero >= x` iff $r^{L+1}\lambda_{\mathrm{zero}}^{L+1} \ge x^{L+1}$ (both sides $\ge 0$).
fn times_zero_ge(r: &Q, x: &Q, z: &Q, layers: u32) -> bool {
    pow_u(r, layers + 1) * z >= pow_u(x, layers + 1)
}

/// `[r_a, r_b]` with `r_a λ_zero >= a` and `r_b λ_zero <= b`, `digits` decimals, as tight as
/// possible (checked exactly); `None` if they cross.
fn inward(a: &Q, b: &Q, classes: u64, layers: u32, digits: u32) -> Result<Option<(Q, Q)>, String> {
    let z = zero_power(classes, layers)?;
    let scale = 10i64.pow(digits);
    let lz = q_to_f64(&z).powf(1.0 / f64::from(layers + 1));
    let dec = |n: i64| Q::new(n.into(), scale.into());
    // r_a: least decimal with r λ0 >= a
    let mut na = ((q_to_f64(a) / lz * scale as f64).floor() as i64 - 2).max(0);
    while !times_zero_ge(&dec(na), a, &z, layers) {
        na += 1;
    }
    // r_b: greatest decimal with r λ0 <= b
    let le = |n: i64| pow_u(&dec(n), layers + 1) * &z <= pow_u(b, layers + 1);
    let mut nb = (q_to_f64(b) / lz * scale as f64).ceil() as i64 + 2;
    while nb > 0 && !le(nb) {
        nb -= 1;
    }
    Ok((na <= nb).then(|| (dec(na), dec(nb))))
}

fn decimal(x: &Q, digits: u32) -> String {
    format!("{:.*}", digits as usize, q_to_f64(x))
}

/// The text of a cell.
pub fn cell_text(c: &MapCell) -> Result<String, String> {
    Ok(match &c.status {
        MapStatus::Optimal { .. } => "optimal".into(),
        MapStatus::EveryLambda { .. } => "every λ".into(),
        MapStatus::Cited => "cited".into(),
        MapStatus::Undecided => "undecided".into(),
        MapStatus::LambdaRange(ranges) => {
            let mut parts = Vec::new();
            for (a, b) in ranges {
                let mut shown = None;
                for digits in 3..=6 {
                    if let Some((ra, rb)) = inward(a, b, c.classes, c.layers, digits)? {
                        shown = Some(format!(
                            "[{}, {}]",
                            decimal(&ra, digits),
                            decimal(&rb, digits)
                        ));
                        break;
                    }
                }
                parts.push(shown.unwrap_or_else(|| format!("[{a}, {b}] (exact λ)")));
            }
            format!("{} λ₀", parts.join(" ∪ "))
        }
        MapStatus::Points(ps) => {
            let z = q_to_f64(&zero_power(c.classes, c.layers)?).powf(1.0 / f64::from(c.layers + 1));
            let shown: Vec<String> = ps
                .iter()
                .map(|p| format!("λ = {p} (≈ {:.3} λ₀)", q_to_f64(p) / z))
                .collect();
            format!("points: {}", shown.join(", "))
        }
    })
}

/// The markdown table: one row per $K$, one column per $L$.
#[cfg_attr(doc, doc = katex!())]
pub fn map_table(cells: &[MapCell]) -> Result<String, String> {
    let mut s = String::from("| K \\ L |");
    for l in MAP_LAYERS {
        s.push_str(&format!(" {l} |"));
    }
    s.push_str("\n|---|");
    for _ in MAP_LAYERS {
        s.push_str("---|");
    }
    s.push('\n');
    for k in MAP_CLASSES {
        s.push_str(&format!("| {k} |"));
        for l in MAP_LAYERS {
            let c = cells
                .iter()
                .find(|c| (c.classes, c.layers) == (k, l))
                .ok_or_else(|| format!("no cell K = {k}, L = {l}"))?;
            s.push_str(&format!(" {} |", cell_text(c)?));
        }
        s.push('\n');
    }
    Ok(s)
}

/// The generated list of the `every λ` cells: how each chain was made and its $C/K$ (rounded
/// up, so never shown smaller than it is).
#[cfg_attr(doc, doc = katex!())]
pub fn chain_list(cells: &[MapCell]) -> String {
    let mut s = String::new();
    for c in cells {
        if let MapStatus::EveryLambda { by, cost } = &c.status {
            let m = f64::from(c.layers + 1);
            let ratio = q_to_f64(cost).powf(1.0 / m) / c.classes as f64;
            // round up at the 4th decimal, plus a margin for the f64 rounding
            let up = ((ratio + 1e-9) * 1e4).ceil() / 1e4;
            s.push_str(&format!(
                "- K = {}, L = {}: {by}; C/K ≤ {up:.4}\n",
                c.classes, c.layers
            ));
        }
    }
    s
}

/// The whole generated block: table, then the chain list.
pub fn generated(cells: &[MapCell]) -> Result<String, String> {
    Ok(format!(
        "{}\nThe `every λ` cells (kernel-verified chains at exactly that cell):\n\n{}",
        map_table(cells)?,
        chain_list(cells)
    ))
}

/// The text between [`MARKERS`] in `doc`.
pub fn block_in(doc: &str) -> Option<&str> {
    let start = doc.find(MARKERS.0)? + MARKERS.0.len();
    let end = doc[start..].find(MARKERS.1)? + start;
    Some(&doc[start..end])
}

fn check_map(_: &CheckConfig) -> Outcome {
    if let Err(e) = parse_proof_file(MAP_PROOF) {
        return Outcome::undecided(format!("proofs/{MAP}.md: {e}"));
    }
    let (cells, facts) = match build_map() {
        Ok(x) => x,
        Err(e) => return Outcome::undecided(e),
    };
    let expected = match generated(&cells) {
        Ok(t) => t,
        Err(e) => return Outcome::undecided(e),
    };
    match block_in(MAP_PROOF) {
        Some(t) if t == expected => {}
        Some(_) => {
            return Outcome::undecided(format!(
                "the table in proofs/{MAP}.md differs from the verified objects (regenerate: \
                 UPDATE_MAP=1 cargo test --test it optimality_map::)"
            ));
        }
        None => return Outcome::undecided(format!("proofs/{MAP}.md has no table markers")),
    }
    let count = |name: &str| cells.iter().filter(|c| c.status.name() == name).count();
    let Some(fact) = Fact::all(facts) else {
        return Outcome::undecided("no verified object");
    };
    Outcome::proved(
        fact,
        format!(
            "{} cells (K = 2..20, L = 1..8, n = 1, λ_W = λ_H): {} optimal, {} every λ (a \
             kernel-verified exact-output chain each), {} λ range, {} points, {} cited, {} \
             undecided; the table in the proof file equals the one built from verified objects",
            cells.len(),
            count("optimal"),
            count("every λ"),
            count("λ range"),
            count("points"),
            count("cited"),
            count("undecided")
        ),
    )
}
