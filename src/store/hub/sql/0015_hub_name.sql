-- Each hub names itself once, at random. A replica that holds only part of a hub (synced by a
-- login that reads some students) keeps that name, and syncs with no other hub: its log has
-- gaps where rows it may not read lie, and its restricted check-ins are redacted, so pushed into
-- another hub it would leave that hub's history cut short for every replica that meets it there.
INSERT INTO plp.meta (key, value) VALUES ('hub_id', gen_random_uuid()::text)
ON CONFLICT (key) DO NOTHING;
