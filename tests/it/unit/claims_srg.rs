//! Tests of `ncverify::claims::srg` (`src/claims/srg.rs`).

use ncverify::claims::srg::*;
use ncverify::claims::{Verdict, parse_proof_file};

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
        let out = crate::decided::report(c.id);
        assert_eq!(out.verdict, meta.expected, "{}: {}", c.id, out.evidence);
    }
}

#[test]
fn verdicts_carry_kernel_facts() {
    for c in claims() {
        let out = crate::decided::report(c.id);
        assert!(!out.kernel_facts.is_empty(), "{} has no kernel fact", c.id);
    }
    let out = crate::decided::report("srg.triangular_spectrum");
    let facts = &out.kernel_facts;
    // four statements per r = 4..12
    assert_eq!(facts.len(), 4 * 9);
    assert!(facts[0].starts_with("T(4), the line graph of K_4"));
    let out = crate::decided::report("srg.bose_mesner_closure");
    assert_eq!(out.kernel_facts.len(), 3 * 10);
}

#[test]
fn conference_refutation_names_the_real_reason() {
    let out = crate::decided::report("srg.conference_21_fails_integrality");
    assert_eq!(out.verdict, Verdict::Refuted);
    assert!(out.evidence.contains("f = 10, g = 10"), "{}", out.evidence);
    assert!(out.evidence.contains("conference_sum_of_two_squares"));
    assert!(out.evidence.contains(": true"));
    let fact = out.kernel_facts.join("\n");
    assert!(fact.contains("are irrational, f = 10, g = 10 are non-negative integers"));
    assert!(fact.contains("integral_multiplicities holds"), "{fact}");
    assert!(
        fact.contains("conference_sum_of_two_squares fails"),
        "{fact}"
    );
}
