//! The library's error types (floats, search, training, sweeps, proof files) name the
//! caller's argument through `parameter()`, and their messages start with it; one bad call per
//! error type.

use nalgebra::DMatrix;
use ncverify::ce::loss::{CeLossError, cross_entropy, cross_entropy_enclosure};
use ncverify::claims::{parse_proof_file, validate_id};
use ncverify::construct::scheme::Scheme;
use ncverify::kernel::QMatrix;
use ncverify::kernel::arith::rational::q;
use ncverify::metrics::{self, MetricError};
use ncverify::numeric::{FloatImageError, float_image, positive_normal, svd};
use ncverify::search::reduced::{ReducedError, ReducedModel};
use ncverify::sweep::Grid;
use ncverify::sweep::grid::GridFile;
use ncverify::train::init::{InitError, spectral, sylvester};
use ncverify::train::{Activation, Dufm, Loss};

fn model(classes: usize, width: usize) -> Dufm {
    Dufm {
        classes,
        samples: 1,
        width,
        layers: 2,
        lambda_h: 1e-3,
        lambda_w: 1e-3,
        loss: Loss::Mse,
        activation: Activation::Relu,
    }
}

#[test]
fn cross_entropy_names_labels_logits_and_tolerance() {
    let z = DMatrix::from_row_slice(2, 2, &[1.0, 0.0, 0.0, 1.0]);
    let e = cross_entropy(&z, &[0]).unwrap_err();
    assert!(matches!(e, CeLossError::LabelCount { .. }), "{e:?}");
    assert_eq!(e.parameter(), "labels");
    assert_eq!(e.to_string(), "labels: 1 labels for 2 columns of z");
    let e = cross_entropy(&z, &[0, 2]).unwrap_err();
    assert_eq!(e.parameter(), "labels");
    let bad = DMatrix::from_row_slice(2, 2, &[1.0, f64::NAN, 0.0, 1.0]);
    let e = cross_entropy(&bad, &[0, 1]).unwrap_err();
    assert_eq!(e.parameter(), "z");
    assert!(e.to_string().starts_with("z: "), "{e}");
    let zq = QMatrix::identity(2);
    let e = cross_entropy_enclosure(&zq, &[0, 1], &q(0, 1)).unwrap_err();
    assert_eq!(e, CeLossError::NonPositiveTolerance);
    assert_eq!(e.parameter(), "tol");
}

#[test]
fn metrics_name_the_features_the_classifier_and_the_sizes() {
    let h = DMatrix::from_row_slice(1, 4, &[1.0, 1.1, -1.0, -1.1]);
    let e = metrics::nc1(&h, 0, 2, 1e-10).unwrap_err();
    assert_eq!(e, MetricError::ZeroSize { which: "classes" });
    assert_eq!(e.parameter(), "classes");
    assert_eq!(e.to_string(), "classes: 0, need at least 1");
    let means = DMatrix::from_row_slice(1, 2, &[1.0, -1.0]);
    let w = DMatrix::from_row_slice(3, 1, &[1.0, 0.0, -1.0]);
    let e = metrics::nc3(&w, &means).unwrap_err();
    assert_eq!(e.parameter(), "w");
    let zero = DMatrix::zeros(2, 4);
    match metrics::nc1(&zero, 2, 2, 1e-10) {
        Err(e) => {
            assert_eq!(e.parameter(), "h");
            assert!(e.to_string().starts_with("h: "), "{e}");
        }
        Ok(v) => assert!(v.is_finite(), "NC1 of all-zero features reported as {v}"),
    }
}

#[test]
fn float_image_and_svd_name_their_argument() {
    let e = float_image(&q(-1, 2)).unwrap_err();
    assert_eq!(e, FloatImageError::NotPositive);
    assert_eq!(e.parameter(), "x");
    assert_eq!(
        positive_normal(f64::MIN_POSITIVE / 4.0)
            .unwrap_err()
            .parameter(),
        "x"
    );
    let m = DMatrix::from_row_slice(1, 2, &[1.0, f64::INFINITY]);
    assert_eq!(svd(&m).unwrap_err().parameter(), "m");
}

#[test]
fn reduced_model_names_sizes_strengths_and_z() {
    let e = ReducedModel::new(0, 1, 4, 1e-3, 1e-3).unwrap_err();
    assert_eq!(e, ReducedError::Size { which: "classes" });
    assert_eq!(e.parameter(), "classes");
    let e = ReducedModel::new(3, 1, 4, 1e-3, -1.0).unwrap_err();
    assert_eq!(e.parameter(), "lambda_h");
    assert_eq!(e.to_string(), "lambda_h: must be positive and finite");
    let r = ReducedModel::new(3, 1, 4, 1e-3, 1e-3).unwrap();
    let e = r.value(&DMatrix::zeros(3, 3)).unwrap_err();
    assert!(matches!(e, ReducedError::Shape { .. }), "{e:?}");
    assert_eq!(e.parameter(), "z");
    assert!(
        e.to_string().starts_with("z: Z is 3x3, expected 4x3"),
        "{e}"
    );
}

#[test]
fn initialisers_name_classes_width_and_singular_values() {
    let e = sylvester(6).unwrap_err();
    assert!(matches!(e, InitError::NotPowerOfTwo { .. }), "{e:?}");
    assert_eq!(e.parameter(), "classes");
    let frame = DMatrix::identity(3, 2);
    let e = spectral(&model(3, 1), &frame, &[1.0, 1.0]).unwrap_err();
    assert_eq!(
        e,
        InitError::WidthTooSmall {
            width: 1,
            needed: 2
        }
    );
    assert_eq!(e.parameter(), "width");
    let e = spectral(&model(3, 4), &frame, &[1.0, f64::NAN]).unwrap_err();
    assert_eq!(e.parameter(), "sv");
    let e = spectral(&model(0, 4), &frame, &[1.0]).unwrap_err();
    assert_eq!(e.parameter(), "classes");
}

#[test]
fn model_errors_name_the_size_or_parameter() {
    let mut m = model(3, 4);
    m.width = 0;
    assert_eq!(m.validate().unwrap_err().parameter(), "width");
    let mut m = model(3, 4);
    m.lambda_w = f64::NAN;
    assert_eq!(m.validate().unwrap_err().parameter(), "lambda_w");
}

#[test]
fn scheme_and_sweep_and_proof_file_errors_name_their_argument() {
    let e = Scheme::try_triangular(1).unwrap_err();
    assert_eq!(e.parameter(), "r");
    let e =
        GridFile::from_toml("classes = [4]\nlayers = [2]\nwidth = [8]\nsteps = [10]\nseeds = 0")
            .and_then(|f| Grid::new(&f))
            .unwrap_err();
    assert_eq!(e.parameter(), "seeds");
    assert_eq!(validate_id("a b").unwrap_err().parameter(), "id");
    assert_eq!(
        parse_proof_file("no front matter").unwrap_err().parameter(),
        "text"
    );
}
