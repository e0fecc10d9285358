-- Schema 8: lost and stolen reports leave first. An urgent event (a binding suspended or deactivated) and the
-- earlier pending events of its binding are sent before everything else, so that a long offline queue of routine
-- changes never delays a block; each binding's events still leave in the order they were written.
ALTER TABLE outbox_event ADD COLUMN priority INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX ix_outbox_pending ON outbox_event (status, priority DESC, id);
