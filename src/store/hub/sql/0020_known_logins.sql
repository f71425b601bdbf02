-- Whether the session's login is one of this hub's: named in plp.logins, or an admin by owning
-- the database or being a superuser. The plp_* group roles are the server's, shared by every
-- hub on it, so a login of one hub is let in to another hub's database (a slip in the URL's
-- database name) and there reads nothing: every command that opens a hub asks this first and
-- says so, instead of making a file a copy of a hub whose login it is not. It tells only of
-- the session's own login. A login in none of the groups may not ask, and is told the same.
CREATE FUNCTION plp.is_login() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT plp.is_admin() OR EXISTS (SELECT 1 FROM plp.logins WHERE login = session_user)
$$;
REVOKE ALL ON FUNCTION plp.is_login() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.is_login()
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
