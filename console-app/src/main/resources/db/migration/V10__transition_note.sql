-- A support agent's note on a lifecycle step ("taken on the metro", "cracked screen"): free text that may name
-- people, so it is sealed like personal data (AES-GCM under the store key, bound to its binding).
ALTER TABLE binding_transition ADD COLUMN sealed_note VARBINARY(4096);
