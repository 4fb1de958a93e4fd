"""The triage pipeline: intake -> floor -> guidelines -> prompt -> model -> checks -> review package.

    intake (validated) -> red-flag floor (deterministic rules)
      -> knowledge search (query from the intake's symptoms; read-only: patient
         data never enters the knowledge base)
      -> prompt (intake never truncated) -> llama.cpp (JSON-schema grammar)
      -> parse (bad JSON = model failure, priority falls back to the floor or Medium)
         (model unavailable -- its worker crashed or hung, the clinic server is
         down -- the case is still filed: floor, suggestion, a visible finding)
      -> safety checks -> final priority = max(model, floor)
      -> review package stored + audit events (+ physician alert for High/Critical)

:meth:`TriagePipeline.assess` runs everything but storing (evaluation,
counterfactual reruns, benchmarks); ``mode="model_only"`` skips the floor and
retrieval to measure what the model contributes on its own.
:meth:`TriagePipeline.triage` stores; :meth:`TriagePipeline.stream` is the
same as a stream of events for the GUI (stages, tokens, done).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Literal

from core.errors import PrescreenError
from core.inference.errors import InferenceTimeout, ModelUnavailable
from core.safety.checks import DraftContext, run_checks
from core.triage.assessment import Assessment, RedFlagNote, SafetyFinding, distinct_items, draft_schema, parse_draft
from core.triage.draft_style import DraftStyle, style_for
from core.triage.findings import intake_concerns
from core.triage.priority import Priority
from core.triage.prompt import Passage, PromptBuilder
from core.triage.protocol import ProtocolLine, chosen_protocol, not_said_by_model, protocol_lines
from core.triage.settings import TriageSettings

Mode = Literal["full", "model_only"]


@dataclass
class StageTimes:
    """Seconds spent per stage of one case (for the benchmark)."""

    rules: float = 0.0
    suggestion: float = 0.0
    retrieval: float = 0.0
    prompt: float = 0.0
    generation: float = 0.0
    checks: float = 0.0
    store: float = 0.0

    @property
    def total(self) -> float:
        return self.rules + self.suggestion + self.retrieval + self.prompt + self.generation + self.checks + self.store

    def as_dict(self) -> dict[str, float]:
        return {"rules": self.rules, "suggestion": self.suggestion, "retrieval": self.retrieval, "prompt": self.prompt,
                "generation": self.generation, "checks": self.checks, "store": self.store, "total": self.total}


@dataclass
class TriageResult:
    """One assessed (and, via ``triage``, stored) case."""

    intake: Any
    assessment: Assessment
    timings: StageTimes
    case_id: str | None = None
    prompt_tokens: int = 0
    generated_tokens: int = 0
    raw_output: str = ""
    prompt_text: str = ""
    passages: list[Passage] = field(default_factory=list)

    @property
    def priority(self) -> Priority:
        return self.assessment.priority


@dataclass(frozen=True)
class TriageEvent:
    """A step of a streamed triage: ``stage`` (text), ``token`` (text) or ``done`` (result)."""

    kind: Literal["stage", "token", "done"]
    text: str = ""
    result: TriageResult | None = None

    @property
    def case_id(self) -> str | None:
        return self.result.case_id if self.result else None

    @property
    def priority(self) -> Priority | None:
        return self.result.priority if self.result else None


def to_intake(value: Any):
    """An ``Intake`` from an Intake, a form/JSON dict or a free-text story.

    Raises:
        ValidationError: naming the field and the fix.
    """
    from core.triage.intake import Intake, intake_from_story, parse_intake

    if isinstance(value, Intake):
        return value
    if isinstance(value, dict):
        return parse_intake(value)
    if isinstance(value, (str, bytes)):
        return intake_from_story(value)
    raise TypeError(f"cannot triage a {type(value).__name__}")


def patient_text(intake) -> str:
    """The patient-data block of the prompt (also what training formats)."""
    return intake.summary_text()


def free_text_of(intake) -> str:
    """All free text entered for the patient (screened for prompt injection)."""
    parts = [intake.story or "", *intake.history, *intake.medications, *intake.allergies,
             *(s.name for s in intake.symptoms)]
    return "\n".join(p for p in parts if p)


def retrieval_query(intake) -> str:
    """The knowledge-base query: presenting symptoms and history, no identity."""
    terms = [s.name for s in intake.symptoms] + list(intake.history)[:3]
    if intake.pregnancy_status not in ("unknown", "not_pregnant"):
        terms.append("pregnancy")
    query = "; ".join(terms).strip()
    return query or (intake.story or "")[:400]


class TriagePipeline:
    """Triage for one workspace (or for given parts, in evaluation and tests).

    Args:
        workspace: the open workspace (engine from its active model, its
            knowledge base, its config, storage and audit).
        engine: a loaded engine to use instead of resolving the active model.
        knowledge: a knowledge base (anything with ``search(query, k)``).
        rules: a red-flag engine (default: the shipped rules).
        settings: triage settings (default: from the workspace config).
    """

    def __init__(self, workspace=None, *, engine=None, knowledge=None, rules=None,
                 settings: TriageSettings | None = None) -> None:
        self.ws = workspace
        self._engine = engine
        self._knowledge = knowledge
        self._rules = rules
        self.settings = settings or TriageSettings.from_config(getattr(workspace, "config", None))
        self._builders: dict[int, PromptBuilder] = {}

    # parts -----------------------------------------------------------------
    @property
    def rules(self):
        if self._rules is None:
            from core.triage.redflags import RedFlagEngine

            self._rules = RedFlagEngine.load_default()
        return self._rules

    def engine(self):
        """The engine for the active model (looked up per case: an activation applies to the next case).

        By ``triage.server`` / ``triage.inference``: the clinic inference
        server, this workstation's inference worker (the default) or the
        model loaded in this process.

        Raises:
            ModelUnavailable: the worker could not load the model.
        """
        if self._engine is not None:
            return self._engine
        model, adapter = self._active_model()
        if self.settings.server is not None:
            from core.inference.server import get_server_engine

            return get_server_engine(self.settings.server, model, n_ctx=self.settings.n_ctx)
        if self.settings.inference == "worker":
            from core.inference.worker import get_worker_engine

            return get_worker_engine(model, adapter, n_ctx=self.settings.n_ctx, n_threads=self.settings.threads())
        from core.inference.engine import get_engine

        return get_engine(model, adapter, n_ctx=self.settings.n_ctx, n_threads=self.settings.threads())

    def _active_model(self):
        if self.ws is not None:
            try:
                from core.registry import active_model
            except ImportError:
                active_model = None
            if active_model is not None:
                try:
                    return active_model(self.ws)
                except PrescreenError:
                    raise
                except Exception as exc:  # noqa: BLE001 - registry tables not there yet: shipped model
                    if "no such table" not in str(exc):
                        raise
        from core.inference.catalog import default_model

        return default_model().path, None

    def knowledge(self):
        """The injected knowledge base, or the workspace's (its default guidelines imported on first open)."""
        if self._knowledge is None and self.ws is not None:
            self._knowledge = self.ws.knowledge_base()
        return self._knowledge

    def _builder(self, engine) -> PromptBuilder:
        key = id(engine)
        if key not in self._builders:
            self._builders[key] = PromptBuilder(engine, answer_tokens=self.settings.max_tokens,
                                                passage_budget=self.settings.passage_budget)
        return self._builders[key]

    # assessing -------------------------------------------------------------
    def assess(self, intake, *, mode: Mode = "full", cancel: Callable[[], bool] | None = None,
               on_token: Callable[[str], None] | None = None) -> TriageResult:
        """Assess a case without storing it.

        Raises:
            ValidationError: the intake is invalid.
            ContextOverflow: the intake does not fit the model's context.
            GenerationCancelled: ``cancel()`` returned True.
        """
        return _final_result(self._run(intake, mode=mode, cancel=cancel), on_token)

    def _run(self, value, *, mode: Mode, cancel) -> Iterator[TriageEvent]:
        times = StageTimes()
        intake = to_intake(value)

        yield TriageEvent("stage", "Checking red-flag rules…")
        started = time.perf_counter()
        floor_result = self.rules.evaluate(intake) if mode == "full" else None
        times.rules = time.perf_counter() - started

        suggestion, suggestion_problem = None, None
        if mode == "full" and self.settings.priority_suggestion:
            started = time.perf_counter()
            suggestion, suggestion_problem = self._suggest(intake)
            times.suggestion = time.perf_counter() - started

        passages: list[Passage] = []
        retrieval_problem = None
        if mode == "full" and self.settings.k > 0:
            yield TriageEvent("stage", "Finding guideline passages…")
            started = time.perf_counter()
            passages, retrieval_problem = self._retrieve(intake)
            times.retrieval = time.perf_counter() - started

        yield TriageEvent("stage", "Preparing the model prompt…")
        started = time.perf_counter()
        stats: dict = {}
        pieces: list[str] = []
        failure = unavailable = None
        guide = PriorityGuide(suggestion) if suggestion is not None else None
        engine = built = None
        style = DraftStyle()
        used: list[Passage] = []
        try:
            engine = self.engine()
            style = style_for(engine)
            built = self._builder(engine).build(patient_text(intake), passages)
        except ModelUnavailable as exc:
            unavailable = str(exc)
        times.prompt = time.perf_counter() - started

        if built is not None:
            used = [p for p in passages if p.doc_id in built.passage_ids]
            schema = style.schema(draft_schema(built.passage_ids))
            if guide is not None and not getattr(engine, "can_steer", True):
                schema = guide.constrain(schema)  # a server is held to the suggested label instead
            steer = guide.steer if guide else None
            if style.strings is not None:  # the model's string rules (catalog), with the label steer
                steer = (steer, style.strings) if steer is not None else style.strings
            yield TriageEvent("stage", "Writing the draft…")
            started = time.perf_counter()
            try:
                for piece in engine.stream(built.text, max_tokens=self.settings.max_tokens, json_schema=schema,
                                           timeout_s=self.settings.timeout_s, cancel=cancel, stats=stats,
                                           prefix=built.prefix, steer=steer):
                    pieces.append(piece)
                    yield TriageEvent("token", piece)
            except InferenceTimeout as exc:
                failure = str(exc)
                pieces = [exc.partial_text]
            except ModelUnavailable as exc:
                unavailable = str(exc)
            times.generation = time.perf_counter() - started
            if guide is not None:
                guide.record(stats)

        yield TriageEvent("stage", "Running safety checks…")
        started = time.perf_counter()
        raw = "".join(pieces) if unavailable is None else ""
        assessment = self._assemble(intake, raw, unavailable or failure, floor_result, mode, engine,
                                    retrieval_problem, guide, suggestion_problem, unavailable=unavailable is not None,
                                    used=used, style=style)
        times.checks = time.perf_counter() - started
        result = TriageResult(intake=intake, assessment=assessment, timings=times,
                              prompt_tokens=stats.get("prompt_tokens", built.tokens if built else 0),
                              generated_tokens=stats.get("generated_tokens", 0), raw_output=raw,
                              prompt_text=built.text if built else "", passages=used)
        yield TriageEvent("done", result=result)

    def _retrieve(self, intake) -> tuple[list[Passage], str | None]:
        try:
            kb = self.knowledge()
            if kb is None:
                return [], None
            hits = kb.search(retrieval_query(intake), k=self.settings.k)
        except PrescreenError as exc:
            # Triage must still reach the nurse; the missing guidance is a finding.
            return [], str(exc)
        return [Passage(h.doc_id, h.title, h.text) for h in hits], None

    def _protocol_lines(self, draft, used: list[Passage], concerns: list[str] | None = None) -> list[ProtocolLine]:
        """The cited protocol's key questions and warning signs that the draft does not already say
        ([] without passages or sections). ``concerns``: the draft's key concerns when they are not the model's."""
        chosen = chosen_protocol(draft.cited_passages if draft else [], used)
        kb = self._knowledge  # passages were retrieved, so the knowledge base is open when there are any
        if chosen is None or kb is None:
            return []
        try:
            lines = protocol_lines(kb, *chosen)
        except PrescreenError:
            return []  # a closed knowledge base: the draft goes out without them
        said = [*draft.key_concerns, *draft.questions_to_ask, draft.preliminary_assessment] if draft else []
        said += concerns or []
        return not_said_by_model(lines, said)

    def _suggest(self, intake):
        """The priority suggestion, or (None, the reason) when it cannot be made."""
        from core.triage.suggestion import default_suggester

        try:
            return default_suggester().suggest(intake), None
        except PrescreenError as exc:
            # The model still drafts a priority on its own; the reviewer is told.
            return None, str(exc)

    def _assemble(self, intake, raw: str, failure: str | None, floor_result, mode: Mode, engine,
                  retrieval_problem: str | None, guide: "PriorityGuide | None" = None,
                  suggestion_problem: str | None = None, *, unavailable: bool = False,
                  used: list[Passage] = (), style: "DraftStyle | None" = None) -> Assessment:
        parsed = parse_draft(raw)
        draft = parsed.draft if failure is None else None
        from_intake = style is not None and style.key_concerns == "intake"
        concerns = (intake_concerns(intake) if from_intake else distinct_items(draft.key_concerns, near=True)) \
            if draft else []
        floor = floor_result.floor if floor_result else None
        model_priority = draft.priority if draft else None
        if model_priority is not None:
            final = max(model_priority, floor) if floor is not None else model_priority
        else:
            # A failed draft never yields Low: the floor, and at least Medium.
            final = max(floor, Priority.MEDIUM) if floor is not None else Priority.MEDIUM
            if unavailable and guide is not None:
                final = max(final, guide.suggestion.priority)  # no model at all: the suggestion stands in
        notes = [RedFlagNote(rule_id=r.rule_id, description=r.description, priority=r.priority, reason=r.reason,
                             rationale=r.rationale) for r in (floor_result.fired if floor_result else [])]
        assessment = Assessment(
            key_concerns=concerns,
            key_concerns_from="intake" if from_intake else "model",
            questions_to_ask=distinct_items(draft.questions_to_ask, near=True) if draft else [],
            preliminary_assessment=draft.preliminary_assessment if draft else "",
            priority=final,
            model_priority=model_priority,
            floor=floor,
            floor_applied=floor is not None and (model_priority is None or model_priority < floor),
            confidence=draft.confidence if draft else 0.0,
            cited_passages=distinct_items(draft.cited_passages) if draft else [],
            protocol_lines=self._protocol_lines(draft, list(used), concerns if from_intake else None),
            red_flags=notes,
            json_valid=parsed.json_valid and failure is None,
            model_failure=failure or parsed.error,
            model_id=getattr(engine, "model_id", ""),
            mode=mode,
            suggestion=guide.suggestion.as_dict() if guide else {},
            suggested_priority=guide.suggestion.priority if guide else None,
            model_own_priority=guide.own_choice if guide else None,
        )
        findings = run_checks(DraftContext(
            draft=draft, model_priority=model_priority, floor=floor, final_priority=final,
            confidence=assessment.confidence, review_statement=assessment.review_statement,
            requires_nurse_review=assessment.requires_nurse_review, patient_text=free_text_of(intake),
            fired_rules=tuple(n.rule_id for n in notes), confidence_cap=self.settings.confidence_cap,
        ))
        if unavailable:
            findings.insert(0, SafetyFinding(
                check="model_unavailable", severity="alert",
                message=f"Model unavailable: {failure}. No draft was written; the priority comes from the "
                "red-flag rules and the priority suggestion only. Assess this case yourself."))
        if suggestion_problem:
            findings.append(SafetyFinding(check="suggestion_failed", severity="warning",
                                          message=f"No priority suggestion could be made ({suggestion_problem}); "
                                          "the model chose the priority on its own."))
        if retrieval_problem:
            findings.append(SafetyFinding(check="retrieval_failed", severity="warning",
                                          message=f"No guideline passages could be retrieved ({retrieval_problem})."))
        return assessment.model_copy(update={"safety_findings": findings})

    # storing ---------------------------------------------------------------
    def stream(self, intake, *, counterfactual: bool | None = None,
               cancel: Callable[[], bool] | None = None) -> Iterator[TriageEvent]:
        """Triage and store a case, as events (stages, tokens, then ``done``).

        The review package is written only after the last token, so a triage
        abandoned or cancelled part-way stores nothing.

        Raises:
            PermissionDenied: the user may not triage.
        """
        self._require_workspace()
        from core.security.roles import Permission

        self.ws.require(Permission.TRIAGE)
        result = None
        for event in self._run(intake, mode="full", cancel=cancel):
            if event.kind == "done":
                result = event.result
            else:
                yield event
        assert result is not None
        if self.settings.counterfactual if counterfactual is None else counterfactual:
            yield TriageEvent("stage", "Running the counterfactual bias check…")
            result.assessment = self._with_counterfactuals(result, cancel)
        yield TriageEvent("stage", "Storing the case for review…")
        started = time.perf_counter()
        result.case_id = self._store(result)
        result.timings.store = time.perf_counter() - started
        yield TriageEvent("done", result=result)

    def triage(self, intake, *, counterfactual: bool | None = None, cancel: Callable[[], bool] | None = None,
               on_token: Callable[[str], None] | None = None) -> TriageResult:
        """Triage and store a case; returns the result with its ``case_id``."""
        return _final_result(self.stream(intake, counterfactual=counterfactual, cancel=cancel), on_token)

    def _with_counterfactuals(self, result: TriageResult, cancel) -> Assessment:
        from core.safety.bias import counterfactual_check

        notes = counterfactual_check(self, result.intake, baseline=result.assessment, cancel=cancel)
        findings = list(result.assessment.safety_findings)
        for note in notes:
            if note.changed and not note.floor_changed:
                findings.append(SafetyFinding(
                    check="counterfactual_change", severity="alert",
                    message=f"Changing {note.attribute.replace('_', ' ')} from {note.original} to "
                    f"{note.counterfactual} changed the priority from {note.original_priority.label} to "
                    f"{note.counterfactual_priority.label}: possible bias, judge the case on its clinical facts."))
        return result.assessment.model_copy(update={"counterfactuals": notes, "safety_findings": findings})

    def _store(self, result: TriageResult) -> str:
        from core.review.package import file_case

        return file_case(self.ws, intake_record=result.intake.to_record(), headline=_headline(result.intake),
                         assessment=result.assessment)

    def _require_workspace(self) -> None:
        if self.ws is None:
            raise PrescreenError("storing a triage needs an open workspace; use assess() for evaluation")


_PRIORITY_SLOT = re.compile(r'"priority"\s*:\s*"$')


class PriorityGuide:
    """Steers the draft's priority label to the priority suggestion (see core/triage/suggestion.py).

    Its :attr:`steer` (a :class:`~core.inference.steer.LabelSteer`, plain
    data, so it reaches an inference worker too) makes the engine, at the
    priority label (the answer so far ends in ``"priority": "``), note which
    of the four labels the model itself ranks first (``own_choice``, read back
    by :meth:`record`), then rank the labels by the suggestion's
    probabilities, the model's scores breaking ties. Nothing else the model
    writes is touched, and the red-flag floor is applied afterwards as always.
    A server that cannot be steered token by token gets a schema whose only
    priority is the suggested one (:meth:`constrain`).
    """

    def __init__(self, suggestion) -> None:
        from core.inference.steer import LabelSteer
        from core.triage.suggestion import log_bias

        self.suggestion = suggestion
        self.own_choice: Priority | None = None
        labels = tuple(suggestion.probabilities)
        bias = log_bias(suggestion)
        self.steer = LabelSteer(_PRIORITY_SLOT.pattern, labels, tuple(bias[label] for label in labels))

    def record(self, stats: dict) -> None:
        """Read the model's own first choice from the engine's stats."""
        label = stats.get("steer_choice")
        self.own_choice = Priority.parse(label) if label else None

    def constrain(self, schema: dict) -> dict:
        """The schema with the priority held to the suggested label."""
        properties = dict(schema["properties"])
        properties["priority"] = {**properties["priority"], "enum": [self.steer.top()]}
        return {**schema, "properties": properties}


def _headline(intake) -> str:
    """One line for the queue: age/sex and the first symptoms (no names)."""
    from core.triage import demographics

    who = demographics.age_phrase(intake.age) if intake.age is not None else "age ?"
    sex = {"female": "F", "male": "M"}.get(intake.sex, "")
    symptoms = ", ".join(s.name for s in intake.symptoms[:3])
    if not symptoms and intake.story:
        symptoms = intake.story[:80]
    return f"{who} {sex}: {symptoms}".strip()


def _final_result(events: Iterator[TriageEvent], on_token: Callable[[str], None] | None) -> TriageResult:
    """Drain an event stream: hand tokens to ``on_token`` and return the done event's result."""
    result = None
    for event in events:
        if event.kind == "token" and on_token is not None:
            on_token(event.text)
        elif event.kind == "done":
            result = event.result
    assert result is not None
    return result
