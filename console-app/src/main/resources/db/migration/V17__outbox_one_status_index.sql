-- Schema 17: ix_outbox_pending (status, priority, id) serves every look-up by status; the older (status, id) index
-- only cost a second index write for each event queued and each event marked sent.
DROP INDEX ix_outbox_status;
