-- The district's own data, kept current by the organisation department (#17): what a school's page
-- says of itself, and 变更记录 — every change to units, schools, people and teachers: who, when, and
-- each field before → after. The log is append-only (nothing updates or deletes it).
ALTER TABLE schools ADD COLUMN sub_area TEXT;   -- 片区: the area an extended school serves
ALTER TABLE schools ADD COLUMN villages TEXT;   -- its villages and communities, separated by 、
ALTER TABLE schools ADD COLUMN venue TEXT;      -- 办学场所
ALTER TABLE schools ADD COLUMN contact TEXT;    -- 联系人及电话
ALTER TABLE schools ADD COLUMN profile TEXT;    -- 学校简介
ALTER TABLE schools ADD COLUMN closed_on TEXT;  -- set when the school is closed (kept in history)

-- A person's standing on the roster: 在职, 调出 (moved out of the district), 退休.
ALTER TABLE people ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'retired'));

CREATE TABLE data_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER REFERENCES accounts (id),
    entity    TEXT NOT NULL CHECK (entity IN ('unit', 'school', 'person', 'teacher', 'roster')),
    entity_id INTEGER,
    action    TEXT NOT NULL CHECK (action IN ('created', 'updated', 'closed', 'reopened', 'imported')),
    summary   TEXT NOT NULL,
    changes   TEXT NOT NULL    -- JSON: [[field, before, after], …]
);
CREATE INDEX data_audit_entity ON data_audit (entity, entity_id, id);
CREATE TRIGGER data_audit_no_update BEFORE UPDATE ON data_audit
BEGIN
    SELECT RAISE(ABORT, 'data_audit is append-only');
END;
CREATE TRIGGER data_audit_no_delete BEFORE DELETE ON data_audit
BEGIN
    SELECT RAISE(ABORT, 'data_audit is append-only');
END;
