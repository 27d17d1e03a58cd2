-- Timestamps are ISO-8601 UTC text with milliseconds, e.g. 2025-01-31T09:15:02.123Z.
CREATE TABLE people (
  id           INTEGER PRIMARY KEY,
  username     TEXT NOT NULL UNIQUE,
  display_name TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- AUTOINCREMENT so an embedding id is never reused after a delete: the in-memory index and any
-- log that mentions an id can never confuse a removed face with a newer one.
CREATE TABLE embeddings (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  model_id   TEXT NOT NULL,
  dim        INTEGER NOT NULL,
  vector     BLOB NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX embeddings_person_id ON embeddings(person_id);
