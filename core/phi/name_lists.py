"""Word lists the recognizers read from ``resources/phi/``: given names and health-system brands.

Each file has words separated by white space; ``#`` starts a comment. Loaded once, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

LISTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "phi"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of ``resources/phi/<name>.txt`` (``given_names``, ``facility_brands``)."""
    text = (LISTS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


def given_names() -> frozenset[str]:
    """Given names that are a person when they stand alone, less any medical eponym word."""
    from core.phi.eponyms import EPONYM_WORDS

    return frozenset(w for w in word_list("given_names") if w.lower() not in EPONYM_WORDS)


@lru_cache(maxsize=None)
def any_case_given_names() -> frozenset[str]:
    """Lower-case given names for text written without capitals: the curated list and the US Census list
    (``census_given_names.txt``), less medical eponym words."""
    from core.phi.eponyms import EPONYM_WORDS

    names = {w.lower() for w in word_list("given_names")} | set(word_list("census_given_names"))
    # Eponym words that are first and foremost given names stay ("marie", "joseph", "thomas", "john").
    common_given = {"marie", "joseph", "thomas", "john", "mary", "louis", "christian", "pierre", "robin", "martin"}
    return frozenset(n for n in names if n not in EPONYM_WORDS or n in common_given)


def facility_brands() -> frozenset[str]:
    """Health-system brand names that name a facility alone ("seen at Geisinger")."""
    return word_list("facility_brands")
