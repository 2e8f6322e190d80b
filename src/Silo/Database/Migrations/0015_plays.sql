-- Plays: one item on one mount (issue 14), from polls of /admin/stats, pushes from an automation
-- system, or an imported playlist.log. A play is keyed by its mount and start, so an import of the
-- same log twice adds nothing and a push that refines a polled play updates the same row.
-- ended_at is null while the play is on air (or, for the last line of an imported log, until a
-- later line or poll ends it). start_precision_seconds: how far the true start may be from
-- started_at (half the gap between the polls around the change; 0 for pushes; null when the play
-- was already on air when observation began).
-- The audience (net and gross) is stored once every session overlapping the play has ended
-- (audience_final), with the listener set (ListenerSet bytes) that a union over a month needs, so
-- it outlives the raw sessions' retention.
CREATE TABLE plays
(
    play_id                 uuid        PRIMARY KEY,
    server_id               text        NOT NULL,
    mount                   text        NOT NULL,
    started_at              timestamptz NOT NULL,
    ended_at                timestamptz,
    start_precision_seconds integer,
    end_precision_seconds   integer,
    artist                  text,
    title                   text        NOT NULL,
    album                   text,
    isrc                    text,
    label                   text,
    duration_seconds        integer,
    track_key               text        NOT NULL,
    source                  text        NOT NULL CHECK (source IN ('poll', 'push', 'import')),
    recorded_at             timestamptz NOT NULL DEFAULT now(),
    audience_final          boolean     NOT NULL DEFAULT false,
    net_audience            jsonb,
    net_listeners           bytea,
    gross_audience          jsonb,
    gross_listeners         bytea,
    CHECK (ended_at IS NULL OR ended_at >= started_at),
    UNIQUE (server_id, mount, started_at)
);

CREATE INDEX plays_by_start ON plays (started_at);
CREATE INDEX plays_open ON plays (server_id, mount) WHERE ended_at IS NULL;
CREATE INDEX plays_to_finalize ON plays (ended_at) WHERE NOT audience_final;
