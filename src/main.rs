//! The `ncverify` binary: parse, dispatch, print, exit non-zero on failure.

use clap::Parser;
use ncverify::cli::{Cli, run};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
                || matches!(
                    e.kind(),
                    ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                )
            {
                e.exit();
            }
            // One line naming the argument, never a panic: clap's first paragraph (for a
            // missing argument the names follow on the next lines) joined into one line.
            let msg = e.to_string();
            let first: Vec<&str> = msg
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            eprintln!("{}", first.join(" "));
            return ExitCode::from(2);
        }
    };
    match run(&cli) {
        Ok(out) => {
            // A closed pipe (`ncverify check | head`) is not an error worth a panic.
            let mut stdout = std::io::stdout().lock();
            let newline = if out.text.ends_with('\n') { "" } else { "\n" };
            if let Err(e) = write!(stdout, "{}{newline}", out.text).and_then(|()| stdout.flush())
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("error: writing output: {e}");
                return ExitCode::from(2);
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
