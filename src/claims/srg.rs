//! # Claims about strongly regular graphs
//!
//! ## Main definitions
//! - `srg.triangular_spectrum`: $T(r)$ is srg$(\binom r2, 2(r-2), r-2, 4)$ with spectrum
//!   $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$.
//! - `srg.bose_mesner_closure`: $\operatorname{span}\lbrace I, A, J\rbrace$ of an srg is closed under
//!   products and entrywise ReLU.
//! - `srg.conference_21_fails_integrality` (expected refuted): the brief's example of a
//!   conference parameter set failing integrality.
//!
//! ## Main results
//! - Each checker reaches *Holds* or *Refuted* only through kernel facts:
//!   [`crate::kernel::srg::spectrum::triangular_spectrum`] for every $r$ checked,
//!   [`crate::kernel::srg::bose_mesner::bose_mesner_closure`] on every test graph, and
//!   [`crate::kernel::srg::feasibility::Feasibility::fact`] for the counterexample. The proof
//!   files argue the general case.
//!
//! ## References
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries* (1984).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
#![cfg_attr(doc, doc = katex!())]

use super::{CheckConfig, ClaimDef, Outcome};
use crate::construct::srg::{
    AdjacencyMatrix, FeasibilityCondition, SrgParams, bose_mesner_closure,
    check_bose_mesner_closure, feasibility, paley_adjacency, paley_params, spectrum,
    triangular_adjacency, triangular_params, triangular_spectrum,
};
use crate::kernel::arith::quadratic::Quadratic;
use crate::kernel::{Fact, QMatrix};

/// The strongly-regular-graph claims.
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: "srg.triangular_spectrum",
            proof: include_str!("../../proofs/srg.triangular_spectrum.md"),
            check: check_triangular_spectrum,
        },
        ClaimDef {
            id: "srg.bose_mesner_closure",
            proof: include_str!("../../proofs/srg.bose_mesner_closure.md"),
            check: check_closure,
        },
        ClaimDef {
            id: "srg.conference_21_fails_integrality",
            proof: include_str!("../../proofs/srg.conference_21_fails_integrality.md"),
            check: check_conference_integrality,
        },
    ]
}

/// Largest $r$ checked by `srg.triangular_spectrum` (default, `--full`).
const TRIANGULAR_R_MAX: (u64, u64) = (12, 16);

fn check_triangular_spectrum(cfg: &CheckConfig) -> Outcome {
    let r_max = if cfg.full {
        TRIANGULAR_R_MAX.1
    } else {
        TRIANGULAR_R_MAX.0
    };
    let mut facts = Vec::new();
    for r in 4..=r_max {
        match triangular_spectrum(r) {
            Ok(fact) => facts.push(fact),
            Err(e) => return Outcome::undecided(format!("T({r}): {e}")),
        }
    }
    let Some(fact) = Fact::all(facts) else {
        return Outcome::undecided("no r was checked");
    };
    Outcome::proved(
        fact,
        format!(
            "for r = 4..{r_max}: B B^T = (r-2)I + J, B^T B = 2I + A, A is srg(r(r-1)/2, 2(r-2), r-2, 4) \
             clause by clause, the parameter formulas give 2(r-2)^1, (r-4)^(r-1), (-2)^(r(r-3)/2), \
             and on the explicit matrix rank(A - θI) = v - m(θ) for each θ, tr A = 0, tr A^2 = vk (exact)"
        ),
    )
}

/// The graphs `srg.bose_mesner_closure` is checked on: $T(4..9)$ and $P(5), P(13), P(17),
/// P(29)$ with their parameters, or the first construction that failed.
fn closure_graphs() -> Result<Vec<(String, QMatrix, SrgParams)>, String> {
    let mut out = Vec::new();
    for r in 4..=9u64 {
        let name = format!("T({r})");
        let p = triangular_params(r).map_err(|e| format!("{name}: {e}"))?;
        let a = triangular_adjacency(r as usize).map_err(|e| format!("{name}: {e}"))?;
        out.push((name, a, p));
    }
    for q in [5u64, 13, 17, 29] {
        let name = format!("P({q})");
        let p = paley_params(q).map_err(|e| format!("{name}: {e}"))?;
        let a = paley_adjacency(q).map_err(|e| format!("{name}: {e}"))?;
        out.push((name, a, p));
    }
    Ok(out)
}

/// The 6-cycle, a regular graph that is not strongly regular (negative control).
fn hexagon() -> QMatrix {
    QMatrix::from_int_fn(6, 6, |i, j| i64::from((i + 1) % 6 == j || (j + 1) % 6 == i))
}

fn check_closure(_cfg: &CheckConfig) -> Outcome {
    let graphs = match closure_graphs() {
        Ok(g) => g,
        Err(e) => return Outcome::undecided(e),
    };
    let mut names = Vec::new();
    let mut facts = Vec::new();
    for (name, a, p) in &graphs {
        match bose_mesner_closure(a, p) {
            Ok(fact) => facts.push(fact),
            Err(e) => return Outcome::undecided(format!("{name} = {p}: {e}")),
        }
        names.push(name.as_str());
    }
    // The closure test must be able to fail: the 6-cycle is regular but not strongly regular.
    let control = AdjacencyMatrix::new(hexagon()).map(|g| check_bose_mesner_closure(&g));
    let control = match control {
        Ok(Err(e)) => e.to_string(),
        _ => {
            return Outcome::undecided(
                "negative control: the closure test accepted the 6-cycle, so it cannot be trusted",
            );
        }
    };
    let Some(fact) = Fact::all(facts) else {
        return Outcome::undecided("no test graph was built");
    };
    Outcome::proved(
        fact,
        format!(
            "on {}: the srg clauses hold, the cells I, A, J-I-A form a commutative association \
             scheme whose intersection numbers equal the parameter formulas, and A^2, AJ, JA, J^2, \
             products with mixed sample elements and their ReLU images lie in span{{I, A, J-I-A}} \
             with relu acting on coefficients (exact); control C6 fails: {control}",
            names.join(", ")
        ),
    )
}

/// Conference parameter sets $(4\mu+1, 2\mu, \mu-1, \mu)$ whose multiplicities are
/// checked to be integral as context for the refutation.
const CONFERENCE_MU_MAX: u64 = 250;

fn check_conference_integrality(_cfg: &CheckConfig) -> Outcome {
    let p = SrgParams {
        v: 21,
        k: 10,
        lambda: 4,
        mu: 5,
    };
    let fz = feasibility(&p);
    let spec = match (
        fz.holds(FeasibilityCondition::IntegralMultiplicities),
        fz.spectrum(),
    ) {
        // the statement "fails integrality" holds
        (Some(false), _) => {
            return Outcome::proved(fz.fact(), format!("{p} fails integral_multiplicities"));
        }
        (Some(true), Some(spec)) => spec.clone(),
        _ => {
            return Outcome::undecided(format!(
                "{p}: integrality not evaluated ({:?})",
                fz.reasons()
            ));
        }
    };
    // Context (not deciding): every conference parameter set has f = g = (v-1)/2 = 2 mu.
    let all_integral = (1..=CONFERENCE_MU_MAX).all(|mu| {
        let c = SrgParams {
            v: 4 * mu + 1,
            k: 2 * mu,
            lambda: mu - 1,
            mu,
        };
        let two_mu = Quadratic::integer(2 * mu as i64);
        spectrum(&c).is_ok_and(|s| *s.f() == two_mu && *s.g() == two_mu)
    });
    Outcome::disproved(
        fz.fact(),
        format!(
            "{p}: r, s = {}, {} are irrational but f = {}, g = {} are integers; it is excluded by {:?} \
             instead (21 = 3*7 is not a sum of two squares). f = g = 2mu for every conference set \
             with mu <= {CONFERENCE_MU_MAX}: {all_integral}",
            spec.r(),
            spec.s(),
            spec.f(),
            spec.g(),
            fz.reasons()
        ),
    )
}
