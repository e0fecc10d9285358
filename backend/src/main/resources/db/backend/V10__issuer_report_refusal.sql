-- Reports of a stolen band from another store whose owner's evidence was not the owner's: counted per console, so
-- that no console finds an owner's evidence (or their document number) by trying (IssuerService.report).
CREATE TABLE issuer_report_refusal (
    console_id   VARCHAR(36)   NOT NULL,
    band_serial  VARCHAR(32)   NOT NULL,
    refused_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_issuer_report_refusal_console ON issuer_report_refusal (console_id, refused_at);
