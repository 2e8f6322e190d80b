-- A version per mount and UTC day of plays, raised by triggers on every insert, update or delete of
-- plays (one upsert per changed day and statement, in key order). An INSERT … ON CONFLICT DO UPDATE
-- fires the insert trigger and then the update trigger, each in key order but not together, so two
-- such statements over the same days may deadlock: PlayStore runs a write aborted so again. The track reports' cache of decoded plays (StoredPlayCache)
-- compares these few rows with what it holds instead of counting and summing the row versions of
-- every play in the range (10,000 heap rows for a month of a busy station): a request reads one row
-- per mount and day, and reloads only the days whose version moved.
CREATE TABLE play_day_versions
(
    server_id text   NOT NULL,
    mount     text   NOT NULL,
    day       date   NOT NULL,
    version   bigint NOT NULL,
    PRIMARY KEY (server_id, mount, day)
);

-- Inserted or deleted rows: the statement's transition table is changed_plays.
CREATE FUNCTION plays_raise_day_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO play_day_versions AS v (server_id, mount, day, version)
    SELECT DISTINCT server_id, mount, (started_at AT TIME ZONE 'UTC')::date, 1::bigint FROM changed_plays
    ORDER BY 1, 2, 3
    ON CONFLICT (server_id, mount, day) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

-- Updated rows: their days before (changed_plays) and after (updated_plays) the update.
CREATE FUNCTION plays_raise_day_versions_of_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO play_day_versions AS v (server_id, mount, day, version)
    SELECT server_id, mount, day, 1::bigint FROM (
        SELECT server_id, mount, (started_at AT TIME ZONE 'UTC')::date AS day FROM changed_plays
        UNION
        SELECT server_id, mount, (started_at AT TIME ZONE 'UTC')::date FROM updated_plays) days
    ORDER BY 1, 2, 3
    ON CONFLICT (server_id, mount, day) DO UPDATE SET version = v.version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER plays_insert_day_versions AFTER INSERT ON plays
    REFERENCING NEW TABLE AS changed_plays FOR EACH STATEMENT EXECUTE FUNCTION plays_raise_day_versions();
CREATE TRIGGER plays_delete_day_versions AFTER DELETE ON plays
    REFERENCING OLD TABLE AS changed_plays FOR EACH STATEMENT EXECUTE FUNCTION plays_raise_day_versions();
CREATE TRIGGER plays_update_day_versions AFTER UPDATE ON plays
    REFERENCING OLD TABLE AS changed_plays NEW TABLE AS updated_plays FOR EACH STATEMENT EXECUTE FUNCTION plays_raise_day_versions_of_update();

-- The plays already stored (a database of an earlier release): each of their days at version 1.
INSERT INTO play_day_versions (server_id, mount, day, version)
SELECT DISTINCT server_id, mount, (started_at AT TIME ZONE 'UTC')::date, 1 FROM plays;
