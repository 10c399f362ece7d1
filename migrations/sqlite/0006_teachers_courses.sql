-- "1+8" rules, part two: the trainees' anonymous questionnaire after a class, the teacher pool's
-- specialties, and the yearly premium-course selection.

-- 学员评价: an answer carries no person and no time; who has answered is kept apart (without time),
-- so that nobody answers twice and nobody's answer can be traced.
CREATE TABLE class_feedback (
    id           INTEGER PRIMARY KEY,
    class_id     INTEGER NOT NULL REFERENCES classes (id),
    content      INTEGER NOT NULL CHECK (content BETWEEN 1 AND 5),
    teaching     INTEGER NOT NULL CHECK (teaching BETWEEN 1 AND 5),
    organisation INTEGER NOT NULL CHECK (organisation BETWEEN 1 AND 5),
    usefulness   INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX class_feedback_class ON class_feedback (class_id);
CREATE TABLE class_feedback_given (
    class_id  INTEGER NOT NULL REFERENCES classes (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (class_id, person_id)
) WITHOUT ROWID;  -- stored in key order: no insertion order to line up with the answers

-- 师资库: what a teacher teaches.
ALTER TABLE teachers ADD COLUMN specialties TEXT NOT NULL DEFAULT '';

-- 精品课程评选: nominations per year and category, reviewers' scores, the published result.
CREATE TABLE course_nominations (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('political_theory', 'economy_finance', 'public_administration',
                      'law_regulation', 'professional_knowledge', 'general_quality', 'on_site_teaching')),
    title         TEXT NOT NULL,
    teacher_id    INTEGER NOT NULL REFERENCES teachers (id),
    status        TEXT NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'selected', 'not_selected')),
    study_hour_id INTEGER UNIQUE REFERENCES study_hours (id),
    notification  TEXT,                       -- the notice to an out-of-district teacher's unit
    notified_at   TEXT,
    UNIQUE (year, teacher_id, title)
);
CREATE INDEX course_nominations_year ON course_nominations (year, category);
CREATE TABLE course_reviews (
    nomination_id INTEGER NOT NULL REFERENCES course_nominations (id),
    reviewer_id   INTEGER REFERENCES accounts (id),
    reviewer_name TEXT NOT NULL,
    score         REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    PRIMARY KEY (nomination_id, reviewer_name)
);
-- The year's selection is published once.
CREATE TABLE course_selections (
    year         INTEGER PRIMARY KEY,
    published_at TEXT NOT NULL,
    published_by INTEGER REFERENCES accounts (id)
);
