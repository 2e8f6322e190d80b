-- The breakdown cells (country, city, player, os, device, mount, each with its listener set) are
-- most of a day row's size, and only the geo and summary reports need them: they move to a column
-- of their own, so daily and hourly reports over a year read the small part only.
ALTER TABLE daily_stats ADD COLUMN breakdowns jsonb NOT NULL DEFAULT '{}';

UPDATE daily_stats
SET breakdowns = stats -> 'breakdowns',
    stats = jsonb_set(stats, '{breakdowns}', '{}')
WHERE stats ? 'breakdowns';
