//! `dondoc web`: the pages and the API alone over a store, read-only — a look at the tasks from
//! another machine or a copy of the store, without polling, jobs or mail. It changes no task;
//! it writes only what sessions need (logins, their use, logouts, failed logins, the audit log).

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::shutdown::Shutdown;

#[derive(Debug, Args)]
pub struct WebArgs {
    /// Where to listen, instead of `[web] listen`.
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<std::net::SocketAddr>,
}

pub async fn run(config: Config, clock: SharedClock, args: WebArgs) -> anyhow::Result<ExitCode> {
    let shutdown = Shutdown::new();
    crate::shutdown::on_signals(shutdown.clone())?;
    let store = crate::app::open_store(&config).await?;
    let listener = crate::web::bind(args.listen.unwrap_or(config.web.listen), true).await?;
    let state = crate::web::WebState::new(store.clone(), Arc::new(config), clock, true)?;
    let served = crate::web::serve(listener, state, shutdown).await;
    store.close().await;
    served?;
    Ok(ExitCode::SUCCESS)
}
