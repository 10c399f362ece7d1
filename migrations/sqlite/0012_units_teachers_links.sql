-- The district's own data, part two (#17): units merged or retired (kept in history: past classes,
-- hours and evaluations stay with the unit they happened in), teachers' own profiles, and one-time
-- sign-in links for accounts made in bulk from a unit's cadres.

-- 撤并: the day a unit was retired, and the unit its people moved to when it was merged.
ALTER TABLE units ADD COLUMN retired_on TEXT;
ALTER TABLE units ADD COLUMN merged_into_id INTEGER REFERENCES units (id);

-- 师资: a teacher's post or title and a short introduction, kept by the teacher or the department.
ALTER TABLE teachers ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE teachers ADD COLUMN profile TEXT NOT NULL DEFAULT '';

-- 一次性登录链接: only the SHA-256 of the token is kept; used once, before it expires, to set a password.
CREATE TABLE signin_links (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES accounts (id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX signin_links_account ON signin_links (account_id);

-- The change log learns merges, retirements and issued accounts. SQLite cannot alter a CHECK: the
-- table is rebuilt with its rows, index and append-only triggers (as in 0008).
CREATE TABLE data_audit_new (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES accounts (id),
    entity    TEXT NOT NULL CHECK (entity IN ('unit', 'school', 'person', 'teacher', 'roster', 'account')),
    entity_id INTEGER,
    action    TEXT NOT NULL CHECK (action IN ('created', 'updated', 'closed', 'reopened', 'imported', 'merged',
                  'retired', 'issued')),
    summary   TEXT NOT NULL,
    changes   TEXT NOT NULL
);
INSERT INTO data_audit_new SELECT id, at, actor_id, entity, entity_id, action, summary, changes FROM data_audit;
DROP TABLE data_audit;
ALTER TABLE data_audit_new RENAME TO data_audit;
CREATE INDEX data_audit_entity ON data_audit (entity, entity_id, id);
CREATE TRIGGER data_audit_no_update BEFORE UPDATE ON data_audit
BEGIN
    SELECT RAISE(ABORT, 'data_audit is append-only');
END;
CREATE TRIGGER data_audit_no_delete BEFORE DELETE ON data_audit
BEGIN
    SELECT RAISE(ABORT, 'data_audit is append-only');
END;
