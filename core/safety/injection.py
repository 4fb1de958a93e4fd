"""Prompt-injection screening of patient text.

Patient text is data. The prompt wraps it in delimiters and neutralises
look-alikes (see :func:`neutralise`), and the final priority is never below
the red-flag floor, so an instruction hidden in a story changes nothing that
matters. This module only *finds* such instructions so that the reviewer sees
that someone tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each pattern names a kind of instruction aimed at the model rather than a
# clinician. Kept narrow: clinical stories say "ignore" or "mark" in ordinary
# sentences ("ignored the pain", "a red mark"), so each needs its object.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "override instructions",
        re.compile(
            r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b"
            r"[^.\n]{0,20}\b(instructions?|rules?|prompts?|guidelines?|directions?)\b",
            re.I,
        ),
    ),
    (
        "set the priority",
        re.compile(
            r"\b(mark|set|classify|label|triage|rate|list|flag|change|put)\b[^.\n]{0,30}\b(as|to|priority)\b"
            r"[^.\n]{0,12}\b(low|medium|non[- ]?urgent|routine|self[- ]?care|not urgent)\b",
            re.I,
        ),
    ),
    (
        "address the AI",
        re.compile(
            r"\b(you are now|act as|pretend to be|as an ai|system prompt|new instructions|"
            r"do not (escalate|flag|alert|report))\b",
            re.I,
        ),
    ),
    (
        # A chat role written into the story ("SYSTEM: ...", "Assistant: {...}"), as a turn would start.
        "chat role",
        # Only where a sentence or line starts: "Nervous system: intact" is an examination finding.
        re.compile(r"(?:^\s*|[\n.;!?\"']\s*)(system|assistant|developer)\s*:", re.I),
    ),
    (
        "control tokens",
        re.compile(r"<\s*/?\s*(start_of_turn|end_of_turn|bos|eos|s|system|im_start|im_end)\s*>|<\|[^|>]{1,20}\|>|\[/?INST\]", re.I),
    ),
    ("prompt delimiters", re.compile(r"<<<|>>>|PATIENT_DATA", re.I)),
    ("output format", re.compile(r"\b(respond|reply|answer|output)\b[^.\n]{0,20}\b(only|with)\b[^.\n]{0,20}\b(json|\"priority\")", re.I)),
]


@dataclass(frozen=True)
class InjectionHit:
    """One suspected instruction in patient text."""

    kind: str
    excerpt: str


def screen(text: str) -> list[InjectionHit]:
    """Find instructions aimed at the model inside patient text.

    Args:
        text: the patient's story or any free-text intake field.

    Returns:
        One hit per kind found, with a short excerpt around it.
    """
    hits: list[InjectionHit] = []
    for kind, pattern in _PATTERNS:
        match = pattern.search(text or "")
        if match:
            start, end = max(0, match.start() - 20), min(len(text), match.end() + 20)
            hits.append(InjectionHit(kind=kind, excerpt=text[start:end].strip()))
    return hits


_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?\n]+|$)")


def without_instructions(text: str) -> str:
    """The text with every sentence that holds a suspected instruction left out.

    For readers of the story that must not be swayed by it (the priority
    suggestion); the reviewer still sees the whole story and the hits.
    """
    kept = [s for s in _SENTENCE.findall(text or "") if s and not any(p.search(s) for _, p in _PATTERNS)]
    return "".join(kept).strip()


_TAG = re.compile(r"<\s*(/?\s*[A-Za-z_|][A-Za-z0-9_|]{0,30})\s*>")


def neutralise(text: str) -> str:
    """Make patient text unable to close the data block or open a chat turn.

    Tag-like sequences (``<end_of_turn>``, ``<|im_start|>``) and the triple
    angle brackets used as data delimiters are rewritten with look-alike
    guillemets, so they are read as text and never tokenised as control
    tokens. Clinical comparisons ("SpO2 < 90", "BP > 180") are untouched.

    Args:
        text: untrusted patient text.

    Returns:
        The same text, safe to place between the prompt's data delimiters.
    """
    out = _TAG.sub(lambda m: "\u2039" + m.group(1) + "\u203a", text)
    out = out.replace("<<<", "\u2039\u2039\u2039").replace(">>>", "\u203a\u203a\u203a")
    out = re.sub(r"\[(/?)INST\]", r"(\1INST)", out)
    return out
