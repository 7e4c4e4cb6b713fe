//! Tests of `ncverify::claims::mse` (`src/claims/mse.rs`).

use ncverify::claims::Verdict;
use ncverify::claims::mse::*;
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::mse::family::Block;
use ncverify::kernel::mse::threshold::{decide_scale_beats_zero, dnc_zero_threshold};
use ncverify::mse::MseParams;
use ncverify::mse::family::{Construction, construction_loss, family_loss};
use ncverify::numeric::{f64_to_q, q_to_f64};

/// The refutation path of `mse.dnc_zero_threshold` must be able to fire: at parameters
/// where a positive scale does beat zero the f64 proposal is confirmed by the kernel, and
/// where zero is optimal no proposal is.
#[test]
fn proposed_scale_witness_is_decided_exactly_both_ways() {
    let p = MseParams::new(6, 4, q(1, 1000), q(1, 1000), 1).unwrap();
    assert!(!dnc_zero_threshold(p.exact()).0);
    let fl = construction_loss(
        &p,
        &Construction::new(vec![Block::Dnc { classes: 6 }]).unwrap(),
    )
    .unwrap();
    let u = propose_u(fl.scale, 4).unwrap();
    assert!(decide_scale_beats_zero(p.exact(), &u).unwrap().is_ok());
    let big = MseParams::new(6, 4, q(1, 2), q(1, 2), 1).unwrap();
    assert!(dnc_zero_threshold(big.exact()).0);
    for x in [0.1, 0.5, 0.75, 0.9, 0.999] {
        let u = propose_u(x, 4).unwrap();
        assert!(
            decide_scale_beats_zero(big.exact(), &u).unwrap().is_err(),
            "x = {x}"
        );
    }
    assert_eq!(propose_u(0.0, 4), None);
}

/// The sampled cross-check, strictly: on the checker's grid the exact threshold puts every
/// point on the intended side and the f64 minimiser agrees with it everywhere.
#[test]
fn f64_minimiser_agrees_with_the_exact_threshold_on_the_grid() {
    let mut n = 0;
    for (k, layers, factor) in threshold_grid() {
        let p = grid_params(k, layers, factor).unwrap();
        let exact_zero = dnc_zero_threshold(p.exact()).0;
        assert_eq!(
            exact_zero,
            factor > 1.0,
            "K = {k}, L = {layers}, factor {factor}"
        );
        let fl = construction_loss(
            &p,
            &Construction::new(vec![Block::Dnc { classes: k }]).unwrap(),
        )
        .unwrap();
        assert_eq!(
            fl.scale == 0.0,
            exact_zero,
            "K = {k}, L = {layers}, factor {factor}"
        );
        n += 1;
    }
    assert_eq!(n, 80);
}

#[test]
fn false_three_layer_claim_names_r4() {
    let out = crate::decided::report("mse.bchain_beats_dnc_at_three_layers");
    assert_eq!(out.verdict, Verdict::Refuted);
    assert!(
        out.evidence.starts_with("r = 4 (K = 6)"),
        "{}",
        out.evidence
    );
    let fact = out.kernel_facts.join("\n");
    assert!(!fact.is_empty(), "a kernel counterexample");
    assert!(fact.contains("1728 >= 1296"), "{fact}");
    assert!(fact.contains("(the DNC zero threshold)"), "{fact}");
}

#[test]
fn proof_claims_carry_kernel_facts() {
    for id in [
        "mse.low_rank_beats_dnc",
        "mse.bchain_never_beats_dnc_at_three_layers",
        "mse.johnson_chain_beats_dnc_at_three_layers",
        "mse.kneser_chain_beats_dnc_at_three_layers",
        "mse.dnc_zero_threshold",
    ] {
        let out = crate::decided::report(id);
        assert_eq!(out.verdict, Verdict::Holds, "{}", out.evidence);
        assert!(!out.kernel_facts.is_empty(), "{}", out.evidence);
    }
}

/// The double check the Kneser claim asks for, with the model's own losses: at four
/// values of lambda (DNC's optimum non-zero at each) the balanced, dyadically rounded
/// chain is a kernel-verified certificate against every DNC point, and its exact loss
/// agrees with the f64 trainer loss and with the family loss l(C).
#[test]
fn kneser_chain_beats_dnc_by_exact_loss_at_several_lambdas() {
    use nalgebra::DMatrix;
    use ncverify::kernel::arith::matrix::QMatrix;
    use ncverify::kernel::cert::point::{CertBounds, CertHints, CertParams, Certificate, Witness};
    use ncverify::kernel::mse::dufm::mse_loss_exact;
    use ncverify::kernel::mse::kneser::kneser_chain_factors;
    use ncverify::mse::explicit::{factor_to_f64, mse_loss_f64};
    use ncverify::search::certificate_file::matrix_to_rows;
    use ncverify::search::certify::a_lower_hint;
    let fs = kneser_chain_factors(1).unwrap();
    let norms: Vec<f64> = fs.iter().map(|f| q_to_f64(&f.frobenius_sq())).collect();
    let c4: f64 = norms.iter().product();
    for den in [1000i64, 250, 100, 50] {
        let lam = 1.0 / den as f64;
        let p = MseParams::new(10, 3, q(1, den), q(1, den), 1).unwrap();
        assert!(!dnc_zero_threshold(p.exact()).0, "1/{den}");
        let fl = family_loss(lam * c4.powf(0.25), 3).unwrap();
        let dnc = family_loss(lam * 10.0, 3).unwrap();
        // balanced scales: s_i^2 ||F_i||^2 = kappa for every i and prod_i s_i = x
        let kappa = (fl.scale.powi(2) * c4).powf(0.25);
        let grid = 2f64.powi(30);
        let mats: Vec<QMatrix> = fs
            .iter()
            .zip(&norms)
            .map(|(f, nrm)| {
                let m = factor_to_f64(f) * (kappa / nrm).sqrt();
                QMatrix::from_fn(m.nrows(), m.ncols(), |i, j| {
                    f64_to_q((m[(i, j)] * grid).round() / grid).unwrap()
                })
            })
            .collect();
        let exact =
            mse_loss_exact(&mats[0], &mats[1..], 10, 1, p.lambda_w(), p.lambda_h()).unwrap();
        let to_f64 =
            |m: &QMatrix| DMatrix::from_fn(m.rows(), m.cols(), |i, j| q_to_f64(m.get(i, j)));
        let fm: Vec<DMatrix<f64>> = mats.iter().map(to_f64).collect();
        let trainer = mse_loss_f64(&fm[0], &fm[1..], 10, 1, lam, lam).unwrap();
        assert!((q_to_f64(&exact) - trainer).abs() < 1e-12, "1/{den}");
        assert!(
            (trainer - fl.loss).abs() < 1e-7 * fl.loss,
            "1/{den}: {trainer} vs {}",
            fl.loss
        );
        assert!(fl.loss < 0.99 * dnc.loss, "1/{den}");
        let lower = f64_to_q(dnc.loss * (1.0 - 1e-6)).unwrap();
        let cert = Certificate {
            claim: "mse.kneser_chain_beats_dnc_at_three_layers".into(),
            provenance: "test: balanced Kneser chain".into(),
            params: CertParams {
                classes: 10,
                layers: 3,
                samples: 1,
                lambda_w: format!("1/{den}"),
                lambda_h: format!("1/{den}"),
            },
            bounds: CertBounds {
                upper: exact.to_string(),
                lower: lower.to_string(),
            },
            hints: CertHints {
                a_lower: a_lower_hint(&p).unwrap().to_string(),
            },
            witness: Witness {
                h1: matrix_to_rows(&mats[0]),
                w: mats[1..].iter().map(matrix_to_rows).collect(),
            },
        };
        cert.verify().unwrap_or_else(|e| panic!("1/{den}: {e}"));
    }
}
