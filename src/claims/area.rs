//! The list of claim areas. Each area module contributes `claims() -> Vec<ClaimDef>`.

use super::ClaimDef;

/// Every area's claims, in a stable order.
pub fn all() -> Vec<ClaimDef> {
    let mut v: Vec<ClaimDef> = Vec::new();
    v.extend(super::etf::claims());
    v.extend(super::mse::claims());
    v.extend(super::cert::claims());
    v.extend(super::coverage::claims());
    v.extend(super::optimality_map::claims());
    v.extend(super::lower::claims());
    v.extend(super::schatten::claims());
    v.extend(super::ce::claims());
    v.extend(super::codes::claims());
    v.extend(super::schatten::propagation_claims());
    v.extend(super::r#dyn::invariant_claims());
    v.extend(super::mse_dynamics::claims());
    v.extend(super::r#dyn::depth_and_width_claims());
    v.extend(super::metrics::claims());
    v.extend(super::srg::claims());
    v
}
