-- "1+8" rules, part three: supervision (the groups' members, visits with findings and follow-ups),
-- joint training (the hosting rotation, the regional group's yearly plan and cross-evaluation; classes
-- planned for a group), and the competency tests of the district-managed leadership teams.

-- 督导组成员 besides the leader. A group never supervises a school of one of its people's units
-- (rules::supervision::own_unit_conflict, checked when a school is assigned).
CREATE TABLE supervision_group_members (
    group_id  INTEGER NOT NULL REFERENCES supervision_groups (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (group_id, person_id)
);

-- 督导记录: what a group found at a school, and the follow-up it asked for.
CREATE TABLE supervision_visits (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES supervision_groups (id),
    school_id   INTEGER NOT NULL REFERENCES schools (id),
    visited_on  TEXT NOT NULL,
    findings    TEXT NOT NULL,
    follow_up   TEXT NOT NULL DEFAULT '',
    due_on      TEXT,
    status      TEXT NOT NULL CHECK (status IN ('none', 'open', 'done')),
    done_on     TEXT,
    done_note   TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES accounts (id),
    recorded_at TEXT NOT NULL,
    CHECK ((status = 'none') = (due_on IS NULL))
);
CREATE INDEX supervision_visits_school ON supervision_visits (school_id, visited_on);

-- 联训: the month a group's hosting rotation started ('YYYY-MM'; none for groups that do not rotate).
ALTER TABLE joint_groups ADD COLUMN rotation_from TEXT;

-- The regional group's yearly teaching plan: a topic per month (the host follows from the rotation).
CREATE TABLE joint_plans (
    group_id INTEGER NOT NULL REFERENCES joint_groups (id),
    year     INTEGER NOT NULL,
    month    INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    topic    TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('political_theory', 'economy_finance', 'public_administration',
                 'law_regulation', 'professional_knowledge', 'general_quality', 'on_site_teaching')),
    PRIMARY KEY (group_id, year, month)
);

-- 交叉评估: one member unit's score of another, per year and criterion.
CREATE TABLE joint_cross_scores (
    group_id       INTEGER NOT NULL REFERENCES joint_groups (id),
    year           INTEGER NOT NULL,
    scorer_unit_id INTEGER NOT NULL REFERENCES units (id),
    scored_unit_id INTEGER NOT NULL REFERENCES units (id),
    criterion      TEXT NOT NULL CHECK (criterion IN ('teaching', 'organisation', 'ability', 'results')),
    score          REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    entered_by     INTEGER REFERENCES accounts (id),
    PRIMARY KEY (group_id, year, scorer_unit_id, scored_unit_id, criterion),
    CHECK (scorer_unit_id <> scored_unit_id)
);

-- 履职能力测试: a district-managed cadre's three parts in a year.
CREATE TABLE competency_results (
    year             INTEGER NOT NULL,
    person_id        INTEGER NOT NULL REFERENCES people (id),
    political_theory REAL NOT NULL CHECK (political_theory >= 0 AND political_theory <= 100),
    general_quality  REAL NOT NULL CHECK (general_quality >= 0 AND general_quality <= 100),
    job_capability   REAL NOT NULL CHECK (job_capability >= 0 AND job_capability <= 100),
    imported_by      INTEGER REFERENCES accounts (id),
    imported_at      TEXT NOT NULL,
    PRIMARY KEY (year, person_id)
);
