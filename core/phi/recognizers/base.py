"""A Presidio recognizer for values that are only PHI next to a cue ("MRN 0048…").

Stock ``PatternRecognizer`` scores the whole match. Clinical identifiers are
bare digits that mean nothing without the word before them, so each pattern
here matches cue and value together and reports only the ``value`` group.
Context words still go to Presidio's context enhancer for the patterns that
carry no cue of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

# Words that may sit between a cue and its value: "MRN: 123", "member ID # 123".
SEPARATOR = r"(?:\s*(?:(?i:number|nbr|num\.?|no\.?|#|id|identifier|is|was)(?![A-Za-z])|[:=#-]|\((?!\d{2}\))))*\s*"


@dataclass(frozen=True)
class CuePattern:
    """One regular expression with a ``value`` group (or the whole match) and its score.

    Attributes:
        name: short name shown in the decision process.
        regex: the expression; flags belong inline so cue and value can differ in case rules.
        score: the confidence reported for a match.
        validate: optional check on the value text; False drops the match.
        check: optional check on the whole match (cue and value); False drops it.
    """

    name: str
    regex: str
    score: float
    validate: Callable[[str], bool] | None = None
    check: Callable[[re.Match], bool] | None = None  # a test on the whole match (cue included)


class CuePatternRecognizer(EntityRecognizer):
    """Reports the ``value`` group of each cue pattern as ``entity``.

    Args:
        entity: the Presidio entity type reported.
        patterns: the cue patterns.
        context: words for Presidio's context enhancer.
        name: recognizer name (defaults to ``<entity>CueRecognizer``).
    """

    # A trailing "'s" is dropped from values ("Quenby's" -> "Quenby"); facility names keep theirs ("St. Aldric's").
    trim_possessive = True

    def __init__(self, entity: str, patterns: list[CuePattern], context: list[str] | None = None,
                 name: str | None = None) -> None:
        self.cue_patterns = patterns
        self._compiled = [(p, re.compile(p.regex)) for p in patterns]
        super().__init__(supported_entities=[entity], supported_language="en", context=context or [],
                         name=name or f"{entity.title().replace('_', '')}CueRecognizer")

    def load(self) -> None:  # nothing to load: patterns compile in __init__
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        if entities and entity not in entities:
            return []
        results: list[RecognizerResult] = []
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                group = "value" if "value" in compiled.groupindex else 0
                start, end = match.span(group)
                start, end = _trim(text, start, end, self.trim_possessive)
                if end <= start:
                    continue
                if pattern.validate and not pattern.validate(text[start:end]):
                    continue
                if pattern.check and not pattern.check(match):
                    continue
                explanation = AnalysisExplanation(
                    recognizer=self.name, original_score=pattern.score, pattern_name=pattern.name,
                    pattern=pattern.regex, validation_result=None,
                )
                results.append(RecognizerResult(entity, start, end, pattern.score, explanation,
                                                recognition_metadata={
                                                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                                                }))
        return results


def _trim(text: str, start: int, end: int, possessive: bool = True) -> tuple[int, int]:
    """Drop surrounding spaces and trailing punctuation a greedy value group swallowed (and "'s")."""
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n.,;:-/":
        end -= 1
    if possessive and text[max(start, end - 2):end] in ("'s", "’s"):
        end -= 2
    return start, end


def has_digits(value: str, minimum: int = 3) -> bool:
    """Identifiers carry digits; a word after a cue ("MRN pending") is not one."""
    return sum(ch.isdigit() for ch in value) >= minimum


def not_a_year(value: str) -> bool:
    """A bare year after a cue ("chart 2019") is not an identifier and not PHI."""
    return not re.fullmatch(r"(?:19|20)\d{2}", value)


def identifier_like(value: str) -> bool:
    """Five characters with three digits, or six with one ("XWVBF5"), and not a bare year."""
    compact = re.sub(r"[\s()-]", "", value)
    digits = sum(ch.isdigit() for ch in compact)
    long_enough = (digits >= 3 and len(compact) >= 5) or (digits >= 1 and len(compact) >= 6)
    return long_enough and not_a_year(value)
