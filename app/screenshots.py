"""`prescreen-gui --screenshots DIR`: what each role sees, as PNG files.

Builds a demo workspace in a temporary folder (admin, nurse, physician and
auditor accounts; several fictional cases triaged by the real pipeline with
the real default model), then renders each main screen with
``widget.grab().save(...)``. The admin's retraining pages are rendered from
real work at a small scale (a guideline import with the PHI screen, two tiny
generated datasets, a passing and a failing PHI audit, the inbox). The
workspace is deleted afterwards.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

PASSWORDS = {"admin": "demo clinic passphrase 1", "nurse.amy": "demo nurse passphrase 2",
             "dr.phil": "demo physician passphrase 3", "audrey": "demo auditor passphrase 4"}

#: Fictional patients, written for this demo.
DEMO_STORIES = (
    "A 62-year-old man with crushing central chest pain spreading to the jaw for 30 minutes, sweaty and pale. "
    "BP 160/95, HR 112, SpO2 95%.",
    "A 34-year-old woman, 9 weeks pregnant, with heavy vaginal bleeding and cramping lower abdominal pain since "
    "this morning. HR 118, BP 98/60.",
    "A 7-year-old boy with fever 38.9 C and ear pain for 2 days, eating and drinking, no rash.",
    "A 45-year-old woman with burning on passing urine and frequency for 2 days, no fever, no back pain.",
    "A 27-year-old man with a runny nose, sneezing and a mild sore throat for 3 days. Temperature 37.2 C.",
)


def _log(message: str) -> None:
    print(f"[screenshots] {message}", file=sys.stderr, flush=True)


def build_demo_workspace(home: Path) -> list[str]:
    """A workspace with users and triaged cases; returns the case ids (most urgent first)."""
    from core.paths import WorkspacePaths
    from core.review.service import ReviewService
    from core.triage.pipeline import TriagePipeline
    from core.workspace import Workspace

    ws = Workspace.create(home, "admin", PASSWORDS["admin"])
    for name, role in (("nurse.amy", "nurse"), ("dr.phil", "physician"), ("audrey", "auditor")):
        ws.users.add(name, role, PASSWORDS[name])
    ws.close()
    # A generous generation limit: on a busy 2-core machine the default 30 s can cut the draft
    # short, and the screenshots should show what the model writes.
    config = WorkspacePaths(home).config
    config.write_text(config.read_text("utf-8") + "triage:\n  timeout_s: 180\n", "utf-8")
    ws = Workspace.open(home, "nurse.amy", PASSWORDS["nurse.amy"])
    try:
        pipeline = TriagePipeline(ws)
        for number, story in enumerate(DEMO_STORIES, 1):
            started = time.perf_counter()
            result = pipeline.triage(story)
            _log(f"case {number}/{len(DEMO_STORIES)}: {result.case_id} {result.priority.label} "
                 f"({time.perf_counter() - started:.1f} s)")
        review = ReviewService(ws)
        queue = review.queue()
        # Some history on the screen: the least urgent case is reviewed and signed.
        last = queue[-1].case_id
        review.add_note(last, "Advised fluids, rest and paracetamol as needed; return if short of breath.")
        review.sign(last, PASSWORDS["nurse.amy"])
        return [item.case_id for item in review.queue()]
    finally:
        ws.close()


def _settle(app, rounds: int = 5) -> None:
    from app import tasks

    for _ in range(rounds):
        app.processEvents()
        tasks.wait_for_all(60_000)
        app.processEvents()


def _save(widget, out: Path, name: str, app) -> Path:
    _settle(app)
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    _log(f"wrote {path}")
    return path


def _window(app, home: Path, username: str):
    from app.main_window import MainWindow
    from app.session import Session
    from core.workspace import Workspace

    window = MainWindow(Session(home, Workspace.open(home, username, PASSWORDS[username])), app)
    window.resize(1366, 860)
    window.show()
    return window


def render_screens(app, home: Path, out: Path, case_ids: list[str]) -> list[Path]:
    """Render every main screen of the demo workspace into ``out``."""
    from app.login import LoginDialog

    written = []
    login = LoginDialog(home, username="nurse.amy")
    login.show()
    written.append(_save(login, out, "01-login", app))
    login.close()

    window = _window(app, home, "nurse.amy")
    intake = window.show_screen("intake")
    for key, value in (("age", "71"), ("sex", "female"), ("symptom", "shortness of breath"),
                       ("onset", "this morning"), ("severity", "moderate"), ("heart_rate", "104"),
                       ("spo2", "140"), ("history", "COPD, hypertension"), ("medications", "salbutamol, ramipril")):
        from app.intake_fields import set_value

        set_value(intake.fields[key].widget, value)
    intake.check_field("spo2")  # shows the core's inline message for an impossible SpO2
    intake.fields["story"].widget.setPlainText("Breathless since this morning, worse on walking to the bathroom; "
                                                "new ankle swelling.")
    written.append(_save(window, out, "02-intake", app))
    intake.clear_form()

    queue = window.show_screen("queue")
    queue.status_filter.setCurrentIndex(queue.status_filter.findData("all"))
    written.append(_save(window, out, "03-queue", app))
    window.open_case(case_ids[0])
    written.append(_save(window, out, "04-case-review", app))
    window.lock("Locked after a period without activity.")
    written.append(_save(window, out, "09-lock-screen", app))
    window.close()

    window = _window(app, home, "dr.phil")
    window.show_screen("alerts")
    written.append(_save(window, out, "05-physician-alerts", app))
    window.close()

    window = _window(app, home, "audrey")
    audit = window.show_screen("audit")
    audit.verify()
    written.append(_save(window, out, "06-audit-viewer", app))
    window.close()

    window = _window(app, home, "admin")
    monitoring = window.show_screen("monitoring")
    written.append(_save(window, out, "07-monitoring", app))
    written.append(_save_full(monitoring.chart_area, out, "07b-monitoring-charts", app))
    window.show_screen("users")
    written.append(_save(window, out, "08-users", app))
    written += render_admin_pages(app, window, out)
    window.close()
    _settle(app)
    return written


#: A clinic protocol the demo imports, and a letter imported by mistake (fictional patient).
DEMO_GUIDELINE = """---
id: clinic-frostbite
title: Clinic protocol - frostbite after winter exposure
source: Clinic winter protocols 2026
---
# Frostbite

Frostbite of fingers or toes after cold exposure: rewarm in water at 37-39 C for 30 minutes; do not rub
the skin. Blisters, numbness or grey-white skin that stays hard after rewarming need same-day review.
Refer urgently if the skin is black or the patient is hypothermic.
"""
DEMO_LETTER = ("Dear colleague, please see Mr Harold Finch, 1420 Westbrook Avenue, Springfield, phone 312-555-0187, "
               "e-mail harold.finch@gmail.com, about his frostbite follow-up.\n")
DEMO_LEAK = {"id": "note-1", "category": "triage",
             "text": "Patient Rosalind Meyerhoff-Tran, SSN 219-09-9999, called from 617-253-1000 about chest pain."}


def _save_full(widget, out: Path, name: str, app) -> Path:
    """A widget at its full size (a scrolled chart area), not only the part on screen."""
    _settle(app)
    widget.resize(widget.width(), max(widget.height(), widget.sizeHint().height()))
    return _save(widget, out, name, app)


def render_admin_pages(app, window, out: Path) -> list[Path]:
    """The admin's retraining pages, from real work at a small scale: a knowledge-base import with the
    PHI screen, a tiny generated and validated dataset, a passing and a failing PHI audit, the inbox;
    then the model pages (``app.admin.screenshots_models.render``) where that module exists."""
    import json

    written = []
    folder = Path(tempfile.mkdtemp(prefix="prescreen-demo-files-"))
    try:
        (folder / "frostbite.md").write_text(DEMO_GUIDELINE, "utf-8")
        (folder / "clinic-letter.txt").write_text(DEMO_LETTER, "utf-8")
        knowledge = window.show_screen("knowledge")
        _settle(app)
        knowledge.import_files([folder / "frostbite.md", folder / "clinic-letter.txt"])
        _settle(app)
        knowledge.query.setText("grey white numb fingers after cold exposure, blisters")
        knowledge.search()
        written.append(_save(window, out, "10-knowledge-base", app))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    datasets = window.show_screen("datasets")
    for name, seed in (("demo-leak", 4), ("demo-clinic", 7)):
        datasets.name.setText(name)
        datasets.size.setValue(24)
        datasets.seed.setValue(seed)
        datasets.generate()
        _settle(app, rounds=8)
        _log(f"dataset {name}: {datasets.progress.label.text()}")
    written.append(_save(window, out, "11-datasets", app))
    datasets.tabs.setCurrentIndex(1)
    written.append(_save(window, out, "12-dataset-charts", app))
    written.append(_save_full(datasets.chart_area, out, "12b-dataset-charts-all", app))

    phi = window.show_screen("phi")
    ws = window.session.ws
    leak = ws.paths.datasets / "demo-leak" / "processed" / "notes.jsonl"
    leak.write_text(json.dumps(DEMO_LEAK) + "\n", "utf-8")  # someone dropped a clinic note into it
    phi.select("demo-leak")
    phi.run_audit()
    _settle(app, rounds=8)
    phi.tabs.setCurrentIndex(1)
    phi.open_only.setChecked(True)
    written.append(_save(window, out, "14-phi-audit-blocked", app))
    phi.select("demo-clinic")
    phi.run_audit()
    _settle(app, rounds=8)
    phi.tabs.setCurrentIndex(0)
    written.append(_save(window, out, "13-phi-audit", app))
    phi.tabs.setCurrentIndex(3)
    written.append(_save(window, out, "13b-phi-compliance-report", app))

    window.show_screen("inbox")
    written.append(_save(window, out, "15-inbox", app))
    try:
        from app.admin import screenshots_models
    except ImportError:
        return written
    render = getattr(screenshots_models, "render", None)
    if callable(render):
        written += list(render(app, window, out, _save) or [])
    return written


def render_screenshots(out: Path) -> int:
    """Entry point of ``--screenshots DIR``."""
    from app.application import make_app

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    from core.errors import PrescreenError

    app = make_app()
    folder = Path(tempfile.mkdtemp(prefix="prescreen-demo-"))
    try:
        _log(f"building a demo workspace in {folder} (real model; a few minutes on 2 cores)")
        case_ids = build_demo_workspace(folder / "ws")
        written = render_screens(app, folder / "ws", out, case_ids)
    except PrescreenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(written)} screenshots in {out}")
    return 0
