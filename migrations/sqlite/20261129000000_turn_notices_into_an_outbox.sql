-- The notices queue becomes the outbox the sender delivers from. A notice is written here in the
-- same transaction that decides it (`dondoc remind`, the remind job) and then moves
--   queued → sending (claimed: claimed_by until claimed_until) → sent | queued (retry) | failed;
-- `held` is a notice with nobody to send it to, kept for the Office. The message is rendered
-- once, at its first claim, and kept (`message`, `message_id`): a resend after a crash between
-- the server's acceptance and our bookkeeping sends the very same bytes and Message-ID. A claim
-- is a compare-and-set on (status, claimed_until), so two daemons on one database never send the
-- same message at once; a sender that dies holding a claim frees it when the lease runs out.
ALTER TABLE notices ADD COLUMN status TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE notices ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN next_attempt_at TEXT;
ALTER TABLE notices ADD COLUMN last_attempt_at TEXT;
ALTER TABLE notices ADD COLUMN claimed_by TEXT;
ALTER TABLE notices ADD COLUMN claimed_until TEXT;
ALTER TABLE notices ADD COLUMN message_id TEXT;
ALTER TABLE notices ADD COLUMN message TEXT;
ALTER TABLE notices ADD COLUMN sent_at TEXT;
ALTER TABLE notices ADD COLUMN last_error TEXT;

-- What was queued before delivery existed is kept, not sent: a heads-up or a Phiếu báo decided
-- weeks ago would mislead a unit today. `dondoc outbox retry ID` sends one on purpose.
UPDATE notices SET status = 'held', last_error = 'no recipient' WHERE recipients = '[]';
UPDATE notices SET status = 'held', last_error = 'queued before email delivery existed; not sent'
    WHERE status = 'queued';

CREATE INDEX notices_outbox ON notices (status, next_attempt_at);
