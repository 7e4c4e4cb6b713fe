//! Shared test helpers: the binary runner and the fuzzing runners. The proptest generators are
//! the crate's own, `ncverify::strategies` (feature `proptest`, enabled for these tests by the
//! dev-dependency on the package itself in Cargo.toml).
#![allow(dead_code)]

/// Run the `ncverify` binary: `(exit code, stdout, stderr)`.
pub fn ncverify(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ncverify"))
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fuzzing runner for `cases` cases: `seeded` (the default suite) is reproducible, otherwise
/// (the long `#[ignore]`d campaigns) each run draws a fresh seed. No failure persistence: a
/// finding becomes a named regression test instead.
pub fn fuzz_runner(cases: u32, seeded: bool) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    if seeded {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    } else {
        TestRunner::new(config)
    }
}

/// `FUZZ_CASES` from the environment, or `default`.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
