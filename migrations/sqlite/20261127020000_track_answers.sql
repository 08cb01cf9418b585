-- Revokes, updates and the units' answers: a document can be revoked, can answer (be the report on)
-- another, and an answer about a document not stored yet waits here until it arrives.
ALTER TABLE documents ADD COLUMN state TEXT NOT NULL DEFAULT 'active';
ALTER TABLE documents ADD COLUMN response_for_id INTEGER REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN reporting_unit TEXT REFERENCES units(key);

CREATE TABLE pending_answers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    document_key  TEXT NOT NULL,
    kind          TEXT NOT NULL,
    unit_key      TEXT,
    note          TEXT,
    source        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    applied_at    TEXT
);

CREATE INDEX pending_answers_by_document ON pending_answers (document_key, applied_at);
