//! Every claim of the dynamics/metrics area is decided as its proof file expects (quick
//! versions, as `ncverify check` runs them).

use ncverify::claims::{CheckConfig, registry, run};

#[test]
fn dyn_claims_decide_as_expected() {
    let ids = [
        "dyn.hadamard_freezes_singular_vectors",
        "dyn.paley_hadamard_freezes_singular_vectors",
        "dyn.balancedness_conserved",
        "mse.gd_finds_below_dnc",
        "mse.linear_optimum_gain",
        "metrics.cdnv_bounds_ncc_error",
        "dyn.spectral_repulsion",
        "dyn.depth_shrinks_nc_basin",
        "dyn.width_raises_rank",
    ];
    let reg = registry();
    for id in ids {
        let claim = reg
            .iter()
            .find(|c| c.meta.id == id)
            .unwrap_or_else(|| panic!("{id} is registered"));
        let start = std::time::Instant::now();
        let r = run(claim, &CheckConfig::default());
        println!(
            "{id}: {} (expected {}) in {:.2}s — {}",
            r.verdict,
            r.expected,
            start.elapsed().as_secs_f64(),
            r.evidence
        );
        assert!(r.as_expected(), "{id}: {} — {}", r.verdict, r.evidence);
    }
}
