-- Study-hour administration: external-study claims with their evidence file, the append-only audit log
-- of every change to anyone's hours, supervision groups (scope of a supervisor's view), and the time an
-- account's password last changed (sessions begun before it end).

ALTER TABLE accounts ADD COLUMN credentials_changed_at TEXT;

-- 外部学习学时申报 (online academy, university course …), decided by the organisation department.
CREATE TABLE external_claims (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES people (id),
    submitted_by    INTEGER NOT NULL REFERENCES accounts (id),
    title           TEXT NOT NULL,
    provider        TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    hours           REAL NOT NULL CHECK (hours > 0 AND hours <= 200),
    evidence_name   TEXT NOT NULL,
    evidence_type   TEXT NOT NULL CHECK (evidence_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    evidence        BLOB NOT NULL,
    submitted_at    TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by      INTEGER REFERENCES accounts (id),
    decided_at      TEXT,
    decision_reason TEXT,
    study_hour_id   INTEGER UNIQUE REFERENCES study_hours (id),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX external_claims_person ON external_claims (person_id, submitted_at);
CREATE INDEX external_claims_status ON external_claims (status, submitted_at);

-- 学时变更审计日志: append-only (who, when, what, why). The database refuses updates and deletes.
CREATE TABLE hour_audit (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES accounts (id),    -- NULL: the system itself
    person_id     INTEGER REFERENCES people (id),      -- whose hours (NULL: a rule or target for many)
    action        TEXT NOT NULL CHECK (action IN ('claim_submitted', 'claim_approved', 'claim_rejected', 'target_set', 'ledger_loaded')),
    hours         REAL,
    study_hour_id INTEGER REFERENCES study_hours (id),
    claim_id      INTEGER REFERENCES external_claims (id),
    detail        TEXT NOT NULL
);
CREATE INDEX hour_audit_person ON hour_audit (person_id, at);
CREATE INDEX hour_audit_at ON hour_audit (at);
CREATE TRIGGER hour_audit_no_update BEFORE UPDATE ON hour_audit
BEGIN
    SELECT RAISE(ABORT, 'hour_audit is append-only');
END;
CREATE TRIGGER hour_audit_no_delete BEFORE DELETE ON hour_audit
BEGIN
    SELECT RAISE(ABORT, 'hour_audit is append-only');
END;

-- 督导组: four groups led by the district Party school's leadership, each supervising a set of schools.
CREATE TABLE supervision_groups (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    leader_person_id INTEGER REFERENCES people (id)
);
CREATE TABLE supervision_group_schools (
    school_id INTEGER PRIMARY KEY REFERENCES schools (id),   -- a school is in at most one group
    group_id  INTEGER NOT NULL REFERENCES supervision_groups (id)
);
CREATE TABLE supervision_group_accounts (
    group_id   INTEGER NOT NULL REFERENCES supervision_groups (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    PRIMARY KEY (group_id, account_id)
);
