//! Tests of `ncverify::train::init` (`src/train/init.rs`).

use nalgebra::DMatrix;
use ncverify::strategies::small_model;
use ncverify::train::Trainer;
use ncverify::train::init::*;
use ncverify::train::model::{Activation, Loss};
use ncverify::train::model::{Dufm, ModelError, Params};
use proptest::prelude::*;

fn linear_ce(classes: usize, width: usize, layers: usize, samples: usize) -> Dufm {
    Dufm {
        classes,
        samples,
        width,
        layers,
        lambda_h: 0.0,
        lambda_w: 0.0,
        loss: Loss::Ce,
        activation: Activation::Linear,
    }
}

#[test]
fn sylvester_and_paley_are_hadamard() {
    for p in 0..5 {
        let k = 1 << p;
        check_hadamard(&sylvester(k).unwrap(), k).unwrap();
    }
    let h = paley12();
    check_hadamard(&h, 12).unwrap();
    // first row of I + S is all ones; H₁₂ is not symmetric (skew part)
    assert!(h[0].iter().all(|&x| x == 1));
    assert_ne!(h[1][2], h[2][1]);
}

#[test]
fn tampered_hadamard_is_rejected_at_the_broken_pair() {
    let mut h = sylvester(4).unwrap();
    h[3][1] = -h[3][1];
    assert_eq!(
        check_hadamard(&h, 4),
        Err(InitError::NotHadamard {
            reason: "columns 0 and 1 have inner product 2".into()
        })
    );
    h[3][1] = 0;
    assert!(matches!(
        check_hadamard(&h, 4),
        Err(InitError::NotHadamard { .. })
    ));
}

#[test]
fn invalid_hadamard_combinations_are_typed_errors() {
    assert_eq!(
        hadamard(&linear_ce(6, 8, 1, 1), &[1.0; 6]),
        Err(InitError::NotPowerOfTwo { classes: 6 })
    );
    assert_eq!(
        hadamard(&linear_ce(8, 5, 1, 1), &[1.0; 8]),
        Err(InitError::WidthTooSmall {
            width: 5,
            needed: 8
        })
    );
    assert_eq!(
        hadamard(&linear_ce(4, 4, 1, 1), &[1.0; 3]),
        Err(InitError::SingularValueCount {
            given: 3,
            expected: 4
        })
    );
    assert!(matches!(
        hadamard(&linear_ce(4, 4, 1, 1), &[1.0, -1.0, 1.0, 1.0]),
        Err(InitError::BadSingularValue { index: 1, .. })
    ));
    assert!(matches!(
        hadamard_with(&linear_ce(8, 8, 1, 1), &paley12(), &[1.0; 8]),
        Err(InitError::NotHadamard { .. })
    ));
    let frame = DMatrix::from_element(3, 1, 1.0);
    assert!(matches!(
        spectral(&linear_ce(3, 3, 2, 1), &frame, &[1.0]),
        Err(InitError::FrameNotOrthonormal { .. })
    ));
}

/// Balanced factors rebuild the prescribed output $Q\thinspace\mathrm{diag}(s^{L+1})Q^\top\otimes 1_n^\top/\sqrt n$.
#[test]
fn hadamard_init_is_balanced_and_rebuilds_its_output() {
    let model = linear_ce(4, 6, 3, 2);
    let sv = [0.5, 0.8, 1.1, 1.3];
    let p = hadamard(&model, &sv).unwrap();
    let all: Vec<&DMatrix<f64>> = p.iter().collect();
    for pair in all.windows(2) {
        let (lower, upper) = (pair[0], pair[1]);
        let diff = upper.transpose() * upper - lower * lower.transpose();
        assert!(diff.amax() < 1e-12, "unbalanced: {diff}");
    }
    let mut t = Trainer::new(model, 0.1, p).unwrap();
    let z = t.output();
    let h = sylvester(4).unwrap();
    let q = DMatrix::from_fn(4, 4, |i, j| h[i][j] as f64 / 2.0);
    let s4 = DMatrix::from_diagonal(&nalgebra::DVector::from_iterator(
        4,
        sv.iter().map(|s| s.powi(4)),
    ));
    let core = &q * s4 * q.transpose();
    let expected = DMatrix::from_fn(4, 8, |i, j| core[(i, j / 2)] / 2f64.sqrt());
    assert!((z - expected).amax() < 1e-12);
}

#[test]
fn random_orthogonal_is_orthogonal() {
    let q = random_orthogonal(7, 11);
    assert!((q.transpose() * &q - DMatrix::identity(7, 7)).amax() < 1e-14);
    spectral(&linear_ce(7, 9, 2, 3), &q, &[1.0; 7]).unwrap();
}

proptest! {
    #[test]
    fn gaussian_is_reproducible_and_shaped(model in small_model(), seed in any::<u64>()) {
        let a = gaussian(&model, 0.3, seed).unwrap();
        prop_assert!(a.check_shapes(&model).is_ok());
        prop_assert_eq!(&a, &gaussian(&model, 0.3, seed).unwrap());
        let back = load_json(&to_json(&a), &model).unwrap();
        prop_assert_eq!(a, back);
    }
}

/// Shrunk proptest case (tests/proptest-regressions/unit/train_init.txt): serde_json's default float
/// parser is not correctly rounded; `float_roundtrip` is required for `--init-from`.
#[test]
fn json_round_trips_a_hard_float() {
    let x: f64 = 0.19371250331072418;
    let model = linear_ce(1, 1, 1, 1);
    let p = Params {
        h1: DMatrix::from_element(1, 1, x),
        w: vec![DMatrix::from_element(1, 1, -x)],
    };
    let back = load_json(&to_json(&p), &model).unwrap();
    assert_eq!(back.h1[(0, 0)].to_bits(), x.to_bits());
    assert_eq!(back.w[0][(0, 0)].to_bits(), (-x).to_bits());
}

#[test]
fn json_errors_name_the_problem() {
    let model = linear_ce(2, 2, 1, 1);
    assert!(matches!(load_json("{", &model), Err(InitError::Json(_))));
    let ragged = r#"{"H1": [[1, 2], [3]], "W": [[[1, 2], [3, 4]]]}"#;
    assert_eq!(
        load_json(ragged, &model),
        Err(InitError::Json("H1 has rows of unequal length".into()))
    );
    let wrong = r#"{"H1": [[1, 2], [3, 4]], "W": [[[1, 2, 3], [3, 4, 5]]]}"#;
    assert!(matches!(
        load_json(wrong, &model),
        Err(InitError::Model(ModelError::Shape { .. }))
    ));
}
