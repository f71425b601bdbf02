-- District reports for one school: `plp report … --hub URL --school NAME` reads the report
-- students through plp.report_students_at(NAME) in place of plp.report_students (every other
-- report table is joined to them), so the report is the one the login would get of that
-- school's students alone. A student's school is the hub's (plp.students.school: the school of
-- the replica that first brought them), compared as plp.same_school compares.

-- The report students of p_school among those this login reads.
CREATE FUNCTION plp.report_students_at(p_school text) RETURNS SETOF plp.report_students
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT r.* FROM plp.seen_report_students() r
    JOIN plp.students s ON s.student_id = r.id
    WHERE plp.same_school(s.school, p_school)
$$;
REVOKE ALL ON FUNCTION plp.report_students_at(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.report_students_at(text)
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;

-- The schools of the students this login reads, each with how many: what --school is checked
-- against, and named from when it names none of them.
CREATE FUNCTION plp.seen_schools() RETURNS TABLE (school text, students bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT s.school, count(*) FROM plp.seen_report_students() r
    JOIN plp.students s ON s.student_id = r.id
    WHERE nullif(btrim(s.school), '') IS NOT NULL
    GROUP BY s.school ORDER BY s.school
$$;
REVOKE ALL ON FUNCTION plp.seen_schools() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.seen_schools()
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
