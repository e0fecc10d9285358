-- Schema 13: steps that serve a binding without moving it (its phone unlinked or a new one linked, its band reset to
-- factory state) go into the binding's history too, with who, when, why and the member's sealed note; from_state and
-- to_state are then both the binding's state at the time.
ALTER TABLE binding_transition ADD COLUMN service_step VARCHAR(16);

-- A reset under way keeps its reason and the member's sealed note until the band settles it.
ALTER TABLE band_reset_under_way ADD COLUMN reason VARCHAR(32);
ALTER TABLE band_reset_under_way ADD COLUMN sealed_note VARBINARY(4096);
