-- What a login reads, it reads through functions that run as the hub's owner and hand back only
-- its rows; a login bound by row-level security reads no table that holds rows beyond its scope.
--
-- - Row-level security lets the server test a query's own conditions on a row before the
--   policy's: comparisons of text are "leakproof" (they raise no error that could tell), so the
--   planner may run them first. Whether the policy then ran, as EXPLAIN ANALYZE shows, answers
--   "is this hidden note ≥ 'M'?", and a note can be read a letter at a time. A set-returning
--   function is opaque to the query around it: nothing it is asked can reach the rows it leaves
--   out. An admin, who reads every row, still reads the tables themselves.
-- - A function that runs as the owner looks names up in pg_catalog and plp, and only then in the
--   session's own temporary schema: a login's temporary table called pg_roles would otherwise
--   stand in for the catalog's, and make the login an admin.
-- - Those functions are the owner's to give: none is open to PUBLIC, each is granted to the
--   roles whose queries or policies call it.

------------------------------------------------------------------------------------------------
-- The owner's functions look in the session's temporary schema last.

DO $$
DECLARE
    f record;
    path text;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig, p.proconfig
             FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'plp'::regnamespace AND p.prosecdef LOOP
        SELECT substr(c, length('search_path=') + 1) INTO path
        FROM unnest(f.proconfig) c WHERE c LIKE 'search_path=%';
        path := coalesce(path, 'pg_catalog, plp');
        IF path NOT LIKE '%pg_temp' THEN
            EXECUTE format('ALTER FUNCTION %s SET search_path = %s, pg_temp', f.sig, path);
        END IF;
    END LOOP;
END $$;

------------------------------------------------------------------------------------------------
-- A change names its record; a record never goes without an id (an empty one would gather the
-- changes that named no student into one student whom a login could claim). A change is not
-- stamped far ahead of the server's clock (a stamp from next year would win every edit of its
-- field until then). Each is checked for rows added from now on.

ALTER TABLE plp.changes ADD CONSTRAINT changes_entity_named CHECK (entity_id <> '') NOT VALID;

CREATE FUNCTION plp.check_stamps() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    ahead text;
BEGIN
    SELECT n.id INTO ahead FROM new_changes n
    WHERE plp.hlc_millis(n.hlc) IS NULL
       OR plp.hlc_millis(n.hlc)
          > (extract(epoch FROM clock_timestamp()) * 1000)::bigint + 2 * 3600 * 1000
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'change % is stamped more than two hours ahead of the hub''s clock, or not stamped at all', ahead
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER changes_check_stamps AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.check_stamps();

-- A restriction written with escaped letters ("restricte\u0064") is a restriction: the check
-- reads the JSON itself whenever the text holds an escape.
DROP TRIGGER changes_note_restriction ON plp.changes;
CREATE TRIGGER changes_note_restriction AFTER INSERT ON plp.changes
FOR EACH ROW WHEN (NEW.entity = 'checkin' AND (NEW.field IN ('restricted', 'restricted_whole')
    OR (NEW.field = '*' AND ((NEW.value LIKE '%"restricted%true%'
                              AND NEW.value ~ '"restricted(_whole)?"\s*:\s*true')
                             OR strpos(NEW.value, '\u') > 0))))
EXECUTE FUNCTION plp.note_restriction();

-- A login registers a replica under its own school only (an admin, or a login of no school,
-- under any): a replica's school files the students it brings first.
CREATE FUNCTION plp.may_register(p_school text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT p_school IS NULL OR plp.is_admin()
        OR coalesce((SELECT l.school IS NULL OR plp.same_school(l.school, p_school)
                     FROM plp.logins l WHERE l.login = session_user), true)
$$;
ALTER POLICY add_replicas ON plp.replicas
    WITH CHECK (login = session_user AND plp.may_register(school));

-- A change refused for naming another student than its record's says so without naming the
-- record's student (whom the login adding it may not read).
DO $$
DECLARE
    def text := pg_get_functiondef('plp.take_in_changes()'::regprocedure);
    said text;
BEGIN
    said := replace(def,
        $q$'change % names student % for a record of student %',
            bad.id, bad.named, bad.known$q$,
        $q$'change % names student % for a record of another student',
            bad.id, bad.named$q$);
    IF said = def THEN
        RAISE EXCEPTION 'plp.take_in_changes() is not as schema 12 left it';
    END IF;
    EXECUTE said;
END $$;

------------------------------------------------------------------------------------------------
-- What a login may read, as functions of the owner.

-- The rows of the log this login reads, of one replica after a sequence number (or, with
-- `students`, of those students after (replica, seq) in that order), `lim` at most: what the
-- policies on plp.changes give, with a teacher's redacted first records of restricted
-- check-ins (plp.redacted_checkins), as plp.readable_changes gave them.
CREATE FUNCTION plp.seen_changes(p_replica text, p_after bigint, students text[], lim bigint)
RETURNS TABLE (replica text, seq bigint, id text, hlc text, author text, entity text,
               entity_id text, field text, value text, base text, student_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
SET enable_bitmapscan = off
AS $$
DECLARE
    rows text := CASE WHEN students IS NULL THEN 'c.replica = $1 AND c.seq > $2'
                      ELSE 'c.student_id = ANY ($3) AND (c.replica, c.seq) > ($1, $2)' END;
    sorted text := CASE WHEN students IS NULL THEN 'x.seq' ELSE 'x.replica, x.seq' END;
    columns constant text := 'c.replica, c.seq, c.id, c.hlc, c.author, c.entity, c.entity_id,
                              c.field, %s, c.base, c.student_id';
BEGIN
    IF plp.is_admin() THEN
        RETURN QUERY EXECUTE format(
            'SELECT %s FROM plp.changes c WHERE %s ORDER BY %s LIMIT $4',
            format(columns, 'c.value'), rows, replace(sorted, 'x.', 'c.'))
            USING p_replica, p_after, students, lim;
        RETURN;
    END IF;
    -- Read whole (advisor, counselor in scope), or without restricted material (teacher):
    -- never a restricted check-in's notes or first record (its redacted form is added), and of
    -- a check-in restricted whole only whether it is retired, restricted, and its date.
    -- Each part sorted and cut to the limit by itself, so that the log's rows are read in the
    -- order of its key and reading stops at the limit.
    RETURN QUERY EXECUTE format(
        'SELECT x.* FROM (
             (SELECT %1$s FROM plp.changes c
             WHERE %3$s AND (c.student_id IN (SELECT plp.full_students())
                 OR (c.student_id IN (SELECT plp.open_students())
                     AND NOT (c.entity = ''checkin'' AND (
                            (c.field IN (''*'', ''notes'')
                             AND c.entity_id IN (SELECT plp.restricted_ids(false)))
                         OR (c.field NOT IN (''retired'', ''restricted'', ''restricted_whole'',
                                             ''date'')
                             AND c.entity_id IN (SELECT plp.restricted_ids(true)))))))
             ORDER BY %5$s LIMIT $4)
             UNION ALL
             (SELECT %2$s FROM plp.changes c
             JOIN plp.restricted_checkins r ON r.checkin = c.entity_id
             WHERE %3$s AND c.entity = ''checkin'' AND c.field = ''*''
               AND c.student_id IN (SELECT plp.open_students())
               AND c.student_id NOT IN (SELECT plp.full_students())
             ORDER BY %5$s LIMIT $4)
         ) x ORDER BY %4$s LIMIT $4',
        format(columns, 'c.value'), format(columns, 'plp.redact(c.value, r.whole)'),
        rows, sorted, replace(sorted, 'x.', 'c.'))
        USING p_replica, p_after, students, lim;
END $$;

-- The students this login reads (whole or in part), by id.
CREATE FUNCTION plp.seen_student_ids() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT s.student_id FROM plp.students s WHERE (SELECT plp.is_admin())
    UNION
    SELECT plp.full_students()
    UNION
    SELECT plp.open_students()
$$;

-- When each of these goals' status was last set (or the goal made): the milliseconds of its
-- stamp. Only goals: a goal's id is known only to those who read it.
CREATE FUNCTION plp.status_stamps(goals text[])
RETURNS TABLE (entity_id text, hlc text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT c.entity_id, max(c.hlc COLLATE "C") FROM plp.changes c
    WHERE c.entity_id = ANY (goals) AND c.entity = 'goal' AND c.field IN ('status', '*')
    GROUP BY c.entity_id
$$;

CREATE FUNCTION plp.status_millis(goal text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT plp.hlc_millis(max(c.hlc COLLATE "C")) FROM plp.changes c
    WHERE c.entity_id = goal AND c.entity = 'goal' AND c.field IN ('status', '*')
$$;

-- Each table a login reads for reports and views, as a function: `seen_T()` returns the rows of
-- plp.T its policy gives this login. Three rules: rows of the students it reads at all; rows of
-- the students it reads whole; and check-ins, of which a teacher never reads one restricted
-- whole (nor, for notes, one restricted).
DO $$
DECLARE
    t record;
    rule text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('students', 'any'), ('report_students', 'any'), ('report_plans', 'any'),
        ('report_goals', 'any'), ('report_strategies', 'any'), ('report_team', 'any'),
        ('report_interventions', 'any'), ('report_years', 'any'),
        ('report_runs', 'whole'), ('report_latest', 'whole'), ('conflicts', 'whole'),
        ('records', 'checkins'), ('report_checkins', 'checkins'), ('record_notes', 'notes'))
        AS x(name, kind) LOOP
        rule := CASE t.kind
            WHEN 'any' THEN
                't.student_id IN (SELECT plp.full_students())
                 OR t.student_id IN (SELECT plp.open_students())'
            WHEN 'whole' THEN
                't.student_id IN (SELECT plp.full_students())'
            WHEN 'checkins' THEN
                't.student_id IN (SELECT plp.full_students())
                 OR (NOT t.hidden AND t.student_id IN (SELECT plp.open_students())
                     AND t.id NOT IN (SELECT plp.restricted_ids(true)))'
            WHEN 'notes' THEN
                't.student_id IN (SELECT plp.full_students())
                 OR (NOT t.restricted AND t.student_id IN (SELECT plp.open_students())
                     AND t.id NOT IN (SELECT plp.restricted_ids(false)))'
        END;
        EXECUTE format(
            'CREATE FUNCTION plp.seen_%1$s() RETURNS SETOF plp.%1$s
             LANGUAGE plpgsql STABLE SECURITY DEFINER
             SET search_path = pg_catalog, plp, pg_temp
             AS $f$
             BEGIN
                 IF plp.is_admin() THEN
                     RETURN QUERY SELECT t.* FROM plp.%1$s t;
                 ELSE
                     RETURN QUERY SELECT t.* FROM plp.%1$s t WHERE %2$s;
                 END IF;
             END $f$', t.name, rule);
    END LOOP;
END $$;

------------------------------------------------------------------------------------------------
-- The views for analysts read through those functions.

CREATE OR REPLACE VIEW plp.v_students WITH (security_invoker = true) AS
    SELECT id,
           plp.as_text(doc -> 'sis_id') AS sis_id,
           plp.as_text(doc -> 'given_name') AS given_name,
           plp.as_text(doc -> 'family_name') AS family_name,
           plp.as_opt_text(doc -> 'preferred_name') AS preferred_name,
           plp.as_opt_text(doc -> 'pronouns') AS pronouns,
           plp.as_int(doc -> 'grade') AS grade,
           plp.as_int(doc -> 'grad_year') AS grad_year,
           plp.as_opt_text(doc -> 'advisor') AS advisor,
           plp.as_opt_text(doc -> 'email') AS email,
           plp.as_text(doc -> 'status') AS status,
           plp.as_bool(doc -> 'iep') AS iep,
           plp.as_bool(doc -> 'plan_504') AS plan_504,
           plp.as_text(doc -> 'strengths') AS strengths,
           plp.as_text(doc -> 'needs') AS needs,
           plp.as_text(doc -> 'learning') AS learning,
           plp.as_text(doc -> 'interests') AS interests,
           plp.as_text(doc -> 'career') AS career,
           plp.as_text(doc -> 'supports') AS supports,
           plp.as_text(doc -> 'personal_goals') AS personal_goals,
           plp.as_bool(doc -> 'retired') AS retired,
           s.school
    FROM plp.seen_records() r LEFT JOIN plp.seen_students() s ON s.student_id = r.id
    WHERE r.entity = 'student';

CREATE OR REPLACE VIEW plp.v_team_members WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'name') AS name,
           plp.as_text(doc -> 'role') AS role,
           plp.as_text(doc -> 'contact') AS contact,
           plp.as_bool(doc -> 'retired') AS retired,
           plp.as_opt_text(doc -> 'language') AS language
    FROM plp.seen_records() WHERE entity = 'team_member';

CREATE OR REPLACE VIEW plp.v_plans WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'school_year') AS school_year,
           plp.as_bool(doc -> 'reviewed') AS reviewed,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.seen_records() WHERE entity = 'plan';

CREATE OR REPLACE VIEW plp.v_goals WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'plan_id') AS plan_id,
           plp.as_text(doc -> 'title') AS title,
           plp.as_text(doc -> 'domain') AS domain,
           plp.as_text(doc -> 'why') AS why,
           plp.as_text(doc -> 'measure') AS measure,
           plp.as_text(doc -> 'baseline') AS baseline,
           plp.as_text(doc -> 'target') AS target,
           plp.as_opt_text(doc -> 'target_date') AS target_date,
           plp.as_text(doc -> 'status') AS status,
           plp.as_int(doc -> 'position') AS position,
           plp.as_bool(doc -> 'retired') AS retired,
           plp.as_opt_text(doc -> 'carried_from') AS carried_from
    FROM plp.seen_records() WHERE entity = 'goal';

CREATE OR REPLACE VIEW plp.v_strategies WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'goal_id') AS goal_id,
           plp.as_text(doc -> 'what') AS what,
           plp.as_text(doc -> 'owner') AS owner,
           plp.as_text(doc -> 'frequency') AS frequency,
           plp.as_text(doc -> 'status') AS status,
           plp.as_int(doc -> 'position') AS position,
           plp.as_bool(doc -> 'retired') AS retired,
           plp.as_opt_text(doc -> 'carried_from') AS carried_from
    FROM plp.seen_records() WHERE entity = 'strategy';

CREATE OR REPLACE VIEW plp.v_checkins WITH (security_invoker = true) AS
    SELECT r.id, r.student_id,
           plp.as_opt_text(r.doc -> 'plan_id') AS plan_id,
           plp.as_opt_text(r.doc -> 'date') AS date,
           plp.as_text(r.doc -> 'kind') AS kind,
           plp.as_json(r.doc -> 'attended') AS attended,
           plp.as_text(r.doc -> 'student_words') AS student_words,
           plp.as_json(r.doc -> 'progress') AS progress,
           plp.as_json(r.doc -> 'verdicts') AS verdicts,
           plp.as_text(r.doc -> 'adjustments') AS adjustments,
           n.notes,
           plp.as_bool(r.doc -> 'restricted') AS restricted,
           plp.as_json(r.doc -> 'next_steps') AS next_steps,
           plp.as_opt_text(r.doc -> 'next_date') AS next_date,
           plp.as_bool(r.doc -> 'retired') AS retired,
           plp.as_bool(r.doc -> 'restricted_whole') AS restricted_whole,
           plp.as_json(r.doc -> 'last_steps') AS last_steps
    FROM plp.seen_records() r LEFT JOIN plp.seen_record_notes() n ON n.id = r.id
    WHERE r.entity = 'checkin';

CREATE OR REPLACE VIEW plp.v_interventions WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_opt_text(doc -> 'date') AS date,
           plp.as_text(doc -> 'kind') AS kind,
           plp.as_text(doc -> 'description') AS description,
           plp.as_text(doc -> 'who') AS who,
           plp.as_text(doc -> 'outcome') AS outcome,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.seen_records() WHERE entity = 'intervention';

CREATE OR REPLACE VIEW plp.v_evidence WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_opt_text(doc -> 'goal_id') AS goal_id,
           plp.as_opt_text(doc -> 'date') AS date,
           plp.as_text(doc -> 'kind') AS kind,
           plp.as_text(doc -> 'title') AS title,
           plp.as_text(doc -> 'result') AS result,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.seen_records() WHERE entity = 'evidence';

CREATE OR REPLACE VIEW plp.v_conflicts WITH (security_invoker = true) AS
    SELECT entity, entity_id, field, op_id, student_id FROM plp.seen_conflicts();

------------------------------------------------------------------------------------------------
-- Grants. Logins bound by row-level security keep no SELECT on a table with rows beyond their
-- scope; the owner's functions are given to those who call them, and to nobody else.

REVOKE SELECT ON plp.changes, plp.owners, plp.students, plp.readable_changes,
    plp.redacted_checkins, plp.restricted_checkins, plp.records, plp.record_notes,
    plp.conflicts, plp.report_students, plp.report_plans, plp.report_goals,
    plp.report_checkins, plp.report_strategies, plp.report_team, plp.report_interventions,
    plp.report_years, plp.report_runs, plp.report_latest, plp.logins, plp.login_students
    FROM plp_counselor, plp_advisor, plp_teacher;

DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'plp'::regnamespace AND p.prosecdef LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f.sig);
        -- An admin's policies and queries call any of them.
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO plp_admin', f.sig);
    END LOOP;
END $$;

GRANT EXECUTE ON FUNCTION plp.is_admin(), plp.reads_everything(), plp.reads_in_part(),
    plp.sync_heads(), plp.seen_changes(text, bigint, text[], bigint), plp.seen_student_ids(),
    plp.status_stamps(text[]), plp.status_millis(text), plp.seen_students(),
    plp.seen_report_students(), plp.seen_report_plans(), plp.seen_report_goals(),
    plp.seen_report_strategies(), plp.seen_report_team(), plp.seen_report_interventions(),
    plp.seen_report_years(), plp.seen_report_runs(), plp.seen_report_latest(),
    plp.seen_conflicts(), plp.seen_records(), plp.seen_report_checkins(),
    plp.seen_record_notes()
    TO plp_counselor, plp_advisor, plp_teacher;
-- What the policy on adding changes calls, as the login adding them.
GRANT EXECUTE ON FUNCTION plp.full_students(), plp.advisor_names(),
    plp.may_write(text, text, text, text, text, text[]), plp.count_rows(),
    plp.may_register(text)
    TO plp_counselor, plp_advisor;
