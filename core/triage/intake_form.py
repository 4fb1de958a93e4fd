"""Turn form, JSON and CLI values into the intake's canonical fields.

People type "120/80", "38.5 C", "3 weeks", "88%", "F"; batch files use
``case_description`` for the story. This module maps all of that onto the
fields of :class:`core.triage.intake.Intake`, raising a field-named
:class:`~core.errors.ValidationError` for anything it cannot read.
"""

from __future__ import annotations

import re
from typing import Any

from core.errors import ValidationError

ALIASES = {
    "age_years": "age", "gender": "sex", "race": "race_ethnicity", "ethnicity": "race_ethnicity",
    "past_medical_history": "history", "pmh": "history", "conditions": "history",
    "meds": "medications", "medication": "medications", "drugs": "medications", "allergy": "allergies",
    "case_description": "story", "text": "story", "narrative": "story",
    "hr": "heart_rate", "pulse": "heart_rate", "rr": "resp_rate", "respiratory_rate": "resp_rate",
    "temp": "temperature_c", "temperature": "temperature_c", "o2_sat": "spo2", "oxygen_saturation": "spo2",
    "sats": "spo2", "pain": "pain_score", "glucose": "glucose_mmol_l", "blood_glucose": "glucose_mmol_l",
    "pregnant": "pregnancy_status", "pregnancy": "pregnancy_status", "systolic": "bp_systolic",
    "diastolic": "bp_diastolic", "blood_pressure": "bp",
}
# Keys a batch line may carry next to the intake (identifiers, evaluation labels): not intake data.
IGNORED = {"id", "case_id", "expected_priority", "category", "topic", "source", "label"}
VITAL_FIELDS = ("bp_systolic", "bp_diastolic", "heart_rate", "resp_rate", "temperature_c", "spo2", "pain_score",
                "glucose_mmol_l")
TOP_FIELDS = ("age", "age_months", "age_weeks", "age_days", "sex", "race_ethnicity", "history", "medications",
              "allergies", "symptoms", "negatives", "vitals", "pregnancy_status", "gestation_weeks", "story", "bp",
              "temperature_f") + VITAL_FIELDS

_DENIED = re.compile(r"^\s*(?:no|denies|not|without)\s+(\S.*)$", re.IGNORECASE)
_NUM = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-z°%/ ]*)\s*$")
_BP = re.compile(r"^\s*(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg)?\s*$")
_AGE_UNITS = {"": 1.0, "y": 1.0, "yr": 1.0, "yrs": 1.0, "year": 1.0, "years": 1.0, "m": 1 / 12, "mo": 1 / 12,
              "mos": 1 / 12, "month": 1 / 12, "months": 1 / 12, "w": 7 / 365.25, "wk": 7 / 365.25,
              "wks": 7 / 365.25, "week": 7 / 365.25, "weeks": 7 / 365.25, "d": 1 / 365.25, "day": 1 / 365.25,
              "days": 1 / 365.25}
_SEX = {"f": "female", "female": "female", "woman": "female", "girl": "female", "m": "male", "male": "male",
        "man": "male", "boy": "male", "other": "other", "intersex": "other", "non-binary": "other",
        "nonbinary": "other", "x": "other", "unknown": "unknown", "": "unknown", "not stated": "unknown"}
_PREGNANCY = {"yes": "pregnant", "true": "pregnant", "pregnant": "pregnant", "no": "not_pregnant",
              "false": "not_pregnant", "not pregnant": "not_pregnant", "not_pregnant": "not_pregnant",
              "postpartum": "postpartum", "post-partum": "postpartum", "unknown": "unknown", "": "unknown"}
_HINTS = {
    "heart_rate": "enter beats per minute, e.g. 80", "resp_rate": "enter breaths per minute, e.g. 16",
    "temperature_c": "enter degrees Celsius, e.g. 37.5", "spo2": "enter a percentage, e.g. 97",
    "pain_score": "enter 0-10", "glucose_mmol_l": "enter mmol/L, e.g. 5.5", "bp_systolic": "enter mmHg",
    "bp_diastolic": "enter mmHg", "age": "enter years, or e.g. '3 weeks' / '2 months' for infants",
    "gestation_weeks": "enter weeks of pregnancy",
}


def sex_value(value: Any) -> str:
    """Canonical sex ("female", "male", "other", "unknown") from what a form or story gives."""
    key = "" if value is None else str(value).strip().lower()
    if key not in _SEX:
        raise ValidationError("sex", f"'{value}' is not recognised", "use female, male, other or unknown")
    return _SEX[key]


def number(field: str, value: Any, units: tuple[str, ...] = ()) -> float | None:
    """A number from a form value ("97", "38.5 C", 120); None for an empty field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(field, f"'{value}' is not a number", _HINTS.get(field, "enter a number"))
    if isinstance(value, (int, float)):
        return float(value)
    match = _NUM.match(str(value).lower())
    if not match or (match.group(2).strip() and match.group(2).strip() not in units):
        raise ValidationError(field, f"'{value}' is not a number", _HINTS.get(field, "enter a number"))
    return float(match.group(1))


def _age(data: dict[str, Any]) -> float | None:
    value = data.get("age")
    if isinstance(value, str) and value.strip():
        match = _NUM.match(value.lower().replace("old", "").strip())
        unit = match.group(2).strip() if match else None
        if not match or unit not in _AGE_UNITS:
            raise ValidationError("age", f"'{value}' is not an age", _HINTS["age"])
        years = float(match.group(1)) * _AGE_UNITS[unit]
    else:
        years = number("age", value)
    for key, scale in (("age_months", 1 / 12), ("age_weeks", 7 / 365.25), ("age_days", 1 / 365.25)):
        if years is None and data.get(key) not in (None, ""):
            amount = number("age", data[key])
            if amount is not None and amount < 0:
                raise ValidationError("age", f"{amount:g} is negative", "enter the age, 0 or more")
            years = amount * scale if amount is not None else None
    return round(years, 4) if years is not None and years >= 0 else years


def _bp(value: Any) -> tuple[float | None, float | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dict):
        return number("bp", value.get("systolic")), number("bp", value.get("diastolic"))
    match = _BP.match(str(value).lower())
    if not match:
        raise ValidationError("bp", f"'{value}' is not a blood pressure", "enter systolic/diastolic in mmHg, e.g. 120/80")
    return float(match.group(1)), float(match.group(2))


def _text_list(field: str, value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;\n]", value) if part.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ValidationError(field, "must be a list of text entries", "give e.g. [\"asthma\", \"hypertension\"]")


def _symptoms(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        items: list[Any] = [value]
    elif isinstance(value, list):
        items = value
    else:
        items = _text_list("symptoms", value)
    out = []
    for item in items:
        if isinstance(item, str):
            out.append({"name": item})
        elif isinstance(item, dict):
            unknown = set(item) - {"name", "onset", "duration", "severity"}
            if unknown:
                raise ValidationError("symptoms", f"unknown symptom field '{sorted(unknown)[0]}'",
                                      "use name, onset, duration, severity")
            symptom = dict(item)
            if isinstance(symptom.get("severity"), str):
                symptom["severity"] = symptom["severity"].strip().lower() or None
            out.append(symptom)
        else:
            raise ValidationError("symptoms", f"'{item}' is not a symptom", "give a name or {name, onset, ...}")
    return out


def _canonical(data: dict[str, Any], where: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name in IGNORED and not where:
            continue
        allowed = TOP_FIELDS if not where else VITAL_FIELDS + ("bp", "temperature_f")
        if name not in allowed:
            raise ValidationError(f"{where}{key}", "is not an intake field",
                                  "use: " + ", ".join(f for f in allowed if not f.startswith("age_")))
        out[name] = value
    return out


def normalise_form(data: Any) -> tuple[dict[str, Any], Any]:
    """Map form/JSON values onto Intake fields.

    Returns:
        (record for ``Intake.model_validate`` without the story, the raw story or None).

    Raises:
        ValidationError: an unknown field or an unreadable value, named.
    """
    if not isinstance(data, dict):
        raise ValidationError("intake", f"must be an object of fields, not {type(data).__name__}",
                              "give e.g. {\"story\": \"A 48-year-old woman …\"}")
    fields = _canonical(data)
    nested = fields.pop("vitals", None) or {}
    if not isinstance(nested, dict):
        raise ValidationError("vitals", "must be an object", "give e.g. {\"bp\": \"120/80\", \"heart_rate\": 80}")
    for key, value in _canonical(nested, where="vitals.").items():
        fields.setdefault(key, value)
    vitals: dict[str, Any] = {}
    vitals["bp_systolic"], vitals["bp_diastolic"] = _bp(fields.get("bp"))
    fahrenheit = isinstance(fields.get("temperature_c"), str) and fields["temperature_c"].strip().lower().endswith("f")
    for name in VITAL_FIELDS:
        if fields.get(name) not in (None, "") and not (name == "temperature_c" and fahrenheit):
            vitals[name] = number(name, fields[name], units=("c", "°c", "%", "bpm", "/min", "mmol/l", "/10", "mmhg"))
    if fields.get("temperature_f") not in (None, ""):
        vitals["temperature_c"] = round((number("temperature_f", fields["temperature_f"], ("f", "°f")) - 32) * 5 / 9, 1)
    elif fahrenheit:
        vitals["temperature_c"] = round((number("temperature_c", fields["temperature_c"], ("f", "°f")) - 32) * 5 / 9, 1)
    record: dict[str, Any] = {"vitals": {k: v for k, v in vitals.items() if v is not None}}
    record["age"] = _age(fields)
    record["sex"] = sex_value(fields.get("sex"))
    if fields.get("race_ethnicity") not in (None, ""):
        record["race_ethnicity"] = str(fields["race_ethnicity"])
    for key in ("history", "medications", "allergies", "negatives"):
        record[key] = _text_list(key, fields.get(key))
    # A form entry such as "no fever" is a pertinent negative, not a symptom.
    symptoms = _symptoms(fields.get("symptoms"))
    denied = [s for s in symptoms if isinstance(s.get("name"), str) and _DENIED.match(s["name"])]
    record["symptoms"] = [s for s in symptoms if s not in denied]
    record["negatives"] += [_DENIED.match(s["name"]).group(1).strip() for s in denied]
    pregnancy = fields.get("pregnancy_status")
    key = str(pregnancy).strip().lower() if pregnancy is not None else ""
    if key not in _PREGNANCY:
        raise ValidationError("pregnancy_status", f"'{pregnancy}' is not recognised",
                              "use pregnant, not_pregnant, postpartum or unknown")
    record["pregnancy_status"] = _PREGNANCY[key]
    record["gestation_weeks"] = number("gestation_weeks", fields.get("gestation_weeks"))
    return record, fields.get("story")
