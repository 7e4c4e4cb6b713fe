//! Tests of `ncverify::construct::chain_extend` (`src/construct/chain_extend.rs`).

use ncverify::construct::chain_extend::*;
use ncverify::kernel::arith::rational::Q;
use ncverify::kernel::cert::chain::ChainFile;

fn base() -> ChainFile {
    ChainFile::from_toml(include_str!(
        "../../../proofs/certificates/chain/k3_l4_n1.toml"
    ))
    .unwrap()
}

#[test]
fn derived_chains_verify_and_a_changed_entry_fails() {
    let b = base();
    let (c0, _) = b.verify().unwrap();
    // depth only: C^(L+2) = K_0 C^(L+1) exactly
    let deeper = extend_chain(&b, 3, 5).unwrap();
    let (c, _) = deeper.verify().unwrap();
    assert_eq!(c, c0 * Q::from_integer(3.into()));
    // depth and classes
    let both = extend_chain(&b, 6, 6).unwrap();
    assert_eq!((both.classes, both.layers), (6, 6));
    both.verify().unwrap();
    let mut bad = both.clone();
    bad.witness.w[2][0][0] = format!("{}1", bad.witness.w[2][0][0]);
    assert!(bad.verify().is_err());
    assert!(matches!(
        extend_chain(&b, 2, 4),
        Err(ExtendError::Classes(2))
    ));
    assert!(matches!(
        extend_chain(&b, 3, 3),
        Err(ExtendError::Layers(3))
    ));
}
