-- Schema 7: the backend's revocation list of stolen bands. Its entries go into band_revocation (source BACKEND);
-- sync_state keeps the cursor: the last entry taken, its chain hash (the next page must continue it), and when the
-- backend signed the head it was checked against (the list's age).
ALTER TABLE sync_state ADD COLUMN revocation_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_state ADD COLUMN revocation_hash VARCHAR(64);
ALTER TABLE sync_state ADD COLUMN revocation_signed_at TIMESTAMP(6) WITH TIME ZONE;
