-- Schema 4: the owner's phone (band protocol 2). A binding names the phone the band is linked to by the
-- SHA-256 fingerprint of the phone's public key (the key itself stays with the phone, the band and the
-- issuer): reconciliation checks the band against it, and enrollment refuses a phone that is already
-- linked to a live binding of another customer. Bindings of protocol 1 have none.
ALTER TABLE binding ADD COLUMN phone_fingerprint VARCHAR(64);
CREATE INDEX ix_binding_phone ON binding (phone_fingerprint);
