//! Every built-in claim decided once per test binary, as `ncverify check` decides them
//! (`Registry::run_all` with the default configuration, under the rules of evidence). The tests
//! that need a built-in claim's verdict, evidence or kernel facts read its report here instead
//! of running its checker again.

use ncverify::claims::{CheckConfig, Registry, Report};
use std::sync::OnceLock;

/// The reports of every built-in claim, in registration order.
pub fn reports() -> &'static [Report] {
    static R: OnceLock<Vec<Report>> = OnceLock::new();
    R.get_or_init(|| Registry::builtin().run_all(&CheckConfig::default()))
}

/// The report of the built-in claim `id`.
pub fn report(id: &str) -> &'static Report {
    reports()
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no built-in claim {id}"))
}
