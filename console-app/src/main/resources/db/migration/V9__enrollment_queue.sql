-- Schema 9: the offline enrollment queue. While the issuer cannot be reached, the clerk keeps the customer's
-- document, consent and phone (already in this store) and the band they chose; the bind is made once the backend
-- answers again. WAITING until then; DONE with the binding it made; FAILED with the refusal (a band reported stolen
-- meanwhile, bound elsewhere); REMOVED by a member of staff. The customer's data stays in the customer tables.
CREATE TABLE enrollment_queue (
    id             BIGINT NOT NULL PRIMARY KEY,
    customer_id    UUID NOT NULL,
    band_serial    VARCHAR(32) NOT NULL,
    phone_key      VARBINARY(128) NOT NULL,
    phone_code_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    queued_by      VARCHAR(64) NOT NULL,
    queued_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    state          VARCHAR(16) NOT NULL,
    attempts       INTEGER DEFAULT 0 NOT NULL,
    last_attempt_at TIMESTAMP(6) WITH TIME ZONE,
    last_error     VARCHAR(64),
    binding_id     UUID,
    ended_at       TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT fk_queue_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
    CONSTRAINT ck_queue_state CHECK (state IN ('WAITING', 'DONE', 'FAILED', 'REMOVED'))
);
CREATE INDEX ix_enrollment_queue_state ON enrollment_queue (state, id);
CREATE SEQUENCE enrollment_queue_seq START WITH 1 INCREMENT BY 1;
