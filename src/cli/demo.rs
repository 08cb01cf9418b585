//! `dondoc demo`: the quick start. Seeds the inbox with sample documents shipped in the binary and
//! runs the daemon on them, telling the user where to look.
//!
//! The demo runs with the configuration it is given: auto-confirmation stays off unless the
//! configuration turns it on, so the samples' tasks wait as drafts and `dondoc review` can be tried
//! on them, which is the path every directive takes.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::clock::SharedClock;
use crate::config::{Config, SourceConfig};
use crate::hooks::Hooks;

/// Sample directives (fictitious, written for the demo) from `config/demo/inbox/`.
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "2026-11-02_1502-UBND-KT.edxml",
        include_bytes!("../../config/demo/inbox/2026-11-02_1502-UBND-KT.edxml"),
    ),
    (
        "2026-11-16_1611-UBND-XD.edxml",
        include_bytes!("../../config/demo/inbox/2026-11-16_1611-UBND-XD.edxml"),
    ),
    (
        "2026-11-24_52-TB-VPUB.edxml",
        include_bytes!("../../config/demo/inbox/2026-11-24_52-TB-VPUB.edxml"),
    ),
    (
        "2026-11-25_07-CD-UBND.edxml",
        include_bytes!("../../config/demo/inbox/2026-11-25_07-CD-UBND.edxml"),
    ),
];

pub async fn run(config: Config, clock: SharedClock, hooks: Hooks) -> anyhow::Result<ExitCode> {
    let Some(SourceConfig::Spool(spool)) = config.sources.first() else {
        anyhow::bail!(
            "the demo needs a spool source; remove the [[sources]] tables from the config"
        );
    };
    std::fs::create_dir_all(&spool.path)
        .with_context(|| format!("failed to create {}", spool.path.display()))?;
    let mut seeded = 0;
    for (name, bytes) in SAMPLES {
        // A sample already taken in (processed or failed) is not dropped again.
        let known = [
            spool.path.clone(),
            spool.processed_dir(),
            spool.failed_dir(),
        ]
        .iter()
        .any(|dir| dir.join(name).exists());
        if !known {
            std::fs::write(spool.path.join(name), bytes)
                .with_context(|| format!("failed to seed {}", spool.path.join(name).display()))?;
            seeded += 1;
        }
    }
    let db = crate::config::redact_url(secrecy::ExposeSecret::expose_secret(&config.database.url));
    // A first pass now, whatever the hour (the daemon's remind job keeps office hours), so that
    // the notices due are in the mail folder when the banner points there.
    let ((stored, mailed), login) = {
        let app = crate::app::App::build(config.clone(), clock.clone(), hooks.clone()).await?;
        // The demo wrote its samples itself, whole: they need not settle.
        let written = crate::config::SpoolConfig {
            settle: std::time::Duration::ZERO,
            ..spool.clone()
        };
        let first = app.first_pass(&written).await;
        let login = match first {
            Ok(_) if config.web.enabled => demo_account(app.store(), clock.now()).await,
            _ => Ok(None),
        };
        app.store().close().await;
        (first?, login?)
    };
    let web = if !config.web.enabled {
        "off ([web] enabled = false)".to_string()
    } else {
        let how = match login {
            Some(password) => {
                format!("log in as demo, password {password}: an Office account made for the demo")
            }
            None => "log in with an account of this store".to_string(),
        };
        format!("http://{}/  ({how})", config.web.listen)
    };
    let mail = match config.mail.transport {
        crate::config::MailTransport::Folder => format!(
            "{}  ({mailed} notice(s) written now, one .eml each: open them in a mail client)",
            config.mail.folder.display()
        ),
        crate::config::MailTransport::Smtp => format!(
            "SMTP {}:{} ({mailed} notice(s) sent now)",
            config.mail.smtp.host, config.mail.smtp.port
        ),
    };
    let banner = format!(
        "dondoc demo — {seeded} sample document(s) placed in the inbox, {stored} taken in.\n\
         \x20 web pages   : {web}\n\
         \x20 data folder : {}\n\
         \x20 inbox       : {}  (drop more .edxml files here)\n\
         \x20 processed   : {}\n\
         \x20 failed      : {}  (each beside a .reason file)\n\
         \x20 mail        : {mail}\n\
         \x20 database    : {db}\n\
         In another terminal:  cargo run -- tasks list     (or: tasks list --json)\n\
         \x20                     cargo run -- review list    (the drafts read from the texts;\n\
         \x20                     review confirm ID, review edit ID, review reject ID)\n\
         \x20                     cargo run -- outbox list    (the notices and their delivery)\n\
         Stop with Ctrl-C.\n",
        config.data_dir.display(),
        spool.path.display(),
        spool.processed_dir().display(),
        spool.failed_dir().display(),
    );
    // The banner is a courtesy: a closed stdout must not keep the daemon from running.
    let _ = std::io::stdout().lock().write_all(banner.as_bytes());
    super::run_daemon(config, clock, hooks).await
}

/// An Office account `demo` with a fresh random password, made when the store has no account, so
/// that the pages can be tried at once; its password, to print. None when accounts exist.
async fn demo_account(
    store: &crate::store::Store,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Option<String>> {
    if !store.accounts().await?.is_empty() {
        return Ok(None);
    }
    let password: String = crate::accounts::new_token().chars().take(16).collect();
    let name = crate::domain::Username::parse("demo").map_err(|e| anyhow::anyhow!("{e}"))?;
    crate::accounts::add(
        store,
        &crate::accounts::Passwords::default(),
        &name,
        &crate::domain::Role::Office,
        &password,
        "system",
        now,
    )
    .await?;
    Ok(Some(password))
}
