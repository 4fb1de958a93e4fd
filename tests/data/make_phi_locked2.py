"""Writes tests/data/phi_locked2.jsonl: the second locked PHI evaluation set (issue 15, round 2).

The first locked set (phi_locked.jsonl) was measured once and then became
development material. This one was written and committed after that
measurement and BEFORE the round-2 changes to the recognizers; it is evaluated
once, at the end of round 2. Its templates, names, facilities, towns,
eponyms and identifier formats are its own (not those of make_phi_locked.py,
make_phi_dev.py, make_phi_clinical.py or the recognizers' lexicons).

Styles: telephone-triage messages, patient-portal messages relayed by staff,
ED handoffs (SBAR), consult questions, discharge and transfer snippets,
pharmacy and lab call-backs; some clinician shorthand ("Hosp", "Med Ctr").

Every value is fictional: invented names and places, 555-01xx numbers,
``example.*`` domains, documentation IP ranges, random digits.

Each line: ``{"id", "kind": "phi"|"clean", "text", "spans": [{"entity_type", "start", "end", "value"}]}``;
entity types as in make_phi_locked.py (FACILITY for facility names).

Usage: python tests/data/make_phi_locked2.py [--seed 2615] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from pathlib import Path

SEED = 2615

FIRST = ["Araceli", "Bronwen", "Cyprian", "Dorothea", "Evander", "Filippa", "Gwilym", "Henrike", "Ivo", "Juniper",
         "Kasimir", "Ludmila", "Magnus", "Nerys", "Ottoline", "Perpetua", "Radomir", "Solveig", "Tiberius", "Uchenna",
         "Valeska", "Wystan", "Xanthe", "Yorick", "Zelda", "Abelard", "Brunhilde", "Cosimo", "Delphia", "Eero",
         "Frances", "George", "Helen", "Ahmed", "Priya", "Carlos", "Ana", "Thomas", "Grace", "Samuel"]
LAST = ["Wethersby", "Ossington", "Trevelyan", "Mukherjee-Hart", "Llewellyn", "Brennagh", "Quarrington", "Szczepanik",
        "Oduya", "Halloran-Pike", "Vasquez-Orr", "Pemberley", "Rothwell", "Ingersoll", "Castellví", "Dufresne",
        "Ekwueme", "Forsythe", "Grimaldi", "Hawksworth", "Iredale", "Jovanović", "Kettering", "Lachance", "Montoya",
        "Nwachukwu", "Ormsby", "Petrakis", "Rautenberg", "Sheridan", "Thackeray", "Umeh", "Vandersloot", "Whitfield"]
# Real people who share a surname with an eponym.
EPONYM_PEOPLE = ["Kernig", "Romberg", "Tinel", "Hashimoto", "Kawasaki", "Alzheimer", "Marfan", "Raynaud", "Kaposi",
                 "Charcot", "Horner", "Turner", "Down", "Bell", "Still", "Baker", "Wilson", "Graves"]
TOWNS = ["Ambleside Cross", "Bexworth", "Cinderford Bay", "Droitwich Falls", "Eskdale", "Farrowby", "Glenrothe",
         "Hollins Ferry", "Ivybridge", "Jedburgh Mills", "Kelvedon", "Lyndhurst Point", "Morwenstow", "Netherby",
         "Oakhanger", "Penhallow", "Ruthwell", "Stanwick", "Thornaby Springs", "Wolverdale"]
STATES = ["Nevada", "Idaho", "Alabama", "Delaware", "Wisconsin", "Oklahoma", "Arizona", "Nebraska"]
STATE_CODES = ["NV", "ID", "AL", "DE", "WI", "OK", "AZ", "NE"]
SAINTS = ["Winifred", "Oswald", "Brendan", "Hilda", "Aidan", "Bede", "Etheldreda", "Kentigern", "Dymphna",
          "Swithun", "Cecilia", "Wilfrid", "Mungo", "Edmund"]
MOUNTS = ["Helvellyn", "Skiddaw", "Cadair", "Snaefell", "Merrick", "Pendle"]
WORDS = ["Heatherbrook", "Copper Beech", "Silver Lake", "Ravenscar", "Highmoor", "Kingsbridge", "Larchwood",
         "Marigold", "Nettlebed", "Orchard Hill", "Primrose", "Quarry Hill", "Rosedale", "Sandpiper", "Tidewater"]


def digits(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def caps(rng, n):
    return "".join(rng.choice("ABCDEFGHKLMNPRSTWY") for _ in range(n))


def facility(rng, variant):
    town, word, last, first = rng.choice(TOWNS), rng.choice(WORDS), rng.choice(LAST), rng.choice(FIRST)
    forms = {
        "saint": lambda: rng.choice([f"St. {rng.choice(SAINTS)}'s", f"St {rng.choice(SAINTS)}'s Hospital",
                                     f"Saint {rng.choice(SAINTS)} Medical Center", f"St. {rng.choice(SAINTS)} Hosp",
                                     f"St. {rng.choice(SAINTS)}'s Regional Medical Center",
                                     f"St. {rng.choice(SAINTS)} Health Center"]),
        "mount": lambda: rng.choice([f"Mount {rng.choice(MOUNTS)}", f"Mt. {rng.choice(MOUNTS)} Medical Center",
                                     f"Mt {rng.choice(MOUNTS)} Hospital", f"Mount {rng.choice(MOUNTS)} Health"]),
        "city": lambda: rng.choice([f"{town} General", f"{town} General Hospital", f"{town} Memorial Hospital",
                                    f"{town} Regional Med Ctr", f"{town} Community Hospital", f"{town} Med Ctr",
                                    f"{town} Hospital", f"{town} Medical Centre", f"{town} Regional"]),
        "named": lambda: rng.choice([f"{last} Health Center", f"{first} {last} Memorial Hospital", f"{last} Clinic",
                                     f"{last} Family Medicine", f"{last} Cancer Center", f"{last} Children's Hospital"]),
        "abbr": lambda: rng.choice([f"{caps(rng, 2)}GH", f"{caps(rng, 2)}MC", f"{caps(rng, 1)}MH", f"{caps(rng, 2)}RMC",
                                    f"{caps(rng, 3)}H", f"{caps(rng, 2)}CH"]),
        "word": lambda: f"{word} " + rng.choice(["Hospital", "Medical Center", "Rehabilitation Center", "Hospice",
                                                 "Behavioral Health", "Urgent Care", "Pediatrics", "Health Clinic",
                                                 "Dialysis", "Surgical Center", "Nursing Center", "Care Home",
                                                 "Women's Health", "Eye Clinic", "Orthopedics"]),
        "university": lambda: rng.choice([f"University of {town} Hospital", f"{town} University Medical Center",
                                          f"{town} Children's", f"{town} VA"]),
    }
    keys = ["saint", "mount", "city", "city", "named", "abbr", "word", "word", "university"]
    return forms.get(variant, forms[rng.choice(keys)])()


def person(rng, variant):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    if variant == "eponym":
        return rng.choice(EPONYM_PEOPLE)
    style = variant or rng.choice(["full", "full", "last", "initials"])
    return {"full": f"{f} {l}", "last": l, "first": f, "initials": f"{f[0]}.{rng.choice('ABCDEFGH')}. {l}"}[style]


def date(rng, variant):
    y, m, d = rng.randint(1928, 2025), rng.randint(1, 12), rng.randint(1, 28)
    mon = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"][m - 1]
    forms = [f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{mon} {d}", f"{mon[:3]} {d} {y}",
             f"{d} {mon} {y}", f"{y}-{m:02d}-{d:02d}", f"{mon} {d}, {y}", f"{mon[:3]}-{d:02d}-{y}"]
    return rng.choice(forms)


def other_id(rng, variant):
    yr = rng.randint(17, 25)
    forms = {"case": [f"CASE-{yr}-{digits(rng, 5)}", f"DCF-{digits(rng, 6)}", f"{caps(rng, 2)}{yr}-{digits(rng, 4)}"],
             "accession": [f"SURG-{yr}-{digits(rng, 5)}", f"MB{yr}-{digits(rng, 6)}", f"HP-{digits(rng, 7)}"],
             "rx": [f"RX#{digits(rng, 7)}", f"{digits(rng, 7)}-{digits(rng, 3)}", f"RXP-{digits(rng, 6)}"],
             "order": [f"ORDR-{digits(rng, 6)}", f"ORD#{digits(rng, 7)}", f"RAD-{yr}-{digits(rng, 5)}"],
             "site": [f"SITE-{digits(rng, 4)}", f"SN-{digits(rng, 3)}"],
             "study": [f"TRIAL-{digits(rng, 4)}", f"SUBJ{digits(rng, 5)}"]}
    return rng.choice(forms.get(variant) or [v for vs in forms.values() for v in vs])


VALUES = {
    "FACILITY": facility, "PERSON": person, "DATE": date, "OTHER_ID": other_id,
    "LOCATION": lambda r, v: r.choice(TOWNS), "AGE_OVER_89": lambda r, v: str(r.randint(90, 103)),
    "PHONE_NUMBER": lambda r, v: r.choice([f"({r.randint(201, 989)}) 555-01{r.randint(0, 99):02d}",
                                           f"{r.randint(201, 989)}-555-01{r.randint(0, 99):02d}"]),
    "FAX_NUMBER": lambda r, v: f"{r.randint(201, 989)}.555.01{r.randint(0, 99):02d}",
    "MEDICAL_RECORD_NUMBER": lambda r, v: r.choice([digits(r, 8), f"{caps(r, 1)}{digits(r, 7)}", f"{digits(r, 2)}-{digits(r, 6)}"]),
    "HEALTH_PLAN_NUMBER": lambda r, v: r.choice([f"{caps(r, 3)}{digits(r, 8)}", f"{digits(r, 9)}{caps(r, 2)}",
                                                 f"{caps(r, 1)}{digits(r, 10)}"]),
    "US_SSN": lambda r, v: f"{r.randint(140, 640)}-{r.randint(11, 95)}-{r.randint(1100, 9900)}",
    "EMAIL_ADDRESS": lambda r, v: f"{r.choice(FIRST).lower()}.{r.choice(LAST).lower().replace(' ', '')}@example.com",
    "ACCOUNT_NUMBER": lambda r, v: r.choice([digits(r, 11), f"{digits(r, 4)}-{digits(r, 4)}-{digits(r, 3)}"]),
    "LICENSE_NUMBER": lambda r, v: r.choice([f"{caps(r, 1)}{digits(r, 7)}", f"{caps(r, 2)}{digits(r, 7)}"]),
    "DEVICE_ID": lambda r, v: r.choice([f"{caps(r, 3)}-{digits(r, 6)}", digits(r, 11)]),
    "VEHICLE_ID": lambda r, v: r.choice([f"{r.randint(1, 9)}{caps(r, 3)}{digits(r, 3)}", f"{caps(r, 3)}-{digits(r, 4)}"]),
    "URL": lambda r, v: r.choice([f"https://portal.example.net/m/{digits(r, 6)}", f"http://example.com/{r.choice(LAST).lower()}"]),
    "IP_ADDRESS": lambda r, v: r.choice([f"198.51.100.{r.randint(2, 250)}", f"192.0.2.{r.randint(2, 250)}"]),
    "STREET_ADDRESS": lambda r, v: f"{r.randint(2, 8999)} {r.choice(['Harrow', 'Millstone', 'Osier', 'Tenter', 'Wychwood'])} "
                                   f"{r.choice(['Street', 'Road', 'Avenue', 'Lane', 'Close', 'Drive'])}",
    "ZIP_CODE": lambda r, v: str(r.randint(10100, 99800)),
    "BIOMETRIC": lambda r, v: r.choice(["fingerprint", "retinal scan", "voice print", "thumbprint"]),
    "PHOTO": lambda r, v: r.choice(["face photo", "full-face photograph", "photo ID", "selfie"]),
}

DISEASES = ["Kawasaki disease", "Hashimoto's thyroiditis", "Marfan syndrome", "Raynaud's", "Kaposi sarcoma",
            "Charcot foot", "Horner's syndrome", "Turner syndrome", "Down syndrome", "Bell's palsy", "Still disease",
            "a Baker cyst", "Wilson's disease", "Graves' disease", "Alzheimer's", "Parkinson disease",
            "Guillain-Barre", "Crohn disease", "Hodgkin's lymphoma", "Cushing's syndrome", "Addison disease",
            "Meniere's disease", "Paget's disease", "Sjogren syndrome", "Lyme carditis", "Tourette syndrome",
            "Osgood-Schlatter", "Legionnaires disease", "Barrett's esophagus", "Mallory-Weiss syndrome",
            "Stevens-Johnson", "Ehlers-Danlos", "Asperger's", "Munchausen by proxy", "Reye's syndrome",
            "Kussmaul respirations", "Charcot-Marie-Tooth", "Huntington's chorea", "Sydenham chorea",
            "Dressler's syndrome", "Budd-Chiari", "Zenker's diverticulum", "Pott disease", "Wernicke-Korsakoff"]
SIGNS = ["Kernig's sign", "Brudzinski's sign", "Romberg's test", "a Tinel sign", "Babinski reflex", "Murphy sign",
         "Homans' sign", "Chvostek's sign", "Trousseau's sign", "McBurney point pain", "Rovsing's sign", "psoas sign",
         "Grey-Turner sign", "Cullen's sign", "Battle's sign", "Kehr's sign", "Lachman test", "McMurray's test",
         "Phalen's maneuver", "Finkelstein's test", "Spurling's test", "Hoffman's sign", "Gower's sign", "Allen's test",
         "Nikolsky's sign", "Auspitz sign", "Osler's nodes", "Janeway lesions", "Roth's spots", "Virchow's node",
         "Kussmaul's sign", "Beck's triad", "Cushing's triad", "Charcot's triad", "Levine's sign", "Lhermitte's sign",
         "the Dix-Hallpike", "the Epley", "Ortolani and Barlow", "the Thompson squeeze test", "Apley's grind test"]
SCORES = ["a Glasgow Coma Score of 13", "Apgars of 7 and 9", "a Wells score of 2", "a Centor of 3", "CURB-65 of 1",
          "a Bishop score of 8", "Child-Pugh class B", "a MELD of 18", "the Ottawa knee rule", "the Ottawa ankle rule",
          "the Canadian C-spine rule", "the PECARN rule", "Ranson's criteria", "the Alvarado", "a HEART score of 5",
          "the Duke criteria", "Jones criteria", "the modified Rankin scale", "a Mallampati of 2", "Gleason 7",
          "Breslow thickness", "Tanner 4", "the Braden", "the Morse fall score", "the Caprini", "the Geneva rule",
          "the San Francisco rule", "the Boston criteria", "the Glasgow-Blatchford", "Light's", "the Killip class",
          "NYHA class III", "Hunt and Hess grade 2", "a Fisher grade 3", "the Beers list", "the Rochester criteria"]
GENERIC = ["the clinic", "the ER", "urgent care", "the ED", "the walk-in clinic", "the ICU", "the nursing home",
           "a rehab facility", "the hospital", "an outside hospital", "the OSH", "the cath lab", "the infusion suite",
           "the dialysis center", "Radiology", "the Emergency Department", "Pediatrics", "the Cardiology clinic",
           "the Heart Failure clinic", "the Wound Clinic", "the Travel Clinic", "the Sleep Lab", "a trauma center",
           "the children's hospital", "the county hospital", "a community clinic", "the VA", "an urgent care center",
           "the labor and delivery unit", "the NICU", "the med-surg floor", "Telemetry", "the PACU", "Poison Control",
           "the Stroke Center", "the Transplant Clinic", "the Memory Clinic", "the Pain Clinic"]
DRUGS = ["Coumadin", "Eliquis", "Lasix", "Norvasc", "Zoloft", "Keflex", "Cipro", "Augmentin", "Plavix", "Lipitor",
         "metoprolol", "amlodipine", "levothyroxine", "gabapentin", "prednisone", "insulin lispro"]

FILLERS = {"disease": lambda r: r.choice(DISEASES), "sign": lambda r: r.choice(SIGNS), "score": lambda r: r.choice(SCORES),
           "generic": lambda r: r.choice(GENERIC), "drug": lambda r: r.choice(DRUGS), "age": lambda r: str(r.randint(1, 89)),
           "adult": lambda r: str(r.randint(18, 89)), "year": lambda r: str(r.randint(1985, 2025)),
           "st": lambda r: r.choice(STATE_CODES), "state": lambda r: r.choice(STATES),
           "n": lambda r: str(r.randint(2, 12))}

PHI = [
    # telephone triage
    "Phone note: caller says her husband was discharged from {FACILITY} yesterday and is now short of breath.",
    "TC from {FACILITY:word}: pt ran out of {=drug}, requesting a bridge script.",
    "Mom calling, child seen at {FACILITY:city} ER last night with a fever of 103.",
    "Daughter reports dad fell at {FACILITY:word} and hit his head; on {=drug}.",
    "Message from {FACILITY:named} nurse line: K 6.2 on routine labs.",
    "Caller is a nurse at {FACILITY:saint} asking about {=disease} isolation.",
    "Pt states the doctor at {FACILITY:mount} wants a repeat CT in {=n} weeks.",
    # SBAR / handoff
    "S: {=adult}M from {FACILITY:city} with chest pain. B: {=disease}. A: {=score}. R: admit tele.",
    "Handoff: arrived by EMS from {FACILITY:word}, {=sign} positive, CT pending.",
    "Accepted transfer from {FACILITY:abbr}; sending MD is Dr. {PERSON:last}.",
    "Pt came over from {FACILITY:abbr} on a heparin drip.",
    "Flown in from {FACILITY:city}, intubated, {=score}.",
    "BIBA from {FACILITY:word}; baseline per staff is A&Ox2.",
    # consult questions
    "Q for ID: pt at {FACILITY:university} with {=disease}, is it safe to stop {=drug}?",
    "Would you accept a transfer from {FACILITY:city} for {=disease}?",
    "Derm consult from {FACILITY:named}: rash with {=sign}.",
    "Neuro asks if {FACILITY:saint} did an MRI before sending her.",
    "GI wants the path from {FACILITY:abbr} before scoping again.",
    # discharge / transfer
    "D/c to {FACILITY:word} with PT/OT; f/u at {FACILITY:named} in {=n} weeks.",
    "Transfer summary: {FACILITY:city} -> {FACILITY:university}, dx {=disease}.",
    "Discharged home from {FACILITY:saint} on {DATE}; readmitted with {=disease}.",
    "Will go to {FACILITY:word} for rehab once insurance approves.",
    "Pt prefers {FACILITY:mount} for her infusions.",
    "Outpatient dialysis arranged at {FACILITY:word}.",
    # records / lab / pharmacy
    "Records requested from {FACILITY:city} medical records dept, fax {FAX_NUMBER}.",
    "Lab at {FACILITY:abbr} called a critical troponin of 2.4.",
    "Pharmacy at {FACILITY:named} says the prior auth expired.",
    "Imaging disc from {FACILITY:word} uploaded to PACS.",
    "{FACILITY:city} radiology read: no acute findings.",
    "{FACILITY:saint} sent over the discharge paperwork.",
    "{FACILITY:university} oncology is following.",
    "Old echo at {FACILITY:abbr} 2019: EF 40%.",
    # facility with its city
    "Was hospitalized at {FACILITY} in {LOCATION} for pneumonia.",
    "Goes to {FACILITY:named} over in {LOCATION}.",
    "Family wants her moved to {FACILITY:word} near {LOCATION}, {=st}.",
    # names
    "Spoke with Dr. {PERSON:eponym}, the covering neurologist, about {=disease}.",
    "Mr. {PERSON:eponym} has {=disease}; asking about vaccines.",
    "Ms. {PERSON:eponym} called about her {=disease} meds.",
    "Nurse {PERSON:eponym} documented {=sign}.",
    "Pt {PERSON:full} is requesting a refill of {=drug}.",
    "Wife {PERSON:first} is at bedside and is the HCP.",
    "{PERSON:full}, {=adult}F, {=disease}, presents with syncope.",
    "Per Dr. {PERSON:last}, hold {=drug} tonight.",
    "Case discussed with {PERSON:full}, PA-C.",
    "Son {PERSON:full} can be reached at {PHONE_NUMBER}.",
    "Pt's neighbor {PERSON:full} found her on the floor.",
    "{PERSON:initials} called back re: biopsy results.",
    # dates, ages
    "DOB {DATE}, allergic to sulfa.",
    "Seen {DATE} with {=disease}; returns today.",
    "Admit {DATE}, expected d/c {DATE}.",
    "Last dose of {=drug} was {DATE}.",
    "{AGE_OVER_89} y/o with {=disease} and a UTI.",
    "Pt is {AGE_OVER_89} years of age and lives at {FACILITY:word}.",
    "A {AGE_OVER_89}-yr-old man with {=sign}.",
    "Age {AGE_OVER_89}; DNR on file.",
    # prefixed ids
    "DCF case {OTHER_ID:case} is open.",
    "Case no. {OTHER_ID:case}; social work involved.",
    "Surgical pathology accession {OTHER_ID:accession}.",
    "Micro accession # {OTHER_ID:accession}: MRSA.",
    "Rx {OTHER_ID:rx} was transferred.",
    "Prescription # {OTHER_ID:rx} for {=drug}.",
    "Order {OTHER_ID:order} was cancelled by radiology.",
    "Imaging order # {OTHER_ID:order} pending.",
    "Site # {OTHER_ID:site} for the trial.",
    "Subject ID {OTHER_ID:study}.",
]

# One template per class: used more often so every class has 20 or more spans.
PHI_FEW = [
    # geography and contact
    "Home: {STREET_ADDRESS}, {LOCATION}, {=st} {ZIP_CODE}.",
    "EMS picked her up at {STREET_ADDRESS}.",
    "Lives in {LOCATION} with her son.",
    "Cell {PHONE_NUMBER}, ok to text.",
    "Fax orders to {FAX_NUMBER}.",
    "Pt email {EMAIL_ADDRESS}.",
    # numbers
    "MRN {MEDICAL_RECORD_NUMBER}; {=disease}.",
    "Medicare # {HEALTH_PLAN_NUMBER}.",
    "Member ID {HEALTH_PLAN_NUMBER} for the referral.",
    "SSN {US_SSN} for the disability form.",
    "Account {ACCOUNT_NUMBER} on hold.",
    "Driver's license {LICENSE_NUMBER} on file.",
    "Pump serial # {DEVICE_ID}.",
    "Plate number {VEHICLE_ID}.",
    "Photos at {URL}.",
    "Login from IP {IP_ADDRESS}.",
    "{BIOMETRIC} scanner at the Pyxis.",
    "{PHOTO} uploaded to the chart.",
    "Next appt {DATE} at 10:40.",
    "Injury occurred {DATE} per the patient.",
    "Great-grandmother, {AGE_OVER_89}, is the main support.",
]

CLEAN = [
    "{=adult} yo with {=disease}; exam with {=sign}; {=score}.",
    "Phone note: mom asks whether {=disease} is contagious; advised to go to {=generic}.",
    "S: {=adult}F with {=disease}. B: seen at {=generic}. A: {=score}. R: observe.",
    "Q for neuro: is {=sign} reliable after {=disease}?",
    "Applied {=score} and {=score}; discharged from {=generic}.",
    "Hx {=disease} dx {=year}, on {=drug}.",
    "Transferred from {=generic} to {=generic} for {=disease}.",
    "{=sign} and {=sign} on exam; {=disease} suspected.",
    "Pt asks if {=disease} can cause {=disease}.",
    "Seen at {=generic} in {=year} for {=disease}; {=score}.",
    "Age {=age}, {=disease}, followed in {=generic}.",
    "Caller worried about {=disease}; no {=sign}; advised {=generic}.",
    "{=score}; plan {=drug}; recheck at {=generic} in {=n} days.",
    "Handoff: {=adult}M, {=disease}, {=sign}, from {=generic}.",
]


def fill(rng, template):
    text, spans = "", []
    for piece in re.split(r"(\{[^}]+\})", template):
        if not (piece.startswith("{") and piece.endswith("}")):
            text += piece
            continue
        key = piece[1:-1]
        if key.startswith("="):
            text += FILLERS[key[1:]](rng)
            continue
        entity, _, variant = key.partition(":")
        value = VALUES[entity](rng, variant)
        if not text or text.endswith((". ", ": ")):
            value = value[:1].upper() + value[1:]
        spans.append({"entity_type": entity, "start": len(text), "end": len(text) + len(value), "value": value})
        text += value
    return text[:1].upper() + text[1:], spans


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    plan = PHI * 5 + PHI_FEW * 22
    rng.shuffle(plan)
    rows = []
    for n, t in enumerate(plan):
        text, spans = fill(rng, t)
        rows.append({"id": f"locked2-phi-{n:04d}", "kind": "phi", "text": text, "spans": spans})
    for n, t in enumerate(CLEAN * 10):
        text, spans = fill(rng, t)
        assert not spans
        rows.append({"id": f"locked2-clean-{n:04d}", "kind": "clean", "text": text, "spans": []})
    for r in rows:
        for s in r["spans"]:
            assert r["text"][s["start"]:s["end"]] == s["value"] == s["value"].strip(), r
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=str(Path(__file__).with_name("phi_locked2.jsonl")))
    args = parser.parse_args()
    rows = build(args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in rows:
        for s in r["spans"]:
            counts[s["entity_type"]] = counts.get(s["entity_type"], 0) + 1
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("phi", "clean")}
    print(f"wrote {len(rows)} rows: {kinds}; {sum(counts.values())} spans: {counts}")


if __name__ == "__main__":
    main()
