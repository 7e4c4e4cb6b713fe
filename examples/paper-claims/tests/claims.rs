//! The paper's claims in the paper's own `cargo test`, through ncverify's public API only.

use ncverify::claims::{CheckConfig, Verdict, report};
use ncverify::kernel::cert::point::Certificate;
use ncverify::mse::compare::compare_constructions;
use ncverify::mse::family::construction_loss;
use ncverify::strategies::covering_construction;
use proptest::prelude::*;
use std::cmp::Ordering;

#[test]
fn every_paper_claim_is_decided_as_expected_by_a_kernel_fact() {
    let reports = paper_claims::claims()
        .unwrap()
        .run_all(&CheckConfig::default());
    assert_eq!(reports.len(), 1);
    for r in &reports {
        r.assert_verdict(Verdict::Holds);
        assert!(!r.kernel_facts.is_empty(), "{}", r.id);
    }
    // extra front matter is kept and reported
    let json = report::to_json(&reports).unwrap();
    assert!(
        json.contains("\"doi\": \"10.0000/example.2026.1\""),
        "{json}"
    );
    assert!(report::to_markdown(&reports).ends_with("1 of 1 claims decided as expected.\n"));
}

/// A certificate kept in the paper's own tree, re-verified by ncverify's kernel.
#[test]
fn the_papers_certificate_verifies() {
    let text = include_str!("../proofs/certificates/k10_l3_n1_lw1-250_lh1-250.toml");
    let verified = Certificate::from_toml(text).unwrap().verify().unwrap();
    assert_eq!(verified.shape(), (10, 3, 1));
    assert!(verified.upper() < verified.lower());
    // one changed digit of the witness is caught
    let tampered = text.replacen("lambda_w = \"1/250\"", "lambda_w = \"1/251\"", 1);
    assert!(Certificate::from_toml(&tampered).unwrap().verify().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// With ncverify's exported strategies: the exact order of two constructions' optimal
    /// losses agrees with their f64 values wherever those differ clearly.
    #[test]
    fn exact_order_agrees_with_clear_f64_differences((p, c) in covering_construction()) {
        let dnc = ncverify::mse::family::Family::Dnc.construction(&p).unwrap();
        let cmp = compare_constructions(&p, &c, &dnc).unwrap();
        let (a, b) = (construction_loss(&p, &c).unwrap().loss, construction_loss(&p, &dnc).unwrap().loss);
        if let Some(order) = cmp.ordering.ordering()
            && (a - b).abs() > 1e-9 * a.abs().max(b.abs())
        {
            prop_assert_eq!(order, a.partial_cmp(&b).unwrap_or(Ordering::Equal));
        }
    }
}
