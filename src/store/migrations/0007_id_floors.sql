-- The highest id a log has given out, kept by a prune that deletes it.
-- SQLite gives a new row the largest id in its table plus one, so after a
-- prune that removed the newest rows it would hand out their ids again, and
-- `deliveries show 1` would name another delivery than an earlier report or
-- ticket did. A new row takes an id past this floor instead.
CREATE TABLE id_floors (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) WITHOUT ROWID;
