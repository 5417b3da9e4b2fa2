-- The health of each (app, URL) a delivery goes to: failing since when, and disabled (by a
-- 410 Gone answer or by failing continuously for days) with the reason shown to the partner.
CREATE TABLE webhook_endpoints (
    app_id           TEXT NOT NULL REFERENCES apps (id),
    url              TEXT NOT NULL,
    failing_since    BIGINT,
    disabled_at      BIGINT,
    disabled_reason  TEXT,
    PRIMARY KEY (app_id, url)
);
