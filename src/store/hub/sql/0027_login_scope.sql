-- A login's whole scope as one text (its role, advisor and whether word for word, school, and
-- its listed students, sorted), or NULL for no login of this hub: `plp hub user` reads it
-- before and after a change that sets a password, to tell a new password alone from a new
-- scope. Only the hub's admins and the database's owner may ask.
CREATE FUNCTION plp.login_scope(p_login text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
BEGIN
    IF NOT plp.is_admin() THEN
        RAISE EXCEPTION 'only the hub''s admins and the database''s owner manage logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN (
        SELECT jsonb_build_array(l.role, l.advisor, l.advisor_exact, l.school,
                   (SELECT coalesce(jsonb_agg(s.sis_id ORDER BY s.sis_id), '[]')
                    FROM plp.login_students s WHERE s.login = l.login))::text
        FROM plp.logins l WHERE l.login = p_login);
END $$;
REVOKE ALL ON FUNCTION plp.login_scope(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.login_scope(text) TO plp_admin;
