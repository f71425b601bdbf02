-- When a goal's status was last set is told only of goals of students the login reads: the
-- functions run as the hub's owner, so they ask, for each goal named, whose it is
-- (plp.owners) and whether the login reads that student (plp.seen_student_ids()); an admin is
-- told of every goal. A goal id of another school's student, or of a student the login no longer
-- reads, gives no row, the same as a goal the hub does not hold.

CREATE OR REPLACE FUNCTION plp.status_stamps(goals text[])
RETURNS TABLE (entity_id text, hlc text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    WITH seen AS (
        SELECT o.entity_id FROM plp.owners o
        WHERE o.entity_id = ANY (goals) AND o.entity = 'goal'
          AND o.student_id IN (SELECT plp.seen_student_ids())
    )
    SELECT c.entity_id, max(c.hlc COLLATE "C") FROM plp.changes c
    WHERE c.entity_id = ANY (goals) AND c.entity = 'goal' AND c.field IN ('status', '*')
      AND ((SELECT plp.is_admin()) OR c.entity_id IN (SELECT s.entity_id FROM seen s))
    GROUP BY c.entity_id
$$;

CREATE OR REPLACE FUNCTION plp.status_millis(goal text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT plp.hlc_millis(max(s.hlc COLLATE "C")) FROM plp.status_stamps(ARRAY[goal]) s
$$;
