//! # Claims about gradient descent on the MSE deep UFM
//!
//! ## Main definitions
//! Checkers (method `experiment`) that train MSE deep UFMs with [`crate::train::Trainer`]:
//! - `mse.gd_finds_below_dnc`: gradient descent reaches losses below every DNC point;
//! - `mse.linear_optimum_gain`: deep linear MSE training ends at $\bar Z = \gamma I$ with the
//!   gain $\gamma$ of the optimum proved by `mse.linear_dnc_global` (a check of that
//!   prediction, not its evidence).
//!
//! ## Main results
//! See each `proofs/<id>.md`. Verdicts are observations ([`Outcome::observed`]); counts come
//! with Wilson 95 % intervals.
//!
//! ## References
//! Súkeník, Lampert, Mondelli, arXiv:2405.14468, Fig. 2 and Theorem 4.
#![cfg_attr(doc, doc = katex!())]

use super::{CheckConfig, ClaimDef, Outcome, Verdict};
use crate::metrics;
use crate::mse::family::family_loss_ln;
use crate::train::stats::describe;
use crate::train::{Activation, Dufm, Loss, Trainer, init};
use nalgebra::DMatrix;

/// Runs per cell of the `--full` checks (at least 50, so Wilson intervals are informative).
pub const FULL_SEEDS: u64 = 50;

/// This area's claims (registered between the two groups of `claims::dyn`, see
/// [`super::area`]).
pub fn claims() -> Vec<ClaimDef> {
    vec![
        ClaimDef {
            id: "mse.gd_finds_below_dnc",
            proof: include_str!("../../proofs/mse.gd_finds_below_dnc.md"),
            check: gd_finds_below_dnc,
        },
        ClaimDef {
            id: "mse.linear_optimum_gain",
            proof: include_str!("../../proofs/mse.linear_optimum_gain.md"),
            check: linear_optimum_gain,
        },
    ]
}

/// The family loss of module [`crate::mse`] at the model's (f64) parameters with cost
/// constant `cost`, from `mse::family`: returns $(\ell, x^\ast)$.
fn dnc_family_loss(model: &Dufm, cost: f64) -> (f64, f64) {
    let l = model.layers as f64;
    let ln_c =
        ((model.samples as f64).ln() + model.lambda_h.ln() + l * model.lambda_w.ln()) / (l + 1.0);
    // NaN only for a model without layers, which the callers never build
    family_loss_ln(ln_c + cost.ln(), model.layers as u32)
        .map_or((f64::NAN, f64::NAN), |fl| (fl.loss, fl.scale))
}

fn gd_finds_below_dnc(cfg: &CheckConfig) -> Outcome {
    let model = Dufm {
        classes: 10,
        samples: 1,
        width: 30,
        layers: 4,
        lambda_h: 0.004,
        lambda_w: 0.004,
        loss: Loss::Mse,
        activation: Activation::Relu,
    };
    let (seeds, steps) = if cfg.full {
        (FULL_SEEDS, 30_000u64)
    } else {
        (4, 10_000)
    };
    let (dnc, x) = dnc_family_loss(&model, model.classes as f64);
    let (mut below, mut diverged) = (0u64, 0u64);
    let mut rows = Vec::new();
    if cfg.full {
        // a sweep: 50 replicates (seeds derived from the run keys), in parallel
        let grid = crate::sweep::Grid::new(&crate::sweep::grid::GridFile {
            classes: Some(vec![10]),
            layers: Some(vec![4]),
            width: Some(vec![30]),
            lambda: Some(vec![0.004]),
            init_scale: Some(vec![0.3]),
            steps: Some(vec![steps]),
            lr: Some(vec![0.5]),
            seeds: Some(seeds),
            ..Default::default()
        });
        let runs = match grid.and_then(|g| g.runs()) {
            Ok(r) => r,
            Err(e) => return Outcome::undecided(format!("sweep grid: {e}")),
        };
        for (spec, res) in runs.iter().zip(crate::sweep::par_map(&runs, |s| {
            crate::sweep::run_one(s, None)
        })) {
            let row = match res {
                Ok((row, _)) => row,
                Err(e) => return Outcome::undecided(format!("seed {}: {e}", spec.seed)),
            };
            match row.final_loss {
                None => {
                    diverged += 1;
                    rows.push(format!("seed {}: diverged", spec.seed));
                }
                Some(loss) => {
                    if loss < dnc {
                        below += 1;
                    }
                    let rank = row.ranks.get(model.layers - 1).copied().unwrap_or(0);
                    rows.push(format!(
                        "seed {}: loss {loss:.6} rank(H_L) {rank}",
                        spec.seed
                    ));
                }
            }
        }
    } else {
        for seed in 0..seeds {
            let p = init::gaussian(&model, 0.3, seed).expect("valid model");
            let mut t = Trainer::new(model, 0.5, p).expect("valid model");
            t.run(steps);
            let loss = t.loss().total();
            if !loss.is_finite() {
                diverged += 1;
                rows.push(format!("seed {seed}: diverged"));
                continue;
            }
            let g = t.last_preactivation();
            let means = match metrics::class_means(&g, model.classes, 1) {
                Ok(m) => m,
                Err(e) => return Outcome::undecided(format!("seed {seed}: {e}")),
            };
            let sv = metrics::singular_values(&means);
            let rank = metrics::numerical_rank(&sv, 1e-3);
            if loss < dnc {
                below += 1;
            }
            rows.push(format!("seed {seed}: loss {loss:.6} rank {rank}"));
        }
    }
    let summary = format!(
        "4-DUFM K=10 d=30 λ=0.004 lr 0.5, {steps} steps: ℓ_DNC = {dnc:.10} (x* = {x:.6}); runs below ℓ_DNC {} ({diverged} diverged, counted as not below); {}",
        describe(below, seeds),
        rows.join(", ")
    );
    if below > 0 {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}

/// The larger root in $[(L-1)/(2L), 1]$ of $\gamma^{L-1}(1-\gamma)^{L+1} = R$ (bisection), if any:
/// the optimal gain of `mse.linear_optimum_gain` (`None` if there is no root there).
#[cfg_attr(doc, doc = katex!())]
pub fn linear_gain(layers: usize, rhs: f64) -> Option<f64> {
    let l = layers as i32;
    let f = |g: f64| g.powi(l - 1) * (1.0 - g).powi(l + 1) - rhs;
    let mut lo = (l - 1) as f64 / (2 * l) as f64;
    let mut hi = 1.0;
    if f(lo) <= 0.0 {
        return None;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if f(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo + hi) / 2.0)
}

fn linear_optimum_gain(cfg: &CheckConfig) -> Outcome {
    let cases: &[(usize, usize, usize, f64)] = if cfg.full {
        &[
            (3, 1, 2, 0.01),
            (4, 2, 2, 0.005),
            (4, 1, 3, 0.02),
            (5, 2, 4, 0.01),
            (6, 1, 5, 0.02),
        ]
    } else {
        &[(3, 1, 2, 0.01), (4, 2, 3, 0.005), (5, 1, 4, 0.02)]
    };
    let tol = 1e-6;
    let mut ok = true;
    let mut rows = Vec::new();
    for &(k, n, layers, lambda) in cases {
        let model = Dufm {
            classes: k,
            samples: n,
            width: k + 2,
            layers,
            lambda_h: lambda,
            lambda_w: lambda,
            loss: Loss::Mse,
            activation: Activation::Linear,
        };
        let rhs = (lambda * k as f64).powi(layers as i32) * (lambda * (k * n) as f64);
        let Some(gamma) = linear_gain(layers, rhs) else {
            return Outcome::undecided(format!(
                "K={k} n={n} L={layers} λ={lambda}: no positive gain (zero optimum)"
            ));
        };
        let p = init::gaussian(&model, 0.5, 1).expect("valid model");
        // lr 0.1 diverges at L = 5 (K = 6, λ = 0.02, init 0.5); 0.02 converges there
        let lr = if layers >= 5 { 0.02 } else { 0.1 };
        let mut t = Trainer::new(model, lr, p).expect("valid model");
        t.run(if cfg.full { 300_000 } else { 60_000 });
        let z = t.output();
        let zbar = match metrics::class_means(&z, k, n) {
            Ok(m) => m,
            Err(e) => return Outcome::undecided(format!("L = {layers}: {e}")),
        };
        // Z̄ = γ I_K at the optimum: diagonal mean and off-diagonal size
        let diag = (0..k).map(|i| zbar[(i, i)]).sum::<f64>() / k as f64;
        let dev = (&zbar - DMatrix::identity(k, k) * diag).amax();
        let (dnc, _) = dnc_family_loss(&model, k as f64);
        let loss = t.loss().total();
        if !loss.is_finite() {
            return Outcome::undecided(format!(
                "K={k} n={n} L={layers} λ={lambda}: gradient descent diverged (lr {lr})"
            ));
        }
        let good = (diag - gamma).abs() <= tol && dev <= tol && (loss - dnc).abs() <= tol;
        ok &= good;
        rows.push(format!(
            "K={k} n={n} L={layers} λ={lambda}: γ = {gamma:.9}, GD gain {diag:.9}, max|Z̄ − γI| = {dev:.1e}, loss {loss:.9} vs ℓ(γ) {dnc:.9}"
        ));
    }
    let summary = format!(
        "deep linear MSE, lr 0.1 (0.02 at L = 5; tolerance {tol:e}), compared with the optimum \
         proved by mse.linear_dnc_global: {}",
        rows.join("; ")
    );
    if ok {
        Outcome::observed(Verdict::Holds, summary)
    } else {
        Outcome::observed(Verdict::Refuted, summary)
    }
}
