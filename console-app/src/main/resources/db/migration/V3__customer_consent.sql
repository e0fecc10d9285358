-- Schema 3: customers' consent to the processing of their data, taken before a band is bound.
-- A row names the customer by id only, with the version and language of the text they accepted (the
-- texts are versioned resources of the console), when, and the member of staff: no personal data.
CREATE TABLE customer_consent (
    id               UUID PRIMARY KEY,
    customer_id      UUID NOT NULL REFERENCES customer (id),
    consent_version  VARCHAR(32) NOT NULL,
    language         VARCHAR(16) NOT NULL,
    accepted_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    accepted_by      UUID NOT NULL,
    simulated        BOOLEAN NOT NULL
);
CREATE INDEX ix_consent_customer ON customer_consent (customer_id, accepted_at);
