//! Tests of `ncverify::search::dense` (`src/search/dense.rs`).

use ncverify::search::dense::*;

#[test]
fn pack_unpack_and_gradient() {
    let m = DenseModel {
        classes: 3,
        layers: 2,
        samples: 2,
        width: 4,
        lambda_w: 0.01,
        lambda_h: 0.03,
    };
    assert_eq!(m.dim(), 4 * 6 + 4 * 4 + 3 * 4);
    let x: Vec<f64> = (0..m.dim())
        .map(|i| ((i * 37 % 11) as f64 - 5.0) / 7.0)
        .collect();
    let (_, g) = m.loss_grad(&x);
    for i in 0..m.dim() {
        let h = 1e-6;
        let mut xp = x.clone();
        xp[i] += h;
        let mut xm = x.clone();
        xm[i] -= h;
        let fd = (m.loss_grad(&xp).0 - m.loss_grad(&xm).0) / (2.0 * h);
        assert!((fd - g[i]).abs() < 1e-6, "param {i}: {fd} vs {}", g[i]);
    }
}
