-- A replica another file brought to the hub (a school's server carrying the changes of the
-- laptops that sync with it, a laptop carrying its server's) is registered as carried, under
-- the login that brought it. The file whose own replica it is claims it at its first sync:
-- it is then registered under that file's login, which adds its changes under it from then
-- on, as if it had come first. Before, the carrier's login kept it, and the file's own
-- changes could not be sent until the hub's administrator gave it back by hand.
--
-- - Only a carried replica can be claimed, once: a replica a file registered as its own, or
--   one claimed already, stays whose it is. A file whose own login carried it claims it too,
--   so that it is not left carried.
-- - The claim proves that the file holds every change the hub holds of the replica: it gives
--   the SHA-256 of their ids (random UUIDs), in order, joined by commas, which only a file or a
--   login that has every one of them can know. A login that reads only some of them cannot
--   claim it; one that reads them all (an admin, a counselor of every school) reads everything
--   the replica did already.
-- - Only a login that adds changes claims (a counselor, an advisor, an admin); what it then
--   adds is bound by the same policies as every change (its students only).
-- - A replica registered before this schema is not known to be carried, and stays as it was.

ALTER TABLE plp.replicas ADD COLUMN carried boolean NOT NULL DEFAULT false;

-- Whether `p_replica` is carried (so its own file may claim it), and up to which sequence number
-- the hub holds it: what the claim's proof covers. No row for a replica that is not carried.
CREATE FUNCTION plp.claimable(p_replica text) RETURNS TABLE (held bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    SELECT coalesce((SELECT max(c.seq) FROM plp.changes c WHERE c.replica = r.replica), 0)
    FROM plp.replicas r WHERE r.replica = p_replica AND r.carried
$$;

CREATE FUNCTION plp.claim_replica(p_replica text, p_upto bigint, p_proof text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
DECLARE
    held bigint;
    proof text;
    n bigint;
BEGIN
    IF NOT (plp.is_admin() OR EXISTS (
            SELECT 1 FROM plp.logins l
            WHERE l.login = session_user AND l.role IN ('counselor', 'advisor'))) THEN
        RETURN false;
    END IF;
    -- The row is locked, so that two claims of one replica are taken one after the other.
    PERFORM 1 FROM plp.replicas WHERE replica = p_replica AND carried FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    SELECT coalesce(max(seq), 0), encode(sha256(convert_to(coalesce(string_agg(id, ',' ORDER BY seq), ''),
                                               'UTF8')), 'hex')
    INTO held, proof
    FROM plp.changes WHERE replica = p_replica;
    IF held IS DISTINCT FROM p_upto OR proof IS DISTINCT FROM p_proof THEN
        RETURN false;
    END IF;
    UPDATE plp.replicas SET login = session_user, carried = false
    WHERE replica = p_replica AND carried;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n > 0;
END $$;
REVOKE ALL ON FUNCTION plp.claimable(text), plp.claim_replica(text, bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.claimable(text), plp.claim_replica(text, bigint, text)
    TO plp_admin, plp_counselor, plp_advisor;
-- A push registers carried replicas with its file's school where the login may register one
-- there; an admin login asks that too.
GRANT EXECUTE ON FUNCTION plp.may_register(text) TO plp_admin;
