-- Two daemons sharing one store poll the same axis and are offered the same messages: a message
-- is processed by the one that claims it (source, id) first. A claim is taken by an upsert that
-- only replaces a claim whose lease ran out, so a daemon that dies holding one frees it then. A
-- settled message keeps its claim (marked settled) until the lease runs out, so that a daemon that
-- listed it before it was settled does not take it up again; one left for a later pass is deleted.
CREATE TABLE source_claims (
    source        TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    claimed_by    TEXT NOT NULL,
    claimed_until TEXT NOT NULL,
    settled       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (source, message_id)
);

-- What each source did, for `dondoc sources status` and the Office's admin: the last poll and the
-- last one that succeeded, the last error, and running counts since the source was first polled.
CREATE TABLE source_stats (
    source          TEXT PRIMARY KEY,
    last_poll_at    TEXT,
    last_success_at TEXT,
    last_error      TEXT,
    passes          BIGINT NOT NULL DEFAULT 0,
    fetched         BIGINT NOT NULL DEFAULT 0,
    stored          BIGINT NOT NULL DEFAULT 0,
    dead_lettered   BIGINT NOT NULL DEFAULT 0,
    retried         BIGINT NOT NULL DEFAULT 0,
    skipped         BIGINT NOT NULL DEFAULT 0
);
