//! Scan of the reduced two-layer objective (docs/theory.md §3.9): for K = 3..8 at L = 2,
//! n = 1, λ_W = λ_H = λ at fractions of DNC's zero threshold λ₀ = (1/16)^(1/3)/K, L-BFGS from
//! `RESTARTS` seeded starts on Z (width d = K, and d = 2K), and the best explicit loss found
//! over ℓ_DNC. Untrusted search: a ratio below 1 is a candidate for a point certificate
//! (`ncverify certify mse --reduced`), not a verdict.
//!
//! `cargo run --release --example reduced_scan [RESTARTS]`

use ncverify::kernel::arith::rational::Q;
use ncverify::mse::MseParams;
use ncverify::numeric::f64_to_q;
use ncverify::search::certify::dnc_loss;
use ncverify::search::reduced::{ReducedSearchOptions, search_reduced};

fn main() {
    let restarts: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    println!("K  d   lambda/lambda0  lambda        best/DNC");
    for k in 3u64..=8 {
        let lambda0 = (1.0f64 / 16.0).cbrt() / k as f64;
        for frac in [0.2, 0.5, 0.8, 0.9, 0.95, 0.99] {
            let lambda = lambda0 * frac;
            let Some(lq) = f64_to_q(lambda) else { continue };
            let lq: Q = lq;
            let Ok(p) = MseParams::new(k, 2, lq.clone(), lq, 1) else {
                continue;
            };
            let dnc = dnc_loss(&p);
            for width in [k as usize, 2 * k as usize] {
                let opts = ReducedSearchOptions {
                    restarts,
                    width,
                    ..ReducedSearchOptions::default()
                };
                match search_reduced(&p, &opts) {
                    Ok(found) if !found.is_empty() => println!(
                        "{k}  {width:<3} {frac:<15} {lambda:<13.6e} {:.9}",
                        found[0].loss / dnc
                    ),
                    Ok(_) => println!("{k}  {width:<3} {frac:<15} no finite end point"),
                    Err(e) => println!("{k}  {width:<3} {frac:<15} error: {e}"),
                }
            }
        }
    }
}
