-- Webhook definitions. A webhook belongs to one collection (its API key), and
-- its name is unique within that collection.
CREATE TABLE hooks (
    id              TEXT PRIMARY KEY,
    api_key         TEXT NOT NULL,
    name            TEXT NOT NULL,
    url             TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    secret          TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (api_key, name)
);

-- One row per (hook, trigger). The collection key is copied here (a hook's key
-- never changes) so that "the hooks of collection K subscribed to event E" is
-- one range of this table's primary key, whatever the size of the store.
CREATE TABLE hook_triggers (
    api_key TEXT NOT NULL,
    trigger TEXT NOT NULL,
    hook_id TEXT NOT NULL REFERENCES hooks (id) ON DELETE CASCADE,
    PRIMARY KEY (api_key, trigger, hook_id)
) WITHOUT ROWID;

-- Serves the cascade on delete and "the triggers of this hook".
CREATE UNIQUE INDEX hook_triggers_by_hook ON hook_triggers (hook_id, trigger);

-- Serves "every hook subscribed to event E" across collections (`list --event`).
CREATE INDEX hook_triggers_by_trigger ON hook_triggers (trigger, hook_id);
