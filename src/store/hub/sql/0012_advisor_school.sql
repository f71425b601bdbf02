-- An advisor login may be kept to one school (`plp hub user … --role advisor --advisor NAME
-- --school NAME`): advisors' names are matched loosely (titles, first names and word order do
-- not matter), so "Ms. Lindqvist" at North High also names "Mr. Erik Lindqvist" at South High.
-- With a school, an advisor reads and writes only the students of that school whose advisor
-- field names them; without one, every school's, as before.

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
        WHERE s.advisor = ANY ((SELECT plp.advisor_names())::text[])
          AND (l.school IS NULL OR plp.same_school(s.school, l.school));
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plp.may_write(student text, p_replica text, p_entity text,
                                         p_field text, p_value text, matched text[])
RETURNS boolean
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
    IF NOT (l.school IS NULL OR coalesce(plp.same_school(sch, l.school), false)) THEN
        RETURN false;
    END IF;
    IF l.role = 'advisor' THEN
        RETURN adv = ANY (matched) OR coalesce(plp.advisor_matches(l.advisor, adv), false);
    END IF;
    RETURN true;
END $$;
