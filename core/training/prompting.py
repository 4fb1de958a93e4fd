"""Render training prompts with the engine's own prompt code.

At triage time the pipeline turns the intake into its patient-data block
(:func:`core.triage.pipeline.patient_text`), retrieves guideline passages with
:func:`core.triage.pipeline.retrieval_query`, and builds the prompt with
:class:`core.triage.prompt.PromptBuilder` (template, schema, data delimiters,
context budget from the triage settings) and the base GGUF's chat template
(:func:`core.inference.chat.format_chat`). Training reuses every one of those
pieces through a small stand-in for the llama.cpp engine that counts tokens
with the training tokenizer, so a fine-tuned adapter sees prompts formatted
exactly as triage will format them.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence


class TokenizerPromptEngine:
    """The two things ``PromptBuilder`` needs from an engine, backed by a HF tokenizer."""

    def __init__(self, tokenizer, *, n_ctx: int, chat_template: str | None = None) -> None:
        self.tokenizer = tokenizer
        self.n_ctx = n_ctx
        self.chat_template = chat_template

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def chat_prompt(self, system: str, user: str) -> str:
        from core.inference.chat import format_chat

        return format_chat(system, user, self.chat_template, bos_token="", eos_token=self.tokenizer.eos_token or "")


def knowledge_retriever(knowledge, k: int) -> Callable[[Any], list]:
    """intake -> guideline passages, the pipeline's query against a knowledge base."""
    from core.triage.pipeline import retrieval_query
    from core.triage.prompt import Passage

    def retrieve(intake) -> list:
        return [Passage(h.doc_id, h.title, h.text) for h in knowledge.search(retrieval_query(intake), k=k)]

    return retrieve


class PromptRenderer:
    """intake dict -> prompt text, as the triage pipeline renders it (``build`` also says which passages it shows)."""

    def __init__(self, builder, retrieve: Callable[[Any], Sequence[Any]] | None) -> None:
        self.builder = builder
        self.retrieve = retrieve

    def build(self, intake_record: dict[str, Any]):
        """The :class:`core.triage.prompt.BuiltPrompt` (text and the ids of the passages in it)."""
        from core.triage.pipeline import patient_text, to_intake

        intake = to_intake(intake_record)
        passages = list(self.retrieve(intake)) if self.retrieve is not None else []
        return self.builder.build(patient_text(intake), passages)

    def __call__(self, intake_record: dict[str, Any]) -> str:
        return self.build(intake_record).text


def prompt_renderer(tokenizer, *, chat_template: str | None = None, settings=None,
                    retrieve: Callable[[Any], Sequence[Any]] | None = None) -> PromptRenderer:
    """A function intake dict -> prompt text, as the triage pipeline renders it.

    Args:
        tokenizer: the training tokenizer (counts tokens for the context budget).
        chat_template: the base GGUF's chat template (None: the engine's plain layout).
        settings: :class:`core.triage.settings.TriageSettings` (context size, answer
            reserve, passage budget); default: the shipped defaults.
        retrieve: intake -> passages (see :func:`knowledge_retriever`); None trains
            without passages (the prompt then says "(none)", as triage does when
            the knowledge base is empty).
    """
    from core.triage.prompt import PromptBuilder
    from core.triage.settings import TriageSettings

    settings = settings or TriageSettings()
    engine = TokenizerPromptEngine(tokenizer, n_ctx=settings.n_ctx, chat_template=chat_template)
    builder = PromptBuilder(engine, answer_tokens=settings.max_tokens, passage_budget=settings.passage_budget)
    return PromptRenderer(builder, retrieve)
