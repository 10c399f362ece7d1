-- Foundation schema (SQLite). Dates are ISO-8601 TEXT ('YYYY-MM-DD', 'YYYY-MM-DDTHH:MM:SS'), as in the
-- PostgreSQL schema, so that every query (substr for months, text comparison for ranges) runs on both.

CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- 单位: township-level units, district departments, mass organisations, second-level institutions, partners.
CREATE TABLE units (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    short_name          TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('township', 'department', 'mass_org', 'institution', 'partner')),
    township_kind       TEXT,                -- 街道 / 乡 / 场 / 开发区 / 管委会
    code                TEXT UNIQUE,         -- NBS division code of a township-level unit
    parent_id           INTEGER REFERENCES units (id),
    in_district         BOOLEAN NOT NULL DEFAULT TRUE,
    lon                 REAL,
    lat                 REAL,
    location_confidence TEXT CHECK (location_confidence IN ('medium', 'low', 'very low'))
);

-- 党员和干部
CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    rank             TEXT NOT NULL CHECK (rank IN ('district', 'division', 'section', 'other')),
    district_managed BOOLEAN NOT NULL DEFAULT FALSE,
    party_member     BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX people_unit ON people (unit_id);

-- 业余党校
CREATE TABLE schools (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    founding_mode       TEXT NOT NULL CHECK (founding_mode IN ('independent', 'joint', 'extended')),
    extension_kind      TEXT CHECK (extension_kind IN ('sub_area', 'institution')),
    host_unit_id        INTEGER NOT NULL REFERENCES units (id),
    township_id         INTEGER REFERENCES units (id),   -- the township-level unit it sits in, if any
    principal_id        INTEGER REFERENCES people (id),
    vice_principal_id   INTEGER REFERENCES people (id),
    opened_on           TEXT NOT NULL,
    pilot               BOOLEAN NOT NULL DEFAULT FALSE,
    lon                 REAL NOT NULL,
    lat                 REAL NOT NULL,
    location_confidence TEXT NOT NULL CHECK (location_confidence IN ('medium', 'low', 'very low')),
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'suspended', 'closed')),
    CHECK ((founding_mode = 'extended') = (extension_kind IS NOT NULL))
);
CREATE INDEX schools_township ON schools (township_id);

-- Member units of a joint school (联合建校).
CREATE TABLE school_members (
    school_id INTEGER NOT NULL REFERENCES schools (id),
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (school_id, unit_id)
);

-- Rotating principals (轮值校长), one-year terms.
CREATE TABLE principal_terms (
    id        INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    starts_on TEXT NOT NULL,
    ends_on   TEXT NOT NULL,
    CHECK (ends_on > starts_on),
    UNIQUE (school_id, starts_on)
);

-- 联训组 (regional / paired / departmental joint training groups).
CREATE TABLE joint_groups (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('regional', 'paired', 'departmental'))
);
CREATE TABLE joint_group_members (
    group_id       INTEGER NOT NULL REFERENCES joint_groups (id),
    unit_id        INTEGER NOT NULL REFERENCES units (id),
    rotation_order INTEGER NOT NULL,
    PRIMARY KEY (group_id, unit_id),
    UNIQUE (group_id, rotation_order)
);

-- 师资
CREATE TABLE teachers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    person_id   INTEGER REFERENCES people (id),
    unit_name   TEXT NOT NULL,
    in_district BOOLEAN NOT NULL
);

-- 培训班 (a 2015–2016 "class" 期 or a 2017 "session" 场: one row each)
CREATE TABLE classes (
    id             INTEGER PRIMARY KEY,
    school_id      INTEGER NOT NULL REFERENCES schools (id),
    joint_group_id INTEGER REFERENCES joint_groups (id),
    title          TEXT NOT NULL,
    category       TEXT NOT NULL CHECK (category IN ('political_theory', 'economy_finance', 'public_administration',
                       'law_regulation', 'professional_knowledge', 'general_quality', 'on_site_teaching')),
    starts_at      TEXT NOT NULL,
    ends_at        TEXT NOT NULL,
    venue          TEXT NOT NULL,
    hours          REAL NOT NULL CHECK (hours > 0 AND hours <= 80),
    CHECK (ends_at > starts_at)
);
CREATE INDEX classes_starts ON classes (starts_at);
CREATE INDEX classes_school ON classes (school_id, starts_at);

CREATE TABLE class_teachers (
    class_id   INTEGER NOT NULL REFERENCES classes (id),
    teacher_id INTEGER NOT NULL REFERENCES teachers (id),
    PRIMARY KEY (class_id, teacher_id)
);

-- 签到 / 参训记录: one person attends one class once.
CREATE TABLE attendance (
    id            INTEGER PRIMARY KEY,
    class_id      INTEGER NOT NULL REFERENCES classes (id),
    person_id     INTEGER NOT NULL REFERENCES people (id),
    checked_in_at TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('qr', 'code', 'manual', 'import', 'paper')),
    UNIQUE (class_id, person_id)
);
CREATE INDEX attendance_person ON attendance (person_id);

-- 学时台账: every entry names the rule (and its version) that produced it and its evidence.
CREATE TABLE study_hours (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    hours         REAL NOT NULL CHECK (hours > 0),
    earned_on     TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('attendance', 'podium', 'premium_course', 'external')),
    rule          TEXT NOT NULL,
    rule_version  INTEGER NOT NULL,
    class_id      INTEGER REFERENCES classes (id),
    attendance_id INTEGER UNIQUE REFERENCES attendance (id),
    evidence      TEXT NOT NULL
);
CREATE INDEX study_hours_person ON study_hours (person_id, earned_on);
