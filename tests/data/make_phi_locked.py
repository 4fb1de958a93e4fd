"""Writes tests/data/phi_locked.jsonl: the locked PHI evaluation set (issue 15).

Written for Prescreen BEFORE the facility, eponym and prefixed-identifier
recognizers were tuned, and committed on its own so its history shows that.
Nothing in the recognizers may be tuned against it: development uses a
separate set (tests/data/make_phi_dev.py). bench/bench_phi.py evaluates it at
the end of a change.

Clinician-style texts: questions to a triage assistant, referral snippets,
transfer and discharge notes, telephone messages. Its templates, name lists,
facility names, towns and phrasings are its own: none come from
make_phi_clinical.py or from the recognizers' lexicons.

Every identifier is fictional by construction: surnames, saints, mountains,
towns and facilities are invented or combined at random; telephone numbers use
the 555-01xx range reserved for fiction; e-mail and web addresses use the
reserved ``example.*`` domains (RFC 2606); IP addresses come from the
documentation ranges (RFC 5737 / RFC 3849); the rest is random digits. Running
it again with the same seed writes the same file.

Each line: ``{"id", "kind": "phi"|"clean", "text", "spans": [{"entity_type",
"start", "end", "value"}]}`` with exclusive ends and ``text[start:end] ==
value``. Entity types are the scanner's (``core.phi.hipaa``) plus FACILITY
(healthcare facility names: i2b2's HOSPITAL; Safe Harbor identifier 2). The
18 Safe Harbor identifiers are all covered. ``clean`` texts carry no PHI but
are dense with medical eponyms (signs, reflexes, scores, diseases and
syndromes named after people), score and rule names that contain place names,
generic facility words ("the clinic", "the ER", "an urgent care"), ages up to
89 and bare years.

Usage: python tests/data/make_phi_locked.py [--seed 1515] [--out PATH] [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from pathlib import Path

SEED = 1515

# ---------------------------------------------------------------- people
FIRST = ["Maribel", "Desmond", "Ngozi", "Tobias", "Ingrid", "Rafael", "Siobhan", "Kenji", "Lucinda", "Anselm",
         "Beatriz", "Callum", "Dagny", "Emeka", "Florentina", "Gaspard", "Hyacinth", "Idris", "Jolanta", "Kwame",
         "Leocadia", "Matthias", "Noemi", "Osric", "Petra", "Quincy", "Rohan", "Saoirse", "Tadeo", "Ursula",
         "Vikram", "Winifred", "Yevgenia", "Zoltan", "Agnieszka", "Bartholomew", "Consuelo", "Dmitri", "Eilidh",
         "Farhan", "Greta", "Horatio", "Imogen", "Jasper", "Keziah", "Linnea", "Mateus", "Nadia", "Olwen", "Pilar",
         "Maria", "James", "Linda", "David", "Susan", "Robert", "Aisha", "Luis", "Mei", "Omar"]
LAST = ["Okonjo", "Vanterpool", "Halvorsen", "Drummond", "Achterberg", "Whitlock", "Castellano", "Nakashima",
        "Fairclough", "Ostrowski", "Delacroix-Mane", "Abernethy", "Blackwood", "Carrasco", "Dunleavy", "Everhart",
        "Fitzwilliam", "Gallowglass", "Hargreave", "Iwu", "Jankowski", "Kilbride", "Lindqvist", "Mbeki-Ross",
        "Northcott", "O'Halloran", "Pemberton", "Quayle", "Rasmussen", "Szabo", "Tremaine", "Villalobos",
        "Yardley", "Zdanowicz", "Ashdown", "Brightwell", "Corcoran", "Duquesne", "Gonzalez", "Nguyen", "Patel",
        "Okafor", "Kowalczyk", "Haddad", "Sorensen", "MacAulay", "Ferreira", "Abiodun", "Takahashi", "Moreau"]
# Surnames shared with medical eponyms: real people may carry them ("Mr. Parkinson", "Dr. Barrett").
EPONYM_SURNAMES = ["Parkinson", "Barrett", "Graves", "Cushing", "Murphy", "Hodgkin", "Addison", "Wilson", "Bell",
                   "Osler", "Baker", "Turner", "Whipple", "Foley", "Wells", "Apgar", "Crohn", "Holter"]

# ---------------------------------------------------------------- places
TOWNS = ["Tarrow Falls", "Quillfield", "Brenmoor", "Westmarch", "Kinross Valley", "Ashcombe", "Dunmore Heights",
         "Larkfield", "Carrowmere", "Pellston Ridge", "Hatherleigh", "Vintry Bay", "Marchbank", "Coldwater Junction",
         "Fenwick Hollow", "Greystoke", "Ravensworth", "Sallowfield", "Orrisdale", "Burnhope"]
STATES = ["Oregon", "Ohio", "Iowa", "Maine", "Texas", "Georgia", "Utah", "Vermont", "Kansas", "Montana"]
STATE_CODES = ["OR", "OH", "IA", "ME", "TX", "GA", "UT", "VT", "KS", "MT"]
STREET_NAMES = ["Calder", "Wexcombe", "Brindle Oak", "Tannery", "Millrace", "Saffron Hill", "Cobbler's",
                "Lantern Ridge", "Greyhound", "Osprey Point", "Thimble", "Wickham Mill"]
STREET_SUFFIX = ["Street", "St.", "Avenue", "Ave", "Road", "Rd.", "Lane", "Drive", "Court", "Boulevard", "Way",
                 "Terrace", "Parkway", "Place"]

# ---------------------------------------------------------------- facilities
SAINTS = ["Aldric", "Wendeline", "Brannock", "Ottilie", "Cuthbert", "Fintan", "Odile", "Eustace", "Ansgar",
          "Petronella", "Hilarion", "Columba", "Remigius", "Scholastica", "Dunstan", "Gertrude", "Isidore", "Benedicta"]
MOUNTS = ["Carrowmore", "Elderslie", "Hesperus", "Ardwyn", "Caldbeck", "Orrin", "Sorrelby", "Tabbard"]
FACILITY_WORDS = ["Pinecrest", "Larkspur", "Bellwether", "Cobalt Ridge", "Holloway", "Evermere", "Northgate",
                  "Greyfriars", "Tamberlane", "Kestrel Valley", "Brightwater", "Alder Creek", "Silverbirch",
                  "Harbourview", "Foxglove", "Meadowlark", "Riverbend", "Stonebridge", "Wintergreen", "Hollyfield"]
HOSPITAL_HEADS = ["Hospital", "Medical Center", "Regional Medical Center", "Health Center", "Memorial Hospital",
                  "Community Hospital", "General Hospital", "Medical Centre", "Infirmary", "Regional Hospital"]
SPECIALTY_HEADS = ["Cancer Center", "Heart Institute", "Dialysis Center", "Behavioral Health", "Rehabilitation Hospital",
                   "Nursing and Rehabilitation Center", "Surgery Center", "Urgent Care", "Pediatrics",
                   "Women's Clinic", "Eye Institute", "Orthopedic Associates", "Family Medicine", "Hospice",
                   "Medical Group", "Care Center", "Free Clinic", "Birth Center", "Health Clinic", "Imaging Center",
                   "Sleep Center", "Wound Care Center", "Psychiatric Hospital", "Recovery Center"]


def _saint(rng: random.Random) -> str:
    saint = rng.choice(SAINTS)
    title = rng.choice(["St.", "St", "Saint", "St."])
    form = rng.random()
    if form < 0.3:
        return f"{title} {saint}'s"
    if form < 0.55:
        return f"{title} {saint}'s {rng.choice(['Hospital', 'Medical Center', 'Infirmary', 'Hospice'])}"
    return f"{title} {saint} {rng.choice(HOSPITAL_HEADS + ['Mercy Hospital', 'Regional', 'Children’s Hospital'])}"


def _mount(rng: random.Random) -> str:
    title = rng.choice(["Mount", "Mt.", "Mt", "Mount"])
    name = rng.choice(MOUNTS)
    return f"{title} {name}" + rng.choice(["", " Hospital", " Medical Center", " Regional", " General Hospital",
                                           " Health System"])


def _general(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    return f"{town} " + rng.choice(["General", "General Hospital", "Memorial", "Memorial Hospital", "Community Hospital",
                                    "Regional Medical Center", "Regional", "Medical Center", "Hospital", "County Hospital"])


def _named(rng: random.Random) -> str:
    last, first = rng.choice(LAST), rng.choice(FIRST)
    return rng.choice([f"{last} Health Center", f"{last} Family Health Center", f"{first} {last} Memorial Hospital",
                       f"{last} Clinic", f"{last} Community Health Center", f"{last} Memorial", f"{last} Institute",
                       f"{last}-{rng.choice(LAST)} Medical Center"])


def _abbreviation(rng: random.Random) -> str:
    letters = "ABCDEFGKLMNPRSTVW"
    while True:
        suffix = rng.choice(["H", "MC", "MC", "GH", "RMC", "CH", "HC", "MH"])
        stem = "".join(rng.choice(letters) for _ in range(rng.randint(2 if suffix == "H" else 1, 3)))
        if stem + suffix not in ("PMH", "FMH", "SMH"):  # clinical shorthand (past/family/social history)
            return stem + suffix


def _specialty(rng: random.Random) -> str:
    word = rng.choice(FACILITY_WORDS + TOWNS)
    return f"{word} {rng.choice(SPECIALTY_HEADS)}"


def _university(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    return rng.choice([f"University of {town} Medical Center", f"{town} University Hospital",
                       f"Children's Hospital of {town}", f"{town} Children's", f"{town} VA Medical Center",
                       f"{town} VAMC", f"University of {town} Hospitals"])


def _care_home(rng: random.Random) -> str:
    word = rng.choice(FACILITY_WORDS)
    return rng.choice([f"{word} Manor", f"{word} Care Home", f"{word} Assisted Living", f"{word} Nursing Home",
                       f"{word} Senior Living", f"The {word} Skilled Nursing Facility"])


FACILITY_FORMS = {"saint": _saint, "mount": _mount, "general": _general, "named": _named, "abbr": _abbreviation,
                  "specialty": _specialty, "university": _university, "carehome": _care_home}
FACILITY_WEIGHTS = {"saint": 3, "mount": 2, "general": 3, "named": 2, "abbr": 2, "specialty": 3, "university": 2,
                    "carehome": 1}


def facility(rng: random.Random, variant: str) -> str:
    if variant in FACILITY_FORMS:
        return FACILITY_FORMS[variant](rng)
    forms = [f for f, w in FACILITY_WEIGHTS.items() for _ in range(w)]
    return FACILITY_FORMS[rng.choice(forms)](rng)


# ---------------------------------------------------------------- values
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def upper(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(n))


def person(rng: random.Random, variant: str) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    if variant == "eponym":
        return rng.choice(EPONYM_SURNAMES)
    style = variant or rng.choice(["full", "full", "last", "initial", "middle"])
    return {"full": f"{first} {last}", "last": last, "initial": f"{first[0]}. {last}", "first": first,
            "middle": f"{first} {rng.choice(string.ascii_uppercase)}. {last}", "comma": f"{last}, {first}"}[style]


def date(rng: random.Random, variant: str) -> str:
    y, m, d = rng.randint(1929, 2025), rng.randint(1, 12), rng.randint(1, 28)
    style = variant or rng.choice(["us", "us", "short", "iso", "long", "abbr", "dmy", "ordinal", "monthday",
                                   "monthyear", "dotted"])
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return {"us": f"{m}/{d}/{y}", "short": f"{m:02d}/{d:02d}/{y % 100:02d}", "iso": f"{y}-{m:02d}-{d:02d}",
            "long": f"{MONTHS[m - 1]} {d}, {y}", "abbr": f"{MONTHS[m - 1][:3]}. {d}, {y}",
            "dmy": f"{d} {MONTHS[m - 1][:3]} {y}", "ordinal": f"{d}{suffix} of {MONTHS[m - 1]}",
            "monthday": f"{MONTHS[m - 1]} {d}", "monthyear": f"{MONTHS[m - 1]} {y}", "dotted": f"{d:02d}.{m:02d}.{y}",
            "slash": f"{m}/{d}"}[style]


def age(rng: random.Random, variant: str) -> str:
    return str(rng.randint(90, 104))


def street(rng: random.Random, variant: str) -> str:
    base = f"{rng.randint(3, 12999)} {rng.choice(['', '', 'N. ', 'West ', 'SE '])}{rng.choice(STREET_NAMES)} " \
           f"{rng.choice(STREET_SUFFIX)}"
    if rng.random() < 0.3:
        base += rng.choice([", Apt ", " Apt. ", ", Unit ", ", Suite ", " #"]) + f"{rng.randint(1, 30)}{rng.choice(['', 'A', 'D'])}"
    return base


def phone(rng: random.Random, variant: str) -> str:
    area, line = rng.randint(210, 979), f"01{rng.randint(0, 99):02d}"
    return rng.choice([f"({area}) 555-{line}", f"{area}-555-{line}", f"{area}.555.{line}", f"{area} 555 {line}",
                       f"1-{area}-555-{line}"])


def ssn(rng: random.Random, variant: str) -> str:
    area = rng.choice([a for a in range(120, 770) if a != 666])
    group, serial = rng.randint(11, 98), rng.randint(1001, 9998)
    return rng.choice([f"{area}-{group}-{serial}", f"{area} {group} {serial}", f"{area}-{group}-{serial}"])


def mrn(rng: random.Random, variant: str) -> str:
    return rng.choice([digits(rng, 7), digits(rng, 9), f"{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 3)}",
                       f"M{digits(rng, 8)}", f"{upper(rng, 2)}{digits(rng, 6)}", f"00{digits(rng, 6)}"])


def health_plan(rng: random.Random, variant: str) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    mbi = (f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters + '0123456789')}{rng.randint(0, 9)}"
           f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"
           f"{rng.randint(10, 99)}")
    return rng.choice([mbi, f"{upper(rng, 3)}{digits(rng, 9)}", f"{digits(rng, 11)}", f"H{digits(rng, 8)}-01",
                       f"{upper(rng, 2)}-{digits(rng, 7)}", f"ZQP{digits(rng, 6)}{upper(rng, 1)}"])


def account(rng: random.Random, variant: str) -> str:
    if variant == "card":
        return rng.choice(["4000 0566 5566 5556", "5105105105105100", "6011-0009-9013-9424", "3566 0020 2036 0505"])
    return rng.choice([digits(rng, 9), f"{digits(rng, 3)}-{digits(rng, 5)}-{digits(rng, 2)}", f"PA{digits(rng, 7)}",
                       f"HB-{digits(rng, 8)}"])


def licence(rng: random.Random, variant: str) -> str:
    if variant == "dea":
        return f"{rng.choice('ABFGM')}{upper(rng, 1)}{digits(rng, 7)}"
    if variant == "npi":
        return f"1{digits(rng, 9)}"
    return rng.choice([f"{upper(rng, 1)}{digits(rng, 8)}", f"{upper(rng, 2)}{digits(rng, 6)}", f"MD-{digits(rng, 5)}",
                       f"{digits(rng, 9)}", f"LPN{digits(rng, 5)}", f"BC-{digits(rng, 4)}-{digits(rng, 6)}"])


def vehicle(rng: random.Random, variant: str) -> str:
    if variant == "vin":
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        while True:
            vin = "".join(rng.choice(chars) for _ in range(17))
            if any(c.isdigit() for c in vin) and any(c.isalpha() for c in vin):
                return vin
    return rng.choice([f"{rng.randint(1, 9)}{upper(rng, 3)}{digits(rng, 3)}", f"{upper(rng, 3)} {digits(rng, 4)}",
                       f"{digits(rng, 3)}-{upper(rng, 3)}", f"{upper(rng, 2)}{digits(rng, 2)}{upper(rng, 3)}"])


def device(rng: random.Random, variant: str) -> str:
    return rng.choice([f"{upper(rng, 3)}{digits(rng, 6)}", f"{digits(rng, 4)}-{digits(rng, 4)}-{upper(rng, 2)}",
                       f"SN-{alnum(rng, 8)}", f"{digits(rng, 12)}", f"(01)0088{digits(rng, 10)}",
                       f"{upper(rng, 2)}{digits(rng, 2)}-{alnum(rng, 5)}"])


def email(rng: random.Random, variant: str) -> str:
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower().replace("'", "")
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}{rng.randint(2, 88)}", f"{first}_{last[:4]}"])
    return f"{user}@{rng.choice(['example.com', 'example.net', 'example.org', 'clinic.example.com', 'mail.example.net'])}"


def url(rng: random.Random, variant: str) -> str:
    return rng.choice([f"https://myhealth.example.com/u/{digits(rng, 7)}", f"http://www.example.net/~{rng.choice(LAST).lower()}",
                       f"https://photos.example.org/album/{alnum(rng, 6).lower()}",
                       f"www.example.com/profiles/{rng.choice(FIRST).lower()}-{rng.choice(LAST).lower()}",
                       f"https://example.org/track?pid={digits(rng, 6)}"])


def ip(rng: random.Random, variant: str) -> str:
    return rng.choice([f"192.0.2.{rng.randint(2, 250)}", f"198.51.100.{rng.randint(2, 250)}",
                       f"203.0.113.{rng.randint(2, 250)}", f"2001:db8:{rng.randint(1, 0xfff):x}::{rng.randint(1, 0xff):x}"])


def zip_code(rng: random.Random, variant: str) -> str:
    return f"{rng.randint(10001, 99899)}" + (f"-{digits(rng, 4)}" if rng.random() < 0.25 else "")


def other_id(rng: random.Random, variant: str) -> str:
    year = rng.randint(2016, 2025)
    forms = {
        "case": [f"CS-{year}-{digits(rng, 5)}", f"CASE-{digits(rng, 6)}", f"C-{digits(rng, 2)}-{digits(rng, 4)}"],
        "site": [f"SITE-{digits(rng, 3)}", f"ST-{digits(rng, 2)}-{upper(rng, 1)}", f"S{digits(rng, 2)}-{digits(rng, 3)}"],
        "accession": [f"ACC-{year % 100}-{digits(rng, 6)}", f"SP-{year % 100}-{digits(rng, 5)}",
                      f"{upper(rng, 2)}{year % 100}-{digits(rng, 5)}"],
        "rx": [f"RX-{digits(rng, 7)}", f"Rx{digits(rng, 6)}-{digits(rng, 2)}", f"RXN-{digits(rng, 4)}-{digits(rng, 3)}"],
        "order": [f"ORD-{digits(rng, 6)}", f"OR-{digits(rng, 5)}-{upper(rng, 1)}", f"LAB-{digits(rng, 7)}"],
        "study": [f"PRS-{digits(rng, 4)}", f"SUBJ-{digits(rng, 3)}-{digits(rng, 3)}", f"{upper(rng, 3)}-{digits(rng, 4)}"],
        "passport": [f"{upper(rng, 1)}{digits(rng, 8)}", f"{digits(rng, 9)}"],
        "claim": [f"CLM-{digits(rng, 8)}", f"CL-{year}-{digits(rng, 6)}"],
        "referral": [f"REF-{digits(rng, 2)}-{digits(rng, 4)}", f"RF{digits(rng, 7)}"],
        "incident": [f"IR-{year}-{digits(rng, 3)}", f"INC-{digits(rng, 6)}"],
    }
    return rng.choice(forms.get(variant) or [v for vs in forms.values() for v in vs])


VALUES = {
    "PERSON": person, "DATE": date, "AGE_OVER_89": age, "STREET_ADDRESS": street,
    "LOCATION": lambda r, v: r.choice(TOWNS), "ZIP_CODE": zip_code, "FACILITY": facility,
    "PHONE_NUMBER": phone, "FAX_NUMBER": phone, "EMAIL_ADDRESS": email, "US_SSN": ssn,
    "MEDICAL_RECORD_NUMBER": mrn, "HEALTH_PLAN_NUMBER": health_plan, "ACCOUNT_NUMBER": account,
    "LICENSE_NUMBER": licence, "VEHICLE_ID": vehicle, "DEVICE_ID": device, "URL": url, "IP_ADDRESS": ip,
    "OTHER_ID": other_id,
    "BIOMETRIC": lambda r, v: r.choice(["fingerprint", "thumbprint", "palm print", "voiceprint", "iris scan",
                                        "retina scan", "facial recognition template", "palm-vein scan"]) if not v
    else v.replace("_", " "),
    "PHOTO": lambda r, v: r.choice(["full-face photo", "facial photograph", "face photo", "photo ID",
                                    "headshot", "passport photo", "selfie"]) if not v else v.replace("_", " "),
}

# ---------------------------------------------------------------- clinical fillers (never PHI)
DRUGS = ["apixaban", "warfarin", "metoprolol succinate", "tamsulosin", "donepezil", "levetiracetam", "sacubitril-valsartan",
         "insulin detemir", "empagliflozin", "clopidogrel", "amiodarone", "methimazole", "carbidopa-levodopa",
         "mesalamine", "hydroxyurea", "rivaroxaban", "spironolactone", "pantoprazole", "quetiapine", "nitrofurantoin",
         "Keppra", "Sinemet", "Aricept", "Xarelto", "Entresto", "Synthroid", "Humira", "Dupixent"]
# Medical eponyms, by what they are, so each template can use them grammatically.
DISEASES = ["Parkinson's disease", "Cushing syndrome", "Graves disease", "Hodgkin lymphoma", "Kawasaki disease",
            "Guillain-Barré syndrome", "Bell's palsy", "Crohn's disease", "Addison's disease", "Hashimoto thyroiditis",
            "Alzheimer disease", "Huntington disease", "Tourette syndrome", "Down syndrome", "Marfan syndrome",
            "Turner syndrome", "Wilson disease", "Raynaud phenomenon", "Sjögren syndrome", "Kaposi sarcoma",
            "Burkitt lymphoma", "a Wilms tumor", "Ewing sarcoma", "Barrett esophagus", "a Mallory-Weiss tear",
            "a Zenker diverticulum", "a Meckel diverticulum", "Hirschsprung disease", "Osgood-Schlatter disease",
            "a Colles fracture", "a Jones fracture", "a Bennett fracture", "a Baker's cyst", "Dupuytren contracture",
            "Brugada syndrome", "Wolff-Parkinson-White syndrome", "Mobitz type II block", "Wenckebach block",
            "Takotsubo cardiomyopathy", "Prinzmetal angina", "Ludwig angina", "Stevens-Johnson syndrome",
            "Horner syndrome", "Wernicke encephalopathy", "Korsakoff syndrome", "Tay-Sachs disease",
            "Paget disease of bone", "Peyronie disease", "Ménière disease", "Legionnaires' disease",
            "von Willebrand disease", "Budd-Chiari syndrome", "Zollinger-Ellison syndrome", "Conn syndrome",
            "Sheehan syndrome", "Klinefelter syndrome", "Noonan syndrome", "Ehlers-Danlos syndrome",
            "Duchenne muscular dystrophy", "Lou Gehrig's disease", "Creutzfeldt-Jakob disease", "Buerger disease",
            "Behçet disease", "Still's disease", "Kienböck disease", "Scheuermann kyphosis", "Erb's palsy",
            "a Lisfranc injury", "a Monteggia fracture", "a Galeazzi fracture", "a Salter-Harris II fracture",
            "a Hill-Sachs lesion", "a Bankart lesion", "Hashimoto's", "Graves' ophthalmopathy", "Cushing's disease",
            "Addisonian crisis", "a Bartholin cyst", "a Pancoast tumor", "Kawasaki shock syndrome", "Reye syndrome",
            "Lambert-Eaton syndrome", "Charcot-Marie-Tooth disease", "Friedreich ataxia", "Fournier gangrene"]
SIGNS = ["a positive Babinski sign", "Murphy's sign", "McBurney's point tenderness", "Kernig sign", "Brudzinski sign",
         "Homans sign", "Trousseau sign", "Chvostek sign", "a positive Romberg", "a positive Lachman test",
         "a positive McMurray test", "a positive Phalen test", "Tinel sign", "a positive Finkelstein test",
         "Heberden nodes", "Bouchard nodes", "Osler nodes", "Janeway lesions", "Roth spots", "a Virchow node",
         "a Sister Mary Joseph nodule", "Kussmaul breathing", "Cheyne-Stokes respirations", "Beck's triad",
         "Cushing's triad", "Charcot's triad", "Reynolds pentad", "Gowers sign", "Nikolsky sign",
         "the Koebner phenomenon", "Kehr sign", "Cullen sign", "Grey Turner sign", "Rovsing sign", "Blumberg sign",
         "Levine sign", "Kussmaul sign", "Quincke pulse", "Corrigan pulse", "an Austin Flint murmur",
         "Argyll Robertson pupils", "a Marcus Gunn pupil", "Lhermitte sign", "Uhthoff phenomenon", "Hoffmann sign",
         "a brisk Moro reflex", "a positive Spurling test", "a positive Neer test", "a positive Thompson test",
         "Battle sign", "raccoon eyes", "Kerley B lines", "Hampton's hump", "Westermark sign", "Auer rods",
         "Reed-Sternberg cells", "Howell-Jolly bodies", "Heinz bodies", "Bence Jones protein", "a positive Coombs test",
         "Virchow's triad", "Trendelenburg gait", "a positive Hawkins-Kennedy test", "Dix-Hallpike positive nystagmus"]
SCORES = ["the Glasgow Coma Scale", "the Apgar score", "the Wells score", "the Ranson criteria", "the Child-Pugh score",
          "the CURB-65 score", "the Centor score", "the Alvarado score", "the HEART score", "the Caprini score",
          "the Braden scale", "the Morse fall scale", "the Bishop score", "the Duke criteria", "the Jones criteria",
          "Light's criteria", "the Beers criteria", "the Mallampati class", "the Gleason score", "the Breslow depth",
          "Ann Arbor staging", "Tanner staging", "the Ballard score", "the Wells criteria for DVT",
          "the Hunt and Hess scale", "the Fisher grade", "the Spetzler-Martin grade", "the Killip class",
          "the Forrester classification", "the Mallampati score", "the Salter-Harris classification",
          "the Parkland formula", "the Friedewald equation", "the Cockcroft-Gault equation", "the Bazett formula",
          "the Ottawa ankle rules", "the Canadian CT head rule", "the San Francisco syncope rule",
          "the Rochester criteria", "the Boston bowel preparation scale", "the Manchester triage system",
          "the Geneva score", "the Glasgow-Blatchford score", "the Philadelphia criteria",
          "the Edinburgh Postnatal Depression Scale", "the Richmond Agitation-Sedation Scale",
          "the Toronto Bedside Swallowing Test", "the Seattle Heart Failure Model", "the New York Heart Association class",
          "the Vancouver Scar Scale", "the Oxford knee score", "the Mayo score", "the Baltimore criteria",
          "the Denver developmental screen", "the Kingston frailty scale"]
PLACE_DISEASES = ["Lyme disease", "Rocky Mountain spotted fever", "West Nile virus", "Norwalk virus", "Coxsackie virus",
                  "Marburg virus", "Ebola", "Zika", "Lassa fever", "Chagas disease", "Japanese encephalitis",
                  "Middle East respiratory syndrome", "Spanish flu", "Hong Kong flu"]
PROCEDURES = ["a Whipple procedure", "a Nissen fundoplication", "a Roux-en-Y gastric bypass", "the Heimlich maneuver",
              "a Valsalva maneuver", "the Epley maneuver", "a Dix-Hallpike test", "Trendelenburg positioning",
              "a Foley catheter", "a Swan-Ganz catheter", "a Hickman line", "a Holter monitor", "a Kocher incision",
              "a Pfannenstiel incision", "a Hartmann procedure", "a Billroth II", "a Tenckhoff catheter",
              "a Mantoux test", "a Pap smear", "a Gram stain", "a Ziehl-Neelsen stain", "a Tzanck smear",
              "a Denver shunt", "a Minnesota tube", "a Sengstaken-Blakemore tube", "a Jackson-Pratt drain",
              "a Steri-Strip closure", "a Snellen chart", "Weber and Rinne tests", "a Schirmer test", "an Allen test",
              "the Barlow and Ortolani maneuvers", "a Yankauer suction", "a Luer lock syringe", "a Bovie"]
GENERIC_PLACES = ["the clinic", "the ER", "an urgent care", "the ED", "an outpatient clinic", "the ICU",
                  "a nursing home", "a skilled nursing facility", "the cath lab", "the dialysis unit",
                  "a community health center", "the Emergency Department", "Labor and Delivery",
                  "the children's hospital", "a Level I trauma center", "the pharmacy", "Poison Control",
                  "the walk-in clinic", "the Heart Failure Clinic", "the Anticoagulation Clinic", "the pediatric ICU",
                  "the hospital", "an inpatient rehab unit", "the infusion center", "a free clinic",
                  "the local hospital", "the county health department", "the Diabetes Clinic", "a hospice",
                  "the OR", "the PACU", "the step-down unit", "Radiology", "the sleep lab", "the wound clinic",
                  "the behavioral health unit", "an assisted living facility", "the Cardiology Clinic",
                  "the Internal Medicine Clinic", "the Urgent Care", "the Medical ICU", "the Burn Unit",
                  "Telemetry", "the Infectious Disease clinic", "a tertiary care center", "the main campus",
                  "the community hospital", "the regional trauma center", "the VA", "a federally qualified health center"]
SCORE_NAMES = ["GCS 14", "NIHSS 6", "qSOFA 2", "CHA2DS2-VASc 4", "HAS-BLED 2", "PHQ-9 of 17", "GAD-7 of 9",
               "MMSE 22/30", "MoCA 24", "CIWA-Ar 12", "COWS 9", "APACHE II 18", "SOFA 5", "MELD 21", "TIMI 3",
               "PERC negative", "ABCD2 score 4", "mRS 2", "Apgar 8 and 9", "Bishop 6", "Wells 4.5", "Centor 3"]


def _n(lo: int, hi: int):
    return lambda r: str(r.randint(lo, hi))


FILLERS = {
    "age": _n(1, 89), "adult": _n(19, 89), "year": _n(1988, 2025), "n": _n(2, 14), "hr": _n(44, 148),
    "bp": lambda r: f"{r.randint(88, 196)}/{r.randint(50, 118)}", "spo2": _n(82, 100),
    "temp": lambda r: f"{r.uniform(35.8, 40.4):.1f}", "drug": lambda r: r.choice(DRUGS),
    "disease": lambda r: r.choice(DISEASES + PLACE_DISEASES), "sign": lambda r: r.choice(SIGNS),
    "scale": lambda r: r.choice(SCORES), "proc": lambda r: r.choice(PROCEDURES),
    "place_disease": lambda r: r.choice(PLACE_DISEASES), "child": _n(1, 17),
    "generic": lambda r: r.choice(GENERIC_PLACES), "score": lambda r: r.choice(SCORE_NAMES),
    "state": lambda r: r.choice(STATES), "st": lambda r: r.choice(STATE_CODES),
    "sex": lambda r: r.choice(["man", "woman", "male", "female", "M", "F", "boy", "girl"]),
    "ago": lambda r: r.choice(["three days ago", "since Sunday", "overnight", "for two weeks", "since last Friday",
                               "this afternoon", "about 36 hours ago", "for 4 months", "since the weekend"]),
    "dose": lambda r: r.choice(["2.5 mg BID", "25 mg daily", "500 mg q12h", "0.1 mg", "10 units qHS", "81 mg",
                                "1 g IV q8h", "50 mcg daily"]),
    "lab": lambda r: r.choice(["K 5.9", "Na 128", "Hgb 7.4", "troponin 0.42", "lactate 4.1", "INR 3.8",
                               "creatinine 2.3", "WBC 18.2", "glucose 412", "TSH 0.02", "BNP 1,840", "D-dimer 2.1"]),
    "icd": lambda r: r.choice(["G20", "E05.00", "C81.90", "K22.70", "E24.9", "N39.0", "I48.91", "M17.11"]),
    "year_ago": lambda r: r.choice(["in 2009", "in 2017", "back in 1998", "since 2021", "in 2012", "around 2004"]),
}

# ---------------------------------------------------------------- templates
# Facility names in many settings: transfers, referrals, questions, records requests.
FACILITY_TEMPLATES = [
    "Pt transferred from {FACILITY} ED with suspected {=disease}; please advise on workup.",
    "Can I restart {=drug} in a {=adult} yo who was just discharged from {FACILITY}?",
    "Referral received from {FACILITY} for evaluation of {=disease}.",
    "She was admitted to {FACILITY} {=ago} for a COPD flare and left AMA.",
    "Outside records from {FACILITY} show {=lab} on arrival.",
    "Seen at {FACILITY:saint} last month for chest pain, negative stress test.",
    "Husband says she gets all her care at {FACILITY:mount}.",
    "Transfer accepted to {FACILITY:general} ICU; {=score} at handoff.",
    "EMS diverted to {FACILITY:general} because {=generic} was on bypass.",
    "Prior echo done at {FACILITY:abbr}, EF 30%.",
    "Pt followed by oncology at {FACILITY:specialty} for {=disease}.",
    "Discharged to {FACILITY:carehome} for short-term rehab.",
    "Lives at {FACILITY:carehome}; staff report new confusion {=ago}.",
    "Was a patient at {FACILITY:university} until {DATE:monthyear}.",
    "Labs drawn at {FACILITY:named} on {DATE}: {=lab}.",
    "Do you have the number for {FACILITY:specialty}? They want to send over his imaging.",
    "Mother delivered at {FACILITY} at 38 weeks, Apgar 8 and 9.",
    "Patient states {FACILITY:saint} told her to stop {=drug} before surgery.",
    "Brought in from {FACILITY:carehome} with a fever of {=temp} and {=score}.",
    "Pt has a dialysis chair at {FACILITY:specialty} MWF.",
    "Records request sent to {FACILITY} medical records, fax {FAX_NUMBER}.",
    "Is it safe to give contrast? Creatinine was 2.1 at {FACILITY:abbr} yesterday.",
    "Seen by cardiology at {FACILITY:university}; planning ablation for {=disease}.",
    "He works nights as a tech at {FACILITY:general}.",
    "Wife is a nurse at {FACILITY:mount} and is worried about sepsis.",
    "Second opinion requested from {FACILITY:specialty} regarding {=disease}.",
    "Biopsy read at {FACILITY} as {=disease}.",
    "Went to {=generic} first, then was sent on to {FACILITY:general}.",
    "Went to {FACILITY:specialty} last week for the same cough, given azithromycin.",
    "Follows with PCP at {FACILITY:named}, last visit {DATE:monthyear}.",
    "Prenatal care at {FACILITY:specialty}; plans to deliver at {FACILITY:saint}.",
    "Inpatient psych stay at {FACILITY:specialty} in {DATE:monthyear}.",
    "MRI from {FACILITY:abbr} read as {=disease}.",
    "Transferred {FACILITY:abbr} -> {FACILITY:university} for neurosurgical evaluation.",
    "Mom says the pediatrician at {FACILITY:named} diagnosed {=disease}.",
    "Sent home from {FACILITY:saint} with {=drug} {=dose}; symptoms persisted.",
    "He had his CABG at {FACILITY:mount} in {=year}.",
    "Question from a nurse at {FACILITY:carehome}: resident refusing {=drug}, what now?",
    "Patient receives infusions at {FACILITY:specialty} every 8 weeks.",
    "Admitted {DATE:us} to {FACILITY:general}, discharged {DATE:us}.",
    "PT/OT at {FACILITY:specialty} twice weekly after the fall.",
    "Obtained outside films from {FACILITY}; no fracture.",
    "Pt would prefer to be transferred to {FACILITY:university} where her oncologist is.",
    "Daughter drove him from {FACILITY:general} because the wait was 9 hours.",
    "Hospice intake from {FACILITY:specialty} requested comfort meds.",
    "Vaccines up to date per records from {FACILITY:named}.",
    "Reports being seen at {FACILITY} and {FACILITY} for the same complaint.",
    "Last colonoscopy at {FACILITY:abbr} in {=year} showed {=disease}.",
    "Staff at {FACILITY:carehome} called about a fall; resident is {AGE_OVER_89}.",
    "Pt had a stroke workup at {FACILITY:university}; {=score} on arrival.",
    "She used to work at the front desk at {FACILITY:named}.",
    "Was told at {FACILITY:saint} it was {=disease}, but symptoms are worse.",
    "Discharge summary from {FACILITY:mount} lists {=disease}.",
    "Seen in the ED at {FACILITY:general} on {DATE:monthday} for syncope.",
    "Transferred by helicopter from {FACILITY:general} to {FACILITY:abbr}.",
    "Fax from {FACILITY:specialty}: PET scan positive, see attached.",
    "Patient got a flu shot at {FACILITY:specialty} {=ago}.",
    "Coordinating with the case manager at {FACILITY:saint} about placement.",
    "{FACILITY:general} called: blood cultures growing gram-positive cocci.",
    "{FACILITY:saint} reports a critical potassium of 6.4 on this patient.",
    "{FACILITY:abbr} lab called with a troponin of 1.2.",
    "Any concern with {=drug} for a patient getting {=proc} at {FACILITY:university}?",
    "Prior hip replacement at {FACILITY:specialty} in {=year}, uncomplicated.",
    "Moved here from {LOCATION}; old records are at {FACILITY:general}.",
    "Pt was at {FACILITY} in {LOCATION} for two weeks after the MVC.",
    "Previously treated at {FACILITY:named} in {LOCATION}, {=state}.",
    "Planned transfer to {FACILITY:mount} in {LOCATION} once bed available.",
    "Had {=proc} at {FACILITY:saint}; {=sign} on exam today.",
    "Outside ECG from {FACILITY:abbr} shows {=disease}.",
    "Received {=drug} at {FACILITY:specialty} before coming to {=generic}.",
]

# Names, including surnames shared with eponyms.
NAME_TEMPLATES = [
    "Spoke with Dr. {PERSON:last} on call for neurology about {=disease}.",
    "Patient {PERSON} asks whether {=drug} interacts with grapefruit.",
    "Mr. {PERSON:eponym} has {=disease} and a new tremor; can his {=drug} be increased?",
    "Dr. {PERSON:eponym} wants a callback about the Wells score on bed 4.",
    "Mrs. {PERSON:eponym} reports her {=disease} is worse since the dose change.",
    "Ms. {PERSON:eponym}, seen last week, now with {=sign}.",
    "Patient's son, {PERSON:full}, is the health care proxy.",
    "Per {PERSON:full}, RN, the pt fell twice overnight.",
    "Referring provider: {PERSON:full}, MD.",
    "{PERSON:full} is a {=adult} yo {=sex} with {=disease} presenting with fever.",
    "Called {PERSON:first}'s mother back re: rash; she prefers texts.",
    "Left voicemail for {PERSON:full} about the abnormal Pap smear.",
    "Consult placed to Dr. {PERSON:initial} in GI for suspected {=disease}.",
    "Nurse {PERSON:last} noticed {=sign} after the thyroidectomy.",
    "Pt's wife {PERSON:first} says he has been confused since Tuesday.",
    "Dr {PERSON:last} and Dr {PERSON:last} agree with admission.",
    "Attending {PERSON:full} signed the note; {=score}.",
    "{PERSON:middle}, DOB {DATE}, presents with {=disease}.",
    "Care manager {PERSON:full} can be reached at {PHONE_NUMBER}.",
    "Interpreter {PERSON:full} present for the whole visit.",
    "Mr. {PERSON:last} reports palpitations; Holter monitor ordered.",
    "Question from {PERSON:full}, NP: is the HEART score valid in renal failure?",
    "Case discussed with Dr. {PERSON:eponym} (hepatology), who recommends TIPS evaluation.",
    "Family friend {PERSON:full} drove the patient in.",
]

DATE_AGE_TEMPLATES = [
    "DOB {DATE:us}; last tetanus {DATE:monthyear}.",
    "Last seen on {DATE:long} with {=disease}.",
    "Surgery scheduled {DATE:abbr} at 0730.",
    "Symptom onset {DATE:monthday}, worse {=ago}.",
    "LMP {DATE:short}, home pregnancy test positive.",
    "Born {DATE:iso}, ex-34 weeker.",
    "Started {=drug} on the {DATE:ordinal}, stopped it after a rash.",
    "Died {DATE:dmy} at home under hospice care.",
    "Next INR check {DATE:slash}.",
    "Date of injury: {DATE:dotted}.",
    "Can I give a {AGE_OVER_89}-year-old {=drug}? Her eGFR is 28.",
    "{AGE_OVER_89} yo F with {=disease} and new dysphagia.",
    "Pt is a {AGE_OVER_89} y/o man from a nursing home with {=score}.",
    "Her father, age {AGE_OVER_89}, lives with them and has {=disease}.",
    "Very independent for {AGE_OVER_89}: still drives and golfs.",
    "Aged {AGE_OVER_89}, DNR/DNI, on {=drug}.",
    "{AGE_OVER_89}-year-old with a hip fracture after a fall on {DATE:monthday}.",
    "Grandmother is {AGE_OVER_89} years old and had {=disease} {=year_ago}.",
    "Patient turned {AGE_OVER_89} on {DATE:monthday}.",
]

GEO_TEMPLATES = [
    "Pt lives at {STREET_ADDRESS}, {LOCATION}, {=st} {ZIP_CODE}.",
    "Home health visit at {STREET_ADDRESS}; gate code in chart.",
    "Found down outside {STREET_ADDRESS} by a neighbor.",
    "Just moved to {LOCATION} from {=state}; needs a new PCP.",
    "Commutes from {LOCATION} for dialysis three times a week.",
    "Family lives in {LOCATION} and can take her home.",
    "Send the DME to {STREET_ADDRESS}, {LOCATION} {ZIP_CODE}.",
    "ZIP {ZIP_CODE}; qualifies for the rural transport program.",
    "Originally from {LOCATION}, worked in a feed mill for 30 years.",
    "Mailing address on file is {STREET_ADDRESS}.",
    "Zip code is {ZIP_CODE}, which is outside our service area.",
]

CONTACT_TEMPLATES = [
    "Callback {PHONE_NUMBER}, okay to leave a message.",
    "Daughter's cell is {PHONE_NUMBER}.",
    "Please call me at {PHONE_NUMBER} with the culture results.",
    "Pharmacy phone {PHONE_NUMBER}, fax {FAX_NUMBER}.",
    "Fax the signed orders to {FAX_NUMBER}.",
    "Send the referral by fax: {FAX_NUMBER}.",
    "Her e-mail is {EMAIL_ADDRESS}, she checks it daily.",
    "Patient emailed from {EMAIL_ADDRESS} asking about {=disease}.",
    "Reply to {EMAIL_ADDRESS} with the lab requisition.",
    "Son prefers email: {EMAIL_ADDRESS}.",
    "Send the after-visit summary to {EMAIL_ADDRESS} please.",
]

NUMBER_TEMPLATES = [
    "SSN {US_SSN} needed for the disability paperwork.",
    "Social Security no. {US_SSN} on the intake form.",
    "Verify SSN: {US_SSN} before submitting the Medicaid application.",
    "SS# {US_SSN} provided by the daughter for the forms.",
    "MRN {MEDICAL_RECORD_NUMBER}; hx of {=disease}.",
    "Chart number {MEDICAL_RECORD_NUMBER} at the outside hospital.",
    "Pt MRN: {MEDICAL_RECORD_NUMBER}. {=score}.",
    "Medical record # {MEDICAL_RECORD_NUMBER} merged with the duplicate.",
    "Medicare ID {HEALTH_PLAN_NUMBER}, secondary is Medicaid.",
    "Member ID {HEALTH_PLAN_NUMBER} for the prior auth.",
    "Insurance policy # {HEALTH_PLAN_NUMBER}, group 00412.",
    "Medicaid number {HEALTH_PLAN_NUMBER} expired; reapplying.",
    "Account # {ACCOUNT_NUMBER} sent to collections.",
    "Billing acct {ACCOUNT_NUMBER}; self-pay discount applied.",
    "Paid by card {ACCOUNT_NUMBER:card}.",
    "Patient account number {ACCOUNT_NUMBER} has a credit balance.",
    "DEA # {LICENSE_NUMBER:dea} on the controlled-substance script.",
    "Prescriber NPI {LICENSE_NUMBER:npi}.",
    "Driver's license {LICENSE_NUMBER} used to verify identity.",
    "State license number {LICENSE_NUMBER} for the home health aide.",
    "VIN {VEHICLE_ID:vin} listed on the crash report.",
    "Plate {VEHICLE_ID} per the trooper at the scene.",
    "His truck, VIN {VEHICLE_ID:vin}, was towed from the scene.",
    "License plate number {VEHICLE_ID} of the car that struck him.",
    "ICD serial number {DEVICE_ID}; last interrogation normal.",
    "Insulin pump serial {DEVICE_ID} replaced under warranty.",
    "Cochlear implant device ID {DEVICE_ID}.",
    "Home ventilator S/N {DEVICE_ID} alarming.",
]

# Prefixed identifiers: case, site, accession, prescription, order, study, claim, referral numbers.
OTHER_ID_TEMPLATES = [
    "Case number {OTHER_ID:case} opened with adult protective services.",
    "APS case #{OTHER_ID:case}, worker assigned.",
    "Study site ID {OTHER_ID:site}; subject enrolled yesterday.",
    "Site number {OTHER_ID:site} for the heart failure registry.",
    "Accession number {OTHER_ID:accession} for the frozen section.",
    "Path accession {OTHER_ID:accession}: {=disease}.",
    "Specimen ID {OTHER_ID:accession} was hemolyzed, redraw needed.",
    "Rx # {OTHER_ID:rx} for {=drug} was never picked up.",
    "Prescription number {OTHER_ID:rx} transferred to the mail-order pharmacy.",
    "Order number {OTHER_ID:order} for the CT was cancelled.",
    "Lab order {OTHER_ID:order} pending collection.",
    "Study ID {OTHER_ID:study}, randomized to arm B.",
    "Research participant {OTHER_ID:study} withdrew consent.",
    "Passport no. {OTHER_ID:passport} copied for the travel clinic.",
    "Claim number {OTHER_ID:claim} denied for missing prior auth.",
    "Referral number {OTHER_ID:referral} expires in 30 days.",
    "Incident report {OTHER_ID:incident} filed after the fall.",
    "Workers' comp claim {OTHER_ID:claim}, adjuster notified.",
]

WEB_BIO_TEMPLATES = [
    "Patient shared photos at {URL} of the rash.",
    "Glucose readings are uploaded to {URL}.",
    "Her blog at {URL} describes the seizures in detail.",
    "Video visit connected from {IP_ADDRESS}.",
    "Portal access from IP {IP_ADDRESS} locked after 5 attempts.",
    "Remote monitoring hub reports from {IP_ADDRESS} every hour.",
    "{BIOMETRIC:Fingerprint} scan required to open the med room.",
    "Patient enrolled a {BIOMETRIC} for the pharmacy kiosk.",
    "Identity confirmed by {BIOMETRIC} at the methadone window.",
    "Employee health keeps a {BIOMETRIC} on file for the time clock.",
    "{PHOTO:Full-face photo} taken at registration for the chart.",
    "Please attach the {PHOTO} to the wound consult.",
    "Dermatology asked for a {PHOTO} before the teledermatology visit.",
    "Mom sent a {PHOTO} of the baby's face for the rash question.",
]

# Notes mixing several identifiers.
MIXED_TEMPLATES = [
    "{PERSON:full} ({AGE_OVER_89} yo), MRN {MEDICAL_RECORD_NUMBER}, transferred from {FACILITY} on {DATE}.",
    "Referral: {PERSON:full}, DOB {DATE:us}, to Dr. {PERSON:last} at {FACILITY:specialty}; fax {FAX_NUMBER}.",
    "Discharge from {FACILITY:saint} {DATE:us}; follow up with {PERSON:full} at {FACILITY:named}.",
    "Transfer note: {PERSON:full}, {FACILITY:abbr} -> {FACILITY:general}, accepting Dr. {PERSON:last}.",
    "Pt {PERSON:full} of {STREET_ADDRESS} seen at {FACILITY:mount} for {=disease}.",
    "Call {FACILITY:general} at {PHONE_NUMBER} for the outside records of {PERSON:full}.",
    "Dr. {PERSON:eponym} at {FACILITY:university} is following the patient's {=disease}.",
    "{PERSON:full}, member ID {HEALTH_PLAN_NUMBER}, Rx # {OTHER_ID:rx}, pharmacy fax {FAX_NUMBER}.",
    "Order {OTHER_ID:order} placed by {PERSON:full}, NP, at {FACILITY:specialty}.",
    "Per {FACILITY:carehome} staff, {PERSON:first} ({AGE_OVER_89}) has had {=disease} since {DATE:monthyear}.",
    "{PERSON:full}, SSN {US_SSN}, acct {ACCOUNT_NUMBER}, seen at {FACILITY:general} on {DATE:us}.",
    "Crash victim {PERSON:full}, plate {VEHICLE_ID}, taken to {FACILITY:general}; {=score}.",
    "Device check for {PERSON:full}: pacemaker serial {DEVICE_ID}, clinic {FACILITY:specialty}.",
    "Prescriber {PERSON:full}, DEA {LICENSE_NUMBER:dea}, {FACILITY:named}, phone {PHONE_NUMBER}.",
    "Portal user {EMAIL_ADDRESS} logged in from {IP_ADDRESS}; uploaded {URL}.",
    "{PERSON:full}, MRN {MEDICAL_RECORD_NUMBER}, Medicaid {HEALTH_PLAN_NUMBER}, lives in {LOCATION} {ZIP_CODE}.",
]

# PHI-free: eponyms, place-named scores, generic facility words, ages up to 89, bare years.
CLEAN_TEMPLATES = [
    "{=adult} yo {=sex} with {=disease} and {=sign}, sent from {=generic}.",
    "Exam notable for {=sign}; consider {=disease} in the differential.",
    "Does {=scale} apply to a {=adult}-year-old on {=drug}?",
    "Used {=scale} and {=scale} before ordering imaging in {=generic}.",
    "History of {=disease} {=year_ago}, now with {=sign}.",
    "Can {=disease} present without fever? Pt is {=age} and was seen at {=generic}.",
    "Sent to {=generic} from {=generic} with {=score} and {=lab}.",
    "Family history of {=disease}; father was diagnosed with {=disease} at {=adult}.",
    "{=score}; {=sign} on exam; plan {=drug} {=dose}.",
    "Exam: {=sign}, {=sign}, no {=sign}.",
    "Is {=scale} reliable in pregnancy? She is {=adult} and was told to go to {=generic}.",
    "Patient with {=disease} diagnosed in {=year}; followed at {=generic} since.",
    "What is the next step after {=proc} in {=generic}?",
    "Triage: {=adult} yo back from a camping trip, worried about {=place_disease}; no rash, {=score}.",
    "Discussed {=disease} and {=scale} with the resident in {=generic}.",
    "Risk stratified with {=scale}; low risk, discharge from {=generic}.",
    "{=adult}-year-old {=sex}, {=disease}, ICD-10 {=icd}, on {=drug}.",
    "Pt asks if {=disease} runs in families; her mother was diagnosed at {=age}.",
    "Went to {=generic} {=ago}; told it was {=disease}.",
    "Admitted to {=generic} for {=disease}; {=lab}, {=score}.",
    "Child, {=child}, with {=disease}; seen in {=generic} and then {=generic}.",
    "HR {=hr}, BP {=bp}, SpO2 {=spo2}%, T {=temp}; {=sign} noted.",
    "Consider {=disease} vs {=disease}; criteria of {=scale} not met.",
    "Surgical history: {=proc} in {=year}, {=proc} in {=year}.",
    "Which is better for {=disease}: {=drug} or {=drug}? Seen at {=generic}.",
    "{=proc} placed in {=generic}; {=scale} documented at {=score}.",
    "Mother of a {=child}-year-old asks whether {=place_disease} is contagious; they were seen at {=generic}.",
    "Returning traveler, {=adult}, with fever; {=place_disease} on the differential, sent to {=generic}.",
]


def fill(rng: random.Random, template: str) -> tuple[str, list[dict]]:
    """Fill ``{TYPE}``/``{TYPE:variant}`` slots (labelled) and ``{=filler}`` slots (not labelled)."""
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
        if not text or text.endswith((". ", "\n")):
            value = value[:1].upper() + value[1:]
        spans.append({"entity_type": entity, "start": len(text), "end": len(text) + len(value), "value": value})
        text += value
    if text[:1].islower():  # a filler opened the sentence ("the clinic …")
        text = text[:1].upper() + text[1:]
    return text, spans


PHI_GROUPS = [  # (templates, uses of each)
    (FACILITY_TEMPLATES, 3), (NAME_TEMPLATES, 3), (DATE_AGE_TEMPLATES, 2), (GEO_TEMPLATES, 3),
    (CONTACT_TEMPLATES, 4), (NUMBER_TEMPLATES, 5), (OTHER_ID_TEMPLATES, 3), (WEB_BIO_TEMPLATES, 6),
    (MIXED_TEMPLATES, 3),
]


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    plan = [t for templates, uses in PHI_GROUPS for t in templates * uses]
    rng.shuffle(plan)
    for n, template in enumerate(plan):
        text, spans = fill(rng, template)
        rows.append({"id": f"locked-phi-{n:04d}", "kind": "phi", "text": text, "spans": spans})
    clean_plan = CLEAN_TEMPLATES * 5 + [rng.choice(CLEAN_TEMPLATES) for _ in range(15)]
    for n, template in enumerate(clean_plan):
        text, spans = fill(rng, template)
        assert not spans, template
        rows.append({"id": f"locked-clean-{n:04d}", "kind": "clean", "text": text, "spans": []})
    check(rows)
    return rows


def check(rows: list[dict]) -> None:
    """Offsets exact, spans trimmed and non-overlapping, ids unique."""
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        spans = sorted(row["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], row
        for s in spans:
            assert row["text"][s["start"]:s["end"]] == s["value"], row
            assert s["value"] == s["value"].strip() and s["value"], row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=str(Path(__file__).with_name("phi_locked.jsonl")))
    args = parser.parse_args()
    rows = build(args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("phi", "clean")}
    counts: dict[str, int] = {}
    for r in rows:
        for s in r["spans"]:
            counts[s["entity_type"]] = counts.get(s["entity_type"], 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: {kinds}; {sum(counts.values())} spans: {counts}")


if __name__ == "__main__":
    main()
