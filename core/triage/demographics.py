"""Rewrite a story's demographic words for counterfactual bias checks.

"A 48-year-old woman … her chest" becomes "A 48-year-old man … his chest" when
sex is swapped; the stated age and race/ethnicity are replaced (or added/removed)
the same way. Clinical content is never touched.

Known limits (English heuristics): "her" becomes "his" before a word and "him"
otherwise; pronouns that refer to a relative of the same sex as the patient are
swapped too; a swap to "other"/"unknown" uses they/them without fixing verb
agreement.
"""

from __future__ import annotations

import re
from typing import Any

from core.triage.lexicon import normalise
from core.triage.story import FEMALE_NOUNS, MALE_NOUNS, find_age, race_span


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
"""Sentinel: leave this demographic as it is (``None`` means "remove" for race)."""

_TO_MALE = {"woman": "man", "women": "men", "girl": "boy", "girls": "boys", "lady": "gentleman",
            "female": "male", "she": "he", "hers": "his", "herself": "himself", "mrs": "mr", "ms": "mr"}
_TO_FEMALE = {"man": "woman", "men": "women", "boy": "girl", "boys": "girls", "gentleman": "lady",
              "male": "female", "he": "she", "his": "her", "him": "her", "himself": "herself", "mr": "ms"}
_TO_NEUTRAL = {"woman": "person", "man": "person", "women": "people", "men": "people", "girl": "child",
               "boy": "child", "lady": "person", "gentleman": "person", "she": "they", "he": "they",
               "her": "their", "his": "their", "him": "them", "hers": "theirs", "herself": "themselves",
               "himself": "themselves", "mrs": "mx", "ms": "mx", "mr": "mx"}
# After these words "her" is an object pronoun ("gave her", "with her"), so it becomes "him".
_OBJECT_CONTEXT = {"", "to", "and", "or", "up", "down", "in", "on", "at", "with", "for", "from", "that", "if", "a",
                   "an", "the", "as", "by", "about", "into", "back", "home", "again", "is", "was", "has", "had", "who",
                   "here", "there", "today", "now", "yesterday", "off", "out", "over", "away", "some", "because",
                   "but", "so", "when", "while", "after", "before", "until", "since", "then", "feel", "feels", "any"}
_NOUN_AFTER_AGE = re.compile(r"^(\s+(?:[a-z-]+\s+){0,2}?)(baby girl|baby boy|" + "|".join(FEMALE_NOUNS + MALE_NOUNS) +
                             r"|infant|baby|child|toddler|person)\b")


def age_phrase(years: float) -> str:
    """"48-year-old", "6-week-old", "10-day-old" or "9-month-old" for an age in years."""
    days = years * 365.25
    if days < 28:
        return f"{max(0, round(days))}-day-old"
    if years < 0.25:
        return f"{round(days / 7)}-week-old"
    if years < 2:
        return f"{round(years * 12)}-month-old"
    return f"{int(years)}-year-old"


def _like(source: str, word: str) -> str:
    """``word`` with the capitalisation of ``source``."""
    if len(source) > 1 and source.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def _noun(sex: str, years: float | None, original: str) -> str:
    if original in ("female", "male"):
        return {"female": "female", "male": "male"}.get(sex, "person")
    child = years is not None and years < 18
    baby = years is not None and years < 1
    if sex == "female":
        return "baby girl" if baby else "girl" if child else "woman"
    if sex == "male":
        return "baby boy" if baby else "boy" if child else "man"
    return "baby" if baby else "child" if child else "person"


def _swap_words(text: str, target: str) -> str:
    table = {"male": _TO_MALE, "female": _TO_FEMALE}.get(target, _TO_NEUTRAL)
    words = set(table) | ({"her"} if target == "male" else set())
    pattern = re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        key = word.lower()
        if key == "her" and target != "female":
            following = re.match(r"\s*([a-z]*)", text[match.end():].lower())
            nxt = following.group(1) if following else ""
            objective = nxt in _OBJECT_CONTEXT
            if target == "male":
                return _like(word, "him" if objective else "his")
            return _like(word, "them" if objective else "their")
        return _like(word, table[key])

    return pattern.sub(replace, text)


def rewrite_story(story: str, *, sex: Any = KEEP, race_ethnicity: Any = KEEP, age: Any = KEEP,
                  current_age: float | None = None, current_sex: str = "unknown") -> str:
    """The story with its demographic words changed to match the new demographics.

    Args:
        story: the original story.
        sex: new sex, or KEEP.
        race_ethnicity: new race/ethnicity text, None to remove it, or KEEP.
        age: new age in years, or KEEP.
        current_age: the intake's age (decides child/adult nouns when only sex changes).
        current_sex: the intake's sex (for nouns when only the age changes).
    """
    new_sex = current_sex if sex is KEEP else sex
    new_age = current_age if age is KEEP else age
    norm = normalise(story)
    _, age_span = find_age(norm)
    edits: list[tuple[int, int, str]] = []
    race_match = None
    if race_ethnicity is not KEEP:
        race_match = race_span(norm, age_span)
        if race_match is not None:
            edits.append((race_match[0], race_match[1] + 1, f"{race_ethnicity} " if race_ethnicity else ""))
        elif race_ethnicity and age_span is not None:
            edits.append((age_span[1], age_span[1], f" {race_ethnicity}"))
    if age_span is not None:
        if age is not KEEP and age is not None:
            original = story[age_span[0]:age_span[1]]
            if original.lower().endswith("old"):
                replacement = age_phrase(float(age))
            else:
                unit_free = age_phrase(float(age)).replace("-year-old", "").replace("-old", "").replace("-", " ")
                replacement = re.sub(r"\d+(?:\.\d+)?", unit_free, original, count=1)
            edits.append((age_span[0], age_span[1], _like(original, replacement)))
        tail_start = race_match[1] if race_match else age_span[1]
        noun = _NOUN_AFTER_AGE.match(norm[tail_start:])
        if noun and (sex is not KEEP or age is not KEEP):
            start = tail_start + noun.start(2)
            end = tail_start + noun.end(2)
            original = noun.group(2)
            edits.append((start, end, _like(story[start:end], _noun(new_sex, new_age, original))))
    for start, end, text in sorted(edits, key=lambda e: e[0], reverse=True):
        story = story[:start] + text + story[end:]
    if sex is not KEEP and sex != current_sex:
        story = _swap_words(story, sex)
    return story
