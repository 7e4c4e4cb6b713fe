//! # Claims about gradient-descent dynamics
//!
//! ## Main definitions
//! Checkers (method `experiment`) that train deep UFMs with [`crate::train::Trainer`] and
//! report what happened ([`Outcome::observed`]), in two groups:
//! - [`invariant_claims`]: `dyn.hadamard_freezes_singular_vectors` and its false twin
//!   `dyn.paley_hadamard_freezes_singular_vectors`; `dyn.balancedness_conserved`;
//! - [`depth_and_width_claims`]: `dyn.spectral_repulsion`, `dyn.depth_shrinks_nc_basin`,
//!   `dyn.width_raises_rank`.
//!
//! The MSE training claims are in [`super::mse_dynamics`], the metrics claim in
//! [`super::metrics`]; [`super::area`] registers the groups in the registry's order.
//!
//! ## Main results
//! See each `proofs/<id>.md`. Randomised checks report counts with Wilson 95 % intervals.
//!
//! ## References
//! Garrod, Keating, Thrampoulidis (2026) (Hadamard initialisation, spectral repulsion, depth
//! and the NC basin); Garrod & Keating, "Unifying" (balancedness); Súkeník, Lampert,
//! Mondelli, arXiv:2405.14468, Fig. 2 (width and rank).

use super::mse_dynamics::FULL_SEEDS;
use super::{CheckConfig, ClaimDef, Outcome, Verdict};
use crate::metrics;
use crate::sweep::par_map;
use crate::train::stats::describe;
use crate::train::{Activation, Dufm, Loss, Params, Trainer, init};
use nalgebra::DMatrix;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The claims about invariants of gradient descent (registered first).
pub fn invariant_claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: "dyn.hadamard_freezes_singular_vectors",
            proof: include_str!("../../proofs/dyn.hadamard_freezes_singular_vectors.md"),
            check: hadamard_freezes,
        },
        ClaimDef {
            id: "dyn.paley_hadamard_freezes_singular_vectors",
            proof: include_str!("../../proofs/dyn.paley_hadamard_freezes_singular_vectors.md"),
            check: paley_freezes,
        },
        ClaimDef {
            id: "dyn.balancedness_conserved",
            proof: include_str!("../../proofs/dyn.balancedness_conserved.md"),
            check: balancedness_conserved,
        },
    ]
}

/// The claims about the effect of depth and width (registered after
/// [`super::mse_dynamics`]).
pub fn depth_and_width_claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: "dyn.spectral_repulsion",
            proof: include_str!("../../proofs/dyn.spectral_repulsion.md"),
            check: spectral_repulsion,
        },
        ClaimDef {
            id: "dyn.depth_shrinks_nc_basin",
            proof: include_str!("../../proofs/dyn.depth_shrinks_nc_basin.md"),
            check: depth_shrinks_nc_basin,
        },
        ClaimDef {
            id: "dyn.width_raises_rank",
            proof: include_str!("../../proofs/dyn.width_raises_rank.md"),
            check: width_raises_rank,
        },
    ]
}

/// Off-diagonal tolerance for "frozen": $\max_{i\ne j}|M_{ij}| \le 10^{-10}\max_i|M_{ii}|$.
const FROZEN_REL_TOL: f64 = 1e-10;

/// Two-layer (L = 1) unregularised linear CE model with d = K, n = 1.
fn two_layer_ce(k: usize) -> Dufm {
    Dufm {
        classes: k,
        samples: 1,
        width: k,
        layers: 1,
        lambda_h: 0.0,
        lambda_w: 0.0,
        loss: Loss::Ce,
        activation: Activation::Linear,
    }
}

/// Distinct per-factor singular values in [0.2, 1.2), seeded.
fn random_singular_values(k: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..k).map(|_| 0.2 + rng.random::<f64>()).collect()
}

/// The largest off-diagonal ratio of $Q^\top Z Q$ along `steps` GD steps (checked every
/// `every` steps), from Hadamard init with matrix `h`; returns (ratio, step).
fn max_offdiagonal(h: &[Vec<i64>], seed: u64, steps: u64, every: u64) -> (f64, u64) {
    let k = h.len();
    let model = two_layer_ce(k);
    let sv = random_singular_values(k, seed);
    let p = init::hadamard_with(&model, h, &sv).expect("valid Hadamard init");
    let mut t = Trainer::new(model, 0.5, p).expect("valid model");
    let root_k = (k as f64).sqrt();
    let qm = DMatrix::from_fn(k, k, |i, j| h[i][j] as f64 / root_k);
    let mut worst = (0.0, 0);
    for s in 0..=steps {
        if s % every == 0 {
            let m = qm.transpose() * t.output() * &qm;
            let diag = (0..k).map(|i| m[(i, i)].abs()).fold(0.0, f64::max);
            let off = (0..k)
                .flat_map(|i| (0..k).map(move |j| (i, j)))
                .filter(|(i, j)| i != j)
                .map(|(i, j)| m[(i, j)].abs())
                .fold(0.0, f64::max);
            let r = off / diag;
            if r.is_nan() || r > worst.0 {
                worst = (r, s);
            }
        }
        if s < steps {
            t.step();
        }
    }
    worst
}

fn hadamard_freezes(cfg: &CheckConfig) -> Outcome {
    let (orders, seeds, steps): (&[usize], u64, u64) = if cfg.full {
        (&[2, 4, 8, 16, 32], FULL_SEEDS, 5000)
    } else {
        (&[4, 8, 16], 3, 500)
    };
    let (mut frozen, mut runs) = (0u64, 0u64);
    let mut worst = (0.0f64, 0usize, 0u64, 0u64);
    for &k in orders {
        let h = init::sylvester(k).expect("power of two");
        let seed_list: Vec<u64> = (0..seeds).collect();
        let results = par_map(&seed_list, |&seed| max_offdiagonal(&h, seed, steps, 10));
        for (seed, (r, step)) in seed_list.into_iter().zip(results) {
            runs += 1;
            if r <= FROZEN_REL_TOL {
                frozen += 1;
            }
            if r.is_nan() || r > worst.0 {
                worst = (r, k, seed, step);
            }
        }
    }
    let summary = format!(
        "two-layer CE, lr 0.5, {steps} steps, K in {orders:?}: frozen runs {}; largest off-diagonal/diagonal of QᵀZQ = {:.3e} (K = {}, seed {}, step {})",
        describe(frozen, runs),
        worst.0,
        worst.1,
        worst.2,
        worst.3
    );
    if frozen == runs {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

fn paley_freezes(cfg: &CheckConfig) -> Outcome {
    let (seeds, steps) = if cfg.full {
        (FULL_SEEDS, 5000)
    } else {
        (3, 500)
    };
    let h = init::paley12();
    let mut worst = (0.0f64, 0u64, 0u64);
    let mut frozen = 0;
    let seed_list: Vec<u64> = (0..seeds).collect();
    let results = par_map(&seed_list, |&seed| max_offdiagonal(&h, seed, steps, 10));
    for (seed, (r, step)) in seed_list.into_iter().zip(results) {
        if r <= FROZEN_REL_TOL {
            frozen += 1;
        }
        if r.is_nan() || r > worst.0 {
            worst = (r, seed, step);
        }
    }
    let summary = format!(
        "Paley H₁₂, two-layer CE, lr 0.5, {steps} steps: frozen runs {}; largest off-diagonal/diagonal of QᵀZQ = {:.3e} (seed {}, step {}; singular values {:?})",
        describe(frozen, seeds),
        worst.0,
        worst.1,
        worst.2,
        random_singular_values(12, worst.1)
            .iter()
            .map(|x| (x * 1e4).round() / 1e4)
            .collect::<Vec<_>>()
    );
    if frozen == seeds {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

/// $\max_l \Vert D_l(T) - D_l(0)\Vert_F$ with $D_l = W_{l}^\top W_{l} - W_{l-1}W_{l-1}^\top$ ($W_0 = H_1$).
fn balancedness(p: &Params<f64>) -> Vec<DMatrix<f64>> {
    let mats: Vec<&DMatrix<f64>> = p.iter().collect();
    mats.windows(2)
        .map(|w| w[1].transpose() * w[1] - w[0] * w[0].transpose())
        .collect()
}

fn balance_drift(model: Dufm, seed: u64, lr: f64, horizon: f64) -> f64 {
    let p = init::gaussian(&model, 0.5, seed).expect("valid model");
    let d0 = balancedness(&p);
    let mut t = Trainer::new(model, lr, p).expect("valid model");
    t.run((horizon / lr).round() as u64);
    let d1 = balancedness(t.params());
    d0.iter()
        .zip(&d1)
        .map(|(a, b)| (a - b).norm())
        .fold(0.0, f64::max)
}

fn balancedness_conserved(cfg: &CheckConfig) -> Outcome {
    let base = Dufm {
        classes: 4,
        samples: 2,
        width: 6,
        layers: 1,
        lambda_h: 0.0,
        lambda_w: 0.0,
        loss: Loss::Ce,
        activation: Activation::Linear,
    };
    let models = [
        base,
        Dufm {
            layers: 3,
            loss: Loss::Mse,
            ..base
        },
        Dufm { layers: 2, ..base },
    ];
    let (seeds, lrs): (u64, &[f64]) = if cfg.full {
        (10, &[0.02, 0.01, 0.005, 0.0025])
    } else {
        (3, &[0.02, 0.01, 0.005])
    };
    let horizon = 5.0;
    let mut lines = Vec::new();
    let mut ok = true;
    for m in models {
        for seed in 0..seeds {
            let drifts: Vec<f64> = lrs
                .iter()
                .map(|&lr| balance_drift(m, seed, lr, horizon))
                .collect();
            let ratios: Vec<f64> = drifts.windows(2).map(|w| w[0] / w[1]).collect();
            // O(lr): halving lr halves the drift (first-order term vanishes identically)
            let good = ratios.iter().all(|r| (1.5..=2.5).contains(r));
            ok &= good;
            if !good || seed == 0 {
                lines.push(format!(
                    "L={} {:?} seed {seed}: drift {:?} at lr {lrs:?}, ratios {:?}",
                    m.layers,
                    m.loss,
                    drifts
                        .iter()
                        .map(|d| format!("{d:.3e}"))
                        .collect::<Vec<_>>(),
                    ratios.iter().map(|r| format!("{r:.3}")).collect::<Vec<_>>()
                ));
            }
        }
    }
    let summary = format!(
        "unregularised linear DUFM, Gaussian init 0.5, horizon lr·steps = {horizon}; {}",
        lines.join("; ")
    );
    if ok {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

/// Linear CE model with `factors` = L + 1 factors, d = K, n = 1.
fn linear_ce(k: usize, factors: usize, lambda: f64) -> Dufm {
    Dufm {
        layers: factors - 1,
        lambda_h: lambda,
        lambda_w: lambda,
        ..two_layer_ce(k)
    }
}

/// The product's modes $\mathrm{diag}(Q^\top Z Q)$ along the non-constant Sylvester columns
/// (column 0 is constant: its mode receives no gradient from $J/K - I$ at $Z = 0$).
fn hadamard_modes(t: &mut Trainer<f64>, qm: &DMatrix<f64>) -> Vec<f64> {
    let d = qm.transpose() * t.output() * qm;
    (1..qm.nrows()).map(|i| d[(i, i)]).collect()
}

fn max_of(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

fn min_of(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Ratio $\sigma_{\max}/\sigma_{\min}$ of per-factor singular values $|p_k|^{1/m}$ from
/// product modes $p_k$, at init and when the largest product mode first reaches `stop`.
fn repulsion_ratio(k: usize, factors: usize, seed: u64, stop: f64) -> (f64, f64, u64) {
    let model = linear_ce(k, factors, 0.0);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // product modes in [0.01, 0.03): the early, nearly isotropic-gradient phase
    let sv: Vec<f64> = (0..k)
        .map(|_| (0.01 + 0.02 * rng.random::<f64>()).powf(1.0 / factors as f64))
        .collect();
    let p = init::hadamard(&model, &sv).expect("K = 2^p, d = K");
    let mut t = Trainer::new(model, 0.05, p).expect("valid model");
    let qm = DMatrix::from_fn(k, k, |i, j| {
        init::sylvester(k).expect("power of two")[i][j] as f64 / (k as f64).sqrt()
    });
    let ratio = |modes: &[f64]| {
        let f: Vec<f64> = modes
            .iter()
            .map(|p| p.abs().powf(1.0 / factors as f64))
            .collect();
        max_of(&f) / min_of(&f)
    };
    let r0 = ratio(&hadamard_modes(&mut t, &qm));
    let mut steps = 0;
    loop {
        let modes = hadamard_modes(&mut t, &qm);
        if max_of(&modes) >= stop || steps >= 100_000 {
            return (r0, ratio(&modes), steps);
        }
        t.step();
        steps += 1;
    }
}

fn spectral_repulsion(cfg: &CheckConfig) -> Outcome {
    let (depths, seeds): (&[usize], u64) = if cfg.full {
        (&[2, 3, 4, 5, 6], FULL_SEEDS)
    } else {
        (&[2, 3, 4], 3)
    };
    let (k, stop) = (8, 0.5);
    let mut ok = true;
    let mut rows = Vec::new();
    for &m in depths {
        let seed_list: Vec<u64> = (0..seeds).collect();
        let ratios: Vec<f64> = par_map(&seed_list, |&seed| {
            let (r0, r1, _) = repulsion_ratio(k, m, seed, stop);
            r1 / r0
        });
        let (lo, hi) = (min_of(&ratios), max_of(&ratios));
        // m = 2: ratios preserved within 5 %; m ≥ 3: the spread widens by at least 5 %
        let good = if m == 2 {
            lo >= 0.95 && hi <= 1.05
        } else {
            lo >= 1.05
        };
        ok &= good;
        rows.push(format!(
            "m = {m}: (σmax/σmin)(T) / (σmax/σmin)(0) in [{lo:.4}, {hi:.4}]{}",
            if good { "" } else { " ✗" }
        ));
    }
    let summary = format!(
        "unregularised linear CE, K = {k}, Sylvester spectral init (product modes in [0.01, 0.03)), lr 0.05, stopped when the largest product mode reaches {stop}; {seeds} seeds per depth: {}",
        rows.join("; ")
    );
    if ok {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

/// Whether a run from random spectral (Sylvester) init ends at NC: every non-constant product
/// mode within 10 % of the largest, and the largest nonzero.
fn ends_at_nc(k: usize, factors: usize, lambda: f64, seed: u64, steps: u64) -> bool {
    let model = linear_ce(k, factors, lambda);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sv: Vec<f64> = (0..k).map(|_| 0.1 + 0.9 * rng.random::<f64>()).collect();
    let p = init::hadamard(&model, &sv).expect("K = 2^p, d = K");
    let mut t = Trainer::new(model, 0.5, p).expect("valid model");
    t.run(steps);
    let qm = DMatrix::from_fn(k, k, |i, j| {
        init::sylvester(k).expect("power of two")[i][j] as f64 / (k as f64).sqrt()
    });
    let modes = hadamard_modes(&mut t, &qm);
    let mx = max_of(&modes);
    mx > 1e-6 && min_of(&modes) >= 0.9 * mx
}

fn depth_shrinks_nc_basin(cfg: &CheckConfig) -> Outcome {
    let (depths, inits, steps): (&[usize], u64, u64) = if cfg.full {
        (&[2, 3, 4, 5, 6], 200, 20_000)
    } else {
        (&[2, 3, 4], 15, 5_000)
    };
    let (k, lambda) = (8, 0.005);
    let counts: Vec<u64> = depths
        .iter()
        .map(|&m| {
            let seeds: Vec<u64> = (0..inits).collect();
            par_map(&seeds, |&s| ends_at_nc(k, m, lambda, s, steps))
                .into_iter()
                .filter(|&nc| nc)
                .count() as u64
        })
        .collect();
    let monotone = counts.windows(2).all(|w| w[1] <= w[0]);
    let (first, last) = (counts[0], counts[counts.len() - 1]);
    let (_, hi_last) = crate::train::stats::wilson_95(last, inits);
    let (lo_first, _) = crate::train::stats::wilson_95(first, inits);
    let separated = hi_last < lo_first;
    let rows: Vec<String> = depths
        .iter()
        .zip(&counts)
        .map(|(m, &c)| format!("m = {m}: {}", describe(c, inits)))
        .collect();
    let summary = format!(
        "linear CE, K = {k}, λ = {lambda}, lr 0.5, {steps} steps, random Sylvester-spectral init (per-factor σ ~ U[0.1, 1)); runs ending at NC: {}; non-increasing: {monotone}; first/last Wilson intervals disjoint: {separated}",
        rows.join(", ")
    );
    if monotone && separated {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

fn width_raises_rank(cfg: &CheckConfig) -> Outcome {
    let (widths, seeds, steps): (&[usize], u64, u64) = if cfg.full {
        (&[10, 20, 40, 80], FULL_SEEDS, 20_000)
    } else {
        (&[10, 20, 40], 2, 6_000)
    };
    let k = 10;
    let mut means = Vec::new();
    let mut rows = Vec::new();
    for &d in widths {
        let model = Dufm {
            classes: k,
            samples: 1,
            width: d,
            layers: 4,
            lambda_h: 0.004,
            lambda_w: 0.004,
            loss: Loss::Mse,
            activation: Activation::Relu,
        };
        let seed_list: Vec<u64> = (0..seeds).collect();
        let results = par_map(&seed_list, |&seed| -> Result<usize, String> {
            // scale 1.5/√d keeps the forward pass O(1) at every width (0.3 at d = 25)
            let p = init::gaussian(&model, 1.5 / (d as f64).sqrt(), seed).expect("valid model");
            let mut t = Trainer::new(model, 0.5, p).expect("valid model");
            t.run(steps);
            if !t.loss().total().is_finite() {
                return Err(format!("d = {d}, seed {seed}: GD diverged"));
            }
            let g = t.last_preactivation();
            let means =
                metrics::class_means(&g, k, 1).map_err(|e| format!("d = {d}, seed {seed}: {e}"))?;
            let sv = metrics::singular_values(&means);
            Ok(metrics::numerical_rank(&sv, 1e-3))
        });
        let ranks = match results.into_iter().collect::<Result<Vec<usize>, String>>() {
            Ok(r) => r,
            Err(e) => return Outcome::undecided(e),
        };
        let mean = ranks.iter().sum::<usize>() as f64 / ranks.len() as f64;
        means.push(mean);
        rows.push(format!("d = {d}: ranks {ranks:?}"));
    }
    let monotone = means.windows(2).all(|w| w[1] >= w[0]);
    let rises = means[means.len() - 1] > means[0];
    let summary = format!(
        "4-DUFM ReLU MSE, K = {k}, λ = 0.004, lr 0.5, {steps} steps, Gaussian init 1.5/√d, rank = #(σ > 1e-3 σmax) of the last pre-activation's class means: {}; mean ranks {means:?}",
        rows.join(", ")
    );
    if monotone && rises {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}
