-- One row per successful poll of a mount: how many listeners Icecast reported at that instant.
-- Written in batches by the silo's SnapshotWriter (binary COPY), never per poll.
CREATE TABLE listener_snapshots
(
    at        timestamptz NOT NULL,
    server_id text        NOT NULL,
    mount     text        NOT NULL,
    listeners integer     NOT NULL CHECK (listeners >= 0)
);

CREATE INDEX listener_snapshots_by_mount ON listener_snapshots (server_id, mount, at);
CREATE INDEX listener_snapshots_by_time ON listener_snapshots USING brin (at);
