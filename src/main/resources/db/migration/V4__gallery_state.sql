-- The gallery's change sequence, for the persisted index snapshot (data/index.snapshot). Triggers
-- bump seq by one for every embedding row inserted, deleted or updated, inside the transaction that
-- changes it, whoever writes (enroll, delete, import, synth, reembed, even the sqlite3 shell), so
-- (lineage, seq) names one state of the embeddings. lineage is random per database: a restore gives
-- the restored file a new one, so a snapshot never matches a different history that reached the
-- same count. Each trigger stays on one line (Migrations splits scripts at a semicolon ending a line).
CREATE TABLE gallery_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  lineage TEXT NOT NULL,
  seq     INTEGER NOT NULL
);

INSERT INTO gallery_state(id, lineage, seq) VALUES (1, lower(hex(randomblob(16))), 0);

CREATE TRIGGER gallery_seq_on_insert AFTER INSERT ON embeddings BEGIN UPDATE gallery_state SET seq = seq + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_seq_on_delete AFTER DELETE ON embeddings BEGIN UPDATE gallery_state SET seq = seq + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_seq_on_update AFTER UPDATE OF vector, model_id, person_id ON embeddings BEGIN UPDATE gallery_state SET seq = seq + 1 WHERE id = 1; END;
