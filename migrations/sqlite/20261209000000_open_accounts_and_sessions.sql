-- The people who use the web pages and the API (`dondoc users`), their sessions, the failed
-- logins that throttle guessing, and an audit log of what they do outside a task's own trail
-- (logins, accounts, the outbox, the dead letters; a task's changes go to task_events).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL,
    -- A unit account's unit; no other account has one.
    unit_key        TEXT REFERENCES units(key),
    -- An argon2id PHC string; the password itself is never kept.
    password_hash   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    password_set_at TEXT NOT NULL,
    disabled_at     TEXT,
    CHECK (role IN ('office', 'unit', 'leader', 'admin')),
    CHECK ((role = 'unit') = (unit_key IS NOT NULL))
);

-- A session is found by the SHA-256 of its token: the store never holds a token that works.
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    -- The token every form and cookie-borne API call must carry back.
    csrf       TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX web_sessions_by_account ON web_sessions (account_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE INDEX login_failures_by_username ON login_failures (username, at);
CREATE INDEX login_failures_by_address ON login_failures (address, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    -- Who: user:NAME, or system.
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    -- What it was done to: an account, a message of the outbox, a dead letter.
    subject TEXT,
    detail  TEXT
);

CREATE INDEX audit_log_by_time ON audit_log (at);
