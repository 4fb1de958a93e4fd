"""What a story says in numbers: laboratory results and how long a finding has lasted.

Read for the red-flag rules (``{lab: potassium, at_least: 6.5}``, ``{symptom: cough,
lasting_hours: 504}``), from the raw story, so that "potassium 6.8", "Hb 62 g/L",
"troponin raised", "hCG positive" or "cough for 3 weeks" count as the clinic's
protocols say they should.

A result counts only where the story asserts it now: "troponin negative", "no raised
lactate", "potassium 6.8 last year" and "check the lactate if ..." do not (the same
assertion reader as the findings, :mod:`core.triage.negation`). Units are converted
to the ones the rules use (glucose mg/dL -> mmol/L, haemoglobin g/dL -> g/L). Troponin
and hCG are read as a result ("raised", "positive"); a number alone makes troponin
raised from 52 ng/L (the ESC 0-hour rule-in value for hs-cTnT) and hCG positive from
25 IU/L (the usual urine-test cut-off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core.triage.negation import clause_of, clauses, status_of

LabName = Literal["potassium", "sodium", "glucose", "lactate", "haemoglobin", "troponin", "hcg", "inr"]
Result = Literal["raised", "normal", "positive", "negative"]

#: How each test is written; a lone letter (K, Na) only directly before its number.
_NAMES: dict[str, str] = {
    "potassium": r"potassium|serum k\+?|k\+|\bk(?=\s*(?:[:=]|of|was|is)?\s*\d\.\d)",
    "sodium": r"sodium|serum na\+?|na\+|\bna(?=\s*(?:[:=]|of|was|is)?\s*1\d\d\b)",
    "glucose": r"(?:blood |capillary |plasma |random |fasting )?glucose|blood sugar|\bsugars?\b|\bbm\b|\bcbg\b",
    "lactate": r"lactate|lactic acid",
    "haemoglobin": r"ha?emoglobin|\bhb\b|\bhgb\b",
    "troponin": r"(?:hs-?)?troponin(?: [it])?|\btrop\b|\bhs-?ctn[it]\b|\bctn[it]\b",
    "hcg": r"(?:beta[- ]?|b-?|β-?)?hcg|(?:urine |home |serum )?pregnancy test|\bupt\b",
    "inr": r"\binr\b",
}
_FILLER = r"(?:\s*(?:[:=]|level|levels|result|reading|value|was|is|of|at|came back(?: as| at)?|measured|today|this morning|now)\s*){0,3}\s*"
_NUMBER = r"(\d{1,4}(?:\.\d+)?)"
_UNIT = r"\s*(mmol\s*/\s*l|mmol|mg\s*/\s*dl|g\s*/\s*dl|g\s*/\s*l|ng\s*/\s*l|iu\s*/\s*l|miu\s*/\s*ml|%)?"
_WORDS_RAISED = r"raised|elevated|high|positive|up|rising|abnormal|detected"
_WORDS_NORMAL = r"normal|negative|not raised|not elevated|within (?:the )?normal (?:range|limits)|undetectable|unremarkable"

_VALUE_AFTER = {name: re.compile(rf"(?:{alias}){_FILLER}{_NUMBER}{_UNIT}") for name, alias in _NAMES.items()}
_WORD_AFTER = {name: re.compile(rf"(?:{alias})(?:\s*(?:[:=]|was|is|came back|test|result|level|were|has been|now|today)\s*){{0,3}}\s*"
                                rf"\b({_WORDS_NORMAL}|{_WORDS_RAISED})\b")
               for name, alias in _NAMES.items()}
_WORD_BEFORE = {name: re.compile(rf"\b({_WORDS_RAISED}|negative|normal)\s+(?:{alias})") for name, alias in _NAMES.items()}

#: Numeric thresholds for the two tests read as a result.
_RAISED_FROM = {"troponin": 52.0, "hcg": 25.0}


@dataclass(frozen=True)
class LabResult:
    """One result read from a story: a value in the rules' unit, or a result word."""

    name: str
    value: float | None
    result: Result | None
    text: str

    def describe(self) -> str:
        """How the result appears in a rule's reason ("potassium 6.8 mmol/L")."""
        if self.value is not None:
            unit = {"potassium": " mmol/L", "sodium": " mmol/L", "glucose": " mmol/L", "lactate": " mmol/L",
                    "haemoglobin": " g/L", "troponin": " ng/L", "hcg": " IU/L", "inr": ""}[self.name]
            return f"{_LABEL[self.name]} {self.value:g}{unit}"
        return f"{_LABEL[self.name]} {self.result}"


_LABEL = {"potassium": "potassium", "sodium": "sodium", "glucose": "glucose", "lactate": "lactate",
          "haemoglobin": "haemoglobin", "troponin": "troponin", "hcg": "hCG", "inr": "INR"}


def _convert(name: str, value: float, unit: str | None) -> float:
    unit = (unit or "").replace(" ", "")
    if name == "glucose" and (unit == "mg/dl" or (not unit and value > 60)):
        return round(value / 18.0, 1)
    if name == "haemoglobin" and (unit == "g/dl" or (not unit and value < 25)):
        return value * 10
    return value


def _result_of(name: str, value: float | None, word: str | None) -> Result | None:
    if word is not None:
        positive = re.fullmatch(_WORDS_RAISED, word) is not None
        if name == "hcg":
            return "positive" if positive else "negative"
        return "raised" if positive else "normal"
    if value is not None and name in _RAISED_FROM:
        high = value >= _RAISED_FROM[name]
        if name == "hcg":
            return "positive" if high else "negative"
        return "raised" if high else "normal"
    return None


def find_labs(text: str) -> list[LabResult]:
    """Every laboratory result the (lower-cased) story asserts now, in reading order.

    Args:
        text: the story, already lower-cased (``core.triage.lexicon.normalise``).
    """
    spans = clauses(text)
    found: list[tuple[int, LabResult]] = []
    seen: set[tuple[str, int]] = set()

    def asserted(start: int, end: int) -> bool:
        return status_of(text, start, end, clause_of(spans, start, len(text))) == "active"

    for name in _NAMES:
        for match in _VALUE_AFTER[name].finditer(text):
            value = _convert(name, float(match.group(1)), match.group(2))
            if asserted(match.start(), match.end()):
                seen.add((name, match.start()))
                found.append((match.start(), LabResult(name, value, _result_of(name, value, None), match.group(0))))
        for pattern in (_WORD_AFTER[name], _WORD_BEFORE[name]):
            for match in pattern.finditer(text):
                if (name, match.start()) in seen:
                    continue
                word = match.group(1)
                # "negative" is a result, not a denial: judge the assertion on the test's name alone.
                name_end = match.start(1) if pattern is _WORD_AFTER[name] else match.end()
                name_start = match.start() if pattern is _WORD_AFTER[name] else match.end(1)
                if asserted(name_start, name_end):
                    seen.add((name, match.start()))
                    found.append((match.start(), LabResult(name, None, _result_of(name, None, word), match.group(0))))
    return [result for _, result in sorted(found, key=lambda pair: pair[0])]


# ------------------------------------------------------------------ how long a finding has lasted
_UNITS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1.0, "hr": 1.0, "day": 24.0, "night": 24.0, "week": 168.0,
          "month": 730.0, "year": 8760.0}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "several": 3, "a few": 3, "few": 3, "couple of": 2,
                 "a couple of": 2}
_AMOUNT = r"(\d+(?:\.\d+)?|a few|a couple of|couple of|several|few|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_UNIT_RE = r"(minute|min|hour|hr|day|night|week|month|year)s?"
_LASTING = re.compile(
    rf"\b(?:for|over|during|since)\s+(?:the\s+)?(?:past|last|previous|almost|about|around|nearly|over|more than)?\s*"
    rf"{_AMOUNT}\s+{_UNIT_RE}\b|\b{_AMOUNT}[- ]{_UNIT_RE}(?:\s+|-)(?:history\s+)?of\b|\b{_AMOUNT}\s+{_UNIT_RE}\s+ago\b"
)


def lasting_hours(sentence: str) -> float | None:
    """The longest time the sentence says something has gone on, in hours; None if it says none.

    "cough for 3 weeks", "3 weeks of cough", "a 2-month history of", "started 10 days ago" all
    count; the longest is kept, so "for 3 weeks, worse today" still reads as 3 weeks.
    """
    longest = None
    for match in _LASTING.finditer(sentence):
        amount, unit = (match.group(1), match.group(2)) if match.group(1) else \
            (match.group(3), match.group(4)) if match.group(3) else (match.group(5), match.group(6))
        number = _NUMBER_WORDS.get(amount)
        hours = (float(amount) if number is None else float(number)) * _UNITS[unit]
        longest = hours if longest is None else max(longest, hours)
    return longest


# ------------------------------------------------------------------ a deficit left by an old event
# "weakness of the left arm since her stroke in 2019", "residual right-sided weakness", "the same
# mild weakness recorded in his notes last year": a deficit the story ties to an old event. Read
# only where the sentence says nothing new about it ("new", "today", "worse", "since this
# morning", a time in minutes or hours): "her old weakness is worse today" is a stroke sign now.
_OLD_DEFICIT = re.compile(
    r"\b(?:long[- ]?standing|residual|chronic|unchanged|as before|baseline|usual)\b"
    r"|\b(?:old|previous|prior|earlier|past)\s+(?:\w+\s+)?strokes?\b"
    r"|\b(?:since|from|after|following)\s+(?:his|her|their|the|a)\s+(?:\w+\s+)?strokes?\b"
    r"|\bstrokes?\s+(?:\w+\s+){0,2}(?:in\s+(?:19|20)\d\d|(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|many)\s+years?\s+ago)\b"
    r"|\bleft\s+(?:him|her|them|the patient)\s+with\b|\bsince\s+(?:19|20)\d\d\b|\bin\s+(?:his|her|their)\s+notes\b"
)
_NEW_NOW = re.compile(
    r"\b(?:new|newly|sudden(?:ly)?|today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|worse|"
    r"worsen\w*|weaker|more (?:weak|numb|slurred|clumsy)|again|different|increasing\w*|progress\w*|spread\w*|"
    r"started|began|came on|woke)\b|\b\d+\s*(?:minutes?|mins?|hours?|hrs?)\b"
)


def old_deficit(sentence: str) -> bool:
    """Whether the (lower-cased) sentence describes a long-standing deficit from an old event
    and nothing new about it: the stroke rules' mentions that are not a stroke now."""
    return _OLD_DEFICIT.search(sentence) is not None and _NEW_NOW.search(sentence) is None


def story_temperatures(text: str) -> list[float]:
    """Every temperature the (lower-cased) story states, in °C ("38.4 at home, 37.2 now": both)."""
    from core.triage.story import VITAL_PATTERNS

    found: dict[int, float] = {}
    for pattern in VITAL_PATTERNS["temperature_c"]:
        for match in pattern.finditer(text):
            value, unit = float(match.group(1)), (match.group(2) or "")
            value = round((value - 32) * 5 / 9, 1) if unit == "f" or 86 <= value <= 113 else value
            if 25 <= value <= 45:
                found.setdefault(match.start(1), value)
    return [found[k] for k in sorted(found)]
