-- Traffic sources (issue 19, item 4): where listeners come from. referrer_host is the host of the
-- listener's Referer (from a hook that forwards it, an Icecast 2.5 / KH listclients, or an access
-- log) and never the URL: no path, no query string. player_kind is the classifier's kind (web, app,
-- smart-speaker, media-player, directory, unknown). Sessions stored before this have no referrer
-- and kind 'unknown'. Constant defaults: adding the columns rewrites no rows.
ALTER TABLE listener_sessions
    ADD COLUMN referrer_host text CHECK (length(referrer_host) <= 253),
    ADD COLUMN player_kind   text NOT NULL DEFAULT 'unknown' CHECK (length(player_kind) <= 32);

ALTER TABLE open_sessions
    ADD COLUMN referrer_host text CHECK (length(referrer_host) <= 253),
    ADD COLUMN player_kind   text NOT NULL DEFAULT 'unknown' CHECK (length(player_kind) <= 32);
