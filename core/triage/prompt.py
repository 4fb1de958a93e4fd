"""The triage prompt: instructions, guideline passages, the intake as data, the schema.

The template lives in ``resources/prompts/triage.txt``. Patient text is
data: it sits between delimiters that the patient text itself cannot
contain (look-alikes are neutralised, see :func:`core.safety.injection.neutralise`).

Context budgeting: the intake is never truncated. Retrieved passages fill
what is left of the context after the instructions, the intake and the room
reserved for the answer, in retrieval order; the passage that does not fit
whole is cut at a word boundary and the rest are dropped. If the intake alone
does not fit, :class:`ContextOverflow` names the story field and the fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Protocol, Sequence

from core.inference.errors import ContextOverflow
from core.safety.injection import neutralise
from core.triage.assessment import schema_outline
from core.triage.priority import Priority

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "resources" / "prompts" / "triage.txt"
DATA_OPEN = "<<<PATIENT_DATA>>>"
DATA_CLOSE = "<<<END_PATIENT_DATA>>>"
_MARGIN_TOKENS = 8  # joins between parts tokenise slightly differently from the parts alone


class PromptEngine(Protocol):
    """What the builder needs from the model engine."""

    n_ctx: int

    def count_tokens(self, text: str) -> int: ...

    def chat_prompt(self, system: str, user: str) -> str: ...


@dataclass(frozen=True)
class Passage:
    """A retrieved guideline passage (from the knowledge base, never patient data)."""

    doc_id: str
    title: str
    text: str


@dataclass(frozen=True)
class BuiltPrompt:
    """The rendered prompt and what went into it."""

    text: str
    tokens: int
    prefix: str = ""
    passage_ids: list[str] = field(default_factory=list)
    truncated: bool = False
    dropped: int = 0


@dataclass(frozen=True)
class PromptTemplate:
    system: str
    user: str

    @classmethod
    def load(cls, path: Path = TEMPLATE_PATH) -> "PromptTemplate":
        lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
        text = "\n".join(lines)
        _, _, rest = text.partition("=== SYSTEM ===")
        system, _, user = rest.partition("=== USER ===")
        if not system.strip() or not user.strip():
            raise ValueError(f"{path} needs '=== SYSTEM ===' and '=== USER ===' sections")
        return cls(system.strip("\n"), user.strip("\n"))


def _priorities_text() -> str:
    return "\n".join(f"- {p.label}: {p.meaning}" for p in sorted(Priority, reverse=True))


def format_passage(passage: Passage, text: str | None = None) -> str:
    body = " ".join((passage.text if text is None else text).split())
    return f"[{passage.doc_id}] {passage.title}: {body}"


class PromptBuilder:
    """Renders the triage prompt within the engine's context.

    Args:
        engine: counts tokens and applies the model's chat template.
        answer_tokens: tokens reserved for the model's answer.
        passage_budget: at most this many tokens of passages (keeps latency
            down on small machines); None = whatever the context allows.
        template: the prompt template (default: resources/prompts/triage.txt).
    """

    def __init__(
        self,
        engine: PromptEngine,
        *,
        answer_tokens: int,
        passage_budget: int | None = 400,
        template: PromptTemplate | None = None,
    ) -> None:
        self.engine = engine
        self.answer_tokens = answer_tokens
        self.passage_budget = passage_budget
        self.template = template or PromptTemplate.load()
        self._system = Template(self.template.system).safe_substitute(
            priorities=_priorities_text(),
            schema=schema_outline(),
            data_open=DATA_OPEN,
            data_close=DATA_CLOSE,
        )

    def build(self, patient_text: str, passages: Sequence[Passage] = ()) -> BuiltPrompt:
        """The full prompt for one case.

        Raises:
            ContextOverflow: the intake alone does not fit the model's context.
        """
        data = neutralise(patient_text.strip())
        base = self._render(data, "(none)")
        base_tokens = self.engine.count_tokens(base)
        limit = self.engine.n_ctx - self.answer_tokens
        if base_tokens > limit:
            raise ContextOverflow(
                f"story: the intake needs {base_tokens} tokens with the instructions, but the model's context "
                f"holds {self.engine.n_ctx} with {self.answer_tokens} kept for the answer (shorten the story "
                "to its clinical essentials, or configure a model with a longer context)"
            )
        room = limit - base_tokens - _MARGIN_TOKENS
        if self.passage_budget is not None:
            room = min(room, self.passage_budget)
        chosen, ids, truncated = self._fit_passages(passages, room)
        text = self._render(data, "\n".join(chosen) if chosen else "(none)")
        tokens = self.engine.count_tokens(text)
        # Belt and braces: if the joins cost more than the margin, drop passages until it fits.
        while tokens > limit and chosen:
            chosen.pop()
            ids.pop()
            truncated = True
            text = self._render(data, "\n".join(chosen) if chosen else "(none)")
            tokens = self.engine.count_tokens(text)
        return BuiltPrompt(text=text, tokens=tokens, prefix=self.fixed_prefix(), passage_ids=ids,
                           truncated=truncated, dropped=len(passages) - len(ids))

    def fixed_prefix(self) -> str:
        """The start of every prompt (instructions), which the engine evaluates once and keeps."""
        sentinel = "\u0000PRESCREEN_CASE\u0000"
        rendered = self.engine.chat_prompt(self._system, sentinel)
        return rendered.split(sentinel, 1)[0]

    def _render(self, data: str, passages_text: str) -> str:
        user = Template(self.template.user).safe_substitute(
            passages=passages_text, patient_data=data, data_open=DATA_OPEN, data_close=DATA_CLOSE
        )
        return self.engine.chat_prompt(self._system, user)

    def _fit_passages(self, passages: Sequence[Passage], room: int) -> tuple[list[str], list[str], bool]:
        chosen: list[str] = []
        ids: list[str] = []
        for passage in passages:
            if room <= 0:
                return chosen, ids, True
            line = format_passage(passage)
            cost = self.engine.count_tokens(line) + 1
            if cost <= room:
                chosen.append(line)
                ids.append(passage.doc_id)
                room -= cost
                continue
            cut = self._truncate(passage, room)
            if cut:
                chosen.append(cut)
                ids.append(passage.doc_id)
            return chosen, ids, True
        return chosen, ids, False

    def _truncate(self, passage: Passage, room: int) -> str | None:
        """The longest word-prefix of the passage that fits ``room`` tokens, or None."""
        words = re.split(r"\s+", passage.text.strip())
        low, high, best = 1, len(words), None
        while low <= high:
            mid = (low + high) // 2
            line = format_passage(passage, " ".join(words[:mid]) + " …")
            if self.engine.count_tokens(line) + 1 <= room:
                best, low = line, mid + 1
            else:
                high = mid - 1
        return best
