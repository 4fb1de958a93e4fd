"""The clinic's vocabulary of findings: each concept with the words people use for it.

The vocabulary is data (``resources/symptoms.yaml``) shared by the story reader
and the red-flag rules, so a synonym added once is understood everywhere.

Term syntax, kept small so clinicians can edit it:

- ``chest pain``: the words in order; a hyphen or a space between them are the same
  ("short-of-breath"); a trailing plural "s"/"es" is allowed.
- ``radiat*``: a word beginning with "radiat".
- ``(left|right) arm``, ``(numb*|reduced sensation) ~ perineum``: one of the listed words or phrases.
- ``face ~ droop*``: up to three other words may stand between the two parts
  ("face was drooping", "face is a little drooping").
- ``re:<regex>``: a regular expression for the few findings that need numbers
  ("took 20 tablets").
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.errors import ValidationError
from core.triage.negation import Status, clause_of, clauses, status_of

ConceptKind = Literal["symptom", "sign", "condition", "medication", "exposure", "context"]

# A gap may cross commas ("black, tarry stools") but not a sentence end, and never a
# negation or contrast word: "vomiting, no blood in the stool" is not "vomiting blood".
_SEP = r"[^\w.;:!?]+"
_GAP = rf"(?:{_SEP}(?!(?:no|not|nor|without|but|denies|never)\b)[\w'/]+){{0,3}}?{_SEP}"


def resources_folder() -> Path:
    """The shipped ``resources/`` folder (source tree or frozen bundle)."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return root / "resources"


def normalise(text: str) -> str:
    """Lower-case text for matching without changing any offset.

    Typographic quotes and dashes become ASCII so "can’t" and "short–of–breath" match.
    """
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY)
    lower = text.lower()
    if len(lower) == len(text):  # the usual case: no character changes length when lower-cased
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def term_anchor(term: str) -> str | None:
    """A literal word every match of ``term`` contains, to skip terms absent from a text.

    Checking ``anchor in text`` is far cheaper than running the pattern over a long story.
    """
    if term.startswith("re:"):
        return None
    # A word inside a group of alternatives ("(unable to|cannot)") is not in every match.
    words = [w for token in _tokens(term.lower().replace(" ~ ", " ")) if not token.startswith("(")
             for w in re.split(r"[\s-]+", token)]
    words = [w.rstrip("*") for w in words]
    words = [w for w in words if w]
    return max(words, key=len) if words else None


def term_pattern(term: str) -> str:
    """The regular expression for one vocabulary term (see the module docstring)."""
    if term.startswith("re:"):
        return term[3:]
    parts = []
    for part in term.lower().split(" ~ "):
        words = []
        for token in _tokens(part):
            if token.startswith("(") and token.endswith(")"):
                # Each alternative is words of its own ("(numb*|reduced sensation)"); before, a
                # group holding a space was cut at the space and the whole term never matched.
                options = token[1:-1].removeprefix("?:").split("|")
                words.append("(?:" + "|".join(r"[\s-]+".join(_word_pattern(w) for w in o.split()) for o in options)
                             + ")")
            else:
                words.append(_word_pattern(token))
        parts.append(r"[\s-]+".join(words))
    body = _GAP.join(parts)
    if not term.rstrip().endswith("*"):
        body += r"(?:e?s)?"
    return rf"(?<![\w]){body}(?![\w])"


def _tokens(part: str) -> list[str]:
    """The words of a term part, a group of alternatives in parentheses counting as one."""
    return re.findall(r"\([^()]*\)|[^\s()]+", part)


def _word_pattern(word: str) -> str:
    """One word of a term: ``radiat*`` a word beginning so; a hyphen may also be a space or nothing."""
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"\w*"
    return re.escape(word).replace(r"\-", r"[-\s]?")


class Concept(BaseModel):
    """One finding and the words for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    kind: ConceptKind
    terms: list[str] = Field(min_length=1)

    @field_validator("terms")
    @classmethod
    def _terms_compile(cls, terms: list[str]) -> list[str]:
        for term in terms:
            try:
                re.compile(term_pattern(term))
            except re.error as exc:
                raise ValueError(f"term {term!r} is not a valid pattern: {exc}") from exc
        return terms


@dataclass(frozen=True)
class Mention:
    """A concept found in a text, with how it is asserted there."""

    concept: str
    label: str
    text: str
    start: int
    end: int
    status: Status
    source: str = "story"


class Lexicon:
    """Compiled vocabulary; find concepts in text with their assertion status."""

    def __init__(self, concepts: dict[str, Concept]) -> None:
        self.concepts = concepts
        self._patterns = {
            name: [(term_anchor(t), re.compile(term_pattern(t))) for t in concept.terms]
            for name, concept in concepts.items()
        }

    @classmethod
    def load(cls, path: str | Path) -> "Lexicon":
        """Read and validate a vocabulary file.

        Raises:
            ValidationError: the file is missing, not YAML, or a concept is malformed.
        """
        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ValidationError("vocabulary file", f"cannot read {path}: {exc}", "restore the shipped file") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("concepts"), dict):
            raise ValidationError("vocabulary file", f"{path} has no 'concepts' mapping", "see resources/symptoms.yaml")
        concepts = {}
        for name, body in raw["concepts"].items():
            try:
                concepts[str(name)] = Concept.model_validate(body)
            except Exception as exc:  # pydantic.ValidationError: report the concept by name
                raise ValidationError(f"vocabulary concept '{name}'", str(exc).splitlines()[-1].strip(),
                                      "give it a label, a kind and a list of terms") from exc
        return cls(concepts)

    @classmethod
    def load_default(cls) -> "Lexicon":
        """The shipped vocabulary (read once per process)."""
        return _default_lexicon()

    def label(self, concept: str) -> str:
        """The display label of a concept."""
        return self.concepts[concept].label

    def find(self, text: str, *, source: str = "story", kinds: set[str] | None = None) -> list[Mention]:
        """Every mention of every concept in ``text``, with its assertion status.

        Args:
            text: free text (a story, a symptom name, a history item).
            source: where the text came from, kept on each mention for reasons.
            kinds: only concepts of these kinds; all when None.
        """
        norm = normalise(text)
        spans = clauses(norm)
        found: list[Mention] = []
        for name, patterns in self._patterns.items():
            concept = self.concepts[name]
            if kinds is not None and concept.kind not in kinds:
                continue
            seen: set[tuple[int, int]] = set()
            matches = (m for anchor, pattern in patterns if anchor is None or anchor in norm
                       for m in pattern.finditer(norm))
            for match in matches:
                span = (match.start(), match.end())
                if span in seen or span[0] == span[1]:
                    continue
                seen.add(span)
                found.append(Mention(name, concept.label, text[span[0]:span[1]], span[0], span[1],
                                     status_of(norm, span[0], span[1], clause_of(spans, span[0], len(norm))),
                                     source))
        found.sort(key=lambda m: (m.start, m.concept))
        return found


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return Lexicon.load(resources_folder() / "symptoms.yaml")
