-- A case is one unit late on one document's tasks: it opens when the first of them passes its
-- deadline without a result and closes when none of them is open any more. Its Phiếu báo are
-- numbered by the notices actually queued for it (1, 2, 3, never skipping, never restarting
-- while it is open) and it goes to the Chairman once. A case that closes and later opens again
-- (a returned task sent back) is the unit's next round on that document, numbered from 1 again.
-- `opened_on` is the day the unit became late (the day after the earliest deadline passed).
CREATE TABLE urging_cases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_key    TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    round       INTEGER NOT NULL,
    opened_on   TEXT NOT NULL,
    closed_at   TEXT,
    UNIQUE (unit_key, document_id, round)
);

-- At most one open case per unit and document, even with two daemons deciding at once.
CREATE UNIQUE INDEX urging_cases_one_open ON urging_cases (unit_key, document_id)
    WHERE closed_at IS NULL;

-- The Phiếu báo and the escalation of a case point to it; the letters cite them from here.
ALTER TABLE notices ADD COLUMN case_id INTEGER REFERENCES urging_cases(id);
CREATE INDEX notices_by_case ON notices (case_id);
