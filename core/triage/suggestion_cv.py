"""Cross-validation of the priority suggestion's recipe on the written case reports.

``python -m core.triage.suggestion cv``: for each writing batch of
``core/datasets/library/case_reports.jsonl`` (:mod:`core.datasets.case_reports`), the recipe of
``build`` (synthetic cases plus the *other* batches' reports, the library's prototypes plus the
other batches' reports as prototypes) is fitted and the held-out batch is triaged without the
model (suggestion raised to the red-flag floor). A batch was written as a whole, with its own
presentations, so a held-out batch is as close to unseen case reports as the project's own
material allows. Every case is embedded once; each fold is one fit (a few minutes in all).
"""

from __future__ import annotations

import numpy as np


def cross_validate(n: int | None = None, seed: int | None = None, c: float | None = None, embedder=None,
                   story_style: str | None = None) -> dict:
    """Rows of the held-out batches (as :func:`core.triage.suggestion.triage_without_model`) and
    their summary, overall and per batch."""
    from core.datasets.case_reports import load_case_reports
    from core.triage import suggestion as sg
    from core.triage.intake import intake_from_story
    from core.triage.redflags import RedFlagEngine

    n, seed = n or sg.BUILD_CASES, sg.BUILD_SEED if seed is None else seed
    c, story_style = c or sg.BUILD_C, story_style or sg.BUILD_STYLE
    reports = load_case_reports()
    synthetic = sg.synthetic_cases(n, seed, story_style)["train"]
    intakes = [intake_from_story(r.text) for r in reports]
    report_rows = sg.inputs_for(intakes, embedder)
    synthetic_rows = sg.inputs_for([intake_from_story(t) for t, _ in synthetic], embedder)
    library, library_labels, _ = sg.library_prototypes(embedder)
    width = library.shape[1]
    engine = RedFlagEngine.load_default()
    floors = [engine.evaluate(i) for i in intakes]
    rows: list[dict] = []
    for batch in sorted({r.batch for r in reports}):
        train = [i for i, r in enumerate(reports) if r.batch != batch]
        held = [i for i, r in enumerate(reports) if r.batch == batch]
        each = sg.CASE_REPORT_WEIGHT * len(synthetic) / len(train)
        fitted = sg.fit_rows(np.vstack([synthetic_rows, report_rows[train]]),
                             [label for _, label in synthetic] + [reports[i].priority for i in train], c=c,
                             weights=[1.0] * len(synthetic) + [each] * len(train))
        mine = report_rows[train][:, :width]
        sg.attach_prototypes(fitted, library, library_labels, mine / np.linalg.norm(mine, axis=1, keepdims=True),
                             [reports[i].priority for i in train])
        for i, suggestion in zip(held, fitted.suggest_rows(report_rows[held])):
            rows.append({**sg.check_row(reports[i].case_id, sg.Priority.parse(reports[i].priority), suggestion,
                                        floors[i]), "batch": batch})
    alone = [{**r, "final": r["suggested"]} for r in rows]
    return {"rows": rows, "summary": sg.triage_summary(rows), "suggestion_alone": sg.triage_summary(alone),
            "by_batch": {b: sg.triage_summary([r for r in rows if r["batch"] == b]) for b in sorted({r["batch"] for r in rows})}}


def print_cross_validation(result: dict, show: bool = False) -> None:
    from core.triage.suggestion import _print_check

    _print_check("case reports, held-out batches (suggestion + floor)", result["rows"], result["summary"], show)
    a, total = result["suggestion_alone"]["appropriate"]
    print(f"  suggestion alone: appropriate {a}/{total} = {a / max(total, 1):.0%}; emergencies under-triaged "
          f"{len(result['suggestion_alone']['under_triaged_emergencies'])}")
    for batch, summary in result["by_batch"].items():
        a, total = summary["appropriate"]
        print(f"  batch {batch}: {a}/{total} = {a / max(total, 1):.0%}, emergencies under-triaged "
              f"{len(summary['under_triaged_emergencies'])}")
