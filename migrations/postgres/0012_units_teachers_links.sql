-- The district's own data, part two (#17): units merged or retired (kept in history: past classes,
-- hours and evaluations stay with the unit they happened in), teachers' own profiles, and one-time
-- sign-in links for accounts made in bulk from a unit's cadres.

-- 撤并: the day a unit was retired, and the unit its people moved to when it was merged.
ALTER TABLE units ADD COLUMN retired_on TEXT;
ALTER TABLE units ADD COLUMN merged_into_id BIGINT REFERENCES units (id);

-- 师资: a teacher's post or title and a short introduction, kept by the teacher or the department.
ALTER TABLE teachers ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE teachers ADD COLUMN profile TEXT NOT NULL DEFAULT '';

-- 一次性登录链接: only the SHA-256 of the token is kept; used once, before it expires, to set a password.
CREATE TABLE signin_links (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    created_by BIGINT REFERENCES accounts (id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX signin_links_account ON signin_links (account_id);

-- The change log learns merges, retirements and issued accounts.
ALTER TABLE data_audit DROP CONSTRAINT data_audit_entity_check;
ALTER TABLE data_audit ADD CONSTRAINT data_audit_entity_check
    CHECK (entity IN ('unit', 'school', 'person', 'teacher', 'roster', 'account'));
ALTER TABLE data_audit DROP CONSTRAINT data_audit_action_check;
ALTER TABLE data_audit ADD CONSTRAINT data_audit_action_check
    CHECK (action IN ('created', 'updated', 'closed', 'reopened', 'imported', 'merged', 'retired', 'issued'));
