//! Hand-computed exact fixtures for K = 2, 3, 4 (the first tier of the test suite).

use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::{q, qi};
use ncverify::mse::explicit::{mse_loss_exact, split_exact, unit_factors};
use ncverify::mse::family::{Block, Construction};

#[test]
fn k2_one_layer_at_half_scale() {
    // H = I/2, W = I/2, λ = 1/10: fit ½(1 - 1/4)² = 9/32, reg 2·(1/20)(2·1/4) = 1/20.
    let h = QMatrix::identity(2).scale(&q(1, 2));
    let w = QMatrix::identity(2).scale(&q(1, 2));
    let loss = mse_loss_exact(&h, &[w], 2, 1, &q(1, 10), &q(1, 10)).unwrap();
    assert_eq!(loss, q(53, 160));
}

#[test]
fn k3_bchain_on_t3_at_unit_scale() {
    // T(3): B is 3x3 with two ones per column; fit 0; reg = ½(6 + 9/4 + 3) = 45/8 at λ = 1.
    let c = Construction::new(vec![Block::Triangular { r: 3 }]).unwrap();
    let (h, ws) = split_exact(&unit_factors(&c, 2, 1).unwrap()).unwrap();
    assert_eq!(h.frobenius_sq(), qi(6));
    assert_eq!(ws[0].frobenius_sq(), q(9, 4));
    assert_eq!(
        mse_loss_exact(&h, &ws, 3, 1, &qi(1), &qi(1)).unwrap(),
        q(45, 8)
    );
}

#[test]
fn k4_dnc_three_layers_two_samples() {
    // Fit 0; reg = λ_H/2 · 8 + 3 · λ_W/2 · 4 = 2 + 3 = 5 at λ = 1/2.
    let c = Construction::new(vec![Block::Dnc { classes: 4 }]).unwrap();
    let (h, ws) = split_exact(&unit_factors(&c, 3, 2).unwrap()).unwrap();
    assert_eq!(
        mse_loss_exact(&h, &ws, 4, 2, &q(1, 2), &q(1, 2)).unwrap(),
        qi(5)
    );
    // Off by one entry, the fit term appears: flip one label column's feature sign.
    let mut h2 = h.clone();
    h2.set(0, 0, qi(-1));
    // column 0 now outputs 0 instead of e_0 (ReLU kills it): fit = 1/(2·8) = 1/16, same reg.
    assert_eq!(
        mse_loss_exact(&h2, &ws, 4, 2, &q(1, 2), &q(1, 2)).unwrap(),
        qi(5) + q(1, 16)
    );
}
