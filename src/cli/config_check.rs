//! `dondoc config check`: validate and print the effective configuration, secrets redacted.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_CONFIG;

pub fn run(file: Option<&Path>) -> ExitCode {
    match crate::config::load(file, None) {
        Ok(config) => {
            print!("{}", config.to_redacted_toml());
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{errors}");
            ExitCode::from(EXIT_CONFIG)
        }
    }
}
