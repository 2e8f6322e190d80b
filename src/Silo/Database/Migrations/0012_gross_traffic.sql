-- Gross traffic (every session, bots and sessions under 60 s included) next to the net numbers.
-- daily_stats.stats gains a "gross" object (the gross counts) and its hours a "sessionsEnded";
-- what the extra sessions add to the day's listener set and player/OS/device/mount cells is kept
-- apart (gross = net + extras), so a row grows by little. geo_stats gets the extra country/city
-- cells; gross_at = updated_at says they were written with the row (a silo of the previous
-- release rewrites cells and updated_at only). Existing rows keep their net numbers as they are
-- and have no gross part (null): reports rebuild such days from raw sessions where retained and
-- otherwise say gross is unknown for them.
ALTER TABLE daily_stats
    ADD COLUMN gross_listeners  bytea,
    ADD COLUMN gross_breakdowns jsonb;

ALTER TABLE geo_stats
    ADD COLUMN gross_cells jsonb,
    ADD COLUMN gross_at    timestamptz;
