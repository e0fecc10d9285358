-- Lists of stolen bands imported from a file (source IMPORTED): by serial, for bands that have no binding here; the
-- reference is the list's own (a police report, the provider's case number). One entry per serial and source.
ALTER TABLE band_revocation ADD COLUMN reference VARCHAR(64);
