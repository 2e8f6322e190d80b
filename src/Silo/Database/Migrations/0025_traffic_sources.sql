-- Traffic sources (issue 19, item 4): where listeners come from. referrer_host is the host of the
-- listener's Referer (from a hook that forwards it, an Icecast 2.5 / KH listclients, or an access
-- log) and never the URL: no path, no query string. player_kind is the classifier's kind (web, app,
-- smart-speaker, media-player, directory, unknown). Sessions stored before this have no referrer
-- and kind 'unknown'. Constant defaults: adding the columns rewrites no rows;
-- the length checks are NOT VALID (every new row is checked, the old ones are all null or 'unknown'),
-- so the upgrade does not scan the sessions under the table's exclusive lock.
ALTER TABLE listener_sessions
    ADD COLUMN referrer_host text,
    ADD COLUMN player_kind   text NOT NULL DEFAULT 'unknown';
ALTER TABLE listener_sessions
    ADD CONSTRAINT listener_sessions_referrer_host_length CHECK (length(referrer_host) <= 253) NOT VALID,
    ADD CONSTRAINT listener_sessions_player_kind_length CHECK (length(player_kind) <= 32) NOT VALID;

ALTER TABLE open_sessions
    ADD COLUMN referrer_host text,
    ADD COLUMN player_kind   text NOT NULL DEFAULT 'unknown';
ALTER TABLE open_sessions
    ADD CONSTRAINT open_sessions_referrer_host_length CHECK (length(referrer_host) <= 253) NOT VALID,
    ADD CONSTRAINT open_sessions_player_kind_length CHECK (length(player_kind) <= 32) NOT VALID;
