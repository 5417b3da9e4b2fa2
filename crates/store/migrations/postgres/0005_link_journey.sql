-- The Link journey: links, consents with their timeline, the tokens a bank issued for each
-- consent, and single-use journey grants (OAuth state, API-only redirect handles).
-- Tax ids are plain columns because partners filter by them; every other personal detail
-- (e-mail, phone, externalInfo, redirect URLs) lives in the sealed `document`.

CREATE TABLE links (
    id                TEXT PRIMARY KEY,
    app_id            TEXT NOT NULL REFERENCES apps (id),
    status            TEXT NOT NULL,
    personal_tax_id   TEXT,
    business_tax_id   TEXT,
    -- Sealed JSON: the link's request (contact details, URLs, externalInfo, language, validity).
    document          BYTEA NOT NULL,
    expires_at        BIGINT NOT NULL,
    last_activity_at  BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX links_app ON links (app_id, created_at);
CREATE INDEX links_pending ON links (expires_at) WHERE status = 'PENDING';

CREATE TABLE consents (
    id                 TEXT PRIMARY KEY,
    app_id             TEXT NOT NULL REFERENCES apps (id),
    link_id            TEXT NOT NULL REFERENCES links (id),
    external_track_id  TEXT NOT NULL,
    institution_code   TEXT NOT NULL,
    status             TEXT NOT NULL,
    status_reason      TEXT,
    personal_tax_id    TEXT,
    business_tax_id    TEXT,
    -- Sealed JSON: permissions asked and granted, the bank's consent id, validity, metadata.
    document           BYTEA NOT NULL,
    expire_at          BIGINT,
    last_activity_at   BIGINT NOT NULL,
    -- When the bank's view of an AUTHORISED consent was last read (the daily revocation poll).
    checked_at         BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    UNIQUE (app_id, external_track_id)
);
CREATE INDEX consents_app_created ON consents (app_id, created_at, id);
CREATE INDEX consents_link ON consents (link_id);
CREATE INDEX consents_status_activity ON consents (status, last_activity_at);

CREATE TABLE consent_transitions (
    consent_id   TEXT NOT NULL REFERENCES consents (id),
    seq          BIGINT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT,
    cause        TEXT NOT NULL,
    at           BIGINT NOT NULL,
    PRIMARY KEY (consent_id, seq)
);

CREATE TABLE consent_tokens (
    consent_id  TEXT PRIMARY KEY REFERENCES consents (id),
    -- Sealed JSON: access token, refresh token, expiry, scope.
    sealed      BYTEA NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE journey_grants (
    handle      TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    consent_id  TEXT NOT NULL REFERENCES consents (id),
    -- Sealed JSON (e.g. nonce and PKCE verifier of an authorisation request).
    sealed      BYTEA NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX journey_grants_expiry ON journey_grants (expires_at);
