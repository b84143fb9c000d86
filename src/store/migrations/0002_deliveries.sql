-- The delivery log. A delivery is one payload sent to one webhook under one
-- `webhook-id`; it has one or more attempts. The hook's name, collection and
-- URL are copied so that history stays readable after the hook is deleted,
-- when hook_id becomes NULL.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  TEXT NOT NULL UNIQUE,
    hook_id     TEXT REFERENCES hooks (id) ON DELETE SET NULL,
    hook_name   TEXT NOT NULL,
    api_key     TEXT NOT NULL,
    url         TEXT NOT NULL,
    event       TEXT NOT NULL,
    payload     BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- pending, succeeded, failed or interrupted
    state       TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error  TEXT,
    duration_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_by_time ON deliveries (created_at);
CREATE INDEX deliveries_by_hook ON deliveries (hook_id, created_at);
CREATE INDEX deliveries_by_state ON deliveries (state, created_at);

CREATE TABLE attempts (
    delivery_id      INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL,
    started_at       INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL,
    url              TEXT NOT NULL,
    -- The request headers as sent, JSON; the signature is there, the secret never.
    request_headers  TEXT NOT NULL,
    status           INTEGER,
    error            TEXT,
    response_excerpt BLOB,
    PRIMARY KEY (delivery_id, number)
) WITHOUT ROWID;
