"""The data dictionary: field definitions, terminology and generation method.

Written for each dataset version to ``reports/data-dictionary-NAME-vN.md``
and ``.html`` (the HTML uses the same renderer as the evaluation reports).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from core.datasets.conditions import ConditionLibrary
from core.datasets.demographics import AGE_BANDS, RACE_ETHNICITY
from core.datasets.manifest import Manifest
from core.datasets.records import Record
from core.triage.priority import Priority

RECORD_FIELDS = (
    ("id", "Unique record id: `<category prefix>-<group number>-v<variant>`."),
    ("group_id", "The underlying case; every phrasing (variant) of one case shares it."),
    ("family", "The unit of the train/eval split: the group itself, or the topic for template-based categories "
               "(conversations, benefits) so near-identical texts never straddle the split."),
    ("variant", "0 = canonical phrasing (stored in processed/); 1+ = augmented phrasings (augmented/)."),
    ("category", "triage, lab_interpretation, risk_stratification, patient_conversation, wearables, "
                 "benefits_navigation."),
    ("task", "Sub-task within the category (e.g. viral_load, disengagement, onboarding, heart_rate)."),
    ("condition / icd10", "Library condition id and its ICD-10-CM code, when the example is about one."),
    ("severity", "Priority label the example carries: Critical, High, Medium or Low."),
    ("evidence_level", "guideline, expert consensus, or rule (label computed by a stated points rule)."),
    ("source", "Always `synthetic`: no record comes from a real patient."),
    ("style / wording", "Layout (structured, free_text, mixed, dialogue) and language (lay, clinical, plain)."),
    ("patient_facing", "The output is addressed to a patient; readability and harm screens apply to it."),
    ("demographics", "age_band, sex, race_ethnicity of the fictional patient (for bias measurement)."),
    ("instruction / input / output", "The instruction-response form of the example."),
    ("messages", "Full multi-turn conversation (system, user, assistant...), ending with the assistant."),
    ("intake", "Triage only: the intake dict read by the triage engine (age, sex, race_ethnicity, history, "
               "medications, allergies, symptoms[name, onset, duration, severity], vitals, pregnancy_status, story)."),
    ("target", "Triage only: the expected draft (priority, confidence, key_concerns, questions_to_ask, "
               "preliminary_assessment, cited_passages), the engine's draft schema."),
    ("split", "train or eval, assigned by family."),
)

VITALS = (
    ("bp_systolic / bp_diastolic", "mmHg"), ("heart_rate", "beats/min"), ("resp_rate", "breaths/min"),
    ("temperature_c", "degrees Celsius"), ("spo2", "% oxygen saturation"), ("pain_score", "0-10"),
)

TERMINOLOGY = (
    "ICD-10-CM: US clinical modification of ICD-10; codes are written with the dot (I24.9, T78.2XXA). "
    "Social determinants use Z codes (Z59.00 homelessness, Z59.41 food insecurity, Z59.82 transport insecurity).",
    "PHQ-9 bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe; "
    "any positive item 9 needs a same-day safety assessment.",
    "GAD-7 bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.",
    "HIV viral load: below 50 copies/mL is 'undetectable'; 200 copies/mL or more on treatment is possible "
    "virologic failure. CD4 below 200 cells/mm3 is advanced HIV disease (Pneumocystis prophylaxis); below 100 "
    "adds cryptococcal screening.",
    "PEP (post-exposure prophylaxis) must start within 72 hours of exposure: a PEP request is High priority and "
    "time-critical. PrEP is pre-exposure prophylaxis, a routine start.",
    "Person-first language throughout (person who uses drugs, person with HIV).",
)


def render_markdown(manifest: Manifest, records: list[Record], library: ConditionLibrary) -> str:
    """The data dictionary of one dataset version as Markdown."""
    lines = [f"# Data dictionary: {manifest.name} (version {manifest.version})", ""]
    lines += ["## Manifest", "", "| Field | Value |", "|---|---|"]
    for key, value in (
        ("Records", manifest.size), ("Case groups", manifest.groups),
        ("Categories", ", ".join(f"{k}: {v}" for k, v in sorted(manifest.categories.items()))),
        ("Splits", ", ".join(f"{k}: {v}" for k, v in sorted(manifest.splits.items()))),
        ("Format", manifest.format), ("Target model", manifest.target_model), ("Created", manifest.created_at),
        ("Created by", manifest.created_by), ("Generator seed", manifest.generator_seed),
        ("Generator version", manifest.generator_version), ("Phrasings per case", manifest.variants),
        ("Content SHA-256", f"`{manifest.content_sha256}`"), ("PHI audit status", manifest.audit_status),
    ):
        lines.append(f"| {key} | {value} |")
    lines += ["", "## Record fields", "", "| Field | Definition |", "|---|---|"]
    lines += [f"| {name} | {text} |" for name, text in RECORD_FIELDS]
    lines += ["", "## Vital signs (intake.vitals)", "", "| Field | Unit |", "|---|---|"]
    lines += [f"| {name} | {unit} |" for name, unit in VITALS]
    lines += ["", "## Priorities", "", "| Priority | Meaning |", "|---|---|"]
    lines += [f"| {p.label} | {p.meaning} |" for p in sorted(Priority, reverse=True)]
    lines += ["", "## Terminology notes", ""] + [f"- {t}" for t in TERMINOLOGY]
    lines += ["", "## Contents", "", "| Category | Task | Records |", "|---|---|---|"]
    for (category, task), count in sorted(Counter((r.category, r.task) for r in records).items()):
        lines.append(f"| {category} | {task} | {count} |")
    lines += ["", "## Generation method", ""]
    lines += [
        f"- Seeded: every random choice derives from seed {manifest.generator_seed} through named sub-streams "
        "(per category, per case and variant); the same seed and parameters give byte-identical files.",
        f"- Demographics are stratified on purpose: age bands {', '.join(b for b, _, _ in AGE_BANDS)} x sex "
        f"(female, male) x race/ethnicity ({', '.join(RACE_ETHNICITY)}) are visited round-robin in shuffled "
        "order, so every cell holds the same number of cases (+-1).",
        "- Triage cases: priorities cycle so labels stay balanced; within a priority the least-used fitting "
        "condition is chosen; vitals are drawn from ranges consistent with the condition's priority.",
        "- Phrasing: each case is told in several voices (patient in lay words, caregiver, clinician note, phone "
        "triage) and layouts (structured, free text, mixed); symptom wording is sampled from lay and clinical "
        "synonyms and the symptom order is shuffled.",
        "- Other categories follow stated rules (lab bands, risk points, wearable patterns), so each label can be "
        "checked against its facts.",
        "- Identifiers: only the generator's fictional lists (core/datasets/fictional.py): invented names and "
        "towns, 555-01xx phone numbers, example.* e-mail domains, 000xx ZIP codes.",
        "- Splits by family: no case group or template topic appears in both train and eval.",
    ]
    lines += ["", f"## Condition library ({len(library.conditions)} presentations)", "",
              "| Condition | ICD-10-CM | Category | Priority | Critical |", "|---|---|---|---|---|"]
    for c in sorted(library.conditions, key=lambda c: (c.category, -c.priority, c.id)):
        lines.append(f"| {c.name} | {c.icd10} | {c.category} | {c.priority.label} | {'yes' if c.is_critical else 'no'} |")
    return "\n".join(lines) + "\n"


def write_dictionary(reports: Path, manifest: Manifest, records: list[Record],
                     library: ConditionLibrary) -> tuple[Path, Path]:
    """Write the Markdown and HTML data dictionary; returns both paths."""
    from core.evaluation.report import markdown_to_html

    reports = Path(reports)
    reports.mkdir(parents=True, exist_ok=True)
    stem = f"data-dictionary-{manifest.name}-v{manifest.version}"
    markdown = render_markdown(manifest, records, library)
    md_path, html_path = reports / f"{stem}.md", reports / f"{stem}.html"
    md_path.write_text(markdown, encoding="utf-8")
    html_path.write_text(markdown_to_html(markdown, f"Data dictionary: {manifest.name}"), encoding="utf-8")
    return md_path, html_path
