-- Schema 5: the store's link to the backend, made when an administrator registers the console with a one-time
-- code. One row at most (id = 1): a console belongs to one backend. The console's private key (PKCS#8) is
-- sealed with the store's field cipher; the backend's CA is what every call pins.
CREATE TABLE backend_link (
    id               INTEGER      NOT NULL PRIMARY KEY,
    url              VARCHAR(500) NOT NULL,
    console_id       VARCHAR(36)  NOT NULL,
    console_name     VARCHAR(100) NOT NULL,
    ca_pem           VARCHAR(8192) NOT NULL,
    certificate_pem  VARCHAR(8192) NOT NULL,
    private_key      VARBINARY(1024) NOT NULL,
    not_after        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    registered_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    registered_by    VARCHAR(64)  NOT NULL,
    CONSTRAINT ck_backend_link_single CHECK (id = 1)
);
