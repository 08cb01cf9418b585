-- The last run of each scheduled job (`[jobs.*]`): the cron instant it ran for and when it
-- finished, one row per job. At start the daemon compares the remind job's most recent instant
-- with this record to catch a missed run up once; a record never moves back in time, so two
-- daemons sharing the store cannot undo each other's.
CREATE TABLE job_runs (
    job           TEXT PRIMARY KEY,
    scheduled_for TEXT NOT NULL,
    finished_at   TEXT NOT NULL
);
