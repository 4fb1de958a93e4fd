"""Training tables: runs and project milestones, both append-only.

A run is never edited: each status change (estimated, approved, started,
checkpointed, finished, cancelled, failed) is a new row, and the run's state
is its latest row. Milestones of a fine-tuning project are notification
records the GUI shows; they are appended by training here and by evaluation,
the regression gate and the registry (``core.training.milestones``).
"""

from core.store.schema import append_only

MIGRATIONS = [
    """
    CREATE TABLE training_runs (
        seq            INTEGER PRIMARY KEY,
        run_id         TEXT NOT NULL,
        ts             TEXT NOT NULL,
        actor          TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN
                         ('estimated', 'approved', 'started', 'checkpoint', 'finished', 'cancelled', 'failed')),
        mode           TEXT NOT NULL,
        base_model     TEXT NOT NULL,
        dataset        TEXT NOT NULL,
        manifest_hash  TEXT NOT NULL,
        config         TEXT NOT NULL,
        estimate       TEXT NOT NULL,
        actual         TEXT NOT NULL,
        output_dir     TEXT NOT NULL,
        detail         TEXT NOT NULL
    );
    CREATE INDEX training_runs_run ON training_runs(run_id, seq);
    """ + append_only("training_runs") + """

    CREATE TABLE project_milestones (
        seq          INTEGER PRIMARY KEY,
        ts           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        project      TEXT NOT NULL,
        milestone    TEXT NOT NULL CHECK (milestone IN
                       ('data_ready', 'audit_passed', 'cost_approved', 'run_started', 'run_finished',
                        'run_cancelled', 'run_failed', 'evaluated', 'gated', 'activated', 'rolled_back')),
        object_type  TEXT,
        object_id    TEXT,
        message      TEXT NOT NULL
    );
    CREATE INDEX project_milestones_project ON project_milestones(project, seq);
    """ + append_only("project_milestones") + """
    """,
]

GUARD_TRIGGERS = (
    "training_runs_no_update",
    "training_runs_no_delete",
    "project_milestones_no_update",
    "project_milestones_no_delete",
)
