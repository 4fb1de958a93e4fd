"""Is a finding in a story present now, denied, past, someone else's, or only hypothetical?

A small NegEx-style reader (Chapman et al., 2001): a finding is *negated* when a
negation cue ("no", "denies", "without") comes shortly before it in the same
clause, or a closing cue ("absent", "ruled out") shortly after it; *historical*
when a history cue ("history of", "last year", "years ago") governs it; *family*
when it belongs to a relative ("family history of", "her mother had");
*hypothetical* when it is conditional ("return if chest pain develops").

The reader errs on the side of *active*: a red flag missed because a cue was
over-read is worse than one raised needlessly, so every scope is short and is
cut at words that start a new assertion ("but", "now", "reports"). For the same
reason "resolved" alone does not make a finding past: a facial droop that
resolved after ten minutes (a TIA) or chest pain that settled this morning still
needs the rule; only a remote time ("last year", "years ago") does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Literal

Status = Literal["active", "negated", "historical", "family", "hypothetical"]

# Clauses end at sentence punctuation (not decimal points such as "39.2") and semicolons.
_CLAUSE_END = re.compile(r"(?<!\d)[.!?](?!\d)|[;\n]|(?<=\d)\.(?=\s)")

# Words that start a fresh assertion: a cue before them does not reach past them.
_BREAKERS = re.compile(
    r"\b(?:but|however|although|though|except|apart from|aside from|yet|whereas|while|"
    r"now|today|tonight|currently|this (?:morning|afternoon|evening)|again|presents?|presented|"
    r"reports?|reported|complains?|complained|developed|has developed|which|who|"
    r"and (?:has|have|is|was|reports|complains|developed|then|now|also))\b"
)

_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|nor|denies|denied|deny|denying|without|never|negative for|free of|"
    r"absence of|no signs? of|no evidence of|no history of|no complaints? of|"
    r"did not|does not|do not|has not|have not|had not|is not|was not|isn't|wasn't|"
    r"doesn't|didn't|hasn't|haven't|ruled out)\b"
)
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+)?(?:(?:is|was|are|were|has been|have been)\s+)?(?:absent|denied|ruled out|not present|none)\b"
)

_HISTORY_BEFORE = re.compile(
    r"\b(?:history of|h/o|hx of|past medical history|pmh|previous(?:ly)?|prior(?! to)|in the past|"
    r"past episodes? of)\b"
)
_HISTORY_AFTER = re.compile(
    r"\b(?:last year|(?:\w+|\d+) years? ago|in (?:19|20)\d\d|as a child|in childhood|in the past)\b"
)

_FAMILY_BEFORE = re.compile(
    r"\b(?:family history of|fhx? of|(?:his|her|their|whose|my|the patient's)\s+"
    r"(?:mother|father|brother|sister|parents?|grand(?:mother|father)|aunt|uncle|cousin|siblings?)\s+"
    r"(?:had|has had|died|suffered|was diagnosed))\b"
)

# Only clear advice/conditional phrases: a bare "if" also introduces real history
# ("if he climbs stairs he gets chest pain" is exertional angina, not a hypothesis).
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:(?:return|come back|call|ring|seek help|seek advice|what to do|what happens) if|in case of|"
    r"should (?:he|she|they|you) (?:develop|get|have)|watch for|look out for|safety[- ]net\w* for|"
    r"to rule out|rule out|r/o|to exclude|risk of)\b"
)

# Negations of a verb ("antacids have not helped", "she did not faint"): unlike "no", "denies" or
# "without", which open a list ("denies fever, cough or chest pain"), their scope ends at the next
# comma, so "antacids have not helped, feeling clammy" leaves the clamminess present.
_VERB_NEGATIONS = frozenset({"not", "never", "did not", "does not", "do not", "has not", "have not", "had not",
                             "is not", "was not", "isn't", "wasn't", "doesn't", "didn't", "hasn't", "haven't"})

# Negation words that do not deny the finding after them (NegEx "pseudo-negations"):
# "no relief from chest pain", "not only chest pain", "no change in the weakness".
_PSEUDO_NEGATION = re.compile(
    r"\b(?:no|not|without)\s+(?:relief|improvement|change|better|improving|only|just|settling|"
    r"resolution|response|help|difference|increase|decrease)\b|\b(?:not|never) (?:certain|sure)\b"
)
# "never had chest pain like this": "never" compares, it does not deny.
_NEVER_LIKE_THIS = re.compile(r"^\W*(?:[\w']+\W+){0,4}?(?:like (?:this|that|it)|this (?:bad|severe)|as bad|so bad)\b")

# A finding said to have gone ("weakness which resolved after 20 minutes", "facial droop
# (resolved)", "slurred speech, now back to normal"): a cue shortly after it in its clause.
# Not when the resolution is partial, denied or undone ("not resolved", "resolved but came back").
_RESOLVED_AFTER = re.compile(
    r"^\W*(?:[\w'/]+\W+){0,8}?(?:(?:has|have|had|was|were|is|are|it's|which|that|since|now|all|fully|completely|"
    r"entirely|quickly|spontaneously|then)\W+)*(?:resolved|settled completely|gone away|went away|gone now|"
    r"back to normal|fully recovered)\b"
)
_NOT_RESOLVED = re.compile(
    r"\b(?:not|n't|never|partially|partly|almost|nearly|incompletely|only)\b|\b(?:again|return\w*|came back|come back|"
    r"recur\w*|persist\w*|still|ongoing|worse|worsening|continu\w*)\b"
)

# How far a cue reaches, in words: long enough for "denies fever, cough or chest pain",
# short enough not to swallow the next finding in a run-on sentence.
_BEFORE_WINDOW = 8
_AFTER_WINDOW = 10


def clauses(text: str) -> list[tuple[int, int]]:
    """Split text into clause spans (start, end) at sentence punctuation and semicolons."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _words(text: str) -> int:
    return len(re.findall(r"[\w'/]+", text))


def _governs_before(cue: re.Pattern[str], before: str, window: int = _BEFORE_WINDOW) -> bool:
    """True when the last cue in ``before`` reaches the finding that follows it."""
    last = None
    for last in cue.finditer(before):
        pass
    if last is None:
        return False
    between = before[last.end():]
    if _BREAKERS.search(between):
        return False
    return _words(between) <= window


def _negated_before(before: str, after: str) -> bool:
    """A negation cue governs the finding, unless it is a pseudo-negation or a comparison."""
    if not _governs_before(_NEGATION_BEFORE, before):
        return False
    last = None
    for last in _NEGATION_BEFORE.finditer(before):
        pass
    if last is not None and _PSEUDO_NEGATION.match(before, last.start()):
        return False
    if last is not None and last.group(0) == "never" and _NEVER_LIKE_THIS.search(after):
        return False
    if last is not None and last.group(0) in _VERB_NEGATIONS and "," in before[last.end():]:
        return False
    return True


def resolved_after(text: str, end: int, clause: tuple[int, int]) -> bool:
    """Whether the clause says the finding ending at ``end`` has gone (see ``_RESOLVED_AFTER``).

    Kept apart from :func:`status_of` on purpose: a resolved finding is still *active* for
    every reader (a TIA's facial droop still needs its rule); only a rule that asks for a
    finding present now (``present_now``) reads this.
    """
    after = text[end:clause[1]]
    match = _RESOLVED_AFTER.match(after)
    if match is None:
        return False
    return _NOT_RESOLVED.search(after[: match.end()]) is None and _NOT_RESOLVED.search(after[match.end():]) is None


def clause_of(spans: list[tuple[int, int]], position: int, length: int) -> tuple[int, int]:
    """The clause span (from :func:`clauses`) holding ``position``; the whole text if none."""
    index = bisect_right(spans, (position, length + 1)) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return 0, length


def status_of(text: str, start: int, end: int, clause: tuple[int, int] | None = None) -> Status:
    """The assertion status of the finding at ``text[start:end]``.

    Args:
        text: the whole (lower-cased) story.
        start: where the finding's words begin.
        end: where they end.
        clause: the finding's clause span when the caller has split the text already
            (saves re-splitting a long story for every finding).

    Returns:
        "active", "negated", "historical", "family" or "hypothetical".
    """
    clause_start, clause_end = clause if clause is not None else clause_of(clauses(text), start, len(text))
    before = text[clause_start:start]
    after = text[end:clause_end]
    if _governs_before(_FAMILY_BEFORE, before, window=12):
        return "family"
    if _negated_before(before, after) or _NEGATION_AFTER.search(after):
        return "negated"
    if _governs_before(_HYPOTHETICAL_BEFORE, before):
        return "hypothetical"
    if _governs_before(_HISTORY_BEFORE, before, window=4):
        return "historical"
    # A history cue after the finding counts only inside the same comma segment and
    # before any breaker: "chest pain last year, resolved" is past, while
    # "chest pain for 2 hours, similar episode last year" stays active.
    segment = after.split(",", 1)[0]
    breaker = _BREAKERS.search(segment)
    if breaker:
        segment = segment[: breaker.start()]
    history = _HISTORY_AFTER.search(segment)
    if history and _words(segment[: history.start()]) <= _AFTER_WINDOW:
        return "historical"
    return "active"
