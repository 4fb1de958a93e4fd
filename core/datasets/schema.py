"""Dataset tracking table: one row per dataset version, append-only.

A dataset is never edited in the table: regenerating a name records a new
version row. The PHI audit status is not stored here (it changes as audits
run); the manifest reads it live from ``core.phi``.
"""

MIGRATIONS = [
    """
    CREATE TABLE dataset_versions (
        seq               INTEGER PRIMARY KEY,
        name              TEXT NOT NULL,
        version           INTEGER NOT NULL,
        created_at        TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        size              INTEGER NOT NULL,
        groups            INTEGER NOT NULL,
        categories        TEXT NOT NULL,
        splits            TEXT NOT NULL,
        format            TEXT NOT NULL,
        target_model      TEXT NOT NULL,
        generator_seed    INTEGER NOT NULL,
        generator_version TEXT NOT NULL,
        variants          INTEGER NOT NULL,
        content_sha256    TEXT NOT NULL,
        UNIQUE (name, version)
    );
    CREATE INDEX dataset_versions_name ON dataset_versions(name, version);
    CREATE TRIGGER dataset_versions_no_update BEFORE UPDATE ON dataset_versions
    BEGIN
        SELECT RAISE(ABORT, 'dataset_versions is append-only: UPDATE refused');
    END;
    CREATE TRIGGER dataset_versions_no_delete BEFORE DELETE ON dataset_versions
    BEGIN
        SELECT RAISE(ABORT, 'dataset_versions is append-only: DELETE refused');
    END;
    """,
]
