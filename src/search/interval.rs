//! # Covering a range of $\lambda$ with interval certificates (untrusted search)
//!
//! ## Main definitions
//! - [`certify_range`]: cover $[\lambda_{\mathrm{lo}}, \lambda_{\mathrm{hi}}]$ ($\lambda_H$,
//!   with $\lambda_W = \rho\lambda_H$) greedily from the left: at the current $\lambda$ run
//!   [`super::certify::search`], rationalise the best candidates, and grow each candidate's
//!   piece to the right as far as its line $F + \lambda R$ stays below DNC's bound
//!   (bisection in `f64` on a concave gap; the piece is then checked exactly by the kernel).
//!   Where no candidate beats DNC the range is stepped over geometrically and reported as
//!   uncovered; a later witness is also grown to the left into the gap.
//! - [`interval_to_toml`]: the certificate file text.
//!
//! ## Main results
//! None: nothing here is trusted. Every returned certificate was accepted by
//! [`IntervalCertificate::verify`].
//!
//! ## References
//! - docs/theory.md §3.7 (interval certificates); arXiv:2405.14468, Theorem 5.
#![cfg_attr(doc, doc = katex!())]

use super::certificate_file::{matrix_to_rows, witness_toml};
use super::certify::{SearchOptions, a_lower_hint, decimal_below, dnc_loss, exact_witness, search};
use crate::kernel::QMatrix;
use crate::kernel::arith::rational::Q;
use crate::kernel::cert::interval::{
    EndBounds, IntervalCertificate, IntervalParams, IntervalVerified, Piece,
};
use crate::kernel::cert::point::Witness;
use crate::kernel::mse::dufm::mse_loss_exact;
use crate::mse::MseParams;
use crate::numeric::q_to_f64;
use num_traits::Zero;
use serde::Serialize;

/// The fixed part of a range search: $K, L, n, \rho$.
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct RangeSpec {
    /// $K$.
    pub classes: u64,
    /// $L$.
    pub layers: u32,
    /// $n$.
    pub samples: u64,
    /// $\rho = \lambda_W / \lambda_H$.
    pub ratio: Q,
}

impl RangeSpec {
    fn params(&self, lambda: &Q) -> Option<MseParams> {
        MseParams::new(
            self.classes,
            self.layers,
            &self.ratio * lambda,
            lambda.clone(),
            self.samples,
        )
        .ok()
    }
    fn dnc(&self, lambda: f64) -> f64 {
        crate::numeric::f64_to_q(lambda)
            .and_then(|l| self.params(&l))
            .map_or(f64::NAN, |p| dnc_loss(&p))
    }
}

/// A rational witness with its exact fit $F$ and penalty slope $R$ (loss $F + \lambda R$).
#[derive(Debug, Clone)]
struct Line {
    h: QMatrix,
    ws: Vec<QMatrix>,
    fit: Q,
    slope: Q,
    family: String,
}

impl Line {
    fn at(&self, lambda: f64) -> f64 {
        q_to_f64(&self.fit) + lambda * q_to_f64(&self.slope)
    }
}

fn line(spec: &RangeSpec, h: QMatrix, ws: Vec<QMatrix>, family: String) -> Option<Line> {
    let (k, n) = (spec.classes as usize, spec.samples as usize);
    let fit = mse_loss_exact(&h, &ws, k, n, &Q::zero(), &Q::zero()).ok()?;
    let one = mse_loss_exact(&h, &ws, k, n, &spec.ratio, &Q::from_integer(1.into())).ok()?;
    let slope = one - &fit;
    Some(Line {
        h,
        ws,
        fit,
        slope,
        family,
    })
}

/// The relative margin a piece keeps at its ends (so `lower` has room below DNC's bound).
const MARGIN: f64 = 1e-8;

fn beats(spec: &RangeSpec, l: &Line, lambda: f64) -> bool {
    let d = spec.dnc(lambda);
    d.is_finite() && l.at(lambda) < d * (1.0 - MARGIN)
}

/// The largest $\lambda \in [\mathrm{from}, \mathrm{to}]$ up to which `l` beats DNC, given that
/// it does at `from` (the gap is concave, so its positive set is an interval).
fn grow(spec: &RangeSpec, l: &Line, from: f64, to: f64) -> f64 {
    if beats(spec, l, to) {
        return to;
    }
    let (mut good, mut bad) = (from, to);
    for _ in 0..60 {
        let mid = (good * bad).sqrt();
        if beats(spec, l, mid) {
            good = mid;
        } else {
            bad = mid;
        }
        if (bad / good - 1.0).abs() < 1e-9 {
            break;
        }
    }
    good
}

/// Candidate lines at `lambda`, best first by the loss there.
fn lines_at(spec: &RangeSpec, lambda: &Q, opts: &SearchOptions) -> Vec<Line> {
    let first = lines_at_once(spec, lambda, opts);
    if !first.is_empty() {
        return first;
    }
    // one retry with another seed and twice the restarts
    let retry = SearchOptions {
        seed: opts.seed.wrapping_add(1_000),
        restarts: opts.restarts.saturating_mul(2),
        ..*opts
    };
    lines_at_once(spec, lambda, &retry)
}

fn lines_at_once(spec: &RangeSpec, lambda: &Q, opts: &SearchOptions) -> Vec<Line> {
    let Some(p) = spec.params(lambda) else {
        return Vec::new();
    };
    let dnc = dnc_loss(&p);
    let mut out = Vec::new();
    for c in search(&p, opts).iter().take(3).filter(|c| c.loss < dnc) {
        for bits in [12, 16, 20, 26] {
            let (h, ws) = exact_witness(&p, c, bits);
            if let Some(l) = line(spec, h, ws, format!("{} ({bits} bits)", c.family))
                && beats(spec, &l, q_to_f64(lambda))
            {
                out.push(l);
                break;
            }
        }
    }
    out
}

fn end_bounds(spec: &RangeSpec, l: &Line, lambda: &Q) -> Option<EndBounds> {
    let p = spec.params(lambda)?;
    let upper = &l.fit + lambda * &l.slope;
    let lower = decimal_below(dnc_loss(&p) * (1.0 - 1e-9), 12);
    Some(EndBounds {
        upper: upper.to_string(),
        lower: lower.to_string(),
        a_lower: a_lower_hint(&p).to_string(),
    })
}

fn piece(spec: &RangeSpec, l: &Line, a: &Q, b: &Q) -> Option<Piece> {
    Some(Piece {
        lambda_a: a.to_string(),
        lambda_b: b.to_string(),
        at_a: end_bounds(spec, l, a)?,
        at_b: end_bounds(spec, l, b)?,
        witness: Witness {
            h1: matrix_to_rows(&l.h),
            w: l.ws.iter().map(matrix_to_rows).collect(),
        },
    })
}

/// An interval certificate from contiguous pieces.
pub fn assemble(
    spec: &RangeSpec,
    claim: &str,
    provenance: &str,
    pieces: Vec<Piece>,
) -> IntervalCertificate {
    IntervalCertificate {
        kind: "interval".into(),
        claim: claim.to_string(),
        provenance: provenance.to_string(),
        params: IntervalParams {
            classes: spec.classes,
            layers: spec.layers,
            samples: spec.samples,
            ratio: spec.ratio.to_string(),
            lambda_min: pieces
                .first()
                .map_or_else(String::new, |p| p.lambda_a.clone()),
            lambda_max: pieces
                .last()
                .map_or_else(String::new, |p| p.lambda_b.clone()),
        },
        pieces,
    }
}

/// The outcome of [`certify_range`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone)]
pub struct RangeOutcome {
    /// One verified certificate per maximal covered run, in increasing $\lambda$.
    pub runs: Vec<(IntervalCertificate, IntervalVerified)>,
    /// The sub-ranges left uncovered, $[a, b]$ as rationals (open/closed ends do not matter
    /// at this resolution: a run's ends are covered).
    pub uncovered: Vec<(Q, Q)>,
}

/// Options of [`certify_range`].
#[cfg_attr(doc, doc = katex!())]
#[derive(Debug, Clone, Copy)]
pub struct RangeOptions {
    /// The witness search at each start.
    pub search: SearchOptions,
    /// Factor by which an uncovered $\lambda$ is stepped over (> 1).
    pub gap_step: f64,
    /// Most pieces per run (at most the kernel's limit).
    pub max_pieces: usize,
}

impl Default for RangeOptions {
    fn default() -> Self {
        Self {
            search: SearchOptions {
                restarts: 6,
                dense: false,
                ..SearchOptions::default()
            },
            gap_step: 1.25,
            max_pieces: 48,
        }
    }
}

/// Cover $[\mathrm{lo}, \mathrm{hi}]$ as well as the search can (module docs).
#[cfg_attr(doc, doc = katex!())]
pub fn certify_range(
    spec: &RangeSpec,
    lo: &Q,
    hi: &Q,
    claim: &str,
    opts: &RangeOptions,
    mut progress: impl FnMut(&str),
) -> RangeOutcome {
    let mut out = RangeOutcome {
        runs: Vec::new(),
        uncovered: Vec::new(),
    };
    let hi_f = q_to_f64(hi);
    let mut cur = lo.clone();
    let mut run: Vec<Piece> = Vec::new();
    let mut families: Vec<String> = Vec::new();
    let mut gap_start: Option<Q> = None;
    let flush = |run: &mut Vec<Piece>,
                 bounds: &mut Vec<(Q, Q)>,
                 families: &mut Vec<String>,
                 out: &mut RangeOutcome| {
        let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
            return;
        };
        let span = (first.0.clone(), last.1.clone());
        let prov = format!(
            "ncverify certify --lambda-range: greedy pieces, witnesses {}",
            families.join(", ")
        );
        let cert = assemble(spec, claim, &prov, std::mem::take(run));
        families.clear();
        bounds.clear();
        match cert.verify() {
            Ok(v) => out.runs.push((cert, v)),
            // every piece was verified alone; a failure here is a bug, reported as a gap
            Err(_) => out.uncovered.push(span),
        }
    };
    let mut bounds: Vec<(Q, Q)> = Vec::new();
    let step = |cur: &Q| {
        let next = decimal_below(q_to_f64(cur) * opts.gap_step, 4);
        let next = if &next <= cur {
            cur * Q::new(5.into(), 4.into())
        } else {
            next
        };
        next.min(hi.clone())
    };
    while &cur < hi {
        let cur_f = q_to_f64(&cur);
        progress(&format!("lambda = {cur_f:.6e}"));
        let lines = lines_at(spec, &cur, &opts.search);
        // the best piece: the line reaching furthest right
        let best = lines
            .iter()
            .map(|l| (grow(spec, l, cur_f, hi_f), l))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((reach, l)) = best else {
            let next = step(&cur);
            gap_start.get_or_insert_with(|| cur.clone());
            cur = next;
            continue;
        };
        // grow to the left into a gap just stepped over
        let mut start = cur.clone();
        if let Some(g) = gap_start.take() {
            let left = grow(spec, l, cur_f, q_to_f64(&g));
            let s = decimal_above(left, 6).max(g.clone());
            let s = if s < cur && s.clone() >= g {
                s
            } else {
                cur.clone()
            };
            if s > g {
                out.uncovered.push((g, s.clone()));
            }
            start = s;
        }
        let mut end = if reach >= hi_f {
            hi.clone()
        } else {
            decimal_below(reach, 6)
        };
        if end <= start {
            end = hi
                .clone()
                .min(&start + &start / Q::from_integer(1000.into()));
        }
        // exact check of this piece alone; shrink on failure
        let mut accepted = None;
        for _ in 0..6 {
            if let Some(pc) = piece(spec, l, &start, &end) {
                let one = assemble(spec, claim, "", vec![pc.clone()]);
                if one.verify().is_ok() {
                    accepted = Some(pc);
                    break;
                }
            }
            end = &start + (&end - &start) * Q::new(9.into(), 10.into());
        }
        let Some(pc) = accepted else {
            let next = step(&cur);
            out.uncovered.push((start.clone(), next.clone()));
            cur = next;
            continue;
        };
        if run.len() >= opts.max_pieces || bounds.last().is_some_and(|b| b.1 != start) {
            flush(&mut run, &mut bounds, &mut families, &mut out);
        }
        run.push(pc);
        bounds.push((start.clone(), end.clone()));
        families.push(l.family.clone());
        cur = end;
    }
    if let Some(g) = gap_start {
        out.uncovered.push((g, hi.clone()));
    }
    flush(&mut run, &mut bounds, &mut families, &mut out);
    out
}

/// A short decimal rational at or above `x`.
fn decimal_above(x: f64, digits: usize) -> Q {
    let v = decimal_below(x, digits);
    let exp = x.abs().log10().floor() as i32 - digits as i32 + 1;
    let ten = Q::from_integer(10.into());
    let ulp = if exp >= 0 {
        crate::kernel::arith::rational::pow_u(&ten, exp.unsigned_abs())
    } else {
        crate::kernel::arith::rational::pow_u(&ten, exp.unsigned_abs()).recip()
    };
    if q_to_f64(&v) >= x { v } else { v + ulp }
}

/// The certificate as TOML text, one matrix row per line.
pub fn interval_to_toml(cert: &IntervalCertificate) -> String {
    #[derive(Serialize)]
    struct Head<'a> {
        kind: &'a str,
        claim: &'a str,
        provenance: &'a str,
        params: &'a IntervalParams,
    }
    let head = Head {
        kind: &cert.kind,
        claim: &cert.claim,
        provenance: &cert.provenance,
        params: &cert.params,
    };
    let mut s = toml::to_string(&head).expect("the header is plain strings and integers");
    let quote = |x: &str| toml::Value::String(x.to_string()).to_string();
    for p in &cert.pieces {
        s.push_str(&format!(
            "\n[[pieces]]\nlambda_a = {}\nlambda_b = {}\n",
            quote(&p.lambda_a),
            quote(&p.lambda_b)
        ));
        for (name, e) in [("at_a", &p.at_a), ("at_b", &p.at_b)] {
            s.push_str(&format!(
                "[pieces.{name}]\nupper = {}\nlower = {}\na_lower = {}\n",
                quote(&e.upper),
                quote(&e.lower),
                quote(&e.a_lower)
            ));
        }
        s.push_str(&witness_toml("pieces.witness", &p.witness));
    }
    s
}
