-- Everything the district reports read, narrow, and the tallies the trends report and the
-- caseload count from, kept beside them so that a report over 50,000 students adds up a few
-- hundred thousand short rows instead of reading the JSON of the views.
--
-- 1. The narrow tables of sql/0005_reports.sql gain what completeness and stuck read (a plan's
--    review, a goal's title and place, who attended a check-in and its ratings), and three more
--    are kept the same way: strategies, team members and interventions.
-- 2. Tallies kept from the narrow tables by statement triggers, per student, recomputed for the
--    students a statement touched:
--    - plp.report_years: per student and school year (of their plans), the goal domains, how
--      many goals have each status, and how many are active;
--    - plp.report_runs: per dated check-in, its verdicts counted by word and split by the day
--      the same strategy of the same student is next given a verdict (`next_day`; null when
--      never again). A verdict is a strategy's last in a period ending on day D exactly when
--      its check-in is in the period and `next_day` is null or after D, so "each strategy's
--      last verdict" is a filtered sum. One row per check-in is `first` (counts the check-in);
--    - plp.report_latest: per student, the latest check-in (by date, then id) and its next
--      date, for the caseload.
--    Tallies across check-ins could tell a login about a check-in it may not read, so
--    plp.report_runs and plp.report_latest are readable only by logins that read their students
--    whole (an admin, a counselor, an advisor); a teacher's report counts from the narrow
--    tables, which row-level security narrows row by row.
-- The verdict words counted are those a check-in stores ('working', 'partly', 'not-working',
-- 'not-tried'); any other word is counted as unknown, as plp reads it.

-- 1. More narrow columns and tables.
ALTER TABLE plp.report_plans ADD COLUMN reviewed boolean NOT NULL DEFAULT false;
ALTER TABLE plp.report_goals ADD COLUMN title text NOT NULL DEFAULT '',
    ADD COLUMN position bigint;
ALTER TABLE plp.report_checkins ADD COLUMN attended jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN progress jsonb NOT NULL DEFAULT '[]';
CREATE INDEX report_plans_by_student ON plp.report_plans (student_id);
CREATE INDEX report_goals_marked ON plp.report_goals (plan_id) WHERE status ILIKE '%met%';

CREATE TABLE plp.report_strategies (
    id         text PRIMARY KEY,
    student_id text NOT NULL,
    goal_id    text NOT NULL,
    what       text NOT NULL,
    status     text NOT NULL,
    position   bigint
);
CREATE TABLE plp.report_team (
    id         text COLLATE "C" PRIMARY KEY,
    student_id text NOT NULL,
    name       text NOT NULL,
    role       text NOT NULL
);
CREATE TABLE plp.report_interventions (
    id         text COLLATE "C" PRIMARY KEY,
    student_id text NOT NULL,
    date       text COLLATE "C",
    kind       text NOT NULL
);

CREATE OR REPLACE FUNCTION plp.report_plan(r plp.records) RETURNS SETOF plp.report_plans
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'school_year'), plp.as_bool(r.doc -> 'reviewed')
    WHERE r.entity = 'plan' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE OR REPLACE FUNCTION plp.report_goal(r plp.records) RETURNS SETOF plp.report_goals
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'plan_id'), plp.as_text(r.doc -> 'domain'),
           plp.as_text(r.doc -> 'status'), plp.as_text(r.doc -> 'title'),
           plp.as_int(r.doc -> 'position')
    WHERE r.entity = 'goal' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE OR REPLACE FUNCTION plp.report_checkin(r plp.records) RETURNS SETOF plp.report_checkins
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, d.date, plp.day_of(d.date),
           plp.as_opt_text(r.doc -> 'next_date'), plp.as_text(r.doc -> 'kind'),
           coalesce(v.strategies, '{}'), coalesce(v.verdicts, '{}'), r.hidden,
           plp.as_json(r.doc -> 'attended'), plp.as_json(r.doc -> 'progress')
    FROM (SELECT plp.as_opt_text(r.doc -> 'date') AS date,
                 plp.as_json(r.doc -> 'verdicts') AS verdicts) d,
         LATERAL (SELECT array_agg(e.v ->> 'strategy' ORDER BY e.ord) AS strategies,
                         array_agg(e.v ->> 'verdict' ORDER BY e.ord) AS verdicts
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d.verdicts) = 'array'
                                                 THEN d.verdicts ELSE '[]'::jsonb END)
                       WITH ORDINALITY AS e(v, ord)
                  WHERE jsonb_typeof(e.v -> 'strategy') = 'string'
                    AND jsonb_typeof(e.v -> 'verdict') = 'string') v
    WHERE r.entity = 'checkin' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE FUNCTION plp.report_strategy(r plp.records) RETURNS SETOF plp.report_strategies
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'goal_id'), plp.as_text(r.doc -> 'what'),
           plp.as_text(r.doc -> 'status'), plp.as_int(r.doc -> 'position')
    WHERE r.entity = 'strategy' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE FUNCTION plp.report_member(r plp.records) RETURNS SETOF plp.report_team
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_text(r.doc -> 'name'), plp.as_text(r.doc -> 'role')
    WHERE r.entity = 'team_member' AND NOT plp.as_bool(r.doc -> 'retired') $$;
CREATE FUNCTION plp.report_intervention(r plp.records) RETURNS SETOF plp.report_interventions
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, plp.as_opt_text(r.doc -> 'date'), plp.as_text(r.doc -> 'kind')
    WHERE r.entity = 'intervention' AND NOT plp.as_bool(r.doc -> 'retired') $$;

CREATE OR REPLACE FUNCTION plp.records_to_reports() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM plp.report_students WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_plans WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_goals WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_checkins WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_strategies WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_team WHERE id IN (SELECT id FROM old_records);
        DELETE FROM plp.report_interventions WHERE id IN (SELECT id FROM old_records);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO plp.report_students SELECT x.* FROM new_records n, plp.report_student(n) x;
        INSERT INTO plp.report_plans SELECT x.* FROM new_records n, plp.report_plan(n) x;
        INSERT INTO plp.report_goals SELECT x.* FROM new_records n, plp.report_goal(n) x;
        INSERT INTO plp.report_checkins SELECT x.* FROM new_records n, plp.report_checkin(n) x;
        INSERT INTO plp.report_strategies SELECT x.* FROM new_records n, plp.report_strategy(n) x;
        INSERT INTO plp.report_team SELECT x.* FROM new_records n, plp.report_member(n) x;
        INSERT INTO plp.report_interventions
            SELECT x.* FROM new_records n, plp.report_intervention(n) x;
    END IF;
    RETURN NULL;
END $$;

-- Refilled from the records: the new columns and tables.
DELETE FROM plp.report_plans;
DELETE FROM plp.report_goals;
DELETE FROM plp.report_checkins;
INSERT INTO plp.report_plans SELECT x.* FROM plp.records n, plp.report_plan(n) x
    WHERE n.entity = 'plan';
INSERT INTO plp.report_goals SELECT x.* FROM plp.records n, plp.report_goal(n) x
    WHERE n.entity = 'goal';
INSERT INTO plp.report_checkins SELECT x.* FROM plp.records n, plp.report_checkin(n) x
    WHERE n.entity = 'checkin';
INSERT INTO plp.report_strategies SELECT x.* FROM plp.records n, plp.report_strategy(n) x
    WHERE n.entity = 'strategy';
INSERT INTO plp.report_team SELECT x.* FROM plp.records n, plp.report_member(n) x
    WHERE n.entity = 'team_member';
INSERT INTO plp.report_interventions SELECT x.* FROM plp.records n, plp.report_intervention(n) x
    WHERE n.entity = 'intervention';

-- 2. The tallies.
CREATE TABLE plp.report_years (
    student_id  text NOT NULL,
    school_year text NOT NULL,
    domains     text[] NOT NULL,
    statuses    text[] NOT NULL,
    counts      integer[] NOT NULL,
    active      integer NOT NULL,
    PRIMARY KEY (student_id, school_year)
);
CREATE TABLE plp.report_runs (
    student_id  text NOT NULL,
    checkin     text COLLATE "C" NOT NULL,
    day         date NOT NULL,
    kind        text NOT NULL,
    first       boolean NOT NULL,
    next_day    date,
    working     integer NOT NULL,
    partly      integer NOT NULL,
    not_working integer NOT NULL,
    not_tried   integer NOT NULL,
    unknown     integer NOT NULL
);
CREATE INDEX report_runs_by_day ON plp.report_runs (day);
CREATE INDEX report_runs_by_student ON plp.report_runs (student_id);
CREATE TABLE plp.report_latest (
    student_id text PRIMARY KEY,
    date       text COLLATE "C",
    next_date  text
);

-- Every student the narrow tables name.
CREATE FUNCTION plp.every_student() RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(DISTINCT student_id), '{}')
    FROM (SELECT student_id FROM plp.report_plans
          UNION ALL SELECT student_id FROM plp.report_checkins) s $$;

-- The tallies of some students as the narrow tables make them (for all: plp.every_student()).
CREATE FUNCTION plp.year_tallies(students text[]) RETURNS SETOF plp.report_years
LANGUAGE sql STABLE AS $$
    WITH p AS (
        SELECT id, student_id, school_year FROM plp.report_plans
        WHERE student_id IN (SELECT unnest(students))
    ), g AS (
        SELECT p.student_id, p.school_year, g.domain, g.status
        FROM p JOIN plp.report_goals g ON g.plan_id = p.id
    )
    SELECT y.student_id, y.school_year, coalesce(d.domains, '{}'), coalesce(s.statuses, '{}'),
           coalesce(s.counts, '{}'), coalesce(s.active, 0)
    FROM (SELECT DISTINCT student_id, school_year FROM p) y
    LEFT JOIN (SELECT student_id, school_year, array_agg(DISTINCT domain ORDER BY domain) AS domains
               FROM g GROUP BY 1, 2) d USING (student_id, school_year)
    LEFT JOIN (SELECT student_id, school_year, array_agg(status ORDER BY status) AS statuses,
                      array_agg(n ORDER BY status) AS counts,
                      (sum(n) FILTER (WHERE status = 'active'))::int AS active
               FROM (SELECT student_id, school_year, status, count(*)::int AS n
                     FROM g GROUP BY 1, 2, 3) x
               GROUP BY 1, 2) s USING (student_id, school_year) $$;

CREATE FUNCTION plp.checkin_runs(students text[]) RETURNS SETOF plp.report_runs
LANGUAGE sql STABLE AS $$
    SELECT student_id, checkin, day, kind,
           row_number() OVER (PARTITION BY checkin ORDER BY next_day NULLS LAST) = 1,
           next_day, working, partly, not_working, not_tried, unknown
    FROM (
        SELECT student_id, checkin, day, kind, next_day,
               (count(*) FILTER (WHERE verdict = 'working'))::int AS working,
               (count(*) FILTER (WHERE verdict = 'partly'))::int AS partly,
               (count(*) FILTER (WHERE verdict = 'not-working'))::int AS not_working,
               (count(*) FILTER (WHERE verdict = 'not-tried'))::int AS not_tried,
               (count(*) FILTER (WHERE verdict NOT IN ('working', 'partly', 'not-working',
                                                       'not-tried')))::int AS unknown
        FROM (
            SELECT c.student_id, c.id AS checkin, c.day, c.kind, v.verdict,
                   CASE WHEN v.ord IS NOT NULL THEN
                       lead(c.day) OVER (PARTITION BY c.student_id, v.strategy
                                         ORDER BY c.day, c.id COLLATE "C", v.ord) END AS next_day
            FROM plp.report_checkins c
            LEFT JOIN LATERAL unnest(c.strategies, c.verdicts) WITH ORDINALITY
                AS v(strategy, verdict, ord) ON true
            WHERE c.day IS NOT NULL
              AND c.student_id IN (SELECT unnest(students))
        ) e
        GROUP BY student_id, checkin, day, kind, next_day
    ) r $$;

CREATE FUNCTION plp.latest_checkins(students text[]) RETURNS SETOF plp.report_latest
LANGUAGE sql STABLE AS $$
    SELECT DISTINCT ON (student_id) student_id, date, next_date
    FROM plp.report_checkins
    WHERE student_id IN (SELECT unnest(students))
    ORDER BY student_id, date DESC NULLS LAST, id DESC $$;

-- Kept as the narrow tables change: the touched students' tallies recomputed.
CREATE FUNCTION plp.plans_to_tallies() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp AS $$
DECLARE
    touched text[];
BEGIN
    IF TG_TABLE_NAME = 'report_goals' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT p.student_id) INTO touched
            FROM new_rows g JOIN plp.report_plans p ON p.id = g.plan_id;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT p.student_id) INTO touched
            FROM old_rows g JOIN plp.report_plans p ON p.id = g.plan_id;
        ELSE
            SELECT array_agg(DISTINCT p.student_id) INTO touched
            FROM (SELECT plan_id FROM old_rows UNION SELECT plan_id FROM new_rows) g
            JOIN plp.report_plans p ON p.id = g.plan_id;
        END IF;
    ELSE
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT student_id) INTO touched FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(DISTINCT student_id) INTO touched FROM old_rows;
        ELSE
            SELECT array_agg(DISTINCT student_id) INTO touched
            FROM (SELECT student_id FROM old_rows UNION SELECT student_id FROM new_rows) s;
        END IF;
    END IF;
    IF touched IS NOT NULL THEN
        DELETE FROM plp.report_years WHERE student_id IN (SELECT unnest(touched));
        INSERT INTO plp.report_years SELECT * FROM plp.year_tallies(touched);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION plp.checkins_to_tallies() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp AS $$
DECLARE
    touched text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT student_id) INTO touched FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT student_id) INTO touched FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT student_id) INTO touched
        FROM (SELECT student_id FROM old_rows UNION SELECT student_id FROM new_rows) s;
    END IF;
    IF touched IS NOT NULL THEN
        DELETE FROM plp.report_runs WHERE student_id IN (SELECT unnest(touched));
        INSERT INTO plp.report_runs SELECT * FROM plp.checkin_runs(touched);
        DELETE FROM plp.report_latest WHERE student_id IN (SELECT unnest(touched));
        INSERT INTO plp.report_latest SELECT * FROM plp.latest_checkins(touched);
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION plp.plans_to_tallies(), plp.checkins_to_tallies() FROM PUBLIC;

CREATE TRIGGER plans_added_to_tallies AFTER INSERT ON plp.report_plans
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER plans_changed_in_tallies AFTER UPDATE ON plp.report_plans
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER plans_removed_from_tallies AFTER DELETE ON plp.report_plans
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER goals_added_to_tallies AFTER INSERT ON plp.report_goals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER goals_changed_in_tallies AFTER UPDATE ON plp.report_goals
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER goals_removed_from_tallies AFTER DELETE ON plp.report_goals
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.plans_to_tallies();
CREATE TRIGGER checkins_added_to_tallies AFTER INSERT ON plp.report_checkins
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.checkins_to_tallies();
CREATE TRIGGER checkins_changed_in_tallies AFTER UPDATE ON plp.report_checkins
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.checkins_to_tallies();
CREATE TRIGGER checkins_removed_from_tallies AFTER DELETE ON plp.report_checkins
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION plp.checkins_to_tallies();

INSERT INTO plp.report_years SELECT * FROM plp.year_tallies(plp.every_student());
INSERT INTO plp.report_runs SELECT * FROM plp.checkin_runs(plp.every_student());
INSERT INTO plp.report_latest SELECT * FROM plp.latest_checkins(plp.every_student());

-- Whether the narrow tables and the tallies hold what the records make, row for row: how many
-- rows differ (lacking, extra or otherwise). With `repair`, a table that differs is made anew
-- (the narrow tables first, so that the tallies are then compared with what they hold).
CREATE FUNCTION plp.check_report_tables(repair boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp SET client_min_messages = warning AS $$
DECLARE
    -- (table, what makes its rows): the narrow tables first, then the tallies made from them.
    kept text[] := ARRAY[
        'report_students', 'SELECT x.* FROM plp.records n, plp.report_student(n) x
                            WHERE n.entity = ''student''',
        'report_plans', 'SELECT x.* FROM plp.records n, plp.report_plan(n) x
                         WHERE n.entity = ''plan''',
        'report_goals', 'SELECT x.* FROM plp.records n, plp.report_goal(n) x
                         WHERE n.entity = ''goal''',
        'report_checkins', 'SELECT x.* FROM plp.records n, plp.report_checkin(n) x
                            WHERE n.entity = ''checkin''',
        'report_strategies', 'SELECT x.* FROM plp.records n, plp.report_strategy(n) x
                              WHERE n.entity = ''strategy''',
        'report_team', 'SELECT x.* FROM plp.records n, plp.report_member(n) x
                        WHERE n.entity = ''team_member''',
        'report_interventions', 'SELECT x.* FROM plp.records n, plp.report_intervention(n) x
                                 WHERE n.entity = ''intervention''',
        'report_years', 'SELECT * FROM plp.year_tallies(plp.every_student())',
        'report_runs', 'SELECT * FROM plp.checkin_runs(plp.every_student())',
        'report_latest', 'SELECT * FROM plp.latest_checkins(plp.every_student())'];
    differing bigint := 0;
    n bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('plp.records'));
    FOR i IN 1 .. array_length(kept, 1) / 2 LOOP
        EXECUTE 'CREATE TEMP TABLE fresh_report_rows AS ' || kept[2 * i];
        EXECUTE format('SELECT count(*) FROM ((SELECT * FROM fresh_report_rows
                                               EXCEPT ALL SELECT * FROM plp.%1$I)
                                              UNION ALL (SELECT * FROM plp.%1$I
                                               EXCEPT ALL SELECT * FROM fresh_report_rows)) d',
                       kept[2 * i - 1]) INTO n;
        IF repair AND n > 0 THEN
            EXECUTE format('DELETE FROM plp.%I', kept[2 * i - 1]);
            EXECUTE format('INSERT INTO plp.%I SELECT * FROM fresh_report_rows',
                           kept[2 * i - 1]);
        END IF;
        DROP TABLE pg_temp.fresh_report_rows;
        differing := differing + n;
    END LOOP;
    RETURN differing;
END $$;
REVOKE ALL ON FUNCTION plp.check_report_tables(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.check_report_tables(boolean) TO plp_admin;

-- Row-level security as on plp.records; the tallies across check-ins only for whole readers.
ALTER TABLE plp.report_strategies ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_team ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_interventions ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_years ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.report_latest ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_report_strategies ON plp.report_strategies FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_team ON plp.report_team FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_interventions ON plp.report_interventions FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_years ON plp.report_years FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));
CREATE POLICY read_report_runs ON plp.report_runs FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students()));
CREATE POLICY read_report_latest ON plp.report_latest FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students()));
REVOKE ALL ON plp.report_strategies, plp.report_team, plp.report_interventions,
    plp.report_years, plp.report_runs, plp.report_latest FROM PUBLIC;
GRANT SELECT ON plp.report_strategies, plp.report_team, plp.report_interventions,
    plp.report_years, plp.report_runs, plp.report_latest
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
