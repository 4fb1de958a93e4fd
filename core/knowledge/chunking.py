"""Splitting documents into overlapping passages that keep their headings.

MiniLM reads at most 256 word pieces, so a whole guideline embedded at once
loses everything past its first page. Passages of ~150 words (about 200 word
pieces of clinical English, plus the title) fit, and a 30-word overlap keeps
a sentence cut at a window edge whole in one of the two windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_CHUNK_WORDS = 150
DEFAULT_OVERLAP_WORDS = 30

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Chunk:
    """One passage of a document.

    Attributes:
        index: position in the document, from 0.
        heading: the section path it belongs to ("Red flags", "Disposition > High"), "" if none.
        text: the passage as shown to a reader; starts with its section heading line.
        start_word: offset of the passage's first body word within its section (for tests/debugging).
    """

    index: int
    heading: str
    text: str
    start_word: int


def chunk_document(
    text: str, max_words: int = DEFAULT_CHUNK_WORDS, overlap: int = DEFAULT_OVERLAP_WORDS
) -> list[Chunk]:
    """Splits text into sections at Markdown headings, then windows each section.

    A section that fits in ``max_words`` is one chunk. A longer one becomes
    windows of ``max_words`` words, each starting ``max_words - overlap`` words
    after the previous, and every window after the first repeats the section's
    heading line so no passage loses its context.

    Args:
        text: the document body (Markdown or plain text).
        max_words: most body words per chunk.
        overlap: words shared by consecutive windows of a section.

    Returns:
        Chunks in document order, never empty for non-blank text.

    Raises:
        ValueError: ``overlap`` is negative or not smaller than ``max_words``.
    """
    if max_words < 1 or not 0 <= overlap < max_words:
        raise ValueError(f"need 0 <= overlap < max_words, got overlap={overlap}, max_words={max_words}")
    chunks: list[Chunk] = []
    for heading_path, heading_line, body in _sections(text):
        for start, passage in _windows(body, max_words, overlap):
            prefix = heading_line if heading_line else ""
            full = f"{prefix}\n{passage}".strip() if passage else prefix
            if full:
                chunks.append(Chunk(len(chunks), heading_path, full, start))
    return chunks


def _sections(text: str):
    """Yields (heading path, heading line, body) for each section, in order.

    Text before the first heading is a section with no heading. A heading with
    no body of its own (e.g. a title followed directly by a subheading) is not
    emitted alone but still appears in the paths of its subsections.
    """
    matches = list(_HEADING.finditer(text))
    stack: list[tuple[int, str]] = []
    preamble = text[: matches[0].start()] if matches else text
    if preamble.strip():
        yield "", "", preamble.strip()
    for i, match in enumerate(matches):
        level, title = len(match.group(1)), match.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end].strip()
        if body:
            yield " > ".join(t for _, t in stack), match.group(0).strip(), body


def _windows(body: str, max_words: int, overlap: int):
    """Yields (first word offset, text) windows over body, keeping its line breaks."""
    spans = [m.span() for m in _WORD.finditer(body)]
    if not spans:
        return
    step = max_words - overlap
    start = 0
    while True:
        end = min(start + max_words, len(spans))
        yield start, body[spans[start][0]: spans[end - 1][1]]
        if end == len(spans):
            return
        start += step


def count_words(text: str) -> int:
    """Words as the chunker counts them (runs of non-space characters)."""
    return len(_WORD.findall(text))
