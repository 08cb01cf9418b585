-- Messages that could not be processed, kept with their reason; the payload itself is a file under
-- data_dir (payload_path, relative), removed after the configured retention.
CREATE TABLE dead_letters (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    source         TEXT NOT NULL,
    origin         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    payload_bytes  INTEGER NOT NULL,
    payload_path   TEXT,
    status         TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    resolved_at    TEXT
);

CREATE INDEX dead_letters_open ON dead_letters (status, received_at);
CREATE INDEX dead_letters_by_payload ON dead_letters (payload_sha256);

-- Secret documents are counted, never kept: one row per source and day.
CREATE TABLE secret_drops (
    source TEXT NOT NULL,
    day    TEXT NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (source, day)
);
