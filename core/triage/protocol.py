"""Lines a draft takes from the cited protocol, with where each came from.

A small model writes the parts of a draft it can (priority, key concerns,
assessment). What a clinic's protocol already says well, the draft takes
from the protocol itself: its key questions and its warning signs (the
"Red flags" lines), each shown with the protocol's id and title so the nurse
sees which lines the model wrote and which come from the clinic's own
guideline.

The protocol is the first passage the model cited that was in its prompt, or
else the first one retrieved. Lines are the Markdown bullets of the sections
whose heading starts with "Key questions" or "Red flags" (the shipped
guideline layout; a clinic's own documents with other headings simply give
no protocol lines).
"""

from __future__ import annotations

import re
from typing import Literal, Protocol, Sequence

from pydantic import BaseModel

#: Section heading (its start, case-insensitive) -> the kind of line it gives.
SECTIONS: dict[str, str] = {"key questions": "key_question", "red flags": "warning_sign"}
#: At most this many lines of each kind (a protocol's first lines are its most important).
MAX_LINES = 3
#: A line of at least this many words found inside another line repeats it (the draft check's rule too).
REPEAT_MIN_WORDS = 4
_BULLET = re.compile(r"^\s*[-*•]\s+(.+?)\s*$")
_MAX_CHARS = 240
_WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")


class ProtocolLine(BaseModel):
    """One line taken from a protocol, shown with its source."""

    kind: Literal["key_question", "warning_sign"]
    text: str
    doc_id: str
    title: str


class SectionSource(Protocol):
    def section_passages(self, doc_id: str) -> list[tuple[str, str]]: ...


def chosen_protocol(cited: Sequence[str], used: Sequence) -> tuple[str, str] | None:
    """(doc_id, title) of the protocol the draft leans on, or None without passages.

    Args:
        cited: the ids the model cited.
        used: the passages that were in the prompt (objects with doc_id and title).
    """
    titles = {p.doc_id: p.title for p in used}
    for doc_id in cited:
        if doc_id in titles:
            return doc_id, titles[doc_id]
    return (used[0].doc_id, used[0].title) if used else None


def protocol_lines(source: SectionSource, doc_id: str, title: str) -> list[ProtocolLine]:
    """The key questions and warning signs of one protocol, at most MAX_LINES of each.

    Overlapping chunks of a long section repeat lines; each line is taken once.
    """
    lines: list[ProtocolLine] = []
    seen: set[str] = set()
    counts = dict.fromkeys(SECTIONS.values(), 0)
    for heading, text in source.section_passages(doc_id):
        kind = _kind(heading)
        if kind is None:
            continue
        for raw in text.splitlines():
            match = _BULLET.match(raw)
            if not match or counts[kind] >= MAX_LINES:
                continue
            line = " ".join(match.group(1).split())[:_MAX_CHARS]
            if line.lower() in seen:
                continue
            seen.add(line.lower())
            counts[kind] += 1
            lines.append(ProtocolLine(kind=kind, text=line, doc_id=doc_id, title=title))
    return lines


def _kind(heading: str) -> str | None:
    last = heading.split(" > ")[-1].strip().lower()  # a section path; "Red flags -> priority" keeps its arrow
    return next((kind for start, kind in SECTIONS.items() if last.startswith(start)), None)



def words(text: str) -> list[str]:
    """Lower-case words of a text; hyphens and underscores split words ("cough-cold" -> cough, cold)."""
    return _WORD.findall(text.lower().replace("_", " ").replace("-", " "))


def repetition(line: str, other: str) -> str | None:
    """How ``line`` repeats ``other`` ("same": the same words; "inside": one of 4+ words inside the other), or None."""
    a, b = " ".join(words(line)), " ".join(words(other))
    if not a or not b:
        return None
    if a == b:
        return "same"
    shorter, longer = sorted((a, b), key=len)
    return "inside" if len(shorter.split()) >= REPEAT_MIN_WORDS and f" {shorter} " in f" {longer} " else None


def not_said_by_model(lines: Sequence[ProtocolLine], model_lines: Sequence[str]) -> list[ProtocolLine]:
    """The protocol lines the model's own draft does not already say.

    A model question such as "Any suicidal thoughts or self-harm?" makes the protocol's warning sign
    "suicidal thoughts or self-harm" a repeat for the nurse: the model's line stays (it is phrased for
    this case), the protocol's copy is left out.
    """
    return [line for line in lines if not any(repetition(line.text, said) for said in model_lines)]
