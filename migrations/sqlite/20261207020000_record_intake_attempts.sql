-- A message whose processing is under way: recorded (committed) before the work starts and
-- removed when it ends, whatever the outcome. A row left behind means the process died while
-- working on the message; a message that has done so twice is set aside as a dead letter
-- instead of being taken a third time, so that one poisonous message never stops all intake.
CREATE TABLE intake_attempts (
    source     TEXT NOT NULL,
    message_id TEXT NOT NULL,
    started    INTEGER NOT NULL,
    PRIMARY KEY (source, message_id)
);
