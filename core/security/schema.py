"""Users and roles (inside the encrypted database; keyslots live beside it)."""

MIGRATIONS = [
    """
    CREATE TABLE users (
        username             TEXT PRIMARY KEY,
        role                 TEXT NOT NULL CHECK (role IN ('admin', 'nurse', 'physician', 'auditor')),
        display_name         TEXT NOT NULL DEFAULT '',
        disabled             INTEGER NOT NULL DEFAULT 0,
        created_at           TEXT NOT NULL,
        created_by           TEXT NOT NULL,
        password_changed_at  TEXT NOT NULL
    );
    """,
]
