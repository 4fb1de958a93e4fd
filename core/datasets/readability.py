"""Flesch-Kincaid grade of patient-facing text, computed offline.

textstat's English syllable counter downloads the CMU dictionary through
nltk on first use, which an offline clinic cannot do; this uses pyphen's
bundled hyphenation dictionary for syllables instead (the same fallback
textstat applies to words missing from the CMU dictionary).
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one word: hyphenation points + 1 (at least 1)."""
    return max(1, len(_hyphenator().positions(word.lower())) + 1)


def flesch_kincaid_grade(text: str) -> float:
    """US school grade: 0.39 words/sentence + 11.8 syllables/word - 15.59."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    total = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * total / len(words) - 15.59, 2)
