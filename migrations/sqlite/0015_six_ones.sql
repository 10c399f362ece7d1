-- 六个一 (#18): the documents that show each of a school's six "ones" (创建方案、教学计划、培训场地、
-- 管理团队、管用制度、工作台账): PDF, JPG or PNG (recognised by content), at most 5 MB each, a few per
-- item; who put each there and when. An item is in place when it has at least one document.
CREATE TABLE school_documents (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools (id),
    item        TEXT NOT NULL CHECK (item IN ('founding_plan', 'teaching_plan', 'venue', 'team', 'rules', 'ledgers')),
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    size        INTEGER NOT NULL CHECK (size > 0),
    content     BLOB NOT NULL,
    uploaded_by INTEGER REFERENCES accounts (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX school_documents_school ON school_documents (school_id, item);
