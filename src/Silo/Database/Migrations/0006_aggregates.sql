-- Incremental aggregates. daily_stats holds one row per scope (station:{id} or mount:{server}{mount})
-- and local day: the metrics as JSON and the day's distinct listeners (exact, or a sketch once raw
-- sessions are pruned). Reports read these rows, never the raw sessions.
CREATE TABLE daily_stats
(
    scope      text        NOT NULL,
    day        date        NOT NULL,
    time_zone  text        NOT NULL,
    stats      jsonb       NOT NULL,
    listeners  bytea       NOT NULL,
    sessions   integer     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, day)
);

CREATE INDEX daily_stats_by_update ON daily_stats (updated_at);

-- The first qualifying session of every listener per scope: newListeners of a period are the
-- listeners whose first start lies in it.
CREATE TABLE listener_first_seen
(
    scope       text   NOT NULL,
    listener    bigint NOT NULL,
    first_start bigint NOT NULL,
    PRIMARY KEY (scope, listener)
);

CREATE INDEX listener_first_seen_by_start ON listener_first_seen (scope, first_start);

-- Rebuilding a day from raw sessions reads by station or by mount.
CREATE INDEX listener_sessions_by_station ON listener_sessions (station_id, started_at);
CREATE INDEX listener_sessions_by_mount ON listener_sessions (server_id, mount, started_at);
