"""Varied wording for triage stories, so a model cannot learn one template.

A story is told in one of several *voices* (the patient in lay words, a
caregiver, a clinician's note, a phone-triage summary). Each symptom is said
with a phrasing sampled from the lexicon, the order of symptoms is shuffled,
and the connecting sentences come from several alternatives.
"""

from __future__ import annotations

import random

from core.datasets.conditions import SymptomPhrasing

#: First words that make a lay phrasing a full clause ("I can't sleep") rather
#: than a noun phrase ("a sharp pain") that needs a verb around it.
_CLAUSE_STARTS = {
    "i", "i'm", "i've", "my", "it", "the", "one", "things", "light", "they", "they're", "their", "we",
    "there", "nothing", "everything",
}

LAY_OPENERS = (
    "Hi, I'm calling because",
    "I came in today because",
    "I don't usually bother anyone, but",
    "Sorry to trouble you.",
    "Something isn't right.",
    "Hello.",
    "I need some advice.",
)

CAREGIVER_RELATIONS = {"female": ("daughter", "girl"), "male": ("son", "boy")}
ADULT_RELATIONS = {"female": ("mother", "wife", "sister", "partner", "friend"),
                   "male": ("father", "husband", "brother", "partner", "friend")}

CLINICAL_TEMPLATES = (
    "{age}yo {sexc} presenting with {symptoms}, onset {onset}, duration {duration}.{score} PMH: {history}. Meds: {meds}.",
    "Pt is a {age}-year-old {sex} c/o {symptoms} for {duration} ({onset} onset).{score} Hx {history}. Current meds: {meds}.",
    "CC: {first}. HPI: {age} y/o {sex}, {duration} of {symptoms}; onset {onset}.{score} Background: {history}. Medications: {meds}.",
    "{age}{sexc} with {duration} history of {symptoms}. Onset {onset}.{score} Past history: {history}. On {meds}.",
)

PHONE_TEMPLATES = (
    "Caller reports {symptoms} for {duration}, onset {onset}.{score} Known {history}. Takes {meds}.",
    "Phone triage: {age}-year-old {sex} describing {symptoms}. Started {onset}, {duration} ago.{score} History of {history}.",
)


def resolved_span(duration: str) -> str | None:
    """How long a finding lasted when the library writes it as resolved ("resolved after 20 minutes")."""
    return duration[len("resolved after "):] if duration.startswith("resolved after ") else None


def symptom_phrase(name: str, phrasing: SymptomPhrasing, register: str, rng: random.Random) -> str:
    """One way to say a symptom in the given register ("lay" or "clinical")."""
    options = phrasing.lay if register == "lay" else phrasing.clinical
    return rng.choice(options)


def as_lay_sentence(phrase: str, rng: random.Random) -> str:
    """A lay phrasing as a sentence: clauses as they are, noun phrases given a verb."""
    first = phrase.split()[0].lower()
    if first in _CLAUSE_STARTS:
        sentence = phrase
    else:
        sentence = rng.choice(("I've got {}", "I have {}", "there's {}", "I've been having {}")).format(phrase)
    return sentence[0].upper() + sentence[1:] + "."


def join_list(items: list[str], rng: random.Random) -> str:
    """Items joined the way people write lists, with or without an Oxford comma."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    joiner = rng.choice((", and ", " and ", ", "))
    return ", ".join(items[:-1]) + joiner + items[-1]


def lay_story(facts: dict, phrases: list[str], rng: random.Random) -> str:
    """The patient in their own words (first person)."""
    span = resolved_span(facts["duration"])
    sentences = [as_lay_sentence(p, rng) for p in phrases]
    if span:
        # Said of each finding in its own sentence, so the red-flag reader sees it has gone.
        sentences = [s[:-1] + rng.choice((", but it has gone now.", f", which went away after {span}.",
                                           f" (it resolved after {span}).")) for s in sentences]
    start = rng.choice(LAY_OPENERS)
    timing = rng.choice((
        "It started {onset} and has been going on for {duration}.",
        "This has been going on for {duration}.",
        "It's been about {duration} now.",
        "It came on {onset}.",
    ) if not span else ("It came on {onset} and lasted {span}.", "It lasted about {span}.")).format(
        onset=_onset_words(facts["onset"]), duration=facts["duration"], span=span)
    parts = [start, *sentences, timing]
    if facts.get("score"):
        parts.append(f"The questionnaire I filled in came to {facts['score']['value']}.")
    if facts["history"] and rng.random() < 0.7:
        parts.append(rng.choice(("Background: {}.", "Some background: {}.", "Other things: {}.")).format(
            join_list([h for h in facts["history"]], rng)))
    return " ".join(parts)


def caregiver_story(facts: dict, names: list[str], rng: random.Random) -> str:
    """A parent or relative speaking about the patient (children, or patients who cannot speak)."""
    sex, age = facts["sex"], facts["age"]
    relation = rng.choice(CAREGIVER_RELATIONS[sex] if age < 18 else ADULT_RELATIONS[sex])
    pronoun = "She" if sex == "female" else "He"
    span = resolved_span(facts["duration"])
    gone = f", all resolved after {span}" if span else ""
    first = rng.choice((
        f"My {relation}, who is {age}, has had {join_list(names, rng)}{gone}.",
        f"I'm worried about my {relation} ({age}). {pronoun} had {join_list(names, rng)}{gone}.",
        f"My {age}-year-old {relation} had {join_list(names, rng)}{gone}.",
    ) if span else (
        f"My {relation}, who is {age}, has had {join_list(names, rng)}.",
        f"I'm worried about my {relation} ({age}). {pronoun} has {join_list(names, rng)}.",
        f"My {age}-year-old {relation} has {join_list(names, rng)}.",
    ))
    if span:
        return " ".join([first, f"It started {_onset_words(facts['onset'])} and lasted {span}."])
    timing = rng.choice((
        "It started {onset}, about {duration} ago.",
        "It came on {onset} and it has been {duration} now.",
        "This has been going on for {duration}.",
        "{pronoun} has been like this for {duration}; it started {onset}.",
    )).format(onset=_onset_words(facts["onset"]), duration=facts["duration"], pronoun=pronoun)
    return " ".join([first, timing])


def clinical_story(facts: dict, phrases: list[str], rng: random.Random, phone: bool = False) -> str:
    """A clinician's or phone-triage note in clinical shorthand."""
    template = rng.choice(PHONE_TEMPLATES if phone else CLINICAL_TEMPLATES)
    score = f" {facts['score']['instrument']} {facts['score']['value']}." if facts.get("score") else ""
    span = resolved_span(facts["duration"])
    if span:
        phrases = [f"{p} (resolved)" for p in phrases]
    return template.format(
        age=facts["age"],
        sex=facts["sex"],
        sexc="F" if facts["sex"] == "female" else "M",
        symptoms=join_list(phrases, rng),
        first=phrases[0],
        onset=facts["onset"],
        duration=span or facts["duration"],
        history=join_list(list(facts["history"]), rng) or "nil significant",
        meds=join_list(list(facts["medications"]), rng) or "no regular medicines",
        score=score,
    )


def _onset_words(onset: str) -> str:
    """Onset as it reads inside a sentence ("sudden" -> "suddenly")."""
    return {"sudden": "suddenly", "ongoing": "a while back", "seasonal": "with the season"}.get(onset, onset)
