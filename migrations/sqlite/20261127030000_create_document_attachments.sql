-- A document's attachments: where the file is kept (relative to data_dir) and its text for task
-- extraction, or why a person must read it instead (a scan, an old .doc).
CREATE TABLE document_attachments (
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    idx          INTEGER NOT NULL,
    name         TEXT,
    content_type TEXT,
    bytes        INTEGER NOT NULL,
    path         TEXT,
    text         TEXT,
    manual_entry TEXT,
    PRIMARY KEY (document_id, idx)
);
