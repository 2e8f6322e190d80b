-- New listeners per quarter hour (slot = unix seconds / 900; every time zone's midnight and hour
-- start falls on a slot boundary), kept in step with listener_first_seen by the statement that
-- updates it: +1 where a listener's first start lands, -1 where it was before when an earlier
-- session moves it. Reports over a year read at most 35,040 slots instead of every listener.
ALTER TABLE listener_first_seen ADD COLUMN previous_start bigint;

CREATE TABLE new_listeners
(
    scope     text    NOT NULL,
    slot      integer NOT NULL,
    listeners integer NOT NULL,
    -- listeners in the key's index: a year of slots is one index-only range scan
    PRIMARY KEY (scope, slot) INCLUDE (listeners)
);

INSERT INTO new_listeners (scope, slot, listeners)
SELECT scope, (first_start / 900)::integer, count(*)
FROM listener_first_seen
GROUP BY 1, 2;
