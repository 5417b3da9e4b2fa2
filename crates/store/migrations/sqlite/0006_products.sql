-- What the data pipeline produces and serves: the data fetched per consent with the fetch's
-- progress and the OFB call counters, report requests, reports, and category override rules.
-- Fetched data and reports carry personal financial data: they are sealed (see crypto.rs), the
-- context naming the table, column and row id. Tax ids are plain columns because partners filter
-- by them. The retention job deletes fetched data and reports older than the app's setting.

-- The last fetch of each consent, replaced by the next one.
CREATE TABLE consent_data (
    consent_id     TEXT PRIMARY KEY REFERENCES consents (id),
    app_id         TEXT NOT NULL REFERENCES apps (id),
    fetched_at     BIGINT NOT NULL,
    -- Sealed JSON of the normalised model (ponte_domain::ConsentData).
    data           BLOB NOT NULL,
    -- Sealed JSON: the institution's raw answers, kept for audit and read on its own (it is big).
    raw            BLOB NOT NULL,
    -- Parts of the fetch that failed (the reports then carry code 204).
    missing_parts  BIGINT NOT NULL
);
CREATE INDEX consent_data_app_fetched ON consent_data (app_id, fetched_at);

-- Progress of the current (or last) fetch of each consent, for the Link page and the pipeline.
CREATE TABLE consent_fetches (
    consent_id   TEXT PRIMARY KEY REFERENCES consents (id),
    app_id       TEXT NOT NULL REFERENCES apps (id),
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    -- What the fetch is doing, e.g. "accounts 2/3".
    step         TEXT NOT NULL,
    attempts     BIGINT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    -- Why it failed; never personal data.
    error        TEXT
);

-- Calls per (consent, endpoint, resource, month), to keep within OFB operational limits.
CREATE TABLE ofb_calls (
    consent_id   TEXT NOT NULL REFERENCES consents (id),
    endpoint     TEXT NOT NULL,
    -- '' for endpoints without a resource (e.g. /resources).
    resource_id  TEXT NOT NULL,
    -- 'YYYY-MM'.
    month        TEXT NOT NULL,
    calls        BIGINT NOT NULL,
    PRIMARY KEY (consent_id, endpoint, resource_id, month)
);
CREATE INDEX ofb_calls_month ON ofb_calls (month);

CREATE TABLE report_requests (
    id                TEXT PRIMARY KEY,
    app_id            TEXT NOT NULL REFERENCES apps (id),
    level             TEXT NOT NULL CHECK (level IN ('institution', 'user')),
    audience          TEXT NOT NULL CHECK (audience IN ('personal', 'business')),
    tax_id            TEXT NOT NULL,
    institution_code  TEXT,
    link_id           TEXT REFERENCES links (id),
    -- JSON array of the consent ids in scope, resolved when the request was accepted (in the
    -- order they were resolved); report_request_consents indexes them.
    consent_ids       TEXT NOT NULL,
    -- JSON array of product codes.
    products          TEXT NOT NULL,
    -- Sealed JSON object: productsCallbackURL (product code, 'other' or 'all' to URL).
    callback_map      BLOB,
    -- Sealed JSON echoed in the reports and events.
    external_info     BLOB,
    origin            TEXT NOT NULL CHECK (origin IN ('api', 'automatic')),
    status            TEXT NOT NULL CHECK (status IN ('waiting', 'building', 'done')),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX report_requests_app_created ON report_requests (app_id, created_at, id);

CREATE TABLE report_request_consents (
    request_id  TEXT NOT NULL REFERENCES report_requests (id),
    consent_id  TEXT NOT NULL REFERENCES consents (id),
    PRIMARY KEY (request_id, consent_id)
);
-- A finished fetch wakes the requests waiting for its consent.
CREATE INDEX report_request_consents_consent ON report_request_consents (consent_id);

CREATE TABLE reports (
    -- The productReportId.
    id          TEXT PRIMARY KEY,
    app_id      TEXT NOT NULL REFERENCES apps (id),
    request_id  TEXT NOT NULL REFERENCES report_requests (id),
    product     TEXT NOT NULL,
    tax_id      TEXT NOT NULL,
    code        BIGINT NOT NULL,
    -- Sealed JSON: the whole report, as delivered.
    body        BLOB NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX reports_app_created ON reports (app_id, created_at, id);
CREATE INDEX reports_request ON reports (request_id);
CREATE INDEX reports_expiry ON reports (expires_at);

-- The links whose consents a report covers (the list's linkId filter).
CREATE TABLE report_links (
    report_id  TEXT NOT NULL REFERENCES reports (id),
    link_id    TEXT NOT NULL REFERENCES links (id),
    PRIMARY KEY (report_id, link_id)
);
CREATE INDEX report_links_link ON report_links (link_id);

-- Each app's category override rules (JSON); partner configuration, not personal data.
CREATE TABLE category_rules (
    app_id      TEXT PRIMARY KEY REFERENCES apps (id),
    rules       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
