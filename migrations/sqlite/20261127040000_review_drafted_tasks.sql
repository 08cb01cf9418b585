-- Tasks read from a document's text are drafts for a specialist to confirm, correct or reject:
-- the sentences they were read from and how sure the reading was (in thousandths) are kept beside
-- them, and the instant of confirmation stops the Office's 2-working-day entry clock (Điều 7).
ALTER TABLE tasks ADD COLUMN quote TEXT;
ALTER TABLE tasks ADD COLUMN confidence INTEGER;
ALTER TABLE tasks ADD COLUMN confirmed_at TEXT;

CREATE INDEX tasks_by_review ON tasks (review, document_id);
