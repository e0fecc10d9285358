-- Each console's audit chain head, anchored with every push: a store that rolls back or rewrites its own
-- history shows up as a head behind (or beside) the one anchored here.
CREATE TABLE console_audit_anchor (
    console_id   VARCHAR(36)  NOT NULL PRIMARY KEY,
    seq          BIGINT       NOT NULL,
    mac          VARCHAR(128) NOT NULL,
    anchored_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
