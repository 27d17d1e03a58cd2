-- Who did what, from where, with what outcome. Never image bytes or embeddings.
-- at: ISO-8601 UTC with exactly three fraction digits, so text order is time order.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  subject    TEXT,
  client_ip  TEXT,
  method     TEXT NOT NULL,
  route      TEXT NOT NULL,
  status     INTEGER NOT NULL,
  username   TEXT,
  decision   TEXT NOT NULL,
  score      REAL,
  request_id TEXT
);

CREATE INDEX audit_at ON audit(at);
