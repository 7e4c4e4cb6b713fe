//! Tests of `ncverify::mse::known` (`src/mse/known.rs`).

use ncverify::kernel::arith::rational::q;
use ncverify::mse::MseParams;
use ncverify::mse::family::construction_loss;
use ncverify::mse::family::{Block, Construction};
use ncverify::mse::known::*;

#[test]
fn table_domains_and_constructions() {
    let t4 = construction_for_claim("mse.low_rank_beats_dnc").unwrap();
    assert!(t4.covers(6, 4) && !t4.covers(5, 4) && !t4.covers(30, 3));
    let j = construction_for_claim("mse.johnson_chain_beats_dnc_at_three_layers").unwrap();
    assert_eq!(j.min_classes().unwrap(), 84);
    assert!(j.covers(84, 3) && !j.covers(83, 3));
    // the construction fits K and beats DNC in f64 where DNC's optimum is nonzero
    let p = MseParams::new(90, 3, q(1, 10000), q(1, 10000), 1).unwrap();
    let c = j.construction(&p).unwrap();
    assert_eq!(c.classes(), 90);
    let dnc = Construction::new(vec![Block::Dnc { classes: 90 }]).unwrap();
    assert!(construction_loss(&p, &c).unwrap().loss < construction_loss(&p, &dnc).unwrap().loss);
    let small = MseParams::new(10, 3, q(1, 100), q(1, 100), 1).unwrap();
    assert!(j.construction(&small).is_err());
}
