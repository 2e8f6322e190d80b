-- Country and city cells (each with its listener set) move from daily_stats.breakdowns to a table
-- of their own, kept by the geo-stats grains: /stats/geo reads only these rows, and daily, hourly
-- and summary reports no longer carry them with the day's metrics. The existing cells are copied
-- as they are (the same JSON), so a migrated database answers geo and summary requests exactly as
-- before without a rebuild; updated_at is the day row's, so a day is as fresh as it was.
CREATE TABLE geo_stats
(
    scope      text        NOT NULL,
    day        date        NOT NULL,
    cells      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, day)
);

INSERT INTO geo_stats (scope, day, cells, updated_at)
SELECT scope, day,
       jsonb_build_object('country', coalesce(breakdowns -> 'country', '{}'), 'city', coalesce(breakdowns -> 'city', '{}')),
       updated_at
FROM daily_stats
ON CONFLICT (scope, day) DO NOTHING;

-- Removed rather than left unread: they are most of a breakdowns value, and two copies could drift
-- (the Reconciler compares the day's breakdowns with a recomputation that no longer has them).
UPDATE daily_stats
SET breakdowns = breakdowns - 'country' - 'city'
WHERE breakdowns ?| ARRAY['country', 'city'];
