"""Triage cases: patient facts from the library, the intake, the target assessment.

A case *group* is one fictional patient with one presentation (the raw
facts). Its *variants* tell the same facts in different voices, registers
and layouts. The target assessment is fixed per group: it follows from the
facts, not from the wording.

The intake dict has the fields the triage engine's intake parser reads
(``core.triage.intake``): age, sex, race_ethnicity, history, medications,
allergies, symptoms[{name, onset, duration, severity}], vitals{...},
pregnancy_status, story. The target has the fields of the model's draft
(``core.triage.assessment.DRAFT_SCHEMA``).
"""

from __future__ import annotations

import json
import random
from collections import Counter

from core.datasets import phrasing
from core.datasets.conditions import Condition, ConditionLibrary
from core.datasets.demographics import Profile, Stratum, make_profile, stratified_schedule
from core.triage.assessment import DRAFT_SCHEMA
from core.triage.priority import Priority

ALLERGIES = ("penicillin", "sulfa drugs", "latex", "codeine", "shellfish", "ibuprofen")

INSTRUCTIONS = (
    "Triage this patient for the nurse. Reply with the JSON assessment (priority, confidence, key_concerns, "
    "questions_to_ask, preliminary_assessment, cited_passages).",
    "Read the intake below and write a preliminary triage assessment as JSON.",
    "You support a clinic nurse. Assess how urgent this presentation is and answer with the assessment JSON.",
    "Assign a triage priority (Critical, High, Medium or Low) and draft the preliminary assessment JSON for this intake.",
    "Write the preliminary triage assessment for this patient as one JSON object.",
)

#: (voice, register, style) combinations a variant can take; each group walks them in its own order.
PHRASINGS = (
    ("patient", "lay", "free_text"),
    ("clinician", "clinical", "structured"),
    ("phone", "clinical", "mixed"),
    ("patient", "lay", "mixed"),
    ("clinician", "clinical", "free_text"),
    ("caregiver", "lay", "structured"),
)

# Patients who cannot tell their own story: a caregiver or bystander speaks.
_CANNOT_SPEAK = {"unresponsive", "seizure", "confusion"}
# The target obeys the engine's draft schema limits (read from it, so the two cannot drift).
_PROPS = DRAFT_SCHEMA["properties"]
_MAX_ITEMS = _PROPS["key_concerns"].get("maxItems", 4)
_MAX_ITEM = _PROPS["key_concerns"]["items"].get("maxLength", 120)
_MAX_QUESTIONS = _PROPS["questions_to_ask"].get("maxItems", 4)
_MAX_ASSESSMENT = _PROPS["preliminary_assessment"].get("maxLength", 300)


def plan_cases(library: ConditionLibrary, n: int, rng: random.Random) -> list[tuple[Stratum, Condition]]:
    """Choose a (stratum, condition) for each of ``n`` cases.

    Demographics follow the stratified schedule; target priorities cycle
    through all four so labels stay balanced; within a priority the least
    used fitting condition is taken, so every condition appears.
    """
    schedule = stratified_schedule(n, rng)
    priorities = list(Priority)
    used: Counter[str] = Counter()
    plan = []
    for index, stratum in enumerate(schedule):
        if index % len(priorities) == 0:
            rng.shuffle(priorities)
        wanted = priorities[index % len(priorities)]
        low, high = stratum.age_limits
        fitting = [c for c in library.conditions
                   if c.age[0] <= high and c.age[1] >= low and stratum.sex in c.sex]
        candidates = [c for c in fitting if c.priority is wanted] or fitting
        least = min(used[c.id] for c in candidates)
        choice = rng.choice([c for c in candidates if used[c.id] == least])
        used[choice.id] += 1
        plan.append((stratum, choice))
    return plan


def case_facts(group_id: str, condition: Condition, profile: Profile, rng: random.Random) -> dict:
    """The raw facts of one case (what every variant of it says)."""
    optional = [s for s in condition.optional if rng.random() < 0.5]
    symptoms = list(condition.symptoms) + optional
    rng.shuffle(symptoms)
    onset, duration = rng.choice(condition.onset), rng.choice(condition.duration)
    facts = {
        "group_id": group_id,
        "condition": condition.id,
        "icd10": condition.icd10,
        "priority": condition.priority.label,
        "age": profile.age,
        "age_band": profile.age_band,
        "sex": profile.sex,
        "race_ethnicity": profile.race_ethnicity,
        "pregnancy_status": _pregnancy(condition, profile, rng),
        "symptoms": [{"name": s, "onset": onset, "duration": duration,
                      "severity": _severity(condition.priority, rng)} for s in symptoms],
        "onset": onset,
        "duration": duration,
        "history": rng.sample(list(condition.history), k=min(len(condition.history), rng.randint(1, 3))),
        "medications": rng.sample(list(condition.medications), k=min(len(condition.medications), rng.randint(0, 3))),
        "allergies": [] if rng.random() < 0.6 else [rng.choice(ALLERGIES)],
        "vitals": _vitals(condition, profile.age, rng),
        "score": None,
        "identity": {"name": f"{profile.first_name} {profile.last_name}", "city": profile.city,
                     "clinic": profile.clinic, "clinician": profile.clinician},
    }
    if condition.score:
        value = rng.randint(*condition.score.range)
        facts["score"] = {"instrument": condition.score.instrument, "value": value}
        facts["history"] = facts["history"] + [f"{condition.score.instrument} score {value} today"]
    facts["target"] = target_assessment(condition, facts, rng)
    return facts


def target_assessment(condition: Condition, facts: dict, rng: random.Random) -> dict:
    """The expected draft: same keys and limits as the engine's DRAFT_SCHEMA, and a draft the nurse can use.

    The model learns to write what it is shown, so the answer obeys the draft check
    (``core.evaluation.drafts``) on the case's own facts: key concerns are findings the case states
    (its abnormal vital signs, the library's concerns whose every word the case supports, its
    symptoms), none repeats another; questions are phrased as questions; the assessment is one
    hedged sentence about this patient ("58-year-old male with chest pain and sweating; may suggest
    ..."), followed by the presentation's own advice where that repeats neither the prompt nor a
    concern. ``cited_passages`` names the presentation's protocol (training keeps it only where the
    prompt shows that protocol, see ``core.training.examples``).
    """
    from core.evaluation import drafts

    known = _facts_text(facts)
    supported = drafts.content_stems(known)
    names = _distinct([s["name"] for s in facts["symptoms"]])
    library_concerns = [c for c in condition.key_concerns if drafts.content_stems(c) <= supported]
    concerns = _distinct(_vital_concerns(facts["vitals"]) + library_concerns + names)[:min(3, _MAX_ITEMS)]
    questions = [q for q in rng.sample(list(condition.questions), k=len(condition.questions)) if drafts.is_question(q)]
    base = {
        "priority": condition.priority.label,
        "confidence": 0.8 if condition.evidence == "guideline" else 0.7,
        "key_concerns": [_fit(c, _MAX_ITEM) for c in concerns],
        "questions_to_ask": [_fit(q, _MAX_ITEM) for q in questions[:min(3, _MAX_QUESTIONS)]],
        "cited_passages": [condition.guideline] if condition.guideline else [],
    }
    candidates = [a for a in _assessments(condition, facts, names, rng) if len(a) <= _MAX_ASSESSMENT]
    for assessment in candidates:
        # A long concern the sentence already says is left out of the list (the check calls it a repeat).
        inside = f" {' '.join(drafts.words(assessment))} "
        listed = [c for c in base["key_concerns"]
                  if len(drafts.words(c)) < 4 or f" {' '.join(drafts.words(c))} " not in inside]
        target = {**base, "key_concerns": listed, "preliminary_assessment": assessment}
        if listed and drafts.check_draft(target, known).usable:
            return target
    return {**base, "preliminary_assessment": candidates[-1] if candidates else _fit(_lead(facts, names[:1], condition,
                                                                                     rng), _MAX_ASSESSMENT)}


def _facts_text(facts: dict) -> str:
    """What every variant of the case states (the draft check grounds the answer's concerns in it)."""
    v = facts["vitals"]
    parts = [f"{facts['age']}-year-old {facts['sex']}", *[s["name"] for s in facts["symptoms"]],
             *facts["history"], *facts["medications"], *_vital_concerns(v),
             f"blood pressure {v['bp_systolic']}/{v['bp_diastolic']}, heart rate {v['heart_rate']}, "
             f"respiratory rate {v['resp_rate']}, temperature {v['temperature_c']}, oxygen saturation {v['spo2']}%"]
    return ". ".join(parts)


def _distinct(items: list[str]) -> list[str]:
    """Items in order, leaving out one that repeats an earlier one or lies inside it (or around it)."""
    from core.evaluation.drafts import words

    kept: list[str] = []
    normal: list[str] = []
    for item in items:
        text = f" {' '.join(words(item))} "
        if text.strip() and not any(text in f" {n} " or f" {n} " in text for n in normal):
            kept.append(item)
            normal.append(text.strip())
    return kept


def _lead(facts: dict, names: list[str], condition: Condition, rng: random.Random) -> str:
    return (f"{facts['age']}-year-old {facts['sex']} with {phrasing.join_list(names, rng)}; "
            f"may suggest {_plain_name(condition.name)}.")


def _assessments(condition: Condition, facts: dict, names: list[str], rng: random.Random) -> list[str]:
    """Assessment sentences to try, best first: the hedged lead with the presentation's advice, with
    its advice clause by clause, then the lead alone, each with fewer symptoms named."""
    from core.evaluation.drafts import echoed_phrase

    leads = [_lead(facts, names[:k], condition, rng) for k in (3, 2, 1) if k <= max(1, len(names))]
    leads += [_lead(facts, names[k:k + 1], condition, rng) for k in range(1, len(names))]
    leads.append(f"{facts['age']}-year-old {facts['sex']}: the presentation may suggest {_plain_name(condition.name)}.")
    clauses = [c.strip().rstrip(".") for c in condition.assessment.split(";")]
    advice = [condition.assessment.strip()]
    kept = [c for c in clauses if c and echoed_phrase(c) is None]
    if kept and len(kept) < len(clauses):
        advice.append("; ".join(kept) + ".")
    out = [f"{lead} {a[0].upper()}{a[1:]}" for lead in leads for a in advice]
    return out + leads


#: How triage stories are written: short templated stories, clinical case reports, or both.
STORY_STYLES = ("short", "vignette", "mixed")


def render_variant(facts: dict, library: ConditionLibrary, variant: int, rng: random.Random,
                   story_style: str = "short") -> dict:
    """One phrasing of a case: story, intake, instruction and input text.

    Args:
        story_style: "short" (a templated story in one of several voices), "vignette" (a
            clinical case report, ``core.datasets.vignettes``) or "mixed" (each case group
            is one or the other, half and half, decided by its id).

    Returns:
        A dict with keys instruction, input, output, intake, style, wording.
    """
    order = list(PHRASINGS)
    random.Random(facts["group_id"]).shuffle(order)  # each group walks the phrasings in its own order
    voice, register, style = order[variant % len(order)]
    names = [s["name"] for s in facts["symptoms"]]
    if facts["age"] < 12 or _CANNOT_SPEAK & set(names):
        voice, register = "caregiver", "lay"
    if story_style == "vignette" or (story_style == "mixed" and random.Random(f"{facts['group_id']}:style").random() < 0.5):
        from core.datasets.vignettes import vignette_story

        voice, register, style = "clinician", "clinical", "vignette"
    phrases = [phrasing.symptom_phrase(n, library.symptoms[n], register, rng) for n in names]
    if style == "vignette":
        story = vignette_story(facts, library.by_id(facts["condition"]), library, rng)
    elif voice == "caregiver":
        story = phrasing.caregiver_story(facts, names, rng)
    elif voice == "patient":
        story = phrasing.lay_story(facts, phrases, rng)
    else:
        story = phrasing.clinical_story(facts, phrases, rng, phone=voice == "phone")
    if rng.random() < 0.2 and style != "vignette":
        # Some stories name the (fictional) patient or clinician, as real intakes do.
        who = facts["identity"]
        story += rng.choice((f" Patient: {who['name']}.", f" Usually sees {who['clinician']}.",
                             f" Lives in {who['city']}."))
    intake = {
        "age": facts["age"],
        "sex": facts["sex"],
        "race_ethnicity": facts["race_ethnicity"],
        "history": list(facts["history"]),
        "medications": list(facts["medications"]),
        "allergies": list(facts["allergies"]),
        "symptoms": [dict(s) for s in facts["symptoms"]],
        "vitals": dict(facts["vitals"]),
        "pregnancy_status": facts["pregnancy_status"],
        "story": story,
    }
    return {
        "instruction": rng.choice(INSTRUCTIONS),
        # A vignette states its vital signs in its own prose: the input is the case report.
        "input": story if style == "vignette" else render_intake_text(intake, style, rng),
        "output": json.dumps(facts["target"], ensure_ascii=False),
        "intake": intake,
        "style": "free_text" if style == "vignette" else style,
        "wording": register,
    }


def render_intake_text(intake: dict, style: str, rng: random.Random) -> str:
    """The intake as the model reads it in instruction form, in one of three layouts."""
    vitals = format_vitals(intake["vitals"], rng)
    if style == "free_text":
        return f"{intake['story']}\n{vitals}"
    header = f"{intake['age']}-year-old {intake['sex']}, {intake['race_ethnicity']}"
    if style == "mixed":
        meds = ", ".join(intake["medications"]) or "none"
        return f"Patient: {header}\n{intake['story']}\n{vitals}\nMedications: {meds}"
    fields = [
        ("History", ", ".join(intake["history"]) or "none"),
        ("Medications", ", ".join(intake["medications"]) or "none"),
        ("Allergies", ", ".join(intake["allergies"]) or "no known drug allergies"),
    ]
    if intake["sex"] == "female" and intake["pregnancy_status"] != "unknown":
        fields.append(("Pregnancy", intake["pregnancy_status"].replace("_", " ")))
    rng.shuffle(fields)
    symptoms = "\n".join(f"- {s['name']} (onset {s['onset']}, {s['duration']}, {s['severity']})"
                         for s in intake["symptoms"])
    lines = [f"Patient: {header}", "Symptoms:", symptoms, vitals]
    lines += [f"{k}: {v}" for k, v in fields]
    lines.append(f"Story: {intake['story']}")
    return "\n".join(lines)


def format_vitals(v: dict, rng: random.Random) -> str:
    """Vital signs in one of two common notations."""
    if rng.random() < 0.5:
        return (f"Vitals: BP {v['bp_systolic']}/{v['bp_diastolic']}, HR {v['heart_rate']}, RR {v['resp_rate']}, "
                f"T {v['temperature_c']} C, SpO2 {v['spo2']}%, pain {v['pain_score']}/10")
    return (f"Vital signs: blood pressure {v['bp_systolic']}/{v['bp_diastolic']} mmHg, pulse {v['heart_rate']}/min, "
            f"respiratory rate {v['resp_rate']}/min, temperature {v['temperature_c']} °C, "
            f"oxygen saturation {v['spo2']}%, pain score {v['pain_score']} of 10")


def new_profile(stratum: Stratum, condition: Condition, rng: random.Random) -> Profile:
    return make_profile(stratum, rng, age_range=condition.age)


_PAINFUL = ("pain", "headache", "ache", "injury", "sore", "wound")


def _vitals(condition: Condition, age: int, rng: random.Random) -> dict:
    ranges = condition.vitals_ranges()
    if "pain_score" not in condition.vitals and not any(
            word in name for name in condition.symptoms for word in _PAINFUL):
        ranges["pain_score"] = (0, 2)  # nothing in the presentation hurts
    vitals = {}
    for name, (low, high) in ranges.items():
        if name == "temperature_c":
            vitals[name] = round(rng.uniform(low, high), 1)
        else:
            vitals[name] = rng.randint(int(low), int(high))
    if age < 12:
        # Children breathe and beat faster at the same level of illness.
        vitals["heart_rate"] = min(200, vitals["heart_rate"] + 20)
        vitals["resp_rate"] = min(45, vitals["resp_rate"] + 8)
    # Diastolic follows systolic (pulse pressure roughly 30-60% of systolic), within its own range.
    low_d, high_d = ranges["bp_diastolic"]
    paired = max(int(low_d), min(int(high_d), round(vitals["bp_systolic"] * rng.uniform(0.52, 0.68))))
    vitals["bp_diastolic"] = min(paired, vitals["bp_systolic"] - 20)
    return vitals


def _vital_concerns(v: dict) -> list[str]:
    concerns = []
    if v["spo2"] < 94:
        concerns.append(f"oxygen saturation {v['spo2']}%")
    if v["bp_systolic"] < 90:
        concerns.append(f"low blood pressure {v['bp_systolic']}/{v['bp_diastolic']}")
    elif v["bp_systolic"] >= 180:
        concerns.append(f"blood pressure {v['bp_systolic']}/{v['bp_diastolic']}")
    if v["resp_rate"] >= 25 or v["resp_rate"] <= 9:
        concerns.append(f"respiratory rate {v['resp_rate']}/min")
    if v["temperature_c"] >= 38.5:
        concerns.append(f"temperature {v['temperature_c']} °C")
    return concerns


def _severity(priority: Priority, rng: random.Random) -> str:
    choices = {Priority.LOW: ("mild", "mild", "moderate"), Priority.MEDIUM: ("mild", "moderate"),
               Priority.HIGH: ("moderate", "severe"), Priority.CRITICAL: ("severe",)}
    return rng.choice(choices[priority])


def _pregnancy(condition: Condition, profile: Profile, rng: random.Random) -> str:
    # Values of core.triage.intake.PregnancyStatus; "unknown" is also its "not applicable".
    if profile.sex != "female" or not 12 <= profile.age <= 50:
        return "unknown"
    if condition.pregnancy == "required":
        return "pregnant"
    if condition.pregnancy == "excluded":
        return "not_pregnant"
    return rng.choice(("not_pregnant", "not_pregnant", "unknown"))


def _fit(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut at a clause or word boundary, never mid-word."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for mark in ("; ", ", "):
        if mark in cut:
            return cut[: cut.rindex(mark)].rstrip(",;") + "."
    return cut[: cut.rindex(" ")] if " " in cut else cut


def _plain_name(name: str) -> str:
    for prefix in ("Suspected ", "Possible "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name[0].lower() + name[1:]
