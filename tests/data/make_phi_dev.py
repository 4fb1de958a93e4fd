"""Writes tests/data/phi_dev.jsonl: the development set the PHI recognizers are tuned on.

The locked set (make_phi_locked.py) is never tuned against; this one is. Its
templates, names, facilities, eponyms and identifier formats are its own,
written separately from the locked set's, so figures on the locked set say
how well the tuning carries over to text it did not see.

Values are fictional or reserved: 555-01xx telephone numbers, ``example.*``
domains, documentation IP ranges, random digits. Some facility names use
common real naming patterns ("Good Samaritan", "Our Lady of …"); they name no
patient.

Each line: ``{"id", "kind": "phi"|"clean", "text", "spans": [{"entity_type", "start", "end", "value"}]}``.

Usage: python tests/data/make_phi_dev.py [--seed 77] [--out PATH]
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phi_generator  # noqa: E402  (tests/data/phi_generator.py: filling, span check, CLI)

SEED = 77

FIRST = ["Harriet", "Ezra", "Blessing", "Anton", "Marguerite", "Luca", "Precious", "Tomasz", "Ines", "Declan",
         "Fatima", "Gunnar", "Rosa", "Yusuf", "Clementine", "Arjun", "Niamh", "Bogdan", "Esperanza", "Theo",
         "Chiamaka", "Wolfgang", "Lourdes", "Ikaika", "Sunniva", "Kofi", "Renata", "Hamish", "Zofia", "Emil"]
LAST = ["Prendergast", "Oyelowo", "Lindgren", "Castaneda", "Whitcombe", "Nieminen", "Obuya", "Marchetti",
        "Kavanagh", "Thorsby", "Adeyemi", "Villeneuve", "Brannigan", "Sato", "Kuznetsov", "Ferraro", "Hollis",
        "Mwangi", "Quintero", "Ashworth", "Delgado", "Strickland", "Van der Berg", "Okoye", "Pritchard"]
EPONYM_SURNAMES = ["Parkinson", "Graves", "Addison", "Crohn", "Hodgkin", "Cushing", "Bell", "Wilson", "Murphy",
                   "Barrett", "Down", "Paget", "Kaposi", "Reiter", "Raynaud"]
TOWNS = ["Ellerby", "North Tamsworth", "Brackenridge", "Port Ollery", "Willowmere", "Caddington", "Redfern Lake",
         "Stoneleigh", "Marlow Creek", "Hinton Cross"]
SAINTS = ["Jude", "Agatha", "Barnabas", "Clement", "Ignatius", "Lucy", "Vincent", "Anselm", "Bernadette", "Jerome"]
MOUNTS = ["Sinope", "Ravenel", "Ashby", "Corrie"]
WORDS = ["Good Samaritan", "Sacred Heart", "Providence", "Mercy", "Baptist", "Presbyterian", "Cedar Hill",
         "Lakeview", "Oak Ridge", "Sunrise", "Valley View", "Bayside", "Hillcrest", "Fairview", "Crestwood"]


def digits(rng, n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def letters(rng, n):
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def facility(rng, variant):
    town, word, last = rng.choice(TOWNS), rng.choice(WORDS), rng.choice(LAST)
    forms = {
        "saint": lambda: rng.choice([f"St. {rng.choice(SAINTS)}'s", f"Saint {rng.choice(SAINTS)} Hospital",
                                     f"St {rng.choice(SAINTS)} Medical Centre", f"St. {rng.choice(SAINTS)} Regional",
                                     f"Providence St. {rng.choice(SAINTS)}", f"Our Lady of {rng.choice(['Lourdes', 'Mercy', 'the Lake'])} Hospital"]),
        "mount": lambda: rng.choice([f"Mount {rng.choice(MOUNTS)}", f"Mt. {rng.choice(MOUNTS)} Hospital",
                                     f"Mount {rng.choice(MOUNTS)} Medical Center"]),
        "general": lambda: rng.choice([f"{town} General", f"{town} Memorial", f"{town} Regional Hospital",
                                       f"{town} Hospital", f"{town} Community Medical Center", f"{word} Hospital",
                                       f"{word} Medical Center", f"{word} Memorial Hospital"]),
        "named": lambda: rng.choice([f"{last} Health Centre", f"{last} Clinic", f"The {last} Clinic",
                                     f"{rng.choice(FIRST)} {last} Children's Hospital", f"{last} Memorial Hospital"]),
        "abbr": lambda: rng.choice([f"{letters(rng, 1)}GH", f"{letters(rng, 2)}MC", f"{letters(rng, 2)}H",
                                    f"{letters(rng, 1)}RMC", f"{letters(rng, 2)}CH", "VAMC"]),
        "specialty": lambda: f"{rng.choice([town, word, last])} " + rng.choice(
            ["Cancer Institute", "Kidney Center", "Pediatric Associates", "Cardiology Associates", "Urgent Care",
             "Behavioral Health Center", "Rehab", "Health Clinic", "Hospice House", "Surgical Hospital",
             "Women's Health Center", "Dermatology", "Pain Clinic", "Fertility Center", "Dialysis"]),
        "carehome": lambda: rng.choice([f"{word} Nursing Home", f"{word} Care Centre", f"{word} Manor",
                                        f"{word} Senior Care", f"{word} Rehabilitation and Nursing"]),
        "university": lambda: rng.choice([f"{town} University Medical Center", f"University Hospital of {town}",
                                          f"{town} Children's Hospital", f"{town} VA"]),
    }
    return forms.get(variant, forms[rng.choice(list(forms))])()


def person(rng, variant):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    if variant == "eponym":
        return rng.choice(EPONYM_SURNAMES)
    style = variant or rng.choice(["full", "last", "full", "initial"])
    return {"full": f"{f} {l}", "last": l, "initial": f"{f[0]}. {l}", "first": f}[style]


def date(rng, variant):
    y, m, d = rng.randint(1930, 2025), rng.randint(1, 12), rng.randint(1, 28)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return rng.choice([f"{m}/{d}/{y % 100:02d}", f"{months[m - 1]} {d}", f"{d}-{months[m - 1]}-{y}",
                       f"{y}/{m:02d}/{d:02d}", f"{m}-{d}-{y}", f"{months[m - 1]} {y}"])


def other_id(rng, variant):
    forms = {"case": [f"CPS-{digits(rng, 6)}", f"CASE#{digits(rng, 5)}", f"C{digits(rng, 2)}-{digits(rng, 5)}"],
             "site": [f"SITE{digits(rng, 2)}", f"S-{digits(rng, 3)}"],
             "accession": [f"S{digits(rng, 2)}-{digits(rng, 5)}", f"ACN-{digits(rng, 7)}", f"CY{digits(rng, 2)}-{digits(rng, 4)}"],
             "rx": [f"RX{digits(rng, 7)}", f"RX-{digits(rng, 3)}-{digits(rng, 4)}"],
             "order": [f"ORD{digits(rng, 7)}", f"ORDER-{digits(rng, 5)}", f"IMG-{digits(rng, 6)}"],
             "requisition": [f"REQ-{digits(rng, 6)}", f"RQ{digits(rng, 6)}"],
             "ticket": [f"TKT-{digits(rng, 5)}"], "protocol": [f"PRT-{digits(rng, 3)}-{digits(rng, 2)}"]}
    return rng.choice(forms.get(variant) or [v for vs in forms.values() for v in vs])


VALUES = {
    "FACILITY": facility, "PERSON": person, "DATE": date, "OTHER_ID": other_id,
    "LOCATION": lambda r, v: r.choice(TOWNS), "AGE_OVER_89": lambda r, v: str(r.randint(90, 101)),
    "PHONE_NUMBER": lambda r, v: f"({r.randint(300, 899)}) 555-01{r.randint(0, 99):02d}",
    "FAX_NUMBER": lambda r, v: f"{r.randint(300, 899)}-555-01{r.randint(0, 99):02d}",
    "MEDICAL_RECORD_NUMBER": lambda r, v: r.choice([digits(r, 8), f"E{digits(r, 7)}"]),
    "HEALTH_PLAN_NUMBER": lambda r, v: r.choice([f"{letters(r, 3)}{digits(r, 9)}", f"{digits(r, 10)}A",
                                                 f"{letters(r, 1)}{digits(r, 8)}", f"MCD{digits(r, 8)}"]),
    "US_SSN": lambda r, v: f"{r.randint(130, 660)}-{r.randint(12, 97)}-{r.randint(1200, 9800)}",
    "EMAIL_ADDRESS": lambda r, v: f"{r.choice(FIRST).lower()}{r.randint(1, 99)}@example.net",
    "ACCOUNT_NUMBER": lambda r, v: digits(r, 10), "LICENSE_NUMBER": lambda r, v: f"{letters(r, 2)}{digits(r, 7)}",
    "DEVICE_ID": lambda r, v: f"{letters(r, 2)}{digits(r, 7)}", "VEHICLE_ID": lambda r, v: f"{r.randint(1, 9)}{letters(r, 3)}{digits(r, 3)}",
    "URL": lambda r, v: f"https://www.example.org/p/{digits(r, 5)}", "IP_ADDRESS": lambda r, v: f"203.0.113.{r.randint(2, 250)}",
    "STREET_ADDRESS": lambda r, v: f"{r.randint(10, 9999)} {r.choice(['Ivy', 'Quarry', 'Birchwood', 'Kessler'])} "
                                   f"{r.choice(['Street', 'Road', 'Ave', 'Lane'])}",
    "ZIP_CODE": lambda r, v: str(r.randint(10000, 99000)),
    "BIOMETRIC": lambda r, v: r.choice(["fingerprint", "voice print"]), "PHOTO": lambda r, v: r.choice(["photo ID", "face photo"]),
}

DISEASES = ["Alzheimer's dementia", "parkinsonism", "Hashimoto's", "Graves'", "Crohn colitis", "non-Hodgkin lymphoma",
            "Bell palsy", "Cushingoid features", "an Addisonian crisis", "Barrett's", "Wegener granulomatosis",
            "Waldenström macroglobulinemia", "Hurler syndrome", "Tietze syndrome", "Peutz-Jeghers syndrome",
            "Sturge-Weber syndrome", "Fanconi anemia", "Gilbert syndrome", "Dressler syndrome", "Osgood-Schlatter",
            "Legg-Calvé-Perthes disease", "Pott's disease", "Cushing's", "Tourette's", "Graves' disease", "Whipple's disease",
            "Kawasaki's", "Ménière's", "Sjögren's", "De Quervain tenosynovitis", "Boerhaave syndrome", "Kartagener syndrome",
            "Wallenberg syndrome", "Brown-Séquard syndrome", "Bartter syndrome", "Hartnup disease", "Pompe disease"]
SIGNS = ["Babinski positive", "upgoing toes (Babinski)", "positive Murphy", "Rovsing's", "Kernig's and Brudzinski's",
         "McBurney tenderness", "Homan's sign", "a positive Tinel's", "Phalen's", "Trousseau's", "Chvostek's",
         "Romberg positive", "a Lachman of 2+", "Hoover sign", "Froment sign", "Ortolani click", "Stemmer sign",
         "Carnett sign", "Murphy punch sign", "Kanavel signs", "Gottron papules", "Auspitz sign", "Darier sign",
         "Musset sign", "Duroziez sign", "Traube sign", "Osler maneuver", "Tzanck cells", "Mees lines", "Beau lines"]
SCORES = ["GCS of 15", "Apgars 9/9", "Wells' criteria", "a Glasgow of 13", "a modified Rankin of 3", "Ranson's",
          "Child-Pugh A", "a Gleason 3+4", "Hunt-Hess 2", "Fisher 3", "Killip II", "NYHA II", "Ottawa knee rules",
          "PECARN", "Nexus criteria", "Canadian C-spine rule", "the Geneva", "Padua score", "Rockall score",
          "Blatchford", "Framingham risk", "Karnofsky 70", "Lansky score", "Norton scale", "Waterlow score",
          "the Westley croup score", "the Boston criteria", "Rochester", "the Philadelphia protocol"]
GENERIC = ["the clinic", "urgent care", "the emergency room", "an outside hospital", "the OSH", "the nursing home",
           "the ED", "the walk-in", "home health", "the rehab unit", "the free clinic", "the ICU", "the floor",
           "the Cancer Center", "the Emergency Room", "the Heart Center", "the Children's Hospital", "Dialysis",
           "the Family Medicine clinic", "the Women's Clinic", "Urgent Care", "Pediatrics", "the Mental Health Clinic",
           "the ER", "the hospital", "the medical center", "the health center", "the trauma center", "Medicare",
           "Medicaid", "the VA clinic", "an FQHC", "the Primary Care Clinic", "the Pain Clinic"]
DRUGS = ["lisinopril", "Eliquis", "Lasix", "metformin", "Keflex", "Bactrim", "prednisone", "Norco", "Flomax"]

FILLERS = {"disease": lambda r: r.choice(DISEASES), "sign": lambda r: r.choice(SIGNS), "score": lambda r: r.choice(SCORES),
           "generic": lambda r: r.choice(GENERIC), "drug": lambda r: r.choice(DRUGS), "age": lambda r: str(r.randint(2, 89)),
           "year": lambda r: str(r.randint(1990, 2025)), "st": lambda r: r.choice(["NY", "FL", "CO", "MI"])}

PHI = [
    "Came over from {FACILITY} by ambulance, {=score}.",
    "Outside hospital: {FACILITY}. Reason for transfer: {=disease}.",
    "OSH = {FACILITY:abbr}; they started {=drug}.",
    "Hx obtained from {FACILITY:carehome} paperwork.",
    "was at {FACILITY:saint} for 3 days, then home",
    "Pt wants records sent to {FACILITY:named}.",
    "Mother works at {FACILITY:general}, wants him seen there.",
    "Prior workup at {FACILITY:university} was negative for {=disease}.",
    "Follows with rheum at {FACILITY:specialty}; {=sign} today.",
    "Dialyzes at {FACILITY:specialty}.",
    "{FACILITY:mount} ED sent him over for a CT.",
    "Did {FACILITY:abbr} do a lumbar puncture?",
    "Sending to {FACILITY:general} for cath; {=score}.",
    "Delivered at {FACILITY:saint}, {=score}.",
    "Resident of {FACILITY:carehome} with {=disease}.",
    "Spoke to the charge nurse at {FACILITY} about the transfer.",
    "Seen in {FACILITY:specialty} yesterday for the same pain.",
    "Imaging performed at {FACILITY:abbr} on {DATE}.",
    "Needs f/u at {FACILITY:named} within 1 week.",
    "Her oncologist is at {FACILITY:university}.",
    "Previously admitted to {FACILITY:general} with {=disease}.",
    "{FACILITY} called to say the patient left before being seen.",
    "Psych hold at {FACILITY:specialty} last year.",
    "Transfer to {FACILITY:mount} requested by family.",
    "Dr. {PERSON:last} from {FACILITY} called about {=disease}.",
    "Mr. {PERSON:eponym} with known {=disease}.",
    "Dr. {PERSON:eponym} is covering tonight.",
    "Mrs. {PERSON:eponym} has {=sign}.",
    "{PERSON:full} here for f/u of {=disease}.",
    "Daughter {PERSON:first} at bedside.",
    "Spoke with pt's husband {PERSON:full}.",
    "Seen with {PERSON:full}, PA-C.",
    "DOB {DATE}. {=score}.",
    "Admit date {DATE}, d/c {DATE}.",
    "{AGE_OVER_89} y.o. female, {=disease}.",
    "Patient is a {AGE_OVER_89} year old with {=sign}.",
    "Lives in {LOCATION}, {=st} {ZIP_CODE}.",
    "Address: {STREET_ADDRESS}, {LOCATION}.",
    "Phone {PHONE_NUMBER}; fax {FAX_NUMBER}.",
    "email {EMAIL_ADDRESS}",
    "MRN# {MEDICAL_RECORD_NUMBER}",
    "Ins ID {HEALTH_PLAN_NUMBER}",
    "BCBS member # {HEALTH_PLAN_NUMBER}",
    "Payer ID {HEALTH_PLAN_NUMBER}, Medicaid pending.",
    "HMO ID: {HEALTH_PLAN_NUMBER}.",
    "SSN: {US_SSN}",
    "Acct: {ACCOUNT_NUMBER}",
    "License #{LICENSE_NUMBER}",
    "Pacer serial {DEVICE_ID}",
    "Tag {VEHICLE_ID}",
    "Photos: {URL}",
    "Logged in from {IP_ADDRESS}",
    "{BIOMETRIC:Fingerprint} on file.",
    "{PHOTO:Photo ID} scanned.",
    "CPS case {OTHER_ID:case} open.",
    "Case # {OTHER_ID:case}",
    "Site {OTHER_ID:site} enrolled the patient.",
    "Accession {OTHER_ID:accession} - {=disease}.",
    "Surgical path {OTHER_ID:accession}.",
    "Rx#: {OTHER_ID:rx}",
    "eRx {OTHER_ID:rx} sent to the pharmacy.",
    "Order # {OTHER_ID:order} for MRI brain.",
    "Imaging order {OTHER_ID:order}.",
    "Requisition {OTHER_ID:requisition} printed.",
    "Help desk ticket {OTHER_ID:ticket} for the portal lockout.",
    "On protocol {OTHER_ID:protocol}.",
]
CLEAN = [
    "{=age} yo with {=disease}; {=sign}; {=score}.",
    "Seen at {=generic} for {=disease} in {=year}.",
    "{=sign}, {=sign}. {=score}.",
    "Transferred from {=generic} to {=generic}; {=disease}.",
    "Hx {=disease}, on {=drug}. {=score}.",
    "Does {=score} apply if the patient has {=disease}?",
    "Q: is {=sign} specific for {=disease}?",
    "Went to {=generic}, then {=generic}, dx {=disease}.",
    "{=age}F, {=disease} since {=year}, {=sign}.",
    "Discharged from {=generic} {=year}; {=score}.",
]


def fill(rng, template):
    return phi_generator.fill(rng, template, phi_generator.from_table(VALUES), FILLERS)


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for n, t in enumerate(PHI * 5):
        text, spans = fill(rng, t)
        rows.append({"id": f"dev-phi-{n:04d}", "kind": "phi", "text": text, "spans": spans})
    for n, t in enumerate(CLEAN * 12):
        text, spans = fill(rng, t)
        rows.append({"id": f"dev-clean-{n:04d}", "kind": "clean", "text": text, "spans": []})
    phi_generator.check_rows(rows)
    return rows


def main() -> int:
    return phi_generator.cli(__doc__, build, SEED, "phi_dev.jsonl")


if __name__ == "__main__":
    sys.exit(main())
