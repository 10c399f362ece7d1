-- 教学计划 (#18): the yearly teaching plans as lines (a month, a topic, a course category). An
-- independent school makes its own (自主制定教学培训计划); the joint school its unified plan, under its
-- rotating principal, each line hosted by one of its member units in turn (轮流承办); a joint-training
-- group co-makes its plan (教学计划共定), one line per month (a regional group's host follows from its
-- rotation). The regional group's plans (joint_plans) move here. A class may be held for a plan line:
-- the plan shows each line done or not yet.
CREATE TABLE plan_lines (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER REFERENCES schools (id),
    group_id     INTEGER REFERENCES joint_groups (id),
    year         INTEGER NOT NULL,
    month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    topic        TEXT NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('political_theory', 'economy_finance', 'public_administration',
                     'law_regulation', 'professional_knowledge', 'general_quality', 'on_site_teaching')),
    host_unit_id INTEGER REFERENCES units (id),
    made_by      INTEGER REFERENCES accounts (id),
    made_at      TEXT NOT NULL,
    CHECK ((school_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX plan_lines_school ON plan_lines (school_id, year, month);
CREATE UNIQUE INDEX plan_lines_group_month ON plan_lines (group_id, year, month) WHERE group_id IS NOT NULL;

INSERT INTO plan_lines (group_id, year, month, topic, category, made_at)
SELECT group_id, year, month, topic, category, '2015-09-01T00:00:00' FROM joint_plans ORDER BY group_id, year, month;
DROP TABLE joint_plans;

ALTER TABLE classes ADD COLUMN plan_line_id INTEGER REFERENCES plan_lines (id);
CREATE INDEX classes_plan_line ON classes (plan_line_id);
