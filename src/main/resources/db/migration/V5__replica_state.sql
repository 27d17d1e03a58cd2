-- On a follower (a door): the central gallery history it replicates and the last change-log seq it
-- applied, written in the same transaction as the rows of each applied batch. No row on a standalone box.
CREATE TABLE replica_state (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  lineage TEXT NOT NULL,
  seq     INTEGER NOT NULL
);
