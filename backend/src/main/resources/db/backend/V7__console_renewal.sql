-- Certificate renewal: a console renews before its certificate expires; the certificate it renewed with stays
-- valid (previous_sha256) until it renews again, so that a console that crashes before keeping its new certificate
-- is not locked out.
ALTER TABLE console ADD COLUMN previous_sha256 VARCHAR(64);
