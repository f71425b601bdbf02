-- A login taken away (a teacher who moved on, a counselor who left the district): plp hub user
-- URL LOGIN --remove asks plp.remove_login(), a function of the hub's owner that only the hub's
-- admins may call, as plp.set_login() is.
--
-- - Its scope goes (its row of plp.logins, and with it a teacher's list): every policy and every
--   function that reads rows for a login asks that row, so from the next statement on the login
--   reads and adds nothing, whatever it still holds.
-- - It leaves every one of the hub's groups, so it holds no grant on any table or function.
-- - It may no longer log in (NOLOGIN): a role is the server's, not one database's, and a hub
--   login is a plain login made for the hub.
-- - What it added stays: the log is append-only, and its replicas stay registered under it.
-- - It refuses the login calling it, a role that is no login of this hub (one of another hub
--   on the same server included: the groups are the server's), and one with rights beyond a
--   plain login's or a member of any other role (as plp.set_login() does), each in one
--   sentence; a login already taken away changes nothing. A role that is a login of two hubs
--   on one server loses both: its right to log in is the server's.
-- Giving it access again is plp hub user with a role, by the hub's owner (the role is then on
-- the server without being a login of this hub, which only the owner may take in).

CREATE FUNCTION plp.remove_login(p_login text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    groups constant text[] := ARRAY['plp_admin', 'plp_counselor', 'plp_advisor', 'plp_teacher'];
    r record;
    g text;
    v_changed boolean := false;
    n bigint;
BEGIN
    IF NOT plp.is_admin() THEN
        RAISE EXCEPTION 'only the hub''s admins and the database''s owner manage logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_login IS NULL OR btrim(p_login) = '' THEN
        RAISE EXCEPTION 'the login name is empty; nothing was changed';
    END IF;
    IF p_login = session_user THEN
        RAISE EXCEPTION 'login % cannot take its own access away; ask another admin; nothing was changed',
            p_login;
    END IF;
    SELECT u.oid, u.rolcanlogin,
           u.rolsuper OR u.rolcreaterole OR u.rolcreatedb OR u.rolreplication OR u.rolbypassrls
               AS more,
           u.oid = (SELECT d.datdba FROM pg_database d WHERE d.datname = current_database())
               OR u.oid = (SELECT c.relowner FROM pg_class c
                           WHERE c.oid = 'plp.changes'::regclass) AS owner,
           EXISTS (SELECT 1 FROM plp.logins l WHERE l.login = u.rolname) AS ours,
           EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles x ON x.oid = m.roleid
                   WHERE m.member = u.oid AND x.rolname = ANY (groups)) AS grouped,
           EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles x ON x.oid = m.roleid
                   WHERE m.member = u.oid AND NOT x.rolname = ANY (groups)) AS elsewhere
    INTO r FROM pg_roles u WHERE u.rolname = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not a login of this hub; nothing was changed',
            pg_catalog.quote_literal(p_login);
    END IF;
    IF r.more OR r.owner OR r.elsewhere THEN
        RAISE EXCEPTION 'role % has rights on the server beyond a hub login''s, which plp leaves to the server''s administrator; nothing was changed',
            p_login;
    END IF;
    -- Only this hub's own logins: a login of another hub on the same server (a member of the
    -- groups, which are the server's) is that hub's to take away.
    IF NOT r.ours THEN
        IF r.rolcanlogin OR r.grouped THEN
            RAISE EXCEPTION '% is not a login of this hub; nothing was changed',
                pg_catalog.quote_literal(p_login);
        END IF;
        RETURN 'unchanged';
    END IF;
    DELETE FROM plp.logins WHERE login = p_login;
    GET DIAGNOSTICS n = ROW_COUNT;
    v_changed := n > 0;
    FOREACH g IN ARRAY groups LOOP
        IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles x ON x.oid = m.roleid
                   WHERE x.rolname = g AND m.member = r.oid) THEN
            EXECUTE format('REVOKE %I FROM %I', g, p_login);
            v_changed := true;
        END IF;
    END LOOP;
    IF r.rolcanlogin THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
        v_changed := true;
    END IF;
    RETURN CASE WHEN v_changed THEN 'removed' ELSE 'unchanged' END;
END $$;
REVOKE ALL ON FUNCTION plp.remove_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.remove_login(text) TO plp_admin;
