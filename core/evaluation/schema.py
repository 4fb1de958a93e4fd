"""Evaluation tables: evaluations and regression-gate results, both append-only.

An evaluation is one model version on one case set in one mode (``pipeline``:
floor, retrieval and checks as the nurse gets them; ``model_only``: the
model's own priority). A regression row is one gate decision for a candidate
against a baseline. Neither is ever edited: a re-run is a new row.
"""

from core.store.schema import append_only

MIGRATIONS = [
    """
    CREATE TABLE evaluations (
        seq            INTEGER PRIMARY KEY,
        eval_id        TEXT NOT NULL UNIQUE,
        ts             TEXT NOT NULL,
        actor          TEXT NOT NULL,
        model_version  TEXT NOT NULL,
        eval_set       TEXT NOT NULL,
        set_hash       TEXT NOT NULL,
        mode           TEXT NOT NULL CHECK (mode IN ('pipeline', 'model_only')),
        prompting      TEXT NOT NULL CHECK (prompting IN ('default', 'zero_shot', 'few_shot')),
        cases          INTEGER NOT NULL,
        metrics        TEXT NOT NULL,
        case_results   TEXT NOT NULL,
        report         TEXT NOT NULL,
        detail         TEXT NOT NULL
    );
    CREATE INDEX evaluations_model ON evaluations(model_version, eval_set, mode, seq);
    """ + append_only("evaluations") + """

    CREATE TABLE regressions (
        seq             INTEGER PRIMARY KEY,
        gate_id         TEXT NOT NULL UNIQUE,
        ts              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        candidate       TEXT NOT NULL,
        baseline        TEXT NOT NULL,
        verdict         TEXT NOT NULL CHECK (verdict IN ('PASS', 'WARN', 'FAIL')),
        blocking        INTEGER NOT NULL CHECK (blocking IN (0, 1)),
        comparisons     TEXT NOT NULL,
        trends          TEXT NOT NULL,
        thresholds      TEXT NOT NULL,
        evaluations     TEXT NOT NULL,
        report          TEXT NOT NULL
    );
    CREATE INDEX regressions_candidate ON regressions(candidate, seq);
    """ + append_only("regressions") + """
    """,
]
