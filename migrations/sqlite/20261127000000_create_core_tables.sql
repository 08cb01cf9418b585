-- The core of the store: units, documents, the messages that delivered them, tasks and their
-- audit trail. Instants are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' and days 'YYYY-MM-DD', the
-- same on SQLite and PostgreSQL, so both sort and compare as text.

CREATE TABLE units (
    key                 TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL,
    verified            INTEGER NOT NULL,
    placeholder_ids     INTEGER NOT NULL DEFAULT 0,
    tracking_specialist TEXT,
    valid_from          TEXT,
    valid_to            TEXT,
    updated_at          TEXT NOT NULL
);

CREATE TABLE unit_organ_ids (
    organ_id TEXT PRIMARY KEY,
    unit_key TEXT NOT NULL REFERENCES units(key) ON DELETE CASCADE
);

CREATE TABLE unit_aliases (
    unit_key TEXT NOT NULL REFERENCES units(key) ON DELETE CASCADE,
    alias    TEXT NOT NULL,
    PRIMARY KEY (unit_key, alias)
);

CREATE TABLE unit_emails (
    unit_key TEXT NOT NULL REFERENCES units(key) ON DELETE CASCADE,
    email    TEXT NOT NULL,
    PRIMARY KEY (unit_key, email)
);

CREATE TABLE unit_successions (
    unit_key        TEXT NOT NULL REFERENCES units(key) ON DELETE CASCADE,
    predecessor_key TEXT NOT NULL,
    PRIMARY KEY (unit_key, predecessor_key)
);

CREATE TABLE documents (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    document_key      TEXT NOT NULL UNIQUE,
    source            TEXT NOT NULL,
    external_id       TEXT,
    issuer_organ_id   TEXT NOT NULL,
    issuer_name       TEXT NOT NULL,
    code_number       TEXT NOT NULL,
    code_notation     TEXT NOT NULL,
    doc_type          TEXT,
    subject           TEXT,
    content           TEXT,
    place             TEXT,
    issued_on         TEXT NOT NULL,
    signer_competence TEXT,
    signer_position   TEXT,
    signer_name       TEXT,
    urgency           TEXT NOT NULL,
    due_on            TEXT,
    received_at       TEXT NOT NULL
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256      TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL,
    origin      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id),
    received_at TEXT NOT NULL
);

CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id         INTEGER NOT NULL REFERENCES documents(id),
    seq                 INTEGER NOT NULL,
    content             TEXT NOT NULL,
    lead_unit           TEXT NOT NULL REFERENCES units(key),
    due_date            TEXT,
    due_time            TEXT,
    recurrence          TEXT,
    state               TEXT NOT NULL,
    provenance          TEXT NOT NULL,
    review              TEXT NOT NULL,
    tracking_specialist TEXT,
    reporting_unit      TEXT REFERENCES units(key),
    flags               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    UNIQUE (document_id, provenance, seq)
);

CREATE INDEX tasks_by_lead ON tasks (lead_unit, state);
CREATE INDEX tasks_open_by_due ON tasks (state, due_date);

CREATE TABLE task_support (
    task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_key TEXT NOT NULL REFERENCES units(key),
    PRIMARY KEY (task_id, unit_key)
);

CREATE TABLE task_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id     INTEGER NOT NULL REFERENCES tasks(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);

CREATE INDEX task_events_by_task ON task_events (task_id, at);
