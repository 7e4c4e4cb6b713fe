//! Tests of `ncverify::claims::dyn` (`src/claims/dyn.rs`).

use ncverify::claims::Verdict;

/// The largest off-diagonal ratio a frozen-singular-vector checker reports in its evidence.
fn reported_ratio(evidence: &str) -> f64 {
    let rest = evidence
        .split("off-diagonal/diagonal of QᵀZQ = ")
        .nth(1)
        .unwrap_or_else(|| panic!("no ratio in {evidence}"));
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

/// Sylvester's Hadamard initialisation keeps QᵀZQ diagonal to 1e-10 (the checker's
/// tolerance); Paley's H₁₂ leaves it far from diagonal (above 1e-3, not a rounding effect).
#[test]
fn paley_offdiagonal_grows_and_sylvester_stays_frozen() {
    let out = crate::decided::report("dyn.hadamard_freezes_singular_vectors");
    assert_eq!(out.verdict, Verdict::Holds, "{}", out.evidence);
    let r = reported_ratio(&out.evidence);
    assert!(r <= 1e-10, "{r}");
    let out = crate::decided::report("dyn.paley_hadamard_freezes_singular_vectors");
    assert_eq!(out.verdict, Verdict::Refuted, "{}", out.evidence);
    let r = reported_ratio(&out.evidence);
    assert!(r > 1e-3, "{r}");
}
