-- One row per band the issuer has been asked to bind: preparing a binding locks its band's row, so that two
-- consoles (through one backend instance or two on the same database) binding the same band take turns and the
-- second sees the first's binding.
CREATE TABLE issuer_band (
    band_serial  VARCHAR(32)  NOT NULL PRIMARY KEY
);
