-- Accounts, roles, login throttling, yearly study-hour targets. (Sessions live in tower-sessions' own table.)

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,             -- argon2id PHC string
    display_name  TEXT NOT NULL,
    person_id     INTEGER REFERENCES people (id),
    school_id     INTEGER REFERENCES schools (id),   -- the school a school admin runs
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL
);

CREATE TABLE account_roles (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    role       TEXT NOT NULL CHECK (role IN ('leader', 'org_admin', 'school_admin', 'supervisor', 'teacher', 'cadre')),
    PRIMARY KEY (account_id, role)
);

-- Failed logins, counted per account and per address within a window.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- 年度学时目标: set by org admins per year and rank; the rules' defaults apply where none is set.
CREATE TABLE hour_targets (
    year  INTEGER NOT NULL,
    rank  TEXT NOT NULL CHECK (rank IN ('district', 'division', 'section', 'other')),
    hours REAL NOT NULL CHECK (hours > 0),
    PRIMARY KEY (year, rank)
);
