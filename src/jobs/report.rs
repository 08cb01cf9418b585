//! A report's facts asked of the store: the documents of the scope's period up to its instant, and
//! the earlier ones' tasks that may have been open when it began, when asked.

use crate::store::{Store, StoreError};
use dondoc_core::report::{Facts, Scope};

/// What `scope` reads: core's `report` counts from it.
pub async fn facts(store: &Store, scope: &Scope) -> Result<Facts, StoreError> {
    // A document issued after the instant is nothing yet.
    let to = scope.period.to().min(scope.as_of_day());
    store
        .report_facts(
            scope.period.from(),
            to,
            scope.open_carried.then(|| scope.start()),
        )
        .await
}
