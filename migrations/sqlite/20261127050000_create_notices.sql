-- The notices the urging policy decides (`dondoc remind`), queued for delivery: heads-ups,
-- Phiếu báo, escalations to the Chairman, the entry watch, update requests and digests. Each is
-- held once by its dedupe key (kind, unit, document, number, period), so running the policy
-- again, the same day or later, queues nothing twice. `tasks` is the JSON list of the tasks as
-- the notice states them when decided, `recipients` a JSON list of addresses (empty: nobody to
-- send it to, flagged for the Office), `flags` comma-separated.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    unit_key    TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id),
    sequence    INTEGER,
    period      TEXT,
    decided_at  TEXT NOT NULL,
    tasks       TEXT NOT NULL,
    recipients  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    flags       TEXT NOT NULL DEFAULT '',
    dedupe_key  TEXT NOT NULL UNIQUE
);

CREATE INDEX notices_by_unit ON notices (unit_key, decided_at);

-- What urging reads each run: open confirmed tasks by due day, returned confirmed tasks; so that
-- a run's work grows with the tasks that can be due, not with every task stored.
CREATE INDEX tasks_by_state_review_due ON tasks (state, review, due_date);
