//! Tests of `ncverify::cli::srg` (`src/cli/srg.rs`).

use ncverify::cli::CliError;
use ncverify::cli::srg::*;
use ncverify::construct::srg::FeasibilityCondition;

fn args(v: &str, k: &str, l: &str, m: &str) -> SrgArgs {
    SrgArgs {
        v: v.into(),
        k: k.into(),
        lambda: l.into(),
        mu: m.into(),
        json: true,
    }
}

#[test]
fn bad_arguments_name_themselves() {
    let name_of = |a: SrgArgs| match run(&a) {
        Err(CliError::BadArgument { name, .. }) => name,
        other => panic!("expected a bad argument, got {other:?}"),
    };
    assert_eq!(name_of(args("ten", "3", "0", "1")), "V");
    assert_eq!(name_of(args("10", "-3", "0", "1")), "K");
    assert_eq!(name_of(args("10", "3", "1/2", "1")), "LAMBDA");
    assert_eq!(name_of(args("10", "3", "0", "")), "MU");
    assert_eq!(name_of(args("10", "10", "0", "1")), "K");
    assert_eq!(name_of(args("10", "3", "4", "1")), "LAMBDA");
    assert_eq!(name_of(args("10", "3", "0", "4")), "MU");
    assert_eq!(name_of(args("1000000001", "3", "0", "1")), "V");
}

#[test]
fn text_table_lists_every_condition() {
    let mut a = args("28", "9", "0", "4");
    a.json = false;
    let out = run(&a).unwrap();
    assert!(out.success);
    for c in FeasibilityCondition::ALL {
        assert!(out.text.contains(c.name()), "{}", out.text);
    }
    assert!(out.text.contains("infeasible"));
}
