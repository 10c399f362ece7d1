-- Training volume per school and day, kept exact in the same transaction as every change to it
-- (a class held for the first time, a check-in, a roster import or removal), so that any period's
-- figures are summed from a few thousand rows instead of counted from every attendance.
-- `day` is the day the class starts (the article counts a class and its attendances in the month
-- it was held); `classes` counts classes that were held (opened at least once).
CREATE TABLE class_day_counts (
    day         TEXT NOT NULL,
    school_id   BIGINT NOT NULL REFERENCES schools (id),
    classes     BIGINT NOT NULL DEFAULT 0,
    attendances BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, school_id)
);
CREATE INDEX class_day_counts_school ON class_day_counts (school_id, day);

INSERT INTO class_day_counts (day, school_id, classes, attendances)
SELECT substr(c.starts_at, 1, 10), c.school_id,
       SUM(CASE WHEN c.status IN ('open', 'closed') THEN 1 ELSE 0 END),
       SUM(COALESCE(n.attendances, 0))
FROM classes c
LEFT JOIN (SELECT class_id, COUNT(*) AS attendances FROM attendance GROUP BY class_id) n ON n.class_id = c.id
GROUP BY substr(c.starts_at, 1, 10), c.school_id;

-- Today's check-ins by hour are read from the attendances of the day.
CREATE INDEX attendance_checked_in ON attendance (checked_in_at);
