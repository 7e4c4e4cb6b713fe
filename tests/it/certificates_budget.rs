//! One verification budget per file (issue 18): the generator of the 64-piece interval
//! certificates of `proofs/TRUST.md`'s worst-case table, and the regression tests that an
//! interval file is verified within one budget (each distinct witness evaluated once), that
//! oversized bounds are refused before the Sturm count, and that a file whose work exceeds the
//! budget is refused with a located error rather than run.

use ncverify::kernel::arith::rational::{Q, parse_rational};
use ncverify::kernel::cert::interval::{
    EndBounds, IntervalCertificate, IntervalCertificateError, Piece,
};
use ncverify::kernel::cert::limits;
use ncverify::search::interval::interval_to_toml;

const COMMITTED: &str = include_str!("../../proofs/certificates/interval/k10_l2_n1_r1.toml");

fn q(s: &str) -> Q {
    parse_rational(s).unwrap()
}

/// `x - 1/p` with `p` an odd number of `digits` digits (`x` unchanged for 0 digits): a
/// smaller value, so a valid lower bound stays valid, with a long coprime denominator.
fn perturb(x: &Q, digits: usize, salt: usize) -> Q {
    if digits == 0 {
        return x.clone();
    }
    let p = format!("{}{:0>width$}", 1, 2 * salt + 7, width = digits - 1);
    x - Q::new(1.into(), p.parse().unwrap())
}

/// The committed one-piece certificate on $[\lambda_a, \lambda_b]$ (K = 10, L = 2) cut into
/// `pieces` equal pieces with the same witness. At $\lambda = (1-t)\lambda_a + t\lambda_b$:
/// `upper` is the witness's exact loss (affine in λ, so the interpolation is exact), and
/// `lower`, `a_lower` the interpolations of the committed ones minus $1/p$ with a
/// `digits`-digit $p$ (valid by concavity of the DNC bound in λ and linearity of $A$). With
/// `fail_last`, the last endpoint's `lower` is set to its `upper` (clause 4 fails there
/// only).
pub fn split_interval(pieces: usize, digits: usize, fail_last: bool) -> String {
    let base = IntervalCertificate::from_toml(COMMITTED).unwrap();
    let one = &base.pieces[0];
    let (a, b) = (q(&one.lambda_a), q(&one.lambda_b));
    let ends = |f: fn(&EndBounds) -> &String| (q(f(&one.at_a)), q(f(&one.at_b)));
    let up = ends(|e| &e.upper);
    let lo = ends(|e| &e.lower);
    let al = ends(|e| &e.a_lower);
    let at = |v: &(Q, Q), t: &Q| &v.0 + t * (&v.1 - &v.0);
    let mut out = base.clone();
    out.pieces = (0..pieces)
        .map(|i| {
            let t = |j: usize| Q::new((j as i64).into(), (pieces as i64).into());
            let (ta, tb) = (t(i), t(i + 1));
            let end = |t: &Q, k: usize, last: bool| EndBounds {
                upper: at(&up, t).to_string(),
                lower: if last {
                    at(&up, t).to_string()
                } else {
                    perturb(&at(&lo, t), digits, k).to_string()
                },
                a_lower: perturb(&at(&al, t), digits, k + 1).to_string(),
            };
            Piece {
                lambda_a: (&a + &ta * (&b - &a)).to_string(),
                lambda_b: (&a + &tb * (&b - &a)).to_string(),
                at_a: end(&ta, 4 * i, false),
                at_b: end(&tb, 4 * i + 2, fail_last && i + 1 == pieces),
                witness: one.witness.clone(),
            }
        })
        .collect();
    interval_to_toml(&out)
}

fn verify(text: &str) -> Result<usize, IntervalCertificateError> {
    let c = IntervalCertificate::from_toml(text)?;
    Ok(c.verify()?.ends().len())
}

#[test]
fn sixty_four_pieces_with_one_witness_verify_within_one_budget() {
    assert_eq!(verify(&split_interval(64, 0, false)).unwrap(), 64);
    // 150-digit perturbations at all 128 endpoints: still valid, and each endpoint's Sturm
    // count is charged to the same file budget
    let text = split_interval(64, 150, false);
    assert_eq!(verify(&text).unwrap(), 64);
}

#[test]
fn a_sixty_four_piece_file_failing_at_its_last_endpoint_is_located_there() {
    let err = verify(&split_interval(64, 150, true)).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("pieces[63].at_b"), "{msg}");
    assert!(msg.contains("is not below"), "{msg}");
}

#[test]
fn bounds_too_long_for_the_sturm_count_are_refused_before_it() {
    // 400-digit perturbations give ~2700-bit bounds: above MAX_BOUND_BITS
    let msg = verify(&split_interval(64, 400, false))
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("pieces[0].at_a"), "{msg}");
    assert!(msg.contains("bits exceed the limit of 1400"), "{msg}");
    // the 2000-character numbers: the number limit
    let msg = verify(&split_interval(8, 1000, false))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("characters exceed the limit"), "{msg}");
}

#[test]
fn the_file_budget_is_shared_by_every_endpoint() {
    // each endpoint's Sturm count costs a fixed amount; charging it to one meter, the sum
    // over a file's endpoints is bounded by the budget however many pieces it has
    let one = limits::sturm_cost(32, limits::MAX_BOUND_BITS, limits::MAX_BOUND_BITS);
    assert!(one <= limits::FILE_WORK, "one endpoint fits");
    let mut meter = limits::Meter::file();
    let mut taken = 0;
    while meter.charge(one).is_ok() {
        taken += 1;
    }
    assert!(taken >= 1 && (taken as u128) * one <= limits::FILE_WORK);
    assert_eq!(meter.charge(one), Err(meter.left()));
    // the committed certificates use a small fraction of a budget
    let small = limits::sturm_cost(3, 300, 300);
    assert!(128 * small < limits::FILE_WORK / 10);
}
