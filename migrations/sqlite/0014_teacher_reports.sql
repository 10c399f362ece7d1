-- 师资积分通报 (#18): the top of the teacher pool's ranking reported to each teacher's unit, recorded as
-- notices (as premium courses already are): who, rank and points at the time, the notice's text.
CREATE TABLE teacher_reports (
    id         INTEGER PRIMARY KEY,
    batch      INTEGER NOT NULL,            -- one report of the top: its rows share the batch
    made_at    TEXT NOT NULL,
    made_by    INTEGER REFERENCES accounts (id),
    teacher_id INTEGER NOT NULL REFERENCES teachers (id),
    rank       INTEGER NOT NULL CHECK (rank > 0),
    points     REAL NOT NULL,
    unit_name  TEXT NOT NULL,
    notice     TEXT NOT NULL,
    UNIQUE (batch, teacher_id)
);
CREATE INDEX teacher_reports_batch ON teacher_reports (batch);
