-- Hardening: addresses an account signed in from (its owner is never locked out by failures from
-- elsewhere), wrong check-in codes (counted per account and per address), and the security log.
CREATE TABLE login_addresses (
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (username, address)
);

-- A sign-in attempt is stored before it is judged (pending), so that parallel tries see each other;
-- a failure stays (no longer pending), a success is deleted.
ALTER TABLE login_failures ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX login_failures_pair ON login_failures (username, address, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE code_failures (
    id         INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL,
    address    TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX code_failures_account ON code_failures (account_id, at);
CREATE INDEX code_failures_address ON code_failures (address, at);
CREATE INDEX code_failures_at ON code_failures (at);

-- 安全日志: account administration and security events, append-only (nothing updates or deletes it).
CREATE TABLE security_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    actor_id BIGINT,
    username TEXT,
    address  TEXT,
    detail   TEXT NOT NULL
);
CREATE INDEX security_log_at ON security_log (at);
CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log
BEGIN
    SELECT RAISE(ABORT, 'security_log is append-only');
END;
CREATE TRIGGER security_log_no_delete BEFORE DELETE ON security_log
BEGIN
    SELECT RAISE(ABORT, 'security_log is append-only');
END;

-- The hour audit log learns close-out credits (one line per attendee credited at 结班). SQLite cannot
-- alter a CHECK: the table is rebuilt with its rows, indexes and append-only triggers (as in 0005).
CREATE TABLE hour_audit_new (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES accounts (id),
    person_id     INTEGER REFERENCES people (id),
    action        TEXT NOT NULL CHECK (action IN ('claim_submitted', 'claim_approved', 'claim_rejected', 'target_set',
                      'ledger_loaded', 'podium_credited', 'premium_credited', 'class_credited')),
    hours         REAL,
    study_hour_id INTEGER REFERENCES study_hours (id),
    claim_id      INTEGER REFERENCES external_claims (id),
    detail        TEXT NOT NULL
);
INSERT INTO hour_audit_new SELECT id, at, actor_id, person_id, action, hours, study_hour_id, claim_id, detail FROM hour_audit;
DROP TABLE hour_audit;
ALTER TABLE hour_audit_new RENAME TO hour_audit;
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
