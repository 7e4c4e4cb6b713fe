//! Tests of `ncverify::mse::explicit` (`src/mse/explicit.rs`).

use ncverify::construct::srg::triangular_edges;
use ncverify::kernel::arith::rational::qi;
use ncverify::kernel::arith::rational::{parse_rational, q};
use ncverify::kernel::mse::dufm::{forward_exact, labels_exact, mse_loss_exact};
use ncverify::kernel::mse::family::{explicit_cost_power, t_subsets};
use ncverify::mse::explicit::*;
use ncverify::mse::family::Construction;
use ncverify::mse::family::{Block, Family, construction_loss};
use ncverify::mse::params::MseParams;
use ncverify::numeric::q_to_f64;

fn params(k: u64, l: u32, lw: &str, lh: &str, n: u64) -> MseParams {
    MseParams::new(
        k,
        l,
        parse_rational(lw).unwrap(),
        parse_rational(lh).unwrap(),
        n,
    )
    .unwrap()
}

#[test]
fn unit_factors_output_the_labels_exactly() {
    for (k, l, fam) in [
        (6, 2, Family::Srg),
        (6, 4, Family::Srg),
        (10, 3, Family::Srg),
        (4, 1, Family::Dnc),
        (3, 3, Family::Dnc),
        (8, 3, Family::SrgBlock),
        (7, 2, Family::SrgBest),
    ] {
        let p = params(k, l, "1", "1", 2);
        let c = fam.construction(&p).unwrap();
        let (h, ws) = split_exact(&unit_factors(&c, l, 2).unwrap()).unwrap();
        let out = forward_exact(&h, &ws).unwrap();
        assert_eq!(
            out,
            labels_exact(k as usize, 2).unwrap(),
            "{fam:?} K={k} L={l}"
        );
    }
}

#[test]
fn bchain_last_preactivation_is_btb_minus_j() {
    // X = F_{L-1} σ(F_{L-2} ... F_0) for one sample per class: entries 1 / 0 / -1.
    let r = 5;
    let c = Construction::new(vec![Block::Triangular { r }]).unwrap();
    let (h, ws) = split_exact(&unit_factors(&c, 3, 1).unwrap()).unwrap();
    let x = ws[1].mul(&ws[0].mul(&h).relu());
    let edges = triangular_edges(r as usize);
    for (a, e) in edges.iter().enumerate() {
        for (b, f) in edges.iter().enumerate() {
            let shared = [e.0, e.1]
                .iter()
                .filter(|v| **v == f.0 || **v == f.1)
                .count() as i64;
            assert_eq!(x.get(a, b), &qi(shared - 1));
        }
    }
    // rank r (r - 1 when r = 4)
    assert_eq!(x.rank(), r as usize);
    let c4 = Construction::new(vec![Block::Triangular { r: 4 }]).unwrap();
    let (h4, ws4) = split_exact(&unit_factors(&c4, 3, 1).unwrap()).unwrap();
    assert_eq!(ws4[1].mul(&ws4[0].mul(&h4).relu()).rank(), 3);
}

#[test]
fn explicit_costs_equal_closed_forms() {
    for l in 2..7 {
        for r in 3..8 {
            let b = Block::Triangular { r };
            assert_eq!(
                explicit_cost_power(&b, l, 3),
                b.cost_power(l),
                "r={r} L={l}"
            );
        }
        for m in 1..6 {
            let b = Block::Dnc { classes: m };
            assert_eq!(explicit_cost_power(&b, l, 2), b.cost_power(l));
        }
    }
}

#[test]
fn johnson_chains_output_labels_and_match_their_closed_form() {
    for (r, t) in [(4u64, 3u64), (5, 2), (5, 3), (6, 3), (6, 4)] {
        for l in [2u32, 3, 4] {
            let b = Block::Johnson { r, t };
            let k = b.classes().unwrap() as usize;
            let c = Construction::new(vec![b]).unwrap();
            let (h, ws) = split_exact(&unit_factors(&c, l, 2).unwrap()).unwrap();
            assert_eq!(
                forward_exact(&h, &ws).unwrap(),
                labels_exact(k, 2).unwrap(),
                "J({r},{t}) L={l}"
            );
            assert_eq!(
                explicit_cost_power(&b, l, 2),
                b.cost_power(l),
                "J({r},{t}) L={l}"
            );
        }
    }
    // t = 2 is the B-chain on T(r), with the same factors.
    for r in 4..8u64 {
        let j = Construction::new(vec![Block::Johnson { r, t: 2 }]).unwrap();
        let tr = Construction::new(vec![Block::Triangular { r }]).unwrap();
        assert_eq!(unit_factors(&j, 3, 1), unit_factors(&tr, 3, 1));
        assert_eq!(
            Block::Johnson { r, t: 2 }.cost_power(5),
            Block::Triangular { r }.cost_power(5)
        );
    }
    assert_eq!(t_subsets(5, 3).len(), 10);
    assert_eq!(
        t_subsets(4, 2),
        vec![
            vec![0, 1],
            vec![0, 2],
            vec![0, 3],
            vec![1, 2],
            vec![1, 3],
            vec![2, 3]
        ]
    );
}

#[test]
fn loss_at_scales_equals_explicit_loss_exactly() {
    let p = params(8, 3, "1/250", "1/100", 2);
    let c = Family::SrgBlock.construction(&p).unwrap();
    let scales = vec![
        vec![q(3, 2), q(2, 3), q(5, 4), q(7, 8)],
        vec![q(1, 2), q(9, 5), qi(1), q(4, 3)],
    ];
    let (h, ws) = split_exact(&scaled_factors(&c, 3, 2, &scales).unwrap()).unwrap();
    let explicit = mse_loss_exact(&h, &ws, 8, 2, p.lambda_w(), p.lambda_h()).unwrap();
    assert_eq!(Ok(explicit), loss_at_scales(&p, &c, &scales));
}

#[test]
fn balanced_explicit_matrices_attain_family_loss() {
    for (k, l, fam, lam) in [
        (6, 4, Family::Srg, "1e-3"),
        (6, 4, Family::Dnc, "1e-3"),
        (10, 5, Family::SrgBlock, "2e-3"),
        (28, 6, Family::SrgBest, "1e-3"),
    ] {
        let p = params(k, l, lam, lam, 1);
        let c = fam.construction(&p).unwrap();
        let fl = construction_loss(&p, &c).unwrap();
        assert!(fl.scale > 0.0);
        let (h, ws) = balanced_factors_f64(&p, &c, fl.scale).unwrap();
        let lw = q_to_f64(p.lambda_w());
        let explicit = mse_loss_f64(&h, &ws, k as usize, 1, lw, lw).unwrap();
        assert!(
            ncverify::numeric::rel_diff(explicit, fl.loss, 1e-300) < 1e-12,
            "{fam:?}: explicit {explicit} vs family {}",
            fl.loss
        );
    }
}
