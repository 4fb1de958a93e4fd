"""Prefixed record numbers (Safe Harbor 18): case, site, accession, prescription, order numbers.

Clinical systems write these as letters, a dash and digits ("CS-2024-00418",
"ACC-19-442871", "RX-7781234", "SITE-07", "Rx123456-01"). After a cue word
("case #", "accession", "Rx", "order number") any such value is an identifier;
without a cue only the unmistakable shape is (capital letters, a dash, and a
long or two-part number: "ORD-551234", "IR-2023-118"), so clinical codes
("ICD-10", "CURB-65", "COVID-19", "CHA2DS2-VASc") never match.
"""

from __future__ import annotations

import re

from core.phi.recognizers.base import SEPARATOR as SEP
from core.phi.recognizers.base import CuePattern, CuePatternRecognizer, not_a_year

ENTITY = "OTHER_ID"

# Letters (any case) with an optional dash or "#", then digits, then dash/slash parts.
_VALUE = (r"(?P<value>(?:[A-Za-z]{1,6}(?:[-#]|[ ](?=\d))?)?(?:[A-Z]{1,3}(?=\d))?\d[\dA-Za-z]*(?:[-/][A-Za-z0-9]+)*)"
          r"(?![A-Za-z0-9]|[.,]\d)")
_CUES = (
    r"(?:aps\s+|cps\s+|adult\s+protective\s+services\s+|social\s+services\s+)?case|"
    r"(?:study\s+|research\s+|clinical\s+)?site|"
    r"(?:surgical\s+|cytology\s+)?path(?:ology)?(?:\s+accession)?|accession|specimen|sample\s+id|"
    r"requisition|req\.?|"
    r"e-?rx|rx|prescription|script|refill|"
    r"(?:lab|laboratory|imaging|radiology|pharmacy|medication|work)?\s*order|"
    r"(?:study|subject|participant|enrol(?:l)?ment|screening|randomi[sz]ation)(?:\s+id)?|"
    r"research\s+(?:subject|participant)|protocol|"
    r"(?:workers'?\s+comp(?:ensation)?\s+)?claim|referral|(?:prior\s+)?auth(?:ori[sz]ation)?|"
    r"incident(?:\s+report)?|(?:help\s*desk\s+)?ticket|confirmation|tracking|reference|ref\.?"
)


# Words a cue is followed by before a number that is something else ("fax the Rx to 207-555-0162").
_NOT_A_PREFIX = re.compile(r"(?i)(?:to|at|on|in|of|is|by|for|from|via|and|or) ")


def prefixed_like(value: str) -> bool:
    """A letter prefix and two digits, or five digits; never a year, a decimal or a range, nor a
    preposition and a number ("to 207-555-0162")."""
    if _NOT_A_PREFIX.match(value):
        return False
    compact = re.sub(r"[\s#/-]", "", value)
    digits = sum(ch.isdigit() for ch in compact)
    has_letters = any(ch.isalpha() for ch in compact)
    if not not_a_year(value) or re.fullmatch(r"[\d.\s/-]+", value) and digits < 5:
        return False
    return len(compact) >= 4 and digits >= 2 and (has_letters or digits >= 5)


def prefixed_id_recognizer() -> CuePatternRecognizer:
    patterns = [
        CuePattern("prefixed id after cue",
                   rf"(?<![A-Za-z])(?i:{_CUES})(?![A-Za-z]){SEP}{_VALUE}", 0.85, prefixed_like),
        CuePattern("prefixed id shape",
                   r"(?<![\w-])(?P<value>[A-Z]{2,6}-(?:\d{2,4}-\d{3,}|\d{5,})(?:-[A-Z0-9]{1,3})?)(?![\w-])", 0.5),
    ]
    return CuePatternRecognizer(ENTITY, patterns, ["case", "accession", "specimen", "order", "prescription", "rx",
                                                   "site", "study", "claim", "referral"],
                                name="PrefixedIdRecognizer")
