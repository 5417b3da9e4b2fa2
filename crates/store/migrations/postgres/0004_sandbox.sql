-- State of the sandbox institutions (the built-in test banks). Kept in the same database as the
-- rest of Ponte so that a restart (or another replica) sees the same consents and grants.

-- OFB consents created at a sandbox bank. `document` is the consent as the bank stores it (JSON:
-- permissions, logged user, business entity, expiry, rejection, the accounts the user chose);
-- `status` is duplicated out of it so that transitions can be compare-and-set.
CREATE TABLE sandbox_consents (
    id          TEXT PRIMARY KEY,
    bank        TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    status      TEXT NOT NULL,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Short-lived, single-use handles of the authorisation server: pushed authorisation requests
-- (`request_uri`, 60 s) and authorisation codes. `used_at` makes a second use (a replayed code)
-- detectable rather than merely absent.
CREATE TABLE sandbox_grants (
    handle      TEXT PRIMARY KEY,
    bank        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX sandbox_grants_expiry ON sandbox_grants (expires_at);

-- Operational-limit counters: calls per (bank, client, endpoint, resource, consent, month).
CREATE TABLE sandbox_usage (
    bank        TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    endpoint    TEXT NOT NULL,
    resource    TEXT NOT NULL,
    consent_id  TEXT NOT NULL,
    month       TEXT NOT NULL,
    calls       BIGINT NOT NULL,
    PRIMARY KEY (bank, client_id, endpoint, resource, consent_id, month)
);
