-- Consoles and their one-time registration codes. Written for both PostgreSQL (production, tests) and H2
-- (the demo backend's embedded file): standard types only.

CREATE TABLE registration_code (
    code_id        VARCHAR(4)   NOT NULL PRIMARY KEY,
    -- RegistrationCode.proofKey(), hex: the secret itself is never stored
    proof_key      VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- wrong proofs against this code; at 5 it is burnt
    failures       INTEGER      NOT NULL DEFAULT 0,
    used_at        TIMESTAMP WITH TIME ZONE,
    used_by        VARCHAR(36)
);

CREATE TABLE console (
    console_id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name                VARCHAR(100) NOT NULL,
    certificate_serial  VARCHAR(40)  NOT NULL UNIQUE,
    -- SHA-256 of the client certificate (DER), hex: how a TLS peer is looked up
    certificate_sha256  VARCHAR(64)  NOT NULL UNIQUE,
    not_after           TIMESTAMP WITH TIME ZONE NOT NULL,
    registered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    code_id             VARCHAR(4)   NOT NULL,
    revoked_at          TIMESTAMP WITH TIME ZONE,
    revoked_reason      VARCHAR(200)
);
