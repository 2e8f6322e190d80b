-- The audience of ended show episodes (issue 15), stored once so /stats/shows reads these rows
-- instead of every raw session of the range. One row per scope, exact windows of the episode (a
-- hash of them: an episode, or its part inside a daypart) and traffic. "version" is what the rows
-- were computed from: the scope's members and its day rows (count, xmin, last write) up to the day
-- after the episode; a row whose version differs from the current one is recomputed from the raw
-- sessions. The listener sets are sorted 64-bit listener hashes (8 bytes each, little-endian);
-- edge_sessions are the sessions reaching beyond the episode (listener, start, end: 24 bytes each).
CREATE TABLE show_episode_audience
(
    scope          text        NOT NULL,
    windows        bytea       NOT NULL,
    net            boolean     NOT NULL,
    version        text        NOT NULL,
    episode_end    timestamptz NOT NULL,
    part           jsonb       NOT NULL,
    listeners      bytea       NOT NULL,
    new_listeners  bytea       NOT NULL,
    edge_sessions  bytea       NOT NULL,
    stored_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, windows, net)
);
