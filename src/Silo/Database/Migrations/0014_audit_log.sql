-- The audit log of admin changes (docs/access-control.md): who (a user name or an API key's name),
-- when, what, and the object before and after the change, never a secret (no password, hash,
-- Icecast password, key secret or hook token). Rows older than Audit:Days are deleted daily.
CREATE TABLE audit_log
(
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      text        NOT NULL,
    actor_kind text        NOT NULL,
    action     text        NOT NULL,
    target     text        NOT NULL,
    before     jsonb,
    after      jsonb
);

CREATE INDEX audit_log_at ON audit_log (at);
