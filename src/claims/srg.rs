//! # Claims about strongly regular graphs
//!
//! ## Main definitions
//! - `srg.triangular_spectrum`: $T(r)$ is srg$(\binom r2, 2(r-2), r-2, 4)$ with spectrum
//!   $2(r-2)^1, (r-4)^{r-1}, (-2)^{r(r-3)/2}$.
//! - `srg.bose_mesner_closure`: $\operatorname{span}\{I, A, J\}$ of an srg is closed under
//!   products and entrywise ReLU.
//! - `srg.conference_21_fails_integrality` (expected refuted): the brief's example of a
//!   conference parameter set failing integrality.
//!
//! ## Main results
//! - Each checker recomputes its evidence exactly with [`crate::construct::srg`]; the proof
//!   files argue the general case.
//!
//! ## References
//! - A. E. Brouwer, J. H. van Lint, *Strongly regular graphs and partial geometries* (1984).
//! - A. E. Brouwer, W. H. Haemers, *Spectra of Graphs*, Springer 2012, Ch. 9.
//! - theory.md §1.

use super::{CheckConfig, ClaimDef, Outcome};
use crate::construct::srg::{
    AdjacencyMatrix, FeasibilityCondition, SrgParams, check_bose_mesner_closure,
    check_spectrum_against, feasibility, paley_adjacency, paley_params, spectrum,
    triangular_adjacency, triangular_incidence, triangular_params, verify_srg,
};
use crate::kernel::QMatrix;
use crate::kernel::quadratic::Quadratic;
use crate::kernel::rational::{Q, Z};

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

/// Everything `srg.triangular_spectrum` asserts about one $r$, or what failed.
fn triangular_facts(r: u64) -> Result<(), String> {
    let ru = r as usize;
    let b = triangular_incidence(ru);
    let a = triangular_adjacency(ru);
    let k = a.rows();
    let int = |n: i64| Q::from_integer(Z::from(n));
    // B B^T = (r-2) I + J,  B^T B = 2I + A
    let bbt = QMatrix::identity(ru)
        .scale(&int(r as i64 - 2))
        .add(&QMatrix::ones(ru, ru));
    if b.mul(&b.transpose()) != bbt {
        return Err(format!("T({r}): B B^T != (r-2)I + J"));
    }
    if b.transpose().mul(&b) != QMatrix::identity(k).scale(&int(2)).add(&a) {
        return Err(format!("T({r}): B^T B != 2I + A"));
    }
    let p = triangular_params(r).map_err(|e| e.to_string())?;
    verify_srg(&a, &p).map_err(|e| format!("T({r}) is not {p}: {e}"))?;
    let spec = spectrum(&p).map_err(|e| e.to_string())?;
    let ri = r as i64;
    let expected_eigen = [2 * (ri - 2), ri - 4, -2].map(Quadratic::integer);
    let expected_mult = [1, ri - 1, ri * (ri - 3) / 2].map(Quadratic::integer);
    if spec.eigenvalues != expected_eigen || spec.multiplicities != expected_mult {
        return Err(format!(
            "T({r}): parameter spectrum {:?} with multiplicities {:?} differs from the claim",
            spec.eigenvalues.map(|x| x.to_string()),
            spec.multiplicities.map(|x| x.to_string())
        ));
    }
    check_spectrum_against(&a, &spec).map_err(|e| format!("T({r}): {e}"))
}

fn check_triangular_spectrum(cfg: &CheckConfig) -> Outcome {
    let r_max = if cfg.full {
        TRIANGULAR_R_MAX.1
    } else {
        TRIANGULAR_R_MAX.0
    };
    for r in 4..=r_max {
        if let Err(e) = triangular_facts(r) {
            return Outcome::refuted(e);
        }
    }
    Outcome::holds(format!(
        "for r = 4..{r_max}: B B^T = (r-2)I + J, B^T B = 2I + A, A is srg(r(r-1)/2, 2(r-2), r-2, 4) \
         clause by clause, the parameter formulas give 2(r-2)^1, (r-4)^(r-1), (-2)^(r(r-3)/2), \
         and on the explicit matrix rank(A - θI) = v - m(θ) for each θ, tr A = 0, tr A^2 = vk (exact)"
    ))
}

/// The graphs `srg.bose_mesner_closure` is checked on.
fn closure_graphs() -> Vec<(String, QMatrix, SrgParams)> {
    let mut out = Vec::new();
    for r in 4..=9u64 {
        if let Ok(p) = triangular_params(r) {
            out.push((format!("T({r})"), triangular_adjacency(r as usize), p));
        }
    }
    for q in [5u64, 13, 17, 29] {
        if let (Ok(a), Ok(p)) = (paley_adjacency(q), paley_params(q)) {
            out.push((format!("P({q})"), a, p));
        }
    }
    out
}

/// The 6-cycle, a regular graph that is not strongly regular (negative control).
fn hexagon() -> QMatrix {
    QMatrix::from_int_fn(6, 6, |i, j| i64::from((i + 1) % 6 == j || (j + 1) % 6 == i))
}

fn check_closure(_cfg: &CheckConfig) -> Outcome {
    let graphs = closure_graphs();
    if graphs.len() != 10 {
        return Outcome::undecided(format!("expected 10 test graphs, built {}", graphs.len()));
    }
    let mut names = Vec::new();
    for (name, a, p) in &graphs {
        if let Err(e) = verify_srg(a, p) {
            return Outcome::undecided(format!("{name} is not {p}: {e}"));
        }
        let g = match AdjacencyMatrix::new(a.clone()) {
            Ok(g) => g,
            Err(e) => return Outcome::undecided(format!("{name}: {e}")),
        };
        if let Err(e) = check_bose_mesner_closure(&g) {
            return Outcome::refuted(format!("{name} = {p}: {e}"));
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
    Outcome::holds(format!(
        "on {}: A^2, AJ, JA, J^2, products with mixed sample elements and their ReLU images lie in \
         span{{I, A, J-I-A}} with relu acting on coefficients (exact); control C6 fails: {control}",
        names.join(", ")
    ))
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
    match fz.holds(FeasibilityCondition::IntegralMultiplicities) {
        Some(false) => return Outcome::holds(format!("{p} fails integral_multiplicities")),
        None => {
            return Outcome::undecided(format!(
                "{p}: integrality not evaluated ({:?})",
                fz.reasons()
            ));
        }
        Some(true) => {}
    }
    let spec = match spectrum(&p) {
        Ok(s) => s,
        Err(e) => return Outcome::undecided(e.to_string()),
    };
    // Context: every conference parameter set has f = g = (v-1)/2 = 2 mu.
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
    Outcome::refuted(format!(
        "{p}: r, s = {}, {} are irrational but f = {}, g = {} are integers; it is excluded by {:?} \
         instead (21 = 3*7 is not a sum of two squares). f = g = 2mu for every conference set \
         with mu <= {CONFERENCE_MU_MAX}: {all_integral}",
        spec.r(),
        spec.s(),
        spec.f(),
        spec.g(),
        fz.reasons()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Verdict, parse_proof_file};

    #[test]
    fn proof_files_parse_and_match_ids() {
        for c in claims() {
            let (meta, body) = parse_proof_file(c.proof).unwrap();
            assert_eq!(meta.id, c.id);
            assert!(body.len() > 200, "{} has a real argument", c.id);
        }
    }

    #[test]
    fn checkers_reach_the_expected_verdicts() {
        for c in claims() {
            let (meta, _) = parse_proof_file(c.proof).unwrap();
            let out = (c.check)(&CheckConfig::default());
            assert_eq!(out.verdict, meta.expected, "{}: {}", c.id, out.evidence);
        }
    }

    #[test]
    fn triangular_facts_detect_a_wrong_graph() {
        // r = 3 has no srg parameters: the claim's domain starts at 4.
        assert!(triangular_facts(3).is_err());
        assert_eq!(triangular_facts(4), Ok(()));
    }

    #[test]
    fn conference_refutation_names_the_real_reason() {
        let out = check_conference_integrality(&CheckConfig::default());
        assert_eq!(out.verdict, Verdict::Refuted);
        assert!(out.evidence.contains("f = 10, g = 10"), "{}", out.evidence);
        assert!(out.evidence.contains("conference_sum_of_two_squares"));
        assert!(out.evidence.contains(": true"));
    }
}
