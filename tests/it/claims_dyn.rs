//! Every claim of the dynamics/metrics area is decided as its proof file expects (quick
//! versions, as `ncverify check` runs them).

use ncverify::claims::{CheckConfig, registry, run};

fn decide(id: &str) {
    let r = crate::decided::report(id);
    println!(
        "{id}: {} (expected {}) — {}",
        r.verdict, r.expected, r.evidence
    );
    assert!(r.as_expected(), "{id}: {} — {}", r.verdict, r.evidence);
}

macro_rules! decides_as_expected {
    ($($name:ident => $id:literal),* $(,)?) => {
        $(#[test]
        fn $name() {
            decide($id);
        })*
    };
}

decides_as_expected! {
    hadamard_freezes_singular_vectors => "dyn.hadamard_freezes_singular_vectors",
    paley_hadamard_freezes_singular_vectors => "dyn.paley_hadamard_freezes_singular_vectors",
    balancedness_conserved => "dyn.balancedness_conserved",
    gd_finds_below_dnc => "mse.gd_finds_below_dnc",
    linear_optimum_gain => "mse.linear_optimum_gain",
    cdnv_bounds_ncc_error => "metrics.cdnv_bounds_ncc_error",
    spectral_repulsion => "dyn.spectral_repulsion",
    depth_shrinks_nc_basin => "dyn.depth_shrinks_nc_basin",
    width_raises_rank => "dyn.width_raises_rank",
}

/// The long versions (`CheckConfig { full: true }`): minutes, so not part of `cargo test`.
/// Run with `cargo test --release --test it claims_dyn:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn full_versions_decide_as_expected() {
    for claim in registry() {
        let r = run(&claim, &CheckConfig { full: true });
        println!(
            "{}: {} (expected {}) — {}",
            r.id, r.verdict, r.expected, r.evidence
        );
        assert!(r.as_expected(), "{}: {}", r.id, r.evidence);
    }
}
