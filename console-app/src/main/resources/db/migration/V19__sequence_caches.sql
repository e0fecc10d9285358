-- Schema 19: H2 hands out a sequence's values 32 at a time and commits the sequence each time they run out, writing
-- every changed page of the file, the open transaction's included: once every 32 outbox events or transitions. Only
-- this process uses the store (the folder lock) and H2 keeps one cache per sequence, so the values stay in order; a
-- crash skips what was cached (a gap, never a repeat).
ALTER SEQUENCE outbox_seq CACHE 1000;
ALTER SEQUENCE enrollment_queue_seq CACHE 1000;
ALTER TABLE binding_transition ALTER COLUMN id SET CACHE 1000;
