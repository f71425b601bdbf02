-- The change log, as in each replica's SQLite file: one row per change, unique per replica and
-- sequence number. Rows are only ever added.

CREATE TABLE plp.replicas (
    replica    text PRIMARY KEY,
    login      name NOT NULL DEFAULT session_user,   -- the login that first pushed it
    school     text,                                 -- the school it named, if any
    first_seen timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plp.changes (
    replica    text NOT NULL REFERENCES plp.replicas,
    seq        bigint NOT NULL CHECK (seq > 0),
    id         text NOT NULL UNIQUE,
    hlc        text NOT NULL,
    author     text NOT NULL,
    entity     text NOT NULL,
    entity_id  text NOT NULL,
    field      text NOT NULL,
    value      text NOT NULL,        -- JSON, exactly as the replica's log writes it
    base       text NOT NULL,        -- JSON array of change ids
    student_id text NOT NULL,        -- the student the record belongs to
    PRIMARY KEY (replica, seq)
);
CREATE INDEX changes_student ON plp.changes (student_id);

-- Whose each record is: fixed by the first change that names it.
CREATE TABLE plp.owners (
    entity_id  text PRIMARY KEY,
    entity     text NOT NULL,
    student_id text NOT NULL
);

-- A change names the student its record belongs to; the first change to name a record fixes
-- it, and a later one naming another student is refused. A change whose pusher did not know
-- (an edit that arrived before its record) takes the known one.
CREATE FUNCTION plp.note_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = plp, pg_temp AS $$
DECLARE
    known text;
BEGIN
    SELECT student_id INTO known FROM plp.owners WHERE entity_id = NEW.entity_id;
    IF FOUND THEN
        IF NEW.student_id = '' THEN
            NEW.student_id := known;
        ELSIF NEW.student_id <> known THEN
            RAISE EXCEPTION 'change % names student % for a record of student %',
                NEW.id, NEW.student_id, known
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF NEW.student_id <> '' THEN
        INSERT INTO plp.owners (entity_id, entity, student_id)
        VALUES (NEW.entity_id, NEW.entity, NEW.student_id)
        ON CONFLICT (entity_id) DO NOTHING;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER changes_owner BEFORE INSERT ON plp.changes
    FOR EACH ROW EXECUTE FUNCTION plp.note_owner();

-- Append-only, whoever asks (the table's owner included).
CREATE FUNCTION plp.append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the change log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON plp.changes
    FOR EACH ROW EXECUTE FUNCTION plp.append_only();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON plp.changes
    FOR EACH STATEMENT EXECUTE FUNCTION plp.append_only();
REVOKE ALL ON plp.changes, plp.replicas, plp.owners FROM PUBLIC;
