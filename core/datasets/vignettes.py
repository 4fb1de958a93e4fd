"""Triage cases written as clinical case reports, beside the short templated stories.

A vignette tells the same facts as the short story (``core.datasets.triage_cases``)
the way a physician writes a case: several sentences of history with pertinent
negatives, past history, medicines and allergies, then the examination with the vital
signs in prose, and the laboratory results the presentation has (``findings.yaml``:
potassium for hyperkalaemia, glucose and ketones for DKA, a positive hCG for an ectopic
pregnancy). Children are brought by a parent. The label is the condition's, as for every
synthetic case, and the red-flag floor check of ``prescreen data validate`` reads the
vignette text like any other story.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from core.datasets.conditions import LIBRARY, Condition, ConditionLibrary
from core.datasets.phrasing import join_list, resolved_span
from core.triage.priority import Priority

FINDINGS_FILE = LIBRARY / "findings.yaml"

#: Findings a case may deny, by the kind of presentation it is not: pertinent negatives
#: never name one of the case's own symptoms (checked against its symptom names).
NEGATIVES = ("chest pain", "shortness of breath", "fever", "vomiting", "headache", "abdominal pain", "rash",
             "cough", "weight loss", "night sweats", "dizziness", "palpitations", "urinary symptoms",
             "loss of consciousness", "neck stiffness", "leg swelling", "diarrhea", "blood in the stool")

_APPEARANCE = {
    Priority.LOW: ("{he} looks well and is comfortable at rest.", "{he} is alert, well and chatting normally."),
    Priority.MEDIUM: ("{he} looks well but uncomfortable.", "{he} is alert and not distressed."),
    Priority.HIGH: ("{he} looks unwell.", "{he} appears uncomfortable and unwell."),
    Priority.CRITICAL: ("{he} looks unwell and anxious.", "{he} appears unwell.", "{he} looks pale and unwell."),
}
_CHILD_APPEARANCE = {
    Priority.LOW: ("{he} is playing in the waiting room.", "{he} is alert, smiling and well perfused."),
    Priority.MEDIUM: ("{he} is alert but miserable.", "{he} is alert and interactive."),
    Priority.HIGH: ("{he} is miserable and clingy.", "{he} looks unwell but is alert."),
    Priority.CRITICAL: ("{he} looks unwell.", "{he} is quiet and pale.", "{he} is irritable and looks unwell."),
}


class ConditionFindings(BaseModel):
    """Examination findings and laboratory results a presentation's vignettes may state."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    exam: tuple[str, ...] = ()
    labs: tuple[str, ...] = ()
    # A lab line's {value} is drawn from this range (one decimal).
    value: tuple[float, float] | None = None


class FindingsFile(BaseModel):
    model_config = ConfigDict(frozen=True)
    findings: dict[str, ConditionFindings] = Field(default_factory=dict)


@lru_cache(maxsize=1)
def load_findings(path: Path = FINDINGS_FILE) -> dict[str, ConditionFindings]:
    """The findings per condition id (validated; an unknown id is caught by the library test)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return FindingsFile(findings=raw).findings


def vignette_story(facts: dict, condition: Condition, library: ConditionLibrary, rng: random.Random) -> str:
    """The case as a clinical case report: history, examination, vital signs and results in prose."""
    sex, age = facts["sex"], facts["age"]
    he, his = ("she", "her") if sex == "female" else ("he", "his")
    child = age < 16
    names = [s["name"] for s in facts["symptoms"]]
    phrases = [rng.choice(library.symptoms[n].clinical) for n in names]
    span = resolved_span(facts["duration"])
    if span:
        # Said next to each finding, so the red-flag reader sees it has gone (a TIA).
        phrases = [f"{p} (resolved)" for p in phrases]
    duration = span or facts["duration"]
    who = _who(age, sex, rng)
    parts = []
    if child:
        parent = rng.choice(("mother", "father", "parents", "grandmother"))
        parts.append(f"{who} is brought to the clinic by {his} {parent} with {duration} of {join_list(phrases, rng)}.")
    else:
        parts.append(rng.choice((
            f"{who} presents to the clinic with {duration} of {join_list(phrases, rng)}.",
            f"{who} attends with {join_list(phrases, rng)} for {duration}.",
            f"{who} is seen at the walk-in clinic with {join_list(phrases, rng)}, which began {_onset(facts['onset'])}.",
        )))
    if span:
        parts.append(f"The symptoms came on {_onset(facts['onset'])}, lasted about {span} and have completely resolved.")
    elif "which began" not in parts[0]:
        parts.append(rng.choice((
            f"The symptoms began {_onset(facts['onset'])}.",
            f"{_cap(his) + ' carer' if child else _cap(he)} says it started {_onset(facts['onset'])} and has not settled.",
            f"It came on {_onset(facts['onset'])}; nothing has helped so far.",
        )))
    negatives = pertinent_negatives(names + phrases)
    denied = rng.sample(negatives, k=min(len(negatives), rng.randint(2, 3)))
    parts.append(rng.choice((f"{_cap(he)} denies {join_list(denied, rng)}.",
                             f"There is no {' and no '.join(denied[:2])}.",
                             f"{_cap(his)} {'parents report' if child else 'review of systems is negative for'} "
                             f"{'no ' + join_list(denied, rng) if child else join_list(denied, rng)}.")))
    history = [h for h in facts["history"] if not h.startswith(("PHQ-9", "GAD-7", "no significant", "no known"))]
    # "not eating well" first in a list would deny the items after it: said on its own.
    for item in [h for h in history if h.startswith("not ")]:
        history.remove(item)
        parts.append(f"{_cap(he)} is {item}.")
    if facts.get("score"):
        parts.append(f"{_cap(his)} {facts['score']['instrument']} score today is {facts['score']['value']}.")
    if history:
        parts.append(_cap(rng.choice(("Past history includes {}.", "{} is noted in the history.",
                                      "Background: {}.")).format(join_list(history, rng))))
    meds = facts["medications"]
    parts.append(f"{_cap(he)} takes {join_list(meds, rng)}." if meds else
                 f"{_cap(he)} takes no regular medicines.")
    allergies = facts["allergies"]
    parts.append(f"{_cap(he)} is allergic to {allergies[0]}." if allergies else "No known drug allergies.")
    if sex == "female" and facts.get("pregnancy_status") == "pregnant":
        parts.append(rng.choice(("A pregnancy test is positive.", f"{_cap(he)} is pregnant.")))
    appearance = (_CHILD_APPEARANCE if child else _APPEARANCE)[condition.priority]
    parts.append(_cap(rng.choice(appearance).format(he=he)))
    parts.append(_vitals_prose(facts["vitals"], rng))
    found = load_findings().get(condition.id)
    if found is not None:
        if found.exam:
            parts.append(_cap(rng.choice(found.exam).format(he=he, his=his)))
        if found.labs:
            low, high = found.value or (0.0, 0.0)
            parts.append(_cap(rng.choice(found.labs).format(value=round(rng.uniform(low, high), 1), he=he, his=his)))
    return " ".join(p for p in parts if p)


def pertinent_negatives(said: list[str]) -> list[str]:
    """The findings of :data:`NEGATIVES` a case may deny: none that it has, by word or concept."""
    from core.triage.lexicon import Lexicon

    lexicon = Lexicon.load_default()
    text = " . ".join(said).lower()
    present = {m.concept for m in lexicon.find(text)}
    return [n for n in NEGATIVES if n.split()[0] not in text
            and not {m.concept for m in lexicon.find(n)} & present]


def _who(age: int, sex: str, rng: random.Random) -> str:
    if age < 1:
        return f"A {rng.randint(3, 10)}-week-old {'girl' if sex == 'female' else 'boy'}"
    if age < 16:
        return f"A {age}-year-old {'girl' if sex == 'female' else 'boy'}"
    noun = "woman" if sex == "female" else "man"
    article = "An" if str(age).startswith(("8", "11", "18")) else "A"
    return f"{article} {age}-year-old {noun}"


def _vitals_prose(v: dict, rng: random.Random) -> str:
    order = [f"temperature {v['temperature_c']} °C", f"heart rate {v['heart_rate']} beats per minute",
             f"blood pressure {v['bp_systolic']}/{v['bp_diastolic']} mmHg",
             f"respiratory rate {v['resp_rate']} breaths per minute",
             f"oxygen saturation {v['spo2']}% on room air"]
    lead = rng.choice(("On examination, ", "Observations: ", "Vital signs: "))
    text = lead + ", ".join(order[:-1]) + " and " + order[-1] + "."
    if v.get("pain_score") is not None and rng.random() < 0.7:
        text += f" Pain is {v['pain_score']} out of 10."
    return text


def _onset(onset: str) -> str:
    return {"sudden": "suddenly", "ongoing": "a while ago", "seasonal": "with the season",
            "gradual": "gradually"}.get(onset, onset)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
