-- Sync at the speed of the work to do: what the hub holds of each replica is kept in small
-- tables as changes are added (a sync with nothing to do reads those, not the log), and the
-- checks made as changes are added are made once per statement over all its rows, not row by
-- row.

-- The highest sequence number held of each replica, over every row.
CREATE TABLE plp.heads (
    replica text PRIMARY KEY REFERENCES plp.replicas,
    seq     bigint NOT NULL
);

-- The same per student and replica: what a login reads of a replica is decided by student, so
-- its head is the highest of these among the students it reads.
CREATE TABLE plp.student_heads (
    student_id text NOT NULL,
    replica    text NOT NULL REFERENCES plp.replicas,
    seq        bigint NOT NULL,
    PRIMARY KEY (student_id, replica)
);

INSERT INTO plp.heads (replica, seq)
    SELECT replica, max(seq) FROM plp.changes GROUP BY replica;
INSERT INTO plp.student_heads (student_id, replica, seq)
    SELECT student_id, replica, max(seq) FROM plp.changes GROUP BY student_id, replica;

-- Nobody reads them directly: plp.sync_heads() gives each login what it may know.
ALTER TABLE plp.heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE plp.student_heads ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON plp.heads, plp.student_heads FROM PUBLIC;

CREATE FUNCTION plp.note_heads() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
BEGIN
    INSERT INTO plp.heads AS h (replica, seq)
        SELECT n.replica, max(n.seq) FROM new_changes n GROUP BY n.replica ORDER BY n.replica
    ON CONFLICT (replica) DO UPDATE SET seq = greatest(h.seq, excluded.seq);
    INSERT INTO plp.student_heads AS h (student_id, replica, seq)
        SELECT n.student_id, n.replica, max(n.seq) FROM new_changes n
        GROUP BY n.student_id, n.replica ORDER BY n.student_id, n.replica
    ON CONFLICT (student_id, replica) DO UPDATE SET seq = greatest(h.seq, excluded.seq);
    RETURN NULL;
END $$;
CREATE TRIGGER changes_heads AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.note_heads();

------------------------------------------------------------------------------------------------
-- Whose each record is, checked once per statement. A row that names no student (its pusher
-- did not know: an edit that came before its record) still takes the known one as it goes in;
-- it may be named by a row before it in the same statement.

DROP TRIGGER changes_owner ON plp.changes;
DROP FUNCTION plp.note_owner();

CREATE FUNCTION plp.fill_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    known text;
BEGIN
    SELECT o.student_id INTO known FROM plp.owners o WHERE o.entity_id = NEW.entity_id;
    IF NOT FOUND THEN
        SELECT c.student_id INTO known FROM plp.changes c
        WHERE c.entity_id = NEW.entity_id AND c.student_id <> '' LIMIT 1;
    END IF;
    IF known IS NOT NULL THEN
        NEW.student_id := known;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER changes_fill_owner BEFORE INSERT ON plp.changes
    FOR EACH ROW WHEN (NEW.student_id = '') EXECUTE FUNCTION plp.fill_owner();

-- The first row naming a record fixes its student (in order of replica and sequence within a
-- statement); any row naming another student for it refuses the whole statement.
CREATE FUNCTION plp.check_owners() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    bad record;
BEGIN
    INSERT INTO plp.owners (entity_id, entity, student_id)
        SELECT DISTINCT ON (n.entity_id) n.entity_id, n.entity, n.student_id
        FROM new_changes n WHERE n.student_id <> ''
        ORDER BY n.entity_id, n.replica, n.seq
    ON CONFLICT (entity_id) DO NOTHING;
    -- A scalar subquery: one index lookup per row, never a scan of every owner.
    SELECT x.id, x.named, x.known INTO bad
    FROM (SELECT n.id, n.replica, n.seq, n.student_id AS named,
                 (SELECT o.student_id FROM plp.owners o WHERE o.entity_id = n.entity_id) AS known
          FROM new_changes n WHERE n.student_id <> '') x
    WHERE x.named <> x.known
    ORDER BY x.replica, x.seq LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'change % names student % for a record of student %',
            bad.id, bad.named, bad.known
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER changes_check_owners AFTER INSERT ON plp.changes
    REFERENCING NEW TABLE AS new_changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.check_owners();

------------------------------------------------------------------------------------------------
-- What sync asks first: for each replica the hub knows, whether this login may add to it (its
-- own, or any for a login that row-level security does not bind), the highest sequence number
-- held of it (for those, or any for an admin: what a push goes on from), and the highest this
-- login may read of it (what a pull goes on from).
-- The second is read from the student heads: for a teacher it may name a row the teacher is not
-- shown (a restricted check-in's notes), and a pull then finds nothing more and stops there.
CREATE FUNCTION plp.sync_heads()
RETURNS TABLE (replica text, writes boolean, held bigint, readable bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp
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
    WITH readable AS (
        SELECT s.replica, max(s.seq) AS seq
        FROM plp.student_heads s
        WHERE s.student_id IN (SELECT plp.full_students() UNION SELECT plp.open_students())
        GROUP BY s.replica
    )
    SELECT r.replica, unbound OR r.login = session_user,
           CASE WHEN unbound OR r.login = session_user THEN h.seq END, v.seq
    FROM plp.replicas r
    LEFT JOIN plp.heads h ON h.replica = r.replica
    LEFT JOIN readable v ON v.replica = r.replica;
END $$;
REVOKE ALL ON FUNCTION plp.sync_heads() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.sync_heads()
    TO plp_admin, plp_counselor, plp_advisor, plp_teacher;

-- The views' upkeep after each statement looks up the records it names by index (the planner's
-- default page costs chose to read the whole log once per batch).
ALTER FUNCTION plp.refresh_records(boolean) SET random_page_cost = 1.1;

-- Most changes a push brings make a record of their own: created once, named by no other
-- change. Such a record's row is its creation's value, written straight from the statement's
-- rows; the others are recomputed from the log as before (plp.refresh_records).
CREATE OR REPLACE FUNCTION plp.changes_to_records() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = plp, pg_catalog SET client_min_messages = warning AS $$
BEGIN
    DROP TABLE IF EXISTS pg_temp.fresh_ids, pg_temp.fresh_single;
    CREATE TEMP TABLE fresh_single (id text, entity text, student_id text, doc jsonb);
    BEGIN
        -- A scalar subquery, not EXISTS: it stays one index lookup per record.
        INSERT INTO fresh_single
            SELECT n.entity_id, n.entity, n.student_id, n.value::jsonb
            FROM new_changes n
            WHERE n.field = '*' AND left(n.value, 1) = '{'
              AND n.entity IN (SELECT f.entity FROM plp.fields f)
              AND (SELECT count(*) FROM plp.changes c WHERE c.entity_id = n.entity_id) = 1;
    EXCEPTION WHEN invalid_text_representation THEN
        -- Some value is not JSON (put in by hand): the recomputation reads each on its own.
        NULL;
    END;
    DELETE FROM fresh_single WHERE jsonb_typeof(doc) IS DISTINCT FROM 'object';
    INSERT INTO plp.records AS r (id, entity, student_id, doc, hidden)
        SELECT s.id, s.entity, s.student_id,
               CASE WHEN s.entity = 'checkin' THEN s.doc - 'notes' ELSE s.doc END,
               s.entity = 'checkin' AND plp.as_bool(s.doc -> 'restricted_whole')
        FROM fresh_single s
    ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, student_id = excluded.student_id,
        doc = excluded.doc, hidden = excluded.hidden;
    INSERT INTO plp.record_notes AS r (id, student_id, notes, restricted)
        SELECT s.id, s.student_id, plp.as_text(s.doc -> 'notes'),
               plp.as_bool(s.doc -> 'restricted') OR plp.as_bool(s.doc -> 'restricted_whole')
        FROM fresh_single s WHERE s.entity = 'checkin'
    ON CONFLICT (id) DO UPDATE SET student_id = excluded.student_id, notes = excluded.notes,
        restricted = excluded.restricted;
    CREATE TEMP TABLE fresh_ids AS
        SELECT DISTINCT n.entity_id FROM new_changes n
        WHERE NOT EXISTS (SELECT 1 FROM fresh_single s WHERE s.id = n.entity_id);
    DROP TABLE pg_temp.fresh_single;
    IF EXISTS (SELECT 1 FROM fresh_ids) THEN
        PERFORM plp.refresh_records(false);
    ELSE
        DROP TABLE pg_temp.fresh_ids;
    END IF;
    RETURN NULL;
END $$;
