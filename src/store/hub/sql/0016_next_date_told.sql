-- The next check-in's date is scheduling, not what was said: a teacher is told it of a check-in
-- restricted whole, as of any other. Of such a check-in a teacher now reads that it was held
-- (its student, plan, date, that it is restricted, whether it is retired) and the next date it
-- set; never its kind, who attended, the student's words, ratings, verdicts, steps or notes.
--
-- - The redacted first record keeps `next_date`, and a later change of the next date reaches a
--   teacher as a change of its date does (the log as sync reads it, the policy on the log, and
--   the heads a sync is told).
-- - The report tables hand a teacher each such check-in as only that: its date and next date,
--   no kind, no one attending, no ratings or verdicts, and `hidden` set. The caseload and the
--   due report take it as the student's latest meeting; the trends leave it out (a meeting of
--   no kind is counted under none, and so not at all), as a teacher's own file does.
--
-- Nothing the hub keeps is made from the redacted form: each is made as it is read, so a hub
-- brought to this schema tells teachers the next dates of the check-ins it already holds.

CREATE OR REPLACE FUNCTION plp.redact(value text, whole boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
RETURN CASE WHEN whole THEN
    jsonb_strip_nulls(jsonb_build_object(
        'id', value::jsonb -> 'id',
        'student_id', value::jsonb -> 'student_id',
        'plan_id', value::jsonb -> 'plan_id',
        'date', value::jsonb -> 'date',
        'next_date', value::jsonb -> 'next_date',
        'retired', value::jsonb -> 'retired'))
        || '{"restricted": true, "restricted_whole": true}'::jsonb
ELSE
    (value::jsonb - 'notes') || '{"restricted": true}'::jsonb
END::text;

-- The fields of a check-in restricted whole a teacher is shown changes of.
ALTER POLICY read_open ON plp.changes
    USING (student_id IN (SELECT plp.open_students())
        AND NOT (entity = 'checkin' AND (
               (field IN ('*', 'notes') AND entity_id IN (SELECT plp.restricted_ids(false)))
            OR (field NOT IN ('retired', 'restricted', 'restricted_whole', 'date', 'next_date')
                AND entity_id IN (SELECT plp.restricted_ids(true))))));

CREATE OR REPLACE FUNCTION plp.shown_in_part(p_entity text, p_entity_id text, p_field text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT NOT (p_entity = 'checkin' AND p_field <> '*' AND EXISTS (
        SELECT 1 FROM plp.restricted_checkins r
        WHERE r.checkin = p_entity_id
          AND (p_field = 'notes'
               OR (r.whole AND p_field NOT IN ('retired', 'restricted', 'restricted_whole',
                                               'date', 'next_date')))))
$$;

CREATE OR REPLACE FUNCTION plp.seen_changes(p_replica text, p_after bigint, students text[],
                                            lim bigint)
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
    -- a check-in restricted whole only whether it is retired, restricted, its date and the
    -- next date it set. Each part sorted and cut to the limit by itself, so that the log's
    -- rows are read in the order of its key and reading stops at the limit.
    RETURN QUERY EXECUTE format(
        'SELECT x.* FROM (
             (SELECT %1$s FROM plp.changes c
             WHERE %3$s AND (c.student_id IN (SELECT plp.full_students())
                 OR (c.student_id IN (SELECT plp.open_students())
                     AND NOT (c.entity = ''checkin'' AND (
                            (c.field IN (''*'', ''notes'')
                             AND c.entity_id IN (SELECT plp.restricted_ids(false)))
                         OR (c.field NOT IN (''retired'', ''restricted'', ''restricted_whole'',
                                             ''date'', ''next_date'')
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

-- The report tables' check-ins this login reads: a teacher reads those it may read whole, and
-- of each check-in restricted whole (now or ever) only its date and the next date it set.
CREATE OR REPLACE FUNCTION plp.seen_report_checkins() RETURNS SETOF plp.report_checkins
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
BEGIN
    IF plp.is_admin() THEN
        RETURN QUERY SELECT t.* FROM plp.report_checkins t;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT t.* FROM plp.report_checkins t
    WHERE t.student_id IN (SELECT plp.full_students())
       OR (NOT t.hidden AND t.student_id IN (SELECT plp.open_students())
           AND t.id NOT IN (SELECT plp.restricted_ids(true)))
    UNION ALL
    SELECT t.id, t.student_id, t.date, t.day, t.next_date, ''::text, '{}'::text[], '{}'::text[],
           true, '[]'::jsonb, '[]'::jsonb
    FROM plp.report_checkins t
    WHERE t.student_id IN (SELECT plp.open_students())
      AND t.student_id NOT IN (SELECT plp.full_students())
      AND (t.hidden OR t.id IN (SELECT plp.restricted_ids(true)));
END $$;
