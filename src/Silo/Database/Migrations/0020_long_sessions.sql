-- The rare sessions longer than a day (a relay, a player left on), indexed apart: a query for the
-- sessions overlapping a period reads a start range of the period plus a day and an hour through
-- listener_sessions_by_mount, and the longer ones here (SessionSql.Overlapping), so every overlap
-- query is exact whatever a session's length, and bounded by the period rather than by the mount's
-- whole history before it (a day's rebuild read eight days of sessions with the former 7-day
-- look-back, which also missed longer sessions). Few rows qualify, so writes hardly pay for it.
-- (A development build briefly created it with a 7-day predicate: replaced.)
DROP INDEX IF EXISTS listener_sessions_long;
CREATE INDEX listener_sessions_long ON listener_sessions (server_id, mount, ended_at)
    WHERE duration_seconds > 86400;
