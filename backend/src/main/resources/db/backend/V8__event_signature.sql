-- A state change that needs no band (suspend, resume, deactivate) is kept with the console's signature and the serial
-- of the certificate it was checked against, so that the request stays verifiable after the fact.
ALTER TABLE sync_event ADD COLUMN signature VARCHAR(200);
ALTER TABLE sync_event ADD COLUMN signer_certificate VARCHAR(64);
