//! Structure-aware fuzzing of every cheap subcommand's argument parsing and validation,
//! in process (a panic fails the case): `mse`, `srg`, `ce`, `code`, `depth` and short `train`
//! runs, with hostile values (huge, negative, NaN, infinite, tiny, long, malformed).
//!
//! Properties: no panic; an error is one line that names an argument; a successful run prints
//! no `NaN` or `inf`. The default suite runs a short campaign; the long one is `#[ignore]`d
//! (`FUZZ_CASES=20000 cargo test --release --test cli fuzz_cli:: -- --ignored`).

use crate::common;

use clap::Parser;
use ncverify::cli::{Cli, run};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A hostile numeric argument.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..12).prop_map(|v| v.to_string()),
        (1u64..60).prop_map(|v| v.to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e-18".to_string()),
        Just("1e-300".to_string()),
        Just("1e-400".to_string()),
        Just("1e308".to_string()),
        Just("1e400".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("1/0".to_string()),
        Just("1/250".to_string()),
        Just("0.004".to_string()),
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("4294967295".to_string()),
        Just("1e-9223372036854775808".to_string()),
        Just("".to_string()),
        (1usize..2000).prop_map(|n| "9".repeat(n)),
        "[-+0-9./eE]{1,10}",
    ]
}

/// Mostly a sane value from `sane`, sometimes a hostile one, so that most cases reach the
/// command itself rather than stopping at the first bad argument.
fn arg(sane: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        5 => proptest::sample::select(sane).prop_map(String::from),
        1 => value(),
    ]
}

const COUNT: &[&str] = &["2", "3", "4", "5", "6", "7", "8", "10", "12", "15"];
const LAYERS: &[&str] = &["1", "2", "3", "4", "5"];
const LAMBDA: &[&str] = &["1/250", "0.001", "1e-3", "0.02", "1/50", "1e-6"];
const SAMPLES: &[&str] = &["1", "2", "3"];
const SRG: &[&str] = &["10", "6", "3", "4", "5", "2", "1", "0", "21"];
const LR: &[&str] = &["0.1", "0.5", "0.01"];

/// Arguments of one cheap subcommand, built from its grammar with hostile values.
fn command() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        (
            prop_oneof![
                Just("dnc"),
                Just("srg"),
                Just("srg-block"),
                Just("srg-best")
            ],
            arg(COUNT),
            arg(LAYERS),
            arg(LAMBDA),
            arg(LAMBDA),
            arg(SAMPLES)
        )
            .prop_map(|(f, k, l, lw, lh, n)| {
                [
                    "mse",
                    "--family",
                    f,
                    "--classes",
                    &k,
                    "--layers",
                    &l,
                    "--lambda-w",
                    &lw,
                    "--lambda-h",
                    &lh,
                    "--samples",
                    &n,
                ]
                .map(String::from)
                .to_vec()
            }),
        (arg(SRG), arg(SRG), arg(SRG), arg(SRG))
            .prop_map(|(a, b, c, d)| ["srg", &a, &b, &c, &d].map(String::from).to_vec()),
        (
            prop_oneof![Just("dnc"), Just("paired")],
            arg(COUNT),
            arg(LAYERS),
            arg(LAMBDA),
            arg(SAMPLES)
        )
            .prop_map(|(f, k, l, lam, n)| {
                [
                    "ce",
                    "--family",
                    f,
                    "--classes",
                    &k,
                    "--layers",
                    &l,
                    "--lambda",
                    &lam,
                    "--samples",
                    &n,
                ]
                .map(String::from)
                .to_vec()
            }),
        (arg(LAYERS), arg(COUNT)).prop_map(|(d, k)| ["code", "--dim", &d, "--classes", &k]
            .map(String::from)
            .to_vec()),
        arg(COUNT).prop_map(|k| ["depth", "--classes", &k].map(String::from).to_vec()),
        (
            arg(COUNT),
            arg(LAYERS),
            arg(COUNT),
            arg(LAMBDA),
            arg(LR),
            prop_oneof![Just("mse"), Just("ce")],
            prop_oneof![Just("random"), Just("spectral"), Just("hadamard")]
        )
            .prop_map(|(k, l, d, lam, lr, loss, init)| {
                [
                    "train",
                    "--classes",
                    &k,
                    "--layers",
                    &l,
                    "--width",
                    &d,
                    "--lambda",
                    &lam,
                    "--lr",
                    &lr,
                    "--loss",
                    loss,
                    "--init",
                    init,
                    "--steps",
                    "3",
                    "--json",
                ]
                .map(String::from)
                .to_vec()
            }),
    ]
}

static RAN_OK: AtomicUsize = AtomicUsize::new(0);
static RAN_ERR: AtomicUsize = AtomicUsize::new(0);

fn property(args: &[String]) -> Result<(), TestCaseError> {
    let argv = std::iter::once("ncverify".to_string()).chain(args.iter().cloned());
    let Ok(cli) = Cli::try_parse_from(argv) else {
        // clap's own rejection; the binary prints its first paragraph as one line
        return Ok(());
    };
    let result = run(&cli);
    let counter = if result.is_ok() { &RAN_OK } else { &RAN_ERR };
    counter.fetch_add(1, Ordering::Relaxed);
    match result {
        Ok(out) => {
            let lower = out.text.to_lowercase();
            let diverged = lower.contains("\"diverged\": true");
            let non_finite = lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| matches!(w, "nan" | "inf" | "infinity"));
            prop_assert!(
                diverged || !non_finite,
                "{args:?} printed a non-finite value: {}",
                out.text
            );
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(!msg.contains('\n'), "{args:?}: multi-line error {msg}");
            prop_assert!(
                msg.len() <= 400,
                "{args:?}: error too long ({} bytes)",
                msg.len()
            );
        }
    }
    Ok(())
}

/// A campaign of `cases` cases: `seeded` (the default suite) is reproducible, the long
/// campaign draws a fresh seed each run.
fn campaign(cases: u32, seeded: bool) {
    let mut runner = common::fuzz_runner(cases, seeded);
    runner.run(&command(), |args| property(&args)).unwrap();
    // the campaign must reach the commands, not only clap: both outcomes occur
    let (ok, err) = (
        RAN_OK.load(Ordering::Relaxed),
        RAN_ERR.load(Ordering::Relaxed),
    );
    assert!(
        ok * 20 >= cases as usize && err * 5 >= cases as usize,
        "ran ok {ok}, err {err} of {cases}"
    );
}

#[test]
fn cheap_commands_never_panic_and_answer_in_one_line() {
    campaign(common::fuzz_cases(200), true);
}

/// Long campaign for CI (`-- --ignored`); `FUZZ_CASES` sets its length.
#[test]
#[ignore]
fn long_cli_campaign() {
    campaign(common::fuzz_cases(20_000), false);
}
