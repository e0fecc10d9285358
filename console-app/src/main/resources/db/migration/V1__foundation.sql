-- PayBand Console local store, schema 1: staff, audit trail, customers, documents, bands, bindings, outbox.
-- Personal data only ever appears here sealed (AES-GCM, *_identity / content / portrait / payload columns)
-- or as keyed hashes (*_index columns). Hibernate validates its mapping against this schema.

CREATE TABLE store_info (
    id          INT PRIMARY KEY CHECK (id = 1),
    store_id    VARCHAR(36) NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE console_setting (
    name        VARCHAR(64) PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL,
    updated_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE staff_account (
    id                   UUID PRIMARY KEY,
    username             VARCHAR(64) NOT NULL,
    password_hash        VARCHAR(255) NOT NULL,
    enabled              BOOLEAN NOT NULL,
    failed_sign_ins      INT NOT NULL,
    locked_until         TIMESTAMP(6) WITH TIME ZONE,
    must_change_password BOOLEAN NOT NULL,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_sign_in_at      TIMESTAMP(6) WITH TIME ZONE,
    version              BIGINT NOT NULL,
    CONSTRAINT uk_staff_username UNIQUE (username)
);

CREATE TABLE staff_role (
    staff_id  UUID NOT NULL REFERENCES staff_account (id),
    role      VARCHAR(32) NOT NULL,
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE audit_event (
    seq          BIGINT PRIMARY KEY,
    at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor_id     UUID,
    actor_name   VARCHAR(64) NOT NULL,
    action       VARCHAR(48) NOT NULL,
    outcome      VARCHAR(16) NOT NULL,
    target_type  VARCHAR(32),
    target_id    VARCHAR(64),
    reason       VARCHAR(48),
    detail       VARCHAR(1000),
    prev_mac     VARCHAR(64) NOT NULL,
    mac          VARCHAR(64) NOT NULL
);
CREATE INDEX ix_audit_at ON audit_event (at);
CREATE INDEX ix_audit_actor ON audit_event (actor_name);
CREATE INDEX ix_audit_action ON audit_event (action);

CREATE TABLE audit_chain_head (
    id        INT PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT NOT NULL,
    last_mac  VARCHAR(64) NOT NULL
);

CREATE TABLE customer (
    id                     UUID PRIMARY KEY,
    document_number_index  VARCHAR(64) NOT NULL,
    name_index             VARCHAR(64) NOT NULL,
    -- the other order of a travel document's name (surname first); NULL where there is none
    name_index_alt         VARCHAR(64),
    identity               VARBINARY(65536) NOT NULL,
    created_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by             UUID NOT NULL,
    updated_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    simulated              BOOLEAN NOT NULL,
    version                BIGINT NOT NULL
);
-- (index, created_at): a search reads the first page of a common name in order, not every match
CREATE INDEX ix_customer_document ON customer (document_number_index, created_at);
CREATE INDEX ix_customer_name ON customer (name_index, created_at);
CREATE INDEX ix_customer_name_alt ON customer (name_index_alt, created_at);

CREATE TABLE identity_document (
    id                     UUID PRIMARY KEY,
    customer_id            UUID NOT NULL REFERENCES customer (id),
    document_type          VARCHAR(32) NOT NULL,
    document_number_index  VARCHAR(64) NOT NULL,
    content                VARBINARY(65536) NOT NULL,
    portrait               VARBINARY(1048576),
    read_at                TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    read_by                UUID NOT NULL,
    reader_id              VARCHAR(128) NOT NULL,
    simulated              BOOLEAN NOT NULL
);
CREATE INDEX ix_document_customer ON identity_document (customer_id);

CREATE TABLE band (
    serial            VARCHAR(32) PRIMARY KEY,
    public_key        VARBINARY(256) NOT NULL,
    last_ble_address  VARCHAR(17),
    first_seen_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    simulated         BOOLEAN NOT NULL,
    version           BIGINT NOT NULL
);

CREATE TABLE binding (
    id                UUID PRIMARY KEY,
    band_serial       VARCHAR(32) NOT NULL REFERENCES band (serial),
    customer_id       UUID NOT NULL REFERENCES customer (id),
    state             VARCHAR(16) NOT NULL,
    -- the band's serial while the binding is live, NULL once terminal: at most one live binding per band
    live_band_serial  VARCHAR(32),
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    created_by        UUID NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    simulated         BOOLEAN NOT NULL,
    version           BIGINT NOT NULL,
    CONSTRAINT uk_binding_live_band UNIQUE (live_band_serial),
    CONSTRAINT ck_binding_live CHECK ((state IN ('FAILED', 'DEACTIVATED')) = (live_band_serial IS NULL))
);
CREATE INDEX ix_binding_customer ON binding (customer_id);
CREATE INDEX ix_binding_band ON binding (band_serial);

CREATE TABLE binding_transition (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    binding_id  UUID NOT NULL REFERENCES binding (id),
    from_state  VARCHAR(16),
    to_state    VARCHAR(16) NOT NULL,
    reason      VARCHAR(32),
    staff_id    UUID NOT NULL,
    at          TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_transition_binding ON binding_transition (binding_id);

CREATE SEQUENCE outbox_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE outbox_event (
    id               BIGINT PRIMARY KEY,
    event_id         UUID NOT NULL,
    event_type       VARCHAR(64) NOT NULL,
    aggregate_id     VARCHAR(64) NOT NULL,
    payload          VARBINARY(65536) NOT NULL,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    simulated        BOOLEAN NOT NULL,
    status           VARCHAR(16) NOT NULL,
    attempts         INT NOT NULL,
    last_attempt_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT uk_outbox_event UNIQUE (event_id)
);
CREATE INDEX ix_outbox_status ON outbox_event (status, id);
