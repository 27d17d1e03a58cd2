-- What an operator knows about a person besides their faces: free-form metadata (a JSON object,
-- at most 4 KB), the groups they belong to (a JSON array of names, for door policy) and the
-- instant their access ends (ISO-8601 UTC, null: never). Kept on people so it replicates with them.
ALTER TABLE people ADD COLUMN metadata TEXT;

ALTER TABLE people ADD COLUMN groups_json TEXT NOT NULL DEFAULT '[]';

ALTER TABLE people ADD COLUMN valid_until TEXT;
