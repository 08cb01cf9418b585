//! The daemon: [`App::build`] opens the store and loads the unit directory; [`App::run`] polls
//! every source and runs the cron jobs (`deadline_check`, `housekeeping`, `remind`, `reports`,
//! each run recorded in `job_runs`) until a stop is asked for.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use dondoc_adapter_api::Source;
use tokio::task::JoinSet;

use crate::clock::SharedClock;
use crate::config::{Config, SourceConfig};
use crate::hooks::Hooks;
use crate::sandbox::Sandbox;
use crate::shutdown::Shutdown;
use crate::store::Store;
use crate::sync::ingest::Attempts;
use crate::sync::sources::Configured;
use crate::sync::Pipeline;

/// How many passes a message may fail for a reason outside its content (an unreadable file, a
/// store that answers but refuses it) before it is set aside as failed.
pub const ATTEMPTS_PER_MESSAGE: u32 = 3;

/// How long closing the store may take at a stop.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

pub struct App {
    config: Config,
    store: Store,
    clock: SharedClock,
    hooks: Hooks,
    /// The workers every pipeline of this process reads untrusted bytes in.
    sandbox: Arc<Sandbox>,
}

impl App {
    /// Opens (and migrates) the store and loads the unit directory into it.
    pub async fn build(config: Config, clock: SharedClock, hooks: Hooks) -> anyhow::Result<Self> {
        let store = open_store(&config).await?;
        let swept = crate::sync::attachments::sweep(&config.data_dir)
            .with_context(|| format!("failed to sweep {}/tmp", config.data_dir.display()))?;
        if swept > 0 {
            tracing::info!(
                entries = swept,
                "Temporary files of interrupted messages removed"
            );
        }
        load_directory(&store, &config, clock.now()).await?;
        // The running binary itself, even once a package upgrade has replaced its file: a
        // worker of another version might not speak the same protocol.
        let proc_exe = std::path::PathBuf::from("/proc/self/exe");
        let exe = if proc_exe.exists() {
            proc_exe
        } else {
            std::env::current_exe()
                .context("cannot find the running binary to start sandbox workers from")?
        };
        let sandbox = Arc::new(Sandbox::workers(
            exe,
            config.calendar_settings.clone(),
            config.calendar.clone(),
            config.sandbox.clone(),
        ));
        Ok(Self {
            config,
            store,
            clock,
            hooks,
            sandbox,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn pipeline(&self) -> Pipeline {
        Pipeline::new(self.store.clone(), self.clock.clone(), self.hooks.clone())
            .configured(&self.config)
            .with_sandbox(self.sandbox.clone())
    }

    /// The demo's first pass, so that there is something to look at whatever the hour: takes in
    /// the spool folder once, decides the notices due now, and delivers them. Returns the
    /// documents taken in and the messages delivered.
    pub async fn first_pass(
        &self,
        spool: &crate::config::SpoolConfig,
    ) -> anyhow::Result<(usize, usize)> {
        let mut source = Configured::open(
            &SourceConfig::Spool(spool.clone()),
            self.config.edxml_limits.max_message_bytes,
            &self.config.data_dir,
        )?;
        let shutdown = Shutdown::new();
        let pass = crate::sync::sources::pass(
            &mut source,
            &self.pipeline(),
            &shutdown,
            &mut Attempts::new(ATTEMPTS_PER_MESSAGE),
        )
        .await;
        crate::jobs::remind(&self.store, &self.config, self.clock.now(), false).await?;
        let sender = crate::mail::Sender::new(
            std::sync::Arc::new(self.config.clone()),
            self.store.clone(),
            self.clock.clone(),
        )?;
        let done = sender.deliver(true, &shutdown).await?;
        Ok((pass.stats().stored, done.sent))
    }

    /// Runs until `shutdown` fires, then gives the work in flight the grace period to finish.
    pub async fn run(self, shutdown: Shutdown) -> anyhow::Result<()> {
        let mut tasks = JoinSet::new();
        for config in &self.config.sources {
            let source = Configured::open(
                config,
                self.config.edxml_limits.max_message_bytes,
                &self.config.data_dir,
            )?;
            match config {
                SourceConfig::Spool(cfg) => {
                    tracing::info!(source = %cfg.name, inbox = %cfg.path.display(), every_secs = cfg.poll_interval.as_secs(), "Watching spool folder")
                }
                SourceConfig::Vdxp(cfg) => {
                    tracing::info!(source = %cfg.axis.name, endpoint = %cfg.axis.endpoint, every_secs = cfg.poll_interval.as_secs(), "Polling the document axis")
                }
            }
            // Each source on its own loop: a failing one never holds the others up.
            tasks.spawn(poll(
                source,
                self.pipeline(),
                config.poll_interval(),
                shutdown.clone(),
            ));
        }
        let job = &self.config.jobs.deadline_check;
        if job.enabled {
            let store = self.store.clone();
            let clock = self.clock.clone();
            let calendar = self.config.calendar.clone();
            let schedule = job.schedule.clone();
            let stop = shutdown.clone();
            tasks.spawn(async move {
                crate::scheduler::run_cron(
                    "deadline_check",
                    &schedule,
                    clock.clone(),
                    stop,
                    |scheduled| {
                        let store = store.clone();
                        let clock = clock.clone();
                        let calendar = calendar.clone();
                        async move {
                            deadline_check(&store, &calendar, clock.now()).await;
                            record_run(&store, "deadline_check", scheduled, clock.now()).await;
                        }
                    },
                )
                .await
            });
        }
        let housekeeping = &self.config.jobs.housekeeping;
        let retention = chrono::Duration::from_std(self.config.dead_letter_retention)
            .unwrap_or_else(|_| chrono::Duration::days(90));
        if let Some(dl) = self.pipeline().dead_letters().cloned() {
            // Once at start, so that a daemon restarted daily still purges.
            purge_dead_letters(&dl, retention).await;
            purge_web(&self.store, self.config.web.login_window, self.clock.now()).await;
            if housekeeping.enabled {
                let schedule = housekeeping.schedule.clone();
                let login_window = self.config.web.login_window;
                let clock = self.clock.clone();
                let store = self.store.clone();
                let stop = shutdown.clone();
                tasks.spawn(async move {
                    crate::scheduler::run_cron(
                        "housekeeping",
                        &schedule,
                        clock.clone(),
                        stop,
                        |scheduled| {
                            let dl = dl.clone();
                            let store = store.clone();
                            let clock = clock.clone();
                            async move {
                                purge_dead_letters(&dl, retention).await;
                                purge_web(&store, login_window, clock.now()).await;
                                record_run(&store, "housekeeping", scheduled, clock.now()).await;
                            }
                        },
                    )
                    .await
                });
            }
        }
        if self.config.jobs.remind.job.enabled {
            // Catches a missed run up first, then keeps the schedule.
            let job = crate::scheduler::RemindJob::new(
                self.store.clone(),
                std::sync::Arc::new(self.config.clone()),
                self.clock.clone(),
            );
            tasks.spawn(job.run_until_stopped(shutdown.clone()));
        }
        if self.config.jobs.reports.job.enabled {
            let job = crate::scheduler::ReportsJob::new(
                self.store.clone(),
                std::sync::Arc::new(self.config.clone()),
                self.clock.clone(),
            );
            tasks.spawn(job.run_until_stopped(shutdown.clone()));
        }
        let sender = crate::mail::Sender::new(
            std::sync::Arc::new(self.config.clone()),
            self.store.clone(),
            self.clock.clone(),
        )
        .context("failed to set up mail delivery")?;
        tracing::info!(transport = %sender.describe(), every_secs = self.config.mail.send_interval.as_secs(), "Delivering mail");
        tasks.spawn(send_mail(
            sender,
            self.config.mail.send_interval,
            shutdown.clone(),
        ));
        if self.config.web.enabled {
            // Bound before the loops start, so that a port taken stops the daemon at once, named.
            let listener = crate::web::bind(self.config.web.listen, false).await?;
            let state = crate::web::WebState::new(
                self.store.clone(),
                std::sync::Arc::new(self.config.clone()),
                self.clock.clone(),
                false,
            )?
            .with_pipeline(self.pipeline());
            let stop = shutdown.clone();
            tasks.spawn(async move {
                if let Err(e) = crate::web::serve(listener, state, stop).await {
                    tracing::error!(error = format!("{e:#}"), "The web pages stopped");
                }
            });
        }
        tracing::info!(data_dir = %self.config.data_dir.display(), "dondoc is running");
        shutdown.wait().await;
        let grace = self.config.daemon.shutdown_grace;
        let finished =
            tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} }).await;
        if finished.is_err() {
            // Dropping the work in flight drops its transaction uncommitted, which rolls it back;
            // its message stays unsettled and is taken again at the next start.
            tasks.abort_all();
            while tasks.join_next().await.is_some() {}
        }
        // A connection stuck on a lock held elsewhere must not hold the stop up either.
        if tokio::time::timeout(CLOSE_TIMEOUT, self.store.close())
            .await
            .is_err()
        {
            tracing::warn!("The store did not close in time; the process exits anyway");
        }
        match finished {
            Ok(()) => {
                tracing::info!("dondoc stopped");
                Ok(())
            }
            Err(_) => anyhow::bail!(
                "the work in flight outlasted the {}s grace period and was abandoned; its uncommitted changes roll back",
                grace.as_secs()
            ),
        }
    }
}

/// Loads the configured unit directory into `store` (as the daemon does at its start), so that
/// what names a unit — a unit account, a task — finds the directory's units.
pub async fn load_directory(
    store: &Store,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let Some(file) = &config.units.file else {
        tracing::warn!(
            "No unit directory configured (units.file); every recipient will be unverified"
        );
        return Ok(());
    };
    let load = store
        .load_directory(&config.units.directory, now)
        .await
        .with_context(|| format!("failed to load the unit directory {}", file.display()))?;
    for old in &load.adopted {
        tracing::info!(unit = %old, "An unverified unit is now in the directory; its tasks moved to it");
    }
    tracing::info!(units = load.units, file = %file.display(), "Unit directory loaded");
    Ok(())
}

/// Opens the store named by the config and applies pending migrations.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("failed to create data_dir {}", config.data_dir.display()))?;
    let store = Store::connect(&config.database).await?;
    store.migrate().await?;
    Ok(store)
}

/// One source's loop: a pass, then a wait, until stopped.
async fn poll<S: Source>(mut source: S, pipeline: Pipeline, every: Duration, shutdown: Shutdown) {
    let mut attempts = Attempts::new(ATTEMPTS_PER_MESSAGE);
    loop {
        crate::sync::sources::pass(&mut source, &pipeline, &shutdown, &mut attempts).await;
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

/// Delivers what the outbox holds, every `every`, until the stop (the message in flight
/// completes; the claimed rest is released).
async fn send_mail(sender: crate::mail::Sender, every: Duration, shutdown: Shutdown) {
    loop {
        match sender.deliver(false, &shutdown).await {
            Ok(done) if done.attempted() > 0 => tracing::info!(
                sent = done.sent,
                retrying = done.retrying,
                failed = done.failed,
                lost = done.lost,
                "Mail delivery pass done"
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "Mail delivery pass failed; the store will be tried again")
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.wait() => return,
        }
    }
}

async fn purge_dead_letters(
    dl: &crate::sync::deadletter::DeadLetters,
    retention: chrono::Duration,
) {
    match dl.purge(retention).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            payloads = n,
            "Dead-letter payloads past their retention removed"
        ),
        Err(e) => tracing::error!(error = %e, "Dead-letter housekeeping failed"),
    }
}

/// Forgets failed logins older than the throttle looks back (a day at least) and sessions that
/// ended over a month ago; the audit log keeps what happened.
async fn purge_web(store: &Store, window: std::time::Duration, now: chrono::DateTime<chrono::Utc>) {
    let window = chrono::Duration::from_std(window)
        .unwrap_or_default()
        .max(chrono::Duration::days(1));
    let failures = store.purge_login_failures(now - window).await;
    let sessions = store.purge_sessions(now - chrono::Duration::days(30)).await;
    match (failures, sessions) {
        (Ok(f), Ok(s)) if f + s > 0 => tracing::info!(
            failed_logins = f,
            sessions = s,
            "Old failed logins and ended sessions removed"
        ),
        (Ok(_), Ok(_)) => {}
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = %e, "Web housekeeping failed")
        }
    }
}

/// Records a job's run in `job_runs`; a failure only loses the record, so it is logged.
async fn record_run(
    store: &Store,
    job: &str,
    scheduled: chrono::DateTime<chrono::Utc>,
    finished: chrono::DateTime<chrono::Utc>,
) {
    if let Err(e) = store.record_job_run(job, scheduled, finished).await {
        tracing::error!(job, error = %e, "Recording the job run failed");
    }
}

async fn deadline_check(
    store: &Store,
    calendar: &crate::calendar::Calendar,
    now: chrono::DateTime<chrono::Utc>,
) {
    match crate::jobs::overdue_tasks(store, calendar, now).await {
        Ok(overdue) => tracing::info!(overdue = overdue.len(), "Deadline check done"),
        Err(e) => tracing::error!(error = %e, "Deadline check failed"),
    }
}
