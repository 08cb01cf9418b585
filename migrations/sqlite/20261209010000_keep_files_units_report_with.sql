-- The files a unit attaches to the result it reports on the web (a report, minutes, a scan):
-- kept under <data_dir>/results/, recorded here in the transaction that records the result.
CREATE TABLE task_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,
    bytes       BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);

CREATE INDEX task_files_by_task ON task_files (task_id);
