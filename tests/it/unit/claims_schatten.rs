//! Tests of `ncverify::claims::schatten` (`src/claims/schatten.rs`).

use ncverify::claims::schatten::*;

#[test]
fn every_checker_decides_as_expected() {
    for def in claims().into_iter().chain(propagation_claims()) {
        let (meta, _) = ncverify::claims::parse_proof_file(def.proof).unwrap();
        assert_eq!(meta.id, def.id);
        let out = crate::decided::report(def.id);
        assert_eq!(out.verdict, meta.expected, "{}: {}", def.id, out.evidence);
        assert!(
            out.kernel_facts.is_empty(),
            "{}: sampled claims are observed",
            def.id
        );
    }
}
