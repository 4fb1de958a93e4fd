"""Schema migrations, one versioned list per component.

Each component module named in ``COMPONENTS`` exposes ``MIGRATIONS``: a list of
SQL scripts. Script ``i`` brings that component from version ``i`` to
``i + 1``; applied versions are kept in ``schema_versions``. Never edit a
released script: append a new one.
"""

from __future__ import annotations

import importlib

COMPONENTS: list[tuple[str, str]] = [
    ("security", "core.security.schema"),
    ("audit", "core.audit.schema"),
    ("review", "core.review.schema"),
    ("datasets", "core.datasets.schema"),
    ("phi", "core.phi.schema"),
    ("training", "core.training.schema"),
    ("evaluation", "core.evaluation.schema"),
    ("registry", "core.registry.schema"),
]

def append_only(table: str) -> str:
    """SQL for the two triggers that make ``table`` append-only in the database itself.

    Tracking tables (datasets, runs, evaluations, regressions, PHI audits, model
    versions) never change a row: a new state is a new row.
    """
    return f"""
    CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
    BEGIN
        SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused');
    END;
    CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
    BEGIN
        SELECT RAISE(ABORT, '{table} is append-only: DELETE refused');
    END;
    """


_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY,
    version   INTEGER NOT NULL
);
"""


def _migrations_of(module_name: str) -> list[str]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return []  # component not built yet
        raise
    return list(module.MIGRATIONS)


def migrate(conn) -> dict[str, int]:
    """Bring every component's tables up to date, each script in its own transaction.

    Returns:
        The component -> version map after migrating.
    """
    conn.executescript(_BOOTSTRAP)
    versions = dict(conn.execute("SELECT component, version FROM schema_versions").fetchall())
    for component, module_name in COMPONENTS:
        scripts = _migrations_of(module_name)
        current = versions.get(component, 0)
        for number in range(current, len(scripts)):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split(scripts[number]):
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_versions(component, version) VALUES (?, ?) "
                    "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                    (component, number + 1),
                )
                conn.execute("COMMIT")
            except Exception:
                conn.execute("ROLLBACK")
                raise
            versions[component] = number + 1
    return versions


def _split(script: str) -> list[str]:
    """Split a script into statements, keeping CREATE TRIGGER bodies whole."""
    import sqlite3

    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
