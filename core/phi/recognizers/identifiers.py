"""Numbers that identify a person only through the word in front of them.

Medical record, health plan, account, licence, vehicle, device and other
identifiers (Safe Harbor 7-13 and 18). Each recognizer needs its cue word
("MRN", "member ID", "S/N"); formats that identify on their own (VIN, the
Medicare MBI layout) also match without one.
"""

from __future__ import annotations

import re

from core.phi.recognizers.base import SEPARATOR as SEP
from core.phi.recognizers.base import CuePattern, CuePatternRecognizer, identifier_like

# An identifier: optional "(01)" UDI prefix or short letter prefix, then a token
# with a digit, dash/slash/dot parts, and further space-separated digit groups.
ID_VALUE = (r"(?P<value>(?:\(\d{2}\))?(?:[A-Z]{1,4}[ .-])?[A-Z0-9]*\d[A-Z0-9]*"
            r"(?:[-/.][A-Z0-9]+)*(?:\s\d{3,}(?:[-/.][A-Z0-9]+)*)*)(?![A-Za-z0-9])")


def _cue(words: str) -> str:
    """A case-insensitive cue at a word start, followed by the separator and an identifier."""
    return rf"(?<![A-Za-z])(?i:{words})(?![A-Za-z]){SEP}{ID_VALUE}"


def _ids(entity: str, cue_words: str, context: list[str], score: float = 0.85,
         extra: list[CuePattern] | None = None, validate=identifier_like) -> CuePatternRecognizer:
    patterns = [CuePattern(f"{entity.lower()} after cue", _cue(cue_words), score, validate)]
    return CuePatternRecognizer(entity, patterns + (extra or []), context)


# Research ids written after a patient-id cue ("pt ID SUBJ-5222-681") are study ids (identifier 18), not MRNs.
_RESEARCH_PREFIX = re.compile(r"(?i)(?:subj|subject|study|trial|scr|screen|rand|enr|part|ptcp)[-_ ]?\d")


def _record_number(value: str) -> bool:
    return identifier_like(value) and not _RESEARCH_PREFIX.match(value)


def medical_record_recognizer() -> CuePatternRecognizer:
    return _ids("MEDICAL_RECORD_NUMBER",
                r"mrn|mr\s?#|med(?:ical)?\.?\s+rec(?:ord)?s?(?:\s+number)?|chart|patient\s+id|pt\.?\s+id|"
                r"hospital\s+(?:number|no\.?)|unit\s+number|record\s+number|encounter|visit\s+number|"
                r"emr|ehr|mpi",
                ["mrn", "medical", "record", "chart", "patient", "hospital"], validate=_record_number)


def health_plan_recognizer() -> CuePatternRecognizer:
    # The MBI layout (CMS): digit, letter, alnum, digit - letter, alnum, digit - letter, letter, digit, digit.
    letter, alnum = "[AC-HJKMNP-RT-Y]", "[0-9AC-HJKMNP-RT-Y]"
    mbi = rf"\b[1-9]{letter}{alnum}\d-?{letter}{alnum}\d-?{letter}{letter}\d\d\b"
    return _ids("HEALTH_PLAN_NUMBER",
                r"(?:medicare|medicaid|insurance|insurer|health\s+plan|plan|policy|member|subscriber|"
                r"beneficiary|mbi|hicn|medi-cal|chip|tricare|"
                # Payers and plan types only with an id word after them ("BCBS member #", "Payer ID").
                # Round 6: "ins R93673714R", "insurance card (PXO-8250...)": "ins" alone before an identifier.
                r"ins(?=\.?\s+(?=[A-Z0-9-]*\d)[A-Z0-9])|"
                r"(?:ins\.?|payer|payor|carrier|coverage|hmo|ppo|epo|champva|bcbs|blue\s+cross(?:\s+blue\s+shield)?|"
                r"aetna|cigna|humana|uhc|united\s*health(?:care)?|kaiser|anthem|molina|ambetter|masshealth)"
                r"(?=\s+(?:member\s+)?(?:id|#|number|no\.?|card)(?![A-Za-z])))"
                r"(?:\s+(?:beneficiary|identifier|member|policy|plan|card|insurance|subscriber|holder))*",
                ["medicare", "medicaid", "insurance", "member", "policy", "beneficiary", "subscriber", "plan"],
                extra=[CuePattern("medicare beneficiary identifier", mbi, 0.6)])


def account_recognizer() -> CuePatternRecognizer:
    return _ids("ACCOUNT_NUMBER",
                r"(?:billing\s+|bank\s+|checking\s+|savings\s+|patient\s+)?(?:account|acct|a/c)|"
                r"routing|invoice|(?<!insurance )(?<!member )(?<!medicaid )(?<!medicare )(?<!plan )(?<!id )(?<!security )"
                r"card(?:\s+ending(?:\s+in)?|\s+on\s+file)?",
                ["account", "acct", "billing", "bank", "card", "payment"])


def licence_recognizer() -> CuePatternRecognizer:
    return _ids("LICENSE_NUMBER",
                r"(?:driver'?s?\s+|drivers\s+|nursing\s+|medical\s+|professional\s+|state\s+|pharmacy\s+)?"
                r"licen[cs]e(?!\s+plate)|lic\.?|dl|cdl|dea|npi|(?:birth\s+|death\s+|marriage\s+)?certificate|"
                r"state\s+id(?:\s+card)?|id\s+card|driver'?s?\s+id|"
                r"cert\.|permit|registration(?!\s+plate)",
                ["license", "licence", "dea", "npi", "certificate", "permit"])


def vehicle_recognizer() -> CuePatternRecognizer:
    # A VIN is 17 characters without I, O or Q, mixing letters and digits.
    vin = r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b"
    plate_value = r"(?P<value>(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,5})(?![A-Za-z0-9])"
    return CuePatternRecognizer("VEHICLE_ID", [
        CuePattern("vin", vin, 0.6),
        CuePattern("vehicle id after cue",
                   _cue(r"vin|vehicle\s+(?:identification\s+)?(?:number|id)|chassis(?:\s+number)?"), 0.85,
                   identifier_like),
        CuePattern("licence plate", rf"(?<![A-Za-z])(?i:(?:licen[cs]e\s+|registration\s+|number\s+)?plates?|"
                   rf"tag\s+number){SEP}{plate_value}", 0.85),
        # "vehicle 088 LHH involved", "his truck, 7KLM294": a plate-shaped value with letters and digits.
        CuePattern("plate after vehicle", r"(?<![A-Za-z])(?i:vehicle|car|truck|van|pickup|motorcycle)[ \t,]+"
                   r"(?P<value>(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,5})"
                   r"(?![A-Za-z0-9])", 0.7),
        # Round 6: "EMS report: ... unit WAC-067", "ambulance rig ZY 38921": a unit id in an EMS context.
        CuePattern("ems unit", r"(?i:\b(?:ems|ambulance|paramedics?|medics?|emt|crew|dispatch(?:ed)?)\b)[^\n]{0,120}?"
                   r"(?<![A-Za-z])(?i:unit|rig|truck|medic|ambulance|bus)[ \t#:]+"
                   r"(?P<value>(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,5}[ -]?[A-Z0-9]{2,6})(?![A-Za-z0-9])", 0.75,
                   identifier_like),
        CuePattern("licence tag", rf"(?<![A-Za-z])(?i:(?:licen[cs]e\s+|vehicle\s+|car\s+)?tags?){SEP}{plate_value}",
                   0.75, identifier_like),
    ], ["vin", "vehicle", "plate", "car", "truck"])


def device_recognizer() -> CuePatternRecognizer:
    return _ids("DEVICE_ID",
                r"(?:(?:device|pump|pacemaker|defibrillator|transmitter|sensor|monitor|implant|cgm|"
                r"hearing\s+aid|phone|meter|cuff)\s+)*(?:serial|s/n|sn|imei|udi|device|transmitter|"
                r"implant|pump|pacemaker|model|asset(?:\s+tag)?|equipment\s+(?:id|tag))"
                r"(?:\s+(?:serial|id|number|no\.?))*",
                ["serial", "device", "imei", "udi", "pump", "pacemaker", "transmitter", "implant"])


def other_id_recognizer() -> CuePatternRecognizer:
    return _ids("OTHER_ID",
                r"passport|employee\s+id|badge|itin|green\s+card|alien\s+(?:number|no\.?)|a-number",
                ["passport", "employee", "badge"])


def ssn_recognizer() -> CuePatternRecognizer:
    value = r"(?P<value>\d{3}[- ]?\d{2}[- ]?\d{4})(?!\d)"
    return CuePatternRecognizer("US_SSN", [
        CuePattern("ssn after cue", rf"(?<![A-Za-z])(?i:ssn|ss#|social\s+security(?:\s+card)?|soc\.?\s+sec\.?)"
                   rf"{SEP}{value}", 0.9),
    ], ["ssn", "social", "security"])


def identifier_recognizers() -> list[CuePatternRecognizer]:
    """Every cue-based identifier recognizer, in the order they are registered."""
    return [medical_record_recognizer(), health_plan_recognizer(), account_recognizer(), licence_recognizer(),
            vehicle_recognizer(), device_recognizer(), other_id_recognizer(), ssn_recognizer()]
