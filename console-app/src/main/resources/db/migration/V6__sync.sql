-- Schema 6: sync. An outbox event is SENT once the backend has it (stored now or before: the event id is the
-- idempotency key), REJECTED when the backend refuses it for good (its reason kept). sync_state (one row) says
-- when the last push succeeded and why the last one failed, for `sync status` and the window.
ALTER TABLE outbox_event ADD COLUMN sent_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE outbox_event ADD COLUMN rejection VARCHAR(64);

CREATE TABLE sync_state (
    id               INTEGER NOT NULL PRIMARY KEY,
    last_success_at  TIMESTAMP(6) WITH TIME ZONE,
    last_attempt_at  TIMESTAMP(6) WITH TIME ZONE,
    last_error       VARCHAR(64),
    CONSTRAINT ck_sync_state_single CHECK (id = 1)
);
