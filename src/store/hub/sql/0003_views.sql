-- Read-only views of the current plans, for district analysts and for `plp report --hub`.
--
-- Each record's fields are decided from plp.changes by the same rule every replica uses: a
-- field's current versions (its heads) are the changes on it that no other change on it was
-- based on (a record's creation counts as a version of each of its fields, and drops out once
-- any edit of the field is current); the one shown is the head with the greatest (clock, id),
-- compared byte by byte; another head with a different value is a conflict (never for
-- check-ins, whose edits are revisions). A record exists once its creation is held.
--
-- The results are kept in tables (plp.records, plp.record_notes, plp.conflicts), brought up to
-- date by a trigger as changes are added, so reading them costs no more than reading a table.
-- `plp hub check-views URL` recomputes them from the whole log, compares, and rebuilds them if
-- they disagree. The views are security_invoker: row-level security on the tables decides, for
-- whoever queries, which students' rows are visible; a check-in restricted whole is visible only
-- to those who may read restricted material, and a restricted check-in's notes are kept in their
-- own table under the same rule, so no query by any other login can select them.

-- The fields of each kind of record, as plp's field table lists them (a test compares the two).
CREATE TABLE plp.fields (
    entity   text NOT NULL,
    field    text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('text', 'opt_text', 'int', 'bool', 'json')),
    PRIMARY KEY (entity, field)
);
INSERT INTO plp.fields (entity, field, kind) VALUES
    ('student', 'sis_id', 'text'), ('student', 'given_name', 'text'),
    ('student', 'family_name', 'text'), ('student', 'preferred_name', 'opt_text'),
    ('student', 'pronouns', 'opt_text'), ('student', 'grade', 'int'),
    ('student', 'grad_year', 'int'), ('student', 'advisor', 'opt_text'),
    ('student', 'email', 'opt_text'), ('student', 'status', 'text'),
    ('student', 'iep', 'bool'), ('student', 'plan_504', 'bool'),
    ('student', 'strengths', 'text'), ('student', 'needs', 'text'),
    ('student', 'learning', 'text'), ('student', 'interests', 'text'),
    ('student', 'career', 'text'), ('student', 'supports', 'text'),
    ('student', 'personal_goals', 'text'), ('student', 'retired', 'bool'),
    ('team_member', 'student_id', 'text'), ('team_member', 'name', 'text'),
    ('team_member', 'role', 'text'), ('team_member', 'contact', 'text'),
    ('team_member', 'retired', 'bool'), ('team_member', 'language', 'opt_text'),
    ('plan', 'student_id', 'text'), ('plan', 'school_year', 'text'),
    ('plan', 'reviewed', 'bool'), ('plan', 'retired', 'bool'),
    ('goal', 'plan_id', 'text'), ('goal', 'student_id', 'text'), ('goal', 'title', 'text'),
    ('goal', 'domain', 'text'), ('goal', 'why', 'text'), ('goal', 'measure', 'text'),
    ('goal', 'baseline', 'text'), ('goal', 'target', 'text'),
    ('goal', 'target_date', 'opt_text'), ('goal', 'status', 'text'),
    ('goal', 'position', 'int'), ('goal', 'retired', 'bool'),
    ('goal', 'carried_from', 'opt_text'),
    ('strategy', 'goal_id', 'text'), ('strategy', 'student_id', 'text'),
    ('strategy', 'what', 'text'), ('strategy', 'owner', 'text'),
    ('strategy', 'frequency', 'text'), ('strategy', 'status', 'text'),
    ('strategy', 'position', 'int'), ('strategy', 'retired', 'bool'),
    ('strategy', 'carried_from', 'opt_text'),
    ('checkin', 'student_id', 'text'), ('checkin', 'plan_id', 'opt_text'),
    ('checkin', 'date', 'opt_text'), ('checkin', 'kind', 'text'),
    ('checkin', 'attended', 'json'), ('checkin', 'student_words', 'text'),
    ('checkin', 'progress', 'json'), ('checkin', 'verdicts', 'json'),
    ('checkin', 'adjustments', 'text'), ('checkin', 'notes', 'text'),
    ('checkin', 'restricted', 'bool'), ('checkin', 'next_steps', 'json'),
    ('checkin', 'next_date', 'opt_text'), ('checkin', 'retired', 'bool'),
    ('checkin', 'restricted_whole', 'bool'), ('checkin', 'last_steps', 'json'),
    ('intervention', 'student_id', 'text'), ('intervention', 'date', 'opt_text'),
    ('intervention', 'kind', 'text'), ('intervention', 'description', 'text'),
    ('intervention', 'who', 'text'), ('intervention', 'outcome', 'text'),
    ('intervention', 'retired', 'bool'),
    ('evidence', 'student_id', 'text'), ('evidence', 'goal_id', 'opt_text'),
    ('evidence', 'date', 'opt_text'), ('evidence', 'kind', 'text'),
    ('evidence', 'title', 'text'), ('evidence', 'result', 'text'),
    ('evidence', 'retired', 'bool');

-- One row per record: each field's current value, as JSON exactly as the log holds it (a
-- check-in's notes are in plp.record_notes instead).
CREATE TABLE plp.records (
    id         text PRIMARY KEY,
    entity     text NOT NULL,
    student_id text NOT NULL,
    doc        jsonb NOT NULL,
    -- A check-in restricted whole: seen only by those who may read restricted material.
    hidden     boolean NOT NULL DEFAULT false
);
CREATE INDEX records_by_entity ON plp.records (entity, student_id);

-- Each check-in's notes, and whether they are restricted (notes or the whole check-in).
CREATE TABLE plp.record_notes (
    id         text PRIMARY KEY,
    student_id text NOT NULL,
    notes      text NOT NULL,
    restricted boolean NOT NULL
);

-- Fields whose versions disagree: the version kept aside, as in each replica's conflicts.
CREATE TABLE plp.conflicts (
    entity     text NOT NULL,
    entity_id  text NOT NULL,
    field      text NOT NULL,
    op_id      text NOT NULL,
    student_id text NOT NULL,
    PRIMARY KEY (entity_id, field, op_id)
);

CREATE INDEX IF NOT EXISTS changes_by_entity ON plp.changes (entity_id);

-- Who reads which rows, by the same rules as the log itself (0002_access.sql): admins, and
-- advisors and counselors for their students, everything; a teacher, for the students in
-- their scope, never a check-in restricted whole (now or ever) nor restricted notes.
ALTER TABLE plp.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.record_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.conflicts ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_records ON plp.records FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR (NOT hidden AND student_id IN (SELECT plp.open_students())
            AND id NOT IN (SELECT plp.restricted_ids(true))));
CREATE POLICY read_record_notes ON plp.record_notes FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR (NOT restricted AND student_id IN (SELECT plp.open_students())
            AND id NOT IN (SELECT plp.restricted_ids(false))));
CREATE POLICY read_conflicts ON plp.conflicts FOR SELECT
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students()));
REVOKE ALL ON plp.fields, plp.records, plp.record_notes, plp.conflicts FROM PUBLIC;
GRANT SELECT ON plp.fields, plp.records, plp.record_notes, plp.conflicts
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;

-- How a value of the log reads in a column of each kind, as in each replica's tables.
CREATE FUNCTION plp.as_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'string' THEN v #>> '{}'
        WHEN 'boolean' THEN CASE WHEN v = 'true' THEN '1' ELSE '0' END
        WHEN 'number' THEN v::text
        WHEN 'array' THEN v::text
        WHEN 'object' THEN v::text
        ELSE '' END $$;
CREATE FUNCTION plp.as_opt_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL OR jsonb_typeof(v) = 'null' THEN NULL ELSE plp.as_text(v) END $$;
CREATE FUNCTION plp.as_int(v jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'number' THEN CASE WHEN v::numeric = trunc(v::numeric)
                                 AND abs(v::numeric) < 9000000000000000000
                                THEN v::numeric::bigint END
        WHEN 'boolean' THEN CASE WHEN v = 'true' THEN 1 ELSE 0 END
        WHEN 'string' THEN CASE WHEN btrim(v #>> '{}') ~ '^[+-]?[0-9]{1,18}$'
                                THEN btrim(v #>> '{}')::bigint END
        END $$;
CREATE FUNCTION plp.as_bool(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'boolean' THEN v = 'true'
        WHEN 'number' THEN v::numeric <> 0
        ELSE false END $$;
CREATE FUNCTION plp.json_or_empty(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN t::jsonb;
EXCEPTION WHEN others THEN
    RETURN '[]'::jsonb;
END $$;
CREATE FUNCTION plp.as_json(v jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE jsonb_typeof(v)
        WHEN 'string' THEN plp.json_or_empty(v #>> '{}')
        WHEN 'boolean' THEN CASE WHEN v = 'true' THEN '1'::jsonb ELSE '0'::jsonb END
        WHEN 'null' THEN '[]'::jsonb
        ELSE coalesce(v, '[]'::jsonb) END $$;
-- A change's value or base as JSON; text that is not JSON (a row put in by hand) reads as null.
CREATE FUNCTION plp.jsonb_or_null(t text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN t::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- Recomputes the records named in the temporary table fresh_ids (every record when `every`) from
-- the log into the temporary tables fresh_records, fresh_notes and fresh_conflicts.
CREATE FUNCTION plp.compute_records(every boolean) RETURNS void
    LANGUAGE plpgsql SET search_path = plp, pg_catalog SET client_min_messages = warning
    SET work_mem = '64MB' AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.fresh_ops, pg_temp.fresh_slots, pg_temp.fresh_heads,
        pg_temp.fresh_records, pg_temp.fresh_notes, pg_temp.fresh_conflicts,
        pg_temp.fresh_multi;
    IF every THEN
        DROP TABLE IF EXISTS pg_temp.fresh_ids;
        CREATE TEMP TABLE fresh_ids AS SELECT DISTINCT entity_id FROM plp.changes;
    END IF;
    ANALYZE fresh_ids;
    -- Most records are decided by one change: created once, never edited.
    CREATE TEMP TABLE fresh_multi AS
        SELECT c.entity_id FROM plp.changes c JOIN fresh_ids i ON i.entity_id = c.entity_id
        GROUP BY c.entity_id HAVING count(*) > 1;
    ANALYZE fresh_multi;
    BEGIN
        CREATE TEMP TABLE fresh_records AS
            SELECT c.entity_id AS id, c.entity, c.student_id, c.value::jsonb AS doc,
                   1::bigint AS creations, false AS hidden
            FROM plp.changes c JOIN fresh_ids i ON i.entity_id = c.entity_id
            WHERE c.field = '*' AND c.entity IN (SELECT entity FROM plp.fields)
              AND NOT EXISTS (SELECT 1 FROM fresh_multi m WHERE m.entity_id = c.entity_id);
        CREATE TEMP TABLE fresh_ops AS
            SELECT c.id, c.hlc, c.entity, c.entity_id, c.field, c.value::jsonb AS value,
                   c.base::jsonb AS base, c.student_id
            FROM plp.changes c JOIN fresh_multi m ON m.entity_id = c.entity_id;
    EXCEPTION WHEN invalid_text_representation THEN
        -- Some row is not JSON (put in by hand): read each on its own, that one as null.
        CREATE TEMP TABLE fresh_records AS
            SELECT c.entity_id AS id, c.entity, c.student_id,
                   plp.jsonb_or_null(c.value) AS doc, 1::bigint AS creations, false AS hidden
            FROM plp.changes c JOIN fresh_ids i ON i.entity_id = c.entity_id
            WHERE c.field = '*' AND c.entity IN (SELECT entity FROM plp.fields)
              AND NOT EXISTS (SELECT 1 FROM fresh_multi m WHERE m.entity_id = c.entity_id);
        CREATE TEMP TABLE fresh_ops AS
            SELECT c.id, c.hlc, c.entity, c.entity_id, c.field,
                   plp.jsonb_or_null(c.value) AS value, plp.jsonb_or_null(c.base) AS base,
                   c.student_id
            FROM plp.changes c JOIN fresh_multi m ON m.entity_id = c.entity_id;
    END;
    -- A creation that is not an object of fields makes no record.
    DELETE FROM fresh_records WHERE jsonb_typeof(doc) IS DISTINCT FROM 'object';
    CREATE INDEX ON fresh_ops (entity_id, field);
    ANALYZE fresh_ops;

    -- The other records, from their winning creation (each field as that creation gave it).
    INSERT INTO fresh_records
        SELECT DISTINCT ON (o.entity_id)
               o.entity_id, o.entity, o.student_id, o.value,
               count(*) OVER (PARTITION BY o.entity_id), false
        FROM fresh_ops o
        WHERE o.field = '*' AND jsonb_typeof(o.value) = 'object'
          AND o.entity IN (SELECT entity FROM plp.fields)
        ORDER BY o.entity_id, o.hlc COLLATE "C" DESC, o.id COLLATE "C" DESC;
    CREATE INDEX ON fresh_records (id);
    ANALYZE fresh_records;

    -- The fields decided by more than one version: every field of a record created more than
    -- once, and every field with an edit.
    CREATE TEMP TABLE fresh_slots AS
        SELECT r.id AS entity_id, r.entity, f.field, r.student_id
        FROM fresh_records r JOIN plp.fields f ON f.entity = r.entity
        WHERE r.creations > 1
        UNION
        SELECT DISTINCT r.id, r.entity, o.field, r.student_id
        FROM fresh_records r
        JOIN fresh_multi m ON m.entity_id = r.id
        JOIN fresh_ops o ON o.entity_id = r.id AND o.field <> '*'
        JOIN plp.fields f ON f.entity = r.entity AND f.field = o.field;

    CREATE TEMP TABLE fresh_heads AS
        WITH cands AS (
            SELECT s.entity, s.entity_id, s.field, s.student_id, o.id, o.hlc,
                   o.field = '*' AS created, o.base,
                   CASE WHEN o.field = '*' THEN coalesce(o.value -> s.field, 'null'::jsonb)
                        ELSE coalesce(o.value, 'null'::jsonb) END AS value
            FROM fresh_slots s
            JOIN fresh_ops o ON o.entity_id = s.entity_id AND (o.field = s.field OR o.field = '*')
        ),
        superseded AS (
            SELECT DISTINCT c.entity_id, c.field, b.id
            FROM cands c
            CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(c.base) = 'array' THEN c.base ELSE '[]'::jsonb END) AS b(id)
        ),
        heads AS (
            SELECT c.*, bool_or(NOT c.created) OVER (PARTITION BY c.entity_id, c.field) AS edited
            FROM cands c
            WHERE NOT EXISTS (SELECT 1 FROM superseded x
                              WHERE x.entity_id = c.entity_id AND x.field = c.field AND x.id = c.id)
        )
        SELECT h.entity, h.entity_id, h.field, h.student_id, h.id, h.value,
               row_number() OVER (PARTITION BY h.entity_id, h.field
                                  ORDER BY h.hlc COLLATE "C" DESC, h.id COLLATE "C" DESC) AS rank
        FROM heads h
        WHERE NOT (h.edited AND h.created);

    UPDATE fresh_records r SET doc = r.doc || w.fields
    FROM (SELECT entity_id, jsonb_object_agg(field, value) AS fields
          FROM fresh_heads WHERE rank = 1 GROUP BY entity_id) w
    WHERE w.entity_id = r.id;

    CREATE TEMP TABLE fresh_conflicts AS
        SELECT o.entity, o.entity_id, o.field, o.id AS op_id, o.student_id
        FROM fresh_heads o
        JOIN fresh_heads w ON w.entity_id = o.entity_id AND w.field = o.field AND w.rank = 1
        WHERE o.rank > 1 AND o.value <> w.value AND o.entity <> 'checkin';

    CREATE TEMP TABLE fresh_notes AS
        SELECT id, student_id, plp.as_text(doc -> 'notes') AS notes,
               plp.as_bool(doc -> 'restricted') OR plp.as_bool(doc -> 'restricted_whole')
                   AS restricted
        FROM fresh_records WHERE entity = 'checkin';
    UPDATE fresh_records SET doc = doc - 'notes',
                             hidden = plp.as_bool(doc -> 'restricted_whole')
        WHERE entity = 'checkin';
END $$;

-- Brings the tables up to date for the records named in fresh_ids (every record when `every`).
CREATE FUNCTION plp.refresh_records(every boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('plp.records'));
    PERFORM plp.compute_records(every);
    IF every THEN
        DELETE FROM plp.records;
        DELETE FROM plp.record_notes;
        DELETE FROM plp.conflicts;
    ELSE
        DELETE FROM plp.records WHERE id IN (SELECT entity_id FROM fresh_ids);
        DELETE FROM plp.record_notes WHERE id IN (SELECT entity_id FROM fresh_ids);
        DELETE FROM plp.conflicts WHERE entity_id IN (SELECT entity_id FROM fresh_ids);
    END IF;
    INSERT INTO plp.records (id, entity, student_id, doc, hidden)
        SELECT id, entity, student_id, doc, hidden FROM fresh_records;
    INSERT INTO plp.record_notes SELECT id, student_id, notes, restricted FROM fresh_notes;
    INSERT INTO plp.conflicts SELECT entity, entity_id, field, op_id, student_id
        FROM fresh_conflicts;
    DROP TABLE pg_temp.fresh_ids, pg_temp.fresh_ops, pg_temp.fresh_slots, pg_temp.fresh_heads,
        pg_temp.fresh_records, pg_temp.fresh_notes, pg_temp.fresh_conflicts, pg_temp.fresh_multi;
END $$;
REVOKE ALL ON FUNCTION plp.compute_records(boolean), plp.refresh_records(boolean) FROM PUBLIC;

-- Compares the tables with a recomputation from the whole log: how many records the log makes,
-- how many of them the tables lack, hold without cause, or hold otherwise, and how many notes and
-- conflicts differ. With `repair`, puts the recomputation in their place when anything differs.
CREATE FUNCTION plp.check_views(repair boolean)
    RETURNS TABLE (n_records bigint, n_missing bigint, n_extra bigint, n_differing bigint,
                   n_notes bigint, n_conflicts bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('plp.records'));
    PERFORM plp.compute_records(true);
    SELECT count(*) INTO n_records FROM fresh_records;
    SELECT count(*) INTO n_missing FROM fresh_records f
        WHERE NOT EXISTS (SELECT 1 FROM plp.records r WHERE r.id = f.id);
    SELECT count(*) INTO n_extra FROM plp.records r
        WHERE NOT EXISTS (SELECT 1 FROM fresh_records f WHERE f.id = r.id);
    SELECT count(*) INTO n_differing FROM fresh_records f JOIN plp.records r ON r.id = f.id
        WHERE (r.entity, r.student_id, r.doc, r.hidden)
              IS DISTINCT FROM (f.entity, f.student_id, f.doc, f.hidden);
    SELECT count(DISTINCT d.id) INTO n_notes FROM (
        (SELECT id, student_id, notes, restricted FROM fresh_notes
         EXCEPT ALL SELECT id, student_id, notes, restricted FROM plp.record_notes)
        UNION ALL
        (SELECT id, student_id, notes, restricted FROM plp.record_notes
         EXCEPT ALL SELECT id, student_id, notes, restricted FROM fresh_notes)) d;
    SELECT count(*) INTO n_conflicts FROM (
        (SELECT entity, entity_id, field, op_id, student_id FROM fresh_conflicts
         EXCEPT ALL SELECT entity, entity_id, field, op_id, student_id FROM plp.conflicts)
        UNION ALL
        (SELECT entity, entity_id, field, op_id, student_id FROM plp.conflicts
         EXCEPT ALL SELECT entity, entity_id, field, op_id, student_id FROM fresh_conflicts)) d;
    IF repair AND n_missing + n_extra + n_differing + n_notes + n_conflicts > 0 THEN
        DELETE FROM plp.records;
        DELETE FROM plp.record_notes;
        DELETE FROM plp.conflicts;
        INSERT INTO plp.records (id, entity, student_id, doc, hidden)
            SELECT id, entity, student_id, doc, hidden FROM fresh_records;
        INSERT INTO plp.record_notes SELECT id, student_id, notes, restricted FROM fresh_notes;
        INSERT INTO plp.conflicts SELECT entity, entity_id, field, op_id, student_id
            FROM fresh_conflicts;
    END IF;
    DROP TABLE pg_temp.fresh_ids, pg_temp.fresh_ops, pg_temp.fresh_slots, pg_temp.fresh_heads,
        pg_temp.fresh_records, pg_temp.fresh_notes, pg_temp.fresh_conflicts, pg_temp.fresh_multi;
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION plp.check_views(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.check_views(boolean) TO plp_admin;

-- Changes are added one statement at a time (a batch of a push): one refresh per statement.
-- The lock taken before the rows go in orders concurrent pushes, so each refresh sees the
-- changes committed before it.
CREATE FUNCTION plp.changes_lock_records() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = plp, pg_catalog AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('plp.records'));
    RETURN NULL;
END $$;
CREATE FUNCTION plp.changes_to_records() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.fresh_ids;
    CREATE TEMP TABLE fresh_ids AS SELECT DISTINCT entity_id FROM new_changes;
    PERFORM plp.refresh_records(false);
    RETURN NULL;
END $$;
CREATE TRIGGER changes_lock_records BEFORE INSERT ON plp.changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.changes_lock_records();
CREATE TRIGGER changes_to_records AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.changes_to_records();

-- The views: one row per record, each field in its own typed column, named as in plp's tables.
CREATE VIEW plp.v_students WITH (security_invoker = true) AS
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
           (SELECT s.school FROM plp.students s WHERE s.student_id = r.id) AS school
    FROM plp.records r WHERE entity = 'student';
COMMENT ON VIEW plp.v_students IS
    'Students and their profiles as the change log decides them now, one row per student (retired ones flagged), with their school. Read-only.';

CREATE VIEW plp.v_team_members WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'name') AS name,
           plp.as_text(doc -> 'role') AS role,
           plp.as_text(doc -> 'contact') AS contact,
           plp.as_bool(doc -> 'retired') AS retired,
           plp.as_opt_text(doc -> 'language') AS language
    FROM plp.records WHERE entity = 'team_member';
COMMENT ON VIEW plp.v_team_members IS 'Each student''s team (family, teachers, mentors). Read-only.';

CREATE VIEW plp.v_plans WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'school_year') AS school_year,
           plp.as_bool(doc -> 'reviewed') AS reviewed,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.records WHERE entity = 'plan';
COMMENT ON VIEW plp.v_plans IS 'One plan per student and school year. Read-only.';

CREATE VIEW plp.v_goals WITH (security_invoker = true) AS
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
    FROM plp.records WHERE entity = 'goal';
COMMENT ON VIEW plp.v_goals IS
    'Goals of the plans (domain, status; position orders them within a plan). Read-only.';

CREATE VIEW plp.v_strategies WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_text(doc -> 'goal_id') AS goal_id,
           plp.as_text(doc -> 'what') AS what,
           plp.as_text(doc -> 'owner') AS owner,
           plp.as_text(doc -> 'frequency') AS frequency,
           plp.as_text(doc -> 'status') AS status,
           plp.as_int(doc -> 'position') AS position,
           plp.as_bool(doc -> 'retired') AS retired,
           plp.as_opt_text(doc -> 'carried_from') AS carried_from
    FROM plp.records WHERE entity = 'strategy';
COMMENT ON VIEW plp.v_strategies IS 'Strategies of each goal. Read-only.';

CREATE VIEW plp.v_checkins WITH (security_invoker = true) AS
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
    FROM plp.records r LEFT JOIN plp.record_notes n ON n.id = r.id
    WHERE r.entity = 'checkin';
COMMENT ON VIEW plp.v_checkins IS
    'Check-ins (dated, YYYY-MM-DD). Restricted notes read as NULL, and check-ins restricted whole are absent, for a login that may not read restricted material. Read-only.';
COMMENT ON COLUMN plp.v_checkins.notes IS 'Advisor notes; NULL where restricted and this login may not read them.';

CREATE VIEW plp.v_interventions WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_opt_text(doc -> 'date') AS date,
           plp.as_text(doc -> 'kind') AS kind,
           plp.as_text(doc -> 'description') AS description,
           plp.as_text(doc -> 'who') AS who,
           plp.as_text(doc -> 'outcome') AS outcome,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.records WHERE entity = 'intervention';
COMMENT ON VIEW plp.v_interventions IS 'Interventions. Read-only.';

CREATE VIEW plp.v_evidence WITH (security_invoker = true) AS
    SELECT id, student_id,
           plp.as_opt_text(doc -> 'goal_id') AS goal_id,
           plp.as_opt_text(doc -> 'date') AS date,
           plp.as_text(doc -> 'kind') AS kind,
           plp.as_text(doc -> 'title') AS title,
           plp.as_text(doc -> 'result') AS result,
           plp.as_bool(doc -> 'retired') AS retired
    FROM plp.records WHERE entity = 'evidence';
COMMENT ON VIEW plp.v_evidence IS 'Evidence of progress. Read-only.';

CREATE VIEW plp.v_conflicts WITH (security_invoker = true) AS
    SELECT entity, entity_id, field, op_id, student_id FROM plp.conflicts;
COMMENT ON VIEW plp.v_conflicts IS
    'Fields with two versions made without knowing each other: op_id is the version kept aside (in plp.changes). Read-only.';

GRANT SELECT ON plp.v_students, plp.v_team_members, plp.v_plans, plp.v_goals, plp.v_strategies,
    plp.v_checkins, plp.v_interventions, plp.v_evidence, plp.v_conflicts
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
