-- Gross traffic (every session, bots and sessions under 60 s included) next to the net numbers.
-- daily_stats.stats keeps the net numbers (its periods gain "sessionsEnded"); the gross part has
-- columns of its own, read only by gross reports: its counts (gross), and only what the extra
-- sessions add to the day's listener set and player/OS/device/mount cells (gross = net + extras),
-- so a row grows by little. geo_stats gets the extras' country/city cells. gross_at = updated_at
-- says a gross part was written with the row (a silo of the previous release rewrites the net
-- columns and updated_at only, leaving the gross ones stale). Existing rows keep their net numbers as they are
-- and have no gross part (null): reports rebuild such days from raw sessions where retained and
-- otherwise say gross is unknown for them.
ALTER TABLE daily_stats
    ADD COLUMN gross            jsonb,
    ADD COLUMN gross_listeners  bytea,
    ADD COLUMN gross_breakdowns jsonb,
    ADD COLUMN gross_at         timestamptz;

ALTER TABLE geo_stats
    ADD COLUMN gross_cells jsonb,
    ADD COLUMN gross_at    timestamptz;
