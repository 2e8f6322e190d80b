-- Scopes beyond station and mount (the whole network, each server, groups of stations) and the
-- rebuild of a scope's history after a regrouping. A row is one scope whose days first_day ..
-- last_day (in the scope's zone) are being rebuilt, oldest first; next_day is the first day not
-- yet rebuilt, so a restarted silo resumes there (a day is rebuilt by replacing its row, never by
-- adding to it). first_seen_done: the scope's first-seen listeners have been rebuilt from its
-- mounts' (the first step).
CREATE TABLE scope_rebuilds
(
    scope           text        NOT NULL PRIMARY KEY,
    first_day       date        NOT NULL,
    last_day        date        NOT NULL,
    next_day        date        NOT NULL,
    first_seen_done boolean     NOT NULL DEFAULT false,
    requested_at    timestamptz NOT NULL DEFAULT now()
);

-- A database written before these scopes has no rows for the network or its servers: build their
-- history from what the mounts have (a day either side covers zones other than the mounts').
INSERT INTO scope_rebuilds (scope, first_day, last_day, next_day)
SELECT 'network:all', min(day) - 1, max(day) + 1, min(day) - 1
FROM daily_stats WHERE scope LIKE 'mount:%'
HAVING count(*) > 0;

INSERT INTO scope_rebuilds (scope, first_day, last_day, next_day)
SELECT 'server:' || split_part(substr(scope, 7), '/', 1), min(day) - 1, max(day) + 1, min(day) - 1
FROM daily_stats WHERE scope LIKE 'mount:%'
GROUP BY 1;
