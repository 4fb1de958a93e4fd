"""Registry tables: model versions and activation events, both append-only.

A version is registered once and never edited. Activation and rollback are
events; the active version is derived by replaying them (the latest event
names the model in use), so the whole history of what triaged which case
stays readable. The reserved version id ``base`` is the shipped Gemma 3 270M
without an adapter.
"""

from core.store.schema import append_only

MIGRATIONS = [
    """
    CREATE TABLE model_versions (
        seq             INTEGER PRIMARY KEY,
        version_id      TEXT NOT NULL UNIQUE,
        ts              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        name            TEXT NOT NULL,
        base_model      TEXT NOT NULL,
        base_gguf       TEXT NOT NULL,
        base_sha256     TEXT NOT NULL,
        adapter_gguf    TEXT,
        adapter_sha256  TEXT,
        run_id          TEXT,
        dataset         TEXT,
        manifest_hash   TEXT,
        config          TEXT NOT NULL,
        notes           TEXT NOT NULL
    );
    """ + append_only("model_versions") + """

    CREATE TABLE model_events (
        seq               INTEGER PRIMARY KEY,
        ts                TEXT NOT NULL,
        actor             TEXT NOT NULL,
        event             TEXT NOT NULL CHECK (event IN ('activated', 'rolled_back')),
        version_id        TEXT NOT NULL,
        previous_version  TEXT NOT NULL,
        forced            INTEGER NOT NULL CHECK (forced IN (0, 1)),
        reason            TEXT NOT NULL,
        gate_id           TEXT
    );
    """ + append_only("model_events") + """
    """,
]
