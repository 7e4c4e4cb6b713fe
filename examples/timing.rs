//! Split a certificate's verification time into its clauses (development aid).
use ncverify::kernel::arith::poly::Bound;
use ncverify::kernel::arith::rational::parse_rational;
use ncverify::kernel::cert::point::{Certificate, dnc_lower_poly};
use ncverify::kernel::mse::dufm::mse_loss_exact;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let c = Certificate::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = Instant::now();
    for _ in 0..20 {
        c.verify().unwrap();
    }
    println!("verify {:?}", t.elapsed() / 20);
    let lo = parse_rational(&c.bounds.lower).unwrap();
    let a = parse_rational(&c.hints.a_lower).unwrap();
    let t = Instant::now();
    for _ in 0..20 {
        let p = dnc_lower_poly(3, &a, &lo);
        p.positivity_on(&Bound::Finite(Default::default()), &Bound::PosInf);
    }
    println!("sturm {:?}", t.elapsed() / 20);
    let parse = |rows: &Vec<Vec<String>>| {
        ncverify::kernel::QMatrix::from_rows(
            &rows
                .iter()
                .map(|r| r.iter().map(|x| parse_rational(x).unwrap()).collect())
                .collect::<Vec<_>>(),
        )
        .unwrap()
    };
    let t = Instant::now();
    let h = parse(&c.witness.h1);
    let ws: Vec<_> = c.witness.w.iter().map(parse).collect();
    println!("parse {:?}", t.elapsed());
    let lw = parse_rational(&c.params.lambda_w).unwrap();
    let lh = parse_rational(&c.params.lambda_h).unwrap();
    let t = Instant::now();
    for _ in 0..20 {
        mse_loss_exact(
            &h,
            &ws,
            c.params.classes as usize,
            c.params.samples as usize,
            &lw,
            &lh,
        )
        .unwrap();
    }
    println!("loss {:?}", t.elapsed() / 20);
}
