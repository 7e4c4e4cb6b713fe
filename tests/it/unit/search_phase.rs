//! Tests of `ncverify::search::phase` (`src/search/phase.rs`).

use ncverify::kernel::arith::rational::q;
use ncverify::search::phase::*;

/// A cell for tests (here and in `ncverify::plot::phase`).
pub(super) fn row(k: u64, l: u32, lam: f64, status: CellStatus, ratio: Option<f64>) -> PhaseRow {
    PhaseRow {
        classes: k,
        layers: l,
        samples: 1,
        lambda: "1/250".into(),
        lambda_f64: lam,
        dnc_loss: 0.1,
        dnc_zero: status == CellStatus::Zero,
        status,
        source: "T(5)".into(),
        ratio,
        upper: None,
        lower: None,
        found: None,
    }
}

#[test]
fn csv_has_one_line_per_cell() {
    let rows = vec![
        row(10, 3, 0.004, CellStatus::Committed, Some(0.9795)),
        row(6, 3, 0.004, CellStatus::Undecided, None),
        row(6, 4, 0.004, CellStatus::Zero, None),
    ];
    let csv = to_csv(&rows);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.lines().nth(1).unwrap().starts_with("10,3,1,1/250,"));
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .contains(",committed,T(5),0.97950000,")
    );
}

#[test]
fn ratio_labels_never_round_up_to_one() {
    assert_eq!(ratio_label(0.9795), "0.980");
    assert_eq!(ratio_label(0.99972), "0.9997");
    assert_eq!(ratio_label(0.999_999_4), "0.999999");
    assert_eq!(ratio_label(1.0 - 1e-12), "<1");
    assert_eq!(ratio_label(1.0), "1.000");
}

#[test]
fn lambda_grid_is_log_spaced_exact_and_sorted() {
    let g = lambda_grid(&q(1, 10000), &q(1, 10), 4).unwrap();
    assert_eq!(g, vec![q(1, 10000), q(1, 1000), q(1, 100), q(1, 10)]);
    assert!(lambda_grid(&q(1, 10), &q(1, 100), 4).is_none());
    let g = lambda_grid(&q(1, 10000), &q(1, 10), 25).unwrap();
    assert_eq!(g.len(), 25);
    assert!(g.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn boundary_is_the_least_proved_k_per_common_lambda() {
    let mk = |k: u64, lam: f64, status: CellStatus| PhaseRow {
        classes: k,
        layers: 2,
        samples: 1,
        lambda: String::new(),
        lambda_f64: lam,
        dnc_loss: 0.1,
        dnc_zero: status == CellStatus::Zero,
        status,
        source: String::new(),
        ratio: None,
        upper: None,
        lower: None,
        found: None,
    };
    use CellStatus::*;
    let rows = vec![
        mk(6, 1e-3, Undecided),
        mk(7, 1e-3, Proved),
        mk(8, 1e-3, Committed),
        mk(6, 1e-2, Uncertified),
        mk(7, 1e-2, Undecided),
        mk(8, 1e-2, Certified),
        mk(6, 1e-1, Zero),
        mk(7, 1e-1, Zero),
        mk(8, 1e-1, Zero),
        // a λ only K = 6's column has (a committed point certificate's): left out
        mk(6, 5e-3, Committed),
    ];
    assert_eq!(
        boundary_steps(&rows),
        vec![(1e-3, Some(7)), (1e-2, Some(8)), (1e-1, None)]
    );
    assert!(boundary_steps(&[]).is_empty());
}

#[test]
fn phase_grid_is_k_major_and_checks_its_lambda_range() {
    let kl = PhaseAxes::KL {
        classes: (2, 3),
        layers: (1, 2),
        lambda: q(1, 250),
    };
    let g = phase_grid(&kl, 1).unwrap();
    let kls: Vec<(u64, u32)> = g.cells.iter().map(|p| (p.classes(), p.layers())).collect();
    assert_eq!(kls, [(2, 1), (2, 2), (3, 1), (3, 2)]);
    assert!(!g.klambda && g.title.contains("1/250"));
    let bad = PhaseAxes::KLambda {
        classes: (2, 2),
        layers: 2,
        lo: q(1, 10),
        hi: q(1, 100),
        steps: 3,
    };
    assert_eq!(
        phase_grid(&bad, 1).unwrap_err(),
        PhaseGridError::LambdaRange
    );
    let ok = PhaseAxes::KLambda {
        classes: (2, 3),
        layers: 2,
        lo: q(1, 100),
        hi: q(1, 10),
        steps: 3,
    };
    let g = phase_grid(&ok, 1).unwrap();
    assert!(g.klambda && g.cells.len() >= 6);
    assert!(g.cells.iter().all(|p| p.layers() == 2));
}
