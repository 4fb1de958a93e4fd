"""Lab and screening-score interpretation tasks.

Each test has bands (value range -> meaning, severity, next step). The
generator draws a value inside a band, so the label always follows from the
value. Thresholds are the usual clinic ones (HIV viral load suppression
below 200 copies/mL and "undetectable" below 50; CD4 below 200 as advanced
disease; HbA1c 5.7/6.5 %; PHQ-9 and GAD-7 bands).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    meaning: str
    severity: str  # Low / Medium / High / Critical
    action: str


@dataclass(frozen=True)
class LabTest:
    key: str
    name: str
    unit: str
    icd10: str | None
    decimals: int
    bands: tuple[Band, ...]
    context: tuple[str, ...] = ()


TESTS: tuple[LabTest, ...] = (
    LabTest("viral_load", "HIV-1 viral load", "copies/mL", "Z21", 0, (
        Band(0, 49, "undetectable: the treatment is fully suppressing the virus", "Low",
             "continue the same regimen and routine monitoring; undetectable means untransmittable (U=U)"),
        Band(50, 199, "low-level viremia, still below the 200 copies/mL failure threshold", "Medium",
             "review adherence and repeat the test in 4 to 8 weeks"),
        Band(200, 9999, "above 200 copies/mL: possible virologic failure", "Medium",
             "adherence support and a resistance test; repeat viral load after adherence is addressed"),
        Band(10000, 500000, "high viral load: the virus is not controlled", "High",
             "see within days: adherence barriers, resistance testing, check CD4 and prophylaxis needs"),
    ), ("on ART for 1 year", "restarted ART 3 months ago", "on ART for 6 years")),
    LabTest("cd4", "CD4 count", "cells/mm3", "B20", 0, (
        Band(500, 1400, "in the usual range for a person on effective treatment", "Low", "routine monitoring"),
        Band(200, 499, "reduced but above the advanced-disease threshold", "Medium",
             "check viral load and adherence; continue ART"),
        Band(100, 199, "below 200: advanced HIV disease with risk of Pneumocystis pneumonia", "High",
             "start or confirm Pneumocystis prophylaxis and review within days"),
        Band(5, 99, "below 100: very advanced disease with risk of cryptococcal and other serious infections", "High",
             "urgent review: screen for cryptococcal antigen and start prophylaxis"),
    ), ("new diagnosis", "off ART for 8 months", "on ART for 2 years")),
    LabTest("hba1c", "HbA1c", "%", "E11.9", 1, (
        Band(4.0, 5.6, "in the normal range", "Low", "no action beyond routine screening"),
        Band(5.7, 6.4, "in the prediabetes range", "Low", "lifestyle support and repeat yearly"),
        Band(6.5, 8.9, "in the diabetes range", "Medium", "discuss diagnosis or treatment adjustment at a routine visit"),
        Band(9.0, 14.0, "well above target: poorly controlled diabetes", "Medium",
             "review within days: adherence, treatment intensification, symptoms of high sugar"),
    ), ("no known diabetes", "type 2 diabetes on metformin", "type 2 diabetes on insulin")),
    LabTest("egfr", "eGFR", "mL/min/1.73m2", "N18.30", 0, (
        Band(90, 130, "normal kidney filtration", "Low", "routine monitoring"),
        Band(60, 89, "mildly reduced filtration", "Low", "recheck yearly; control blood pressure and sugar"),
        Band(30, 59, "moderately reduced filtration (CKD stage 3)", "Medium",
             "review medicines that need dose changes and avoid anti-inflammatory painkillers"),
        Band(15, 29, "severely reduced filtration (CKD stage 4)", "High", "prompt kidney specialist referral"),
    ), ("hypertension", "type 2 diabetes", "taking ibuprofen regularly")),
    LabTest("potassium", "Serum potassium", "mmol/L", None, 1, (
        Band(3.5, 5.0, "in the normal range", "Low", "no action"),
        Band(5.1, 5.9, "mildly raised", "Medium", "repeat the test and review ACE inhibitors, ARBs and spironolactone"),
        Band(6.0, 7.5, "dangerously high: risk of heart rhythm problems", "Critical",
             "urgent same-day assessment with an ECG"),
        Band(2.5, 3.4, "low", "Medium", "review diuretics and repeat the test"),
    ), ("on lisinopril", "on spironolactone", "on furosemide")),
    LabTest("ldl", "LDL cholesterol", "mg/dL", None, 0, (
        Band(40, 99, "at target for most adults", "Low", "continue current plan"),
        Band(100, 159, "above target", "Low", "discuss lifestyle and statin therapy at a routine visit"),
        Band(160, 189, "high", "Medium", "statin therapy is usually recommended; routine review"),
        Band(190, 300, "very high: consider familial hypercholesterolemia", "Medium", "high-intensity statin discussion"),
    ), ("no heart disease", "previous heart attack", "type 2 diabetes")),
    LabTest("tsh", "TSH", "mIU/L", "E03.9", 2, (
        Band(0.4, 4.0, "in the normal range", "Low", "no change"),
        Band(4.1, 10.0, "mildly raised (possible subclinical hypothyroidism)", "Low", "repeat in 6 to 8 weeks"),
        Band(10.1, 40.0, "raised: underactive thyroid", "Medium", "start or adjust levothyroxine at a routine visit"),
        Band(0.01, 0.39, "low: possible overactive thyroid or too much levothyroxine", "Medium",
             "check free T4 and review the dose"),
    ), ("on levothyroxine", "tired all the time", "routine check")),
    LabTest("hemoglobin", "Hemoglobin", "g/dL", None, 1, (
        Band(12.0, 16.5, "in the normal range", "Low", "no action"),
        Band(10.0, 11.9, "mild anemia", "Low", "check iron studies at a routine visit"),
        Band(7.0, 9.9, "moderate anemia", "Medium", "review within days; look for bleeding"),
        Band(4.5, 6.9, "severe anemia", "High", "same-day assessment"),
    ), ("heavy periods", "takes ibuprofen often", "chronic kidney disease")),
    LabTest("inr", "INR on warfarin", "", None, 1, (
        Band(2.0, 3.0, "in the usual target range", "Low", "continue the same dose"),
        Band(1.0, 1.9, "below target: less protection against clots", "Medium", "review missed doses; dose review"),
        Band(3.1, 4.9, "above target: more bleeding risk", "Medium", "dose review within a day or two"),
        Band(5.0, 9.0, "well above target: high bleeding risk", "High", "same-day review; check for bleeding"),
    ), ("atrial fibrillation", "mechanical heart valve", "previous blood clot")),
    LabTest("phq9", "PHQ-9 score", "", "F32.A", 0, (
        Band(0, 4, "minimal depressive symptoms", "Low", "no treatment needed; rescreen as usual"),
        Band(5, 9, "mild depression", "Low", "watchful waiting and repeat PHQ-9 at follow-up"),
        Band(10, 14, "moderate depression", "Medium", "treatment plan: counselling and/or medication"),
        Band(15, 19, "moderately severe depression", "Medium", "active treatment with medication and/or therapy"),
        Band(20, 27, "severe depression", "High", "prompt treatment and same-day safety assessment"),
    ), ("item 9 answered 'not at all'", "first screen", "follow-up screen")),
    LabTest("gad7", "GAD-7 score", "", "F41.1", 0, (
        Band(0, 4, "minimal anxiety", "Low", "no action"),
        Band(5, 9, "mild anxiety", "Low", "self-help and monitoring"),
        Band(10, 14, "moderate anxiety", "Medium", "further assessment and treatment options"),
        Band(15, 21, "severe anxiety", "Medium", "active treatment and close follow-up"),
    ), ("first screen", "follow-up screen", "on sertraline")),
)

_QUESTIONS = (
    "Interpret this result for the care team: {test} {reading}. Context: {context}.",
    "{test}: {reading} ({context}). What does this mean and what should happen next?",
    "A patient's {test} came back at {reading}. Background: {context}. Explain the result and the next step.",
)
_PATIENT_QUESTIONS = (
    "My {test} result says {reading}. What does that mean?",
    "The portal shows my {test} is {reading}. Is that bad?",
)


def make_facts(group_id: str, rng: random.Random) -> dict:
    test = rng.choice(TESTS)
    band = rng.choice(test.bands)
    value = round(rng.uniform(band.low, band.high), test.decimals)
    if test.decimals == 0:
        value = int(value)
    return {"group_id": group_id, "test": test.key, "value": value, "context": rng.choice(test.context),
            "band": band.meaning, "severity": band.severity}


def render(facts: dict, variant: int, rng: random.Random) -> dict:
    test = next(t for t in TESTS if t.key == facts["test"])
    band = next(b for b in test.bands if b.meaning == facts["band"])
    patient = variant % 2 == 1  # odd variants: the patient asks, in plain words
    template = rng.choice(_PATIENT_QUESTIONS if patient else _QUESTIONS)
    reading = f"{facts['value']} {test.unit}".strip()
    # Mid-sentence, a plain word is lower-cased ("your hemoglobin"): a capitalised one reads as a
    # name to the PHI scanner. Acronyms (CD4, HbA1c, PHQ-9) stay as they are.
    first = test.name.split()[0]
    in_sentence = test.name[0].lower() + test.name[1:] if first.isalpha() and first[1:].islower() else test.name
    question = template.format(test=in_sentence if patient else test.name, reading=reading, context=facts["context"])
    if patient:
        answer = (f"Your {in_sentence} result of {reading} is {band.meaning}. "
                  f"What happens next: {band.action}. Your care team will go over this with you.")
    else:
        answer = (f"{test.name} {reading}: {band.meaning}. "
                  f"Suggested next step: {band.action}. Severity: {band.severity}.")
    return {
        "task": test.key,
        "instruction": question,
        "input": "",
        "output": " ".join(answer.split()),
        "style": "free_text",
        "wording": "plain" if patient else "clinical",
        "severity": band.severity,
        "evidence_level": "guideline",
        "icd10": test.icd10,
        "condition": None,
        "patient_facing": patient,
    }

