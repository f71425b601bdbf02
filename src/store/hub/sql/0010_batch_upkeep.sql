-- A pushed batch taken in by one statement-level step instead of two: whose each record is
-- (plp.owners) and the records it makes are worked out together, so that what the first step
-- learns spares the second a look-up per row.
--
-- - A record whose owner this statement wrote (no change before it named a student for it),
--   named by one row of the statement, its creation, is made by that one change: it is written
--   straight from the row, without asking the log how many changes name it. (A hub holding a
--   change that named no student, one whose record came later, still asks, for every row.)
-- - A row is checked against its record's owner by a join with the owners this statement
--   wrote; only a record known before is looked up in plp.owners.
-- - The kinds of record are compared with a list read once per statement, not by a join
--   with plp.fields per row.

DROP TRIGGER changes_check_owners ON plp.changes;
DROP TRIGGER changes_to_records ON plp.changes;
DROP FUNCTION plp.check_owners();
DROP FUNCTION plp.changes_to_records();

CREATE FUNCTION plp.take_in_changes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning
    SET work_mem = '256MB' AS $$
DECLARE
    kinds constant text[] := ARRAY(SELECT DISTINCT f.entity FROM plp.fields f);
    -- Whether the hub holds a change that names no student (its record unknown when it came):
    -- such a change has no owner row, so a new owner does not prove a record's first change.
    unowned constant boolean := EXISTS (SELECT 1 FROM plp.changes c WHERE c.student_id = '');
    bad record;
BEGIN
    DROP TABLE IF EXISTS pg_temp.fresh_owned, pg_temp.fresh_ids;
    CREATE TEMP TABLE fresh_owned (entity_id text, student_id text);
    CREATE TEMP TABLE fresh_ids (entity_id text);

    -- The first row naming a record fixes its student (in order of replica and sequence within
    -- the statement).
    WITH named AS (
        SELECT DISTINCT ON (n.entity_id) n.entity_id, n.entity, n.student_id
        FROM new_changes n WHERE n.student_id <> ''
        ORDER BY n.entity_id, n.replica, n.seq
    ), added AS (
        INSERT INTO plp.owners (entity_id, entity, student_id)
            SELECT * FROM named
        ON CONFLICT (entity_id) DO NOTHING
        RETURNING entity_id, student_id
    )
    INSERT INTO fresh_owned SELECT * FROM added;
    -- Counted, so that the joins below hash it rather than scan it once per row.
    ANALYZE fresh_owned;

    -- Any row naming another student for a record refuses the whole statement.
    SELECT x.id, x.named, x.known INTO bad
    FROM (SELECT n.id, n.replica, n.seq, n.student_id AS named,
                 coalesce(f.student_id,
                          (SELECT o.student_id FROM plp.owners o
                           WHERE o.entity_id = n.entity_id)) AS known
          FROM new_changes n LEFT JOIN fresh_owned f ON f.entity_id = n.entity_id
          WHERE n.student_id <> '') x
    WHERE x.named <> x.known
    ORDER BY x.replica, x.seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'change % names student % for a record of student %',
            bad.id, bad.named, bad.known
            USING ERRCODE = 'check_violation';
    END IF;

    -- The views' tables: records made by one change written straight from the rows (with a
    -- check-in's notes); the others recomputed from the log (plp.refresh_records).
    BEGIN
        -- An object's text starts with '{', so what reads as JSON here is an object.
        -- The joins come before the filters (a subquery with OFFSET 0 keeps them apart): the
        -- planner cannot count the statement's rows that pass the filters, and took them for
        -- one, scanning the new owners once per row.
        WITH single AS MATERIALIZED (
            SELECT c.id, c.entity, c.student_id, c.value::jsonb AS doc
            FROM (SELECT w.*
                  FROM (SELECT n.entity_id AS id, n.entity, n.student_id, n.field, n.value,
                               count(*) OVER (PARTITION BY n.entity_id) AS rows
                        FROM new_changes n) w
                  JOIN fresh_owned f ON f.entity_id = w.id
                  OFFSET 0) c
            WHERE c.rows = 1 AND c.field = '*' AND left(c.value, 1) = '{'
              AND c.entity = ANY (kinds)
              AND (NOT unowned
                   OR (SELECT count(*) FROM plp.changes x WHERE x.entity_id = c.id) = 1)
        ), made AS (
            INSERT INTO plp.records AS r (id, entity, student_id, doc, hidden)
                SELECT s.id, s.entity, s.student_id,
                       CASE WHEN s.entity = 'checkin' THEN s.doc - 'notes' ELSE s.doc END,
                       s.entity = 'checkin' AND plp.as_bool(s.doc -> 'restricted_whole')
                FROM single s
            ON CONFLICT (id) DO UPDATE SET entity = excluded.entity,
                student_id = excluded.student_id, doc = excluded.doc, hidden = excluded.hidden
        ), noted AS (
            INSERT INTO plp.record_notes AS r (id, student_id, notes, restricted)
                SELECT s.id, s.student_id, plp.as_text(s.doc -> 'notes'),
                       plp.as_bool(s.doc -> 'restricted')
                           OR plp.as_bool(s.doc -> 'restricted_whole')
                FROM single s WHERE s.entity = 'checkin'
            ON CONFLICT (id) DO UPDATE SET student_id = excluded.student_id,
                notes = excluded.notes, restricted = excluded.restricted
        )
        INSERT INTO fresh_ids
            SELECT DISTINCT n.entity_id FROM new_changes n
            WHERE NOT EXISTS (SELECT 1 FROM single s WHERE s.id = n.entity_id);
    EXCEPTION WHEN invalid_text_representation THEN
        -- Some value is not JSON (put in by hand): the recomputation reads each on its own.
        INSERT INTO fresh_ids SELECT DISTINCT n.entity_id FROM new_changes n;
    END;
    DROP TABLE pg_temp.fresh_owned;
    IF EXISTS (SELECT 1 FROM fresh_ids) THEN
        PERFORM plp.refresh_records(false);
    ELSE
        DROP TABLE pg_temp.fresh_ids;
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION plp.take_in_changes() FROM PUBLIC;

CREATE TRIGGER changes_take_in AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.take_in_changes();
