-- plp names a student's records from the SIS id alone, so that two files importing one roster
-- meet as one student. Two schools whose SIS ids come from separate systems can give two
-- children one id: the hub took the second school's child as the first's, one student whose
-- names disagreed, and the first school's logins read what the second school wrote about its
-- own child, restricted notes included.
--
-- Now a change that makes a student record (field '*') is refused when the hub holds that
-- student already as a student of another school than the pushing replica's, under names that
-- share no word with the ones the change gives (case, accents, punctuation and titles aside,
-- as plp.name_words reads them): another child, not one child moving school or spelt another
-- way. plp decides the same way of every change it receives (domain::another_child). The
-- refusing file keeps the change, and notes the collision (plp.note_other_child); from then on
-- every change about that student from a replica of that school is refused too, so nothing
-- that school writes about its own child reaches the other school's. A trigger, not row-level
-- security, refuses them, so the rule binds the hub's owner and superusers as well.

-- Students a school's files hold as another child than the hub's: (student, that school).
CREATE TABLE plp.other_children (
    student_id text NOT NULL,
    school     text NOT NULL,
    noted      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (student_id, school)
);
REVOKE ALL ON plp.other_children FROM PUBLIC;
GRANT SELECT ON plp.other_children TO plp_admin;

-- The school the hub holds p_student at, when a record made with p_value (a student record's
-- JSON) by a replica of p_school would be another child there: its names share no word with any
-- the hub has held for the student; NULL when it would not (the same child, a student new to
-- the hub, or a school not known on either side).
CREATE FUNCTION plp.other_child_school(p_student text, p_school text, p_value text)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    held_at text;
    held jsonb;
    made jsonb;
    held_words text[];
    made_words text[];
BEGIN
    IF nullif(btrim(p_school), '') IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT s.school, r.doc INTO held_at, held
    FROM plp.students s JOIN plp.records r ON r.id = s.student_id AND r.entity = 'student'
    WHERE s.student_id = p_student;
    IF NOT FOUND OR nullif(btrim(held_at), '') IS NULL OR plp.same_school(held_at, p_school) THEN
        RETURN NULL;
    END IF;
    -- A value that is not JSON (put in by hand) is left to the checks that refuse it.
    BEGIN
        made := p_value::jsonb;
    EXCEPTION WHEN invalid_text_representation THEN
        RETURN NULL;
    END;
    IF jsonb_typeof(made) <> 'object' THEN
        RETURN NULL;
    END IF;
    held_words := plp.name_words(concat_ws(' ', held ->> 'given_name', held ->> 'family_name'));
    -- Every name the hub has held for the student from other schools' replicas counts, not
    -- only the one shown now: a name changed since, or two versions in conflict, are each that
    -- child's. (Those of p_school's replicas, the statement's own among them, are not.)
    BEGIN
        SELECT held_words || coalesce(array_agg(w), '{}') INTO held_words
        FROM plp.changes c JOIN plp.replicas r ON r.replica = c.replica,
             unnest(plp.name_words(CASE WHEN c.field = '*'
                 THEN concat_ws(' ', c.value::jsonb ->> 'given_name',
                                c.value::jsonb ->> 'family_name')
                 ELSE c.value::jsonb #>> '{}' END)) AS w
        WHERE c.entity_id = p_student AND c.entity = 'student'
          AND c.field IN ('*', 'given_name', 'family_name')
          AND NOT coalesce(plp.same_school(r.school, p_school), false);
    EXCEPTION WHEN invalid_text_representation THEN
        NULL;
    END;
    made_words := plp.name_words(concat_ws(' ', made ->> 'given_name', made ->> 'family_name'));
    IF cardinality(held_words) = 0 OR cardinality(made_words) = 0
       OR held_words && made_words THEN
        RETURN NULL;
    END IF;
    RETURN held_at;
END $$;
REVOKE ALL ON FUNCTION plp.other_child_school(text, text, text) FROM PUBLIC;

-- Refuses a statement that adds another child's record under a student the hub holds, or any
-- change about a student noted as another child for the adding replica's school. The error
-- names the first such change (replica and sequence number) in its detail.
CREATE FUNCTION plp.refuse_other_children() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    bad record;
BEGIN
    SELECT c.replica, c.seq, c.student_id INTO bad
    FROM new_changes c JOIN plp.replicas p ON p.replica = c.replica
    WHERE (c.entity = 'student' AND c.field = '*'
           AND plp.other_child_school(c.student_id, p.school, c.value) IS NOT NULL)
       OR (EXISTS (SELECT 1 FROM plp.other_children)
           AND EXISTS (SELECT 1 FROM plp.other_children o
                       WHERE o.student_id = c.student_id
                         AND plp.same_school(o.school, p.school)))
    ORDER BY c.replica, c.seq
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the hub holds student % as another child of another school', bad.student_id
            USING ERRCODE = 'PLP01', DETAIL = format('%s %s', bad.replica, bad.seq);
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION plp.refuse_other_children() FROM PUBLIC;

-- Fires before the other statement triggers (alphabetical order), while plp.records still
-- holds the student as the hub held it before this statement.
CREATE TRIGGER changes_check_children AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.refuse_other_children();

-- After the hub refused a change from p_replica (this login's) about p_student: notes the
-- student as another child for the replica's school when the change made a record that is
-- one (p_value, its JSON), so that the school's later changes about it are refused too.
-- Returns the school the hub holds the student at when the student is (now) another child
-- for that school, else NULL (the change was refused for another reason).
CREATE FUNCTION plp.note_other_child(p_student text, p_replica text, p_value text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    mine text;
    theirs text;
BEGIN
    SELECT r.school INTO mine FROM plp.replicas r
    WHERE r.replica = p_replica AND (r.login = session_user OR plp.is_admin());
    IF nullif(btrim(mine), '') IS NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM plp.other_children o
               WHERE o.student_id = p_student AND plp.same_school(o.school, mine)) THEN
        RETURN (SELECT s.school FROM plp.students s WHERE s.student_id = p_student);
    END IF;
    theirs := plp.other_child_school(p_student, mine, p_value);
    IF theirs IS NOT NULL THEN
        INSERT INTO plp.other_children (student_id, school) VALUES (p_student, mine)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN theirs;
END $$;
REVOKE ALL ON FUNCTION plp.note_other_child(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.note_other_child(text, text, text)
    TO plp_admin, plp_counselor, plp_advisor;

-- The school each of p_replicas names, for those that name one: a sync checks the student
-- records it takes in from another school's replicas as the hub checks those it is sent (plp's
-- domain::another_child), and only those, since within one school two records under one id are
-- one child whatever their names.
CREATE FUNCTION plp.replica_schools(p_replicas text[])
RETURNS TABLE (replica text, school text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT r.replica, r.school FROM plp.replicas r
    WHERE r.replica = ANY (p_replicas) AND nullif(btrim(r.school), '') IS NOT NULL
$$;
REVOKE ALL ON FUNCTION plp.replica_schools(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.replica_schools(text[])
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
