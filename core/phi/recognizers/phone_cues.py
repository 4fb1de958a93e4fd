"""Telephone numbers announced by a label ("Phone:", "call me on", "… office").

``phonenumbers`` rejects short local and foreign formats ("467 3395",
"(37) 788-063") that a label makes unambiguous.
"""

from __future__ import annotations

from core.phi.recognizers.base import CuePattern, CuePatternRecognizer

_NUMBER = r"(?P<value>\+?\(?\d[\d \t().-]{5,18}\d)(?![\d-])"


# A number in a telephone's shape, for cues a few words away: "(207) 555-0143", "207.555.0143",
# "+1 207 555 0143", "2075550143", with an extension.
_SHAPED = (r"(?<![\w+.-])(?P<value>(?:\+?1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}"
           r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?)(?![\d-])")
# A cue word and up to seven words before the number, inside one sentence: "Fax orders to ...",
# "can be reached at ...", "Best number to reach him: ...", "our secure line is ...".
_DISTANT_CUE = (r"(?<![A-Za-z])(?i:fax(?:ed)?|phone(?:d)?|tel|telephone|call(?:ed)?|callback|reach(?:ed)?|"
                r"reachable|text|line|number|contact|cell|mobile|pager|dial)(?![A-Za-z])"
                r"(?:[ \t]+[\w'’/()-]+){0,7}?[ \t]*(?:[:#]|(?i:\bto|\bat|\bon|\bis|\bvia|\bfrom))?[ \t]*")


def _enough_digits(value: str) -> bool:
    return 7 <= sum(ch.isdigit() for ch in value) <= 15


def phone_cue_recognizer() -> CuePatternRecognizer:
    before = (r"(?<![A-Za-z])(?i:phone|tel\.?|telephone|mobile|cell|desk|home|work|office|fax|pager|"
              r"call\s+(?:me\s+)?(?:on|at)|answering\s+at|reach\s+(?:me|him|her|them)\s+(?:on|at)|"
              r"text\s+(?:me\s+)?(?:on|at)|"
              r"messages\s+to|contact\s+number|callback\s+number|call\s+back\s+number)[:#\s]*(?:\n\s*)?")
    after = r"(?=[ \t]*[-,]?[ \t]*(?i:office|mobile|cell|fax|home|work)\b)"
    return CuePatternRecognizer("PHONE_NUMBER", [
        CuePattern("phone after label", before + _NUMBER, 0.75, _enough_digits),
        CuePattern("phone before label", r"(?<![\d\w])" + _NUMBER + after, 0.7, _enough_digits),
        CuePattern("phone a few words after a cue", _DISTANT_CUE + _SHAPED, 0.7),
        # Round 6: a seven-digit local number, "555-0164", "at 555 0142": the exchange starts 2-9, one dash or
        # space, and nothing digit-like around it (not a range "135-145", a ZIP+4 or a part of a longer id).
        CuePattern("seven-digit local number",
                   r"(?<![\w+./:-])(?<!\d[ ])(?P<value>[2-9]\d{2}[- ]\d{4})(?![\w/-]|[.,]\d|[ ]\d)", 0.5),
    ], ["phone", "call", "mobile", "cell", "tel"], name="PhoneCueRecognizer")
