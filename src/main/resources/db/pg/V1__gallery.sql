-- The central gallery: people, their embeddings, and the ordered change log that followers replay.

-- One row: which history this database holds (new after a restore) and how far back its change log
-- still reaches: a follower whose cursor is below low_water must start again from a snapshot.
CREATE TABLE gallery_lineage (
  id         int PRIMARY KEY CHECK (id = 1),
  lineage    text NOT NULL,
  low_water  bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO gallery_lineage(id, lineage) VALUES (1, replace(gen_random_uuid()::text, '-', ''));

CREATE TABLE people (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username     text NOT NULL UNIQUE,
  display_name text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Ids are never reused, so a follower that applies an insert twice, or a delete of an id it never
-- had, cannot confuse one face with another.
CREATE TABLE embeddings (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  model_id   text NOT NULL,
  dim        int NOT NULL,
  vector     bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Deleting people looks their embeddings up by owner; without it a large delete scans the table per person.
CREATE INDEX embeddings_person_id ON embeddings(person_id);

-- Every embedding insert and delete, in commit order. vector: float32 little-endian, null for a
-- delete and blanked on the insert rows of an embedding once it is deleted.
CREATE SEQUENCE gallery_seq;
CREATE TABLE gallery_changes (
  seq          bigint PRIMARY KEY,
  op           text NOT NULL CHECK (op IN ('insert', 'delete')),
  embedding_id bigint NOT NULL,
  username     text NOT NULL,
  display_name text,
  model_id     text NOT NULL,
  vector       bytea,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gallery_changes_embedding_id ON gallery_changes(embedding_id);
CREATE INDEX gallery_changes_deletes ON gallery_changes(username, seq) WHERE op = 'delete';
CREATE INDEX gallery_changes_at ON gallery_changes(at);

-- Each follower's last acknowledged position, reported with its polls.
CREATE TABLE replicas (
  door    text PRIMARY KEY,
  lineage text NOT NULL,
  seq     bigint NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- Statement-level logging: per-row triggers cost a function call, a lock and an insert per row.
-- The transaction advisory lock is held until commit, so a later seq can only commit after every
-- earlier one: commit order is seq order, and a reader past seq S never misses a smaller one.
-- A rolled-back writer leaves a gap in seq, which readers simply pass.
CREATE FUNCTION gallery_log_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, embedding_id, username, display_name, model_id, vector)
  SELECT nextval('gallery_seq'), 'insert', s.id, s.username, s.display_name, s.model_id, s.vector
  FROM (SELECT n.id, p.username, p.display_name, n.model_id, n.vector
        FROM new_rows n JOIN people p ON p.id = n.person_id ORDER BY n.id) s;
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

-- A delete also blanks the template in the log's earlier insert rows: deleted means gone from the log too.
-- The log names who was deleted, so embeddings must be deleted while their person still exists.
CREATE FUNCTION gallery_log_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = o.person_id)) THEN
    RAISE EXCEPTION 'delete embeddings before their person, so the gallery change log can name who was deleted';
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, embedding_id, username, display_name, model_id, vector)
  SELECT nextval('gallery_seq'), 'delete', s.id, s.username, s.display_name, s.model_id, NULL
  FROM (SELECT o.id, p.username, p.display_name, o.model_id
        FROM old_rows o JOIN people p ON p.id = o.person_id ORDER BY o.id) s;
  UPDATE gallery_changes SET vector = NULL
  WHERE op = 'insert' AND vector IS NOT NULL AND embedding_id IN (SELECT id FROM old_rows);
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

-- The log has no update entry: an embedding changes by a delete and an insert.
CREATE FUNCTION gallery_refuse_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'embeddings are immutable: delete and insert instead, so the gallery change log sees it';
END $$;

CREATE TRIGGER gallery_log_inserts AFTER INSERT ON embeddings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_inserts();
CREATE TRIGGER gallery_log_deletes AFTER DELETE ON embeddings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_deletes();
CREATE TRIGGER gallery_refuse_updates BEFORE UPDATE ON embeddings
  FOR EACH STATEMENT EXECUTE FUNCTION gallery_refuse_updates();
