//! `dondoc config check`: validate and print the effective configuration, secrets redacted.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_CONFIG;

pub fn run(file: Option<&Path>) -> ExitCode {
    match crate::config::load(file, None) {
        Ok(config) => {
            // The templates are part of the configuration an admin can break: an override that
            // does not compile (or names a field that does not exist) is reported here too.
            if let Err(e) =
                crate::mail::render::Templates::load(config.mail.templates_dir.as_deref())
            {
                eprintln!(
                    "the configuration is invalid (1 problem(s)):\n  - mail.templates_dir: {e}"
                );
                return ExitCode::from(EXIT_CONFIG);
            }
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
