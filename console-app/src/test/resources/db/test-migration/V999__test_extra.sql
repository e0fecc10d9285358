-- A schema step that only tests know: MigrationBackupTest opens a v1 store with it to watch the
-- backup that must come before every migration of an existing database.
CREATE TABLE test_extra (
    id    INT PRIMARY KEY,
    note  VARCHAR(64)
);
