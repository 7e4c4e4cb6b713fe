//! # Claims about collapse metrics
//!
//! ## Main definitions
//! `metrics.cdnv_bounds_ncc_error` (method `sampled`): the CDNV bound on the nearest-class-mean
//! error, decided exactly on pseudo-random rational sample sets by [`crate::metrics::exact`].
//!
//! ## Main results
//! See `proofs/metrics.cdnv_bounds_ncc_error.md`. The verdict is an observation
//! ([`Outcome::observed`]): sampling cannot prove a statement about all sample sets, so its
//! exact arithmetic stays outside the kernel (a kernel fact would not change the verdict's
//! standing, and the trusted code stays small).
//!
//! ## References
//! Galanti, György, Hutter, ICLR 2022 (CDNV and its NCC-error bound).

use super::{CheckConfig, ClaimDef, Outcome, Verdict};
use crate::kernel::arith::rational::{Q, q};
use crate::metrics::exact;
use crate::train::stats::describe;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// This area's claims.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: "metrics.cdnv_bounds_ncc_error",
        proof: include_str!("../../proofs/metrics.cdnv_bounds_ncc_error.md"),
        check: cdnv_bounds_ncc_error,
    }]
}

/// A random rational sample set: K classes of 1..=5 points in Q^d, entries p/q with
/// |p| ≤ 8, 1 ≤ q ≤ 4; half of the sets are drawn around separated centres.
fn rational_sample_set(rng: &mut ChaCha8Rng) -> Vec<Vec<Vec<Q>>> {
    let k = rng.random_range(2..=5usize);
    let d = rng.random_range(1..=3usize);
    let spread: i64 = if rng.random::<bool>() { 2 } else { 8 };
    (0..k)
        .map(|c| {
            let n = rng.random_range(1..=5usize);
            (0..n)
                .map(|_| {
                    (0..d)
                        .map(|r| {
                            let centre = if spread == 2 && r == c % d {
                                6 * c as i64
                            } else {
                                0
                            };
                            q(
                                centre * 4
                                    + rng.random_range(-spread..=spread) * 4
                                        / rng.random_range(1..=4),
                                4,
                            )
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn cdnv_bounds_ncc_error(cfg: &CheckConfig) -> Outcome {
    let sets = if cfg.full { 20_000u64 } else { 1_000 };
    let mut rng = ChaCha8Rng::seed_from_u64(2022);
    let (mut with_errors, mut tight) = (0u64, 0u64);
    for i in 0..sets {
        let s = rational_sample_set(&mut rng);
        match exact::cdnv_bounds_ncc_error(&s) {
            Err(e) => return Outcome::undecided(format!("sample set #{i}: {e}")),
            Ok(Ok(rows)) => {
                if rows.iter().any(|(e, _)| *e > q(0, 1)) {
                    with_errors += 1;
                }
                if rows
                    .iter()
                    .any(|(e, b)| *e > q(0, 1) && b.as_ref().is_some_and(|b| e == b))
                {
                    tight += 1;
                }
            }
            Ok(Err(v)) => {
                return Outcome::observed(
                    Verdict::Refuted,
                    format!("sample set #{i}: {v}; samples {s:?}"),
                );
            }
        }
    }
    Outcome::observed(
        Verdict::Holds,
        format!(
            "exact rational arithmetic on {sets} random sample sets (K 2..5, d 1..3, 1..5 samples per class): violations {}; sets with some NCC error {with_errors}; sets where a positive error attains its bound {tight}",
            describe(0, sets)
        ),
    )
}
