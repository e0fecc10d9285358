-- Schema 12: a reset under way. Written before the issuer-signed RESET goes to the band, removed with the reset's
-- audit record; one left over means the console stopped in the middle (a crash, kill -9, the link lost for good).
-- Settled at the next start, or by `band reconcile`, by asking the band: factory-new or holding another binding, the
-- reset was done; still holding the binding, it was not.
CREATE TABLE band_reset_under_way (
    band_serial VARCHAR(32) NOT NULL PRIMARY KEY,
    binding_id  UUID NOT NULL,
    staff_id    UUID,
    staff       VARCHAR(64) NOT NULL,
    grounds     VARCHAR(32) NOT NULL,
    started_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
