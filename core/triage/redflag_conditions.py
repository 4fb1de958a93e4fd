"""The trigger language of the red-flag rules, and how each trigger is checked.

A rule's ``when`` is one condition; conditions nest:

- ``{symptom: chest_pain}`` / ``{symptom: [a, b]}``: a concept present *now*
  (a form symptom, or an active mention in the story; denied, past, family and
  hypothetical mentions do not count). ``label`` prefixes the reason ("stroke sign");
  ``within_hours: 72`` drops a mention the text dates further back ("5 days ago");
  ``lasting_hours: 504`` needs the text to say it has gone on that long ("for 3 weeks"),
  ``[504, 2190]`` at least and at most that long;
  ``present_now: true`` drops a mention the text says has resolved ("weakness which
  resolved after 20 minutes"), unless the story holds an instruction aimed at the model;
  ``not_old_deficit: true`` drops a mention whose sentence ties it to an old event and says
  nothing new about it ("weakness of the left arm since her stroke in 2019"; see
  :func:`core.triage.redflag_text.old_deficit`), under the same condition.
- ``{history: anticoagulant}``: a condition or medicine the patient has or had
  (history, medications or story; denied and family mentions do not count).
- ``{vital: spo2, below: 90}``: also ``at_most``, ``above``, ``at_least``.
- ``{lab: potassium, at_least: 6.5}`` / ``{lab: troponin, result: raised}``: a result the
  story states now (:mod:`core.triage.redflag_text`; glucose also from the form).
- ``{measured: temperature_c, any_at_least: 38}``: any temperature the form or the story gives
  reaches the value ("38.4 at home, 37.2 now"); ``all_below: 38``: the temperature was measured
  and every reading is below the value, never for a story that holds an instruction aimed at
  the model (a measured normal temperature only ever *narrows* a rule).
- ``{age: {under_months: 3}}``: also ``under_years``, ``at_least_years``, ``at_least_months``.
- ``{pregnancy: pregnant}`` (or ``postpartum``), ``{sex: female}``.
- ``{all: [...]}``, ``{any: [...]}``, ``{score: qSOFA, at_least: 2, of: [...]}``; inside a
  score, ``{points: 3, when: ...}`` weighs an item (NEWS2).
- ``{none: [...]}``: holds when none of its conditions does (a finding the rule needs to be
  absent, e.g. a glucose of 4 or more measured now rules out hypoglycaemia).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from core.triage.demographics import age_phrase
from core.triage.intake import Intake
from core.triage.lexicon import Lexicon, normalise
from core.triage.negation import clause_of, clauses, resolved_after
from core.triage.redflag_text import (LabName, LabResult, Result, find_labs, lasting_hours, old_deficit,
                                     story_temperatures)
from core.triage.story import hours_ago, sentence_of

VitalName = Literal["bp_systolic", "bp_diastolic", "heart_rate", "resp_rate", "temperature_c", "spo2",
                    "pain_score", "glucose_mmol_l"]
_VITAL_WORDS = {
    "bp_systolic": ("systolic BP", " mmHg"), "bp_diastolic": ("diastolic BP", " mmHg"),
    "heart_rate": ("HR", "/min"), "resp_rate": ("RR", "/min"), "temperature_c": ("temperature", " °C"),
    "spo2": ("SpO2", "%"), "pain_score": ("pain score", "/10"), "glucose_mmol_l": ("glucose", " mmol/L"),
}
_OPS = {"below": ("<", float.__lt__), "at_most": ("<=", float.__le__), "above": (">", float.__gt__),
        "at_least": (">=", float.__ge__)}


@dataclass
class Evidence:
    """What the rules may look at, gathered once per intake."""

    intake: Intake
    active: dict[str, list[str]] = field(default_factory=dict)
    known: dict[str, list[str]] = field(default_factory=dict)
    # For each active phrase, how many hours ago the text says it happened (None: not said),
    # how long it says it has lasted, and whether it says it has resolved.
    hours: dict[str, list[float | None]] = field(default_factory=dict)
    lasting: dict[str, list[float | None]] = field(default_factory=dict)
    resolved: dict[str, list[bool]] = field(default_factory=dict)
    # Whether the mention's sentence ties it to an old event and says nothing new about it.
    old: dict[str, list[bool]] = field(default_factory=dict)
    labs: list[LabResult] = field(default_factory=list)
    # Every temperature the story states (°C), and whether the story holds no instruction
    # aimed at the model (only then may its words narrow a rule).
    temperatures: list[float] = field(default_factory=list)
    trusted: bool = True

    @classmethod
    def gather(cls, intake: Intake, lexicon: Lexicon) -> "Evidence":
        """Scan form symptoms, history, medications and the raw story phrase by phrase.

        The story is scanned here even when the intake's symptom list came from it, so a
        rule never depends on what the extraction chose to keep.
        """
        evidence = cls(intake)
        if intake.story:
            from core.safety.injection import screen

            norm = normalise(intake.story)
            spans = clauses(norm)
            # Words in a story that also tries to instruct the model cannot make a finding "resolved".
            trusted = evidence.trusted = not screen(intake.story)
            for m in lexicon.find(intake.story):
                if m.status == "active":
                    sentence = sentence_of(norm, m.start, m.end)[1]
                    gone = trusted and resolved_after(norm, m.end, clause_of(spans, m.start, len(norm)))
                    evidence._add_active(m.concept, _quote(m.text, m.label), hours_ago(sentence),
                                         lasting_hours(sentence), gone, trusted and old_deficit(sentence))
                if m.status in ("active", "historical"):
                    evidence._add(evidence.known, m.concept, _quote(m.text, m.label))
            evidence.labs = find_labs(norm)
            evidence.temperatures = story_temperatures(norm)
        by_label = {concept.label.lower(): name for name, concept in lexicon.concepts.items()}
        for symptom in intake.symptoms:
            # A symptom named exactly as a concept (as the story reader and the GUI pick list
            # write them) is that concept; any other name is read like text.
            direct = by_label.get(symptom.name.lower())
            found = [(direct, symptom.name)] if direct else [
                (m.concept, m.text) for m in lexicon.find(symptom.name, source="form") if m.status == "active"]
            onset = hours_ago(normalise(symptom.onset)) if symptom.onset else None
            duration = normalise(symptom.duration) if symptom.duration else ""
            lasted = lasting_hours(f"for {duration}") if duration else None
            gone = bool(duration) and resolved_after(duration, 0, (0, len(duration)))
            said = evidence.resolved.get(direct, []) if direct else []
            if said and all(said):
                # A symptom named as a concept (the story reader's extraction, or a nurse's pick)
                # is resolved where every mention of it in the story says so.
                gone = True
            # Likewise an old deficit: every mention of it in the story ties it to an old event.
            old_said = evidence.old.get(direct, []) if direct else []
            old = bool(old_said) and all(old_said)
            for concept, text in found:
                evidence._add_active(concept, f"(form: {text})", onset, lasted, gone, old)
                evidence._add(evidence.known, concept, f"(form: {text})")
        for source, items in (("history", intake.history), ("medications", intake.medications)):
            for item in items:
                for m in lexicon.find(item, source=source):
                    if m.status in ("active", "historical"):
                        evidence._add(evidence.known, m.concept, f"({source}: {m.text})")
        return evidence

    def _add_active(self, concept: str, phrase: str, hours: float | None, lasting: float | None = None,
                    resolved: bool = False, old: bool = False) -> None:
        # The same words said twice at different times ("chest pain 3 days ago … chest pain
        # again now") are two pieces of evidence: keep both times.
        pairs = list(zip(self.active.get(concept, []), self.hours.get(concept, [])))
        if (phrase, hours) not in pairs:
            self.active.setdefault(concept, []).append(phrase)
            self.hours.setdefault(concept, []).append(hours)
            self.lasting.setdefault(concept, []).append(lasting)
            self.resolved.setdefault(concept, []).append(resolved)
            self.old.setdefault(concept, []).append(old)

    def mentions(self, concept: str) -> list[tuple[str, float | None, float | None, bool, bool]]:
        """(phrase, hours ago, hours lasted, resolved, old deficit) for each active mention of ``concept``."""
        return list(zip(self.active.get(concept, []), self.hours.get(concept, []),
                        self.lasting.get(concept, []), self.resolved.get(concept, []), self.old.get(concept, [])))

    @staticmethod
    def _add(table: dict[str, list[str]], concept: str, phrase: str) -> None:
        phrases = table.setdefault(concept, [])
        if phrase not in phrases:
            phrases.append(phrase)


Outcome = tuple[bool, list[str]]


def _quote(text: str, label: str) -> str:
    """How a story phrase appears in a reason: omitted when it just repeats the label."""
    return "" if text.lower() == label.lower() else f'("{text}")'


class _Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def concepts(self) -> set[str]:
        """Concept names this condition refers to (checked against the vocabulary)."""
        return set()


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


class SymptomCondition(_Condition):
    symptom: str | list[str]
    label: str | None = None
    # Only when it happened at most this many hours ago, as far as the text says: a
    # mention with no time stated still counts (the floor errs towards firing).
    within_hours: float | None = Field(default=None, gt=0)
    # Only when the text says it has lasted at least this many hours ("for 3 weeks"): a
    # condition that raises the floor for a long course needs the course stated.
    lasting_hours: float | tuple[float, float] | None = None
    # Not when the text says it has resolved (a TIA's FAST signs are not a stroke now).
    present_now: bool = False
    # Not when the text ties it to an old event and says nothing new ("weakness since her stroke in 2019").
    not_old_deficit: bool = False

    @model_validator(mode="after")
    def _lasting_range(self) -> "SymptomCondition":
        low, high = self._lasting_bounds()
        if self.lasting_hours is not None and not 0 < low <= high:
            raise ValueError(f"lasting_hours {self.lasting_hours} must be hours above 0 (or a [least, most] pair)")
        return self

    def _lasting_bounds(self) -> tuple[float, float]:
        if self.lasting_hours is None:
            return 0.0, 0.0
        if isinstance(self.lasting_hours, tuple):
            return float(self.lasting_hours[0]), float(self.lasting_hours[1])
        return float(self.lasting_hours), float("inf")

    def _lasted(self, lasted: float | None) -> bool:
        low, high = self._lasting_bounds()
        return lasted is not None and low <= lasted <= high

    def concepts(self) -> set[str]:
        return set(_names(self.symptom))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        reasons = []
        prefix = f"{self.label}: " if self.label else ""
        for name in _names(self.symptom):
            for phrase, hours, lasted, resolved, old in ev.mentions(name):
                if self.within_hours is not None and hours is not None and hours > self.within_hours:
                    continue
                if self.lasting_hours is not None and not self._lasted(lasted):
                    continue
                if self.present_now and resolved:
                    continue
                if self.not_old_deficit and old:
                    continue
                when = f" ({hours:g} h ago)" if self.within_hours is not None and hours is not None else ""
                if self.lasting_hours is not None:
                    when = f" (for {_span(lasted)})"
                reasons.append(f"{prefix}{lexicon.label(name)} {phrase}".rstrip() + when)
                break
        return bool(reasons), reasons[:1] if self.label is None else reasons


def _span(hours: float) -> str:
    """'3 weeks', '2 days', '5 h' for a duration in hours."""
    for unit, size in (("week", 168.0), ("day", 24.0)):
        if hours >= size and hours % size == 0:
            count = int(hours // size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{hours:g} h"


class HistoryCondition(_Condition):
    history: str | list[str]
    label: str | None = None

    def concepts(self) -> set[str]:
        return set(_names(self.history))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        for name in _names(self.history):
            if name in ev.known:
                prefix = f"{self.label}: " if self.label else ""
                return True, [f"{prefix}{lexicon.label(name)} {ev.known[name][0]}".rstrip()]
        return False, []


class _Threshold(_Condition):
    """A value compared with one threshold: ``below``, ``at_most``, ``above`` or ``at_least``."""

    below: float | None = None
    at_most: float | None = None
    above: float | None = None
    at_least: float | None = None

    def _given(self) -> list[str]:
        return [op for op in _OPS if getattr(self, op) is not None]

    def _passes(self, value: float) -> str | None:
        """"< 90" when ``value`` meets the threshold; None when it does not."""
        op = self._given()[0]
        symbol, compare = _OPS[op]
        threshold = float(getattr(self, op))
        return f"{symbol} {threshold:g}" if compare(float(value), threshold) else None


class VitalCondition(_Threshold):
    vital: VitalName

    @model_validator(mode="after")
    def _one_threshold(self) -> "VitalCondition":
        if len(self._given()) != 1:
            raise ValueError(f"vital '{self.vital}' needs exactly one of below, at_most, above, at_least")
        return self

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        value = getattr(ev.intake.vitals, self.vital)
        passed = self._passes(value) if value is not None else None
        if passed is None:
            return False, []
        word, unit = _VITAL_WORDS[self.vital]
        return True, [f"{word} {value:g}{unit} {passed}{unit}"]


class MeasuredCondition(_Condition):
    """Every reading the form and the story give, against one value.

    ``{measured: temperature_c, any_at_least: 38}`` holds when any reading reaches it ("38.4 at
    home, 37.2 in clinic"); ``{measured: temperature_c, all_below: 38}`` when the temperature was
    measured and no reading reaches it ("felt hot overnight; 36.9 °C in clinic"). ``all_below``
    only ever narrows a rule, so a story holding an instruction aimed at the model never makes
    it hold.
    """

    measured: Literal["temperature_c"]
    all_below: float | None = None
    any_at_least: float | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "MeasuredCondition":
        if (self.all_below is None) == (self.any_at_least is None):
            raise ValueError(f"measured '{self.measured}' needs exactly one of all_below, any_at_least")
        return self

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        readings = list(ev.temperatures)
        form = getattr(ev.intake.vitals, self.measured)
        if form is not None:
            readings.append(float(form))
        word, unit = _VITAL_WORDS[self.measured]
        if self.any_at_least is not None:
            high = [r for r in readings if r >= self.any_at_least]
            return (True, [f"{word} {max(high):g}{unit} >= {self.any_at_least:g}{unit}"]) if high else (False, [])
        if not ev.trusted or not readings or max(readings) >= self.all_below:
            return False, []
        return True, [f"every {word} reading below {self.all_below:g}{unit} (highest {max(readings):g}{unit})"]


class LabCondition(_Threshold):
    """A laboratory result the story states: a threshold on its value, or its result word."""

    lab: LabName
    result: Result | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "LabCondition":
        if len(self._given()) + (self.result is not None) != 1:
            raise ValueError(f"lab '{self.lab}' needs exactly one of below, at_most, above, at_least, result")
        return self

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        results = [r for r in ev.labs if r.name == self.lab]
        if self.lab == "glucose" and ev.intake.vitals.glucose_mmol_l is not None:
            results.append(LabResult("glucose", float(ev.intake.vitals.glucose_mmol_l), None, "form"))
        for found in results:
            if self.result is not None:
                if found.result == self.result:
                    return True, [found.describe() + ("" if found.value is None else f" ({self.result})")]
            elif found.value is not None and (passed := self._passes(found.value)) is not None:
                return True, [f"{found.describe()} {passed}"]
        return False, []


class AgeBand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    under_months: float | None = None
    under_years: float | None = None
    at_least_months: float | None = None
    at_least_years: float | None = None

    @model_validator(mode="after")
    def _some(self) -> "AgeBand":
        if all(v is None for v in self.model_dump().values()):
            raise ValueError("an age band needs under_months, under_years, at_least_months or at_least_years")
        return self


class AgeCondition(_Condition):
    age: AgeBand

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        years = ev.intake.age
        if years is None:
            return False, []
        band = self.age
        limits = []
        if band.under_months is not None:
            limits.append((years * 12 < band.under_months, f"under {band.under_months:g} months"))
        if band.under_years is not None:
            limits.append((years < band.under_years, f"under {band.under_years:g} years"))
        if band.at_least_months is not None:
            limits.append((years * 12 >= band.at_least_months, f"{band.at_least_months:g} months or older"))
        if band.at_least_years is not None:
            limits.append((years >= band.at_least_years, f"{band.at_least_years:g} years or older"))
        if not all(ok for ok, _ in limits):
            return False, []
        number, unit = age_phrase(years).removesuffix("-old").split("-")
        words = f"{number} {unit}{'' if number == '1' else 's'}"
        return True, [f"age {words} ({', '.join(t for _, t in limits)})"]


class PregnancyCondition(_Condition):
    pregnancy: Literal["pregnant", "postpartum"]

    def concepts(self) -> set[str]:
        return {"pregnancy" if self.pregnancy == "pregnant" else "postpartum"}

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        concept = "pregnancy" if self.pregnancy == "pregnant" else "postpartum"
        if self.pregnancy == "pregnant" and ev.intake.pregnancy_status != "pregnant" and \
                any(r.name == "hcg" and r.result == "positive" for r in ev.labs):
            return True, ["positive hCG"]
        if ev.intake.pregnancy_status == self.pregnancy or concept in ev.active:
            weeks = ev.intake.gestation_weeks
            detail = f", {weeks:g} weeks" if weeks is not None and self.pregnancy == "pregnant" else ""
            return True, [f"{self.pregnancy}{detail}"]
        return False, []


class SexCondition(_Condition):
    sex: Literal["female", "male"]

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        return (True, [f"sex {self.sex}"]) if ev.intake.sex == self.sex else (False, [])


class AllCondition(_Condition):
    all: list["Condition"] = Field(min_length=1)

    def concepts(self) -> set[str]:
        return set().union(*(c.concepts() for c in self.all))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        reasons: list[str] = []
        for condition in self.all:
            ok, why = condition.check(ev, lexicon)
            if not ok:
                return False, []
            reasons += why
        return True, reasons


class AnyCondition(_Condition):
    any: list["Condition"] = Field(min_length=1)

    def concepts(self) -> set[str]:
        return set().union(*(c.concepts() for c in self.any))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        reasons: list[str] = []
        for condition in self.any:
            ok, why = condition.check(ev, lexicon)
            if ok:
                reasons += why
        return bool(reasons), reasons


class NoneCondition(_Condition):
    """Holds when none of its conditions holds; only ever inside an ``all`` (it fires nothing alone)."""

    none: list["Condition"] = Field(min_length=1)

    def concepts(self) -> set[str]:
        return set().union(*(c.concepts() for c in self.none))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        for condition in self.none:
            ok, _ = condition.check(ev, lexicon)
            if ok:
                return False, []
        return True, []


class PointsCondition(_Condition):
    """One weighted item of a score: ``{points: 3, when: {vital: resp_rate, at_least: 25}}``."""

    points: int = Field(ge=1)
    when: "Condition"

    def concepts(self) -> set[str]:
        return self.when.concepts()

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        return self.when.check(ev, lexicon)


class ScoreCondition(_Condition):
    """Add up criteria (qSOFA, NEWS2, dehydration signs): fires when the total reaches ``at_least``.

    Each item counts 1 point, or ``points`` when written as ``{points: n, when: ...}``.
    """

    score: str
    at_least: int = Field(ge=1)
    of: list["Condition"] = Field(min_length=1)

    @model_validator(mode="after")
    def _reachable(self) -> "ScoreCondition":
        if self.at_least > self._maximum():
            raise ValueError(f"score '{self.score}' needs {self.at_least} of only {self._maximum()} points")
        return self

    def _maximum(self) -> int:
        return sum(getattr(item, "points", 1) for item in self.of)

    def concepts(self) -> set[str]:
        return set().union(*(c.concepts() for c in self.of))

    def check(self, ev: Evidence, lexicon: Lexicon) -> Outcome:
        met: list[str] = []
        total = 0
        for item in self.of:
            ok, why = item.check(ev, lexicon)
            if ok:
                points = getattr(item, "points", 1)
                total += points
                met.append(why[0] + (f" (+{points})" if isinstance(item, PointsCondition) else ""))
        if total < self.at_least:
            return False, []
        weighted = any(isinstance(item, PointsCondition) for item in self.of)
        # A weighted score's bands exclude each other, so "out of" would mislead; a count shows k/n.
        total_text = f"{total}" if weighted else f"{total}/{len(self.of)}"
        return True, [f"{self.score} {total_text} (fires at {self.at_least}): " + "; ".join(met)]


_TAGS = ("symptom", "history", "vital", "measured", "lab", "age", "pregnancy", "sex", "all", "any", "none", "score", "points")


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        present = [tag for tag in _TAGS if tag in value]
        return present[0] if len(present) == 1 else None
    for tag in _TAGS:
        if tag in type(value).model_fields:
            return tag
    return None


Condition = Annotated[
    Union[
        Annotated[SymptomCondition, Tag("symptom")], Annotated[HistoryCondition, Tag("history")],
        Annotated[VitalCondition, Tag("vital")], Annotated[MeasuredCondition, Tag("measured")],
        Annotated[LabCondition, Tag("lab")],
        Annotated[AgeCondition, Tag("age")],
        Annotated[PregnancyCondition, Tag("pregnancy")], Annotated[SexCondition, Tag("sex")],
        Annotated[AllCondition, Tag("all")], Annotated[AnyCondition, Tag("any")],
        Annotated[NoneCondition, Tag("none")],
        Annotated[ScoreCondition, Tag("score")], Annotated[PointsCondition, Tag("points")],
    ],
    Discriminator(_tag, custom_error_type="condition_kind",
                  custom_error_message="a condition needs exactly one of: " + ", ".join(_TAGS)),
]

for _model in (AllCondition, AnyCondition, NoneCondition, ScoreCondition, PointsCondition):
    _model.model_rebuild()
