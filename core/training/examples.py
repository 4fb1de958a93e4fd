"""Training examples in the engine's own task format, for each training mode.

* instruction: prompt = the triage prompt exactly as the engine renders it for
  the case's intake (``core.training.prompting``); answer = the target draft as JSON in the engine's schema
  (``core.triage.assessment.ModelDraft``, keys in schema order), then EOS.
* counterfactual: the instruction examples plus, for each case, a copy with the
  demographics swapped and the same target (teaches the model that sex or
  ethnicity alone do not move the priority).
* knowledge: plain causal-LM text from the guideline knowledge base
  (``resources/guidelines/*.md``), split into windows of ``max_length`` tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from core.errors import ValidationError
from core.training.batching import TokenizedExample

GUIDELINES_DIR = Path(__file__).resolve().parents[2] / "resources" / "guidelines"


@dataclass(frozen=True)
class PromptAnswer:
    """One instruction example: the loss is taken on ``answer`` only."""

    prompt: str
    answer: str


# ----------------------------------------------------------------- engine format
def engine_answer(target: dict[str, Any]) -> str:
    """The target draft as the engine's grammar makes the model write it.

    Raises:
        ValidationError: the target does not fit the engine's draft schema.
    """
    from core.triage.assessment import ModelDraft

    try:
        draft = ModelDraft.model_validate(target)
    except Exception as exc:  # pydantic's error: name the first field
        errors = getattr(exc, "errors", lambda: [{"loc": (), "msg": str(exc)}])()
        where = ".".join(str(p) for p in errors[0].get("loc", ())) or "target"
        raise ValidationError(f"target.{where}", str(errors[0].get("msg")),
                              "regenerate the dataset with the current generator") from None
    return json.dumps(draft.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))


def case_target(record: dict[str, Any]) -> dict[str, Any]:
    """The target draft of a dataset triage record."""
    for key in ("target", "assessment", "expected", "draft"):
        if isinstance(record.get(key), dict):
            return record[key]
    raise ValidationError("record", f"triage record {record.get('id', '?')} has no target assessment",
                          "regenerate the dataset with `prescreen data generate`")


def instruction_examples(records: Iterable[dict[str, Any]],
                         render: Callable[[dict[str, Any]], str]) -> list[PromptAnswer]:
    """Prompt/answer pairs for triage records (each with ``intake`` and a target).

    Args:
        records: dataset records.
        render: intake -> prompt text; use :func:`core.training.prompting.prompt_renderer`
            so the prompt is the engine's.
    """
    out = []
    for record in records:
        if not isinstance(record.get("intake"), dict):
            raise ValidationError("record", f"record {record.get('id', '?')} has no intake",
                                  "train on a triage-case dataset")
        target = case_target(record)
        build = getattr(render, "build", None)
        if build is None:
            prompt = render(record["intake"])
        else:
            built = build(record["intake"])
            prompt, target = built.text, cited_as_shown(target, built.passage_ids)
        out.append(PromptAnswer(prompt, engine_answer(target)))
    return out


def cited_as_shown(target: dict[str, Any], shown: list[str]) -> dict[str, Any]:
    """The target's citations as the prompt allows: the passages it names that the prompt shows, else the
    first passage the prompt shows (the one triage then quotes its protocol lines from); none without passages.

    A model cannot cite a protocol it was not shown, and one that never saw a citation learns never to cite.
    """
    cited = [doc for doc in target.get("cited_passages") or [] if doc in shown]
    return {**target, "cited_passages": cited or list(shown[:1])}


def counterfactual_examples(records: Iterable[dict[str, Any]],
                            render: Callable[[dict[str, Any]], str]) -> list[PromptAnswer]:
    """Each case as it is and with its demographics swapped, both with the same answer."""
    records = list(records)
    swapped = []
    for record in records:
        for intake in swap_demographics(record["intake"]):
            swapped.append({**record, "intake": intake})
    return instruction_examples(records, render) + instruction_examples(swapped, render)


def swap_demographics(intake: dict[str, Any]) -> list[dict[str, Any]]:
    """Counterfactual copies of an intake, using the engine's own bias-check swaps.

    The swaps (sex; race/ethnicity; adult age band; no sex swap in pregnancy)
    come from :func:`core.safety.bias.planned_swaps`, so training augments
    exactly what the bias check later measures.
    """
    from types import SimpleNamespace

    from core.safety.bias import planned_swaps

    return [{**intake, **swap.changes} for swap in planned_swaps(SimpleNamespace(**intake))]


def knowledge_texts(folder: Path = GUIDELINES_DIR) -> list[str]:
    """The guideline knowledge base as plain texts, one per document.

    Raises:
        ValidationError: the folder holds no ``.md`` guideline.
    """
    files = sorted(Path(folder).glob("*.md"))
    if not files:
        raise ValidationError("mode", f"knowledge mode needs guideline documents, none in {folder}",
                              "add the guideline .md files or train in instruction mode")
    return [f.read_text(encoding="utf-8") for f in files]


# ----------------------------------------------------------------- tokenizing
def tokenize_pairs(pairs: list[PromptAnswer], tokenizer, max_length: int) -> list[TokenizedExample]:
    """Token ids: BOS + prompt, then answer + EOS; loss from the answer on.

    Prompt and answer are tokenized separately so the loss boundary is exact.
    An example longer than ``max_length`` keeps its whole answer and drops the
    start of the prompt (the end of a triage prompt is the case itself).
    """
    out = []
    bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    eos = [tokenizer.eos_token_id]
    for pair in pairs:
        prompt = tokenizer(pair.prompt, add_special_tokens=False)["input_ids"]
        answer = tokenizer(pair.answer, add_special_tokens=False)["input_ids"] + eos
        room = max_length - len(bos) - len(answer)
        if room < 1:
            raise ValidationError("max_length", f"{max_length} tokens cannot hold an answer of {len(answer)} tokens",
                                  f"raise max_length above {len(answer) + 64}")
        prompt = prompt[-room:]
        ids = tuple(bos + prompt + answer)
        out.append(TokenizedExample(ids, len(bos) + len(prompt)))
    return out


def tokenize_texts(texts: list[str], tokenizer, max_length: int) -> list[TokenizedExample]:
    """Causal-LM windows of at most ``max_length`` tokens; loss on every token."""
    bos = [tokenizer.bos_token_id] if tokenizer.bos_token_id is not None else []
    out = []
    step = max_length - len(bos)
    for text in texts:
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        for start in range(0, len(ids), step):
            window = ids[start:start + step]
            if len(window) >= 8:  # a few stray tokens teach nothing
                out.append(TokenizedExample(tuple(bos + window), 1))
    return out
