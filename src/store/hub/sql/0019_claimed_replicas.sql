-- A replica another file brought to the hub (a school's server carrying the changes of the
-- laptops that sync with it, a laptop carrying its server's) is registered as carried, under
-- the login that brought it. The file whose own replica it is claims it at its first sync:
-- it is then registered under that file's login, which adds its changes under it from then
-- on, as if it had come first. Before, the carrier's login kept it, and the file's own
-- changes could not be sent until the hub's administrator gave it back by hand.
--
-- - Only a carried replica can be claimed, once: a replica a file registered as its own, or
--   one claimed already, stays whose it is.
-- - Only a login that adds changes claims (a counselor, an advisor, an admin); what it then
--   adds is bound by the same policies as every change (its students only).
-- - A replica registered before this schema is not known to be carried, and stays as it was.

ALTER TABLE plp.replicas ADD COLUMN carried boolean NOT NULL DEFAULT false;

CREATE FUNCTION plp.claim_replica(p_replica text) RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, plp, pg_temp
AS $$
    WITH claimed AS (
        UPDATE plp.replicas SET login = session_user, carried = false
        WHERE replica = p_replica AND carried AND login <> session_user
          AND (plp.is_admin() OR EXISTS (
                SELECT 1 FROM plp.logins l
                WHERE l.login = session_user AND l.role IN ('counselor', 'advisor')))
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM claimed)
$$;
REVOKE ALL ON FUNCTION plp.claim_replica(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.claim_replica(text) TO plp_admin, plp_counselor, plp_advisor;
