-- Doors registered by an administrator. A device's id is the subject of its verify token; token_id
-- is that token's jti. allowed_groups: a JSON array of group names, null for everyone; schedule: a
-- JSON array of weekly windows ({"days":"mon-fri","from":"08:00","to":"18:00"}), null for always,
-- read in the IANA time zone timezone. Kept in this database so devices replicate with people.
CREATE TABLE devices (
  id             TEXT PRIMARY KEY,
  allowed_groups TEXT,
  schedule       TEXT,
  timezone       TEXT NOT NULL,
  token_id       TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Token ids (jti) that are refused although their signature and expiry are valid: the tokens of
-- deleted devices. Loaded into memory at boot; checked on every request.
CREATE TABLE revoked_tokens (
  token_id   TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A device's activity (last seen, decision counts) is read from the audit log by subject.
CREATE INDEX audit_subject ON audit(subject, at);
