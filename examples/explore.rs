//! Development aid: run the search at one (K, L, λ, n) and print the loss ratios of every
//! structure (usage: explore K L λ n restarts).
use ncverify::kernel::arith::rational::parse_rational;
use ncverify::mse::MseParams;
use ncverify::search::certify::{SearchOptions, dnc_loss, search};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let k: u64 = a[1].parse().unwrap();
    let l: u32 = a[2].parse().unwrap();
    let lam = parse_rational(&a[3]).unwrap();
    let n: u64 = a[4].parse().unwrap();
    let restarts: usize = a[5].parse().unwrap();
    let p = MseParams::new(k, l, lam.clone(), lam, n).unwrap();
    let d = dnc_loss(&p);
    let c = search(
        &p,
        &SearchOptions {
            restarts,
            seed: 7,
            dense: true,
            max_iter: 5000,
            reduced: false,
        },
    );
    let mut seen = std::collections::BTreeMap::new();
    for x in &c {
        let e = seen.entry(x.family.clone()).or_insert(Vec::new());
        e.push(x.loss / d);
    }
    println!("dnc {d}");
    for (f, v) in seen {
        let s: Vec<String> = v.iter().take(6).map(|r| format!("{r:.5}")).collect();
        println!("{f}: {}", s.join(" "));
    }
    if let ncverify::search::certify::Point::Scheme { coeffs, .. } = &c[0].point {
        println!("best coeffs {:?}", coeffs);
    }
}
