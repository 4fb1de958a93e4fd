"""The preliminary assessment: what the model drafts and what the nurse reviews.

Two shapes live here:

* :class:`ModelDraft` / :data:`DRAFT_SCHEMA` — the small JSON object the local
  model is constrained to write (by grammar), nothing more.
* :class:`Assessment` — the review package content: the draft plus what the
  deterministic parts of Prescreen add (red-flag floor, final priority,
  safety findings, counterfactual results, the nurse-review statement).

:func:`parse_draft` never raises on bad model output: a draft that is not
valid JSON (or not valid against the schema) is recorded as a model failure
and the caller falls back to the floor (or Medium).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer
from pydantic import ValidationError as PydanticValidationError

from core.errors import PrescreenError
from core.triage.priority import Priority
from core.triage.protocol import ProtocolLine, repetition

REVIEW_STATEMENT = "This is a preliminary assessment and requires nurse review."



def _to_priority(value: Any) -> Priority:
    # pydantic only turns ValueError into a validation error; Priority.parse
    # raises the product's ValidationError, which would escape as-is.
    try:
        return Priority.parse(value)
    except PrescreenError as exc:
        raise ValueError(str(exc)) from None


#: Priority as stored in JSON: its label ("High"); read from a label, name or number.
PriorityField = Annotated[
    Priority,
    BeforeValidator(_to_priority),
    PlainSerializer(lambda p: p.label, return_type=str),
]

PRIORITY_LABELS = [p.label for p in sorted(Priority, reverse=True)]

# Lengths are capped in the schema so that the grammar itself keeps the draft
# short: on 2 cores every generated token costs ~12 ms.
_MAX_ITEMS = 3
_MAX_ITEM_CHARS = 80
_MAX_ASSESSMENT_CHARS = 200
#: Confidence as a fixed set of values: a bare JSON number lets a base model
#: write "100", which no parser should have to guess about.
CONFIDENCE_VALUES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0]

#: What the model writes. Key order matters: priority comes early so that a
#: draft cut short by the token limit still carries the model's priority.
DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "priority": {"type": "string", "enum": PRIORITY_LABELS},
        "confidence": {"type": "number", "enum": CONFIDENCE_VALUES},
        "key_concerns": {
            "type": "array",
            "items": {"type": "string", "maxLength": _MAX_ITEM_CHARS},
            "maxItems": _MAX_ITEMS,
        },
        "questions_to_ask": {
            "type": "array",
            "items": {"type": "string", "maxLength": _MAX_ITEM_CHARS},
            "maxItems": _MAX_ITEMS,
        },
        "preliminary_assessment": {"type": "string", "maxLength": _MAX_ASSESSMENT_CHARS},
        "cited_passages": {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": _MAX_ITEMS},
    },
    "required": [
        "priority",
        "confidence",
        "key_concerns",
        "questions_to_ask",
        "preliminary_assessment",
        "cited_passages",
    ],
    "additionalProperties": False,
}


class ModelDraft(BaseModel):
    """The model's own draft, exactly the fields of :data:`DRAFT_SCHEMA`."""

    model_config = ConfigDict(extra="forbid")

    priority: PriorityField
    confidence: float = Field(ge=0.0, le=1.0)
    key_concerns: list[str] = Field(default_factory=list, max_length=_MAX_ITEMS)
    questions_to_ask: list[str] = Field(default_factory=list, max_length=_MAX_ITEMS)
    preliminary_assessment: str = ""
    cited_passages: list[str] = Field(default_factory=list, max_length=_MAX_ITEMS)


class ParsedDraft(BaseModel):
    """Result of reading the model's raw text."""

    draft: ModelDraft | None
    json_valid: bool
    error: str | None = None


class RedFlagNote(BaseModel):
    """One fired red-flag rule, as carried in the assessment."""

    rule_id: str
    description: str
    priority: PriorityField
    reason: str
    rationale: str = ""


class SafetyFinding(BaseModel):
    """A failed safety check, shown to the reviewer (never silently patched).

    ``severity`` is ``"alert"`` for findings the nurse must look at before
    signing, ``"warning"`` for the rest and ``"info"`` for recorded automatic
    corrections (the red-flag floor).
    """

    check: str
    severity: Literal["alert", "warning", "info"]
    message: str
    evidence: str = ""


class CounterfactualNote(BaseModel):
    """One demographic swap and whether the priority moved (see core.safety.bias)."""

    attribute: str
    original: str
    counterfactual: str
    original_priority: PriorityField
    counterfactual_priority: PriorityField
    changed: bool
    floor_changed: bool = False


class Assessment(BaseModel):
    """The preliminary assessment stored in a review package."""

    key_concerns: list[str] = Field(default_factory=list)
    #: Who wrote the key concerns: the model, or (for a model not asked for them, see
    #: core.triage.draft_style) the intake's own findings (core.triage.findings).
    key_concerns_from: Literal["model", "intake"] = "model"
    questions_to_ask: list[str] = Field(default_factory=list)
    preliminary_assessment: str = ""
    priority: PriorityField
    model_priority: PriorityField | None = None
    floor: PriorityField | None = None
    floor_applied: bool = False
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    cited_passages: list[str] = Field(default_factory=list)
    red_flags: list[RedFlagNote] = Field(default_factory=list)
    safety_findings: list[SafetyFinding] = Field(default_factory=list)
    counterfactuals: list[CounterfactualNote] = Field(default_factory=list)
    json_valid: bool = True
    model_failure: str | None = None
    model_id: str = ""
    mode: Literal["full", "model_only"] = "full"
    #: The priority suggestion's probabilities per label ({} when it was not used).
    suggestion: dict[str, float] = Field(default_factory=dict)
    suggested_priority: PriorityField | None = None
    #: The label the model itself ranked first when the suggestion guided it.
    model_own_priority: PriorityField | None = None
    #: Key questions and warning signs taken from the cited protocol, each with its source
    #: (see core.triage.protocol); the model's own lines are the fields above.
    protocol_lines: list[ProtocolLine] = Field(default_factory=list)
    requires_nurse_review: Literal[True] = True
    review_statement: str = REVIEW_STATEMENT

    def to_json(self) -> str:
        """Compact JSON for storage."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> "Assessment":
        return cls.model_validate_json(text)


def distinct_items(items: list[str], *, near: bool = False) -> list[str]:
    """The items of a draft list as the nurse reads them: each once, blank ones left out.

    A small model repeats itself ("Is the fever high?" three times); the repeats say
    nothing new. Items equal but for case and spacing count as one; the first is kept.
    With ``near``, an item that holds another of 4+ words ("fasting glucose 13.0 mmol/L"
    and "glucose 13.0 mmol/L") is the same item too: the longer one is kept, in the
    place of the first (:func:`core.triage.protocol.repetition`).
    """
    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    kept: list[str] = []
    for item in (raw.strip() for raw in items):
        if not item:
            continue
        same = next((i for i, earlier in enumerate(kept)
                     if key(earlier) == key(item) or (near and repetition(item, earlier))), None)
        if same is None:
            kept.append(item)
        elif near and len(item.split()) > len(kept[same].split()):
            kept[same] = item  # the earlier one is inside this one
    return kept


def parse_draft(text: str) -> ParsedDraft:
    """Read the model's raw output; never raises.

    The grammar should make the text valid JSON, but a draft cut short by the
    token limit or a timeout is not. Such a draft is a model failure: the
    caller records ``json_valid=False`` and falls back to the floor.

    Args:
        text: what the model wrote.

    Returns:
        The draft when valid, else ``draft=None`` with the reason.
    """
    stripped = (text or "").strip()
    if not stripped:
        return ParsedDraft(draft=None, json_valid=False, error="the model wrote nothing")
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        return ParsedDraft(draft=None, json_valid=False, error=f"not valid JSON ({exc.msg} at char {exc.pos})")
    if not isinstance(data, dict):
        return ParsedDraft(draft=None, json_valid=False, error="not a JSON object")
    try:
        draft = ModelDraft.model_validate(data)
    except (PydanticValidationError, ValueError) as exc:
        first = exc.errors()[0] if isinstance(exc, PydanticValidationError) else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first.get("loc", ())) or "draft"
        return ParsedDraft(draft=None, json_valid=False, error=f"schema mismatch at {where}: {first.get('msg')}")
    return ParsedDraft(draft=draft, json_valid=True)


def draft_schema(passage_ids: list[str] | None = None) -> dict[str, Any]:
    """The schema for one case: ``cited_passages`` may only name the passages given.

    Args:
        passage_ids: ids of the passages in the prompt; None leaves citations
            free-form (the generic schema), an empty list forbids citing.
    """
    if passage_ids is None:
        return DRAFT_SCHEMA
    schema = json.loads(json.dumps(DRAFT_SCHEMA))
    cited = schema["properties"]["cited_passages"]
    if passage_ids:
        cited["items"] = {"type": "string", "enum": list(dict.fromkeys(passage_ids))}
        cited["maxItems"] = min(_MAX_ITEMS, len(set(passage_ids)))
    else:
        cited["maxItems"] = 0
    return schema


def draft_schema_json(schema: dict[str, Any] | None = None) -> str:
    """A draft schema as compact JSON (for the prompt)."""
    return json.dumps(schema or DRAFT_SCHEMA, separators=(",", ":"))


def schema_outline() -> str:
    """The draft's fields in words, for the prompt.

    The grammar already enforces the exact schema, so the prompt carries a
    short outline instead of the full JSON schema (~250 tokens saved per case).
    """
    return (
        '{"priority": "Critical" | "High" | "Medium" | "Low", '
        '"confidence": a number from 0.1 to 1.0, '
        f'"key_concerns": [up to {_MAX_ITEMS} short phrases], '
        f'"questions_to_ask": [up to {_MAX_ITEMS} questions for the nurse to ask], '
        '"preliminary_assessment": "one or two sentences, possibilities only", '
        '"cited_passages": [ids of the passages used]}'
    )
