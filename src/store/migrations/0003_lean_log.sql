-- The delivery log, leaner: what every delivery of a run shares is stored once,
-- and what can be derived is not stored at all.
--
-- * A run's collection, time and user agent live in `runs`; its body, shared by
--   every delivery of a fan-out, in `payloads`.
-- * A delivery keeps the webhook name and URL it was sent under, which later
--   edits do not change; an attempt's URL is NULL while it is its delivery's.
-- * Of an attempt's request headers, only the signature varies: the timestamp is
--   its start in seconds, the message id and user agent are the delivery's and
--   the run's, and the content type never changes.
-- * Message ids of the tool's own form (`msg_` and 32 hex digits) are kept as
--   their 16 bytes; any other as text.
-- * Events and states are small integers: events in the spec's order (Upload 0 …
--   AssetStatusUpdate 8); states pending 0, succeeded 1, failed 2, interrupted 3.
-- * A delivery's row is written once before its first request and, as a rule,
--   never again: its attempts are counted, not kept count of, and a delivery
--   still `pending` whose latest attempt got a 2xx succeeded (that attempt
--   keeps how long the whole delivery took, `run_ms`). Only a delivery that
--   ends otherwise (failed, interrupted) has its row written again, with its
--   state, last status and error, and duration.
-- * The log keeps its links without foreign keys, whose checks cost every row
--   of a fan-out a lookup or two: a delivery's `hook_id` stays as it was sent,
--   and a webhook that is gone is one the hooks table no longer holds; attempts
--   are deleted with their deliveries.
CREATE TABLE runs (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    api_key    TEXT NOT NULL,
    user_agent TEXT NOT NULL
);

CREATE TABLE payloads (
    id   INTEGER PRIMARY KEY,
    body BLOB NOT NULL
);

CREATE TABLE lean_deliveries (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL,
    message_id  NOT NULL,
    hook_id     TEXT,
    hook_name   TEXT NOT NULL,
    url         TEXT NOT NULL,
    event       INTEGER NOT NULL,
    payload_id  INTEGER NOT NULL,
    state       INTEGER NOT NULL,
    last_status INTEGER,
    last_error  TEXT,
    duration_ms INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE lean_attempts (
    delivery_id      INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    started_at       INTEGER NOT NULL,
    duration_ms      INTEGER NOT NULL,
    url              TEXT,
    -- The webhook-signature header as sent; the secret never.
    signature        TEXT,
    status           INTEGER,
    error            TEXT,
    response_excerpt BLOB,
    -- On the 2xx that ended a delivery: the whole delivery's duration.
    run_ms           INTEGER,
    PRIMARY KEY (delivery_id, number)
) WITHOUT ROWID;

-- The rows of one run share its time and collection; its user agent is what
-- its attempts sent.
INSERT INTO runs (created_at, api_key, user_agent)
SELECT d.created_at, d.api_key,
       coalesce(max(CASE WHEN json_valid(a.request_headers)
                         THEN json_extract(a.request_headers, '$."user-agent"') END),
                'echo3d-hooks')
FROM deliveries d LEFT JOIN attempts a ON a.delivery_id = d.id
GROUP BY d.created_at, d.api_key;

INSERT INTO payloads (body) SELECT DISTINCT payload FROM deliveries;
CREATE INDEX migrating_payloads ON payloads (body);
CREATE INDEX migrating_runs ON runs (created_at, api_key);

INSERT INTO lean_deliveries (id, run_id, message_id, hook_id, hook_name, url, event, payload_id,
                             state, last_status, last_error, duration_ms)
SELECT d.id,
       (SELECT r.id FROM runs r WHERE r.created_at = d.created_at AND r.api_key = d.api_key),
       CASE WHEN d.webhook_id GLOB 'msg_[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
            THEN unhex(substr(d.webhook_id, 5)) ELSE d.webhook_id END,
       d.hook_id,
       d.hook_name,
       d.url,
       CASE d.event WHEN 'Upload' THEN 0 WHEN 'Processed' THEN 1 WHEN 'Edit' THEN 2 WHEN 'Delete' THEN 3 WHEN 'CollectionMetadataAdd' THEN 4 WHEN 'CollectionMetadataRemove' THEN 5 WHEN 'AssetMetadataAdd' THEN 6 WHEN 'AssetMetadataRemove' THEN 7 WHEN 'AssetStatusUpdate' THEN 8 END,
       (SELECT p.id FROM payloads p WHERE p.body = d.payload),
       CASE d.state WHEN 'pending' THEN 0 WHEN 'succeeded' THEN 1 WHEN 'failed' THEN 2 ELSE 3 END,
       d.last_status, d.last_error, d.duration_ms
FROM deliveries d;

-- The old row's URL was its latest attempt's: an attempt that went there
-- keeps no URL of its own.
INSERT INTO lean_attempts (delivery_id, number, started_at, duration_ms, url, signature, status,
                           error, response_excerpt)
SELECT a.delivery_id, a.number, a.started_at, a.duration_ms,
       nullif(a.url, d.url),
       CASE WHEN json_valid(a.request_headers)
            THEN json_extract(a.request_headers, '$."webhook-signature"') END,
       a.status, a.error, nullif(a.response_excerpt, x'')
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id;

DROP INDEX migrating_payloads;
DROP INDEX migrating_runs;
DROP TABLE attempts;
DROP TABLE deliveries;
ALTER TABLE lean_deliveries RENAME TO deliveries;
ALTER TABLE lean_attempts RENAME TO attempts;

-- Serves a webhook's history (`deliveries --hook`, and clearing it when the
-- webhook is deleted).
CREATE INDEX deliveries_by_hook ON deliveries (hook_id);
-- Serves `redeliver --failed`, in id order; a delivery that succeeds never
-- enters it.
CREATE INDEX deliveries_unfinished ON deliveries (id) WHERE state IN (2, 3);
