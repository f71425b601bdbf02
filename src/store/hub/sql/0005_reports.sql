-- What the district reports computed in the hub (`plp report … --hub URL`) need beyond the
-- views: reading a stored day and a change's clock as plp reads them, and narrow tables of what
-- the reports read, so that the caseload is one short read and the trends are counted in SQL
-- and handed over as counts.

-- A stored day ('YYYY-MM-DD') as a date; anything that is not a day of the calendar is null.
CREATE FUNCTION plp.day_of(t text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
                 AND left(t, 4) <> '0000'
                 AND substr(t, 9, 2)::int <= extract(day FROM
                     make_date(left(t, 4)::int, substr(t, 6, 2)::int, 1)
                     + interval '1 month' - interval '1 day')
                THEN make_date(left(t, 4)::int, substr(t, 6, 2)::int, substr(t, 9, 2)::int)
           END $$;

-- The instant (ms since 1970) a change's clock stamp ('<ms>.<counter>') names.
CREATE FUNCTION plp.hlc_millis(h text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN split_part(h, '.', 1) ~ '^[0-9]{1,18}$'
                THEN split_part(h, '.', 1)::bigint END $$;

-- What the caseload and the trends report read, kept narrow beside plp.records (whose rows hold
-- every field as JSON): the active students, the plans and goals, and the check-ins with their
-- verdicts, retired records left out. Kept from plp.records by the triggers below as it changes, so they
-- say what the views say; row-level security on them is the same as on plp.records.
CREATE TABLE plp.report_students (
    id             text PRIMARY KEY,
    student_id     text NOT NULL,
    sis_id         text NOT NULL,
    given_name     text NOT NULL,
    family_name    text NOT NULL,
    preferred_name text,
    advisor        text,
    grade          bigint,
    iep            boolean NOT NULL,
    plan_504       boolean NOT NULL,
    -- Strengths are written; how many of the seven profile fields are.
    strengths      boolean NOT NULL,
    profile_fields integer NOT NULL
);
CREATE TABLE plp.report_plans (
    id          text PRIMARY KEY,
    student_id  text NOT NULL,
    school_year text NOT NULL
);
CREATE TABLE plp.report_goals (
    id         text PRIMARY KEY,
    student_id text NOT NULL,
    plan_id    text NOT NULL,
    domain     text NOT NULL,
    status     text NOT NULL
);
CREATE INDEX report_goals_by_plan ON plp.report_goals (plan_id);
-- A check-in's verdicts as two lists in their order: the strategy of each, and its verdict.
CREATE TABLE plp.report_checkins (
    id         text COLLATE "C" PRIMARY KEY,
    student_id text NOT NULL,
    date       text COLLATE "C",
    day        date,
    next_date  text,
    kind       text NOT NULL,
    strategies text[] NOT NULL,
    verdicts   text[] NOT NULL,
    hidden     boolean NOT NULL
);
CREATE INDEX report_checkins_by_date ON plp.report_checkins (date);
CREATE INDEX report_checkins_by_student ON plp.report_checkins (student_id, date, id);

-- Each record's narrow row (none for a retired one, nor for a student who is not active).
CREATE FUNCTION plp.report_student(r plp.records) RETURNS SETOF plp.report_students
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'sis_id'), plp.as_text(r.doc -> 'given_name'),
           plp.as_text(r.doc -> 'family_name'), plp.as_opt_text(r.doc -> 'preferred_name'),
           plp.as_opt_text(r.doc -> 'advisor'), plp.as_int(r.doc -> 'grade'),
           plp.as_bool(r.doc -> 'iep'), plp.as_bool(r.doc -> 'plan_504'),
           length(btrim(plp.as_text(r.doc -> 'strengths'))) > 0,
           (length(btrim(plp.as_text(r.doc -> 'strengths'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'needs'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'learning'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'interests'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'career'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'supports'))) > 0)::int
         + (length(btrim(plp.as_text(r.doc -> 'personal_goals'))) > 0)::int
    WHERE r.entity = 'student' AND NOT plp.as_bool(r.doc -> 'retired')
      AND plp.as_text(r.doc -> 'status') = 'active' $$;
CREATE FUNCTION plp.report_plan(r plp.records) RETURNS SETOF plp.report_plans
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'school_year')
    WHERE r.entity = 'plan' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE FUNCTION plp.report_goal(r plp.records) RETURNS SETOF plp.report_goals
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'plan_id'), plp.as_text(r.doc -> 'domain'),
           plp.as_text(r.doc -> 'status')
    WHERE r.entity = 'goal' AND NOT plp.as_bool(r.doc -> 'retired') $$;
-- A verdict counts as a check-in's verdicts are read: an element naming its strategy and its
-- verdict as text; any other element is left out.
CREATE FUNCTION plp.report_checkin(r plp.records) RETURNS SETOF plp.report_checkins
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, d.date, plp.day_of(d.date),
           plp.as_opt_text(r.doc -> 'next_date'), plp.as_text(r.doc -> 'kind'),
           coalesce(v.strategies, '{}'), coalesce(v.verdicts, '{}'), r.hidden
    FROM (SELECT plp.as_opt_text(r.doc -> 'date') AS date) d,
         LATERAL (SELECT array_agg(e.v ->> 'strategy' ORDER BY e.ord) AS strategies,
                         array_agg(e.v ->> 'verdict' ORDER BY e.ord) AS verdicts
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(plp.as_json(r.doc -> 'verdicts'))
                                                      = 'array'
                                                 THEN plp.as_json(r.doc -> 'verdicts')
                                                 ELSE '[]'::jsonb END)
                       WITH ORDINALITY AS e(v, ord)
                  WHERE jsonb_typeof(e.v -> 'strategy') = 'string'
                    AND jsonb_typeof(e.v -> 'verdict') = 'string') v
    WHERE r.entity = 'checkin' AND NOT plp.as_bool(r.doc -> 'retired') $$;

CREATE FUNCTION plp.records_to_reports() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM plp.report_students WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_plans WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_goals WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_checkins WHERE id IN (SELECT id FROM old_records);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO plp.report_students SELECT x.* FROM new_records n, plp.report_student(n) x;
        INSERT INTO plp.report_plans SELECT x.* FROM new_records n, plp.report_plan(n) x;
        INSERT INTO plp.report_goals SELECT x.* FROM new_records n, plp.report_goal(n) x;
        INSERT INTO plp.report_checkins SELECT x.* FROM new_records n, plp.report_checkin(n) x;
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION plp.records_to_reports() FROM PUBLIC;
CREATE TRIGGER records_added_to_reports AFTER INSERT ON plp.records
    REFERENCING NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION plp.records_to_reports();
CREATE TRIGGER records_changed_in_reports AFTER UPDATE ON plp.records
    REFERENCING OLD TABLE AS old_records NEW TABLE AS new_records
    FOR EACH STATEMENT EXECUTE FUNCTION plp.records_to_reports();
CREATE TRIGGER records_removed_from_reports AFTER DELETE ON plp.records
    REFERENCING OLD TABLE AS old_records
    FOR EACH STATEMENT EXECUTE FUNCTION plp.records_to_reports();

INSERT INTO plp.report_students SELECT x.* FROM plp.records n, plp.report_student(n) x;
INSERT INTO plp.report_plans SELECT x.* FROM plp.records n, plp.report_plan(n) x;
INSERT INTO plp.report_goals SELECT x.* FROM plp.records n, plp.report_goal(n) x;
INSERT INTO plp.report_checkins SELECT x.* FROM plp.records n, plp.report_checkin(n) x;

ALTER TABLE plp.report_students ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_goals ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_checkins ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_report_students ON plp.report_students FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_plans ON plp.report_plans FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_goals ON plp.report_goals FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_checkins ON plp.report_checkins FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR (NOT hidden AND student_id IN (SELECT plp.open_students())
            AND id NOT IN (SELECT plp.restricted_ids(true))));
REVOKE ALL ON plp.report_students, plp.report_plans, plp.report_goals, plp.report_checkins
    FROM PUBLIC;
GRANT SELECT ON plp.report_students, plp.report_plans, plp.report_goals, plp.report_checkins
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
