"""Key concerns taken from the intake's own findings, for a model that is not asked to write them.

With a model whose catalog entry says ``draft: key_concerns: intake``
(:mod:`core.triage.draft_style`), the draft's key concerns are what the intake
itself recorded, and the review screen says so ("from the intake, not written
by the model"): the presenting symptoms as recorded (with onset, duration and
severity), each once; without any, the vital signs measured, then the history;
without those, the story's first sentence.
"""

from __future__ import annotations

import re

from core.triage.protocol import words

#: At most this many key concerns (as the draft schema allows the model).
MAX_CONCERNS = 3
_MAX_CHARS = 80
_SENTENCE = re.compile(r"(?<!\d)[.;!?](?!\d)")


def intake_concerns(intake, limit: int = MAX_CONCERNS) -> list[str]:
    """The intake's findings as key concerns (see the module docstring); [] for an empty intake."""
    from core.triage.intake import _symptom_text, _vitals_text

    concerns: list[str] = []
    for symptom in intake.symptoms:
        mine = set(words(symptom.name))
        if any(mine <= set(words(earlier)) for earlier in concerns):
            continue  # "chest pain" after "pressure-like chest pain" says nothing new
        concerns.append(_cut(_symptom_text(symptom)))
        if len(concerns) == limit:
            return concerns
    if concerns:
        return concerns
    vitals = _vitals_text(intake.vitals)
    lines = [part.strip() for part in vitals.split(", ") if part.strip()] + list(intake.history)
    if lines:
        return [_cut(line) for line in lines[:limit]]
    first = _SENTENCE.split((intake.story or "").strip(), maxsplit=1)[0].strip()
    return [_cut(first)] if first else []


def _cut(text: str) -> str:
    """At most ``_MAX_CHARS`` characters (the draft schema's item length), cut at a word."""
    if len(text) <= _MAX_CHARS:
        return text
    return text[:_MAX_CHARS - 2].rsplit(" ", 1)[0].rstrip(",;:") + " …"
