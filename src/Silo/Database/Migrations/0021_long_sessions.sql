-- The rare sessions longer than seven days (a relay, a player left on), indexed apart: a query for
-- the sessions overlapping a period reads a start range of the period plus seven days and one hour
-- through listener_sessions_by_mount, and the longer ones here (SessionSql.Overlapping), so every
-- overlap query is exact whatever a session's length and bounded by the period, not by the
-- mount's whole history before it. Almost no row qualifies, so writes do not pay for it.
CREATE INDEX IF NOT EXISTS listener_sessions_long ON listener_sessions (server_id, mount, ended_at)
    WHERE duration_seconds > 604800;
