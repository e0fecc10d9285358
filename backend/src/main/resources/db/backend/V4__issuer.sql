-- The issuer: the bindings it made (their payment secrets sealed under its token key, the owner only as a MAC
-- under its identity key), every authorisation it issued (one per band challenge), every state change the
-- consoles' events brought (with staff, reason, console and the event), and administrators' approvals of the
-- reset of a band deactivated as STOLEN or FRAUD.

CREATE TABLE issuer_binding (
    binding_id        VARCHAR(36)   NOT NULL PRIMARY KEY,
    band_serial       VARCHAR(32)   NOT NULL,
    console_id        VARCHAR(36)   NOT NULL,
    device_key        VARCHAR(128)  NOT NULL,
    identity_ref      VARCHAR(64)   NOT NULL,
    bind_payload_sha  VARCHAR(64)   NOT NULL,
    sealed_secret     VARCHAR(256)  NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    reason            VARCHAR(32),
    last_counter      BIGINT        NOT NULL,
    reset_at          TIMESTAMP WITH TIME ZONE,
    simulated         BOOLEAN       NOT NULL,
    prepared_by       VARCHAR(128)  NOT NULL,
    prepared_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_issuer_binding_serial ON issuer_binding (band_serial);

CREATE TABLE issuer_authorisation (
    band_serial   VARCHAR(32)   NOT NULL,
    challenge     VARCHAR(32)   NOT NULL,
    console_id    VARCHAR(36)   NOT NULL,
    binding_id    VARCHAR(36)   NOT NULL,
    action        VARCHAR(16)   NOT NULL,
    reason        VARCHAR(32)   NOT NULL,
    staff         VARCHAR(128)  NOT NULL,
    approval_used BOOLEAN       NOT NULL,
    issued_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (band_serial, challenge)
);

CREATE INDEX ix_issuer_authorisation_console ON issuer_authorisation (console_id, issued_at);

CREATE TABLE issuer_state_change (
    event_id     VARCHAR(36)   NOT NULL PRIMARY KEY,
    binding_id   VARCHAR(36)   NOT NULL,
    console_id   VARCHAR(36)   NOT NULL,
    from_state   VARCHAR(16),
    to_state     VARCHAR(16)   NOT NULL,
    reason       VARCHAR(32),
    staff        VARCHAR(128),
    applied      BOOLEAN       NOT NULL,
    note         VARCHAR(256),
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_issuer_state_change_binding ON issuer_state_change (binding_id, occurred_at);

CREATE TABLE issuer_reset_approval (
    binding_id   VARCHAR(36)   NOT NULL PRIMARY KEY,
    approved_by  VARCHAR(128)  NOT NULL,
    note         VARCHAR(256),
    approved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at      TIMESTAMP WITH TIME ZONE
);
