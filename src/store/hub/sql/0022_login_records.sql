-- The refusal of a role that owns a database on the server, or tables or other objects in any
-- of its databases (sql/0021_plain_logins.sql), is said in one place, plp.refuse_owning_role(),
-- which plp.set_login() and plp.remove_login() both ask: the sentences cannot drift apart.
--
-- A login taken away stays listed (plp.removed_logins: its last role and scope, and when), and
-- what plp did about each login's password is kept (plp.login_passwords), so that plp hub users
-- tells an IT admin every login the hub has had and whether each has a password: from the
-- server's catalog where the hub's owner may read it (a superuser), else as plp set it. Both
-- are read only through plp.listed_logins(), which only the admins may call.
--
-- An advisor login may be kept to its name word for word (plp hub user … --advisor NAME
-- --exact, plp.logins.advisor_exact): it reads only the students whose advisor field has the
-- same words as NAME (case, accents, punctuation, word order and titles aside), never one that
-- says less ("Lindqvist", "E. Lindqvist") or more. So two advisors at one school who share a
-- family name ("Lindqvist, Erik", "Lindqvist, Anna") each get a login that reads their own
-- students and not the ones a field names only as "Ms. Lindqvist", which loose matching gives
-- to both.

ALTER TABLE plp.logins ADD COLUMN advisor_exact boolean NOT NULL DEFAULT false;

-- Whether two advisor names have the same words (as plp.name_words() folds them), neither
-- saying less than the other, and no initial standing for a name.
CREATE FUNCTION plp.advisor_is(configured text, advisor_field text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, plp, pg_temp
RETURN cardinality(plp.name_words(configured)) > 0
   AND ARRAY(SELECT w FROM unnest(plp.name_words(configured)) w ORDER BY w)
     = ARRAY(SELECT w FROM unnest(plp.name_words(advisor_field)) w ORDER BY w);

-- Whether an advisor login's name names the advisor field: word for word when the login is
-- kept to its name, else loosely (plp.advisor_matches()).
CREATE FUNCTION plp.login_names_advisor(p_advisor text, p_exact boolean, advisor_field text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, plp, pg_temp
RETURN CASE WHEN p_exact THEN plp.advisor_is(p_advisor, advisor_field)
            ELSE plp.advisor_matches(p_advisor, advisor_field) END;

-- plp.advisor_names() (sql/0007_scoped_push.sql), with the login's way of matching.
CREATE OR REPLACE FUNCTION plp.advisor_names() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
SET jit = off
AS $$
    WITH names AS MATERIALIZED (
        SELECT DISTINCT a.advisor FROM plp.students a WHERE a.advisor IS NOT NULL
    )
    SELECT coalesce(array_agg(n.advisor), '{}')
    FROM plp.logins l, names n
    WHERE l.login = session_user AND l.role = 'advisor'
      AND plp.login_names_advisor(l.advisor, l.advisor_exact, n.advisor)
$$;

-- plp.may_write() (sql/0012_advisor_school.sql), with the login's way of matching.
CREATE OR REPLACE FUNCTION plp.may_write(student text, p_replica text, p_entity text,
                                         p_field text, p_value text, matched text[])
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
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
        RETURN adv = ANY (matched)
            OR coalesce(plp.login_names_advisor(l.advisor, l.advisor_exact, adv), false);
    END IF;
    RETURN true;
END $$;

-- Logins whose access plp.remove_login() took away: their last role and scope, and when. A login
-- given access again leaves it. One removed before this schema is known only by the replicas
-- it brought, without its role or the day (NULL).
CREATE TABLE plp.removed_logins (
    login   name PRIMARY KEY,
    role    text CHECK (role IN ('admin', 'counselor', 'advisor', 'teacher')),
    advisor text,
    school  text,
    removed timestamptz
);
REVOKE ALL ON plp.removed_logins FROM PUBLIC;
INSERT INTO plp.removed_logins (login)
SELECT DISTINCT r.login FROM plp.replicas r
WHERE NOT EXISTS (SELECT 1 FROM plp.logins l WHERE l.login = r.login)
  AND NOT EXISTS (
      SELECT 1 FROM pg_roles u WHERE u.rolname = r.login
      AND (u.rolsuper
           OR u.oid = (SELECT d.datdba FROM pg_database d WHERE d.datname = current_database())
           OR pg_has_role(u.oid, (SELECT c.relowner FROM pg_class c
                                 WHERE c.oid = 'plp.changes'::regclass), 'MEMBER')));

-- What plp did about a login's password: true when plp.set_login() set one, false when it made
-- the role without one. A role taken in without a password given has no row: plp does not know.
CREATE TABLE plp.login_passwords (
    login    name PRIMARY KEY,
    password boolean NOT NULL,
    changed  timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON plp.login_passwords FROM PUBLIC;

-- Refuses, in one sentence, the role p_login when it owns a database on the server or anything
-- in one (pg_shdepend): setting its password would hand over what it owns, and taking its LOGIN
-- away would lock it out of its own database. The hub's owner (p_owner) is left to the caller,
-- which refuses it as a role with rights beyond a login's. A role not on the server passes.
CREATE FUNCTION plp.refuse_owning_role(p_login text, p_owner boolean) RETURNS void
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
END $$;
REVOKE ALL ON FUNCTION plp.refuse_owning_role(text, boolean) FROM PUBLIC;

-- plp.set_login() and plp.remove_login() as in sql/0021_plain_logins.sql, each asking
-- plp.refuse_owning_role() where it wrote the refusal out. plp.set_login() also keeps what it
-- did about the password (plp.login_passwords), takes a login given access again out of
-- plp.removed_logins, and writes whether an advisor login is kept to its name word for word;
-- plp.remove_login() keeps the login's last role and scope in plp.removed_logins.

-- plp.set_login() takes whether an advisor login is kept to its name word for word.
DROP FUNCTION plp.set_login(text, text, text, text, text[], text);
CREATE FUNCTION plp.set_login(p_login text, p_role text, p_advisor text, p_school text,
                              p_students text[], p_verifier text, p_exact boolean DEFAULT false)
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
    v_taken boolean := false;
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
    IF coalesce(p_exact, false) AND p_role <> 'advisor' THEN
        RAISE EXCEPTION 'only an advisor login is kept to its name word for word; nothing was changed';
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
        PERFORM plp.refuse_owning_role(p_login, r.owner);
        IF r.more OR r.elsewhere OR r.owner THEN
            RAISE EXCEPTION 'role % has rights on the server beyond a hub login''s, which plp leaves to the server''s administrator; nothing was changed',
                p_login;
        END IF;
        v_taken := NOT r.ours;
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
    IF p_verifier IS NOT NULL OR v_created THEN
        INSERT INTO plp.login_passwords AS x (login, password) VALUES (p_login, p_verifier IS NOT NULL)
        ON CONFLICT (login) DO UPDATE SET password = excluded.password, changed = now();
    ELSIF v_taken THEN
        DELETE FROM plp.login_passwords WHERE login = p_login;
    END IF;
    DELETE FROM plp.removed_logins WHERE login = p_login;
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
    INSERT INTO plp.logins AS l (login, role, advisor, school, advisor_exact)
        VALUES (p_login, p_role, v_advisor, v_school, coalesce(p_exact, false))
    ON CONFLICT (login) DO UPDATE SET role = excluded.role, advisor = excluded.advisor,
        school = excluded.school, advisor_exact = excluded.advisor_exact, changed = now()
    WHERE (l.role, l.advisor, l.school, l.advisor_exact) IS DISTINCT FROM
          (excluded.role, excluded.advisor, excluded.school, excluded.advisor_exact);
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
    RETURN CASE WHEN v_created THEN 'created' WHEN v_taken THEN 'taken in'
                WHEN v_changed THEN 'changed' ELSE 'unchanged' END;
END $$;
REVOKE ALL ON FUNCTION plp.set_login(text, text, text, text, text[], text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.set_login(text, text, text, text, text[], text, boolean) TO plp_admin;

CREATE OR REPLACE FUNCTION plp.remove_login(p_login text)
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
    PERFORM plp.refuse_owning_role(p_login, r.owner);
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
    INSERT INTO plp.removed_logins AS x (login, role, advisor, school, removed)
        SELECT l.login, l.role, l.advisor, l.school, now() FROM plp.logins l
        WHERE l.login = p_login
    ON CONFLICT (login) DO UPDATE SET role = excluded.role, advisor = excluded.advisor,
        school = excluded.school, removed = excluded.removed;
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

-- Every login the hub has had, for plp hub users: those with access by name, then those taken
-- away. Whether each has a password is the server's word where the hub's owner may read
-- pg_authid (a superuser), else what plp did ('set', 'none'), else 'unknown'.
CREATE FUNCTION plp.listed_logins()
RETURNS TABLE (login text, role text, advisor text, advisor_exact boolean, school text,
               listed_students bigint,
               can_log_in boolean, password text, replicas bigint, removed boolean,
               removed_on date)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    known text[];
    with_password text[];
BEGIN
    IF NOT plp.is_admin() THEN
        RAISE EXCEPTION 'only the hub''s admins and the database''s owner manage logins'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Only a superuser reads whether a role has a password; by name, so that the query is
    -- planned only where it may run.
    IF has_table_privilege('pg_catalog.pg_authid', 'SELECT') THEN
        EXECUTE 'SELECT coalesce(array_agg(a.rolname::text), ''{}''),
                        coalesce(array_agg(a.rolname::text)
                                 FILTER (WHERE a.rolpassword IS NOT NULL), ''{}'')
                 FROM pg_catalog.pg_authid a'
            INTO known, with_password;
    END IF;
    RETURN QUERY
    WITH everyone AS (
        SELECT l.login, l.role, l.advisor, l.advisor_exact, l.school, false AS removed,
               NULL::timestamptz AS at
        FROM plp.logins l
        UNION ALL
        SELECT x.login, x.role, x.advisor, false, x.school, true, x.removed
        FROM plp.removed_logins x
        WHERE NOT EXISTS (SELECT 1 FROM plp.logins l WHERE l.login = x.login)
    )
    SELECT e.login::text, e.role, e.advisor, e.advisor_exact, e.school,
           (SELECT count(*) FROM plp.login_students s WHERE s.login = e.login),
           coalesce(u.rolcanlogin, false),
           CASE WHEN known IS NOT NULL THEN
                    CASE WHEN e.login::text = ANY (with_password) THEN 'set' ELSE 'none' END
                WHEN u.oid IS NULL THEN 'none'
                WHEN p.password THEN 'set'
                WHEN NOT p.password THEN 'none'
                ELSE 'unknown' END,
           (SELECT count(*) FROM plp.replicas r WHERE r.login = e.login),
           e.removed, e.at::date
    FROM everyone e
    LEFT JOIN pg_roles u ON u.rolname = e.login
    LEFT JOIN plp.login_passwords p ON p.login = e.login
    ORDER BY e.removed, e.login;
END $$;
REVOKE ALL ON FUNCTION plp.listed_logins() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.listed_logins() TO plp_admin;
