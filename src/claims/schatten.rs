//! Claims about the Schatten variational lemma (theory.md §2).

use super::{CheckConfig, ClaimDef, Outcome};
use crate::kernel::rational::{Q, q};
use crate::schatten::{
    balanced_factorization, diagonal_am_gm_holds, product, variational_bound, weighted_norm_cost,
};
use nalgebra::DMatrix;
use num_traits::Signed;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The claims of this area.
pub fn claims() -> Vec<ClaimDef> {
    vec![ClaimDef {
        id: "schatten.variational_lemma",
        proof: include_str!("../../proofs/schatten.variational_lemma.md"),
        check: check_variational_lemma,
    }]
}

/// Relative tolerance of the f64 comparisons (SVD backward error is ~1e-15 for these sizes).
const REL_TOL: f64 = 1e-10;

fn random_factors(rng: &mut ChaCha8Rng) -> (Vec<DMatrix<f64>>, Vec<f64>) {
    let m = rng.random_range(1..=5usize);
    let dims: Vec<usize> = (0..=m).map(|_| rng.random_range(1..=5usize)).collect();
    let ws = (0..m)
        .map(|l| DMatrix::from_fn(dims[l + 1], dims[l], |_, _| rng.random_range(-2.0..2.0)))
        .collect();
    let lambdas = (0..m)
        .map(|_| 10f64.powf(rng.random_range(-3.0..1.0)))
        .collect();
    (ws, lambdas)
}

fn check_variational_lemma(cfg: &CheckConfig) -> Outcome {
    let trials = if cfg.full { 20_000 } else { 500 };
    for seed in 0..trials as u64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (ws, lambdas) = random_factors(&mut rng);
        let x = product(&ws);
        let cost = weighted_norm_cost(&ws, &lambdas);
        let bound = variational_bound(&x, &lambdas);
        if cost < bound * (1.0 - REL_TOL) {
            return Outcome::refuted(format!(
                "seed {seed}: sum lambda/2 ||W||^2 = {cost:e} < bound {bound:e} (m = {})",
                ws.len()
            ));
        }
        let bal = balanced_factorization(&x, &lambdas);
        // A slightly rebalanced factorisation of the same X (W_1 -> G W_1, W_2 -> W_2 G^{-1})
        // costs only O(eps^2) more than the bound: a wrong bound is caught here, where random
        // factorisations sit far above it.
        if bal.len() >= 2 {
            let r = bal[0].nrows();
            let g = DMatrix::<f64>::identity(r, r)
                + DMatrix::from_fn(r, r, |_, _| 1e-3 * rng.random_range(-1.0..1.0));
            if let Some(g_inv) = g.clone().try_inverse() {
                let mut near = bal.clone();
                near[0] = &g * &bal[0];
                near[1] = &bal[1] * g_inv;
                let near_cost = weighted_norm_cost(&near, &lambdas);
                let near_bound = variational_bound(&product(&near), &lambdas);
                if near_cost < near_bound * (1.0 - REL_TOL) {
                    return Outcome::refuted(format!(
                        "seed {seed}: near-balanced factorisation costs {near_cost:e} < bound {near_bound:e}"
                    ));
                }
            }
        }
        let rebuilt = (product(&bal) - &x).norm();
        let attained = weighted_norm_cost(&bal, &lambdas);
        let scale = x.norm().max(f64::MIN_POSITIVE);
        if rebuilt > REL_TOL * scale || (attained - bound).abs() > REL_TOL * bound.max(1e-300) {
            return Outcome::refuted(format!(
                "seed {seed}: balanced factorisation rebuild error {rebuilt:e}, cost {attained:e} vs bound {bound:e}"
            ));
        }
    }
    // Exact diagonal case.
    let mut rng = ChaCha8Rng::seed_from_u64(0x5c4a77e2);
    let diag_trials = if cfg.full { 2_000 } else { 200 };
    for t in 0..diag_trials {
        let m = rng.random_range(1..=5usize);
        let width = rng.random_range(1..=4usize);
        let mut rq = || q(rng.random_range(-40..=40i64), rng.random_range(1..=12i64));
        let d: Vec<Vec<Q>> = (0..m).map(|_| (0..width).map(|_| rq()).collect()).collect();
        let lambdas: Vec<Q> = (0..m).map(|_| rq().abs() + q(1, 100)).collect();
        if let Some(i) = diagonal_am_gm_holds(&d, &lambdas) {
            return Outcome::refuted(format!(
                "diagonal trial {t}: AM-GM fails at coordinate {i}: {d:?}"
            ));
        }
    }
    Outcome::holds(format!(
        "{trials} seeded random factorisations (m = 1..5, sizes <= 5): bound holds and the balanced \
         factorisation attains it (rel. tol {REL_TOL:e}); {diag_trials} exact rational diagonal cases"
    ))
}
