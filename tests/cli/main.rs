//! The command line's tests (feature `cli`): the `ncverify` binary end to end and the in-process
//! fuzzing of its arguments, one binary with a module per command.

#[path = "../common/mod.rs"]
mod common;

mod cli_ce;
mod cli_cert;
mod cli_check;
mod cli_hostile;
mod cli_hostile_second;
mod cli_io;
mod cli_mse;
mod cli_srg;
mod cli_train;
mod fuzz_cli;
mod fuzz_surfaces;
mod version;
