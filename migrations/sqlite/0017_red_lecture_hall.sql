-- 红色大讲堂 (#18): a district-wide class kind, held by the organisation department for all the district's
-- Party members and cadres at one of the red teaching bases (红色教学基地) — the district's own list of
-- venues, kept by the organisation department (a base no longer used is retired, its lectures stay).
CREATE TABLE red_bases (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    place      TEXT NOT NULL,
    about      TEXT NOT NULL DEFAULT '',
    added_at   TEXT NOT NULL,
    retired_on TEXT
);

ALTER TABLE classes ADD COLUMN kind TEXT NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'red_lecture'));
ALTER TABLE classes ADD COLUMN red_base_id INTEGER REFERENCES red_bases (id);
CREATE INDEX classes_kind ON classes (kind, starts_at);
