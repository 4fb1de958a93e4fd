"""Screenshots of the model pages (training, evaluation and gate, registry) from real work at a tiny scale.

Called by :func:`app.screenshots.render_admin_pages` once the demo workspace
has an audited dataset: a real LoRA run of a few steps on the default model
(Gemma 3 270M, its Hugging Face form converted from the shipped GGUF), the
adapter exported to GGUF and registered, the candidate and the active model
evaluated on a few dev vignettes through the nurse's pipeline, drafts side by
side, the regression gate, then the registry with the candidate's model card.
Everything goes through the pages' own buttons and background tasks.
"""

from __future__ import annotations

import time
from pathlib import Path

#: A run short enough for a screenshot: a few optimizer steps on short examples.
DEMO_SETTINGS = {"max_steps": 3, "max_length": 768, "tokens_per_batch": 1536, "checkpoint_every": 3,
                 "with_passages": False}
DEMO_CASES = 2  # dev vignettes per evaluation (each is a real model run)


def _wait(app, panel, timeout_s: float = 1800) -> str:
    """Process events until a page's progress panel is idle; returns its last text."""
    from app import tasks

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        app.processEvents()
        tasks.wait_for_all(200)
        app.processEvents()
        if not panel.running and tasks.running_count() == 0:
            break
    for _ in range(10):  # the callbacks of work that has returned are still in the event queue
        app.processEvents()
        time.sleep(0.02)
    return panel.label.text()


def _log(message: str) -> None:
    print(f"[screenshots] {message}", flush=True)


def render(app, window, out: Path, save) -> list[Path]:
    """Train, export, register, evaluate, gate; save each model page. Returns the files written."""
    window.idle.stop()  # unattended and long on a CPU: the idle lock would close the workspace half-way
    try:
        return _render(app, window, out, save)
    finally:
        window.idle.start()


def _render(app, window, out: Path, save) -> list[Path]:
    written: list[Path] = []
    training = window.show_screen("training")
    app.processEvents()
    if training.dataset.count() == 0:
        _log("no audited dataset: the model pages are not rendered")
        return written
    values = training.form_values()
    values.update(DEMO_SETTINGS)
    training.set_values(values)
    training.estimate()
    _wait(app, training.progress)
    if training.plan is None:
        _log(f"no estimate: {training.estimate_box.text()}")
        return written
    training.confirm()
    _log(f"training: {_wait(app, training.progress)}")
    written.append(save(window, out, "16-training", app))
    result = training.result
    if result is None or result.status != "finished":
        return written
    run_id = training.plan.run_id

    registry = window.show_screen("registry")
    registry.refresh()
    registry.run.setCurrentIndex(max(0, registry.run.findData(run_id)))
    registry.export_selected_run()
    _log(f"export: {_wait(app, registry.progress)}")
    registry.register_selected_run()
    _log(f"register: {_wait(app, registry.progress)}")
    candidate = registry.selected().version_id if registry.selected() else None
    if candidate is None or candidate in ("base", "v1"):
        _log(f"not registered: {registry.status.text()}")
        return written

    return written + evaluate_and_gate(app, window, out, save, candidate)


def evaluate_and_gate(app, window, out: Path, save, candidate: str) -> list[Path]:
    """Evaluate ``candidate`` and the active model, compare drafts, gate; save the evaluation and registry pages."""
    written: list[Path] = []
    evaluation = window.show_screen("evaluation")
    evaluation.refresh()
    evaluation.limit.setValue(DEMO_CASES)
    active = evaluation.active_id()
    for version in (active, candidate):
        evaluation.select(version, "vignettes")
        evaluation.evaluate()
        _log(f"evaluation: {_wait(app, evaluation.progress)}")
    evaluation.tabs.setCurrentIndex(0)
    written.append(save(window, out, "17-evaluation", app))
    evaluation.limit.setValue(1)
    evaluation.compare()
    _log(f"drafts: {_wait(app, evaluation.progress)}")
    written.append(save(window, out, "17b-evaluation-drafts", app))
    evaluation.limit.setValue(DEMO_CASES)
    evaluation.gate()
    _log(f"gate: {_wait(app, evaluation.progress)}")
    written.append(save(window, out, "18-regression-gate", app))

    registry = window.show_screen("registry")
    registry.refresh(select=candidate)
    written.append(save(window, out, "19-model-registry", app))
    return written
