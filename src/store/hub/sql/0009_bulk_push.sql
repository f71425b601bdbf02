-- A push of a whole school at the speed of its rows: what is checked and kept as changes are
-- added is done once per statement over all its rows, and each change's JSON is read once.

------------------------------------------------------------------------------------------------
-- Every change names a replica the hub knows, and a replica that has changes is never removed
-- or renamed: plp.heads (0004) says so already, once per replica of each statement (its row of
-- each replica a statement names is written as the statement ends, and its foreign key refuses
-- an unknown replica). The foreign key on the log looked up each row's replica on its own.

ALTER TABLE plp.changes DROP CONSTRAINT changes_replica_fkey;

------------------------------------------------------------------------------------------------
-- The views' upkeep: a record made by one change that no other change names is written
-- straight from the statement's rows, its JSON read once, in one statement (with its notes),
-- without a temporary copy; the rest are recomputed from the log as before.

CREATE OR REPLACE FUNCTION plp.changes_to_records() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning
    SET work_mem = '256MB' AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.fresh_ids;
    CREATE TEMP TABLE fresh_ids (entity_id text);
    BEGIN
        -- An object's text starts with '{', so what reads as JSON here is an object.
        -- A scalar subquery, not EXISTS: it stays one index lookup per record.
        WITH single AS MATERIALIZED (
            SELECT n.entity_id AS id, n.entity, n.student_id, n.value::jsonb AS doc
            FROM new_changes n
            WHERE n.field = '*' AND left(n.value, 1) = '{'
              AND n.entity IN (SELECT f.entity FROM plp.fields f)
              AND (SELECT count(*) FROM plp.changes c WHERE c.entity_id = n.entity_id) = 1
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
    IF EXISTS (SELECT 1 FROM fresh_ids) THEN
        PERFORM plp.refresh_records(false);
    ELSE
        DROP TABLE pg_temp.fresh_ids;
    END IF;
    RETURN NULL;
END $$;

------------------------------------------------------------------------------------------------
-- A check-in's narrow row: its date read once (a plain column, so plp.day_of is expanded in
-- place instead of called as a function per row).

CREATE OR REPLACE FUNCTION plp.report_checkin(r plp.records) RETURNS SETOF plp.report_checkins
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, d.date, plp.day_of(d.date),
           plp.as_opt_text(r.doc -> 'next_date'), plp.as_text(r.doc -> 'kind'),
           coalesce(v.strategies, '{}'), coalesce(v.verdicts, '{}'), r.hidden,
           plp.as_json(r.doc -> 'attended'), plp.as_json(r.doc -> 'progress')
    FROM (SELECT plp.as_opt_text(r.doc -> 'date') AS date,
                 plp.as_json(r.doc -> 'verdicts') AS verdicts OFFSET 0) d,
         LATERAL (SELECT array_agg(e.v ->> 'strategy' ORDER BY e.ord) AS strategies,
                         array_agg(e.v ->> 'verdict' ORDER BY e.ord) AS verdicts
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d.verdicts) = 'array'
                                                 THEN d.verdicts ELSE '[]'::jsonb END)
                       WITH ORDINALITY AS e(v, ord)
                  WHERE jsonb_typeof(e.v -> 'strategy') = 'string'
                    AND jsonb_typeof(e.v -> 'verdict') = 'string') v
    WHERE r.entity = 'checkin' AND NOT plp.as_bool(r.doc -> 'retired') $$;

------------------------------------------------------------------------------------------------
-- A new check-in is looked at for a restriction only when its text could hold one: the pattern
-- is tried only where a plain substring test finds "restricted… followed by true (the pattern
-- alone, tried at each place of every check-in's text, cost more than the rest of the row).
DROP TRIGGER changes_note_restriction ON plp.changes;
CREATE TRIGGER changes_note_restriction AFTER INSERT ON plp.changes
FOR EACH ROW WHEN (NEW.entity = 'checkin' AND (NEW.field IN ('restricted', 'restricted_whole')
    OR (NEW.field = '*' AND NEW.value LIKE '%"restricted%true%'
        AND NEW.value ~ '"restricted(_whole)?"\s*:\s*true')))
EXECUTE FUNCTION plp.note_restriction();

------------------------------------------------------------------------------------------------
-- No longer used: the heads come from plp.sync_heads() (0004), and the policy add_own calls the
-- six-argument plp.may_write (0007).
DROP FUNCTION plp.replica_heads(text[]);
DROP FUNCTION plp.may_write(text, text, text, text, text);
