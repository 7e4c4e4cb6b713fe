//! Regenerates the table of numerical softmax-code margins ρ*(d, K), d <= 6, K <= 16, printed as
//! Markdown rows for `proofs/codes.softmax_code_margins.md`:
//! `cargo run --release --example softmax_table`.

use ncverify::codes::closed::closed_form;
use ncverify::codes::solver::{SolverConfig, solve};

fn main() {
    let cfg = SolverConfig::default();
    println!("| d | K | rho (solver) | closed form |");
    println!("|---|---|---|---|");
    for d in 1..=6usize {
        for k in 2..=16usize {
            let (_, rho) = solve(d, k, &cfg);
            let cf = closed_form(d, k)
                .map(|(f, _, m)| {
                    format!(
                        "{} {m:.9}",
                        serde_json::to_string(&f)
                            .unwrap_or_default()
                            .trim_matches('"')
                    )
                })
                .unwrap_or_else(|| "-".into());
            println!("| {d} | {k} | {rho:.9} | {cf} |");
        }
    }
}
