//! Tests of `ncverify::construct::scheme` (`src/construct/scheme.rs`).

use ncverify::construct::scheme::*;
use ncverify::kernel::arith::rational::Q;
use ncverify::kernel::arith::rational::q;
use ncverify::kernel::mse::dufm::mse_loss_exact;
use ncverify::kernel::srg::scheme::SchemeError;
use ncverify::numeric::q_to_f64;

#[test]
fn triangular_basis_is_an_srg_algebra() {
    // T(5) = srg(10, 6, 3, 4): A² = 6I + 3A + 4(J - I - A)
    let s = Scheme::triangular(5);
    let a = s.combine_f64(&[0.0, 1.0, 0.0]);
    let rhs = s.combine_f64(&[6.0 - 4.0, 3.0 - 4.0, 4.0]);
    assert_eq!(&a * &a, rhs);
}

#[test]
fn johnson_two_subsets_are_the_triangular_graph() {
    let j = Scheme::johnson(5, 2);
    let t = Scheme::triangular(5);
    assert_eq!(j.points(), 10);
    // B_1 of J(5,2) relates pairs meeting in one point: T(5)'s adjacency
    let a_j = j.combine_f64(&[0.0, 1.0, 0.0]);
    let a_t = t.combine_f64(&[0.0, 1.0, 0.0]);
    // both are srg(10,6,3,4) adjacency matrices on possibly different orderings of the
    // pairs; compare spectra through traces of powers
    for p in 1..5 {
        assert_eq!(a_j.pow(p).trace(), a_t.pow(p).trace());
    }
}

#[test]
fn named_schemes_are_the_kernels_configurations() {
    // T(5) from its basis {I, A, J} refines to the kernel's cells I, A, J - I - A
    let t = Scheme::triangular(5);
    let k = t.points();
    let basis: Vec<Vec<i64>> = (0..3)
        .map(|j| {
            let mut c = vec![0.0; 3];
            c[j] = 1.0;
            let m = t.combine_f64(&c);
            (0..k * k).map(|x| m[(x / k, x % k)] as i64).collect()
        })
        .collect();
    let from_basis = Scheme::from_basis("T(5)".into(), k, &basis).unwrap();
    assert_eq!(from_basis.configuration(), t.configuration());
    assert_eq!(
        t.configuration(),
        &ncverify::kernel::srg::triangular_configuration(5).unwrap()
    );
    assert_eq!(Scheme::trivial(1).configuration().cells(), 1);
    assert_eq!(Scheme::with_dnc_remainder(4, 1).configuration().cells(), 6);
    assert_eq!(Scheme::with_dnc_remainder(4, 2).configuration().cells(), 7);
    assert!(matches!(
        Scheme::try_triangular(3),
        Err(SchemeBasisError::Srg(_))
    ));
}

#[test]
fn rejects_a_basis_that_is_not_closed() {
    // span{I, A, J} of the 6-cycle: A² is 1 at (0, 2) and 0 at (0, 3), both in J − I − A
    let k = 6;
    let id: Vec<i64> = (0..k * k).map(|x| i64::from(x / k == x % k)).collect();
    let cyc: Vec<i64> = (0..k * k)
        .map(|x| i64::from((x / k + k - x % k) % k == 1 || (x % k + k - x / k) % k == 1))
        .collect();
    let s = Scheme::from_basis("C6".into(), k, &[id.clone(), cyc.clone(), vec![1; k * k]]);
    assert!(matches!(
        s,
        Err(SchemeBasisError::Kernel(SchemeError::NotClosed {
            k: 2,
            ..
        }))
    ));
    // span{I, A} alone does not even cover J
    assert_eq!(
        Scheme::from_basis("C6 partial".into(), k, &[id, cyc]),
        Err(SchemeBasisError::NotCovering { x: 0, y: 2 })
    );
}

#[test]
fn rejects_malformed_bases() {
    assert_eq!(
        Scheme::from_basis("J only".into(), 3, &[vec![1; 9]]),
        Err(SchemeBasisError::Kernel(SchemeError::MixedDiagonal {
            cell: 0
        }))
    );
    assert_eq!(
        Scheme::from_basis("short".into(), 3, &[vec![1; 8]]),
        Err(SchemeBasisError::BasisSize { index: 0, found: 8 })
    );
    assert_eq!(
        Scheme::from_basis("two".into(), 2, &[vec![1, 0, 0, 2]]),
        Err(SchemeBasisError::NotBinary { index: 0 })
    );
    assert_eq!(
        Scheme::from_basis("none".into(), 2, &[]),
        Err(SchemeBasisError::Empty)
    );
}

#[test]
fn gradient_matches_finite_differences() {
    let s = Scheme::triangular(4);
    let m = SchemeModel {
        scheme: &s,
        layers: 3,
        samples: 2,
        lambda_w: 0.01,
        lambda_h: 0.02,
    };
    let c: Vec<f64> = (0..m.dim())
        .map(|i| 0.3 + 0.17 * ((i * 7 % 5) as f64) - 0.2 * ((i % 3) as f64))
        .collect();
    let (_, g) = m.loss_grad(&c);
    for i in 0..m.dim() {
        let h = 1e-6;
        let mut cp = c.clone();
        cp[i] += h;
        let mut cm = c.clone();
        cm[i] -= h;
        let fd = (m.loss_grad(&cp).0 - m.loss_grad(&cm).0) / (2.0 * h);
        assert!(
            (fd - g[i]).abs() < 1e-6 * (1.0 + g[i].abs()),
            "coef {i}: {fd} vs {}",
            g[i]
        );
    }
}

#[test]
fn exact_matrices_agree_with_f64_loss() {
    let s = Scheme::triangular(5);
    let m = SchemeModel {
        scheme: &s,
        layers: 3,
        samples: 2,
        lambda_w: 0.004,
        lambda_h: 0.004,
    };
    let cq: Vec<Q> = (0..m.dim() as i64)
        .map(|i| q(i % 5 - 2, 4 + i % 3))
        .collect();
    let cf: Vec<f64> = cq.iter().map(q_to_f64).collect();
    let (h, ws) = m.exact_matrices(&cq);
    let exact = mse_loss_exact(&h, &ws, 10, 2, &q(1, 250), &q(1, 250)).unwrap();
    let float = m.loss_grad(&cf).0;
    assert!((q_to_f64(&exact) - float).abs() < 1e-12 * float.abs());
}
