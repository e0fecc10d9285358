-- The revocation list: every binding deactivated as STOLEN or FRAUD, numbered and hash-chained, so that a console
-- holding the list up to an entry can check the rest against the head the issuer signs. One head row, locked by
-- whoever appends, keeps the numbers without gaps across backend instances.

CREATE TABLE revocation (
    seq          BIGINT        NOT NULL PRIMARY KEY,
    binding_id   VARCHAR(36)   NOT NULL UNIQUE,
    band_serial  VARCHAR(32)   NOT NULL,
    reason       VARCHAR(32)   NOT NULL,
    revoked_at   VARCHAR(40)   NOT NULL,
    console_id   VARCHAR(36)   NOT NULL,
    entry_hash   VARCHAR(64)   NOT NULL
);

CREATE TABLE revocation_head (
    id    INTEGER      NOT NULL PRIMARY KEY,
    seq   BIGINT       NOT NULL,
    hash  VARCHAR(64)  NOT NULL
);

INSERT INTO revocation_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
