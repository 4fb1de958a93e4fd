"""The learned NER's identifiers (dates, ids, contacts), reported as the Safe Harbor entity types they are.

The learned model (:mod:`core.phi.learned_ner`) labels names as the small model did (PERSON, GPE,
and FACILITY beside them), which the stock ``SpacyRecognizer`` reports; this recognizer reports
its other labels ("DATE", "MEDICAL_RECORD_NUMBER", "DEVICE_ID" ...). A cue pattern on the same text
wins (the scanner treats these as NER results); these add what no pattern's phrasing matched.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from core.phi.learned_ner import IDENTIFIER_TYPES
from core.phi.recognizers.base import identifier_like

NAME = "LearnedIdentifierRecognizer"

# What a value of each type looks like: the model finds where an identifier is, its shape must agree
# ("ALT 310" is a lab value, not a vehicle; "61yo" an age under 90; "79/100" a score, not a date).
_MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A date in numbers has three parts, or a month and a four-digit year ("2-3 days", "2/3 doses", "GCS 14-15"
# are not dates); a month written as a word needs a number beside it; or a run of 6-8 digits (a DOB written
# together).
_DAY_MONTH = re.compile(r"(?<!\d)\d{1,4}[ \t]*([/.-])[ \t]*\d{1,2}[ \t]*\1[ \t]*\d{2,4}(?!\d)|"
                        r"(?<!\d)(?:0?[1-9]|1[0-2])[ \t]*[/.-][ \t]*(?:19|20)\d{2}(?!\d)|(?<!\d)\d{6,8}(?!\d)")
_MONTH_WORD = re.compile(rf"\b{_MONTH}(?![a-z])")
# A unit right after a value makes it a measure: "Take May 5 mg", "95 bpm".
_UNIT_AFTER = re.compile(r"(?i)^[ \t]*(?:mg|mcg|g|kg|ml|mls|l|units?|iu|mmol|mmhg|bpm|%|x\b|times|doses?|tabs?|puffs?)\b")
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]{2,}")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _an_id(value: str) -> bool:
    return identifier_like(value) and not _TITLE_WORD.search(value)


SHAPES = {
    "DATE": lambda v: bool(_DAY_MONTH.search(v) or (_MONTH_WORD.search(v) and re.search(r"\d", v))),
    "PHONE_NUMBER": lambda v: 7 <= _digits(v) <= 15,
    "FAX_NUMBER": lambda v: 7 <= _digits(v) <= 15,
    "EMAIL_ADDRESS": lambda v: "@" in v and " " not in v.strip(),
    "URL": lambda v: ("." in v or "/" in v) and " " not in v.strip(),
    "IP_ADDRESS": lambda v: bool(_IPV4.fullmatch(v.strip()) or (v.count(":") >= 2 and " " not in v.strip())),
    "US_SSN": lambda v: _digits(v) == 9,
    "ZIP_CODE": lambda v: _digits(v) in (5, 9),
    "STREET_ADDRESS": lambda v: _digits(v) >= 1 and len(v.split()) >= 2,
    "MEDICAL_RECORD_NUMBER": _an_id, "HEALTH_PLAN_NUMBER": _an_id, "ACCOUNT_NUMBER": _an_id,
    "LICENSE_NUMBER": _an_id, "VEHICLE_ID": _an_id, "DEVICE_ID": _an_id, "OTHER_ID": _an_id,
}


# Labels the model has that this recognizer does not report: an age over 89 is a number in a sentence full of
# numbers (pulse 95, 100F, sats 95%), and the biometric and photo phrases are fixed words the cue patterns
# already find; the learned model's versions cost more PHI-free flags than they found (table tests).
NOT_REPORTED = ("AGE_OVER_89", "BIOMETRIC", "PHOTO")
REPORTED_TYPES = tuple(t for t in IDENTIFIER_TYPES if t not in NOT_REPORTED)


def has_shape(entity_type: str, value: str) -> bool:
    """True when ``value`` looks like an identifier of ``entity_type`` (types with no shape pass)."""
    check = SHAPES.get(entity_type)
    return check is None or check(value)


class LearnedIdentifierRecognizer(EntityRecognizer):
    """Entities of the learned NER whose label is an identifier type, with the NLP engine's score for them
    (:data:`core.phi.engine.LEARNED_SCORE`: below any cue pattern's)."""

    def __init__(self, entities: tuple[str, ...] = REPORTED_TYPES) -> None:
        super().__init__(supported_entities=list(entities), supported_language="en", name=NAME)

    def load(self) -> None:  # the model is the NLP engine's
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if not nlp_artifacts or not nlp_artifacts.entities:
            return []
        wanted = set(self.supported_entities) & set(entities or self.supported_entities)
        results = []
        for ent, score in zip(nlp_artifacts.entities, nlp_artifacts.scores):
            if ent.label_ not in wanted or not has_shape(ent.label_, ent.text) or \
                    _UNIT_AFTER.match(text[ent.end_char:ent.end_char + 12]):
                continue
            explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                              textual_explanation=f"learned NER label {ent.label_}")
            results.append(RecognizerResult(ent.label_, ent.start_char, ent.end_char, score, explanation,
                                            recognition_metadata={
                                                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results
