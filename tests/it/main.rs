//! The library's integration tests, one binary with a module per subject (each extra test
//! binary is another link of the whole crate). The command-line tests are in `tests/cli`.

#[path = "../common/mod.rs"]
mod common;

/// The library's own tests (the library is built with `test = false`, see `Cargo.toml`).
mod unit;

mod api_errors;
mod api_errors_lib;
mod ce;
mod certificates;
mod certificates_budget;
mod certificates_interval;
mod certificates_lower;
mod claims_dyn;
mod codes;
mod compare;
mod compat_paths;
mod decided;
mod doc_math;
mod docs_links;
mod fixtures_hand;
mod fuzz_certificate;
mod fuzz_chain;
mod fuzz_interval;
#[cfg(feature = "io")]
mod fuzz_io;
mod fuzz_lower;
mod interval;
#[cfg(feature = "io")]
mod io_read;
mod kernel_purity;
#[cfg(feature = "io")]
mod metrics_stream;
mod mse_props;
mod one_svd;
mod optimality_map;
mod poly_props;
mod readme;
mod reduced;
mod registry;
mod srg_f64;
mod srg_props;
mod sweep;
mod train_reference;
mod trust;
mod two_class;
mod user_claims;
