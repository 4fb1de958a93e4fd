"""The record every dataset line holds, whatever its category.

One schema for all categories keeps validation, splitting and export in one
place. A *group* is one underlying case (the same patient facts, the same lab
value); its *variants* are phrasings of it. Splits are made by group, so a
variant of an eval case never appears in training.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CATEGORY_NAMES = (
    "triage",
    "lab_interpretation",
    "risk_stratification",
    "patient_conversation",
    "wearables",
    "benefits_navigation",
)

Category = Literal[
    "triage", "lab_interpretation", "risk_stratification", "patient_conversation", "wearables",
    "benefits_navigation",
]

SEVERITIES = ("Low", "Medium", "High", "Critical")


class Message(BaseModel):
    """One turn of a chat, in the OpenAI/Azure fine-tuning message format."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["system", "user", "assistant"]
    content: str = Field(min_length=1)


class Demographics(BaseModel):
    model_config = ConfigDict(extra="forbid")
    age_band: str
    sex: Literal["female", "male"]
    race_ethnicity: str


class Record(BaseModel):
    """One training example.

    Attributes:
        id: unique within the dataset ("triage-000042-v1").
        group_id: the underlying case; all variants share it.
        variant: 0 is the canonical phrasing (processed/), >= 1 are augmented phrasings.
        family: the unit of the train/eval split. For triage, labs and risk it is the
            group itself; for template-based families (a conversation topic, a benefits
            question) it is the topic, so near-identical texts never straddle the split.
        task: the sub-task within the category ("viral_load", "onboarding", ...).
        condition / icd10: the library condition, when the example is about one.
        severity: the clinical priority label the example carries (Low..Critical).
        evidence_level: "guideline" or "expert consensus" (or "rule" for rule-derived labels).
        style / wording: how it is phrased (structured / free_text, lay / clinical).
        patient_facing: the output is addressed to a patient (readability and harm screens apply).
        instruction / input / output: the instruction-response form.
        messages: the full conversation for multi-turn examples (ends with the assistant).
        intake / target: triage only: the intake dict and the expected assessment.
        split: "train" or "eval", assigned by group.
    """

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z_]+-\d{6}-v\d+$")
    group_id: str = Field(pattern=r"^[a-z_]+-\d{6}$")
    variant: int = Field(ge=0)
    family: str = Field(min_length=1)
    category: Category
    task: str
    condition: str | None = None
    icd10: str | None = None
    severity: Literal["Low", "Medium", "High", "Critical"] | None = None
    evidence_level: Literal["guideline", "expert consensus", "rule"]
    source: Literal["synthetic"] = "synthetic"
    style: Literal["structured", "free_text", "mixed", "dialogue"]
    wording: Literal["lay", "clinical", "plain"]
    patient_facing: bool
    demographics: Demographics | None = None
    instruction: str = Field(min_length=10)
    input: str = ""
    output: str = Field(min_length=2)
    messages: list[Message] | None = None
    intake: dict | None = None
    target: dict | None = None
    split: Literal["train", "eval"] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Record":
        if not self.id.startswith(self.group_id + "-v"):
            raise ValueError(f"id '{self.id}' does not belong to group '{self.group_id}'")
        if self.category == "triage" and (self.intake is None or self.target is None):
            raise ValueError("a triage record needs intake and target")
        if self.messages is not None:
            if len(self.messages) < 2 or self.messages[-1].role != "assistant":
                raise ValueError("a conversation must end with an assistant turn")
        return self

    def text(self) -> str:
        """Everything a model sees for this record, for duplicate and length checks."""
        if self.messages:
            return "\n".join(m.content for m in self.messages)
        return "\n".join(part for part in (self.instruction, self.input, self.output) if part)

    def patient_text(self) -> str:
        """The text addressed to a patient (assistant turns / output), empty if none."""
        if not self.patient_facing:
            return ""
        if self.messages:
            return "\n".join(m.content for m in self.messages if m.role == "assistant")
        return self.output

    def metadata(self) -> dict:
        """The metadata block of the instruction-response JSONL format."""
        return {
            "id": self.id,
            "group_id": self.group_id,
            "family": self.family,
            "category": self.category,
            "task": self.task,
            "condition": self.condition,
            "icd10": self.icd10,
            "severity": self.severity,
            "evidence_level": self.evidence_level,
            "source": self.source,
            "style": self.style,
            "wording": self.wording,
            "demographics": self.demographics.model_dump() if self.demographics else None,
            "split": self.split,
        }
