"""PHI audit tracking table: one row per audit run, append-only.

Counts per identifier are stored, never findings' text: the table says that a
dataset had three open name findings, not whose names they were.
"""

from core.store.schema import append_only

MIGRATIONS = [
    """
    CREATE TABLE phi_audits (
        seq            INTEGER PRIMARY KEY,
        dataset_name   TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL,
        passed         INTEGER NOT NULL CHECK (passed IN (0, 1)),
        blocking_open  INTEGER NOT NULL,
        records        INTEGER NOT NULL,
        texts          INTEGER NOT NULL,
        counts_json    TEXT NOT NULL,
        severity_json  TEXT NOT NULL,
        authenticity   TEXT,
        report_md      TEXT,
        report_html    TEXT
    );
    CREATE INDEX phi_audits_dataset ON phi_audits(dataset_name, seq);
    """ + append_only("phi_audits") + """
    """,
    # The audited content: a regenerated dataset must be audited again before training.
    """
    ALTER TABLE phi_audits ADD COLUMN content_sha256 TEXT;
    """,
]
