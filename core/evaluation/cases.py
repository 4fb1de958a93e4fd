"""The case sets a model is evaluated on.

* ``vignettes``: the 60 triage development vignettes (``tests/data/vignettes.jsonl``:
  free-text case descriptions with an expected priority), read through the same
  story parser the nurse's free-text intake uses.
* ``heldout:NAME``: the held-back (``split == "eval"``) triage records of a
  synthetic dataset in the workspace, with their target answers (used for
  perplexity).
* a path to a JSONL file of either shape.

Every set has a fingerprint (sha256 over ids, labels and inputs), so the gate
can refuse to compare evaluations made on different versions of a set.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import NotFoundError, ValidationError
from core.triage.priority import Priority

VIGNETTES = Path(__file__).resolve().parents[2] / "tests" / "data" / "vignettes.jsonl"


@dataclass(frozen=True)
class EvalCase:
    """One case: its id, label, the validated intake and (held-out records) the reference answer."""

    case_id: str
    expected: Priority
    intake: Any
    reference: str | None = None


@dataclass(frozen=True)
class CaseSet:
    name: str
    cases: list[EvalCase]
    set_hash: str
    source: str


def resolve_set(spec: str, datasets_dir: Path | None = None, limit: int | None = None) -> CaseSet:
    """A case set from ``vignettes``, ``heldout:NAME`` or a JSONL path.

    Raises:
        ValidationError: an unknown spec, or a file without usable triage cases.
        NotFoundError: the dataset or file does not exist.
    """
    if spec == "vignettes":
        return load_file(VIGNETTES, "vignettes", limit)
    if spec.startswith("heldout:"):
        name = spec.split(":", 1)[1].strip()
        if not name or datasets_dir is None:
            raise ValidationError("set", f"'{spec}' names no dataset", "use heldout:DATASET_NAME")
        return load_dataset(Path(datasets_dir), name, limit)
    path = Path(spec)
    if path.suffix == ".jsonl":
        return load_file(path, path.stem, limit)
    raise ValidationError("set", f"'{spec}' is not a case set", "use vignettes, heldout:DATASET or a .jsonl file")


def load_dataset(datasets_dir: Path, name: str, limit: int | None = None) -> CaseSet:
    """The held-back triage records (``split == "eval"``, every phrasing) of a workspace dataset.

    Raises:
        NotFoundError: no such dataset.
        ValidationError: the dataset has no held-back triage record.
    """
    from core.datasets import store

    folder = store.dataset_folder(Path(datasets_dir), name)
    if not folder.is_dir():
        raise NotFoundError(f"no dataset '{name}' in {datasets_dir}; see `prescreen data list`")
    rows = [r.model_dump(mode="json") for r in store.read_records(folder)
            if r.category == "triage" and r.split == "eval"]
    if not rows:
        raise ValidationError("set", f"dataset '{name}' holds no held-back triage case",
                              "generate it with triage cases and an --eval-share above 0")
    cases = [_record(row, number) for number, row in enumerate(rows, 1)]
    if limit is not None:
        cases = balanced(cases, limit)
    return CaseSet(f"heldout:{name}", cases, fingerprint(cases), str(folder))


def load_file(path: Path, name: str, limit: int | None = None) -> CaseSet:
    """Read vignette lines (``case_description`` + ``expected_priority``) or dataset records
    (``intake`` + ``target``, only ``split == "eval"`` when the file has splits)."""
    if not Path(path).is_file():
        raise NotFoundError(f"no case file at {path}")
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    with_split = any("split" in row for row in rows)
    cases = []
    for number, row in enumerate(rows, 1):
        if "case_description" in row:
            cases.append(_vignette(row, number))
        elif isinstance(row.get("intake"), dict) and row.get("category", "triage") == "triage":
            if with_split and row.get("split") != "eval":
                continue  # training data never evaluates a model
            cases.append(_record(row, number))
    if not cases:
        raise ValidationError("set", f"{path} holds no held-back triage case",
                              "use a file of vignettes or of triage records with split 'eval'")
    if limit is not None:
        cases = balanced(cases, limit)
    return CaseSet(name, cases, fingerprint(cases), str(path))


def _vignette(row: dict[str, Any], number: int) -> EvalCase:
    from core.triage.intake import intake_from_story

    case_id = str(row.get("id") or f"line{number}")
    return EvalCase(case_id, Priority.parse(row["expected_priority"], f"{case_id}.expected_priority"),
                    intake_from_story(row["case_description"]))


def _record(row: dict[str, Any], number: int) -> EvalCase:
    from core.triage.intake import parse_intake

    case_id = str(row.get("id") or f"line{number}")
    target = row.get("target") or {}
    label = target.get("priority") or row.get("severity")
    if label is None:
        raise ValidationError(f"{case_id}.target.priority", "is missing", "regenerate the dataset")
    return EvalCase(case_id, Priority.parse(label, f"{case_id}.target.priority"), parse_intake(row["intake"]),
                    reference_answer(target) if target else None)


def reference_answer(target: dict[str, Any]) -> str:
    """The target draft exactly as training teaches the model to write it."""
    try:
        from core.training.examples import engine_answer
    except ImportError:  # training not installed: same compact JSON
        return json.dumps(target, ensure_ascii=False, separators=(",", ":"))
    return engine_answer(target)


def balanced(cases: list[EvalCase], limit: int) -> list[EvalCase]:
    """Up to ``limit`` cases taken in turn from each priority, so a short run still covers all four."""
    if limit < 1:
        raise ValidationError("limit", f"{limit} is not a positive number of cases", "use 1 or more")
    queues = {p: [c for c in cases if c.expected == p] for p in sorted(Priority, reverse=True)}
    out: list[EvalCase] = []
    while len(out) < min(limit, len(cases)):
        for queue in queues.values():
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out


def fingerprint(cases: list[EvalCase]) -> str:
    """sha256 over each case's id, label, intake and reference."""
    digest = hashlib.sha256()
    for case in cases:
        intake = case.intake.to_record() if hasattr(case.intake, "to_record") else case.intake
        digest.update(json.dumps([case.case_id, case.expected.label, intake, case.reference], sort_keys=True,
                                 default=str).encode())
    return digest.hexdigest()
