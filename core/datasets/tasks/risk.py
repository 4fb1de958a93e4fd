"""Risk stratification tasks: disengagement from care and hospitalisation.

The label comes from a transparent points rule (each factor adds points;
the total sets Low / Medium / High), so every example's answer can be
checked against its facts. The rules are a teaching device written for
Prescreen, not a validated clinical score; records carry evidence "rule".
"""

from __future__ import annotations

import random

from core.datasets.phrasing import join_list

# (factor text, points). Disengagement: the HIV/chronic care retention signals a clinic tracks.
DISENGAGEMENT_FACTORS = (
    ("missed 2 or more appointments in the last 6 months", 2),
    ("pharmacy refill more than 14 days late", 2),
    ("detectable viral load at the last test", 2),
    ("unstable housing", 2),
    ("no reliable transport", 1),
    ("PHQ-9 score of 10 or more", 1),
    ("aged under 25", 1),
    ("active substance use", 1),
    ("new to the clinic this year", 1),
)
HOSPITALISATION_FACTORS = (
    ("aged 75 or over", 2),
    ("heart failure", 2),
    ("COPD", 1),
    ("2 or more hospital admissions in the last year", 3),
    ("eGFR below 45", 1),
    ("8 or more regular medicines", 1),
    ("lives alone", 1),
    ("weight up 2 kg in a week", 2),
    ("recent emergency department visit", 2),
)
MODELS = {
    "disengagement": (DISENGAGEMENT_FACTORS, (3, 5), "disengaging from care in the next 6 months"),
    "hospitalisation": (HOSPITALISATION_FACTORS, (3, 6), "hospital admission in the next 90 days"),
}
_ACTIONS = {
    "disengagement": {
        "Low": "routine reminders are enough",
        "Medium": "a check-in call from the care coordinator before the next visit",
        "High": "outreach this week by the care coordinator, with help for the barriers listed",
    },
    "hospitalisation": {
        "Low": "routine follow-up",
        "Medium": "a nurse phone review within 2 weeks and a medication review",
        "High": "a clinician review this week, a care plan update and a check of home support",
    },
}


def score(model: str, factors: list[str]) -> tuple[int, str]:
    """Points and level for the given factors under ``model``'s rule."""
    table, (medium, high), _ = MODELS[model]
    points = sum(p for f, p in table if f in factors)
    level = "High" if points >= high else "Medium" if points >= medium else "Low"
    return points, level


def make_facts(group_id: str, rng: random.Random) -> dict:
    model = rng.choice(tuple(MODELS))
    table = MODELS[model][0]
    # Draw the number of factors first so that Low, Medium and High all occur often.
    count = rng.choice((0, 1, 2, 3, 4))
    factors = [f for f, _ in rng.sample(table, k=count)]
    points, level = score(model, factors)
    # Age and sex make cases with the same factors read differently; the age agrees with the age factors.
    if "aged 75 or over" in factors:
        age = rng.randint(75, 89)
    elif "aged under 25" in factors:
        age = rng.randint(18, 24)
    else:
        age = rng.randint(25 if model == "disengagement" else 40, 74)
    return {"group_id": group_id, "model": model, "factors": factors, "points": points, "level": level,
            "age": age, "sex": rng.choice(("woman", "man")), "visits_last_year": rng.randint(0, 12)}


def render(facts: dict, variant: int, rng: random.Random) -> dict:
    model, factors, level = facts["model"], list(facts["factors"]), facts["level"]
    rng.shuffle(factors)
    outcome = MODELS[model][2]
    listed = join_list(factors, rng) if factors else "no recorded risk factors"
    if variant % 2 == 0:
        instruction = rng.choice((
            f"Stratify this patient's risk of {outcome}.",
            f"Estimate the risk of {outcome} for this patient and say what the clinic should do.",
        ))
        body = "\n".join(f"- {f}" for f in factors) or "- none recorded"
        patient_input = (f"Patient: {facts['age']}-year-old {facts['sex']}, {facts['visits_last_year']} clinic "
                         f"visits in the last year\nRisk factors:\n{body}")
        style = "structured"
    else:
        instruction = (f"How likely is {outcome} for a {facts['age']}-year-old {facts['sex']} with {listed}? "
                       "Recommend the next step.")
        patient_input = ""
        style = "free_text"
    reasons = f"Contributing factors: {listed} ({facts['points']} points)." if factors else "No risk factors recorded."
    output = f"Risk of {outcome}: {level}. {reasons} Recommended: {_ACTIONS[model][level]}."
    return {
        "task": model,
        "instruction": instruction,
        "input": patient_input,
        "output": output,
        "style": style,
        "wording": "clinical",
        "severity": level,
        "evidence_level": "rule",
        "icd10": None,
        "condition": None,
        "patient_facing": False,
    }
