//! Tests of `ncverify::claims::codes` (`src/claims/codes.rs`).

use ncverify::claims::codes::*;

#[test]
fn the_checker_decides_as_expected() {
    for def in claims() {
        let (meta, _) = ncverify::claims::parse_proof_file(def.proof).unwrap();
        assert_eq!(meta.id, def.id);
        let out = crate::decided::report(def.id);
        assert_eq!(out.verdict, meta.expected, "{}: {}", def.id, out.evidence);
    }
}
