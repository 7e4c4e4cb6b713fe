//! Tests of `ncverify::claims::schatten` (`src/claims/schatten.rs`).

use ncverify::claims::CheckConfig;
use ncverify::claims::schatten::*;

#[test]
fn every_checker_decides_as_expected() {
    let cfg = CheckConfig::default();
    for def in claims().into_iter().chain(propagation_claims()) {
        let (meta, _) = ncverify::claims::parse_proof_file(def.proof).unwrap();
        assert_eq!(meta.id, def.id);
        let out = (def.check)(&cfg);
        assert_eq!(out.verdict, meta.expected, "{}: {}", def.id, out.evidence);
        assert!(
            out.fact.is_none(),
            "{}: sampled claims are observed",
            def.id
        );
    }
}
