-- Royalty reporting (issue 16). The catalogue: track metadata Icecast does not carry (album, label,
-- ISRC, whether the item is music at all, whether the recording is licensed directly), matched to
-- plays by ISRC, then by the normalised artist and title (match_key, see docs/royalties.md). A PUT
-- replaces the whole catalogue; position keeps the order of the rows as given (the first of
-- several rows with one match key wins).
CREATE TABLE catalog
(
    position         integer PRIMARY KEY,
    artist           text,
    title            text    NOT NULL,
    album            text,
    label            text,
    isrc             text,
    duration_seconds integer,
    music            boolean NOT NULL DEFAULT true,
    direct_license   boolean NOT NULL DEFAULT false,
    match_key        text    NOT NULL
);

CREATE INDEX catalog_by_isrc ON catalog (isrc) WHERE isrc IS NOT NULL;
CREATE INDEX catalog_by_key ON catalog (match_key);

-- Per station: the name of service and transmission category of its SoundExchange reports, and
-- the patterns of items that are not music (jingles, talk, ads) whatever the catalogue says.
CREATE TABLE station_royalties
(
    station_id            text   PRIMARY KEY,
    service_name          text,
    transmission_category text,
    non_music_patterns    text[] NOT NULL DEFAULT '{}',
    updated_at            timestamptz NOT NULL DEFAULT now()
);
