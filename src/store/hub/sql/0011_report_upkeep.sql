-- The report tables kept as a batch comes in at the cost of what the batch touches, not of what
-- the hub holds.
--
-- - A student's year tallies read that student's plans and those plans' goals by index. The
--   query they replace read every plan and hashed every goal of the hub, twice per pushed
--   batch (once as its plans' rows went in, once as its goals' did): a push into a hub of
--   50,000 students paid for all of them at each batch.
-- - A check-in's verdicts are read into their two lists by two array subqueries in the
--   elements' order, instead of one aggregate sorting each list (same lists, same order).

CREATE OR REPLACE FUNCTION plp.year_tallies(students text[]) RETURNS SETOF plp.report_years
LANGUAGE sql STABLE AS $$
    -- OFFSET 0 keeps each lookup a lookup by index (the planner would otherwise join the whole
    -- tables by hashing).
    WITH p AS MATERIALIZED (
        SELECT x.id, x.student_id, x.school_year
        FROM (SELECT DISTINCT s.student_id FROM unnest(students) AS s(student_id)) s
        CROSS JOIN LATERAL (SELECT r.id, r.student_id, r.school_year FROM plp.report_plans r
                            WHERE r.student_id = s.student_id OFFSET 0) x
    ), g AS MATERIALIZED (
        SELECT p.student_id, p.school_year, x.domain, x.status
        FROM p
        CROSS JOIN LATERAL (SELECT r.domain, r.status FROM plp.report_goals r
                            WHERE r.plan_id = p.id OFFSET 0) x
    )
    SELECT y.student_id, y.school_year, coalesce(d.domains, '{}'), coalesce(s.statuses, '{}'),
           coalesce(s.counts, '{}'), coalesce(s.active, 0)
    FROM (SELECT DISTINCT student_id, school_year FROM p) y
    LEFT JOIN (SELECT student_id, school_year, array_agg(DISTINCT domain ORDER BY domain) AS domains
               FROM g GROUP BY 1, 2) d USING (student_id, school_year)
    LEFT JOIN (SELECT student_id, school_year, array_agg(status ORDER BY status) AS statuses,
                      array_agg(n ORDER BY status) AS counts,
                      (sum(n) FILTER (WHERE status = 'active'))::int AS active
               FROM (SELECT student_id, school_year, status, count(*)::int AS n
                     FROM g GROUP BY 1, 2, 3) x
               GROUP BY 1, 2) s USING (student_id, school_year) $$;

CREATE OR REPLACE FUNCTION plp.report_checkin(r plp.records) RETURNS SETOF plp.report_checkins
LANGUAGE sql STABLE AS $$
    SELECT r.id, r.student_id, d.date, plp.day_of(d.date),
           plp.as_opt_text(r.doc -> 'next_date'), plp.as_text(r.doc -> 'kind'),
           ARRAY(SELECT e.v ->> 'strategy'
                 FROM jsonb_array_elements(d.verdicts) WITH ORDINALITY AS e(v, ord)
                 WHERE jsonb_typeof(e.v -> 'strategy') = 'string'
                   AND jsonb_typeof(e.v -> 'verdict') = 'string'
                 ORDER BY e.ord),
           ARRAY(SELECT e.v ->> 'verdict'
                 FROM jsonb_array_elements(d.verdicts) WITH ORDINALITY AS e(v, ord)
                 WHERE jsonb_typeof(e.v -> 'strategy') = 'string'
                   AND jsonb_typeof(e.v -> 'verdict') = 'string'
                 ORDER BY e.ord),
           r.hidden, plp.as_json(r.doc -> 'attended'), plp.as_json(r.doc -> 'progress')
    FROM (SELECT plp.as_opt_text(r.doc -> 'date') AS date,
                 -- A list as stored (the usual case) is taken as it is.
                 CASE WHEN jsonb_typeof(r.doc -> 'verdicts') = 'array' THEN r.doc -> 'verdicts'
                      WHEN jsonb_typeof(plp.as_json(r.doc -> 'verdicts')) = 'array'
                      THEN plp.as_json(r.doc -> 'verdicts')
                      ELSE '[]'::jsonb END AS verdicts
          OFFSET 0) d
    WHERE r.entity = 'checkin' AND NOT plp.as_bool(r.doc -> 'retired') $$;
