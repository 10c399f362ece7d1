-- "1+8" rules, part one: the yearly six-haves (六有) evaluation of the schools and leaders on the podium
-- (上讲台). Bands are not stored: they follow from the scores by `rules::six_haves::band_schools` on read.

-- 评估方法权重 (per cent, summing to 100), set by the organisation department per year.
CREATE TABLE evaluation_weights (
    year   INTEGER NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('site_visit', 'document_review', 'trainee_evaluation', 'overall')),
    weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),
    PRIMARY KEY (year, method)
);

-- 六有评分: one score (0–100) per school, year, criterion and method.
CREATE TABLE evaluation_scores (
    school_id  INTEGER NOT NULL REFERENCES schools (id),
    year       INTEGER NOT NULL,
    criterion  TEXT NOT NULL CHECK (criterion IN ('leadership', 'venue', 'teachers_courses', 'management', 'funding', 'results')),
    method     TEXT NOT NULL CHECK (method IN ('site_visit', 'document_review', 'trainee_evaluation', 'overall')),
    score      REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    entered_by INTEGER REFERENCES accounts (id),
    entered_at TEXT NOT NULL,
    PRIMARY KEY (school_id, year, criterion, method)
);
CREATE INDEX evaluation_scores_year ON evaluation_scores (year);

-- 以奖代补: the subsidy (yuan) of a demonstration and of an excellent school, per year.
CREATE TABLE band_subsidies (
    year   INTEGER NOT NULL,
    band   TEXT NOT NULL CHECK (band IN ('demonstration', 'excellent')),
    amount REAL NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (year, band)
);

-- 不合格学校整改: the principal's interview, the deadline and where the rectification stands.
CREATE TABLE rectifications (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES schools (id),
    year         INTEGER NOT NULL,
    interview_on TEXT NOT NULL,
    deadline     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
    note         TEXT NOT NULL DEFAULT '',
    updated_by   INTEGER REFERENCES accounts (id),
    updated_at   TEXT NOT NULL,
    UNIQUE (school_id, year),
    CHECK (deadline >= interview_on)
);

-- 领导干部上讲台: one row per lecture; its reward hours are one ledger entry.
CREATE TABLE podium_lectures (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    given_on      TEXT NOT NULL,
    venue_kind    TEXT NOT NULL CHECK (venue_kind IN ('district_party_school', 'amateur_school', 'sector_forum')),
    school_id     INTEGER REFERENCES schools (id),
    title         TEXT NOT NULL,
    study_hour_id INTEGER UNIQUE REFERENCES study_hours (id),
    recorded_by   INTEGER REFERENCES accounts (id),
    recorded_at   TEXT NOT NULL,
    UNIQUE (person_id, given_on, title),
    CHECK ((venue_kind = 'amateur_school') = (school_id IS NOT NULL))
);
CREATE INDEX podium_lectures_given ON podium_lectures (given_on);

-- The hour audit log learns the reward entries. SQLite cannot alter a CHECK: the table is rebuilt
-- (DROP TABLE's implicit delete fires no trigger) with its rows, indexes and append-only triggers.
CREATE TABLE hour_audit_new (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_id      INTEGER REFERENCES accounts (id),
    person_id     INTEGER REFERENCES people (id),
    action        TEXT NOT NULL CHECK (action IN ('claim_submitted', 'claim_approved', 'claim_rejected', 'target_set',
                      'ledger_loaded', 'podium_credited', 'premium_credited')),
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
