"""Dataset tracking table: one row per dataset version, append-only.

A dataset is never edited in the table: regenerating a name records a new
version row. The PHI audit status is not stored here (it changes as audits
run); the manifest reads it live from ``core.phi``.
"""

from core.store.schema import append_only

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
    """ + append_only("dataset_versions") + """
    """,
]
