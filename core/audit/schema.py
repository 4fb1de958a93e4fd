"""Audit table: append-only, enforced by triggers in the database itself."""

from core.store.schema import append_only

MIGRATIONS = [
    """
    CREATE TABLE audit_events (
        seq          INTEGER PRIMARY KEY,
        ts           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        role         TEXT NOT NULL,
        action       TEXT NOT NULL,
        object_type  TEXT,
        object_id    TEXT,
        outcome      TEXT NOT NULL,
        detail       TEXT NOT NULL,
        leaf_hash    TEXT NOT NULL,
        chain_hash   TEXT NOT NULL
    );
    CREATE INDEX audit_events_actor ON audit_events(actor);
    CREATE INDEX audit_events_action ON audit_events(action);
    CREATE INDEX audit_events_ts ON audit_events(ts);
    """ + append_only("audit_events"),
]

GUARD_TRIGGERS = ("audit_events_no_update", "audit_events_no_delete")
