//! `dondoc config check`: validate and print the effective configuration, secrets redacted.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_CONFIG;

pub fn run(file: Option<&Path>) -> ExitCode {
    match crate::config::load(file, None) {
        Ok(config) => {
            // A closed stdout (`| head`) is not an error of the configuration.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout().lock(),
                config.to_redacted_toml().as_bytes(),
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprint!("{errors}");
            ExitCode::from(EXIT_CONFIG)
        }
    }
}
