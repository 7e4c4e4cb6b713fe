//! The `ncverify` binary: parse, dispatch, print, exit non-zero on failure.

use clap::Parser;
use ncverify::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(out) => {
            print!("{}", out.text);
            if !out.text.ends_with('\n') {
                println!();
            }
            if out.success {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
