"""Post-processing of raw analyzer results: drop what is not PHI, settle overlaps.

Runs on Presidio ``RecognizerResult`` objects (or anything with
``entity_type``, ``start``, ``end``, ``score``), so it needs no Presidio import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.phi.hipaa import identifier_of
from core.phi.lexicon import LABELLED_NOUNS, NOT_PLACES, SPECIES, is_clinical_word, is_state_or_country

_ICD10 = re.compile(r"[A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?")
_YEAR = re.compile(r"(?:1[89]|20)\d{2}")
_FAX_CUE = re.compile(r"(?i)\bfax(?:ed)?\b[^\n]{0,40}$")
# The nearest of these before a number says what it is: "Fax: 555 … | Phone: 555 …".
_LAST_CUE = re.compile(r"(?i)\b(fax(?:ed)?|phone|tel|telephone|cell|mobile|call|callback|pager|text)\b")
_FAX_AFTER = re.compile(r"(?i)[ \t]*-?[ \t]*fax\b")
_NAMED = {"PERSON", "LOCATION"}
_PLACES = {"LOCATION", "FACILITY"}


def _generic_facility(value: str) -> bool:
    from core.phi.facility_words import is_generic_name

    return is_generic_name(value)


def is_not_phi(entity_type: str, value: str) -> bool:
    """True for a result that names nothing Safe Harbor protects.

    Args:
        entity_type: the result's entity type.
        value: the matched text.
    """
    if identifier_of(entity_type) is None:
        return True  # DATE_TIME, NRP, ORGANIZATION, ...: not an identifier
    stripped = value.strip()
    if _YEAR.fullmatch(stripped):
        return True  # a bare year is never PHI
    if entity_type in _NAMED:
        if any(ch.isdigit() for ch in stripped) or len(stripped) < 2:
            return True
        if is_clinical_word(stripped) or is_state_or_country(stripped):
            return True
        if re.fullmatch(r"[A-Z]\.?[ \t]?[A-Za-z]+", stripped) and stripped.split(".")[-1].strip().lower() in SPECIES:
            return True  # "S. Aureus", "E. Coli": a microbe
        if re.fullmatch(r"[A-Za-z]+[ \t]+[A-Z]", stripped) and stripped.split()[0].lower() in LABELLED_NOUNS:
            return True  # "Zone D", "Plan B": a label, not a surname and an initial
        if entity_type == "LOCATION" and stripped.lower() in NOT_PLACES:
            return True
    if entity_type in _PLACES and _generic_facility(stripped):
        return True  # "the Cancer Center", "Children's Hospital": no named place
    elif _ICD10.fullmatch(stripped):
        return True  # diagnosis codes are clinical content
    return False


# Lower-case particles inside names and places ("Ludwig van Beethoven", "Isle of Wight").
_PARTICLES = frozenset({"of", "de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin",
                        "al", "el", "y", "e", "upon", "on", "the"})


# Lower-case words NER takes in front of a name: an article ("the Brenmoor VA") or a relation word
# ("nephew K. Sandoval", "niece David"). Particles that belong to a name ("van der Linde") stay.
_LEADING_WORDS = re.compile(r"(?:(?:[Tt]he|[Aa]n?|(?!(?:van|von|de|der|den|del|della|da|di|du|la|le|al|el|bin)\b)"
                            r"[a-z][a-z'’-]*)[ \t]+)+(?=[A-Z])")


def ner_span_start(text: str, start: int, end: int) -> int:
    """spaCy takes an article or a relation word into a name ("the Brenmoor VA", "niece David"):
    the name starts after them."""
    # "Tel 14:20 - Jun P. Yamamoto": a clock time, a number or a dash before the name is not part of it.
    lead = _LEADING_NUMBER.match(text[start:end])
    if lead and re.search(r"[A-Z]", text[start + lead.end():end]):
        start += lead.end()
    verb = _LEADING_VERB.match(text[start:end])  # "Tell Gwendolyn", "Call Leonora": an imperative, then the name
    if verb and re.search(r"[A-Z]", text[start + verb.end():end]):
        start += verb.end()
    match = _LEADING_WORDS.match(text[start:end])
    return start + match.end() if match else start


_LEADING_VERB = re.compile(r"(?:Tell|Call|Ask|Remind|Ring|Text|Email|E-mail|Page|Message|Contact|Phone|Please|"
                           r"Thanks|Thank|Cc|Attn|Dear|Hi|Hello|Update|Inform|Notify|See)[ \t,]+(?=[A-Z])")
_LEADING_NUMBER = re.compile(r"^.*(?:\d[\d:.]*|[-–—:;/])[ \t]+(?=[A-Z])")


# A hospital unit after a place's name ("Lakeview ER"): redaction keeps it readable ("[FACILITY] ER").
_TRAILING_UNIT = re.compile(r"(?:[ \t]+(?:ED|ER|ICU|NICU|PICU|CCU|PACU|OR|ward|campus|lab|labs))+$")


_TRAILING_NUMBER = re.compile(r"[ \t,]+[^\s]*\d")


def ner_span_end(text: str, start: int, end: int) -> int:
    """spaCy sometimes runs a name across a line break ("Native\nCaller"): keep the first line. A unit
    word at the end ("Lakeview ER") is not part of the name."""
    newline = text.find("\n", start, end)
    end = end if newline == -1 else newline
    # "Tuan Nakamura 76F": an age and sex (or any number) after a name is not part of it.
    number = _TRAILING_NUMBER.search(text, start, end)
    if number and number.start() > start and len(re.findall(r"(?:^|\s)[A-Z]", text[start:number.start()])) >= 2:
        end = number.start()
    # "Mei Garrison w/": clinical shorthand or a lower-case word NER ran on with is not part of the name.
    tail = _TRAILING_LOWER.search(text, start, end)
    if tail and tail.start() > start and re.search(r"[A-Z]", text[start:tail.start()]):
        end = tail.start()
    unit = _TRAILING_UNIT.search(text, start, end)
    return unit.start() if unit and unit.start() > start else end


_TRAILING_LOWER = re.compile(r"(?:[ \t]+(?!(?:van|von|de|der|den|del|della|da|di|du|la|le|al|el|bin|ter|ten)\b)"
                             r"[a-z][\w/'’-]*)+$")


def is_unlikely_ner_name(text: str, start: int, end: int) -> bool:
    """NER guesses that are not names in clinical text: lower-case words ("anhedonia", "flank pain"),
    acronyms ("JSON"), unit fragments ("dL" of "mg/dL").
    """
    value = text[start:end].strip()
    words = value.replace(",", " ").split()
    if not words or any(w[0].islower() and w not in _PARTICLES for w in words):
        return True
    if len(words) == 1 and value.isupper() and len(value) <= 5:
        return True
    return start > 0 and text[start - 1] in "/\\"


# Clinical shorthand NER takes into a name ("Hx Lyme carditis", "Dx Graves"): never the start of a name.
_SHORTHAND_FIRST = frozenset({"hx", "dx", "ddx", "tx", "rx", "sx", "fx", "pmh", "psh", "fh", "fhx", "sh", "h/o",
                              "s/p", "c/o", "r/o", "w/", "f/u", "hpi", "a/p"})
def starts_with_shorthand(value: str) -> bool:
    """ "Hx Lyme", "Dx Graves": a clinical abbreviation first, so NER's name is a finding in the history."""
    words = value.split()
    return len(words) > 1 and words[0].lower().rstrip(".:") in _SHORTHAND_FIRST


# Before a single capitalised word, these make it a medicine ("9F, on Prolia.", "switched to Trelegy").
_MEDICATION_BEFORE = re.compile(r"(?i)\b(?:on|taking|takes|took|started|restarted|stopped|switched\s+(?:to|from)|"
                                r"prescribed|tried|using|uses|increase|decrease|held|hold|continue|given|rx|"
                                r"allergic\s+to|allergy\s+to)[ \t]+$")
_MEDICATION_AFTER = re.compile(r"^(?:[ \t]*(?:[.;,)]|$|\n)|[ \t]+(?:\d|and\b|with\b|for\b|since\b|daily\b|"
                               r"weekly\b|monthly\b|injections?\b|tablets?\b|shots?\b|at\s+night\b|bid\b|tid\b|"
                               r"prn\b|qd\b|po\b|iv\b|sc\b|im\b))")


def is_medication_mention(text: str, start: int, end: int) -> bool:
    """NER's one-word name or place after "on"/"taking"/"started" and before a break or a dose is a medicine
    ("9F, on Prolia.", "started Trelegy 1 puff"); a person after these words has a title or a role cue."""
    value = text[start:end]
    if " " in value.strip() or not value[:1].isupper():
        return False
    return bool(_MEDICATION_BEFORE.search(text[max(0, start - 24):start])) and \
        bool(_MEDICATION_AFTER.match(text[end:end + 16]))


# Faith words that open a health system's name (not given names like "Mercy" or "Trinity").
_FAITH_SYSTEM = re.compile(r"(?:Baptist|Methodist|Presbyterian|Lutheran|Adventist|Episcopal|Providence|"
                           r"Sacred\s+Heart|Good\s+Samaritan|Good\s+Shepherd|Holy\s+(?:Cross|Family|Redeemer))\s+[A-Z]")


def relabel_facility(entity_type: str, value: str) -> str:
    """A place or NER name that ends in a facility word ("Cedar Hill Nursing Home" after "resident of",
    "Brackenridge Hospice" read as a person), or a health-system brand with its town, is a facility."""
    if entity_type not in ("LOCATION", "PERSON"):
        return entity_type
    from core.phi.facility_words import ends_with_facility_head, is_generic_name

    from core.phi.name_lists import facility_brands

    words = value.split()
    if len(words) > 1 and any(w in facility_brands() for w in words):
        return "FACILITY"  # "Sanford Oakhurst", "Bemidji Sanford": a brand and its town
    if len(words) > 1 and _FAITH_SYSTEM.match(value):
        return "FACILITY"  # "Baptist Memorial", "Providence Aldergrove", "Adventist Health Redstone"
    return "FACILITY" if ends_with_facility_head(value) and not is_generic_name(value) else entity_type


def relabel_fax(text: str, entity_type: str, start: int, end: int | None = None) -> str:
    """A telephone number labelled as a fax ("Fax: 503-555-0134", "… -Fax") is a fax number (identifier 5)."""
    if entity_type != "PHONE_NUMBER":
        return entity_type
    before = text[max(0, start - 45):start]
    if _FAX_CUE.search(before):
        cues = _LAST_CUE.findall(before)
        if cues and cues[-1].lower().startswith("fax"):
            return "FAX_NUMBER"
    if end is not None and _FAX_AFTER.match(text[end:end + 8]):
        return "FAX_NUMBER"
    return entity_type


@dataclass
class Candidate:
    """A result on its way to becoming a finding."""

    entity_type: str
    start: int
    end: int
    score: float
    from_ner: bool  # spaCy's NER, which sees less context than a cue pattern


def settle_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep one candidate per stretch of text.

    A cue pattern beats spaCy's NER (it saw the cue: "from Fernhaven" is a
    town even when NER says PERSON), then the higher score, then the longer
    span. A loser of the same identifier widens the winner instead of being
    dropped, so "Tamsin Brackwell" is not cut to "Brackwell".

    Returns:
        The kept candidates in text order.
    """
    ordered = sorted(candidates, key=lambda c: (c.from_ner, -c.score, -(c.end - c.start), c.start))
    kept: list[Candidate] = []
    for candidate in ordered:
        clashes = [k for k in kept if candidate.start < k.end and k.start < candidate.end]
        if not clashes:
            kept.append(candidate)
            continue
        same = [k for k in clashes if identifier_of(k.entity_type) == identifier_of(candidate.entity_type)]
        if len(same) == len(clashes) and len(same) == 1:
            winner = same[0]
            start, end = min(winner.start, candidate.start), max(winner.end, candidate.end)
            if not any(k is not winner and start < k.end and k.start < end for k in kept):
                winner.start, winner.end = start, end
    return sorted(kept, key=lambda c: (c.start, c.end))
