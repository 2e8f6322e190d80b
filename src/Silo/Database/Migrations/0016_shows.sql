-- Programmes and dayparts (issue 15): each show of a station is one JSON document (name, host,
-- weekly slots in the station's time zone, validFrom/validTo, one-off episodes), written through
-- the station's schedule grain, which refuses overlaps. A station without a row in
-- station_dayparts has Triton's default dayparts.
CREATE TABLE station_shows
(
    station_id text        NOT NULL,
    show_id    text        NOT NULL,
    definition jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, show_id)
);

CREATE TABLE station_dayparts
(
    station_id text        PRIMARY KEY,
    dayparts   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
