-- Scheduled reports (docs/alerts.md "Scheduled reports"): schedules, their runs and the files a
-- run carries. A run's deliveries go through the alert delivery queue (alert_deliveries with run_id).
CREATE TABLE report_schedules
(
    id           text        PRIMARY KEY,
    body         jsonb       NOT NULL,
    active_since timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- One row per run. A scheduled run is unique per (schedule, period start): a period is sent at most
-- once, whatever restarts or silos. A run is 'building' until its report and deliveries are stored
-- (one transaction makes it 'queued'); a silo that dies while building leaves the lease to expire and
-- the run is built again.
CREATE TABLE report_runs
(
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id  text        NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    trigger      text        NOT NULL,
    period       text        NOT NULL,
    period_from  date        NOT NULL,
    period_to    date        NOT NULL,
    status       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    leased_until timestamptz,
    attempts     integer     NOT NULL DEFAULT 0,
    error        text,
    subject      text,
    body         text,
    payload      jsonb
);

CREATE UNIQUE INDEX report_runs_once ON report_runs (schedule_id, period, period_from) WHERE trigger = 'scheduled';
CREATE INDEX report_runs_by_schedule ON report_runs (schedule_id, id DESC);
CREATE INDEX report_runs_building ON report_runs (id) WHERE status = 'building';

CREATE TABLE report_files
(
    run_id       bigint  NOT NULL REFERENCES report_runs (id) ON DELETE CASCADE,
    position     integer NOT NULL,
    name         text    NOT NULL,
    content_type text    NOT NULL,
    content      bytea   NOT NULL,
    truncated    boolean NOT NULL,
    PRIMARY KEY (run_id, position)
);

-- A delivery carries an alert (event_id) or a report run (run_id); rule_id is then the schedule's id.
ALTER TABLE alert_deliveries ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE alert_deliveries ADD COLUMN run_id bigint REFERENCES report_runs (id) ON DELETE CASCADE;
ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_one_subject CHECK ((event_id IS NULL) <> (run_id IS NULL));
CREATE INDEX alert_deliveries_by_run ON alert_deliveries (run_id) WHERE run_id IS NOT NULL;
