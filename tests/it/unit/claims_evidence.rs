//! Tests of `ncverify::claims::evidence` (`src/claims/evidence.rs`).

use ncverify::claims::CheckFn;
use ncverify::claims::Claim;
use ncverify::claims::*;

fn claim(method: Method, check: CheckFn) -> Claim {
    let proof = format!(
        "+++\nid = \"test.claim\"\nstatement = \"s\"\nsource = \"src\"\nmethod = \"{method}\"\nexpected = \"holds\"\n+++\nBecause.\n"
    );
    Claim::new(&proof, check).unwrap()
}

#[test]
fn a_panicking_checker_is_undecided_and_the_run_goes_on() {
    fn boom(_: &CheckConfig) -> Outcome {
        panic!("deliberate failure in a test checker")
    }
    let r = run(&claim(Method::Proof, boom), &CheckConfig::default());
    assert_eq!(r.verdict, Verdict::Undecided);
    assert!(
        r.evidence.contains("deliberate failure in a test checker"),
        "{}",
        r.evidence
    );
    assert!(!r.as_expected());
}

#[test]
fn proof_and_certificate_verdicts_need_a_kernel_fact() {
    fn observed(_: &CheckConfig) -> Outcome {
        Outcome::observed(Verdict::Holds, "looks fine in f64")
    }
    fn backed(_: &CheckConfig) -> Outcome {
        let fact = ncverify::kernel::fact::decide_lt(
            &ncverify::kernel::arith::rational::qi(1),
            &ncverify::kernel::arith::rational::qi(2),
        )
        .expect("1 < 2");
        Outcome::proved(fact, "1 < 2")
    }
    for method in [Method::Proof, Method::Certificate] {
        let r = run(&claim(method, observed), &CheckConfig::default());
        assert_eq!(r.verdict, Verdict::Undecided, "{method}");
        assert!(r.evidence.contains("needs a kernel fact"));
        let r = run(&claim(method, backed), &CheckConfig::default());
        assert_eq!(r.verdict, Verdict::Holds, "{method}");
        assert_eq!(r.kernel_facts, vec!["1 < 2".to_string()]);
    }
    for method in [Method::Sampled, Method::Experiment] {
        let r = run(&claim(method, observed), &CheckConfig::default());
        assert_eq!(r.verdict, Verdict::Holds, "{method}");
        assert!(r.kernel_facts.is_empty());
    }
}
