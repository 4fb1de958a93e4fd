"""Writes tests/data/phi_dev5.jsonl: the round-5 development set (issue 15).

Written for round 5 from the error classes earlier rounds listed (facility
initials and brand-only names, single given names, a ZIP after a town with no
state, apostrophe towns, slash dates after non-cue words, ids after "ref #")
and PHI-free look-alikes ("Husband, 68,", generic department names, eponyms in a
family history, scores written with a slash, ages up to 89, bare years).
Values are fictional or reserved; brand names of real health systems name no
patient. Same layout as phi_dev.jsonl.

Usage: python tests/data/make_phi_dev5.py [--seed 5505] [--out PATH]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phi_generator  # noqa: E402  (tests/data/phi_generator.py: filling, span check, CLI)

SEED = 5505

INITIALS = ["SJMC", "TRCH", "NWMC", "QRMC", "DRMC", "CVMC", "SCMC", "HVCH", "KCH", "AGH", "MVGH", "PMHC", "EMH",
            "SFH", "OLLH", "TVH", "RRH"]
BRANDS = ["Kaiser", "Sanford", "Geisinger", "Ochsner", "Intermountain", "Allina", "Essentia", "Gundersen",
          "Marshfield", "Avera", "Novant", "Sutter", "Froedtert", "Baystate", "Sentara", "Carilion", "Inova"]
BRAND_FORMS = ["{b}", "{b}", "{b} {t}", "{t} {b}"]
GIVEN = ["Kwabena", "Marisol", "Tobias", "Ingrid", "Anaya", "Dmitri", "Thandiwe", "Rafael", "Siobhan", "Priya",
         "Mateo", "Oluwaseun", "Yara", "Henrik", "Aroha", "Consuelo", "Desmond", "Efua", "Florian", "Genevieve",
         "Haruto", "Ifeanyi", "Jolene", "Kamal", "Leilani", "Malachi", "Nadia", "Odalys", "Pasquale", "Rukhsana",
         "Soren", "Ulises", "Vesna", "Wanjiru", "Xiomara", "Zoltan"]
TOWNS = ["Tomah", "Larkspur Falls", "Dunmere", "Pellston", "Ashby Cross", "Wexcombe", "Harlan Ridge", "Oakhurst"]
APOSTROPHE_TOWNS = ["O'Fallon", "Coeur d'Alene", "Land O'Lakes", "D'Iberville", "O'Neill", "Port O'Connor",
                    "Bras d'Or", "Val-d'Or", "L'Anse", "O'Brien Falls"]
STATES = ["MO", "ID", "FL", "MS", "NE", "TX", "MI"]
EVENTS = ["labs drawn", "flu shot", "Tdap", "last A1c", "mammo", "CT", "started", "stopped", "refilled",
          "missed dose", "fell", "last seen", "INR checked", "culture sent", "booster", "echo"]
REF_IDS = ["KX-44817", "A9931-2", "5528104", "CL-2024-881", "RF-30917", "TK88213"]

PHI = [
    "Transferred from {FACILITY:init} after a fall, GCS 15.",
    "{FACILITY:init} ED sent her over for the MRI.",
    "Records requested from {FACILITY:init} for the 2019 admission.",
    "OSH: {FACILITY:init}. Hx Crohn disease.",
    "Pt says she was seen at {FACILITY:init} last week for the same pain.",
    "Seen at {FACILITY:brand} for the same complaint in March.",
    "Transferred from {FACILITY:brand} with a GI bleed.",
    "Her cardiologist is at {FACILITY:brand}.",
    "Records faxed over from {FACILITY:brand} this morning.",
    "Admitted to {FACILITY:brand} twice last year for COPD.",
    "Please drive {PERSON:given} to the clinic tomorrow.",
    "{PERSON:given} called back at 3 pm, still febrile.",
    "Told {PERSON:given} to push fluids and call if worse.",
    "Mom says {PERSON:given} is refusing his inhaler.",
    "{PERSON:given}'s sugars were over 300 all weekend.",
    "Can {PERSON:given} come in today for a recheck?",
    "Mailing address: {STREET_ADDRESS}, {LOCATION:town}, {ZIP_CODE}.",
    "Summary sent to {LOCATION:town}, {ZIP_CODE} by post.",
    "Return to sender: {LOCATION:town}, {ZIP_CODE}.",
    "Lives in {LOCATION:apos} with her son.",
    "Moved from {LOCATION:apos}, {=st} last spring.",
    "Drove in from {LOCATION:apos} this morning; pain 6/10.",
    "Family lives near {LOCATION:apos}.",
    "{LOCATION:apos}, {=st} {ZIP_CODE} on the intake form.",
    "{=event} {DATE:md}, results pending.",
    "Pt reports {=event} {DATE:md} at the pharmacy.",
    "Per chart, {=event} {DATE:md}; Apgars 8/9 at birth.",
    "Billing ref # {OTHER_ID:ref} for the ambulance claim.",
    "Quote ref #{OTHER_ID:ref} when you call back.",
    "Ref# {OTHER_ID:ref} opened with the insurer.",
    "Husband, {AGE_OVER_89:age}, is the main carer.",
    "Wife, {AGE_OVER_89:age}, drives him to dialysis.",
    "Referred to {FACILITY:named} Cardiology for the murmur.",
    "PT eval at {FACILITY:named} Physical Therapy next week.",
    "Father had Parkinson's; {PERSON:given} worries about a tremor.",
]
CLEAN = [
    "Husband, {=age}, is the main carer.",
    "Wife, {=age}, drives her to appointments.",
    "Son, {=age}, lives nearby and helps with meds.",
    "Partner, {=age}, works nights.",
    "Daughter-in-law, {=age}, manages the pillbox.",
    "Referred to {=dept} for follow-up.",
    "{=dept} to see the patient today.",
    "Consult placed with {=dept}; no acute distress.",
    "FHx: father had {=fam}, mother with {=fam2}.",
    "Family history: brother has {=fam}.",
    "Mother with {=fam2}; father's {=fam} worsened in {=year}.",
    "Paternal grandmother had {=fam}, age {=age}.",
    "Pain {=pain}/10, strength 5/5, reflexes 2/4.",
    "BP 128/76, vision 20/40, 2/6 systolic murmur.",
    "Took 1/2 tab; ate 3/4 of meals. Apgars 8/9.",
    "PHQ-9 12/27, 24/7 support at home.",
    "Ref range 3.5-5.1; K 4.2.",
    "Seen at the clinic in {=year}, then urgent care.",
    "{=age}F with Hashimoto's, CBC and BMP normal, LVH on echo.",
    "Transferred from the ED to the ICU; {=dept} aware.",
    "Hx Graves' disease since {=year}; Wells score 2.",
    "Positive Murphy sign; Ottawa ankle rules negative.",
]
DEPTS = ["Interventional Radiology", "Physical Therapy", "Nuclear Medicine", "Case Management", "Labor and Delivery",
         "Infection Prevention", "Patient Access", "Health Information Management", "Sleep Medicine",
         "Pain Management", "Occupational Therapy", "Internal Medicine", "Social Work", "Wound Care"]
FAMILY = ["Parkinson's", "Alzheimer's", "Crohn's", "Huntington's", "Hodgkin lymphoma", "Graves' disease",
          "Marfan syndrome", "Wilson disease", "Addison's"]
NAMED = ["Quillfield General", "Brenmoor Hospital", "Ashcombe Medical Center", "Tarrow Valley Hospital"]

FILLERS = {"st": lambda r: r.choice(STATES), "event": lambda r: r.choice(EVENTS), "age": lambda r: str(r.randint(19, 89)),
           "dept": lambda r: r.choice(DEPTS), "fam": lambda r: r.choice(FAMILY), "fam2": lambda r: r.choice(FAMILY),
           "year": lambda r: str(r.randint(1995, 2025)), "pain": lambda r: str(r.randint(2, 9))}


def _value(rng, entity, variant):
    if entity == "FACILITY":
        if variant == "init":
            return rng.choice(INITIALS)
        if variant == "named":
            return rng.choice(NAMED)
        return rng.choice(BRAND_FORMS).format(b=rng.choice(BRANDS), t=rng.choice(TOWNS))
    if entity == "PERSON":
        return rng.choice(GIVEN)
    if entity == "LOCATION":
        return rng.choice(APOSTROPHE_TOWNS if variant == "apos" else TOWNS)
    if entity == "ZIP_CODE":
        return f"{rng.randint(10000, 99000)}" + rng.choice(["", "", f"-{rng.randint(1000, 9999)}"])
    if entity == "DATE":
        return f"{rng.randint(1, 12)}/{rng.randint(1, 28)}"
    if entity == "OTHER_ID":
        return rng.choice(REF_IDS)
    if entity == "AGE_OVER_89":
        return str(rng.randint(90, 103))
    if entity == "STREET_ADDRESS":
        return f"{rng.randint(10, 9999)} {rng.choice(['Pell', 'Quarry', 'Larch'])} {rng.choice(['Row', 'Road', 'Lane'])}"
    raise KeyError(entity)


def fill(rng, template):
    return phi_generator.fill(rng, template, _value, FILLERS, capitalize_after=())


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows, seen = [], set()
    for kind, templates, copies in (("phi", PHI, 7), ("clean", CLEAN, 5)):
        n = 0
        for template in templates * copies:
            text, spans = fill(rng, template)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"id": f"dev5-{kind}-{n:04d}", "kind": kind, "text": text,
                         "spans": spans if kind == "phi" else []})
            n += 1
    phi_generator.check_rows(rows)
    return rows


def main() -> int:
    return phi_generator.cli(__doc__, build, SEED, "phi_dev5.jsonl")


if __name__ == "__main__":
    sys.exit(main())
