"""Rules for the text inside a JSON answer's strings, as data (per model, see models/catalog.yaml).

A small instruction-tuned model (SmolLM2-135M-Instruct) writes valid JSON under
the grammar, but inside its strings it loops ("no, no, no, ...") and runs on
past the length cap. :class:`StringRules` says, for the strings of an answer:

* ``openers``: a field's value (the first item of a list) starts with this text (the
  model writes the rest);
* ``one_sentence``: a field's value ends at its first full sentence
  (``min_words`` words or more ending in "." or "!"; a decimal point is not an end);
  past ``soft_chars`` characters the full stop is favoured; ``one_question``: each item
  of a list field ends at its first "?", and past ``question_chars`` characters at the
  end of the next word of 3+ letters that is not a function word ("... recent surgery?");
* ``no_repeat_ngram``: inside one string no token n-gram is written twice
  (as ``no_repeat_ngram_size`` in other generators); ``max_word_uses``: no word of 3+
  letters (common function words aside) starts again once a string holds it that often,
  and no pair of such words is written twice ("skin infection ... skin infection");
* ``banned_words``: word starts that no word inside a string may have (a token
  spelling one, after a space or at a string's start, is refused), e.g. "diagnos",
  "confirm": the prompt's "never give a diagnosis as fact" as decoding;
* ``banned_phrases``: word sequences no string may complete ("not a medical emergency",
  "not in immediate danger"): once a string ends with all but a phrase's last word, that
  word may not start (a draft does not reassure; the nurse decides).

Like :class:`~core.inference.steer.LabelSteer` it is plain data with a wire form,
so the inference worker applies it the same way; a clinic server, which samples
on its own, ignores it. The engine applies it to llama.cpp's logits before each
token the model chooses (:class:`StringRuling`); nothing is changed outside strings
or for a model whose catalog entry sets no rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Callable

#: A forced token's logit: above anything a model produces.
_FORCE = 1.0e9
#: What favouring the full stop adds to its logit once a sentence runs past ``soft_chars``.
_STOP_BIAS = 5.0
#: Words of 3+ letters that any sentence may use again and again (``max_word_uses`` leaves them be).
COMMON_WORDS = frozenset("""
the and but for nor not are was has had can may any all its who how why one two six ten our out off per via
him her his she you yes too
that this these those with from have been being were will would could should might must shall does done
which when where what there their them they than then also such into onto over under about some each every
other very more most less least just your only both either neither after before because while
""".split())
_WORD = re.compile(r"[a-z]{3,}")
_ANY_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class StringRules:
    """What the text inside an answer's strings must respect (see the module docstring)."""

    openers: tuple[tuple[str, str], ...] = ()
    one_sentence: tuple[str, ...] = ()
    one_question: tuple[str, ...] = ()
    min_words: int = 6
    soft_chars: int = 150
    question_chars: int = 60
    no_repeat_ngram: int = 0
    max_word_uses: int = 0
    banned_words: tuple[str, ...] = ()
    banned_phrases: tuple[str, ...] = ()
    kind: str = field(default="strings", init=False)

    def __post_init__(self) -> None:
        if self.no_repeat_ngram == 1 or self.no_repeat_ngram < 0:
            raise ValueError("no_repeat_ngram is 0 (off) or at least 2")
        if self.min_words < 1 or self.soft_chars < 1 or self.question_chars < 1 or self.max_word_uses < 0:
            raise ValueError("min_words, soft_chars and question_chars are positive, max_word_uses 0 or more")

    def to_wire(self) -> dict:
        wire: dict = {"kind": self.kind}
        for item in fields(self):
            if item.init:
                value = getattr(self, item.name)
                wire[item.name] = ([list(pair) for pair in value] if item.name == "openers"
                                   else list(value) if isinstance(value, tuple) else value)
        return wire

    @classmethod
    def from_wire(cls, data: dict) -> "StringRules":
        """The rules of :meth:`to_wire`'s form (a field left out keeps its default)."""
        values: dict = {}
        for item in fields(cls):
            if not item.init or item.name not in data:
                continue
            raw = data[item.name]
            if item.name == "openers":
                values[item.name] = tuple((str(a), str(b)) for a, b in raw)
            elif isinstance(item.default, int):
                values[item.name] = int(raw)
            else:
                values[item.name] = tuple(str(x) for x in raw)
        return cls(**values)


class _JsonPosition:
    """Where an answer being written is: inside which field's value string, from which character.

    Fed the answer's text as it grows; the draft schema is a flat object whose
    values are strings, numbers or arrays of strings.
    """

    def __init__(self) -> None:
        self.seen = 0
        self.in_string = False
        self.escaped = False
        self.start = 0  # where the current string's text begins
        self.is_value = False
        self.field = ""
        self.items = 0  # list items of the current field written before this string
        self._stack: list[str] = []
        self._last_key = ""
        self._after = ""  # the last character outside strings

    def feed(self, written: str) -> None:
        for index in range(self.seen, len(written)):
            char = written[index]
            if self.in_string:
                if self.escaped:
                    self.escaped = False
                elif char == "\\":
                    self.escaped = True
                elif char == '"':
                    self.in_string = False
                    if not self.is_value:
                        self._last_key = written[self.start:index]
                    self._after = '"'
                continue
            if char == '"':
                self.in_string = True
                self.start = index + 1
                in_array = bool(self._stack) and self._stack[-1] == "["
                self.is_value = self._after == ":" or (in_array and self._after in "[,")
                self.items = self.items + 1 if in_array and self._after == "," else 0
                self.field = self._last_key
            elif char in "{[":
                self._stack.append(char)
            elif char in "}]" and self._stack:
                self._stack.pop()
            if not char.isspace():
                self._after = char
        self.seen = len(written)


class StringTables:
    """What applying a set of rules needs from a model's vocabulary (built once per model and rules).

    Args:
        rules: the rules.
        tokenize: text -> token ids (no BOS, no special tokens).
        vocab_pieces: every token's text, by id.
    """

    def __init__(self, rules: StringRules, tokenize: Callable[[str], list[int]], vocab_pieces: list[bytes]) -> None:
        import numpy as np

        self.tokenize = tokenize
        quote, stop, mark = tokenize('"'), tokenize("."), tokenize("?")
        self.quote = quote[0] if len(quote) == 1 else None
        self.stops = stop if len(stop) == 1 else []
        self.marks = mark if len(mark) == 1 else []
        #: tokens that do not continue a word (a space or punctuation first)
        self.word_breaks = frozenset(i for i, p in enumerate(vocab_pieces) if p[:1] and not p[:1].isalnum()
                                     and p[:1] not in (b"-", b"'"))
        #: tokens that start a word (after a space), by their lower-case letters (for ``max_word_uses``)
        self.word_starts: dict[str, list[int]] = {}
        self.digits = frozenset(i for i, p in enumerate(vocab_pieces) if p.strip()[:1].isdigit())
        spaced, bare = [], []
        for token, piece in enumerate(vocab_pieces):
            text = piece.decode("utf-8", "replace").lower()
            word = text.strip()
            if word and any(word.startswith(w) for w in rules.banned_words):
                (spaced if text[:1].isspace() else bare).append(token)
            if (rules.max_word_uses or rules.banned_phrases) and text[:1] == " " and word.isalpha():
                self.word_starts.setdefault(word, []).append(token)
        #: first tokens of a banned word after a space, and on their own (at a string's start)
        self.banned_spaced = np.array(spaced, dtype=np.int64)
        self.banned_bare = np.array(bare, dtype=np.int64)


class StringRuling:
    """One generation's use of :class:`StringRules` (the engine's steer callable).

    Called with the answer so far and the row of logits before each token the
    model chooses; changes the row in place.
    """

    def __init__(self, rules: StringRules, tables: StringTables, json_schema: dict | None = None) -> None:
        self.rules = rules
        self._tables = tables
        self._where = _JsonPosition()
        self._openers = dict(rules.openers)
        self._phrases = [words for words in (_ANY_WORD.findall(p.lower()) for p in rules.banned_phrases) if words]
        properties = (json_schema or {}).get("properties", {})
        #: what comes between a field's name and its opener: '":"' for a string, '":["' for a list
        self._heads = {name: '"' + name + ('":["' if properties.get(name, {}).get("type") == "array" else '":"')
                       for name in self._openers}

    def _ban_word(self, logits, word: str) -> None:
        """Refuse the tokens that start ``word`` after a space (" musc" + "ul..." starts "muscular" as well)."""
        import numpy as np

        for cut in range(min(3, len(word)), len(word) + 1):
            ids = self._tables.word_starts.get(word[:cut])
            if ids:
                logits[ids] = -np.inf

    def _opening(self, written: str) -> str | None:
        """The text still to come before a field's opener is written, when the answer is at that field's name.

        With fast-forward the grammar writes the field's name, but leaves its last token to the
        model, which may spell it together with what follows (``":["`` and the first word):
        the opener must be steered from there, or that first token is the model's.
        """
        for name, head in self._heads.items():
            for cut in range(len(head) - 1, len(name), -1):  # from '"name":[' back to '"name' (still open)
                if written.endswith(head[:cut]):
                    return head[cut:] + self._openers[name]
        return None

    def __call__(self, written: str, logits) -> None:
        import numpy as np

        where, tables, rules = self._where, self._tables, self.rules
        where.feed(written)
        if not (where.in_string and where.is_value):
            ahead = self._opening(written) if self._heads else None
            if ahead:
                logits[tables.tokenize(ahead)[0]] = _FORCE
            return
        text = written[where.start:]
        lowered = text.lower()
        opener = self._openers.get(where.field)
        first = where.items == 0  # the opener starts a list's first item only
        if opener and first and len(text) < len(opener) and opener.startswith(text):
            tokens = tables.tokenize(opener[len(text):])
            if tokens:
                logits[tokens[0]] = _FORCE
                return
        if where.field in rules.one_question and tables.quote is not None:
            if text.rstrip().endswith("?"):
                logits[tables.quote] = _FORCE
                return
            last = _WORD.findall(lowered[-24:])
            ends_a_phrase = bool(last) and lowered.endswith(last[-1]) and last[-1] not in COMMON_WORDS
            if len(text) >= rules.question_chars and ends_a_phrase and tables.marks \
                    and int(np.argmax(logits)) in tables.word_breaks:  # a new word would start: end here instead
                logits[tables.marks[0]] = _FORCE
                return
        if where.field in rules.one_sentence and tables.quote is not None:
            ended = text.rstrip().endswith((".", "!")) and len(text.split()) >= rules.min_words
            if ended and int(np.argmax(logits)) not in tables.digits:  # "38." before "5" is no end
                logits[tables.quote] = _FORCE
                return
            if len(text) >= rules.soft_chars:
                for token in tables.stops:
                    logits[token] += _STOP_BIAS
        if tables.banned_spaced.size:
            logits[tables.banned_spaced] = -np.inf
        if tables.banned_bare.size and (not text or not text[-1].isalnum()):
            logits[tables.banned_bare] = -np.inf
        every = _ANY_WORD.findall(lowered) if rules.banned_phrases or rules.max_word_uses else []
        if rules.banned_phrases:
            for phrase in self._phrases:
                if len(every) >= len(phrase) - 1 and every[len(every) - len(phrase) + 1:] == phrase[:-1]:
                    self._ban_word(logits, phrase[-1])
        if rules.max_word_uses:
            said = _WORD.findall(lowered)
            counts: dict[str, int] = {}
            for word in said:
                if word not in COMMON_WORDS:
                    counts[word] = counts.get(word, 0) + 1
            banned = {word for word, count in counts.items() if count >= rules.max_word_uses}
            if said and said[-1] not in COMMON_WORDS and text[-1:].isalpha():
                # the word after an earlier use of the last word, when both carry meaning: no pair twice
                banned |= {after for before, after in zip(said[:-1], said[1:])
                           if before == said[-1] and after not in COMMON_WORDS}
            # no three words twice, punctuation aside ("a range of ... a range, of")
            banned |= {every[i + 2] for i in range(len(every) - 2) if every[i:i + 2] == every[-2:]}
            for word in banned:
                self._ban_word(logits, word)
        n = rules.no_repeat_ngram
        if n and len(text) > 1:
            tokens = tables.tokenize(text)
            tail = tokens[len(tokens) - n + 1:]
            for i in range(len(tokens) - n + 1):
                if tokens[i:i + n - 1] == tail:
                    logits[tokens[i + n - 1]] = -np.inf
