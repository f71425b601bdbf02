-- A scoped login (an advisor, a counselor of a school) at the speed of an admin: who its
-- students are is worked out once per statement, not once per student or per row.

-- The students the login reads whole and writes (advisor, counselor), as before. An advisor's
-- name is matched against each distinct advisor name the students have, once each: the query it
-- replaces matched every student's advisor against every other's (a correlated subquery per
-- student), which at 5,000 students did not finish in minutes.
CREATE OR REPLACE FUNCTION plp.full_students() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
SET jit = off
AS $$
DECLARE
    l plp.logins;
BEGIN
    SELECT * INTO l FROM plp.logins WHERE login = session_user;
    IF NOT FOUND THEN
        RETURN;
    ELSIF l.role = 'counselor' THEN
        RETURN QUERY
        SELECT s.student_id FROM plp.students s
        WHERE l.school IS NULL OR plp.same_school(s.school, l.school);
    ELSIF l.role = 'advisor' THEN
        RETURN QUERY
        SELECT s.student_id FROM plp.students s
        WHERE s.advisor = ANY ((SELECT plp.advisor_names())::text[]);
    END IF;
END $$;

-- The advisor names written on the hub's students that the login's advisor name matches (an
-- advisor login; empty for any other).
CREATE FUNCTION plp.advisor_names() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
SET jit = off
AS $$
    WITH names AS MATERIALIZED (
        SELECT DISTINCT a.advisor FROM plp.students a WHERE a.advisor IS NOT NULL
    )
    SELECT coalesce(array_agg(n.advisor), '{}')
    FROM plp.logins l, names n
    WHERE l.login = session_user AND l.role = 'advisor'
      AND plp.advisor_matches(l.advisor, n.advisor)
$$;

-- plp.may_write (0002) with the names plp.advisor_names() gave for this statement: a name
-- among them matches without being matched again.
CREATE FUNCTION plp.may_write(student text, p_replica text, p_entity text, p_field text,
                              p_value text, matched text[]) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    l plp.logins;
    adv text;
    sch text;
    v jsonb;
BEGIN
    SELECT * INTO l FROM plp.logins WHERE login = session_user;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF l.role = 'admin' THEN
        RETURN true;
    END IF;
    IF l.role NOT IN ('advisor', 'counselor') THEN
        RETURN false;
    END IF;
    SELECT s.advisor, s.school INTO adv, sch FROM plp.students s WHERE s.student_id = student;
    IF NOT FOUND THEN
        IF p_entity = 'student' AND p_field = '*' THEN
            v := p_value::jsonb;
            adv := v ->> 'advisor';
            sch := coalesce(v ->> 'school',
                            (SELECT r.school FROM plp.replicas r WHERE r.replica = p_replica));
        ELSE
            SELECT (c.value::jsonb) ->> 'advisor',
                   coalesce((c.value::jsonb) ->> 'school', r.school)
              INTO adv, sch
              FROM plp.changes c JOIN plp.replicas r ON r.replica = c.replica
             WHERE c.entity_id = student AND c.entity = 'student' AND c.field = '*'
             ORDER BY c.hlc COLLATE "C", c.id LIMIT 1;
            IF NOT FOUND THEN
                RETURN false;
            END IF;
        END IF;
    END IF;
    IF l.role = 'advisor' THEN
        RETURN adv = ANY (matched) OR coalesce(plp.advisor_matches(l.advisor, adv), false);
    END IF;
    RETURN l.school IS NULL OR coalesce(plp.same_school(sch, l.school), false);
END $$;

-- Adding changes: the same rule. A student the hub knows is looked up among the login's
-- students, worked out once for the statement; only a student new to the hub (or one the login
-- may not write) goes through plp.may_write row by row.
ALTER POLICY add_own ON plp.changes
    WITH CHECK (
        replica IN (SELECT r.replica FROM plp.replicas r WHERE r.login = session_user)
        AND ((SELECT plp.is_admin())
             OR student_id IN (SELECT plp.full_students())
             OR plp.may_write(student_id, replica, entity, field, value,
                              (SELECT plp.advisor_names()))));
