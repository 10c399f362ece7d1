-- A planned class can be changed or rescheduled by those who run it (#17): the class log learns the
-- action. SQLite cannot alter a CHECK: the table is rebuilt with its rows, index and append-only
-- triggers (as in 0008).
CREATE TABLE class_audit_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES accounts (id),
    class_id  INTEGER NOT NULL REFERENCES classes (id),
    person_id INTEGER REFERENCES people (id),
    action    TEXT NOT NULL CHECK (action IN ('planned', 'filing_approved', 'filing_rejected', 'opened', 'closed',
                  'reopened', 'cancelled', 'attendee_added', 'attendee_removed', 'roster_imported', 'edited')),
    detail    TEXT NOT NULL
);
INSERT INTO class_audit_new SELECT id, at, actor_id, class_id, person_id, action, detail FROM class_audit;
DROP TABLE class_audit;
ALTER TABLE class_audit_new RENAME TO class_audit;
CREATE INDEX class_audit_class ON class_audit (class_id, at);
CREATE TRIGGER class_audit_no_update BEFORE UPDATE ON class_audit
BEGIN
    SELECT RAISE(ABORT, 'class_audit is append-only');
END;
CREATE TRIGGER class_audit_no_delete BEFORE DELETE ON class_audit
BEGIN
    SELECT RAISE(ABORT, 'class_audit is append-only');
END;
