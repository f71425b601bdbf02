-- Counting the hub's tables after a push has grown them. PostgreSQL plans each statement from
-- what it last counted of a table; until autovacuum counts a freshly filled log (a minute or
-- more later), it takes one replica's rows for a few hundred and plans the rest of a first push
-- and the pulls after it badly. A push of more than one batch asks for this once, after its first
-- batch. ANALYZE samples a bounded number of rows, so it costs about the same on any size of hub.
CREATE FUNCTION plp.count_rows() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, plp
AS $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'plp' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
    LOOP
        EXECUTE format('ANALYZE %s', t);
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION plp.count_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plp.count_rows() TO plp_admin, plp_counselor, plp_advisor;
