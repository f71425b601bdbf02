-- Records created in two places (one roster imported on two machines; a student brought in
-- whole from a plan in one file and from a roster in another): between creations alone, one
-- that says nothing of a field (null, empty text, an empty list or object, false) gives way to
-- one that says something, as every replica decides from this plp on (an edit still outranks
-- every creation). Before, the later creation won each field, so a roster's empty profile hid
-- the words the other held, each field a conflict.

-- Whether a creation's value of a field says something.
CREATE FUNCTION plp.says_something(v jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN v IS NOT NULL
       AND v NOT IN ('null'::jsonb, 'false'::jsonb, '""'::jsonb, '[]'::jsonb, '{}'::jsonb);

CREATE OR REPLACE FUNCTION plp.compute_records(every boolean) RETURNS void
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
        current AS (
            SELECT c.*, plp.says_something(c.value) AS said
            FROM cands c
            WHERE NOT EXISTS (SELECT 1 FROM superseded x
                              WHERE x.entity_id = c.entity_id AND x.field = c.field AND x.id = c.id)
        ),
        heads AS (
            SELECT c.*, bool_or(NOT c.created) OVER w AS edited, bool_or(c.said) OVER w AS any_said
            FROM current c
            WINDOW w AS (PARTITION BY c.entity_id, c.field)
        )
        SELECT h.entity, h.entity_id, h.field, h.student_id, h.id, h.value,
               row_number() OVER (PARTITION BY h.entity_id, h.field
                                  ORDER BY h.hlc COLLATE "C" DESC, h.id COLLATE "C" DESC) AS rank
        FROM heads h
        WHERE NOT (h.edited AND h.created)
          AND (h.edited OR h.said OR NOT h.any_said);

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

-- The records the log holds more than one creation of are settled again by the rule.
DROP TABLE IF EXISTS pg_temp.fresh_ids;
CREATE TEMP TABLE fresh_ids AS
    SELECT entity_id FROM plp.changes WHERE field = '*'
    GROUP BY entity_id HAVING count(*) > 1;
SELECT plp.refresh_records(false);
