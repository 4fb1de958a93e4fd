"""The patient intake: a structured form, a free-text story, or both.

``parse_intake`` reads form/JSON/CLI values; ``intake_from_story`` reads a story
("A 48-year-old woman presents with …") and extracts what the red-flag rules and
the prompt need. Both validate every field and raise
:class:`core.errors.ValidationError` naming the field and the fix; an invalid
intake is never returned half-built.

Age is one field, ``age`` in years; a float carries infants exactly
(6 weeks = 0.115 years). Forms may give ``age_months``, ``age_weeks`` or
``age_days`` instead, and ``Intake.age_months`` reads it back in months.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError as PydanticError, field_validator, model_validator

from core.errors import ValidationError
from core.triage import demographics
from core.triage.story import StoryFacts, clause_details, read_story
from core.triage.text_checks import MAX_ITEM_CHARS, MAX_STORY_BYTES, check_story, check_text
from core.triage.vitals import VITAL_RANGES, Symptom, Vitals

__all__ = ["Intake", "Symptom", "Vitals", "parse_intake", "intake_from_story", "check_story", "MAX_STORY_BYTES",
           "MAX_ITEM_CHARS", "VITAL_RANGES"]

MAX_ITEMS = 50

Sex = Literal["female", "male", "other", "unknown"]
PregnancyStatus = Literal["pregnant", "not_pregnant", "postpartum", "unknown"]


class Intake(BaseModel):
    """A validated intake. Build it with :func:`parse_intake` or :func:`intake_from_story`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: float | None = Field(default=None, description="age in years; fractions for infants")
    sex: Sex = "unknown"
    race_ethnicity: str | None = None
    history: list[str] = Field(default_factory=list)
    medications: list[str] = Field(default_factory=list)
    allergies: list[str] = Field(default_factory=list)
    symptoms: list[Symptom] = Field(default_factory=list)
    negatives: list[str] = Field(default_factory=list, description="findings the story denies")
    vitals: Vitals = Field(default_factory=Vitals)
    pregnancy_status: PregnancyStatus = "unknown"
    gestation_weeks: float | None = None
    story: str | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("age", f"'{value}' is not a number", "enter the age in years (or months for infants)")
        if value < 0:
            raise ValidationError("age", f"{value:g} is negative", "enter the age in years, 0 or more")
        if value > 125:
            raise ValidationError("age", f"{value:g} years is not a possible age", "enter the age in years")
        return float(value)

    @field_validator("race_ethnicity")
    @classmethod
    def _race(cls, value: str | None) -> str | None:
        return check_text("race_ethnicity", value, 100) or None if value is not None else None

    @field_validator("history", "medications", "allergies", "negatives")
    @classmethod
    def _items(cls, items: list[str], info: Any) -> list[str]:
        cleaned = _unique([item for item in (check_text(info.field_name, i) for i in items) if item])
        if len(cleaned) > MAX_ITEMS:
            raise ValidationError(info.field_name, f"has {len(cleaned)} entries; the limit is {MAX_ITEMS}",
                                  "keep the relevant ones")
        return cleaned

    @field_validator("symptoms")
    @classmethod
    def _one_per_name(cls, symptoms: list[Symptom]) -> list[Symptom]:
        """The same symptom entered twice becomes one, keeping every detail given."""
        merged: dict[str, Symptom] = {}
        for symptom in symptoms:
            key = symptom.name.lower()
            if key in merged:
                first = merged[key]
                merged[key] = first.model_copy(update={
                    f: getattr(first, f) or getattr(symptom, f) for f in ("onset", "duration", "severity")})
            else:
                merged[key] = symptom
        return list(merged.values())

    @field_validator("gestation_weeks")
    @classmethod
    def _gestation(cls, value: float | None) -> float | None:
        if value is not None and not 0 <= value <= 45:
            raise ValidationError("gestation_weeks", f"{value:g} weeks is not possible", "enter weeks of pregnancy, 0-45")
        return value

    @field_validator("story", mode="before")
    @classmethod
    def _story(cls, value: Any) -> Any:
        return None if value is None else check_story(value)

    @model_validator(mode="after")
    def _not_empty(self) -> "Intake":
        if self.story is None and not self.symptoms:
            raise ValidationError("story", "the intake has neither a story nor any symptom",
                                  "enter a free-text story or at least one symptom")
        if len(self.symptoms) > MAX_ITEMS:
            raise ValidationError("symptoms", f"has {len(self.symptoms)} entries; the limit is {MAX_ITEMS}",
                                  "keep the presenting symptoms")
        return self

    # ------------------------------------------------------------------ views
    @property
    def age_months(self) -> float | None:
        """Age in months (for infant rules and forms)."""
        return None if self.age is None else self.age * 12

    def to_record(self) -> dict[str, Any]:
        """JSON-serialisable dict for storage; ``parse_intake(record)`` rebuilds the same intake."""
        return self.model_dump(mode="json")

    def summary_text(self, include_story: bool = True) -> str:
        """A de-duplicated clinical summary for the prompt and the reviewer."""
        lines = []
        who = demographics.age_phrase(self.age) if self.age is not None else "age not stated"
        sex = {"unknown": "sex not stated"}.get(self.sex, self.sex)
        race = f", {self.race_ethnicity}" if self.race_ethnicity else ""
        lines.append(f"Patient: {who}, {sex}{race}.")
        if self.pregnancy_status != "unknown":
            weeks = f", {self.gestation_weeks:g} weeks" if self.gestation_weeks is not None else ""
            lines.append(f"Pregnancy: {self.pregnancy_status.replace('_', ' ')}{weeks}.")
        if self.symptoms:
            lines.append("Symptoms: " + "; ".join(_symptom_text(s) for s in self.symptoms) + ".")
        active = {s.name.lower() for s in self.symptoms}
        negatives = [n for n in self.negatives if n.lower() not in active]
        if negatives:
            lines.append("Denies: " + "; ".join(negatives) + ".")
        vitals = _vitals_text(self.vitals)
        if vitals:
            lines.append("Vital signs: " + vitals + ".")
        for label, items in (("History", self.history), ("Medications", self.medications),
                             ("Allergies", self.allergies)):
            if items:
                lines.append(f"{label}: " + "; ".join(items) + ".")
        if include_story and self.story:
            lines.append("Story: " + self.story)
        return "\n".join(lines)

    def to_prompt_text(self) -> str:
        """The patient block of the prompt (same as :meth:`summary_text`)."""
        return self.summary_text()

    def with_demographics(self, *, sex: Any = demographics.KEEP, race_ethnicity: Any = demographics.KEEP,
                          age: Any = demographics.KEEP) -> "Intake":
        """A copy with sex, race/ethnicity and/or age swapped, story rewritten to match.

        For counterfactual bias checks: everything clinical stays the same. The story's
        demographic words are rewritten consistently ("48-year-old woman … her" ->
        "48-year-old man … his"). Pregnancy and sex-specific findings are left as they are;
        callers decide whether a sex swap makes sense for such a case.

        Args:
            sex: "female", "male", "other" or "unknown"; omitted = keep.
            race_ethnicity: text, or None to remove; omitted = keep.
            age: years; omitted = keep.
        """
        record = self.to_record()
        if sex is not demographics.KEEP:
            record["sex"] = _sex_value(sex)
        if race_ethnicity is not demographics.KEEP:
            record["race_ethnicity"] = race_ethnicity
        if age is not demographics.KEEP:
            record["age"] = age
        if self.story:
            record["story"] = demographics.rewrite_story(
                self.story, sex=record["sex"] if sex is not demographics.KEEP else demographics.KEEP,
                race_ethnicity=race_ethnicity, age=age, current_age=self.age,
                current_sex=self.sex)
        return _validated(record)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def _capped(given: list[str], found: list[str]) -> list[str]:
    """The form's entries, then the story's new ones while there is room under MAX_ITEMS."""
    out = list(given)
    seen = {str(item).strip().lower() for item in given}
    for item in found:
        if len(out) >= MAX_ITEMS:
            break
        if item.strip().lower() not in seen:
            seen.add(item.strip().lower())
            out.append(item)
    return out


def _symptom_text(symptom: Symptom) -> str:
    details = [d for d in (symptom.onset, symptom.duration, symptom.severity) if d]
    return symptom.name + (f" ({', '.join(details)})" if details else "")


def _vitals_text(v: Vitals) -> str:
    parts = []
    if v.bp_systolic is not None:
        parts.append(f"BP {v.bp_systolic}/{v.bp_diastolic} mmHg")
    for value, fmt in ((v.heart_rate, "HR {}/min"), (v.resp_rate, "RR {}/min"), (v.temperature_c, "temperature {} °C"),
                       (v.spo2, "SpO2 {}%"), (v.pain_score, "pain {}/10"), (v.glucose_mmol_l, "glucose {} mmol/L")):
        if value is not None:
            parts.append(fmt.format(value))
    return ", ".join(parts)


def _validated(record: dict[str, Any]) -> Intake:
    """Build an Intake, turning any pydantic error into a field-named ValidationError."""
    try:
        return Intake.model_validate(record)
    except PydanticError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int)) or "intake"
        raise ValidationError(field, error["msg"].lower(), _FIXES.get(field.split(".")[-1], "check the value")) from None


_FIXES = {
    "sex": "use female, male, other or unknown",
    "pregnancy_status": "use pregnant, not_pregnant, postpartum or unknown",
    "severity": "use mild, moderate or severe",
    "symptoms": "give a list of symptom names or {name, onset, duration, severity} objects",
}


def _sex_value(value: Any) -> str:
    from core.triage.intake_form import sex_value

    return sex_value(value)


def parse_intake(data: dict[str, Any]) -> Intake:
    """Build a validated intake from form, JSON or CLI values.

    Accepts friendly forms: ``"bp": "120/80"``, ``"age": "3 weeks"``, numbers as strings,
    ``"temperature_f"``, ``"case_description"`` for the story, lists as comma-separated
    text. A story fills in whatever the structured fields leave empty.

    Raises:
        ValidationError: naming the field and the fix.
    """
    from core.triage.intake_form import normalise_form

    record, story = normalise_form(data)
    if story is not None:
        story = check_story(story)
        record["story"] = story
        _merge_story(record, read_story(story))
    return _validated(record)


def intake_from_story(text: str | bytes) -> Intake:
    """Read a free-text story into a validated intake (see :func:`parse_intake`).

    Raises:
        ValidationError: the story is empty, too large, not UTF-8, has control
            characters, or states an impossible vital sign.
    """
    return parse_intake({"story": text})


def _merge_story(record: dict[str, Any], facts: StoryFacts) -> None:
    """Fill fields the form left empty from the story (the form wins where both speak)."""
    if record.get("age") is None and facts.age_years is not None:
        record["age"] = round(facts.age_years, 4)
    if record.get("sex") in (None, "unknown") and facts.sex:
        record["sex"] = facts.sex
    if record.get("race_ethnicity") is None and facts.race_ethnicity:
        record["race_ethnicity"] = facts.race_ethnicity
    vitals = dict(record.get("vitals") or {})
    story_vitals = {k: v for k, v in facts.vitals.items() if vitals.get(k) is None}
    try:
        Vitals.model_validate({**{k: None for k in VITAL_RANGES}, **story_vitals,
                               **({} if "bp_systolic" in story_vitals else {"bp_systolic": None, "bp_diastolic": None})})
    except ValidationError as exc:
        said = facts.vitals_text.get("bp" if exc.field in ("bp", "bp_systolic", "bp_diastolic") else exc.field, "")
        raise ValidationError(exc.field, f"{exc.problem} (the story says '{said}')", exc.fix) from None
    vitals.update(story_vitals)
    record["vitals"] = vitals
    if record.get("pregnancy_status") in (None, "unknown") and facts.pregnancy_status:
        record["pregnancy_status"] = facts.pregnancy_status
    if record.get("gestation_weeks") is None and facts.gestation_weeks is not None:
        record["gestation_weeks"] = facts.gestation_weeks
    # What the story adds is capped so a long story never breaks the list limits; the story
    # itself is kept whole, so nothing is lost to the reader or the prompt.
    for key, found in (("history", facts.history), ("medications", facts.medications), ("allergies", facts.allergies)):
        record[key] = _capped(list(record.get(key) or []), found)
    from core.triage.lexicon import Lexicon, normalise

    lexicon = Lexicon.load_default()
    norm = normalise(record["story"])
    symptoms = list(record.get("symptoms") or [])
    active_concepts: set[str] = set()
    for mention in facts.active({"symptom", "sign", "exposure"}, lexicon):
        if mention.concept in active_concepts:
            continue
        active_concepts.add(mention.concept)
        onset, duration, severity = clause_details(norm, mention)
        # A form symptom with the same name gets the story's details (the Symptom
        # validator merges the two, the form's own details first).
        symptoms.append({"name": mention.label, "onset": onset, "duration": duration, "severity": severity})
    record["symptoms"] = symptoms
    negatives = [m.label for m in facts.mentions if m.status == "negated" and m.concept not in active_concepts
                 and lexicon.concepts[m.concept].kind in ("symptom", "sign", "exposure")]
    record["negatives"] = _capped(list(record.get("negatives") or []), negatives)
