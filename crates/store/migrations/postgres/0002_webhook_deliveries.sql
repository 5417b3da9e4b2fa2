-- Webhook outbox: one row per message (event or report) to deliver to an app, written in the same
-- transaction as the change that caused it; its delivery job is enqueued in that transaction too.

CREATE TABLE webhook_deliveries (
    id                TEXT PRIMARY KEY,
    app_id            TEXT NOT NULL REFERENCES apps (id),
    kind              TEXT NOT NULL CHECK (kind IN ('event', 'report')),
    -- The `webhook-id`: the event id or report id, the same on every attempt.
    message_id        TEXT NOT NULL,
    -- The eventName or productName, for filtering the log.
    name              TEXT NOT NULL,
    -- NULL when the app has no URL for it: stored, not sent.
    url               TEXT,
    -- Sealed JSON body (context webhook_deliveries.body:<id>): it carries personal data.
    body              BYTEA NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'stored')),
    attempts          BIGINT NOT NULL DEFAULT 0,
    last_status_code  BIGINT,
    last_error        TEXT,
    next_attempt_at   BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    delivered_at      BIGINT,
    UNIQUE (app_id, message_id)
);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (app_id, created_at, id);

-- Every attempt, for the delivery log (at most 1 KiB of the receiver's answer is kept).
CREATE TABLE webhook_attempts (
    delivery_id       TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt           BIGINT NOT NULL,
    started_at        BIGINT NOT NULL,
    duration_ms       BIGINT NOT NULL,
    status_code       BIGINT,
    error             TEXT,
    response_snippet  TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
