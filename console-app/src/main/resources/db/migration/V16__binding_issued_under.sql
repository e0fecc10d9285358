-- Schema 16: which registration a binding was made under (the backend's id for this console then). Only that
-- backend's issuer knows the binding: after the console moves to another backend, the binding's later changes are
-- kept here (outbox status ELSEWHERE) instead of going to a backend that cannot act on them, and the console says
-- that the old backend must be told. Bindings made before this version since the current registration were made
-- under it; older ones (an earlier backend's, or an earlier version's simulated issuer's) under none it knows.
ALTER TABLE binding ADD COLUMN issued_under VARCHAR(36);
UPDATE binding SET issued_under = (SELECT console_id FROM backend_link WHERE id = 1)
    WHERE created_at >= (SELECT registered_at FROM backend_link WHERE id = 1);
