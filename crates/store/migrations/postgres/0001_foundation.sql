-- Foundation: partners, apps, token signing keys, idempotency records, the job queue.
-- Times are Unix epoch milliseconds (BIGINT) on both backends so one set of queries serves both.

CREATE TABLE partners (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE apps (
    id                   TEXT PRIMARY KEY,
    partner_id           TEXT NOT NULL REFERENCES partners (id),
    name                 TEXT NOT NULL,
    environment          TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
    access_key           TEXT NOT NULL UNIQUE,
    -- Sealed with the master key (see crypto.rs); the context names the column and app id.
    secret_key           BYTEA NOT NULL,
    webhook_secret       BYTEA NOT NULL,
    previous_webhook_secret        BYTEA,
    previous_webhook_secret_until  BIGINT,
    -- JSON of ponte_domain::AppSettings.
    settings             TEXT NOT NULL,
    -- Access tokens carry the generation they were issued in; rotating the secret increments
    -- it, which revokes every earlier token without comparing clocks.
    token_generation     BIGINT NOT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX apps_partner ON apps (partner_id);

-- Key/value facts about this deployment (e.g. the default sandbox app of the embedded mode).
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE signing_keys (
    kid          TEXT PRIMARY KEY,
    algorithm    TEXT NOT NULL,
    private_key  BYTEA NOT NULL,
    public_key   BYTEA NOT NULL,
    created_at   BIGINT NOT NULL,
    retired_at   BIGINT
);

CREATE TABLE idempotency_keys (
    scope          TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_hash   TEXT NOT NULL,
    -- NULL while the first request is still being processed.
    response_status BIGINT,
    response_body  BYTEA,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE jobs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'running', 'dead')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    max_attempts  BIGINT NOT NULL,
    run_at        BIGINT NOT NULL,
    lease_owner   TEXT,
    lease_until   BIGINT,
    last_error    TEXT,
    dedupe_key    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
-- Partial: most jobs have no dedupe key, and an index entry per NULL would cost every insert.
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX jobs_runnable ON jobs (run_at) WHERE status = 'pending';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE status = 'running';
CREATE INDEX jobs_dead ON jobs (updated_at) WHERE status = 'dead';
