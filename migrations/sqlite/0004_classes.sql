-- The class lifecycle (plan → pre-filing → open for check-in → close-out), co-organising schools of a
-- joint class, and the append-only log of what was done to a class and its roster. Classes loaded with
-- the demo district's history are closed (their attendances are already in the ledger).

ALTER TABLE classes ADD COLUMN status TEXT NOT NULL DEFAULT 'closed' CHECK (status IN ('planned', 'open', 'closed', 'cancelled'));
ALTER TABLE classes ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);
ALTER TABLE classes ADD COLUMN audience_unit_id INTEGER REFERENCES units (id);   -- NULL: every unit
ALTER TABLE classes ADD COLUMN audience_rank TEXT CHECK (audience_rank IN ('district', 'division', 'section', 'other'));
ALTER TABLE classes ADD COLUMN venue_kind TEXT NOT NULL DEFAULT 'school' CHECK (venue_kind IN ('school', 'university', 'company', 'outside'));
ALTER TABLE classes ADD COLUMN filing TEXT NOT NULL DEFAULT 'not_required' CHECK (filing IN ('not_required', 'pending', 'approved', 'rejected'));
ALTER TABLE classes ADD COLUMN filing_reason TEXT;
ALTER TABLE classes ADD COLUMN created_by INTEGER REFERENCES accounts (id);
CREATE INDEX classes_status ON classes (status, starts_at);

-- 联合办班: schools co-organising a class (counted once in the district's totals: one class row).
CREATE TABLE class_co_organisers (
    class_id  INTEGER NOT NULL REFERENCES classes (id),
    school_id INTEGER NOT NULL REFERENCES schools (id),
    PRIMARY KEY (class_id, school_id)
);

-- 培训班操作日志: who did what to a class and its roster, when. Append-only.
CREATE TABLE class_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES accounts (id),
    class_id  INTEGER NOT NULL REFERENCES classes (id),
    person_id INTEGER REFERENCES people (id),
    action    TEXT NOT NULL CHECK (action IN ('planned', 'filing_approved', 'filing_rejected', 'opened', 'closed',
                  'reopened', 'cancelled', 'attendee_added', 'attendee_removed', 'roster_imported')),
    detail    TEXT NOT NULL
);
CREATE INDEX class_audit_class ON class_audit (class_id, at);
CREATE TRIGGER class_audit_no_update BEFORE UPDATE ON class_audit
BEGIN
    SELECT RAISE(ABORT, 'class_audit is append-only');
END;
CREATE TRIGGER class_audit_no_delete BEFORE DELETE ON class_audit
BEGIN
    SELECT RAISE(ABORT, 'class_audit is append-only');
END;
