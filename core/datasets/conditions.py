"""The condition library: the presentations the generator writes cases from.

The library is data (``core/datasets/library/*.yaml``), validated here with
pydantic when loaded: ICD-10-CM code format, known symptoms, a valid
priority, vitals ranges that are physiologically possible and consistent with
the priority (a Low case never carries an emergency-range vital sign).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

# The C loader when PyYAML has it: the library loads ~10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str):
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.errors import ValidationError
from core.triage.priority import Priority

LIBRARY = Path(__file__).with_name("library")

#: ICD-10-CM: letter (not U), digit, alphanumeric, then optionally a dot and 1-4 characters.
ICD10_CM = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")

CATEGORIES = ("acute", "chronic", "hiv", "mental_health", "substance_use", "social", "adherence")

VITAL_NAMES = ("bp_systolic", "bp_diastolic", "heart_rate", "resp_rate", "temperature_c", "spo2", "pain_score")

#: Ranges the generator uses when a condition does not override a vital sign.
#: Low/Medium stay clear of every emergency threshold; High/Critical lean abnormal. High keeps
#: systolic BP above 105 so that, with a fast breathing rate, it never scores qSOFA 2 by chance.
DEFAULT_VITALS: dict[Priority, dict[str, tuple[float, float]]] = {
    Priority.LOW: {"bp_systolic": (108, 134), "bp_diastolic": (64, 84), "heart_rate": (60, 92),
                   "resp_rate": (12, 18), "temperature_c": (36.3, 37.3), "spo2": (96, 100), "pain_score": (0, 3)},
    Priority.MEDIUM: {"bp_systolic": (108, 146), "bp_diastolic": (64, 92), "heart_rate": (64, 100),
                      "resp_rate": (12, 20), "temperature_c": (36.4, 37.9), "spo2": (95, 100), "pain_score": (1, 5)},
    Priority.HIGH: {"bp_systolic": (106, 160), "bp_diastolic": (60, 98), "heart_rate": (80, 112),
                    "resp_rate": (16, 22), "temperature_c": (36.5, 38.4), "spo2": (94, 99), "pain_score": (3, 7)},
    Priority.CRITICAL: {"bp_systolic": (90, 170), "bp_diastolic": (55, 100), "heart_rate": (95, 130),
                        "resp_rate": (18, 28), "temperature_c": (36.4, 38.6), "spo2": (90, 97), "pain_score": (5, 9)},
}

#: Physiologically possible bounds; any range outside is a typo in the library.
_POSSIBLE = {"bp_systolic": (50, 260), "bp_diastolic": (30, 150), "heart_rate": (30, 200), "resp_rate": (4, 45),
             "temperature_c": (34.0, 42.0), "spo2": (70, 100), "pain_score": (0, 10)}

#: A Low or Medium presentation must stay inside these (no red-flag vital sign).
_NON_EMERGENT = {"bp_systolic": (95, 179), "bp_diastolic": (55, 109), "heart_rate": (50, 110),
                 "resp_rate": (10, 22), "temperature_c": (35.5, 38.9), "spo2": (94, 100), "pain_score": (0, 8)}


class Score(BaseModel):
    """A screening score the presentation carries (PHQ-9, GAD-7)."""

    model_config = ConfigDict(extra="forbid")
    instrument: Literal["PHQ-9", "GAD-7"]
    range: tuple[int, int]

    @model_validator(mode="after")
    def _within_scale(self) -> "Score":
        top = 27 if self.instrument == "PHQ-9" else 21
        low, high = self.range
        if not 0 <= low <= high <= top:
            raise ValueError(f"{self.instrument} range {self.range} must lie within 0-{top}")
        return self


class Condition(BaseModel):
    """One presentation in the library."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    icd10: str
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    priority: Priority
    is_critical: bool
    age: tuple[int, int] = (1, 89)
    sex: tuple[Literal["female", "male"], ...] = ("female", "male")
    pregnancy: Literal["any", "required", "excluded"] = "any"
    symptoms: tuple[str, ...] = Field(min_length=1)
    optional: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    vitals: dict[str, tuple[float, float]] = Field(default_factory=dict)
    score: Score | None = None
    onset: tuple[str, ...] = Field(min_length=1)
    duration: tuple[str, ...] = Field(min_length=1)
    key_concerns: tuple[str, ...] = Field(min_length=1)
    questions: tuple[str, ...] = Field(min_length=2)
    assessment: str = Field(min_length=20)
    evidence: Literal["guideline", "expert consensus"] = "guideline"
    #: The guideline protocol (a file id in ``resources/guidelines/``) and its red-flag line
    #: ("... -> Critical.") that justifies this presentation's priority; checked on load.
    guideline: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    guideline_line: str | None = Field(default=None, min_length=10)

    @field_validator("priority", mode="before")
    @classmethod
    def _parse_priority(cls, value):
        return Priority.parse(value)

    @field_validator("icd10")
    @classmethod
    def _icd10_format(cls, value: str) -> str:
        if not ICD10_CM.match(value):
            raise ValueError(f"'{value}' is not an ICD-10-CM code (e.g. I24.9, T78.2XXA)")
        return value

    @field_validator("age")
    @classmethod
    def _age_range(cls, value: tuple[int, int]) -> tuple[int, int]:
        # Ages over 89 are a HIPAA identifier: the generator never writes one.
        if not 0 <= value[0] <= value[1] <= 89:
            raise ValueError(f"age range {value} must lie within 0-89")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Condition":
        if self.priority is Priority.CRITICAL and not self.is_critical:
            raise ValueError("a Critical presentation must have is_critical: true")
        if (self.guideline is None) != (self.guideline_line is None):
            raise ValueError("guideline and guideline_line go together (the protocol and its line)")
        if self.pregnancy == "required" and self.sex != ("female",):
            raise ValueError("pregnancy: required needs sex: [female]")
        for vital, (low, high) in self.vitals.items():
            if vital not in VITAL_NAMES:
                raise ValueError(f"unknown vital '{vital}' (use one of {', '.join(VITAL_NAMES)})")
            lo_ok, hi_ok = _POSSIBLE[vital]
            if not lo_ok <= low <= high <= hi_ok:
                raise ValueError(f"{vital} range [{low}, {high}] is not possible (bounds {lo_ok}-{hi_ok})")
        if not self.priority.is_emergent:
            for vital, (low, high) in self.vitals_ranges().items():
                bound_lo, bound_hi = _NON_EMERGENT[vital]
                if low < bound_lo or high > bound_hi:
                    raise ValueError(
                        f"{vital} range [{low}, {high}] reaches an emergency value, "
                        f"which contradicts priority {self.priority.label}"
                    )
        return self

    def vitals_ranges(self) -> dict[str, tuple[float, float]]:
        """Every vital sign's range: the defaults with this condition's overrides.

        Physical presentations default to their priority's ranges; mental health, social
        and adherence presentations are urgent for other reasons and default to normal vitals.
        """
        physical = self.category in ("acute", "chronic", "hiv", "substance_use")
        ranges = dict(DEFAULT_VITALS[self.priority if physical else Priority.LOW])
        ranges.update({k: tuple(v) for k, v in self.vitals.items()})
        return ranges

    def fits(self, age: int, sex: str) -> bool:
        """Whether a patient of this age and sex can present with this condition."""
        return self.age[0] <= age <= self.age[1] and sex in self.sex


class SymptomPhrasing(BaseModel):
    """How a symptom is written by a clinician and said by a patient."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    clinical: tuple[str, ...] = Field(min_length=1)
    lay: tuple[str, ...] = Field(min_length=1)


class ConditionLibrary(BaseModel):
    """The whole library: conditions plus the symptom lexicon they refer to."""

    model_config = ConfigDict(frozen=True)
    conditions: tuple[Condition, ...]
    symptoms: dict[str, SymptomPhrasing]

    @model_validator(mode="after")
    def _references(self) -> "ConditionLibrary":
        ids = [c.id for c in self.conditions]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate condition ids: {sorted(duplicates)}")
        for condition in self.conditions:
            for name in condition.symptoms + condition.optional:
                if name not in self.symptoms:
                    raise ValueError(f"condition '{condition.id}' names unknown symptom '{name}'")
        return self

    def by_id(self, condition_id: str) -> Condition:
        for condition in self.conditions:
            if condition.id == condition_id:
                return condition
        raise ValidationError("condition", f"'{condition_id}' is not in the library", "see `load_library().conditions`")

    def by_priority(self, priority: Priority) -> list[Condition]:
        return [c for c in self.conditions if c.priority is priority]


def parse_library(condition_files: dict[str, list[dict]], symptoms: dict[str, dict]) -> ConditionLibrary:
    """Validate raw YAML content into a library.

    Args:
        condition_files: file stem -> list of condition mappings; the stem is the
            default category of the file's conditions.
        symptoms: the symptom lexicon mapping.

    Raises:
        ValidationError: naming the condition and field at fault.
    """
    from pydantic import ValidationError as PydanticError

    conditions = []
    for stem, entries in condition_files.items():
        for index, entry in enumerate(entries or []):
            data = {"category": stem, **entry}
            try:
                conditions.append(Condition.model_validate(data))
            except PydanticError as exc:
                where = f"{stem}.yaml condition '{entry.get('id', index)}'"
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"]) or "entry"
                raise ValidationError(f"{where} {field}", first["msg"], "fix the library entry") from None
    try:
        return ConditionLibrary(conditions=tuple(conditions), symptoms=symptoms)
    except PydanticError as exc:
        raise ValidationError("condition library", exc.errors()[0]["msg"], "fix the library files") from None


def check_guidelines(library: ConditionLibrary, folder: Path | None = None) -> None:
    """Each condition's guideline line is in its protocol and names the condition's priority.

    The line is matched with whitespace collapsed; a line such as "... -> Medium or Low"
    justifies either priority it names.

    Raises:
        ValidationError: naming the condition whose guideline or line is wrong.
    """
    if folder is None:
        from core.triage.lexicon import resources_folder

        folder = resources_folder() / "guidelines"
    texts: dict[str, str] = {}
    for condition in library.conditions:
        if condition.guideline is None:
            continue
        where = f"condition '{condition.id}' guideline"
        if condition.guideline not in texts:
            path = folder / f"{condition.guideline}.md"
            if not path.is_file():
                raise ValidationError(where, f"'{condition.guideline}' is not a guideline in {folder}",
                                      "name a file in resources/guidelines/ without .md")
            texts[condition.guideline] = " ".join(path.read_text(encoding="utf-8").split())
        line = " ".join(condition.guideline_line.split())
        if line not in texts[condition.guideline]:
            raise ValidationError(f"{where}_line", f"is not a line of {condition.guideline}.md",
                                  "quote the protocol's red-flag line exactly")
        arrow = line[line.rindex("->"):] if "->" in line else ""
        named = set(re.findall(r"\b(Critical|High|Medium|Low)\b", arrow))
        if condition.priority.label not in named:
            raise ValidationError(f"{where}_line", f"does not justify priority {condition.priority.label}",
                                  "quote a line that ends in '-> " + condition.priority.label + "'")


@lru_cache(maxsize=1)
def load_library(folder: Path = LIBRARY) -> ConditionLibrary:
    """Load and validate the library shipped with Prescreen (cached), guideline lines included."""
    files = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.stem in ("symptoms", "labs", "harmful_patterns", "medical_terms", "findings"):
            continue
        files[path.stem] = _load_yaml(path.read_text(encoding="utf-8"))
    symptoms = _load_yaml((folder / "symptoms.yaml").read_text(encoding="utf-8"))
    library = parse_library(files, symptoms)
    check_guidelines(library)
    return library
