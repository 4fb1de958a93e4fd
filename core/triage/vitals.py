"""Symptoms and vital signs as the nurse records them, each value range-checked."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from core.errors import ValidationError
from core.triage.text_checks import check_text

# Plausible ranges: anything outside is a typing error, not a patient (HR 900, SpO2 140).
VITAL_RANGES: dict[str, tuple[float, float, str, str]] = {
    "bp_systolic": (40, 300, "mmHg", "systolic blood pressure"),
    "bp_diastolic": (20, 200, "mmHg", "diastolic blood pressure"),
    "heart_rate": (20, 300, "/min", "heart rate"),
    "resp_rate": (2, 80, "/min", "respiratory rate"),
    "temperature_c": (25, 45, "°C", "temperature"),
    "spo2": (30, 100, "%", "oxygen saturation"),
    "pain_score": (0, 10, "/10", "pain score"),
    "glucose_mmol_l": (0.5, 60, "mmol/L", "blood glucose"),
}



class Symptom(BaseModel):
    """One presenting symptom as the nurse records it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    onset: str | None = None
    duration: str | None = None
    severity: Literal["mild", "moderate", "severe"] | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = check_text("symptoms", value, 200)
        if not value:
            raise ValidationError("symptoms", "a symptom has no name", "name each symptom, e.g. 'chest pain'")
        return value

    @field_validator("onset", "duration")
    @classmethod
    def _short(cls, value: str | None) -> str | None:
        return check_text("symptoms", value, 100) or None if value is not None else None


class Vitals(BaseModel):
    """Vital signs; every value optional, every given value range-checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bp_systolic: int | None = None
    bp_diastolic: int | None = None
    heart_rate: int | None = None
    resp_rate: int | None = None
    temperature_c: float | None = None
    spo2: int | None = None
    pain_score: int | None = None
    glucose_mmol_l: float | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _in_range(cls, value: Any, info: Any) -> Any:
        if value is None:
            return None
        low, high, unit, words = VITAL_RANGES[info.field_name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(info.field_name, f"'{value}' is not a number", f"enter the {words} in {unit}")
        if not low <= value <= high:
            raise ValidationError(info.field_name, f"{value:g} {unit} is outside the possible range {low:g}-{high:g}",
                                  f"re-check the {words} and enter it in {unit}")
        if info.field_name in ("temperature_c", "glucose_mmol_l"):
            return round(float(value), 1)
        return int(round(value))

    @model_validator(mode="after")
    def _bp_pair(self) -> "Vitals":
        if (self.bp_systolic is None) != (self.bp_diastolic is None):
            raise ValidationError("bp", "needs both systolic and diastolic values", "enter it as 120/80")
        if self.bp_systolic is not None and self.bp_systolic <= self.bp_diastolic:
            raise ValidationError("bp", f"systolic {self.bp_systolic} is not above diastolic {self.bp_diastolic}",
                                  "enter systolic first, e.g. 120/80")
        return self

    def is_empty(self) -> bool:
        """True when no vital sign was recorded."""
        return all(value is None for value in self.model_dump().values())
