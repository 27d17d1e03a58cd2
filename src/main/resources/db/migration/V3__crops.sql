-- Opt-in (crop_store_key_file): the aligned enrollment crop of an embedding, AES-256-GCM sealed
-- with the embedding id as associated data, so a model change can be met by re-embedding.
-- Deleting a person cascades through embeddings to their crops.
CREATE TABLE crops (
  embedding_id INTEGER PRIMARY KEY REFERENCES embeddings(id) ON DELETE CASCADE,
  nonce        BLOB NOT NULL,
  ciphertext   BLOB NOT NULL
);
