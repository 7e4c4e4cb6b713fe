//! The library's own tests, one module per source file (formerly `#[cfg(test)]` modules).

mod ce_depth;
mod ce_family;
mod ce_loss;
mod claims_ce;
mod claims_dyn;
mod claims_evidence;
mod claims_mse;
mod claims_mse_dynamics;
mod claims_proof_file;
mod claims_srg;
#[cfg(feature = "cli")]
mod cli_srg;
mod codes_closed;
mod codes_distance;
mod construct_chain_extend;
mod construct_etf;
mod construct_hull;
mod construct_scheme;
#[cfg(feature = "io")]
mod io_npy_header;
mod metrics;
mod metrics_exact;
mod mse_explicit;
mod mse_family;
mod mse_known;
mod numeric;
#[cfg(feature = "plot")]
mod plot;
#[cfg(feature = "plot")]
mod plot_phase;
#[cfg(feature = "plot")]
mod plot_train;
mod schatten;
mod search_dense;
mod search_known;
mod search_lbfgs;
mod search_lower;
mod search_phase;
mod sweep_key;
mod train_init;
mod train_scheme;
mod train_stats;
mod train_trainer;
