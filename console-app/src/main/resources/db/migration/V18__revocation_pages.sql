-- Schema 18: the backend's revocation list kept as its pulls bring it, in pages of up to 10,000 entries, each page
-- with the chain hash before its first entry (the copy is checked again whenever it is read) and indexed in memory.
-- A row per entry cost about 30 us an entry (a 100,000-entry list: 3 of a pull's 5 s). Entries taken before this
-- schema stay rows of band_revocation (source BACKEND); a band is revoked when either holds it.
CREATE TABLE revocation_page (
    first_seq  BIGINT      NOT NULL PRIMARY KEY,
    last_seq   BIGINT      NOT NULL,
    prev_hash  VARCHAR(64) NOT NULL,
    entries    BLOB        NOT NULL
);

-- Where the pages begin: the list up to this entry (whose chain hash is this) is in band_revocation's rows.
ALTER TABLE sync_state ADD COLUMN revocation_rows_seq BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE sync_state ADD COLUMN revocation_rows_hash VARCHAR(64);
UPDATE sync_state SET revocation_rows_seq = revocation_seq, revocation_rows_hash = revocation_hash;
