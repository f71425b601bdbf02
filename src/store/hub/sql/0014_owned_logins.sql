-- Logins are made by the hub's owner, on an admin's word: an admin login holds no CREATEROLE.
--
-- - On PostgreSQL 15 CREATEROLE lets its holder grant itself any role that is not a superuser,
--   pg_execute_server_program (programs run as the server's operating-system user) and
--   pg_read_server_files among them, and set any such role's password. So an admin asks
--   plp.set_login(), which runs as the hub's owner and does only what `plp hub user` needs:
--   it creates a plain login, or changes one of this hub's own, makes it a member of exactly one
--   of the hub's four groups, sets its password and writes its scope. Nothing else is granted.
-- - It changes no role that is not this hub's login (another application's, the server's
--   administrators'), and no login that holds more than a plain login's rights (a superuser, a
--   login with CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS, a member of any role but the
--   hub's groups, the database's or the hub's owner): setting its password would hand over
--   what it holds. Only the hub's owner (or a superuser) may take an existing plain role in as
--   a login.
-- - The password comes as a SCRAM verifier, computed by plp where it was typed: the server, its
--   statement log and this function see only the verifier, and a plain password is refused.
-- - The scope tables are written only through it, so a row of plp.logins is a login plp made.

CREATE FUNCTION plp.set_login(p_login text, p_role text, p_advisor text, p_school text,
                              p_students text[], p_verifier text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    groups constant text[] := ARRAY['plp_admin', 'plp_counselor', 'plp_advisor', 'plp_teacher'];
    wanted text := 'plp_' || p_role;
    who text := pg_catalog.quote_literal(coalesce(p_login, ''));
    r record;
    g text;
    is_member boolean;
    v_created boolean := false;
    v_changed boolean := false;
    n bigint;
    v_advisor text := btrim(p_advisor);
    v_school text := btrim(p_school);
    v_students text[] := coalesce(p_students, '{}');
BEGIN
    IF NOT plp.is_admin() THEN
        RAISE EXCEPTION 'only the hub''s admins and the database''s owner manage logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The name: a login's, never one PostgreSQL or plp keeps for itself.
    IF p_login IS NULL OR btrim(p_login) = '' THEN
        RAISE EXCEPTION 'the login name is empty; nothing was changed';
    END IF;
    IF octet_length(p_login) > 63 OR p_login ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION '% cannot be a login name (at most 63 bytes, no control characters); nothing was changed',
            regexp_replace(who, '[[:cntrl:]]', '?', 'g');
    END IF;
    IF lower(p_login) LIKE 'pg\_%' OR lower(p_login) LIKE 'plp\_%'
       OR lower(p_login) IN ('public', 'none', 'current_user', 'current_role', 'session_user') THEN
        RAISE EXCEPTION '% is a name PostgreSQL or plp keeps for itself; choose another login name; nothing was changed',
            who;
    END IF;
    IF p_login = session_user THEN
        RAISE EXCEPTION 'login % cannot change itself; ask another admin; nothing was changed',
            p_login;
    END IF;
    -- The role and its scope.
    IF p_role IS NULL OR NOT wanted = ANY (groups) THEN
        RAISE EXCEPTION '% is not a role (the roles are: admin, counselor, advisor, teacher); nothing was changed',
            pg_catalog.quote_literal(coalesce(p_role, ''));
    END IF;
    IF (p_role = 'advisor') <> (v_advisor IS NOT NULL AND v_advisor <> '') THEN
        RAISE EXCEPTION 'an advisor login, and only an advisor login, has an advisor''s name; nothing was changed';
    END IF;
    IF p_role = 'admin' AND v_school IS NOT NULL THEN
        RAISE EXCEPTION 'an admin login sees every school; nothing was changed';
    END IF;
    IF v_school = '' THEN
        RAISE EXCEPTION 'the school is empty; nothing was changed';
    END IF;
    IF p_role <> 'teacher' AND cardinality(v_students) > 0 THEN
        RAISE EXCEPTION 'only a teacher login has a list of students; nothing was changed';
    END IF;
    -- The password, only as a SCRAM verifier (what the server would keep of it).
    IF p_verifier IS NOT NULL AND p_verifier !~
       '^SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$' THEN
        RAISE EXCEPTION 'a password reaches the hub only as a SCRAM verifier; nothing was changed';
    END IF;

    SELECT u.oid, u.rolsuper, u.rolcanlogin,
           u.rolcreaterole OR u.rolcreatedb OR u.rolreplication OR u.rolbypassrls AS more,
           EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles x ON x.oid = m.roleid
                   WHERE m.member = u.oid AND NOT x.rolname = ANY (groups)) AS elsewhere,
           u.oid = (SELECT d.datdba FROM pg_database d WHERE d.datname = current_database())
               OR u.oid = (SELECT c.relowner FROM pg_class c
                           WHERE c.oid = 'plp.changes'::regclass)
               OR u.rolname = current_user AS owner,
           EXISTS (SELECT 1 FROM plp.logins l WHERE l.login = u.rolname) AS ours
    INTO r FROM pg_roles u WHERE u.rolname = p_login;
    IF FOUND THEN
        IF r.rolsuper THEN
            RAISE EXCEPTION '% is a superuser of the server, not a hub login; nothing was changed',
                p_login;
        END IF;
        IF NOT r.ours AND NOT EXISTS (
            SELECT 1 FROM pg_roles u WHERE u.rolname = session_user
            AND (u.rolsuper OR pg_has_role(u.oid, (SELECT c.relowner FROM pg_class c
                                                  WHERE c.oid = 'plp.changes'::regclass),
                                           'USAGE'))) THEN
            RAISE EXCEPTION 'role % is on the server already and is not a login of this hub; only the hub''s owner can take it in; nothing was changed',
                p_login;
        END IF;
        IF r.more OR r.elsewhere OR r.owner THEN
            RAISE EXCEPTION 'role % has rights on the server beyond a hub login''s, which plp leaves to the server''s administrator; nothing was changed',
                p_login;
        END IF;
        IF NOT r.rolcanlogin THEN
            EXECUTE format('ALTER ROLE %I LOGIN', p_login);
            v_changed := true;
        END IF;
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE '
                       'NOREPLICATION NOBYPASSRLS', p_login);
        v_created := true;
    END IF;
    IF p_verifier IS NOT NULL THEN
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
        v_changed := true;
    END IF;
    -- A member of its role's group, and of no other of the hub's.
    FOREACH g IN ARRAY groups LOOP
        is_member := EXISTS (SELECT 1 FROM pg_auth_members m
                          JOIN pg_roles x ON x.oid = m.roleid
                          JOIN pg_roles u ON u.oid = m.member
                          WHERE x.rolname = g AND u.rolname = p_login);
        IF is_member AND g <> wanted THEN
            EXECUTE format('REVOKE %I FROM %I', g, p_login);
            v_changed := true;
        ELSIF NOT is_member AND g = wanted THEN
            EXECUTE format('GRANT %I TO %I', g, p_login);
            v_changed := true;
        END IF;
    END LOOP;
    -- Its scope: the whole of it (what is not given again is taken away).
    INSERT INTO plp.logins AS l (login, role, advisor, school)
        VALUES (p_login, p_role, v_advisor, v_school)
    ON CONFLICT (login) DO UPDATE SET role = excluded.role, advisor = excluded.advisor,
        school = excluded.school, changed = now()
    WHERE (l.role, l.advisor, l.school) IS DISTINCT FROM
          (excluded.role, excluded.advisor, excluded.school);
    GET DIAGNOSTICS n = ROW_COUNT;
    v_changed := v_changed OR n > 0;
    DELETE FROM plp.login_students WHERE login = p_login AND NOT (sis_id = ANY (v_students));
    GET DIAGNOSTICS n = ROW_COUNT;
    v_changed := v_changed OR n > 0;
    INSERT INTO plp.login_students (login, sis_id)
        SELECT p_login, s FROM unnest(v_students) s
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    v_changed := v_changed OR n > 0;
    RETURN CASE WHEN v_created THEN 'created' WHEN v_changed THEN 'changed' ELSE 'unchanged' END;
END $$;
REVOKE ALL ON FUNCTION plp.set_login(text, text, text, text, text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.set_login(text, text, text, text, text[], text) TO plp_admin;

-- The scope tables are written through it alone.
REVOKE INSERT, UPDATE, DELETE ON plp.logins, plp.login_students FROM plp_admin;
DROP POLICY manage_logins ON plp.logins;
DROP POLICY manage_students ON plp.login_students;

-- The admin logins plp made lose CREATEROLE (the server's administrators' own roles, and the
-- owner's, keep what they have).
DO $$
DECLARE
    l record;
BEGIN
    FOR l IN SELECT u.rolname FROM plp.logins g JOIN pg_roles u ON u.rolname = g.login
             WHERE g.role = 'admin' AND u.rolcreaterole AND NOT u.rolsuper
               AND u.rolname <> current_user
               AND u.oid <> (SELECT d.datdba FROM pg_database d
                             WHERE d.datname = current_database())
             ORDER BY 1 LOOP
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', l.rolname);
    END LOOP;
END $$;

------------------------------------------------------------------------------------------------
-- What a scoped login (counselor, advisor, teacher) is told of the replicas: its own, and those
-- it reads rows of; never whose the others are or at which school, nor where a row it may not
-- read lies.
--
-- - plp.replicas names every replica's login and school. A scoped login reads its own rows of
--   it through plp.seen_replicas(); counselors and advisors keep SELECT on the replica column
--   alone, which registering a replica (INSERT … ON CONFLICT DO NOTHING) asks, and its policy
--   shows them their own rows only. Adding changes asks the owner's plp.own_replicas().
-- - plp.sync_heads() tells a scoped login of its own replicas and of those it reads rows of,
--   and each one's head is the last row it reads there. A teacher is not shown some rows of
--   the students it reads (a restricted check-in's notes, and all but the date and flags of one
--   restricted whole): a student's head row on a replica is one of those only when the student
--   has a restricted check-in, and only then is the student's log on that replica looked at,
--   from the end, for the last row the teacher is shown. A pull goes on from there; the rows it
--   passes over it would never have received.

ALTER POLICY read_replicas ON plp.replicas
    USING ((SELECT plp.is_admin()) OR login = session_user);
REVOKE SELECT ON plp.replicas FROM plp_counselor, plp_advisor, plp_teacher;
GRANT SELECT (replica) ON plp.replicas TO plp_counselor, plp_advisor;

CREATE FUNCTION plp.own_replicas() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT r.replica FROM plp.replicas r WHERE r.login = session_user
$$;

CREATE FUNCTION plp.seen_replicas() RETURNS SETOF plp.replicas
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT r.* FROM plp.replicas r WHERE r.login = session_user OR plp.is_admin()
$$;

ALTER POLICY add_own ON plp.changes
    WITH CHECK (
        replica IN (SELECT plp.own_replicas())
        AND ((SELECT plp.is_admin())
             OR student_id IN (SELECT plp.full_students())
             OR plp.may_write(student_id, replica, entity, field, value,
                              (SELECT plp.advisor_names()))));

-- Whether a teacher is shown this row of the log (of a student it reads in part), as
-- plp.seen_changes shows them: a restricted check-in's first record always (redacted), its
-- notes never, and of one restricted whole only its date and flags.
CREATE FUNCTION plp.shown_in_part(p_entity text, p_entity_id text, p_field text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT NOT (p_entity = 'checkin' AND p_field <> '*' AND EXISTS (
        SELECT 1 FROM plp.restricted_checkins r
        WHERE r.checkin = p_entity_id
          AND (p_field = 'notes'
               OR (r.whole AND p_field NOT IN ('retired', 'restricted', 'restricted_whole',
                                               'date')))))
$$;

CREATE OR REPLACE FUNCTION plp.sync_heads()
RETURNS TABLE (replica text, writes boolean, held bigint, readable bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
SET jit = off
AS $$
DECLARE
    admin boolean := plp.is_admin();
    unbound boolean := EXISTS (
        SELECT 1 FROM pg_roles u WHERE u.rolname = session_user
        AND (u.rolsuper OR u.rolbypassrls
             OR pg_has_role(u.oid, (SELECT c.relowner FROM pg_class c
                                    WHERE c.oid = 'plp.changes'::regclass), 'USAGE')));
BEGIN
    IF admin THEN
        RETURN QUERY
        SELECT r.replica, unbound OR r.login = session_user, h.seq, h.seq
        FROM plp.replicas r LEFT JOIN plp.heads h ON h.replica = r.replica;
        RETURN;
    END IF;
    RETURN QUERY
    WITH whole AS (
        SELECT plp.full_students() AS student_id
    ), in_part AS (
        SELECT s FROM plp.open_students() s WHERE s NOT IN (SELECT w.student_id FROM whole w)
    ), restricted AS (
        SELECT DISTINCT rc.student_id FROM plp.restricted_checkins rc
        WHERE rc.student_id IN (SELECT p.s FROM in_part p)
    ), readable AS (
        -- Every row of a student read whole is shown, and so is every row of a student read
        -- in part who has no restricted check-in.
        SELECT sh.replica, max(sh.seq) AS seq
        FROM plp.student_heads sh
        WHERE sh.student_id IN (SELECT w.student_id FROM whole w)
           OR (sh.student_id IN (SELECT p.s FROM in_part p)
               AND sh.student_id NOT IN (SELECT x.student_id FROM restricted x))
        GROUP BY sh.replica
        UNION ALL
        -- A student read in part with a restricted check-in: the head row if it is shown,
        -- else the last row before it that is.
        SELECT sh.replica,
               max(CASE WHEN (SELECT plp.shown_in_part(c.entity, c.entity_id, c.field)
                              FROM plp.changes c
                              WHERE c.replica = sh.replica AND c.seq = sh.seq)
                        THEN sh.seq
                        ELSE (SELECT max(c.seq) FROM plp.changes c
                              WHERE c.student_id = sh.student_id AND c.replica = sh.replica
                                AND plp.shown_in_part(c.entity, c.entity_id, c.field))
                   END)
        FROM plp.student_heads sh
        WHERE sh.student_id IN (SELECT x.student_id FROM restricted x)
        GROUP BY sh.replica
    ), heads AS (
        SELECT v.replica, max(v.seq) AS seq FROM readable v GROUP BY v.replica
    )
    SELECT r.replica, unbound OR r.login = session_user,
           CASE WHEN unbound OR r.login = session_user THEN h.seq END, v.seq
    FROM plp.replicas r
    LEFT JOIN plp.heads h ON h.replica = r.replica
    LEFT JOIN heads v ON v.replica = r.replica
    WHERE unbound OR r.login = session_user OR v.seq IS NOT NULL;
END $$;

REVOKE ALL ON FUNCTION plp.own_replicas(), plp.seen_replicas(),
    plp.shown_in_part(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.own_replicas() TO plp_admin, plp_counselor, plp_advisor;
GRANT EXECUTE ON FUNCTION plp.seen_replicas()
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
GRANT EXECUTE ON FUNCTION plp.shown_in_part(text, text, text) TO plp_admin;
