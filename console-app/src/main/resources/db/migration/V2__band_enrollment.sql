-- Schema 2: what enrollment of a band keeps (band protocol).
-- The band's signed bind acknowledgement, with the credential and challenge it covers: the console's
-- proof that this band holds this binding.
ALTER TABLE binding ADD COLUMN bind_proof VARBINARY(2048);

-- Bindings reported stolen or fraudulent, here (a local deactivation) or by the backend: a band still
-- bound to one of them is refused everywhere, until a support agent resets it with the issuer.
CREATE TABLE band_revocation (
    binding_id   UUID PRIMARY KEY,
    band_serial  VARCHAR(32) NOT NULL,
    reason       VARCHAR(32) NOT NULL,
    reported_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    source       VARCHAR(16) NOT NULL
);
CREATE INDEX ix_revocation_band ON band_revocation (band_serial);
