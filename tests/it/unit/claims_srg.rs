//! Tests of `ncverify::claims::srg` (`src/claims/srg.rs`).

use ncverify::claims::CheckConfig;
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
        let out = (c.check)(&CheckConfig::default());
        assert_eq!(out.verdict, meta.expected, "{}: {}", c.id, out.evidence);
    }
}

#[test]
fn verdicts_carry_kernel_facts() {
    for c in claims() {
        let out = (c.check)(&CheckConfig::default());
        let fact = out
            .fact
            .unwrap_or_else(|| panic!("{} has no kernel fact", c.id));
        assert!(!fact.statements().is_empty());
    }
    let out = super::check("srg.triangular_spectrum");
    let facts = out.fact.unwrap();
    // four statements per r = 4..12
    assert_eq!(facts.statements().len(), 4 * 9);
    assert!(facts.statements()[0].starts_with("T(4), the line graph of K_4"));
    let out = super::check("srg.bose_mesner_closure");
    assert_eq!(out.fact.unwrap().statements().len(), 3 * 10);
}

#[test]
fn conference_refutation_names_the_real_reason() {
    let out = super::check("srg.conference_21_fails_integrality");
    assert_eq!(out.verdict, Verdict::Refuted);
    assert!(out.evidence.contains("f = 10, g = 10"), "{}", out.evidence);
    assert!(out.evidence.contains("conference_sum_of_two_squares"));
    assert!(out.evidence.contains(": true"));
    let fact = out.fact.unwrap().to_string();
    assert!(fact.contains("are irrational, f = 10, g = 10 are non-negative integers"));
    assert!(fact.contains("integral_multiplicities holds"), "{fact}");
    assert!(
        fact.contains("conference_sum_of_two_squares fails"),
        "{fact}"
    );
}
