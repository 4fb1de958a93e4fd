"""Writes tests/data/phi_locked4.jsonl: the fourth locked PHI evaluation set (issue 15, round 5).

Locked v1 to v3 were each measured once and then became development material.
This set was written and committed BEFORE any round-5 change to the
recognizers, blind: the recognizers' code and lexicons were not opened while it
was written and no text of it was run through a recognizer (ours or stock
Presidio). It is measured once, at the end of round 5, by ``bench/bench_phi.py``.

Its templates, phrasings, names, towns, facilities, eponyms and identifier
formats are its own. The PHI texts are written the way clinicians type into a
triage tool: questions to a colleague ("can someone at ... call back re ..."),
referral snippets, patient-portal messages relayed by staff, sign-outs, HPI
fragments, telephone notes, billing and records call-backs, with shorthand,
mixed case and some run-on text without punctuation. Facility names are the
heaviest class (saint and "Mount" forms, abbreviations, a facility named with
its town, urgent cares, care homes, dialysis units, health centres, casual
lower-case spellings), then prefixed identifiers (case, site, accession,
prescription, order, claim numbers) and health-plan numbers. The PHI-free texts
are dense with medical eponyms (signs, reflexes, manoeuvres, diseases and
syndromes, instruments, stains and tests named after people, some with a full
name or a saint in them), scores and criteria named after cities, generic
facility words, ages of 89 or less, bare years, brand drugs, lab values and doses.
See PHI_LOCKED4.md for how it was written and the label conventions.

Every value is fictional: invented or re-combined names and places,
555-01xx telephone numbers, ``example.*`` domains, documentation IP ranges
(RFC 5737, RFC 3849), random digits.

Each line: ``{"id", "kind": "phi"|"clean", "text", "spans": [{"entity_type", "start", "end", "value"}]}``
with entity types of ``core.phi.hipaa.ENTITY_IDENTIFIERS`` plus FACILITY.

Usage: python tests/data/make_phi_locked4.py [--seed 4819] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from pathlib import Path

SEED = 4819
OUT = Path(__file__).with_name("phi_locked4.jsonl")

# ---------------------------------------------------------------- people
FIRST = ["Annika", "Bartholomew", "Chidinma", "Desmond", "Eulalia", "Florian", "Gwendolyn", "Hamid", "Isadora",
         "Jovan", "Kalani", "Lucinda", "Matthias", "Nkechi", "Orla", "Perpetua", "Radomir", "Siobhan", "Thaddeus",
         "Umaima", "Valentin", "Winifred", "Xiadani", "Yaw", "Zuzana", "Barbara", "Richard", "Karen", "Thomas",
         "Nancy", "Joseph", "Betty", "Charles", "Margaret", "Kevin", "Sandra", "Brian", "Donna", "Gary", "Carol",
         "Larry", "Ruth", "Wayne", "Gloria", "Luis", "Rosa", "Tuan", "Mai", "Arjun", "Priya", "Mohammed", "Aisha",
         "Tevita", "Moana", "Nikolai", "Svetlana", "Seamus", "Brigid", "Kofi", "Abena", "Jun", "Mei", "Hye-jin",
         "Ji-ho", "Rafael", "Esperanza", "Bobbie", "Peggy", "Marie-Claire", "Jean-Luc"]
LAST = ["Thorncastle", "Arrieta", "Kilbride", "Eberhardt", "Gutierrez", "Holmgren", "Iwasaki", "Jablonski",
        "Beauchesne", "Wanjiru", "Nakamura", "Nwachukwu", "Quigley", "Thorvaldsen", "Tanaka-Reid", "Underwood",
        "Ibarra-Soto", "Whitaker", "Yamamoto", "Zielinski", "O'Shaughnessy", "McCready", "MacLeod", "Fitzgerald",
        "St. Clair", "De Luca", "da Silva", "Van Buren", "ter Horst", "Ben-David", "Abu-Hamdan", "Okonkwo",
        "Olanrewaju", "Mensah", "Owusu", "Begay", "Yazzie", "Runningwater", "Kealoha", "Fonoti", "Tran", "Le", "Pham",
        "Kim", "Choi", "Sharma", "Iyer", "Banerjee", "Hussain", "Qureshi", "Novak", "Horvath", "Popescu", "Ivanova",
        "Zhukova", "Sandqvist", "Bergstrom", "Petrov", "Schultz", "Garrison", "Ashcroft-Lyle", "Delgado-Rios"]
# Real surnames that are also eponyms or words: names here only by their context ("Mr. Paget").
WORD_SURNAMES = ["Barrett", "Paget", "Hodgkin", "Bowen", "Hunter", "Turner", "Conn", "Horner", "Osler", "Wells",
                 "Whipple", "Fisher", "Finnegan", "Coombs", "Weber", "Rankin", "Tanner", "Marshall", "Mayo",
                 "Gordon"]
TITLES = ["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Miss"]
RELATIONS = ["daughter", "son", "wife", "husband", "granddaughter", "grandson", "niece", "son-in-law",
             "daughter-in-law", "carer", "sister", "brother", "partner", "goddaughter", "housemate", "guardian"]
OLD_RELATIONS = ["My grandma", "Her father", "His mother", "Pt's grandmother", "The resident", "Our patient",
                 "Caller's great-grandmother", "His uncle", "Her aunt", "Grandad"]
AGE_WORDS = ["ninety", "ninety-one", "ninety-two", "ninety-three", "ninety-four", "ninety-five", "ninety-six",
             "ninety-seven", "ninety-eight", "ninety-nine", "one hundred", "a hundred and two"]

# ---------------------------------------------------------------- places
TOWNS = ["Viroqua", "Baraboo", "Mineral Point", "Spearfish", "Chadron", "Grand Marais", "Rhinelander", "Escanaba",
         "Ironwood", "Machias", "Lubec", "Millinocket", "St. Johnsbury", "Mount Airy", "Port Angeles", "Sequim",
         "Hood River", "Pendleton", "Alturas", "Susanville", "Lone Pine", "Tonopah", "Kanab", "Vernal", "Rawlins",
         "Lander", "Worland", "Miles City", "Glasgow", "Havre", "Minot", "Devils Lake", "Broken Bow", "McCook",
         "Dodge City", "Guymon", "Marfa", "Uvalde", "Eagle Pass", "Yazoo City", "Clarksdale", "Dothan", "Waycross",
         "Pikeville", "Greyhollow", "Amberlea", "North Wexcombe", "Tillingham Cross", "Lyndhurst Mills", "Ravenmoor",
         "Quarry Falls", "Copper Bend", "Ossory Springs", "Fallowmere", "Upper Dunlow"]
COUNTIES = ["Door County", "Washakie County", "Aroostook County", "Sublette County", "Apache County",
            "Keweenaw County", "Sauk Co.", "Ashtabula County", "Tioga County", "Pocahontas County", "Tensas Parish",
            "Acadia Parish", "Kenai Peninsula Borough", "Greyhollow County", "Fallowmere Co."]
STATES = ["WI", "SD", "NE", "MN", "ME", "VT", "WA", "OR", "CA", "NV", "UT", "WY", "MT", "ND", "KS", "OK", "TX",
          "MS", "AL", "GA", "KY", "Montana", "Wisconsin", "Maine"]
STREET_NAMES = ["Kettle Moraine Dr", "Gunflint Trail", "E. Ludington Ave", "Sawmill Hollow Rd", "Cranberry Ln",
                "Prospect Hill Road", "N 3rd St", "Aspen Grove Ct.", "Old Stage Rd", "Bluebonnet Circle",
                "Harrowby Lane", "Co Rd 12", "State Hwy 27", "Mill Pond Way", "Quarry St", "Lighthouse Point Rd",
                "Sycamore Bend", "Cottonwood Ave NW"]
UNITS = ["", "", "", " Apt 2C", ", Unit 5", " #14", ", Trailer 9", " Rm 210"]

# ---------------------------------------------------------------- facilities
FAC_STEMS = ["Riverside", "Copperhill", "Aldergrove", "Bramblewood", "Eastbrook", "Granite Falls", "Heronsgate",
             "Juniper Hollow", "Kingsmere", "Lakehaven", "Millwater", "North Shore", "Oakhaven", "Prairie View",
             "Redstone", "Silverlake", "Tallgrass", "Upper Valley", "Westfield", "Tri-County", "Bluewater",
             "Canyon Ridge", "Fox Valley", "Hollins Creek", "Mesa Vista"]
FAC_KINDS = ["Family Health", "Medical Centre", "Medical Center", "Health Centre", "Community Hospital",
             "Regional Hospital", "Regional", "Hospital", "Health System", "Clinic", "Family Medicine",
             "Internal Medicine Associates", "Cardiology Associates", "Kidney Center", "Dialysis Unit",
             "Urgent Care", "Walk-In Clinic", "Rehabilitation Center", "Nursing Center", "Surgery Center",
             "Endoscopy Center", "Women's Health", "Pediatric Associates", "Psychiatric Hospital",
             "Recovery Center", "Rural Health Clinic", "Cancer Center", "Heart Institute", "Sleep Center",
             "Wound Center", "Pain Clinic", "Birthing Center"]
FAC_SAINTS = ["St. Mary's", "St Mary's", "Saint Mary's", "St. Agnes", "St. Luke's", "St Vincent's",
              "Saint Benedict's", "St. Catherine of Siena", "St. Elizabeth's", "St. Joseph's", "St. Anne's",
              "St. Raphael", "Mt. Sinai", "Mount Sinai", "Mt. Zion", "Mount Auburn", "Mt. Pleasant", "Mount Carmel",
              "St. Francis", "Saint Jude"]
FAC_SAINT_KINDS = ["", "", "Hospital", "Medical Center", "Regional", "Health Center", "Hospice",
                   "Rehab Hospital", "Medical Centre", "Children's Hospital"]
FAC_FAITH = ["Mercy Regional", "Mercy Hospital of Copperhill", "Good Shepherd", "Sacred Heart of Ravenmoor",
             "Providence Aldergrove", "Baptist Memorial", "Presbyterian Kingsmere", "Methodist Hospital",
             "Lutheran General", "Adventist Health Redstone", "Mercy Medical Center", "Good Samaritan Regional"]
TOWN_FAC_KINDS = ["General", "Memorial", "Regional Medical Center", "Community Hospital", "Medical Clinic",
                  "Health Center", "VA Clinic", "Regional", "Hospital", "Family Practice"]
FAC_ABBREV = ["UHMC", "NWRMC", "SJMC", "CHRMC", "MGRH", "TCHC", "AGH", "KBMC", "LHMC", "RCMC", "WFMC", "PVH"]
FAC_URGENT = ["MedStop Urgent Care", "Crossroads Walk-In", "ReadyCare Express", "FirstLight Urgent Care",
              "NextStep Urgent Care", "Patriot Urgent Care", "QuickCare on Main"]
FAC_HOMES = ["Willowbrook Care Home", "Laurelwood Nursing Home", "Heatherfield Manor", "Rosewood Gardens",
             "Maple Terrace Nursing Home", "Autumn Ridge Assisted Living", "Cedar Hollow Care Centre",
             "Pinewood Lodge", "Greenacres Rest Home", "Harbour Lights Residential Care"]
FAC_DIALYSIS = ["Lakehaven Dialysis", "Bluewater Kidney Center", "Copperhill Dialysis Unit", "Prairie View Renal Care",
                "Tri-County Dialysis", "Northside Home Dialysis"]
FAC_CENTRES = ["Kinloch Community Health Centre", "Eastside Community Health Center", "Tallgrass FQHC",
               "La Clínica del Valle", "Nuestra Salud Clinic", "Two Rivers Tribal Health Center",
               "Redstone Indian Health Center", "Harbor Free Clinic"]
# How clinicians type a facility in a hurry: lower case, no apostrophe, shortened.
FAC_CASUAL_HOSPITALS = ["st marys", "st. lukes", "mercy regional", "mt sinai", "copperhill med ctr", "aldergrove gen",
                        "uhmc", "nwrmc", "saint agnes", "good shep", "st joes", "mount auburn"]
FAC_CASUAL = FAC_CASUAL_HOSPITALS + ["riverside family health", "willowbrook care home", "lakehaven dialysis",
                                     "kingsmere peds", "tallgrass fqhc", "medstop"]


def facility(rng: random.Random) -> str:
    """A named facility in one of the forms the issue calls hard."""
    roll = rng.random()
    if roll < 0.26:
        return f"{rng.choice(FAC_STEMS)} {rng.choice(FAC_KINDS)}"
    if roll < 0.44:
        return f"{rng.choice(FAC_SAINTS)} {rng.choice(FAC_SAINT_KINDS)}".strip()
    if roll < 0.54:
        return rng.choice(FAC_FAITH)
    if roll < 0.66:
        town = rng.choice(TOWNS)
        return rng.choice([f"{town} {rng.choice(TOWN_FAC_KINDS)}", f"University of {town} Hospital",
                           f"{rng.choice(FAC_STEMS)} Hospital of {town}"])
    if roll < 0.74:
        return rng.choice(FAC_ABBREV)
    if roll < 0.81:
        return rng.choice(FAC_URGENT)
    if roll < 0.88:
        return rng.choice(FAC_HOMES)
    if roll < 0.94:
        return rng.choice(FAC_DIALYSIS)
    return rng.choice(FAC_CENTRES)


# ---------------------------------------------------------------- identifiers
EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "patients.example.org", "mail.example.net"]
BIOMETRICS = ["fingerprint", "right index fingerprint", "voiceprint", "voice sample", "iris image", "retina scan",
              "palm print", "palm-vein pattern", "face template", "thumbprint scan", "gait signature",
              "facial geometry"]
PHOTOS = ["full-face photograph", "face photo", "photo of his face", "photo of her face", "ID photo",
          "head-and-shoulders photo", "selfie", "facial photograph", "mugshot-style photo", "face picture"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MON = [m[:3] for m in MONTHS]
MON_ALT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def _fill(rng: random.Random, pattern: str) -> str:
    """``pattern`` with every ``#`` replaced by a random digit and every ``@`` by a random capital letter."""
    return "".join(rng.choice(string.digits) if c == "#" else rng.choice(string.ascii_uppercase) if c == "@" else c
                   for c in pattern)


def _one_of(*patterns: str):
    """A value maker that fills one of ``patterns`` (see ``_fill``)."""
    return lambda rng: _fill(rng, rng.choice(patterns))


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _date_forms(d: int, m: int, y: int) -> list[str]:
    return [f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{d} {MONTHS[m - 1]} {y}",
            f"{MON[m - 1]} {d} '{y % 100:02d}", f"{y}/{m:02d}/{d:02d}", f"{m:02d}.{d:02d}.{y % 100:02d}",
            f"{m:02d}{d:02d}{y}", f"{MON[m - 1].upper()} {d} {y}", f"{d}/{MON[m - 1]}/{y}", f"{MONTHS[m - 1]} {d}, {y}"]


def date(rng: random.Random) -> str:
    """A day-level (or month-and-year) date of an event, in one of 20 forms."""
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2016, 2026)
    forms = _date_forms(d, m, y) + [
        f"{m}/{d}", f"{m}-{d}", f"{_ordinal(d)} {MONTHS[m - 1]}", f"{MON_ALT[m - 1]} {d}", f"{d} {MON_ALT[m - 1]}",
        f"{MONTHS[m - 1].lower()} {_ordinal(d)}", f"{MONTHS[m - 1]} the {_ordinal(d)}", f"{m}/{y}",
        f"{MONTHS[m - 1][:3]} {y}", f"{MONTHS[m - 1]} {d}"]
    return rng.choice(forms)


def dob(rng: random.Random) -> str:
    """A date of birth, always with its year."""
    return rng.choice(_date_forms(rng.randint(1, 28), rng.randint(1, 12), rng.randint(1921, 2009)))


AREA_CODES = ["612", "307", "605", "701", "785", "575", "432", "662", "334", "229", "606", "503"]


def phone(rng: random.Random) -> str:
    a, n = rng.choice(AREA_CODES), _fill(rng, "01##")
    forms = [f"({a}) 555-{n}", f"{a}-555-{n}", f"{a}.555.{n}", f"+1 {a} 555 {n}", f"+1-{a}-555-{n}",
             f"{a}/555-{n}", f"{a}555{n}", f"555-{n}", f"({a})555-{n} ext {rng.randint(20, 29)}", f"{a} 555 {n}"]
    return rng.choice(forms)


def age_over_89(rng: random.Random) -> str:
    return str(rng.choice([90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 105, 107]))


def age_ok(rng: random.Random) -> str:
    return str(rng.choice([3, 9, 16, 22, 29, 37, 44, 52, 58, 61, 66, 69, 72, 76, 79, 81, 84, 87, 88, 89]))


def person(rng: random.Random) -> str:
    f, last, mid = rng.choice(FIRST), rng.choice(LAST), rng.choice(string.ascii_uppercase)
    forms = [f"{f} {last}", f"{f} {last}", f"{f} {mid}. {last}", f"{last}, {f}", f"{last.upper()}, {f.upper()}",
             f"{f[0]}. {last}", f"{last}, {f} {mid}.", f"{f.lower()} {last.lower()}", f"{f} {mid} {last}",
             f"{last} {f[0]}"]
    return rng.choice(forms)


def street(rng: random.Random) -> str:
    return f"{rng.randint(2, 24999)} {rng.choice(STREET_NAMES)}{rng.choice(UNITS)}"


def zip_code(rng: random.Random) -> str:
    z = f"{rng.randint(1, 99):02d}{_fill(rng, '###')}"
    return z if rng.random() < 0.75 else f"{z}-{_fill(rng, '####')}"


def email(rng: random.Random) -> str:
    f, last = rng.choice(FIRST), rng.choice(LAST + WORD_SURNAMES)
    f, last = re.sub(r"[^a-z]", "", f.lower()), re.sub(r"[^a-z]", "", last.lower())
    local = _fill(rng, rng.choice([f"{f}.{last}", f"{f[0]}{last}##", f"{last}.{f[0]}", f"{f}####", f"{f}.{last}+portal",
                                   f"{f}_{last}"]))
    value = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
    return value.upper() if rng.random() < 0.1 else value


def url(rng: random.Random) -> str:
    who = re.sub(r"[^a-z]", "", rng.choice(LAST).lower())[:5]
    forms = ["https://mychart.example.org/photos/#####", f"http://example.com/~{who}",
             "www.example.org/fundraiser/####", "https://drive.example.net/s/@@@###",
             f"example.com/u/{who}##", "https://share.example.com/v/######",
             "portal.example.net/msg/#######"]
    return _fill(rng, rng.choice(forms))


def ip(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"2001:db8:{rng.randint(1, 0xffff):x}::{rng.randint(1, 0xff):x}"
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(1, 254)}"


def ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(101, 665), rng.randint(10, 99), rng.randint(1000, 9999)
    return rng.choice([f"{a}-{b}-{c}", f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}.{b}.{c}"])


def _card(rng: random.Random) -> str:
    """A 16-digit payment-card number with a valid Luhn check digit."""
    body = [5, rng.randint(1, 5)] + [rng.randint(0, 9) for _ in range(13)]
    total = sum(d if i % 2 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(body))
    digits = "".join(map(str, body + [(10 - total % 10) % 10]))
    return rng.choice([digits, "-".join(digits[i:i + 4] for i in range(0, 16, 4))])


def account(rng: random.Random) -> str:
    return _card(rng) if rng.random() < 0.2 else _fill(rng, rng.choice(
        ["##########", "HAR#########", "###-######-##", "G#######", "#############"]))


mrn = _one_of("########", "#######", "E#######", "##-###-###", "000#######", "MR######", "######-#")
health_plan = _one_of("#@@#-@#@-@@##", "@@@#########", "@@@-########-01", "MCD########", "###########", "@########@",
                      "#########-0#", "@@### ### ###")
license_no = _one_of("@###-###-##-###-0", "@#######", "###-###-###", "RN.#######", "LPN-#####", "@@-######",
                     "PHM######")
dea = _one_of("A@#######", "B@#######", "F@#######", "G@#######", "M@#######")
vehicle = _one_of("@@@-###", "#@@####", "##-@####", "@@ #####", "@@@@##")
device = _one_of("@@@-######-@", "@@#######", "##-@@-#####", "@##@-####-####", "##-######-######-#", "SN-#########",
                 "@@@@#####")


def vin(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))


# Identifiers with a letter prefix and dashes: what the issue calls "other unique identifying numbers".
case_id = _one_of("CASE-202#-#####", "CS##-######", "ACC-@##-######", "S##-#####", "SP-##-######", "FNA-##-####",
                  "INC-######", "REF-##-#####")
rx_id = _one_of("RX-#######", "Rx#######-##", "ORD-#####-@", "ORD#########", "PA-##-######", "ERX-@@######")
claim_id = _one_of("CLM-202#-#######", "CL##########", "WCB-##-#####", "@@####-###-@")
site_id = _one_of("SITE-###", "ST###-##", "S-@@###")
subject_id = _one_of("SUBJ-####-###", "@@@-###-####", "PT-###-@##")
badge_id = _one_of("BADGE-#####", "EMP-######", "E##-####")


# Slot name -> (entity type or None, value maker). A None type is context, never labelled.
SLOTS = {
    "name": ("PERSON", person),
    "first": ("PERSON", lambda r: r.choice(FIRST)),
    "last": ("PERSON", lambda r: r.choice(LAST + WORD_SURNAMES)),
    "wlast": ("PERSON", lambda r: r.choice(WORD_SURNAMES)),
    "title": (None, lambda r: r.choice(TITLES)),
    "rel": (None, lambda r: r.choice(RELATIONS)),
    "oldrel": (None, lambda r: r.choice(OLD_RELATIONS)),
    "age": ("AGE_OVER_89", age_over_89),
    "agew": ("AGE_OVER_89", lambda r: r.choice(AGE_WORDS)),
    "okage": (None, age_ok),
    "date": ("DATE", date),
    "dob": ("DATE", dob),
    "year": (None, lambda r: str(r.randint(1979, 2025))),
    "town": ("LOCATION", lambda r: r.choice(TOWNS)),
    "county": ("LOCATION", lambda r: r.choice(COUNTIES)),
    "state": (None, lambda r: r.choice(STATES)),
    "street": ("STREET_ADDRESS", street),
    "zip": ("ZIP_CODE", zip_code),
    "fac": ("FACILITY", facility),
    "facl": ("FACILITY", lambda r: r.choice(FAC_CASUAL)),
    "hosl": ("FACILITY", lambda r: r.choice(FAC_CASUAL_HOSPITALS)),
    "saint": ("FACILITY", lambda r: f"{r.choice(FAC_SAINTS)} {r.choice(FAC_SAINT_KINDS)}".strip()),
    "urgent": ("FACILITY", lambda r: r.choice(FAC_URGENT + [f"{s} Urgent Care" for s in FAC_STEMS[:8]])),
    "home": ("FACILITY", lambda r: r.choice(FAC_HOMES)),
    "dial": ("FACILITY", lambda r: r.choice(FAC_DIALYSIS)),
    "abbr": ("FACILITY", lambda r: r.choice(FAC_ABBREV)),
    "phone": ("PHONE_NUMBER", phone),
    "fax": ("FAX_NUMBER", phone),
    "email": ("EMAIL_ADDRESS", email),
    "url": ("URL", url),
    "ip": ("IP_ADDRESS", ip),
    "ssn": ("US_SSN", ssn),
    "mrn": ("MEDICAL_RECORD_NUMBER", mrn),
    "hpn": ("HEALTH_PLAN_NUMBER", health_plan),
    "acct": ("ACCOUNT_NUMBER", account),
    "lic": ("LICENSE_NUMBER", license_no),
    "dea": ("LICENSE_NUMBER", dea),
    "veh": ("VEHICLE_ID", vehicle),
    "vin": ("VEHICLE_ID", vin),
    "dev": ("DEVICE_ID", device),
    "bio": ("BIOMETRIC", lambda r: r.choice(BIOMETRICS)),
    "photo": ("PHOTO", lambda r: r.choice(PHOTOS)),
    "case": ("OTHER_ID", case_id),
    "rx": ("OTHER_ID", rx_id),
    "claim": ("OTHER_ID", claim_id),
    "site": ("OTHER_ID", site_id),
    "subj": ("OTHER_ID", subject_id),
    "badge": ("OTHER_ID", badge_id),
    # unlabelled clinical context inside PHI texts (eponyms and generic places are not PHI)
    "epo": (None, lambda r: r.choice(DISEASES)),
    "sgn": (None, lambda r: r.choice(SIGNS)),
    "gp": (None, lambda r: r.choice(GENERIC_PLACES)),
    "drug": (None, lambda r: r.choice(DRUGS)),
}

# Clinician-style texts with identifiers; each is rendered several times with fresh values.
PHI_TEMPLATES = [
    # questions to a colleague
    "Can someone at {fac} call back re {title} {last}'s potassium? Our number is {phone}.",
    "does anyone know if {saint} still takes walk-ins for wound checks, pt {name} asking",
    "Q for renal: {dial} says {first} missed two sessions this week, should we send her to the ER?",
    "Anyone covering for Dr. {last} today? {fac} faxed a consult for {name} to {fax} and nobody picked it up.",
    "Who do I call at {abbr} for old echo reports? Pt {name}, DOB {dob}, says she had one there in {year}.",
    "Quick q - {age}yo from {home} on {drug}, {sgn} positive, ok to keep at the home or send in?",
    "Has anyone heard back from {urgent} about the x-ray on {name}? They saw him {date}.",
    "Can the charge nurse ring {home} on {phone} and ask for {first}'s MAR before 2pm",
    "is {hosl} still doing the anticoag clinic on fridays or did that move to {fac}?",
    "Need a second opinion: {okage}M seen at {fac} on {date}, discharged with {epo}, now back with fever.",
    "Could someone from {fac} send the path report for case {case}? Pt {name} is here today.",
    "Pharmacist asks: is Rx {rx} for {name} the one from {fac} or the one we wrote on {date}?",
    # telephone notes
    "TC from {rel} {first} ({phone}): {oldrel} is {age} and fell getting out of the bath at {home}.",
    "Tel 14:20 - {name} called from {town}, chest tight since {date}, advised 911, declined, going to {urgent}.",
    "Tel note: {title} {wlast} rang re her mother, {age} years old, confused since yesterday, lives in {town}.",
    "called pt back on {phone} no answer left vm asked to call {fac} triage line",
    "Spoke to the RN at {dial}: {first} {last}'s fistula bled after dialysis today, pressure held 20 min.",
    "Caller {name} says her {rel} (aged {age}) has not passed urine since last night. Lives at {street}, {town}.",
    "VM from {home}: resident {name}, {age}F, temp 38.6, sats 89%. Call back {phone}.",
    "Pt's {rel} {first} phoned from {town} asking if the {agew}-year-old can take {drug} with warfarin.",
    "Triage call: {okage}F, headache since {date}, seen at {hosl} er yesterday, CT normal, still vomiting.",
    "returned call to {first} at {phone} re lab results from {fac} all normal told to f/u with Dr {last}",
    # referrals
    "Referral to {fac} cardiology: {name}, MRN {mrn}, {age} y/o M with syncope; please fax reply to {fax}.",
    "Re: {name} (DOB {dob}) - thank you for seeing this {agew} year old lady from {town} with a new murmur.",
    "Referring {title} {last} from {saint} to your memory clinic. Medicare MBI {hpn}. {rel} {first} on {phone}.",
    "Ref letter: {okage}F, hx {epo}, referred from {urgent} for ortho review; insurance member ID {hpn}.",
    "URGENT referral - {name}, {age}yo, from {home}, query hip fracture, accepting team at {fac}.",
    "Please see {name}, {okage}M, lives in {county}, seen at {fac} on {date}; claim no. {claim} attached.",
    "To: Dr. {last}, {fac}. Re: {name}, acct {acct}. Referred for dialysis access review at {dial}.",
    "Referral received via fax from {fax} ({fac}): {name}, DOB {dob}, Medicaid ID {hpn}.",
    "Dear Dr {wlast}, I would be grateful if you could see {first} {last}, {age}M, from {town}, {state}.",
    "Referral ID {case} from {fac}: pt {name}, email {email}, prefers morning appts.",
    # portal messages relayed
    "Portal msg from {name}: \"I am {age} and the {fac} pharmacy gave me the wrong inhaler\"",
    "Portal: {first} writes that {urgent} told her to follow up here. Photos at {url}.",
    "Message via MyChart from {email}: 'my dad is {age}, lives at {home}, can he get the new covid shot'",
    "Pt sent a {photo} through the portal for the ID check; wound photos uploaded separately to {url}.",
    "Portal msg (IP {ip}): {name} asks for her records from {fac} to be sent to {fax}.",
    "Pt messaged: \"my member number is {hpn} and {fac} says you never sent the auth\"",
    "portal note from {first} {last} can i get my results from {facl} i had blood taken {date}",
    "Portal: {title} {last} uploaded a {photo} and asks that it replace the one at {fac}.",
    # sign-outs / handoffs
    "Sign-out: {name}, {age}F, from {home}, {epo}, DNR, family ({rel} {first}) at {phone}.",
    "Handoff - bed 7 - {title} {wlast}, {okage}M, transferred from {fac} on {date}, awaiting MRI.",
    "Overnight events: {first} (MRN {mrn}) desatted to 84%, on 4L now; {rel} in {town} aware.",
    "S/O to nights: {name} {age}yo, Hb 7.1, 1 unit running; outside records from {abbr} pending.",
    "Handover: pt from {dial}, missed HD {date}, K 6.2, {name}, accepted by Dr. {last}.",
    "Signout pt {last} {age}M from {facl} sepsis on pip-tazo cultures pending call {rel} {first} {phone} if worse",
    "Evening handover: {name} is {age}, came from {urgent} with a wrist #, for theatre tomorrow.",
    "Nights: bed 22 {name}, MRN {mrn}, back to {saint} when they have a bed.",
    # HPI fragments
    "HPI: {name} is a {age}-year-old woman from {town} with {epo} who presents from {home} with falls.",
    "HPI: {okage}M seen at {fac} {date} for chest pain, discharged, now presents with recurrent pain.",
    "Pt is a {agew}-year-old retired farmer from {county}, brought by {rel} from {town}.",
    "{age}F nursing home res ({home}) w/ dementia, sent in for poor PO intake, last seen well {date}.",
    "HPI - {name}, {age} years of age, known to {dial}, presents with SOB after missed dialysis.",
    "pt {age}yo M from {town} farm accident {date} brought by {rel} in pickup plate {veh}",
    "Per {rel}, pt ({name}) was at {urgent} on {date}, given {drug}, no improvement.",
    "HPI: {first} {last}, a {age} y.o. from {home}, with {epo} and new confusion.",
    "Presents from {fac} (transfer) with GI bleed. Pt is {age}. Outside MRN {mrn}.",
    "{name} {okage}F here from {county} after a dog bite {date}, tetanus last at {fac}.",
    # discharge / transfer
    "Discharge to {home}, {street}, {town} {zip}; f/u at {fac} on {date}.",
    "Transfer accepted: {name}, {age}M, from {fac} to our ICU; report from RN {first} at {phone}.",
    "D/C summary to be faxed to {fac} ({fax}) and copied to {email}.",
    "DC home to {street}, {town}, {state} {zip} with home health; next HD at {dial} {date}.",
    "Discharged {date} to {rel}'s house in {town}; pt {name}, MRN {mrn}.",
    "Transfer to {saint} for cath; pt {name}, DOB {dob}, ins {hpn}.",
    "AVS mailed to {street}, {zip}; pharmacy Rx {rx} sent to {fac}.",
    # pharmacy / lab / records / billing
    "Pharmacy at {fac} called re Rx {rx}: prescriber DEA {dea} not on file, call {phone}.",
    "Lab: accession {case} for {name} (MRN {mrn}) hemolysed, redraw at {fac}.",
    "Pathology: specimen {case}, {name}, collected {date} at {fac}.",
    "Order {rx} for CT abdo cancelled by {fac}; pt {name} to be rebooked.",
    "Records: {fac} requests notes for {name} DOB {dob}, fax {fax}, ref {case}.",
    "Billing: acct {acct}, {name}, visit {date} at {urgent}; guarantor {rel} {first}.",
    "Pt paid by card {acct} for the {fac} copay; receipt to {email}.",
    "Claim {claim} for {name} denied by payer, member ID {hpn}; resubmit with notes from {date}.",
    "Prior auth {rx} approved for {name}, plan ID {hpn}, valid until {date}.",
    "Insurance verified: {name}, subscriber {hpn}, policy holder {rel} {first} {last}.",
    "Workers comp claim {claim}: injury at the mill in {town} on {date}, pt {name}.",
    "Hospital account {acct} for {name} closed; statements go to {street}, {town} {zip}.",
    "Registration: SSN {ssn}, MRN {mrn}, DOB {dob}, pt {name}.",
    "SW note: pt's SSN {ssn} needed for the SNAP form; lives in {county}.",
    "Disability form for {name}: SSN {ssn}, employer {fac}, last day worked {date}.",
    "Pt gave SSN as {ssn} but chart has a different one; flagged to registration at {fac}.",
    "Medicaid {hpn} lapsed on {date}; {name} to re-apply at the {county} office.",
    # licences, devices, vehicles, biometrics, other ids
    "Nursing licence {lic} checked for agency RN {first} {last} working at {home}.",
    "DL # {lic} shown at the desk as ID, home address printed on it {street}, {town}.",
    "Locum Dr. {last}, licence no. {lic}, DEA {dea}, credentialed at {fac} on {date}.",
    "Pharmacist {name} (lic {lic}) at {fac} queried the dose.",
    "Pacemaker interrogation: device S/N {dev}, implanted at {fac} {date}, battery ok.",
    "Pump alarming, S/N {dev}; pt {name} to call the company, pump clinic at {fac}.",
    "CPAP S/N {dev} returned by {first} to {fac} sleep lab.",
    "Hearing aid (serial {dev}) lost at {home}; resident {name}, {age}.",
    "ICD serial no. {dev} shocked twice on {date}; remote data uploaded from {ip}.",
    "Wheelchair asset tag {dev} belongs to {home}; please return with pt {name}.",
    "MVC: pt was driver, plate {veh}, brought from {county} by EMS to {fac}.",
    "Security: pt's car (VIN {vin}) left in the {fac} ambulance bay since {date}.",
    "Pt arrived in a taxi, vehicle {veh}, fare paid by {rel} {first}.",
    "Parking permit for plate {veh} issued to {rel} of pt {name} for the stay at {fac}.",
    "Tow yard has the pt's truck, VIN {vin}; {rel} to collect from {town}.",
    "Research: subject {subj} at site {site}, {name}, consented {date}, {bio} collected for ID.",
    "Trial enrolment at {fac}: pt ID {subj}, coordinator {first} {last}, {email}.",
    "Pt enrolled a {bio} for the pharmacy locker at {fac}.",
    "Kiosk at {fac} matched the {bio} for {name} at check-in.",
    "Unknown male brought from {town}; identified by {bio} match, {photo} on file from {date}.",
    "Pt declined {bio} capture; {photo} taken for wristband instead at {fac}.",
    "Staff badge {badge} belongs to pt, who works in housekeeping at {fac}.",
    "Case manager {first}: case {case} open with adult protective services in {county}.",
    "Incident {case} filed re fall at {home} on {date}, resident {name}.",
    # IP / URL / email heavy
    "IT: failed logins to {name}'s chart from {ip}, {ip} on {date}.",
    "Telehealth dropped, pt's IP {ip}; re-sent link {url} to {email}.",
    "Pt shared a fundraiser page {url} with her diagnosis; lives in {town}.",
    "Pt's {rel} posted a {photo} of the pt on {url}; privacy office informed.",
    "Please email the care plan to {email} and cc {email}.",
    # run-on, mixed case, abbreviations
    "pt {first} {last} {age} yo seen at {facl} last wk for uti now confused again daughter wants her sent to {fac}",
    "ROS neg, lives w/ {rel} in {town}, PCP Dr {last} at {fac}, ins {hpn}",
    "hi its {first} from {urgent} we sent u {name} w/ ?appy, scan on {date}, call {phone}",
    "FYI {title} {last} from {home} ({street}) is being sent by ambulance to {saint} now",
    "seen by {abbr} ortho {date} plan was cast 6 wks mrn {mrn} there",
    "ED to ward: {name} {okage}F ?PE from {urgent}, {sgn} negative, d-dimer up",
    "Pt's {rel} says she is {agew} and has lived in {town} all her life, wants to go home to {street}.",
    "msg from {dial} pt {last} {first} dob {dob} k 6.8 pre dialysis sent to ed",
    "NEW PT: {name} / DOB {dob} / MRN {mrn} / PCP {fac} / ph {phone}",
    "Discussed with Dr {wlast} at {fac}: {age} yo, goals of care, {rel} {first} to visit from {town}.",
    "{name} rang {gp} today and asked for the number of {facl}; gave {phone}.",
    "Pt originally from {town}, moved to {county} in {year}; old notes at {fac}, fax {fax}.",
    "Fax cover: To {fac} / Fax {fax} / From {fac} / Re {name}, DOB {dob}.",
    "EMS report: pick up at {street}, {town} {zip}, {age}F, unit {veh}, to {fac}.",
    "Address update: {name} moved from {town} to {street}, {town} {zip}; phone {phone}.",
    "Interpreter needed for {first}; {rel} {name} speaks English, reachable at {email}.",
    "Pt born and raised in {town}; at {age} she still does her own shopping, per {rel} {first}.",
    # billing, social security, telehealth, apps
    "Can billing check acct {acct} for {name}? The {urgent} visit on {date} was charged twice.",
    "Guarantor account {acct} on hold; pt {first} {last} says {fac} already paid. Call back {phone}.",
    "Card on file {acct} declined for the {home} invoice; {rel} {first} to call.",
    "does anyone know the fax for {abbr} records, they need SSN {ssn} and DOB {dob} for {name}",
    "Lost wallet: pt's social security card ({ssn}) and insurance card ({hpn}) left at {fac}.",
    "Pt reads SSN off the card as {ssn}; please update the chart at {facl}.",
    "Telehealth note: video from {ip} to {fac}, pt {name}, {photo} matched to chart.",
    "Pt's home BP app syncs from {ip}; readings at {url}.",
    "{home} has an app that needs a {bio} and a {photo} of each resident; {first} {last} refused both.",
    "Voicemail: {name} says she posted her discharge video on {url} by mistake, can we help take it down, {phone}",
    "Biometric time clock: {bio} enrolled for {name}, new porter at {fac}.",
    "Glucose meter serial {dev} registered to {name}; diabetes clinic at {fac} to download it.",
    "Pt's state ID {lic} and a {photo} scanned at registration, {urgent}.",
    "Mail returned: {name}, {street}, {town}, {state} {zip}; new address unknown.",
    "Wrong zip on file ({zip}) for {first} {last}, correct one is {zip}, lives near {town}",
]

# ---------------------------------------------------------------- PHI-free material
SIGNS = ["Hoover's sign", "Gowers' sign", "Waddell signs", "Froment's sign", "Wartenberg sign", "Ober test",
         "Thomas test", "Yergason's test", "O'Brien test", "Jobe test", "Adson's test", "Roos test",
         "Simmonds test", "Galeazzi sign", "Schober test", "Gaenslen test", "Kleiger test", "Mulder's click",
         "Hamman's crunch", "Uhthoff phenomenon", "Carvallo's sign", "Duroziez's sign", "de Musset's sign",
         "Pemberton's sign", "Stemmer's sign", "Darier's sign", "Frank's sign", "Hutchinson's sign",
         "Mount Fuji sign", "Romaña sign", "Winterbottom's sign", "Chadwick's sign", "Hegar's sign",
         "McBurney's point tenderness", "von Graefe's sign", "Dance's sign", "Boas' sign", "Courvoisier's sign"]
REFLEXES = ["Oppenheim reflex", "Gordon reflex", "Chaddock reflex", "Babkin reflex", "Galant reflex",
            "Bezold-Jarisch reflex", "Hering-Breuer reflex", "Cushing reflex", "Hoffmann reflex",
            "Mayer reflex", "Landau reflex", "Bainbridge reflex"]
MANOEUVRES = ["Sellick manoeuvre", "Pringle maneuver", "Kocher maneuver", "Stimson technique", "Müller maneuver",
              "Jendrassik manoeuvre", "Bigelow maneuver", "Cotton test"]
OB_MANOEUVRES = ["Leopold maneuvers", "McRoberts maneuver", "Woods screw maneuver", "Ritgen maneuver",
                 "Credé maneuver", "Mauriceau maneuver", "Zavanelli maneuver", "Rubin maneuver", "Løvset manoeuvre",
                 "Pinard maneuver"]
VERTIGO_MANOEUVRES = ["Brandt-Daroff exercises", "Semont maneuver", "Gufoni maneuver", "Lempert roll",
                      "Appiani maneuver"]
DISEASES = ["Ramsay Hunt syndrome", "Kearns-Sayre syndrome", "Rosai-Dorfman disease", "Dubin-Johnson syndrome",
            "Goodpasture syndrome", "Churg-Strauss", "Kikuchi disease", "Castleman disease",
            "Erdheim-Chester disease", "Felty syndrome", "Löfgren syndrome", "Sweet syndrome",
            "Alagille syndrome", "Caroli disease", "Lynch syndrome", "Li-Fraumeni", "Mirizzi syndrome",
            "Plummer-Vinson", "Bouveret syndrome", "Ogilvie syndrome", "Ménétrier disease", "Whipple disease",
            "Fahr disease", "Binswanger disease", "Pick disease", "May-Thurner syndrome", "Paget-Schroetter syndrome",
            "Leriche syndrome", "Todd's paralysis", "Tolosa-Hunt", "de Quervain tenosynovitis", "Riedel thyroiditis",
            "Sever's disease", "Pendred syndrome", "Sprengel deformity", "Volkmann contracture",
            "a Maisonneuve fracture", "Nelson syndrome", "a Chance fracture", "a Barton fracture",
            "a Rolando fracture", "a Segond fracture", "Beckwith-Wiedemann", "a Stener lesion",
            "Cornelia de Lange syndrome", "Gitelman syndrome", "Treacher Collins syndrome", "Bernard-Soulier",
            "Wiskott-Aldrich", "DiGeorge syndrome", "Pierre Robin sequence", "Prader-Willi", "Angelman syndrome",
            "Williams syndrome", "Rett syndrome", "Alport syndrome", "Berger disease", "Smith-Magenis syndrome",
            "Libman-Sacks endocarditis", "Osler-Weber-Rendu", "Henoch-Schönlein purpura", "Hailey-Hailey disease",
            "Capgras syndrome", "Cotard delusion", "Charles Bonnet syndrome", "Asherman syndrome", "Meigs syndrome",
            "Fitz-Hugh-Curtis syndrome", "Kallmann syndrome", "Dandy-Walker malformation", "a Pancoast tumor",
            "a Krukenberg tumor", "a Klatskin tumor", "a Warthin tumor", "Merkel cell carcinoma",
            "Klumpke palsy", "Gerstmann-Sträussler-Scheinker", "Gerstmann syndrome", "Parinaud syndrome",
            "Foster Kennedy syndrome", "Holmes-Adie pupil", "a Marjolin ulcer", "a Curling ulcer",
            "a Dieulafoy lesion", "a Schatzki ring", "Christmas disease", "Saint Louis encephalitis",
            "St. Vitus dance", "St. Anthony's fire", "Saint's triad", "short-segment Barrett's",
            "extramammary Paget disease", "classical Hodgkin disease", "Bowen disease", "Hunter syndrome",
            "Turner mosaicism", "a Conn's adenoma",
            "a partial Horner's", "Graham Steell murmur", "a Carey Coombs murmur", "Bence Jones proteinuria",
            "Jarisch-Herxheimer reaction", "Wolff-Chaikoff effect", "the Somogyi effect", "Whipple's triad",
            "Reynolds' pentad", "Tommy John reconstruction"]
INSTRUMENTS = ["Mayo scissors", "Metzenbaum scissors", "a Kelly clamp", "a Kocher clamp", "Allis clamps",
               "Babcock forceps", "DeBakey forceps", "Adson forceps", "a Gelpi retractor", "a Deaver retractor",
               "a Balfour retractor", "a Bovie", "a Sims speculum", "a Tuohy needle", "a Veress needle",
               "a Jamshidi needle", "a Sprotte needle", "a Macintosh blade", "a Miller blade", "Magill forceps",
               "a Guedel airway", "a Venturi mask", "a Steinmann pin", "Kirschner wires", "a Hoffmann fixator",
               "Buck's traction", "a Milwaukee brace", "a Boston brace", "a Bakri balloon", "a Malecot catheter",
               "a Coudé catheter", "a Cusco speculum", "a Mahurkar catheter", "a Broviac line",
               "a Minnesota tube", "a Dobhoff tube", "a Fogarty catheter", "a Ryle's tube"]
TESTS = ["direct Coombs test", "Kleihauer-Betke", "a Queckenstedt test", "Weber and Rinne", "the Snellen chart",
         "Ishihara plates", "an Amsler grid", "Goldmann tonometry", "the Widal test", "a Seidel test",
         "a Wood's lamp exam", "the Bruce protocol", "the Fick method", "the Henderson-Hasselbalch equation",
         "a Paul-Bunnell test", "the Mosteller formula", "the Schwartz formula", "Naegele's rule",
         "the Rumack-Matthew nomogram", "the Bhutani nomogram", "Sgarbossa criteria", "the Bazett formula",
         "Sokolow-Lyon criteria", "a Valsalva"]
STAINS = ["Grocott silver stain", "Gram stain", "Warthin-Starry stain", "Giemsa stain", "Wright stain",
          "Fontana-Masson stain", "Perls' Prussian blue", "Congo red", "Masson trichrome", "a Papanicolaou smear"]
FINDINGS = ["Pappenheimer bodies", "Auer rods", "Reed-Sternberg cells", "Curschmann spirals",
            "Charcot-Leyden crystals", "Döhle bodies", "Lewy bodies", "Mallory bodies", "Councilman bodies",
            "Negri bodies", "Michaelis-Gutmann bodies", "Russell bodies"]
SCORES = ["modified Rankin 3", "Hunt and Hess grade 2", "modified Fisher 3", "Fazekas 2", "Hoehn and Yahr 3",
          "Kurtzke EDSS 4.5", "Ashworth 2 tone", "Gustilo-Anderson IIIa", "Garden III", "Weber B",
          "Schatzker II", "Kellgren-Lawrence 3", "Cobb angle 28 degrees", "Risser 2", "Meyerding grade 1",
          "Cormack-Lehane 2", "Nugent score 8", "Amsel criteria", "Gail model 2.1%", "Bosniak IIF",
          "Clark level III", "Dukes B", "Binet stage A", "Rai stage I", "Durie-Salmon II", "Finnegan score 9",
          "Silverman-Andersen 4", "Dubowitz exam", "Fenton chart 10th centile", "Wilkins score 7",
          "Fontaine IIb", "Rutherford 4", "Villalta 12", "Wagner grade 2", "Baux score 85", "Hinchey II",
          "Balthazar E", "Maddrey DF 41", "Khorana score 2", "Bova stage II", "Charlson index 5",
          "Barthel 55/100", "Katz ADL 4 of 6", "Tinetti 18", "Berg Balance 41", "Waterlow 16", "Epworth 14",
          "Spetzler-Martin III", "Hachinski 2", "Mayo score 6", "Wexner score 11", "Rockwood CFS 5",
          "Duke treadmill score -4", "Forrester class II", "a Thurston Holland fragment", "Lauge-Hansen SER IV"]
CITY_SCORES = ["Kansas City Cardiomyopathy Questionnaire", "Innsbruck Coma Scale 19", "Seattle Angina Questionnaire",
               "Minnesota Living with Heart Failure score", "Rotterdam CT score 3", "Nottingham grade 2",
               "Nottingham Prognostic Index", "Amsterdam II criteria", "Bethesda category III", "Paris system",
               "Vienna classification", "Sapporo criteria", "Brighton criteria", "revised Atlanta classification",
               "Chicago classification v4", "Lyon consensus", "Tokyo guidelines grade II", "Baveno VII",
               "Stanford type B", "King's College criteria", "Rotterdam criteria", "Lille score 0.41",
               "Glasgow alcoholic hepatitis score 9", "Pittsburgh Sleep Quality Index 11", "Bristol stool type 6",
               "Edmonton Symptom Assessment", "Edmonton Frail Scale 8", "Addenbrooke's Cognitive Examination 79/100",
               "St George's Respiratory Questionnaire", "Framingham risk 14%", "Liverpool Care Pathway",
               "Manchester Scar Scale 9", "Yale Observation Scale 12", "Lugano stage II",
               "Leicester Cough Questionnaire", "Cornell voltage criteria", "Nijmegen questionnaire 27",
               "Birmingham Vasculitis Activity Score 9", "Toronto Western Spasmodic Torticollis Rating Scale",
               "Stanford Sleepiness Scale 5"]
GENERIC_PLACES = ["the clinic", "an outpatient clinic", "the ER", "urgent care", "the dialysis unit",
                  "the outside hospital", "the OSH", "the referring hospital", "a rural hospital",
                  "the community hospital", "the teaching hospital", "the children's hospital", "the free clinic",
                  "the health centre", "the health center", "a walk-in centre", "the medical centre",
                  "the nursing home", "the care home", "assisted living", "inpatient rehab", "the SNF", "an LTACH",
                  "the infusion suite", "the renal unit", "the dialysis centre", "the transplant center",
                  "a Level I trauma center", "the burn center", "the cancer center", "primary care",
                  "the GP surgery", "the lab", "the blood bank", "the ambulance bay", "the ward", "the AMU", "CDU",
                  "the obs unit", "the fracture clinic", "the falls clinic", "the memory clinic", "the TB clinic",
                  "the STI clinic", "the travel clinic", "the methadone clinic", "the detox unit", "the crisis unit",
                  "the psych ED", "the hospice", "the birthing center", "triage", "resus", "majors", "the PICU",
                  "the CCU", "the neuro ICU", "the OR", "pre-op", "the day surgery unit", "the endoscopy suite",
                  "the echo lab", "the EP lab", "the MRI suite", "a retail clinic", "a VA clinic", "Rheumatology",
                  "Geriatrics", "Hematology", "Infectious Diseases", "Palliative Care", "Neurosurgery",
                  "Wound Care", "the urgent care center"]
DRUGS = ["Brilinta", "Farxiga", "Trulicity", "Mounjaro", "Wegovy", "Dupixent", "Humira", "Stelara", "Biktarvy",
         "Paxlovid", "Tamiflu", "Augmentin", "Zithromax", "Levaquin", "Cipro", "Diflucan", "Valtrex", "Toradol",
         "Dilaudid", "Percocet", "Suboxone", "Lyrica", "Neurontin", "Lexapro", "Zoloft", "Wellbutrin", "Abilify",
         "Depakote", "Lamictal", "Tegretol", "Dilantin", "Vimpat", "Imitrex", "Pradaxa", "Lovenox", "Crestor",
         "Lipitor", "Norvasc", "Toprol XL", "Coreg", "Aldactone", "Bumex", "Lokelma", "Renvela", "Sensipar",
         "Venofer", "Prograf", "CellCept", "Symbicort", "Spiriva", "Trelegy", "Singulair", "Flonase", "Pepcid",
         "Nexium", "Reglan", "Miralax", "Senokot", "Xifaxan", "Entyvio", "Keytruda", "Prolia", "Depo-Provera"]
DOSES = ["5 mg BID", "10 mg daily", "0.5 mg IV q4h prn", "40 mg SC daily", "1 g IV q8h", "25 mcg weekly",
         "2 puffs BID", "875/125 mg BID x 7 days", "300 mg TID", "1 mg/kg q12h", "4 mg ODT q8h prn", "81 mg"]
LABS = ["INR 3.4", "K 5.9", "Na 128", "Hb 8.2", "eGFR 38", "troponin 0.06", "BNP 1,480", "HbA1c 9.4%",
        "platelets 74k", "lactate 3.8", "CRP 112", "ferritin 12", "TSH 0.02", "Mg 1.4", "ALT 310",
        "bilirubin 3.2", "lipase 920", "WBC 17.3", "d-dimer 2.1", "pH 7.21", "pCO2 61", "CK 8,400"]
OLD_BUT_OK = ["in her 90s", "in his nineties", "over 90", "aged 90 or older", "a nonagenarian",
              "in her late nineties", "90+", "over ninety"]

CLEAN_TEMPLATES = [
    "Q: does a positive {sign} change management if {sign2} was negative? {okage}F in {gp}.",
    "Can someone in {gp} teach me the {man}? Had {dz} on the board today.",
    "{okage}M with {dz}, {sc}, seen in {gp}; started {drug} {dose}.",
    "Sign-out: {okage}F, {dz} vs {dz2}, {lab}, {csc}; recheck in AM, stays in {gp}.",
    "Handoff: {dz}, {refl} brisk, {sign} positive; {lab}; to {gp} if worse.",
    "Teaching: {find} on {stain} in {dz}; compare with {dz2}.",
    "Ortho: {sc}, {sign} positive, {inst} used; back to {gp} in {n} weeks.",
    "Phone note: mum wants to know can her {kid}yo catch {dz} from a cousin; told to ring {gp}.",
    "Triage: {okage}F, {csc}, hx {dz} since {year}, on {drug}; to {gp}.",
    "OR list: {inst} and {inst2} requested; {dz}; {okage}M, {sc}.",
    "Pt is {old}, no birth record per the family, {dz}; they would rather {gp}.",
    "Caller's father, {oldok}, has {dz}; is {drug} safe with {lab}?",
    "HPI: {okage}yo with {dz} dx {year}, now {sign} positive; {csc}.",
    "Neuro exam: {refl} present, {sign} absent; {sc}; MRI in {gp}.",
    "ED course: {lab}, {test} done, {dz} considered; {csc}; admitted to {gp}.",
    "L&D: {ob} performed, then {ob2}; mum {okage}, {lab}; baby to the PICU for review.",
    "Consult q: can we still trust {csc} in someone who has {dz} too?",
    "Progress: day {n} of {drug} {dose} for {dz}; {lab}; {sign} now negative.",
    "Grandfather, {oldok}, lives with us and has {dz}; {gp} said to keep an eye on {lab}.",
    "Peds: {okage}yo, {csc}, {refl} normal, {dz} ruled out; home from {gp}.",
    "SBAR - S: {sign} positive. B: {okage}M, {dz}. A: {sc}, {lab}. R: review in {gp}.",
    "Discharge: continue {drug} {dose}; {inst} removed; f/u {gp} in {n} weeks; {dz}.",
    "Family hx: mother had {dz} at {oldok}, brother {dz2}; pt {okage}.",
    "Bedside: {test} abnormal, {stain} shows {find}; {sign} equivocal; plan {man}.",
    "Over the phone: {okage}F, vertigo, did the {vert} at home, {sign} negative; sent to {gp}.",
    "Resident asks: is {csc} validated for {dz}? We used {sc} instead in {gp}.",
    "pt {okage} yo hx {dz} on {drug} {lab} {sign} neg plan {gp} tmrw",
    "Pt {old} per daughter, {dz}, {sc}; comfort focus, {gp} aware.",
    "Anaesthesia: prior Cormack-Lehane 3, {inst} ready, Sellick manoeuvre for RSI; {okage}M with {dz}.",
    "Clinic letter: {dz} stable since {year}; {csc}; {lab}; next review in {gp}.",
    "Question for {gp}: {dz} with {find} on {stain}; would you do {test} or go straight to {inst}?",
    "Derm: {dz}, {sign} positive, {test} sent; {okage}F, on {drug}.",
    "Born {year}, {dz}; {csc}; {refl} absent; transfer to {gp} declined.",
]


def _render(template: str, rng: random.Random) -> tuple[str, list[dict]]:
    text, spans = "", []
    for part in re.split(r"(\{\w+\})", template):
        slot = re.fullmatch(r"\{(\w+)\}", part)
        if not slot:
            text += part
            continue
        entity_type, make = SLOTS[slot.group(1)]
        value = make(rng)
        if entity_type:
            spans.append({"entity_type": entity_type, "start": len(text), "end": len(text) + len(value),
                          "value": value})
        text += value
    merged: list[dict] = []
    for span in spans:  # "{first} {last}" is one name, not two
        last = merged[-1] if merged else None
        if last and last["entity_type"] == span["entity_type"] == "PERSON" and text[last["end"]:span["start"]] == " ":
            last["end"], last["value"] = span["end"], text[last["start"]:span["end"]]
        else:
            merged.append(span)
    return text, merged


def _render_clean(template: str, rng: random.Random) -> str:
    fills = {"sign": SIGNS, "sign2": SIGNS, "refl": REFLEXES, "man": MANOEUVRES + OB_MANOEUVRES + VERTIGO_MANOEUVRES,
             "dz": DISEASES, "dz2": DISEASES, "find": FINDINGS, "stain": STAINS, "inst": INSTRUMENTS,
             "inst2": INSTRUMENTS, "test": TESTS, "ob": OB_MANOEUVRES, "ob2": OB_MANOEUVRES,
             "vert": VERTIGO_MANOEUVRES, "sc": SCORES, "csc": CITY_SCORES, "gp": GENERIC_PLACES, "drug": DRUGS,
             "dose": DOSES, "lab": LABS, "old": OLD_BUT_OK}
    numbers = {"okage": lambda: age_ok(rng), "kid": lambda: str(rng.randint(1, 15)),
               "oldok": lambda: str(rng.randint(70, 89)),
               "year": lambda: str(rng.randint(1979, 2025)), "n": lambda: str(rng.randint(2, 12))}
    return re.sub(r"\{(\w+)\}",
                  lambda m: numbers[m.group(1)]() if m.group(1) in numbers else rng.choice(fills[m.group(1)]),
                  template)


def check_row(row: dict) -> None:
    """Raises AssertionError unless every span is exact, trimmed and disjoint from the others."""
    spans = sorted(row["spans"], key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], row
    for s in spans:
        assert row["text"][s["start"]:s["end"]] == s["value"] == s["value"].strip() != "", row


def build(seed: int = SEED, per_template: int = 5, clean_per_template: int = 5) -> list[dict]:
    """The set's rows: every PHI template rendered ``per_template`` times, then the PHI-free texts."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for template in PHI_TEMPLATES:
        made = 0
        while made < per_template:
            text, spans = _render(template, rng)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"id": f"locked4-phi-{len(rows):04d}", "kind": "phi", "text": text, "spans": spans})
            made += 1
    n_phi = len(rows)
    for template in CLEAN_TEMPLATES:
        made = 0
        while made < clean_per_template:
            text = _render_clean(template, rng)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"id": f"locked4-clean-{len(rows) - n_phi:04d}", "kind": "clean", "text": text, "spans": []})
            made += 1
    for row in rows:
        check_row(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    rows = build(args.seed)
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("phi", "clean")}
    types: dict[str, int] = {}
    for r in rows:
        for s in r["spans"]:
            types[s["entity_type"]] = types.get(s["entity_type"], 0) + 1
    print(f"wrote {args.out}: {kinds}, spans {dict(sorted(types.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
