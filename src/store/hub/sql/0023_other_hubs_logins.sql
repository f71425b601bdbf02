-- plp's group roles (plp_admin, plp_counselor, plp_advisor, plp_teacher) are the server's, so
-- every hub on one server shares them. A role in one of them that this hub has never had (not
-- in plp.logins, not in plp.removed_logins) is a login of another hub on the server: taking it
-- in here would move it between the shared groups under that hub's feet, and a password set
-- here would be its password there too, so another hub's owner could take over this hub's
-- logins (its admins included). plp.refuse_owning_role() now refuses it as well, for
-- plp.set_login() and plp.remove_login() alike; a login belongs to one hub.

CREATE OR REPLACE FUNCTION plp.refuse_owning_role(p_login text, p_owner boolean) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    u oid;
    db text;
BEGIN
    IF p_owner THEN
        RETURN;
    END IF;
    SELECT r.oid INTO u FROM pg_roles r WHERE r.rolname = p_login;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT d.datname::text INTO db FROM pg_database d WHERE d.datdba = u
        ORDER BY d.datname LIMIT 1;
    IF db IS NOT NULL THEN
        RAISE EXCEPTION 'role % owns the database % on the server, a right beyond a hub login''s, which plp leaves to the server''s administrator; nothing was changed',
            p_login, db;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_shdepend s
               WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = u
                 AND s.deptype = 'o') THEN
        RAISE EXCEPTION 'role % owns tables or other objects on the server, a right beyond a hub login''s, which plp leaves to the server''s administrator; nothing was changed',
            p_login;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles x ON x.oid = m.roleid
               WHERE m.member = u
                 AND x.rolname IN ('plp_admin', 'plp_counselor', 'plp_advisor', 'plp_teacher'))
       AND NOT EXISTS (SELECT 1 FROM plp.logins l WHERE l.login = p_login)
       AND NOT EXISTS (SELECT 1 FROM plp.removed_logins l WHERE l.login = p_login) THEN
        RAISE EXCEPTION 'role % is a login of another plp hub on this server, and a login belongs to one hub (the hubs of one server share their groups and each role''s password); give this hub''s login another name; nothing was changed',
            p_login;
    END IF;
END $$;
REVOKE ALL ON FUNCTION plp.refuse_owning_role(text, boolean) FROM PUBLIC;
