-- Schema 18: the backend's revocation list kept as its pulls bring it, in pages of up to 10,000 entries, each page
-- with the chain hash before its first entry (the copy is checked again whenever it is read) and indexed in memory.
-- A row per entry cost about 30 us an entry (a 100,000-entry list: 3 of a pull's 5 s).
CREATE TABLE revocation_page (
    first_seq  BIGINT      NOT NULL PRIMARY KEY,
    last_seq   BIGINT      NOT NULL,
    prev_hash  VARCHAR(64) NOT NULL,
    entries    BLOB        NOT NULL
);

-- The pages always begin at the list's first entry: the next sync takes the whole list again into them. The rows
-- earlier pulls made stay, so every band they named stays refused meanwhile (a band on both is one entry).
UPDATE sync_state SET revocation_seq = 0, revocation_hash = NULL;
