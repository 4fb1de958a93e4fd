"""Wearable readings: a week of heart rate, sleep or activity, and what it means.

Each pattern has a rule that produced the series, so the interpretation and
its severity follow from the numbers. Written for Prescreen; the thresholds
are conservative clinic conventions (resting heart rate above 100 is
tachycardia; a sustained rise of 10 or more beats over baseline is a change
worth a check).
"""

from __future__ import annotations

import random

# pattern: (metric, severity, interpretation for the team, advice for the patient)
PATTERNS = {
    "hr_stable": ("heart_rate", "Low", "resting heart rate stable in the normal range",
                  "Your resting heart rate has been steady and normal this week."),
    "hr_rising": ("heart_rate", "Medium",
                  "resting heart rate has risen by 10 or more beats per minute over the week; consider infection, "
                  "dehydration, anemia or worsening heart failure and ask about symptoms",
                  "Your resting heart rate has gone up this week. Please let your care team know how you feel, "
                  "especially if you have fever, swelling or more shortness of breath."),
    "hr_high": ("heart_rate", "High", "resting heart rate above 100 on several days (resting tachycardia)",
                "Your heart rate has been high even at rest. Please call the clinic today. If you have chest pain, "
                "fainting or trouble breathing, call 911."),
    "hr_irregular": ("heart_rate", "Medium", "repeated irregular-rhythm notifications; possible atrial fibrillation, "
                     "needs an ECG", "Your watch noticed an irregular rhythm several times. Please book a visit so the "
                     "care team can check it with an ECG."),
    "sleep_ok": ("sleep", "Low", "sleep duration 7 to 9 hours with few awakenings",
                 "You are getting a healthy amount of sleep. Keep it up."),
    "sleep_short": ("sleep", "Low", "average sleep under 6 hours; screen for insomnia, low mood and shift work",
                    "You have been sleeping less than 6 hours most nights. A regular bedtime and less screen time "
                    "at night can help. Mention it at your next visit."),
    "sleep_apnea": ("sleep", "Medium", "frequent awakenings with overnight oxygen dips below 90%; screen for sleep apnea",
                    "Your oxygen level dipped several times at night. This can be a sign of sleep apnea. Please "
                    "book a visit to talk about it."),
    "steps_ok": ("activity", "Low", "daily steps steady around the personal baseline",
                 "Your activity has been steady this week. Nice work."),
    "steps_drop": ("activity", "Medium", "daily steps fell by more than half over the week; in heart failure or COPD "
                   "this can be an early sign of worsening", "You have been much less active this week. If you "
                   "feel more tired or short of breath, please call the clinic."),
    "steps_low": ("activity", "Low", "low but stable activity; encourage gradual increase",
                  "You've been fairly inactive. Short walks each day are a good way to start moving more."),
}


def _series(pattern: str, rng: random.Random) -> list[dict]:
    days = []
    base_hr, base_steps = rng.randint(58, 76), rng.randint(4000, 9000)
    for day in range(7):
        reading: dict = {"day": day + 1}
        if pattern == "hr_stable":
            reading["resting_hr"] = base_hr + rng.randint(-3, 3)
        elif pattern == "hr_rising":
            reading["resting_hr"] = base_hr + day * rng.randint(2, 4)
        elif pattern == "hr_high":
            reading["resting_hr"] = rng.randint(101, 118) if day >= 3 else base_hr + rng.randint(10, 20)
        elif pattern == "hr_irregular":
            reading["resting_hr"] = base_hr + rng.randint(-2, 8)
            reading["irregular_rhythm_alerts"] = rng.randint(1, 4) if day % 2 else 0
        elif pattern == "sleep_ok":
            reading["sleep_h"] = round(rng.uniform(7.0, 8.8), 1)
            reading["awakenings"] = rng.randint(0, 2)
        elif pattern == "sleep_short":
            reading["sleep_h"] = round(rng.uniform(4.2, 5.9), 1)
            reading["awakenings"] = rng.randint(0, 3)
        elif pattern == "sleep_apnea":
            reading["sleep_h"] = round(rng.uniform(6.0, 7.8), 1)
            reading["awakenings"] = rng.randint(5, 12)
            reading["lowest_spo2"] = rng.randint(82, 89)
        elif pattern == "steps_ok":
            reading["steps"] = base_steps + rng.randint(-800, 800)
        elif pattern == "steps_drop":
            reading["steps"] = int(base_steps * (1 - day * 0.11))
        else:
            reading["steps"] = rng.randint(900, 2400)
        days.append(reading)
    return days


def make_facts(group_id: str, rng: random.Random) -> dict:
    pattern = rng.choice(tuple(PATTERNS))
    context = rng.choice(("heart failure", "COPD", "type 2 diabetes", "no chronic conditions", "hypertension"))
    return {"group_id": group_id, "pattern": pattern, "context": context, "readings": _series(pattern, rng)}


def _format(readings: list[dict], rng: random.Random) -> str:
    labels = {"resting_hr": "resting HR {} bpm", "irregular_rhythm_alerts": "{} irregular-rhythm alerts",
              "sleep_h": "sleep {} h", "awakenings": "{} awakenings", "lowest_spo2": "lowest SpO2 {}%",
              "steps": "{} steps"}
    if rng.random() < 0.5:
        return "\n".join(
            f"Day {r['day']}: " + ", ".join(labels[k].format(v) for k, v in r.items() if k != "day") for r in readings)
    keys = [k for k in readings[0] if k != "day"]
    header = "day," + ",".join(keys)
    return header + "\n" + "\n".join(",".join(str(r[k]) for k in ["day", *keys]) for r in readings)


def render(facts: dict, variant: int, rng: random.Random) -> dict:
    metric, severity, team_text, patient_text = PATTERNS[facts["pattern"]]
    patient = variant % 2 == 1
    data = _format(facts["readings"], rng)
    if patient:
        instruction = rng.choice(("Explain these watch readings to the patient in plain words.",
                                  "The patient asks what their week of wearable data shows. Answer them."))
        output = patient_text
    else:
        instruction = rng.choice((f"Interpret this week of wearable {metric.replace('_', ' ')} data for a patient "
                                  f"with {facts['context']}.",
                                  f"Review these readings (patient with {facts['context']}) and flag anything the "
                                  f"care team should act on."))
        output = f"Finding: {team_text}. Severity: {severity}."
    return {
        "task": metric,
        "instruction": instruction,
        "input": data,
        "output": output,
        "style": "structured",
        "wording": "plain" if patient else "clinical",
        "severity": severity,
        "evidence_level": "rule",
        "icd10": None,
        "condition": None,
        "patient_facing": patient,
    }
