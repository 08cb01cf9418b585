-- The committee's work programme (Chương trình công tác, Appendix VI): the schemes (đề án) each unit
-- is to submit, by month. Registered ones come from the programme adopted at the start of the year
-- (`dondoc programme import`), added ones are given during it; a scheme withdrawn or moved out, then
-- submitted and issued, keeps the day of each, so a report for a past month reads as it did then.
CREATE TABLE programme_schemes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_key     TEXT NOT NULL REFERENCES units(key),
    title        TEXT NOT NULL,
    code         TEXT,
    due_month    TEXT NOT NULL,
    registered   INTEGER NOT NULL,
    added_on     TEXT NOT NULL,
    withdrawn_on TEXT,
    withdraw_reason TEXT,
    submitted_on TEXT,
    issued_on    TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (unit_key, due_month, title)
);

CREATE INDEX programme_schemes_by_month ON programme_schemes (due_month);
