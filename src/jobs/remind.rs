//! Urging runs: [`remind`] joins the urging policy to the store — read what can be due, decide,
//! queue (or only look). The daemon runs it on a schedule through `scheduler::remind`; the queue
//! is the `notices` table, which is also the outbox `mail::Sender` delivers from: a notice decided
//! is a message to send, written in the same transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::domain::UnitKind;
use crate::store::{Store, StoreError};
use crate::urging::{Notice, Office, Policy};

/// The Office's name when the unit directory has no unit of kind `office`.
const OFFICE_NAME: &str = "Văn phòng UBND tỉnh";

/// A notice a run decided, and where it stands in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    pub notice: Notice,
    /// Its queue id, when this run queued it.
    pub queued: Option<i64>,
    /// Whether the queue held it already (a run earlier that day, or a day before).
    pub already_queued: bool,
}

/// The Office as the configuration names it: `[urging] office`, else the addresses of the
/// directory's unit of kind `office`.
pub fn office_of(config: &Config) -> Office {
    let unit = config
        .units
        .directory
        .iter()
        .find(|u| u.kind == UnitKind::Office);
    Office {
        key: unit
            .map(|u| u.key.to_string())
            .unwrap_or_else(|| "office".into()),
        name: unit
            .map(|u| u.name.clone())
            .unwrap_or_else(|| OFFICE_NAME.into()),
        emails: match &config.urging.office {
            Some(address) => vec![address.clone()],
            None => unit.map(|u| u.emails.clone()).unwrap_or_default(),
        },
    }
}

/// One run at `as_of`: reads the tasks that can be due, decides the notices, and queues them
/// (or, with `dry_run`, only says which the queue already holds).
pub async fn remind(
    store: &Store,
    config: &Config,
    as_of: DateTime<Utc>,
    dry_run: bool,
) -> Result<Vec<Decided>, StoreError> {
    let office = office_of(config);
    let policy = Policy::new(&config.urging, &config.calendar, &office);
    let selection = policy.selection(as_of);
    let mut tasks = store
        .urging_candidates(selection.due_on_or_before, selection.undated)
        .await?;
    // A Phiếu báo lists every open task of its unit from its document, due or not yet.
    let late: BTreeSet<i64> = tasks
        .iter()
        .filter(|t| policy.is_late(t, as_of))
        .map(|t| t.document.id)
        .collect();
    // The open cases' documents too: a case none of whose tasks is open any more closes.
    let cases = store.cases(&late).await?;
    let documents: BTreeSet<i64> = late
        .iter()
        .copied()
        .chain(cases.open.iter().map(|c| c.document_id))
        .collect();
    tasks.extend(store.open_tasks_of_documents(&documents).await?);
    let decision = policy.decide_cases(as_of, &tasks, &cases);
    if dry_run {
        let notices = decision.notices;
        let keys: Vec<String> = notices.iter().map(Notice::dedupe_key).collect();
        let held = store.queued_keys(&keys).await?;
        return Ok(notices
            .into_iter()
            .map(|n| {
                let already_queued = held.contains(&n.dedupe_key());
                Decided {
                    notice: n,
                    queued: None,
                    already_queued,
                }
            })
            .collect());
    }
    crate::hooks::crash_point("remind_after_decide");
    let ids = store.queue_decision(&decision, as_of).await?;
    let decided: Vec<Decided> = decision
        .notices
        .into_iter()
        .zip(ids)
        .map(|(notice, id)| Decided {
            notice,
            queued: id,
            already_queued: id.is_none(),
        })
        .collect();
    let queued = decided.iter().filter(|d| d.queued.is_some()).count();
    tracing::info!(
        due = decided.len(),
        queued,
        already_queued = decided.len() - queued,
        "Urging run done"
    );
    Ok(decided)
}
