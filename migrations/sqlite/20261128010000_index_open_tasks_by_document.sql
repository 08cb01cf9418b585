-- The urging decision reads the open tasks of the documents a unit is late on: by document, then
-- state and review, so that it reads those tasks and not every open one (SQLite, without
-- statistics, otherwise walks all open tasks by state).
CREATE INDEX tasks_by_document_open ON tasks (document_id, state, review);
