"""How a draft is written with a given model: which parts the model writes, and the rules for its strings.

Set per model in ``models/catalog.yaml`` (a ``draft:`` section); a model with
none, the default Gemma 3 270M among them, drafts exactly as before: it writes
every field, nothing steers its strings.

SmolLM2-135M-Instruct writes valid JSON but, untrained, leaves its lists empty
or fills them with guideline ids, and loops inside the assessment. Its entry
says:

* ``key_concerns: intake``: the model is not asked for key concerns; the draft
  shows the intake's own findings instead, marked as such for the nurse
  (:func:`core.triage.findings.intake_concerns`);
* ``question_opener``: the model writes exactly one question, which starts with
  these words and ends at its "?"; the cited protocol's key questions are shown
  beside it with their source, as for every model;
* the assessment's rules (:class:`~core.inference.string_rules.StringRules`):
  its opening words, one sentence, no repeated token n-gram, words it may not
  start ("diagnosis", "confirmed": no diagnosis as fact), phrases it may not
  complete ("not a medical emergency": no reassurance).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from core.errors import ValidationError
from core.inference.string_rules import StringRules

_FIELDS = ("key_concerns", "questions_to_ask")
_ASSESSMENT = "preliminary_assessment"
_QUESTIONS = "questions_to_ask"


@dataclass(frozen=True)
class DraftStyle:
    """Which parts of a draft the model writes, and the rules for its strings.

    Attributes:
        key_concerns: ``model`` (the model writes them) or ``intake`` (the intake's findings).
        questions: ``model`` (the model writes them; protocol questions are added as always)
            or ``protocol`` (the cited protocol's key questions only).
        strings: rules for the text inside the answer's strings, or None.
        one_question: the model writes exactly one question, from an opener (``question_opener``).
    """

    key_concerns: Literal["model", "intake"] = "model"
    questions: Literal["model", "protocol"] = "model"
    strings: StringRules | None = None
    one_question: bool = False

    @property
    def is_default(self) -> bool:
        return self == DraftStyle()

    def schema(self, schema: dict) -> dict:
        """The draft schema for this style: fields the model is not asked for allow no items.

        The default style returns ``schema`` itself, unchanged.
        """
        if self.key_concerns == "model" and self.questions == "model" and not self.one_question:
            return schema
        adjusted = copy.deepcopy(schema)
        for name, writer in zip(_FIELDS, (self.key_concerns, self.questions)):
            if writer != "model":
                adjusted["properties"][name]["maxItems"] = 0
        if self.one_question:
            adjusted["properties"][_QUESTIONS].update(minItems=1, maxItems=1)
        return adjusted

    @classmethod
    def from_config(cls, section: dict | None, where: str = "draft") -> "DraftStyle":
        """Read a catalog entry's ``draft:`` section; unknown keys and bad values are errors.

        Keys: ``key_concerns`` (model | intake), ``questions`` (model | protocol),
        ``question_opener`` (text: the model writes one question starting so), ``assessment_opener``
        (text), ``assessment_one_sentence`` (bool), ``no_repeat_ngram`` (int), ``max_word_uses`` (int),
        ``banned_words`` (list of word starts), ``banned_phrases`` (list of word sequences).
        """
        section = dict(section or {})
        known = {"key_concerns", "questions", "question_opener", "assessment_opener", "assessment_one_sentence",
                 "no_repeat_ngram", "max_word_uses", "banned_words", "banned_phrases"}
        unknown = sorted(set(section) - known)
        if unknown:
            raise ValidationError(f"{where}.{unknown[0]}", "is not a draft setting", f"use one of {', '.join(sorted(known))}")
        concerns = section.get("key_concerns", "model")
        questions = section.get("questions", "model")
        if concerns not in ("model", "intake"):
            raise ValidationError(f"{where}.key_concerns", f"'{concerns}' is not model or intake", "fix the catalog")
        if questions not in ("model", "protocol"):
            raise ValidationError(f"{where}.questions", f"'{questions}' is not model or protocol", "fix the catalog")
        opener = str(section.get("assessment_opener") or "")
        question = str(section.get("question_opener") or "")
        if question and questions != "model":
            raise ValidationError(f"{where}.question_opener", "needs questions: model", "fix the catalog")
        one_sentence = bool(section.get("assessment_one_sentence", False))
        ngram = int(section.get("no_repeat_ngram", 0))
        uses = int(section.get("max_word_uses", 0))
        banned = tuple(str(w).lower() for w in section.get("banned_words") or ())
        phrases = tuple(str(p) for p in section.get("banned_phrases") or ())
        strings = None
        if opener or question or one_sentence or ngram or uses or banned or phrases:
            openers = ((_ASSESSMENT, opener),) if opener else ()
            try:
                strings = StringRules(openers=openers + (((_QUESTIONS, question),) if question else ()),
                                      one_sentence=(_ASSESSMENT,) if one_sentence else (),
                                      one_question=(_QUESTIONS,) if question else (),
                                      no_repeat_ngram=ngram, max_word_uses=uses, banned_words=banned,
                                      banned_phrases=phrases)
            except ValueError as exc:
                raise ValidationError(f"{where}.no_repeat_ngram", str(exc), "fix the catalog") from None
        return cls(key_concerns=concerns, questions=questions, strings=strings, one_question=bool(question))


def style_for(engine) -> DraftStyle:
    """The draft style of the model an engine runs (by its file name in the catalog; default otherwise)."""
    path = getattr(engine, "model_path", None)
    return _style_of_file(Path(path).name) if path else DraftStyle()


@lru_cache(maxsize=16)
def _style_of_file(name: str) -> DraftStyle:
    from core.inference.catalog import repo_entries

    for entry in repo_entries():
        if entry.get("file") == name:
            return DraftStyle.from_config(entry.get("draft"), where=f"models/catalog.yaml {entry.get('id')}: draft")
    return DraftStyle()
