//! A downstream crate's own claims: proof files in its own tree (`tests/fixtures/user_claims/`
//! here), checkers as closures with parameters, in a registry of their own or next to the
//! built-in claims — with the same rules of evidence, JSON and table.

use ncverify::claims::{
    self, CheckConfig, Claim, ExtraValue, Method, Outcome, ProofFileError, Registry, RegistryError,
    Report, Verdict, report,
};
use ncverify::kernel::Fact;
use ncverify::kernel::arith::rational::qi;
use ncverify::kernel::fact::decide_lt;
use std::panic::{AssertUnwindSafe, catch_unwind};

const TRIANGULAR: &str = include_str!("../fixtures/user_claims/user.triangular_below_cap.md");
const COLLATZ: &str = include_str!("../fixtures/user_claims/user.collatz_reaches_one.md");

/// `1 + ... + n < cap`, decided by the kernel; `n` and `cap` are captured.
fn triangular(n: i64, cap: i64) -> Claim {
    Claim::new(TRIANGULAR, move |_: &CheckConfig| {
        let sum = (1..=n).fold(qi(0), |acc, i| acc + qi(i));
        match decide_lt(&sum, &qi(cap)) {
            Ok(fact) => Outcome::proved(fact, format!("1 + ... + {n} = {sum} < {cap}")),
            Err(fact) => Outcome::disproved(fact, format!("1 + ... + {n} = {sum} >= {cap}")),
        }
    })
    .expect("the fixture parses")
}

/// Collatz from every start up to `bound` (captured), observed.
fn collatz(bound: u64) -> Claim {
    Claim::new(COLLATZ, move |cfg: &CheckConfig| {
        let bound = if cfg.full { bound * 10 } else { bound };
        for start in 1..=bound {
            let (mut n, mut steps) = (start, 0);
            while n != 1 {
                n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
                steps += 1;
                if steps > 1000 {
                    return Outcome::observed(
                        Verdict::Refuted,
                        format!("start {start} takes more than 1000 steps"),
                    );
                }
            }
        }
        Outcome::observed(Verdict::Holds, format!("every start in 1..={bound}"))
    })
    .expect("the fixture parses")
}

fn user_registry(n: i64, cap: i64) -> Registry {
    Registry::new()
        .with(triangular(n, cap))
        .and_then(|r| r.with(collatz(500)))
        .expect("distinct ids")
}

#[test]
fn a_closure_capturing_its_parameters_is_decided_as_expected() {
    let cfg = CheckConfig::default();
    let reg = user_registry(10, 56);
    assert_eq!(
        reg.ids().collect::<Vec<_>>(),
        ["user.triangular_below_cap", "user.collatz_reaches_one"]
    );
    let reports = reg.run_all(&cfg);
    for r in &reports {
        r.assert_expected();
    }
    assert_eq!(reports[0].method, Method::Proof);
    assert_eq!(reports[0].kernel_facts, ["55 < 56"]);
    assert_eq!(reports[0].evidence, "1 + ... + 10 = 55 < 56");
    assert_eq!(reports[1].verdict, Verdict::Holds);
    assert!(reports[1].kernel_facts.is_empty());
    assert_eq!(reports[1].evidence, "every start in 1..=500");

    // The same proof text with another captured cap: the kernel states the counterexample.
    let r = user_registry(10, 55)
        .run("user.triangular_below_cap", &cfg)
        .unwrap();
    r.assert_verdict(Verdict::Refuted);
    assert!(!r.as_expected());
    assert_eq!(r.kernel_facts, ["55 >= 55"]);
}

#[test]
fn the_test_assertion_prints_id_verdicts_evidence_and_facts() {
    let r = user_registry(10, 55)
        .run("user.triangular_below_cap", &CheckConfig::default())
        .unwrap();
    let panic = catch_unwind(AssertUnwindSafe(|| {
        r.assert_expected();
    }))
    .expect_err("a refuted claim expected to hold fails the assertion");
    let msg = panic.downcast_ref::<String>().expect("a formatted message");
    for part in [
        "claim `user.triangular_below_cap`: wanted holds, obtained refuted",
        "expected:  holds",
        "obtained:  refuted",
        "evidence:  1 + ... + 10 = 55 >= 55",
        "  - 55 >= 55",
        "doi: 10.0000/ncverify.example",
    ] {
        assert!(msg.contains(part), "missing {part:?} in:\n{msg}");
    }
    // As expected: no panic, and the report comes back for chaining.
    let ok = user_registry(10, 56)
        .run("user.triangular_below_cap", &CheckConfig::default())
        .unwrap();
    assert_eq!(ok.assert_expected().verdict, Verdict::Holds);
}

#[test]
fn user_claims_obey_the_rules_of_evidence() {
    // A proof claim decided without a kernel fact is undecided.
    let observed = Claim::new(TRIANGULAR, |_: &CheckConfig| {
        Outcome::observed(Verdict::Holds, "55 < 56 in f64")
    })
    .unwrap();
    let r = observed.run(&CheckConfig::default());
    assert_eq!(r.verdict, Verdict::Undecided);
    assert!(r.evidence.contains("needs a kernel fact"), "{}", r.evidence);
    // A panicking closure is undecided, and the other claims still run.
    let mut reg = Registry::new();
    reg.register(TRIANGULAR, |_: &CheckConfig| -> Outcome {
        panic!("user checker failed")
    })
    .unwrap();
    reg.add(collatz(20)).unwrap();
    let reports = reg.run_all(&CheckConfig::default());
    assert_eq!(reports[0].verdict, Verdict::Undecided);
    assert!(reports[0].evidence.contains("user checker failed"));
    assert_eq!(reports[1].verdict, Verdict::Holds);
    // A fact built by the kernel for another statement still decides only through `proved`.
    let fact: Fact = decide_lt(&qi(1), &qi(2)).unwrap();
    let r = Claim::new(TRIANGULAR, move |_: &CheckConfig| {
        Outcome::proved(fact.clone(), "1 < 2")
    })
    .unwrap()
    .run(&CheckConfig::default());
    assert_eq!(r.kernel_facts, ["1 < 2"]);
}

#[test]
fn duplicate_ids_are_rejected() {
    let mut reg = user_registry(10, 56);
    assert_eq!(
        reg.add(triangular(3, 7)),
        Err(RegistryError::DuplicateId(
            "user.triangular_below_cap".into()
        ))
    );
    assert_eq!(reg.len(), 2);
    // A user claim may not reuse a built-in id.
    let clash = TRIANGULAR.replace("user.triangular_below_cap", "etf.gram_and_margin");
    let err = Registry::builtin()
        .with(Claim::new(&clash, |_: &CheckConfig| Outcome::undecided("unused")).unwrap())
        .unwrap_err();
    assert_eq!(
        err,
        RegistryError::DuplicateId("etf.gram_and_margin".into())
    );
    assert_eq!(
        err.to_string(),
        "claim id \"etf.gram_and_margin\" is already registered"
    );
    // An id changed after parsing is re-checked.
    let mut renamed = triangular(1, 2);
    renamed.meta.id = "two words".into();
    assert!(matches!(
        Registry::new().add(renamed),
        Err(RegistryError::ProofFile(ProofFileError::BadId(_)))
    ));
}

#[test]
fn malformed_proof_text_is_a_typed_error() {
    let noop = |_: &CheckConfig| Outcome::undecided("unused");
    type IsExpected = fn(&ProofFileError) -> bool;
    let cases: [(String, IsExpected); 6] = [
        ("no front matter".into(), |e| {
            matches!(e, ProofFileError::MissingFrontMatter)
        }),
        (
            TRIANGULAR.replace("method = \"proof\"", "method = \"proof"),
            |e| matches!(e, ProofFileError::BadFrontMatter(_)),
        ),
        (TRIANGULAR.replace("statement", "statment"), |e| {
            matches!(
                e,
                ProofFileError::MisspelledKey {
                    known: "statement",
                    ..
                }
            )
        }),
        (TRIANGULAR.replace("year = 2025", "year = 2025.5"), |e| {
            matches!(e, ProofFileError::BadExtraValue { found: "float", .. })
        }),
        (
            TRIANGULAR.replace("\"user.triangular_below_cap\"", "\"user/claim\""),
            |e| matches!(e, ProofFileError::BadId(_)),
        ),
        (
            TRIANGULAR[..TRIANGULAR.rfind("+++").unwrap() + 4].to_string(),
            |e| matches!(e, ProofFileError::EmptyArgument),
        ),
    ];
    for (text, is_expected) in cases {
        let err = Claim::new(&text, noop).unwrap_err();
        assert!(is_expected(&err), "{err:?}");
        assert!(!err.to_string().contains('\n'), "{err}");
        let mut reg = Registry::new();
        match reg.register(&text, noop) {
            Err(RegistryError::ProofFile(e)) => assert_eq!(e, err),
            other => panic!("expected a proof-file error, got {other:?}"),
        }
        assert!(reg.is_empty());
    }
}

#[test]
fn extra_front_matter_fields_are_kept_and_reported_in_json() {
    let claim = triangular(10, 56);
    assert_eq!(
        claim.meta.extra.get("doi"),
        Some(&ExtraValue::Text("10.0000/ncverify.example".into()))
    );
    assert_eq!(
        claim.meta.extra.get("year"),
        Some(&ExtraValue::Integer(2025))
    );
    assert!(claim.argument.starts_with("The sum"));
    let reports = vec![claim.run(&CheckConfig::default())];
    let json: serde_json::Value =
        serde_json::from_str(&report::to_json(&reports).unwrap()).unwrap();
    let extra = &json[0]["extra"];
    assert_eq!(extra["doi"], "10.0000/ncverify.example");
    assert_eq!(extra["arxiv"], "0000.00000");
    assert_eq!(extra["theorem"], "2.1");
    assert_eq!(extra["year"], 2025);
    assert_eq!(extra["authors"][0], "A. Author");
    assert_eq!(json[0]["verdict"], "holds");
    // The table stays the `check` table: extra fields are JSON-only.
    let table = report::to_markdown(&reports);
    assert!(!table.contains("doi"));
    // A claim without extra fields has no `extra` key.
    let r = collatz(5).run(&CheckConfig::default());
    let json: serde_json::Value = serde_json::from_str(&report::to_json(&[r]).unwrap()).unwrap();
    assert!(json[0].get("extra").is_none());
}

#[test]
fn find_hits_and_misses() {
    let c = claims::find("etf.gram_and_margin").expect("a built-in claim");
    assert_eq!(c.id(), "etf.gram_and_margin");
    assert_eq!(c.meta.method, Method::Proof);
    assert!(claims::find("etf.gram_and_margi").is_none());
    assert!(claims::find("").is_none());
    assert!(claims::find("user.triangular_below_cap").is_none());

    let builtin = Registry::builtin();
    assert_eq!(builtin.len(), claims::registry().len());
    assert!(
        builtin
            .ids()
            .eq(claims::registry().iter().map(|c| c.meta.id.as_str()))
    );
    let all = builtin.with(triangular(10, 56)).unwrap();
    assert_eq!(
        all.find("user.triangular_below_cap").map(Claim::id),
        Some("user.triangular_below_cap")
    );
    assert!(all.find("etf.gram_and_margin").is_some());
    assert!(all.find("user.nothing").is_none());
    assert_eq!(
        all.run("user.nothing", &CheckConfig::default())
            .unwrap_err(),
        RegistryError::UnknownClaim("user.nothing".into())
    );
    let r: Report = all
        .run("user.triangular_below_cap", &CheckConfig::default())
        .unwrap();
    r.assert_expected();
}

#[test]
fn a_mixed_run_renders_like_check() {
    let reg = Registry::new()
        .with(claims::find("mse.bchain_beats_dnc_at_three_layers").unwrap())
        .and_then(|r| r.with(triangular(10, 55)))
        .unwrap();
    let reports = reg.run_all(&CheckConfig::default());
    let table = report::to_markdown(&reports);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "| id | method | expected | verdict | evidence |");
    assert_eq!(lines[1], "|---|---|---|---|---|");
    assert!(
        lines[2]
            .starts_with("| mse.bchain_beats_dnc_at_three_layers | proof | refuted | refuted | "),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "| user.triangular_below_cap | proof | holds | refuted (UNEXPECTED) | 1 + ... + 10 = 55 >= 55 |"
    );
    assert_eq!(lines[4], "");
    assert_eq!(lines[5], "1 of 2 claims decided as expected.");
    assert_eq!(lines.len(), 6);
}
