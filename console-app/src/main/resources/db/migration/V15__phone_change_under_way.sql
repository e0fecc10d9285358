-- Schema 15: a phone change under way. Written before the first issuer-signed step (unlink, link) goes to the band,
-- removed once the change is recorded; one left over means the console stopped in the middle (a crash, kill -9, the
-- link lost for good). Settled at the next start, or by `band reconcile`, by asking the band which phone it obeys and
-- recording that in the name of the member who began the change. The new phone is named by its key's fingerprint.
CREATE TABLE phone_change_under_way (
    binding_id  UUID NOT NULL PRIMARY KEY,
    band_serial VARCHAR(32) NOT NULL,
    staff_id    UUID,
    staff       VARCHAR(64) NOT NULL,
    new_phone   VARCHAR(64),
    reason      VARCHAR(32) NOT NULL,
    sealed_note VARBINARY(4096),
    started_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
