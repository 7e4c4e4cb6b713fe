//! Tests of `ncverify::claims::ce` (`src/claims/ce.rs`).

use ncverify::claims::CheckConfig;
use ncverify::claims::Verdict;
use ncverify::claims::ce::*;

fn capped() -> Precision {
    Precision {
        max_bits: 0,
        ..Precision::default()
    }
}

#[test]
fn refuted_boundary_claims_carry_the_counterexample() {
    let out = domination_k4_l2_outcome(&Precision::default());
    assert_eq!(out.verdict, Verdict::Refuted);
    let fact = out.fact.unwrap().to_string();
    assert!(
        fact.contains("K = 4, L = 2, lambda = 1/1000, n = 1, scale 7")
            && fact.contains("so paired > DNC"),
        "{fact}"
    );
}

#[test]
fn an_injected_enclosure_failure_is_undecided_never_a_verdict() {
    // a precision cap of 0 bits: every kernel enclosure fails
    let cfg = CheckConfig::default();
    for out in [
        paired_beats_dnc_outcome(&cfg, &capped()),
        domination_at_one_layer_outcome(&capped()),
        domination_k4_l2_outcome(&capped()),
        dnc_critical_outcome(0),
        depth_table_outcome(
            include_str!("../../../proofs/ce.softmax_code_beats_nc_with_depth.md"),
            0,
        ),
    ] {
        assert_eq!(out.verdict, Verdict::Undecided, "{}", out.evidence);
        assert!(out.fact.is_none());
    }
    let out = domination_k4_l2_outcome(&capped());
    assert!(
        out.evidence.contains("within 0 bits"),
        "the reason names the failure: {}",
        out.evidence
    );
}

#[test]
fn tampered_depth_table_is_refuted_at_its_row() {
    let text = include_str!("../../../proofs/ce.softmax_code_beats_nc_with_depth.md");
    let tampered = text.replace("| 7 | 5 | 3 |", "| 7 | 4 | 3 |");
    assert_ne!(text, tampered);
    let out = depth_table_outcome(&tampered, DEPTH_MAX_BITS);
    assert_eq!(out.verdict, Verdict::Refuted);
    assert!(out.evidence.starts_with("K=7:"), "{}", out.evidence);
    let fact = out.fact.unwrap().to_string();
    assert!(fact.contains("K-gon vs NC at K = 7") && fact.contains("m >= 5"));
    // a missing row is not a counterexample
    let missing = text.replace("| 7 | 5 | 3 |\n", "");
    let out = depth_table_outcome(&missing, DEPTH_MAX_BITS);
    assert_eq!(out.verdict, Verdict::Undecided, "{}", out.evidence);
}
