-- What `listen` received: every request it answered, with its two verdicts, the
-- answer it sent and what forwarding it came to. Lean, like the delivery log:
--
-- * What one `listen` run's requests share (its URL, where it forwarded) is
--   stored once, in `listens`.
-- * Of a body, the first 64 KiB are kept, with its full size: enough for any
--   echo3D payload a sender would send, and a flood of large bodies cannot
--   grow the store by more than that per request.
-- * Message ids of the tool's own form (`msg_` and 32 hex digits) are kept as
--   their 16 bytes; any other as text.
-- * Events are small integers in the spec's order (Upload 0 … AssetStatusUpdate
--   8), NULL when the body names none of the nine; the signature verdict is
--   0 not checked, 1 valid, 2 no signature matches, 3 timestamp outside the
--   tolerance.
CREATE TABLE listens (
    id         INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    url        TEXT NOT NULL,
    forward_to TEXT
);

CREATE TABLE received (
    id               INTEGER PRIMARY KEY,
    listen_id        INTEGER NOT NULL REFERENCES listens (id),
    received_at      INTEGER NOT NULL,
    method           TEXT NOT NULL,
    path             TEXT NOT NULL,
    -- `name: value` lines, in the order received.
    headers          TEXT NOT NULL,
    message_id,
    event            INTEGER,
    body             BLOB NOT NULL,
    body_size        INTEGER NOT NULL,
    signature        INTEGER NOT NULL,
    -- The secret that matched, or why none did.
    signature_detail TEXT,
    -- One problem per line; NULL when the payload keeps echo3D's rules.
    payload_errors   TEXT,
    -- The status sent; NULL when the connection was held open or dropped
    -- instead (`answer` says which).
    status           INTEGER,
    answer           TEXT,
    -- NULL when the request was not forwarded.
    forward_status   INTEGER,
    forward_error    TEXT,
    forward_ms       INTEGER,
    duration_ms      INTEGER NOT NULL
);

-- Serves listing by time (`--since`) and pruning by age.
CREATE INDEX received_by_time ON received (received_at);

-- The listener's own signing secret, made on first use: `listen --resign`
-- signs with it, and `received replay` by default.
CREATE TABLE listener_secret (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
