-- Finished listener sessions: one row per connection, written in batches by the silos'
-- SessionWriter (and by the access-log import), idempotent on session_id. No IP, ever: the
-- listener is the keyed hash listener_key; location is city level.
CREATE TABLE listener_sessions
(
    session_id            uuid        PRIMARY KEY,
    server_id             text        NOT NULL,
    mount                 text        NOT NULL,
    station_id            text,
    started_at            timestamptz NOT NULL,
    ended_at              timestamptz NOT NULL,
    duration_seconds      integer     NOT NULL CHECK (duration_seconds >= 0),
    end_precision_seconds integer     NOT NULL DEFAULT 0 CHECK (end_precision_seconds >= 0),
    listener_key          text        NOT NULL,
    country_code          text,
    region                text,
    city                  text,
    latitude              double precision,
    longitude             double precision,
    player                text        NOT NULL,
    os                    text        NOT NULL,
    device                text        NOT NULL,
    is_bot                boolean     NOT NULL,
    bytes_sent            bigint,
    source                text        NOT NULL CHECK (source IN ('poll', 'hook', 'import')),
    recorded_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_at >= started_at)
);

CREATE INDEX listener_sessions_by_start ON listener_sessions (started_at);
CREATE INDEX listener_sessions_by_end ON listener_sessions USING brin (ended_at);

-- Sessions still open, so a mount grain that comes back after a silo restart continues them
-- (same session id, same start) or closes the ones that ended while nobody watched.
CREATE TABLE open_sessions
(
    session_id   uuid        PRIMARY KEY,
    server_id    text        NOT NULL,
    mount        text        NOT NULL,
    server_start timestamptz NOT NULL,
    client_id    bigint      NOT NULL,
    started_at   timestamptz NOT NULL,
    listener_key text        NOT NULL,
    country_code text,
    country_name text,
    region       text,
    city         text,
    latitude     double precision,
    longitude    double precision,
    player       text        NOT NULL,
    os           text        NOT NULL,
    device       text        NOT NULL,
    is_bot       boolean     NOT NULL,
    source       text        NOT NULL,
    opened_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX open_sessions_by_mount ON open_sessions (server_id, mount);
