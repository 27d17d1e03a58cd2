-- What replicates besides embeddings: people's profiles, devices (door policy) and revoked tokens.
-- Profile columns are text in the replicas' own encodings (metadata: a JSON object, groups_json: a
-- JSON array of names, valid_until: ISO-8601 UTC), so a replica stores exactly what the central holds.
ALTER TABLE people ADD COLUMN metadata text;
ALTER TABLE people ADD COLUMN groups_json text NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN valid_until text;

-- A device's id is the subject of its verify token, token_id that token's jti; allowed_groups and
-- schedule are JSON arrays (null: everyone, always), read in the IANA time zone timezone.
CREATE TABLE devices (
  id             text PRIMARY KEY,
  allowed_groups text,
  schedule       text,
  timezone       text NOT NULL,
  token_id       text NOT NULL,
  created_at     text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

-- Token ids refused although valid: the tokens of deleted devices. Never removed.
CREATE TABLE revoked_tokens (
  token_id   text PRIMARY KEY,
  device_id  text NOT NULL,
  revoked_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

-- The log's new entries: 'profile' (username, payload: the whole profile), 'device' (device_id,
-- payload: the whole device), 'device_delete' (device_id) and 'revoke' (device_id, payload:
-- token_id and revoked_at). Embedding columns are null for them.
ALTER TABLE gallery_changes DROP CONSTRAINT gallery_changes_op_check;
ALTER TABLE gallery_changes ADD CONSTRAINT gallery_changes_op_check
  CHECK (op IN ('insert', 'delete', 'profile', 'device', 'device_delete', 'revoke'));
ALTER TABLE gallery_changes ALTER COLUMN embedding_id DROP NOT NULL;
ALTER TABLE gallery_changes ALTER COLUMN username DROP NOT NULL;
ALTER TABLE gallery_changes ALTER COLUMN model_id DROP NOT NULL;
ALTER TABLE gallery_changes ADD COLUMN device_id text;
ALTER TABLE gallery_changes ADD COLUMN payload text;
CREATE INDEX gallery_changes_profiles ON gallery_changes(username) WHERE op = 'profile';

-- Same lock as the embedding triggers, so commit order stays seq order across every kind of entry.
-- Only rows whose profile really changed are logged (an enrollment's upsert touches the row too).
CREATE FUNCTION gallery_log_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.display_name, n.metadata, n.groups_json, n.valid_until)
            IS DISTINCT FROM (o.display_name, o.metadata, o.groups_json, o.valid_until)) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, username, payload)
  SELECT nextval('gallery_seq'), 'profile', s.username, s.payload
  FROM (SELECT n.username, json_build_object(
                 'display_name', n.display_name, 'metadata', n.metadata::json,
                 'groups', n.groups_json::json, 'valid_until', n.valid_until)::text AS payload
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.display_name, n.metadata, n.groups_json, n.valid_until)
              IS DISTINCT FROM (o.display_name, o.metadata, o.groups_json, o.valid_until)
        ORDER BY n.id) s;
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

-- A deleted person's profile leaves the log too (its embedding deletes follow the profile entries,
-- so a replica skips a blanked one as it skips a blanked insert).
CREATE FUNCTION gallery_blank_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE gallery_changes SET payload = NULL
  WHERE op = 'profile' AND payload IS NOT NULL AND username IN (SELECT username FROM old_rows);
  RETURN NULL;
END $$;

CREATE FUNCTION gallery_log_devices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, device_id, payload)
  SELECT nextval('gallery_seq'), 'device', s.id, s.payload
  FROM (SELECT n.id, json_build_object(
                 'allowed_groups', n.allowed_groups::json, 'schedule', n.schedule::json,
                 'timezone', n.timezone, 'token_id', n.token_id, 'created_at', n.created_at)::text AS payload
        FROM new_rows n ORDER BY n.id) s;
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

CREATE FUNCTION gallery_log_device_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, device_id)
  SELECT nextval('gallery_seq'), 'device_delete', s.id FROM (SELECT id FROM old_rows ORDER BY id) s;
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

CREATE FUNCTION gallery_log_revocations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(7046690001);
  INSERT INTO gallery_changes(seq, op, device_id, payload)
  SELECT nextval('gallery_seq'), 'revoke', s.device_id, s.payload
  FROM (SELECT n.device_id, json_build_object(
                 'token_id', n.token_id, 'revoked_at', n.revoked_at)::text AS payload
        FROM new_rows n ORDER BY n.token_id) s;
  PERFORM pg_notify('gallery', currval('gallery_seq')::text);
  RETURN NULL;
END $$;

CREATE TRIGGER gallery_log_profiles AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_profiles();
CREATE TRIGGER gallery_blank_profiles AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_blank_profiles();
CREATE TRIGGER gallery_log_device_inserts AFTER INSERT ON devices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_devices();
CREATE TRIGGER gallery_log_device_updates AFTER UPDATE ON devices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_devices();
CREATE TRIGGER gallery_log_device_deletes AFTER DELETE ON devices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_device_deletes();
CREATE TRIGGER gallery_log_revocations AFTER INSERT ON revoked_tokens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gallery_log_revocations();
