-- The dashboard's grain: training volume per township-level unit and day (0: the district-level
-- units' schools), kept exact beside the per-school counts (`class_day_counts`) in the same
-- transaction, so a period's figures read at most (townships + 1) rows per day however many schools
-- and attendances there are. And the people per unit (the dashboard's Party members), kept by every
-- change to the roster of people.
CREATE TABLE township_day_counts (
    day         TEXT NOT NULL,
    township_id BIGINT NOT NULL,
    classes     BIGINT NOT NULL DEFAULT 0,
    attendances BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, township_id)
);

INSERT INTO township_day_counts (day, township_id, classes, attendances)
SELECT r.day, COALESCE(s.township_id, 0), SUM(r.classes), SUM(r.attendances)
FROM class_day_counts r JOIN schools s ON s.id = r.school_id
GROUP BY r.day, COALESCE(s.township_id, 0);

CREATE TABLE unit_people_counts (
    unit_id       BIGINT PRIMARY KEY REFERENCES units (id),
    people        BIGINT NOT NULL DEFAULT 0,
    party_members BIGINT NOT NULL DEFAULT 0
);

INSERT INTO unit_people_counts (unit_id, people, party_members)
SELECT unit_id, COUNT(*), SUM(CASE WHEN party_member THEN 1 ELSE 0 END) FROM people GROUP BY unit_id;
