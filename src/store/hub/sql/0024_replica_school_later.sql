-- A replica is registered with its file's school at its first sync (plp.may_register decides
-- whether the login may name it). A laptop first synced before its file named a school stayed
-- registered with none, so a student it brought later belonged to no school, and a login kept
-- to one school (an advisor's, a counselor's) could not send the students it added: their
-- changes were kept in the file for good, and the student left the caseload. A replica with no
-- school now takes the one its file names at a later sync, once, through this function of the
-- owner's, which only the login the replica belongs to may ask, for a school plp.may_register
-- lets it name.

CREATE FUNCTION plp.name_replica_school(p_replica text, p_school text) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    WITH named AS (
        UPDATE plp.replicas SET school = p_school
        WHERE replica = p_replica AND login = session_user AND school IS NULL
          AND nullif(btrim(p_school), '') IS NOT NULL AND plp.may_register(p_school)
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM named)
$$;
REVOKE ALL ON FUNCTION plp.name_replica_school(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.name_replica_school(text, text)
    TO plp_admin, plp_counselor, plp_advisor;
