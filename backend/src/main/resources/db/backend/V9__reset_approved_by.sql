-- Who approved a reset of a band reported stolen: an administrator at the console, or at the backend.
ALTER TABLE issuer_authorisation ADD COLUMN approved_by VARCHAR(128);
