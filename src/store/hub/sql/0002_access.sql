-- Who may see what, decided by PostgreSQL itself: group roles, each login's scope, and row-level
-- security on the log and everything derived from it.
--
--   plp_admin      everything; manages logins (plp hub user)
--   plp_counselor  the students of their school (every student without one), restricted notes too
--   plp_advisor    the students whose advisor field names them (matched loosely, as plp does)
--   plp_teacher    the students of their scope (a school, or a list of SIS ids), never a
--                  restricted note; writes nothing
--
-- Group roles belong to the whole cluster; what a login may see in this database is decided by
-- its row in plp.logins here. Security definer functions read the scope tables (whose own rows
-- are hidden by RLS) and always ask about session_user.

DO $$
DECLARE g text;
BEGIN
    FOREACH g IN ARRAY ARRAY['plp_admin', 'plp_counselor', 'plp_advisor', 'plp_teacher'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = g) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', g);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                -- Made meanwhile by the init of another hub on the same server.
                NULL;
            END;
        END IF;
    END LOOP;
END $$;

-- The scope of each login (one row per login; its role here, whatever other databases say).
CREATE TABLE plp.logins (
    login   name PRIMARY KEY,
    role    text NOT NULL CHECK (role IN ('admin', 'counselor', 'advisor', 'teacher')),
    advisor text,
    school  text,
    changed timestamptz NOT NULL DEFAULT now()
);

-- A teacher's students by SIS id (a class roster).
CREATE TABLE plp.login_students (
    login  name NOT NULL REFERENCES plp.logins ON DELETE CASCADE,
    sis_id text NOT NULL,
    PRIMARY KEY (login, sis_id)
);

-- Per student what scopes are decided by, kept from the student records' changes: each field
-- by its last writer (clock stamp, then change id). The stamps are "hlc id" text, compared
-- bytewise. A student's school is its record's school field if it has one, else the school
-- named by the replica whose change first brought the student here.
CREATE TABLE plp.students (
    student_id text PRIMARY KEY,
    sis_id     text,
    sis_at     text COLLATE "C",
    advisor    text,
    advisor_at text COLLATE "C",
    school     text,
    school_at  text COLLATE "C" NOT NULL DEFAULT '',
    active     boolean NOT NULL DEFAULT true,
    active_at  text COLLATE "C"
);
CREATE INDEX students_by_advisor ON plp.students (advisor);
CREATE INDEX students_by_sis ON plp.students (sis_id);

-- Check-ins that were ever restricted (whole: ever restricted whole). Never shrinks: once a
-- check-in's notes were restricted they are never sent to a teacher again, even if the
-- restriction is lifted later (so what a teacher may read only ever shrinks, never appears
-- behind their cursor).
CREATE TABLE plp.restricted_checkins (
    checkin    text PRIMARY KEY,
    student_id text NOT NULL,
    whole      boolean NOT NULL DEFAULT false
);

CREATE INDEX IF NOT EXISTS changes_student ON plp.changes (student_id);
CREATE INDEX IF NOT EXISTS changes_by_entity ON plp.changes (entity_id);

-- A student record belongs to itself.
ALTER TABLE plp.changes ADD CONSTRAINT student_is_its_own
    CHECK (entity <> 'student' OR entity_id = student_id);

------------------------------------------------------------------------------------------------
-- Matching an advisor's name as src/domain/advisor.rs does: case, accents, punctuation, word
-- order and titles ("Ms.", "Dr.") do not matter, and either side may say less than the other
-- ("Rivera", "Ms. Rivera", "Rivera, Ana" and "A. Rivera" all match; "Ana Rivera" and "Ben
-- Rivera" do not). One difference: plp on a laptop transliterates every script to Latin
-- letters; here accents are taken off Latin letters and other scripts are compared as written.

CREATE FUNCTION plp.name_words(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
DECLARE
    titles constant text[] := ARRAY['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor',
        'coach', 'sr', 'sra', 'srta', 'mme', 'mlle', 'm', 'herr', 'frau'];
    folded text;
    w text;
    words text[] := '{}';
    kept text[] := '{}';
BEGIN
    IF name IS NULL THEN
        RETURN '{}';
    END IF;
    folded := lower(name);
    IF current_setting('server_encoding') = 'UTF8' THEN
        folded := regexp_replace(normalize(folded, NFD), '[\u0300-\u036f]', '', 'g');
        folded := replace(replace(replace(replace(folded, 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'),
                          'þ', 'th');
        folded := translate(folded, 'øłđðı’‘ʼ', 'olddi''''''');
    END IF;
    FOREACH w IN ARRAY regexp_split_to_array(folded, '[^a-z0-9''\u00aa-\uffff]+') LOOP
        w := replace(btrim(w, ''''), '''', '');
        IF w <> '' THEN
            words := words || w;
            IF NOT w = ANY (titles) THEN
                kept := kept || w;
            END IF;
        END IF;
    END LOOP;
    -- A name that is only a title ("Coach") is kept as it is.
    IF cardinality(kept) = 0 THEN
        RETURN words;
    END IF;
    RETURN kept;
END $$;

-- Whether every word of `few` stands for a different word of `many` (the same word, or one is
-- an initial of the other), exact matches first.
CREATE FUNCTION plp.words_cover(few text[], many text[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
AS $$
DECLARE
    used boolean[];
    w text;
    m text;
    found int;
BEGIN
    used := array_fill(false, ARRAY[cardinality(many)]);
    FOREACH w IN ARRAY few LOOP
        found := NULL;
        FOR i IN 1 .. cardinality(many) LOOP
            IF NOT used[i] AND many[i] = w THEN
                found := i;
                EXIT;
            END IF;
        END LOOP;
        IF found IS NULL THEN
            FOR i IN 1 .. cardinality(many) LOOP
                m := many[i];
                IF NOT used[i] AND (m = w
                        OR (char_length(w) = 1 AND starts_with(m, w))
                        OR (char_length(m) = 1 AND starts_with(w, m))) THEN
                    found := i;
                    EXIT;
                END IF;
            END LOOP;
        END IF;
        IF found IS NULL THEN
            RETURN false;
        END IF;
        used[found] := true;
    END LOOP;
    RETURN true;
END $$;

-- Whether the advisor name a login was given names the advisor written in a student's field.
CREATE FUNCTION plp.advisor_matches(configured text, advisor_field text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, plp
AS $$
DECLARE
    a text[] := plp.name_words(configured);
    b text[] := plp.name_words(advisor_field);
    few text[];
    many text[];
BEGIN
    IF cardinality(a) = 0 OR cardinality(b) = 0 THEN
        RETURN false;
    END IF;
    IF cardinality(a) <= cardinality(b) THEN
        few := a;
        many := b;
    ELSE
        few := b;
        many := a;
    END IF;
    -- The family name must be among the matched words: an initial alone says too little.
    RETURN plp.words_cover(few, many)
        AND EXISTS (SELECT 1 FROM unnest(few) AS x WHERE char_length(x) > 1);
END $$;

-- Schools are the same whatever their case and spacing.
CREATE FUNCTION plp.same_school(a text, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN lower(btrim(regexp_replace(a, '\s+', ' ', 'g')))
     = lower(btrim(regexp_replace(b, '\s+', ' ', 'g')));

------------------------------------------------------------------------------------------------
-- Scopes. Each asks about session_user and reads the tables as their owner.

-- Whether the login is this hub's admin (or owns the database, or is a superuser).
CREATE FUNCTION plp.is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT EXISTS (SELECT 1 FROM plp.logins WHERE login = session_user AND role = 'admin')
        OR EXISTS (SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
                   WHERE d.datname = current_database() AND r.rolname = session_user)
        OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
$$;

-- Whether the login reads every student (an admin; a counselor of every school).
CREATE FUNCTION plp.reads_everything() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT plp.is_admin() OR EXISTS (SELECT 1 FROM plp.logins
        WHERE login = session_user AND role = 'counselor' AND school IS NULL)
$$;

-- The students the login reads whole and writes (advisor, counselor).
CREATE FUNCTION plp.full_students() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT s.student_id
    FROM plp.logins l JOIN plp.students s ON l.role = 'counselor'
        AND (l.school IS NULL OR plp.same_school(s.school, l.school))
    WHERE l.login = session_user
    UNION ALL
    SELECT s.student_id
    FROM plp.logins l JOIN plp.students s ON l.role = 'advisor'
    WHERE l.login = session_user
      AND s.advisor IN (SELECT DISTINCT a.advisor FROM plp.students a
                        WHERE plp.advisor_matches(l.advisor, a.advisor))
$$;

-- The students a teacher reads without restricted material: those of their school, those of
-- their list, or with both the listed students at that school.
CREATE FUNCTION plp.open_students() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT s.student_id
    FROM plp.logins l JOIN plp.students s ON l.role = 'teacher'
    WHERE l.login = session_user
      AND (l.school IS NOT NULL OR EXISTS (SELECT 1 FROM plp.login_students x
                                           WHERE x.login = l.login))
      AND (l.school IS NULL OR plp.same_school(s.school, l.school))
      AND (NOT EXISTS (SELECT 1 FROM plp.login_students x WHERE x.login = l.login)
           OR s.sis_id IN (SELECT x.sis_id FROM plp.login_students x WHERE x.login = l.login))
$$;

-- Whether the login reads some students only in part (a teacher).
CREATE FUNCTION plp.reads_in_part() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT EXISTS (SELECT 1 FROM plp.logins WHERE login = session_user AND role = 'teacher')
$$;

-- Check-ins whose notes a teacher never reads, and those a teacher reads only the existence of.
CREATE FUNCTION plp.restricted_ids(whole_only boolean) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT checkin FROM plp.restricted_checkins WHERE whole OR NOT whole_only
$$;

-- Whether the login may add a change about this student (as the hub stood before this
-- statement's changes were taken in; a student new to the hub as its first record says).
-- Volatile, so that a new student's later records in the same statement are seen.
CREATE FUNCTION plp.may_write(student text, p_replica text, p_entity text, p_field text,
                              p_value text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    l plp.logins;
    adv text;
    sch text;
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
            adv := (p_value::jsonb) ->> 'advisor';
            sch := coalesce((p_value::jsonb) ->> 'school',
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
        RETURN coalesce(plp.advisor_matches(l.advisor, adv), false);
    END IF;
    RETURN l.school IS NULL OR coalesce(plp.same_school(sch, l.school), false);
END $$;

------------------------------------------------------------------------------------------------
-- Upkeep of plp.students and plp.restricted_checkins from the changes taken in. After-row
-- triggers fire when the statement ends, so a change is judged by the hub as it stood before.

CREATE FUNCTION plp.note_student() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    v jsonb;
    stamp text := NEW.hlc || ' ' || NEW.id;
BEGIN
    BEGIN
        IF NEW.field = '*' THEN
            v := NEW.value::jsonb;
        ELSE
            v := jsonb_build_object(NEW.field, NEW.value::jsonb);
        END IF;
    EXCEPTION WHEN others THEN
        -- Not JSON: the replicas refuse it when they take it in; it says nothing here.
        RETURN NULL;
    END;
    IF jsonb_typeof(v) <> 'object' THEN
        RETURN NULL;
    END IF;
    INSERT INTO plp.students (student_id, school)
    VALUES (NEW.entity_id, (SELECT r.school FROM plp.replicas r WHERE r.replica = NEW.replica))
    ON CONFLICT (student_id) DO NOTHING;
    UPDATE plp.students s SET
        sis_id = CASE WHEN v ? 'sis_id' AND (s.sis_at IS NULL OR stamp > s.sis_at)
                      THEN v ->> 'sis_id' ELSE s.sis_id END,
        sis_at = CASE WHEN v ? 'sis_id' AND (s.sis_at IS NULL OR stamp > s.sis_at)
                      THEN stamp ELSE s.sis_at END,
        advisor = CASE WHEN v ? 'advisor' AND (s.advisor_at IS NULL OR stamp > s.advisor_at)
                       THEN v ->> 'advisor' ELSE s.advisor END,
        advisor_at = CASE WHEN v ? 'advisor' AND (s.advisor_at IS NULL OR stamp > s.advisor_at)
                          THEN stamp ELSE s.advisor_at END,
        school = CASE WHEN v ? 'school' AND stamp > s.school_at
                      THEN v ->> 'school' ELSE s.school END,
        school_at = CASE WHEN v ? 'school' AND stamp > s.school_at
                         THEN stamp ELSE s.school_at END,
        active = CASE WHEN v ? 'status' AND (s.active_at IS NULL OR stamp > s.active_at)
                      THEN (v ->> 'status') IS DISTINCT FROM 'inactive' ELSE s.active END,
        active_at = CASE WHEN v ? 'status' AND (s.active_at IS NULL OR stamp > s.active_at)
                         THEN stamp ELSE s.active_at END
    WHERE s.student_id = NEW.entity_id;
    RETURN NULL;
END $$;

CREATE TRIGGER changes_note_student AFTER INSERT ON plp.changes
FOR EACH ROW WHEN (NEW.entity = 'student')
EXECUTE FUNCTION plp.note_student();

CREATE FUNCTION plp.note_restriction() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    v jsonb;
    notes boolean := false;
    whole boolean := false;
BEGIN
    BEGIN
        v := NEW.value::jsonb;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    IF NEW.field = '*' THEN
        notes := coalesce(v -> 'restricted' = 'true'::jsonb, false);
        whole := coalesce(v -> 'restricted_whole' = 'true'::jsonb, false);
    ELSIF NEW.field = 'restricted' THEN
        notes := v = 'true'::jsonb;
    ELSE
        whole := v = 'true'::jsonb;
    END IF;
    IF notes OR whole THEN
        INSERT INTO plp.restricted_checkins AS r (checkin, student_id, whole)
        VALUES (NEW.entity_id, NEW.student_id, whole)
        ON CONFLICT (checkin) DO UPDATE SET whole = r.whole OR excluded.whole;
    END IF;
    RETURN NULL;
END $$;

-- The WHEN clause only spares the trigger rows that cannot restrict anything: a new check-in
-- whose text says no "restricted...": true.
CREATE TRIGGER changes_note_restriction AFTER INSERT ON plp.changes
FOR EACH ROW WHEN (NEW.entity = 'checkin' AND (NEW.field IN ('restricted', 'restricted_whole')
    OR (NEW.field = '*' AND NEW.value ~ '"restricted(_whole)?"\s*:\s*true')))
EXECUTE FUNCTION plp.note_restriction();

------------------------------------------------------------------------------------------------
-- What a teacher reads of a restricted check-in's first record: for restricted notes, all of it
-- but the notes; for a check-in restricted whole, only that it was held (its student, plan,
-- date, that it is restricted, and whether it is retired).
CREATE FUNCTION plp.redact(value text, whole boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog
RETURN CASE WHEN whole THEN
    jsonb_strip_nulls(jsonb_build_object(
        'id', value::jsonb -> 'id',
        'student_id', value::jsonb -> 'student_id',
        'plan_id', value::jsonb -> 'plan_id',
        'date', value::jsonb -> 'date',
        'retired', value::jsonb -> 'retired'))
        || '{"restricted": true, "restricted_whole": true}'::jsonb
ELSE
    (value::jsonb - 'notes') || '{"restricted": true}'::jsonb
END::text;

-- The first records of restricted check-ins, redacted, for a teacher (owner's rights: a
-- teacher's own rights never reach the unredacted row).
CREATE VIEW plp.redacted_checkins WITH (security_barrier = true) AS
SELECT c.replica, c.seq, c.id, c.hlc, c.author, c.entity, c.entity_id, c.field,
       plp.redact(c.value, r.whole) AS value, c.base, c.student_id
FROM plp.changes c JOIN plp.restricted_checkins r ON r.checkin = c.entity_id
WHERE (SELECT plp.reads_in_part())
  AND c.entity = 'checkin' AND c.field = '*'
  AND c.student_id IN (SELECT plp.open_students())
  AND c.student_id NOT IN (SELECT plp.full_students());

-- What a login reads of the log: what RLS lets it see of plp.changes, and a teacher's redacted
-- first records of restricted check-ins. Sync pulls from here.
CREATE VIEW plp.readable_changes WITH (security_invoker = true) AS
SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id
FROM plp.changes
UNION ALL
SELECT replica, seq, id, hlc, author, entity, entity_id, field, value, base, student_id
FROM plp.redacted_checkins;

-- For push: the login (and, for the login's own replicas or an admin, the highest sequence
-- number held over every row, seen or not) of each named replica the hub knows.
CREATE FUNCTION plp.replica_heads(wanted text[])
RETURNS TABLE (replica text, login name, seq bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
    SELECT r.replica, r.login,
           CASE WHEN r.login = session_user OR plp.is_admin()
                THEN (SELECT max(c.seq) FROM plp.changes c WHERE c.replica = r.replica) END
    FROM plp.replicas r
    WHERE r.replica = ANY (wanted)
$$;

------------------------------------------------------------------------------------------------
-- Row-level security.

ALTER TABLE plp.changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.replicas ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.owners ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.students ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.restricted_checkins ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.logins ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.login_students ENABLE ROW LEVEL SECURITY;

-- The log: read whole (admin, advisor, counselor in scope) ...
CREATE POLICY read_whole ON plp.changes FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students()));

-- ... or without restricted material (teacher): never a restricted check-in's notes or first
-- record (its redacted form comes through plp.redacted_checkins), and of a check-in restricted
-- whole only whether it is retired, restricted, and its date.
CREATE POLICY read_open ON plp.changes FOR SELECT
    TO plp_teacher
    USING (student_id IN (SELECT plp.open_students())
        AND NOT (entity = 'checkin' AND (
               (field IN ('*', 'notes') AND entity_id IN (SELECT plp.restricted_ids(false)))
            OR (field NOT IN ('retired', 'restricted', 'restricted_whole', 'date')
                AND entity_id IN (SELECT plp.restricted_ids(true))))));

-- Adding changes: only under the login's own replicas, only for students it may write.
CREATE POLICY add_own ON plp.changes FOR INSERT
    TO plp_admin, plp_counselor, plp_advisor
    WITH CHECK (
        replica IN (SELECT r.replica FROM plp.replicas r WHERE r.login = session_user)
        AND ((SELECT plp.is_admin()) OR plp.may_write(student_id, replica, entity, field, value)));

-- Which replicas exist and whose they are is no student's data: every login reads it (sync
-- needs it to know which replicas to ask about and which it may add to).
CREATE POLICY read_replicas ON plp.replicas FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher
    USING (true);
CREATE POLICY add_replicas ON plp.replicas FOR INSERT
    TO plp_admin, plp_counselor, plp_advisor
    WITH CHECK (login = session_user);

CREATE POLICY read_owners ON plp.owners FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));

CREATE POLICY read_students ON plp.students FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students())
        OR student_id IN (SELECT plp.open_students()));

CREATE POLICY read_restricted ON plp.restricted_checkins FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor
    USING ((SELECT plp.is_admin()) OR student_id IN (SELECT plp.full_students()));

CREATE POLICY own_login ON plp.logins FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher
    USING (login = session_user OR (SELECT plp.is_admin()));
CREATE POLICY manage_logins ON plp.logins FOR ALL
    TO plp_admin
    USING ((SELECT plp.is_admin())) WITH CHECK ((SELECT plp.is_admin()));

CREATE POLICY own_students ON plp.login_students FOR SELECT
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher
    USING (login = session_user OR (SELECT plp.is_admin()));
CREATE POLICY manage_students ON plp.login_students FOR ALL
    TO plp_admin
    USING ((SELECT plp.is_admin())) WITH CHECK ((SELECT plp.is_admin()));

------------------------------------------------------------------------------------------------
-- Grants. The log is append-only for everyone: no UPDATE or DELETE on it.

REVOKE ALL ON ALL TABLES IN SCHEMA plp FROM PUBLIC;
GRANT USAGE ON SCHEMA plp TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
GRANT SELECT ON plp.meta, plp.changes, plp.replicas, plp.owners, plp.students,
    plp.readable_changes, plp.redacted_checkins, plp.logins, plp.login_students
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;
GRANT INSERT ON plp.changes, plp.replicas TO plp_admin, plp_counselor, plp_advisor;
GRANT SELECT ON plp.restricted_checkins TO plp_admin, plp_counselor, plp_advisor;
GRANT INSERT, UPDATE, DELETE ON plp.logins, plp.login_students TO plp_admin;
