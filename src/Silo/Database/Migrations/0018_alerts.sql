-- Alert rules, their state, fired alerts and deliveries (docs/alerts.md).
-- alert_rules.body is the rule as the API takes it, webhook secrets included (never answered).
CREATE TABLE alert_rules
(
    id         text        PRIMARY KEY,
    body       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where each (rule, subject) stands in its state machine, so a restart neither re-fires an alert
-- that was already sent nor forgets one that is firing.
CREATE TABLE alert_state
(
    rule_id       text        NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    subject       text        NOT NULL,
    phase         text        NOT NULL,
    since         timestamptz,
    last_fired_at timestamptz,
    PRIMARY KEY (rule_id, subject)
);

-- Every alert that fired, resolved or was sent as a test. Kept after its rule is deleted.
CREATE TABLE alert_events
(
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id  text        NOT NULL,
    kind     text        NOT NULL,
    scope    text        NOT NULL,
    subject  text        NOT NULL,
    server   text,
    mount    text,
    state    text        NOT NULL,
    at       timestamptz NOT NULL,
    since    timestamptz,
    summary  text        NOT NULL,
    value    double precision
);

CREATE INDEX alert_events_by_rule ON alert_events (rule_id, id DESC);

-- One row per alert and target: the body to send (signed when sent), its state and the next try.
-- A worker claims due rows with a lease (leased_until) so two silos never send one at once, and
-- a silo that dies mid-send leaves the row to be retried when the lease runs out.
CREATE TABLE alert_deliveries
(
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
    rule_id         text        NOT NULL,
    channel         text        NOT NULL,
    target          text        NOT NULL,
    secret          text,
    preset          text,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz,
    leased_until    timestamptz,
    delivered_at    timestamptz
);

CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alert_deliveries_by_rule ON alert_deliveries (rule_id, id DESC);

CREATE TABLE alert_attempts
(
    delivery_id bigint           NOT NULL REFERENCES alert_deliveries (id) ON DELETE CASCADE,
    at          timestamptz      NOT NULL,
    status_code integer,
    answer      text,
    error       text,
    seconds     double precision NOT NULL
);

CREATE INDEX alert_attempts_by_delivery ON alert_attempts (delivery_id, at);
