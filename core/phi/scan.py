"""Scanning and redaction: text in, Safe Harbor findings or typed placeholders out.

    >>> from core.phi import scan_text, redact
    >>> [f.entity_type for f in scan_text("Seen by Dr. Quenby on 03/14/2019")]
    ['PERSON', 'DATE']
    >>> redact("Seen by Dr. Quenby on 03/14/2019")
    'Seen by Dr. [NAME] on [DATE]'

The analyzer is built on the first call (a few seconds) and shared after.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core.phi.hipaa import HipaaIdentifier, Severity, identifier_of, placeholder_for

BATCH_SIZE = 64
# Recognizers that report spaCy's entities (a cue pattern beats them on the same text).
_NER_RECOGNIZERS = frozenset({"SpacyRecognizer", "FacilityNerRecognizer", "LearnedIdentifierRecognizer"})
# Entity types an eponym is mistaken for ("Parkinson" a person, "Glasgow" a place, "Froment" an ORG).
_EPONYM_CHECKED = frozenset({"PERSON", "LOCATION", "FACILITY"})


@dataclass(frozen=True)
class Finding:
    """One piece of PHI in a text.

    ``text`` is the PHI itself: keep it in memory, never in a log. ``repr``
    masks it so a stray print or log line does not leak it.
    """

    entity_type: str
    hipaa_identifier: HipaaIdentifier
    start: int
    end: int
    score: float
    severity: Severity
    text: str

    def __repr__(self) -> str:
        return (f"Finding({self.entity_type}, {self.hipaa_identifier.name}, {self.start}:{self.end}, "
                f"score={self.score:.2f}, {self.severity.label}, text={mask(self.text)!r})")

    def to_dict(self) -> dict:
        """The ``phi scan`` output shape: position and type, never the text."""
        return {"entity_type": self.entity_type, "start": self.start, "end": self.end,
                "score": round(self.score, 3)}


def mask(value: str) -> str:
    """First character and asterisks: enough for a reviewer to find it, not to read it."""
    value = value.strip()
    return (value[:1] + "***") if value else ""


def _findings(text: str, results: list) -> list[Finding]:
    from core.phi.eponyms import is_eponym_use
    from core.phi.filters import (Candidate, is_medication_mention, is_not_phi, is_unlikely_ner_name, ner_span_end,
                                  ner_span_start, relabel_facility, relabel_fax, settle_overlaps,
                                  starts_with_shorthand)

    candidates = []
    for r in results:
        start, end, from_ner = r.start, _trimmed_end(text, r), _from_ner(r)
        entity_type = r.entity_type
        if from_ner and r.entity_type in _EPONYM_CHECKED:  # names and places: trimmed and filtered as NER names
            start, end = ner_span_start(text, start, end), ner_span_end(text, start, end)
            if _recognizer(r) == "SpacyRecognizer" and r.entity_type != "FACILITY" and \
                    is_unlikely_ner_name(text, start, end) and \
                    not (r.entity_type == "PERSON" and _lower_case_name(text[start:end])):
                continue  # (a lower-case name NER found is kept when it passes the lower-case name check;
                # the learned model's facilities keep their initials, "from CPGH")
            if entity_type == "FACILITY" and _recognizer(r) == "SpacyRecognizer":
                if _ends_with_clinical_head(text[start:end]) or _not_hospital_initials(text[start:end]):
                    continue  # "Liverpool Care Pathway", "Stanford Sleepiness Scale", "called ADAP": no place
                if _person_shaped(text[start:end]):
                    entity_type = "PERSON"  # "the x-ray on Carol Whitaker": the learned model's facility is a person
            if entity_type == "PERSON" and _common_word_name(text[start:end]) or \
                    entity_type in ("PERSON", "FACILITY") and _ends_with_common_word(text[start:end]):
                continue  # "NOTE, PLEASE call back", "female, Multiracial Sorry to trouble you": no name
            if starts_with_shorthand(text[start:end]):
                continue  # "Hx Lyme carditis": a finding in the history, not a name
            if r.entity_type in ("PERSON", "LOCATION") and is_medication_mention(text, start, end):
                continue  # "9F, on Prolia.": a medicine NER took for a name or a place
        if entity_type in _EPONYM_CHECKED and is_eponym_use(text, start, end):
            continue  # "Babinski sign", "Glasgow Coma Scale": clinical content, not a person or a place
        if not is_not_phi(entity_type, text[start:end]):
            candidates.append(Candidate(entity_type, start, end, float(r.score), from_ner))
    candidates = _prefer_ner_person_for_given_names(text, candidates)
    findings = []
    for kept in settle_overlaps(candidates):
        entity_type = relabel_fax(text, kept.entity_type, kept.start, kept.end)
        entity_type = relabel_facility(entity_type, text[kept.start:kept.end])
        identifier = identifier_of(entity_type)
        findings.append(Finding(entity_type, identifier, kept.start, kept.end, kept.score,
                                identifier.severity, text[kept.start:kept.end]))
    return findings


def _prefer_ner_person_for_given_names(text: str, candidates: list) -> list:
    """ "returned call to Joseph at ...": a weak town cue ("to <Town>") and NER's PERSON on the same word;
    a listed given name is the person."""
    from core.phi.name_lists import any_case_given_names

    people = {(c.start, c.end) for c in candidates if c.from_ner and c.entity_type == "PERSON"}
    return [c for c in candidates if not (c.entity_type == "LOCATION" and not c.from_ner and c.score < 0.6
                                          and (c.start, c.end) in people
                                          and text[c.start:c.end].lower() in any_case_given_names())]


def _person_shaped(value: str) -> bool:
    """ "Carol Whitaker", "Thomas Iyer's": a listed given name, then capitalised words, no facility word or brand."""
    from core.phi.facility_words import ends_with_facility_head
    from core.phi.name_lists import any_case_given_names, facility_brands

    words = value.removesuffix("'s").removesuffix("’s").split()
    return 2 <= len(words) <= 3 and words[0].lower() in any_case_given_names() and \
        all(w[:1].isupper() for w in words) and \
        not ends_with_facility_head(value) and not any(w in facility_brands() for w in words)


def _common_word_name(value: str) -> bool:
    """ "NOTE, PLEASE", "Sorry", "Extra Help": a name in capitals has no common word in it, and a name is not
    made of common words only."""
    from core.phi.recognizers.names import _is_common_word

    words = value.replace(",", " ").split()
    common = [_is_common_word(w) for w in words]
    return bool(words) and (all(common) or (value.isupper() and any(common)))


# Last words of a programme or a benefit, not of a place ("AIDS Drug Assistance Program").
_NOT_PLACE_HEADS = frozenset({"program", "programme", "programs", "initiative", "fund", "scheme", "plan", "act",
                              "benefit", "benefits", "coverage", "insurance", "waiver"})


def _ends_with_common_word(value: str) -> bool:
    """ "Multiracial Sorry", "Alaska Native Something": a name or a place does not end in a common word
    (unless it is a given name, "Anna May", or a facility word, "Sunrise Care Home")."""
    from core.phi.facility_words import ends_with_facility_head
    from core.phi.name_lists import any_case_given_names
    from core.phi.recognizers.names import _is_common_word

    words = value.split()
    return len(words) > 1 and _is_common_word(words[-1]) and \
        words[-1].strip(".,;:'’").lower() not in any_case_given_names() and not ends_with_facility_head(value)


def _ends_with_clinical_head(value: str) -> bool:
    """The last word is what follows an eponym or a place in a clinical name ("... Rating Scale", "... Index"),
    or ends a programme's name ("... Assistance Program")."""
    from core.phi.eponyms import HEAD_WORDS, STRONG_HEADS

    words = value.split()
    last = words[-1].lower().strip(".,;:'’") if words else ""
    return bool(words) and (last in HEAD_WORDS or last in STRONG_HEADS or last in _NOT_PLACE_HEADS)


def _not_hospital_initials(value: str) -> bool:
    """One word in capitals is a facility only as hospital initials ("CPGH", "NWRMC"; not "ADAP", "LVH")."""
    import re

    from core.phi.recognizers.facilities import _INITIALS, _initials

    word = value.strip()
    return " " not in word and word.isupper() and not (re.fullmatch(_INITIALS, word) and _initials(word))


def _lower_case_name(value: str) -> bool:
    """ "larry schultz": NER's lower-case person that starts with a listed given name and has no common word
    (Presidio drops the name pattern's equal span in favour of NER's, so the check is repeated here)."""
    from core.phi.recognizers.names import _lower_name

    return value.islower() and _lower_name(value)


def _trimmed_end(text: str, result) -> int:
    """Sentence punctuation a stock pattern swallowed ("…/patients/48213.") is not part of the value."""
    end = result.end
    if result.entity_type != "STREET_ADDRESS":  # "12 Main St." keeps its abbreviation dot
        while end > result.start + 1 and text[end - 1] in ".,;:!?)]'\"":
            end -= 1
    return end


def _recognizer(result) -> str | None:
    metadata = getattr(result, "recognition_metadata", None) or {}
    return metadata.get("recognizer_name")


def _from_ner(result) -> bool:
    return _recognizer(result) in _NER_RECOGNIZERS


def scan_text(text: str) -> list[Finding]:
    """Every Safe Harbor finding in ``text``, in text order.

    Raises:
        ValidationError: ``text`` is not a string.
    """
    return next(scan_texts([text]))


def scan_texts(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[list[Finding]]:
    """Findings for each text, in input order; spaCy runs over whole batches (``nlp.pipe``).

    Args:
        texts: any iterable of strings; consumed lazily, one batch at a time.
        batch_size: texts handed to spaCy at once.

    Raises:
        ValidationError: an item is not a string (names its position).
    """
    from core.phi.engine import LANGUAGE, get_analyzer, scanned_entities

    analyzer = get_analyzer()
    entities = scanned_entities(analyzer)
    batch: list[str] = []
    for position, text in enumerate(texts):
        _require_text(text, position)
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _scan_batch(analyzer, entities, batch, LANGUAGE)
            batch = []
    if batch:
        yield from _scan_batch(analyzer, entities, batch, LANGUAGE)


def _scan_batch(analyzer, entities: list[str], batch: list[str], language: str) -> Iterator[list[Finding]]:
    # NER names survive the filters only when capitalised (core.phi.filters), so a text
    # without a capital letter ("chest pain", "triage-000042-v1") skips spaCy altogether.
    needs_ner = [text for text in batch if any(ch.isupper() for ch in text)]
    if len(needs_ner) == 1:  # one text: a direct call skips nlp.pipe's batching overhead
        parsed = {needs_ner[0]: analyzer.nlp_engine.process_text(needs_ner[0], language)}
    else:
        parsed = dict(analyzer.nlp_engine.process_batch(needs_ner, language, batch_size=max(1, len(needs_ner))))
    for text in batch:
        nlp_artifacts = parsed.get(text) or _no_entities(analyzer.nlp_engine, language)
        results = analyzer.analyze(text, language, entities=entities, nlp_artifacts=nlp_artifacts)
        yield _findings(text, results)


def _no_entities(nlp_engine, language: str):
    from presidio_analyzer.nlp_engine import NlpArtifacts

    return NlpArtifacts(entities=[], tokens=None, tokens_indices=[], lemmas=[], nlp_engine=nlp_engine,
                        language=language)


def _require_text(text, position: int) -> None:
    if not isinstance(text, str):
        from core.errors import ValidationError

        raise ValidationError(f"text[{position}]", f"expected text, got {type(text).__name__}",
                              "pass strings only")


def redact(text: str, findings: list[Finding] | None = None) -> str:
    """``text`` with every finding replaced by its typed placeholder ("[NAME]", "[DATE]", "[MRN]").

    Args:
        text: the text to redact.
        findings: findings already computed for ``text``; scanned when omitted.
    """
    if findings is None:
        findings = scan_text(text)
    pieces, cursor = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue  # overlaps were settled; guard against hand-built lists
        pieces.append(text[cursor:finding.start])
        pieces.append(placeholder_for(finding.entity_type))
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def redact_texts(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """Redacted versions of ``texts`` in order, scanned in batches."""
    buffered: list[str] = []

    def flush() -> Iterator[str]:
        for original, found in zip(buffered, scan_texts(buffered, batch_size)):
            yield redact(original, found)

    for text in texts:
        buffered.append(text)
        if len(buffered) >= batch_size:
            yield from flush()
            buffered = []
    if buffered:
        yield from flush()
