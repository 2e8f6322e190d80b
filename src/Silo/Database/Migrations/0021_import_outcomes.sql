-- The last finished import of each kind per server (issue 17: collection-failing also watches
-- imports that reject more than X % of their lines). One row per (server, kind), replaced by each
-- import; the alert evaluator reads them, so an outcome survives a restart and counts whichever
-- node ran the import.
CREATE TABLE import_outcomes
(
    server_id      text        NOT NULL,
    kind           text        NOT NULL,
    lines_read     bigint      NOT NULL CHECK (lines_read >= 0),
    rejected_lines bigint      NOT NULL CHECK (rejected_lines >= 0),
    finished_at    timestamptz NOT NULL,
    PRIMARY KEY (server_id, kind)
);
