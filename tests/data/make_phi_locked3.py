"""Writes tests/data/phi_locked3.jsonl: the third locked PHI evaluation set (issue 15, round 3).

Locked v1 and v2 were each measured once and then became development
material. This set was written and committed after the round-2 measurement and
BEFORE any round-3 change to the recognizers; it was not run through the
recognizers while it was written. It is measured once, at the end of round 3.

Its templates, phrasings, names, towns, facilities and identifier formats are
its own: longer, multi-identifier texts in the styles clinicians actually write
(telephone-triage questions, referral letters, progress-note fragments, ED and
ward sign-outs, discharge lines, patient-portal messages relayed by staff,
pharmacy/lab/records call-backs, care-home calls), with the shorthand they use.
See PHI_LOCKED3.md for how it was written.

Every value is fictional: invented or re-combined names and places,
555-01xx telephone numbers, ``example.*`` domains, documentation IP ranges
(RFC 5737), random digits.

Each line: ``{"id", "kind": "phi"|"clean", "text", "spans": [{"entity_type", "start", "end", "value"}]}``
with entity types of ``core.phi.hipaa.ENTITY_IDENTIFIERS`` plus FACILITY.
Ages over 89 are labelled on the number only; a title ("Dr.", "Mrs.") is not
part of a name's span; a state or country is not PHI and is never labelled.

Usage: python tests/data/make_phi_locked3.py [--seed 3717] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from pathlib import Path

SEED = 3717
OUT = Path(__file__).with_name("phi_locked3.jsonl")

FIRST = ["Teodora", "Bashir", "Mireille", "Kwabena", "Saoirse", "Thanh", "Anneliese", "Dmitri", "Ifeoma",
         "Rosalind", "Joaquín", "Hiroshi", "Nadia", "Oluwaseun", "Birgit", "Lorcan", "Ximena", "Yusuf",
         "Wilhelmina", "Pilar", "Emeka", "Fenella", "Gideon", "Haruka", "Inês", "Jarrah", "Kerensa", "Leopold",
         "Marisol", "Niamh", "Ottavio", "Pavlina", "Quentin", "Rohan", "Sunniva", "Tadhg", "Ulrike", "Violetta",
         "Wendell", "Yevgenia", "Zbigniew", "Linda", "Robert", "Maria", "James", "Patricia", "Michael", "Susan",
         "David", "Jennifer", "Daniel", "Dolores", "Earl", "Shirley", "Vernon", "Mae", "Tyrone", "Keisha",
         "Guadalupe", "Minh", "Aarav", "Fatima", "Sione", "Ngaire", "Bogdan", "Agnieszka", "Cormac", "Delphine"]
LAST = ["Brandvold", "Achterberg", "Nakashima-Lowe", "O'Daly", "Fairweather", "Kowalczyk", "Abernethy", "Oyelaran",
        "Marchetti", "Thistlewood", "Ravenscroft", "Quiñones", "Haverford", "Lindqvist", "Cavendish-Roe", "Dunmore",
        "Estrada", "Fitzhugh", "Gallagher", "Hargreaves", "Ilunga", "Juarez", "Kinsella", "Lowenstein",
        "McAllister", "Nørgaard", "Okafor", "Pettigrew", "Rasmussen", "Sandoval", "Tremblay", "Underhill",
        "Villanueva", "Whitcombe", "Yilmaz", "Zamora", "van der Linde", "de la Fuente", "Al-Rashid", "Nguyen",
        "Chowdhury", "Park", "Patel", "Boateng", "Szabo", "Ferreira", "Mahlangu", "Tuilagi", "Eriksen", "Moreau",
        "Kaczmarek", "Ashworth", "Delacroix", "Honeycutt", "Pruitt", "Stallworth", "Birdsong", "Two Bulls"]
# Real surnames that are also eponyms or plain words: names only by context.
WORD_SURNAMES = ["Murphy", "Bell", "Baker", "Homans", "Graves", "Addison", "Cushing", "Parkinson", "Wilson",
                 "Crohn", "Bishop", "Marsh", "Brooks", "Hale", "Young", "Rose", "Fields", "Stokes"]
TITLES = ["Mr.", "Mrs.", "Ms.", "Mx.", "Miss"]
RELATIONS = ["daughter", "son", "wife", "husband", "niece", "nephew", "granddaughter", "grandson", "sister",
             "brother", "partner", "stepdaughter", "neighbour", "landlady", "caregiver", "foster mother"]
OLD_RELATIONS = ["Her grandmother", "His grandfather", "The pt's mother", "Pt's father", "Her great-aunt",
                 "Their grandpa", "The patient's widowed aunt", "His mother-in-law", "Grand-uncle", "Nan"]

TOWNS = ["Marrowfield", "Quillan Falls", "East Tamsworth", "Pellston Ridge", "Old Harrowgate", "Fenwick Crossing",
         "Saltmarsh", "Briarcliff Bay", "Dunmere", "Kestrel Hollow", "Wyndmoor Heights", "Ashcombe",
         "Holloway Junction", "Larchmere", "Stonybrook Mills", "Rivensby", "Tomah", "Ephrata", "Brattleboro",
         "Yreka", "Kalispell", "Natchitoches", "Opelousas", "Ypsilanti", "Paducah", "Bemidji", "Hibbing",
         "Walla Walla", "Cheboygan", "Lake Havasu City", "Port Townsend", "Sault Ste. Marie", "Bluefield",
         "Coeur d'Alene", "Winnemucca", "Ogallala", "Presque Isle", "Elko", "Thibodaux", "Sedalia"]
STATES = ["MN", "WI", "PA", "VT", "CA", "MT", "LA", "MI", "KY", "WA", "AZ", "ID", "NV", "NE", "ME", "MO", "Oregon",
          "Texas", "Ohio", "Georgia"]
COUNTIES = ["Harlan County", "Kittitas County", "Marrow County", "Dunmere County", "Oconto County",
            "Bayfield County", "Tillamook County", "Lamoille County", "Quillan Parish", "Sevier County"]
STREET_NAMES = ["Quillan Ave", "Birchwood Lane", "N. Rosemont Blvd", "Old Mill Rd", "Tamarack Court",
                "Larkspur Drive", "W 14th Street", "Harbor View Terrace", "County Road 9", "Juniper Way",
                "Ferncliff Pl.", "S. Ashcombe St", "Route 31", "Pelican Circle", "Wickham Road"]
UNITS = ["", "", "", ", Apt 4B", " Unit 12", ", #3", " Lot 17", ", 2nd floor"]

FAC_STEMS = ["Ravensdale", "Marrowfield", "Quillan Valley", "Kestrel Hollow", "Larchmere", "Northgate",
             "Bayview", "Willowmere", "Harborside", "Tamsworth", "Pinecrest", "Cedar Knoll", "Three Rivers",
             "Halvorsen", "Brackenridge", "Saltmarsh", "Ashcombe", "Fenwick", "Stonybrook", "Holloway"]
FAC_KINDS = ["General Hospital", "Memorial Hospital", "Medical Center", "Regional Medical Center",
             "Family Practice", "Dialysis Center", "Surgical Associates", "Care Home", "Assisted Living",
             "Behavioral Health", "Community Health Center", "Women's Clinic", "Urgent Care", "Hospice",
             "Children's Hospital", "Eye Institute", "Nursing & Rehab", "Memory Care", "Cancer Institute",
             "Orthopaedic Clinic", "Health Center", "Infirmary", "Pediatrics", "Medical Group"]
FAC_SAINTS = ["St. Columba's", "Saint Aldhelm", "St. Brigid", "Our Lady of the Pines", "St. Wilfrid's",
              "Mount Hebron", "Mt. Carmel Ridge", "Sacred Heart of Dunmere", "St. Eustace", "Good Samaritan of Elko"]
FAC_SAINT_KINDS = ["Hospital", "Medical Center", "Hospice", "Rehabilitation Hospital", "", "Home", "Health"]
FAC_OTHER = ["The Brambles Nursing Home", "Elm Street Pediatrics", "Fenwick Crossing VA Clinic",
             "Kalispell Regional", "Paducah Baptist", "University Hospital of Ypsilanti", "Hibbing Mayo-affiliated"
             " Clinic", "Bemidji Sanford", "Walla Walla Providence", "Thibodaux Regional", "Lakeshore Kidney Care",
             "Sunnyslope Senior Living", "Riverbend Detox", "Harrowgate Free Clinic", "Pellston Ridge Birth Center"]
FAC_ABBREV = ["RGH", "SCMC", "KHFP", "QVMC", "BMH", "TRCH", "OLPH", "NGSA", "MHRH", "LKC"]

EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "clinic.example.org"]
URL_PATHS = ["portal", "share", "records", "msg", "img", "u", "files", "go"]

BIOMETRICS = ["fingerprint", "thumbprint", "retinal scan", "iris scan", "voiceprint", "palm-vein scan",
              "facial-recognition template", "finger scan", "hand geometry scan", "retina image"]
PHOTOS = ["full-face photo", "headshot", "selfie", "face photograph", "photo of her face", "passport-style photo",
          "picture of his face", "front-facing photo", "close-up of the face", "portrait photo"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MON = [m[:3] for m in MONTHS]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def _year(rng: random.Random) -> int:
    return rng.randint(1931, 2026)


def date(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), _year(rng)
    forms = [f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{d} {MON[m - 1]} {y}", f"{MONTHS[m - 1]} {d}, {y}",
             f"{MONTHS[m - 1]} {d}", f"{y}-{m:02d}-{d:02d}", f"{MON[m - 1]}. {d}", f"{m}-{d}-{y % 100:02d}",
             f"{d}.{m}.{y}", f"{MONTHS[m - 1]} {y}", f"{d}-{MON[m - 1].upper()}-{y}", f"{m}/{d}",
             f"{MON[m - 1]} {d}th" if d not in (1, 2, 3, 21, 22, 23) else f"{MON[m - 1]} {d}",
             f"the {d}th of {MONTHS[m - 1]}" if d > 3 and d not in (21, 22, 23) else f"{MONTHS[m - 1]} {d}",
             f"{MON[m - 1]}-{d:02d}-{y}", f"{d}{MON[m - 1].lower()}{y % 100:02d}", f"{MONTHS[m - 1].upper()} {d}"]
    return rng.choice(forms)


def phone(rng: random.Random) -> str:
    a, n = rng.choice(["207", "406", "318", "734", "270", "218", "509", "928", "715", "802"]), f"01{_digits(rng, 2)}"
    forms = [f"({a}) 555-{n}", f"{a}-555-{n}", f"{a}.555.{n}", f"+1 {a} 555 {n}", f"1-{a}-555-{n}",
             f"{a} 555 {n}", f"{a}555{n}", f"({a})555-{n}", f"{a}-555-{n} x{_digits(rng, 3)}"]
    return rng.choice(forms)


def age_over_89(rng: random.Random) -> str:
    return str(rng.choice([90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 106]))


def age_ok(rng: random.Random) -> str:
    return str(rng.choice([2, 7, 15, 19, 23, 34, 41, 48, 55, 60, 63, 67, 71, 74, 78, 80, 83, 85, 86, 88, 89]))


def person(rng: random.Random) -> str:
    f, last = rng.choice(FIRST), rng.choice(LAST)
    forms = [f"{f} {last}", f"{f} {last}", f"{last}, {f}", f"{f[0]}. {last}", f"{f} {rng.choice(string.ascii_uppercase)}. {last}",
             f"{f[0]}.{rng.choice(string.ascii_uppercase)}. {last}", f"{last.upper()}, {f}"]
    return rng.choice(forms)


def street(rng: random.Random) -> str:
    return f"{rng.randint(3, 9899)} {rng.choice(STREET_NAMES)}{rng.choice(UNITS)}"


def zip_code(rng: random.Random) -> str:
    z = f"{rng.randint(1, 99):02d}{_digits(rng, 3)}"
    return z if rng.random() < 0.7 else f"{z}-{_digits(rng, 4)}"


def facility(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return f"{rng.choice(FAC_STEMS)} {rng.choice(FAC_KINDS)}"
    if roll < 0.75:
        return f"{rng.choice(FAC_SAINTS)} {rng.choice(FAC_SAINT_KINDS)}".strip()
    if roll < 0.92:
        return rng.choice(FAC_OTHER)
    return rng.choice(FAC_ABBREV)


def email(rng: random.Random) -> str:
    f, last = rng.choice(FIRST), rng.choice(LAST)
    local = re.sub(r"[^a-z]", "", rng.choice([f"{f}.{last}", f"{f[0]}{last}", f"{last}{_digits(rng, 2)}",
                                              f"{f}_{last[:3]}"]).lower().replace(".", "dot"))
    local = local.replace("dot", rng.choice([".", "", "_"]))
    return f"{local or 'pt'}@{rng.choice(EMAIL_DOMAINS)}"


def url(rng: random.Random) -> str:
    host = rng.choice(["portal.example.org", "www.example.com", "share.example.net", "example.org",
                       "pics.example.com", "ravensdale.example.org"])
    path = f"/{rng.choice(URL_PATHS)}/{_digits(rng, rng.randint(4, 7))}"
    return rng.choice([f"https://{host}{path}", f"http://{host}{path}", f"{host}{path}", f"www.example.net/{_letters(rng, 6).lower()}"])


def ip(rng: random.Random) -> str:
    return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randint(1, 254)}"


def ssn(rng: random.Random) -> str:
    a, b, c = rng.randint(100, 665), rng.randint(10, 99), rng.randint(1000, 9999)
    return rng.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}-{b}-{c}", f"{a}{b}{c}"])


def mrn(rng: random.Random) -> str:
    return rng.choice([_digits(rng, 7), _digits(rng, 8), f"{_letters(rng, 1)}{_digits(rng, 7)}", f"00{_digits(rng, 6)}",
                       f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 2)}"])


def health_plan(rng: random.Random) -> str:
    mbi = f"{rng.randint(1, 9)}{_letters(rng, 1)}{rng.choice(string.ascii_uppercase + string.digits)}{_digits(rng, 1)}"
    return rng.choice([f"{_letters(rng, 3)}{_digits(rng, 9)}", f"{mbi}-{_letters(rng, 2)}{_digits(rng, 1)}-{_letters(rng, 2)}{_digits(rng, 2)}",
                       f"{_letters(rng, 2)}{_digits(rng, 8)}", f"{_digits(rng, 9)}{_letters(rng, 1)}",
                       f"W{_digits(rng, 9)}", f"{_letters(rng, 1)}{_digits(rng, 2)}-{_digits(rng, 5)}-{_digits(rng, 2)}"])


def _card(rng: random.Random) -> str:
    """A 16-digit payment-card number with a valid Luhn check digit, in groups of four."""
    body = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = sum(d if i % 2 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(body))
    digits = "".join(map(str, body + [(10 - total % 10) % 10]))
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def account(rng: random.Random) -> str:
    return rng.choice([_digits(rng, 10), f"{_digits(rng, 4)}-{_digits(rng, 5)}", f"A{_digits(rng, 8)}",
                       _card(rng), _digits(rng, 12)])


def license_no(rng: random.Random) -> str:
    return rng.choice([f"{_letters(rng, 2)}{_digits(rng, 7)}", f"{_letters(rng, 1)}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
                       f"{_letters(rng, 1)}{_digits(rng, 8)}", f"RN{_digits(rng, 6)}", f"MD-{_digits(rng, 5)}",
                       f"{_digits(rng, 9)}"])


def vehicle(rng: random.Random) -> str:
    return rng.choice([f"{_digits(rng, 1)}{_letters(rng, 3)}{_digits(rng, 3)}", f"{_letters(rng, 3)} {_digits(rng, 4)}",
                       f"{_letters(rng, 2)}-{_digits(rng, 4)}", f"{_digits(rng, 3)} {_letters(rng, 3)}",
                       f"{_letters(rng, 3)}{_digits(rng, 4)}"])


def device(rng: random.Random) -> str:
    return rng.choice([f"{_letters(rng, 3)}{_digits(rng, 6)}{_letters(rng, 1)}", f"{_digits(rng, 2)}-{_digits(rng, 6)}",
                       f"SN{_digits(rng, 8)}", _digits(rng, 15), f"{_digits(rng, 1)}{_letters(rng, 2)}{_digits(rng, 1)}{_letters(rng, 1)}{_digits(rng, 1)}",
                       f"{_letters(rng, 2)}{_digits(rng, 4)}-{_digits(rng, 4)}"])


def other_id(rng: random.Random) -> str:
    return rng.choice([f"ONC-{_digits(rng, 4)}-{_digits(rng, 3)}", f"CS-{_digits(rng, 2)}-{_digits(rng, 5)}",
                       f"{_letters(rng, 1)}{_digits(rng, 8)}", f"IRB{_digits(rng, 5)}-{_digits(rng, 2)}",
                       f"RX-{_digits(rng, 7)}", f"{_letters(rng, 2)}{_digits(rng, 2)}-{_digits(rng, 4)}",
                       f"ORD{_digits(rng, 8)}", f"WC-{_digits(rng, 6)}"])


# Slot name -> (entity type or None, value maker).
SLOTS = {
    "name": ("PERSON", person),
    "first": ("PERSON", lambda r: r.choice(FIRST)),
    "last": ("PERSON", lambda r: r.choice(LAST + WORD_SURNAMES)),
    "wlast": ("PERSON", lambda r: r.choice(WORD_SURNAMES)),
    "title": (None, lambda r: r.choice(TITLES)),
    "rel": (None, lambda r: r.choice(RELATIONS)),
    "oldrel": (None, lambda r: r.choice(OLD_RELATIONS)),
    "age": ("AGE_OVER_89", age_over_89),
    "okage": (None, age_ok),
    "date": ("DATE", date),
    "year": (None, lambda r: str(r.randint(1988, 2025))),
    "town": ("LOCATION", lambda r: r.choice(TOWNS)),
    "county": ("LOCATION", lambda r: r.choice(COUNTIES)),
    "state": (None, lambda r: r.choice(STATES)),
    "street": ("STREET_ADDRESS", street),
    "zip": ("ZIP_CODE", zip_code),
    "fac": ("FACILITY", facility),
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
    "veh": ("VEHICLE_ID", vehicle),
    "dev": ("DEVICE_ID", device),
    "vin": ("VEHICLE_ID", lambda r: "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))),
    "bio": ("BIOMETRIC", lambda r: r.choice(BIOMETRICS)),
    "photo": ("PHOTO", lambda r: r.choice(PHOTOS)),
    "oid": ("OTHER_ID", other_id),
    "pp": ("OTHER_ID", lambda r: r.choice([_digits(r, 9), f"{_letters(r, 1)}{_digits(r, 8)}", f"{_letters(r, 2)}{_digits(r, 7)}"])),
    "dea": ("LICENSE_NUMBER", lambda r: f"{_letters(r, 2)}{_digits(r, 7)}"),
}

# Clinician-style texts with identifiers. Each is rendered several times with fresh values.
PHI_TEMPLATES = [
    # telephone triage
    "Called by {rel} {name} re: pt's BP 188/104 this am, asking if she should go in. Callback {phone}.",
    "TC from {title} {last} ({okage}F), dizzy since breakfast, no chest pain. Best # {phone}, ok to leave msg.",
    "Caller is the pt's {rel}, {first}. Says he fell at home on {date}; lives alone at {street}.",
    "{oldrel} is {age} and has stopped eating since Sunday - is that a reason to go to the ER?",
    "My {rel} {first} is {age} years old and sleeps most of the day now. Should we worry?",
    "Phone triage: {age}yo M, SOB on exertion, ankles swollen. Wife {first} at {phone}.",
    "Pt's {rel} wants to know whether a {age} year old can have the shingles shot.",
    "Message for Dr. {last}: {name} ran out of metoprolol, pharmacy on {street}, {town}.",
    "Is it safe to drive {first} to {fac} tonight or should we call 911? He is {age}.",
    "Hospice nurse from {fac} asks about morphine dosing for a pt aged {age}; reach her on {phone}.",
    # referrals
    "Referral: {name}, DOB {date}, MRN {mrn}, to rheumatology at {fac} for suspected PMR.",
    "Dear colleague, I am referring {title} {last}, a {age}-year-old retired teacher from {town}, for a falls review.",
    "Please see {name} (MRN {mrn}), {okage}M from {town}, {state}, for colonoscopy; last scope {date}.",
    "Referring to {fac}. Pt: {name}. Ins: member ID {hpn}. Reply by fax {fax}.",
    "Attached referral for {name}. Kindly send the consult note to our fax: {fax}, attn Dr. {last}.",
    "Ortho referral from {fac}: {okage}F, fall on ice {date}, wrist deformity. Contact {email}.",
    "New referral via the portal, ref # {oid}, for {name}, Medicaid {hpn}.",
    "Transfer request from {fac} in {town}: {age} yo F, NSTEMI, DNR/DNI, accepting MD Dr. {last}.",
    # notes
    "S: {okage}yo F seen at {fac} on {date} for cough. O: T 38.1. A/P: CXR, f/u with Dr. {last}.",
    "Pt lives with her {rel} in a trailer off {street}, near {town}; no running water since {date}.",
    "SH: widowed, {age}, lives alone in {town}, still drives a pickup (plate {veh}).",
    "HPI: {name} is a {age} y.o. woman with CKD 4 brought from {fac} after a fall.",
    "Seen in clinic {date}. Pt works nights at the cannery in {town}. Next visit in 3 months.",
    "PMH reviewed with pt's {rel} {name}, who holds POA. Pt is {age}.",
    "Pacemaker interrogated; device serial {dev}, battery 7 yrs. Implanted at {fac} on {date}.",
    "Insulin pump S/N {dev} alarmed overnight; pt's {rel} {first} changed the set.",
    "CGM transmitter ID {dev} replaced today, previous one failed {date}.",
    "Pt consented to {photo} for the wound chart; images stored under case {oid}.",
    "Pt declined {bio} enrolment at the pharmacy kiosk; staff verified identity with a {photo} instead.",
    "Workers' comp claim {oid}: injured at the sawmill in {county} on {date}.",
    "Enrolled in the trial as subject {oid}; coordinator {name}, {email}.",
    # handoffs / sign-outs
    "Sign-out: bed 12, {name}, {age}F, CHF exacerbation, on IV lasix, code status DNR.",
    "HANDOFF - {title} {last}, {okage}M, came from {fac} by ambulance, troponin pending, family in {town}.",
    "Overnight: {name} (MRN {mrn}) pulled his IV twice; son {first} aware, call {phone} if worse.",
    "Handover: {age} yo nursing home resident from {fac}, urosepsis, lactate 3.1, on cefepime.",
    "Night float note: {title} {wlast} in rm 4 had a rapid response at 0300, stable now; daughter updated.",
    "Sign out to Dr. {last}: pt {name}, admitted {date}, awaiting MRI, NPO after midnight.",
    "Handoff: {age}M from {town}, anticoag reversal done, next INR at 0600.",
    # discharge / transfer
    "Discharged {date} to {fac} with home O2; follow up with Dr. {last} in 2 weeks.",
    "D/C summary faxed to {fac} at {fax} on {date}.",
    "Discharge address confirmed: {street}, {town}, {state} {zip}.",
    "Going home with her {rel} to {town}; VNA from {fac} to visit {date}.",
    "Transferred to {fac} on {date} for higher level of care; report called to RN {first}.",
    "Discharge med rec done; Rx {oid} sent to the pharmacy on {street}.",
    "After-visit summary mailed to {street}, {zip}; copy emailed to {email}.",
    # portal messages
    "Portal msg from {name}: \"I'm {age} and my feet are numb, can Dr. {last} see me this week?\"",
    "Portal: pt uploaded a {photo} and a photo of the rash to {url} and asks if it is shingles.",
    "Pt writes from {email}: the home BP cuff reads 170s, what should I do?",
    "Portal: {first} asks to change her pharmacy to the one in {town}; phone {phone}.",
    "Message relayed by front desk: {name} can't log in from IP {ip}, locked out after 3 tries.",
    "Patient says the app asked for a {bio} to open her records and it keeps failing.",
    "Portal access log: login for MRN {mrn} from {ip} at 02:14.",
    "Pt sent link {url} with his home readings, asks for a call back at {phone}.",
    # pharmacy / lab / records
    "Pharmacy called: DEA # {dea} on the oxycodone script doesn't match, fax the corrected Rx to {fax}.",
    "The pharmacy on {street} needs Dr. {last}'s licence number {lic} for the controlled Rx.",
    "Lab called critical K 6.4 on {name}, MRN {mrn}, drawn {date}.",
    "Records request from {fac}: please fax notes to {fax}, attention medical records.",
    "Fax the signed order back, our secure line is {fax}.",
    "Billing: acct {acct} shows a balance from the ED visit on {date}; pt's {rel} asked for a payment plan.",
    "Pt paid copay with card {acct}; receipt emailed to {email}.",
    "Insurance: BCBS member # {hpn} for {name}.",
    "Prior auth submitted for {name}, Medicare MBI {hpn}, DOB {date}.",
    "Verified SSN {ssn} with the pt for the disability form.",
    "Social work: pt's SSN is {ssn}, needs help with Medicaid application in {county}.",
    "Pt's driver's licence {lic} scanned for ID; he lives at {street}.",
    # care home / community
    "Care home ({fac}) calling: resident {name}, {age}, found on floor, no head strike, on apixaban.",
    "EMS: picked up from {street} in {town}, {age}F, GCS 14, vehicle {veh} involved in minor MVC.",
    "MVC in {county}: pt was driver of car with plate {veh}; airbag deployed.",
    "Police report lists the VIN {vin} for the car that struck the cyclist.",
    "Home visit to {street}, {town}: {age} yo lives with her son, house cluttered, smoke alarm absent.",
    "Wandering risk: resident wears a tracker, device ID {dev}; if found call the unit at {phone}.",
    "Mobile crisis team met pt near {town}, {county}; pt's cell {phone}.",
    "Community paramedic visit at {street}; pt's {rel} {name} present.",
    # misc identifiers
    "Passport number {pp} recorded for the medical-travel letter.",
    "Employee badge {oid} belongs to the pt, who works at {fac}.",
    "School nurse at {town} Middle School faxed the asthma plan from {fax}.",
    "Pt moved here from {town} in {year}; old records at {fac}.",
    "Lives in {county}, drives 40 min to dialysis at {fac}.",
    "Daughter {name} lives in {town} and visits on weekends.",
    "A {bio} is on file at the eye clinic for the study visit.",
    "Pt enrolled a {bio} for the self-check-in kiosk at {fac}.",
    "Photo ID checked; {photo} added to the chart for the wristband.",
    "{name} turned {age} last week and is still mowing the lawn.",
    "Age: {age}. Sex: F. Allergies: PCN.",
    "Pt, aged {age}, presents with new confusion and a UTI.",
    "{age}F with dementia, DNR, from {fac}, here with UTI.",
    "Centenarian ({age}) seen in clinic for hearing aids.",
    "Nonagenarian, {age} yrs, with aortic stenosis, declining TAVR.",
    "Pt was born {date} in {town} and has lived there since.",
    "Vaccines: Tdap {date}, flu {date}, given at {fac}.",
    "Last menstrual period {date}; EDD per dating US {date}.",
    "Surgery scheduled {date} at {fac}; pre-op call to {phone}.",
    "Fax: {fax} | Phone: {phone} | {fac}",
    "Please send the MRI disc to {fac}, {street}, {town}, {zip}.",
    "Hospitalized in {town} for pneumonia in {year}, and again on {date} at {fac}.",
    "Pt from {town} visiting family near {town}, needs a refill of insulin.",
    "Grew up in {town}; moved to {town} after her husband died.",
    "Referred by Dr. {last} of {fac}, tel {phone}, fax {fax}.",
    "Contact: {name}, {rel}, {phone} (cell), {email}.",
    # more of the rarer identifiers
    "IT ticket: the infusion pump at bed 7 (asset {dev}) dropped off the network, last IP {ip}.",
    "Remote monitoring: the home ventilator, serial {dev}, uploads from {ip} nightly.",
    "Suspicious logins to the pt's chart from {ip} and {ip}; privacy office notified.",
    "Video visit failed; pt's router showed {ip}. Rescheduled to {date}.",
    "Pt gave SSN {ssn} and Medicaid ID {hpn} at registration.",
    "Disability paperwork: claimant {name}, SS# {ssn}, last worked {date}.",
    "Collections letter re: account no. {acct}, balance $412, sent to {street}.",
    "Refund issued to card {acct}; pt {name} notified.",
    "Guarantor acct {acct}, self-pay, statement to {email}.",
    "Nursing licence {lic} verified for the agency RN covering {fac}.",
    "Pt's CDL {lic} is due for renewal; DOT physical done {date}.",
    "Prescriber DEA {dea} and NPI on file at {fac}.",
    "The ambulance, unit plate {veh}, brought him from {town}.",
    "Parking services towed a car (VIN {vin}) belonging to the pt's {rel}.",
    "Shared the discharge video at {url}; password sent by text to {phone}.",
    "Pt's blog {url} mentions her diagnosis; social work aware.",
    "Pt posted a {photo} on the support group page {url}.",
    "Chart has a {photo} taken at intake on {date} for ID purposes.",
    "Pt requests that the {photo} in her record be replaced.",
    "Staff used {bio} matching to identify the unresponsive man brought from {town}.",
    "Email from {email}: \"my mother is {age}, can she get the RSV vaccine?\"",
    "Send the forms to {email} or fax {fax}.",
    "Pt's SSN {ssn} was written on the intake sheet left at {fac}.",
]

# Medical eponyms by what they are, so that the PHI-free texts read as clinicians write them.
SIGNS = ["Murphy's sign", "Kernig's sign", "Brudzinski sign", "Homans' sign", "Babinski", "Hoffmann's sign",
         "Romberg", "Phalen's test", "Tinel's sign", "Lachman test", "McMurray test", "Apley grind",
         "Finkelstein test", "Spurling's test", "Kehr's sign", "Rovsing's sign", "Cullen's sign", "Grey Turner sign",
         "Chvostek sign", "Trousseau's sign", "Battle sign", "Nikolsky sign", "Dix-Hallpike", "Trendelenburg test",
         "Ortolani", "Barlow test", "Thompson test", "Hawkins-Kennedy", "Neer test", "Speed's test", "Patrick test",
         "Lasègue sign", "Allen test", "Kanavel signs", "Blumberg sign", "Levine sign", "Homan's"]
FINDINGS = ["Virchow's node", "Janeway lesions", "Osler nodes", "Roth spots", "Koplik spots", "Heberden's nodes",
            "Bouchard's nodes", "Kayser-Fleischer rings", "an Argyll Robertson pupil", "a Marcus Gunn pupil",
            "Kerley B lines", "an Austin Flint murmur", "Kussmaul breathing", "Cheyne-Stokes respirations",
            "Beck's triad", "Charcot's triad", "Gottron papules", "Koebner phenomenon", "a Horner pupil",
            "Auspitz sign", "Mees' lines", "Beau's lines", "Quincke pulse", "Corrigan pulse", "Lhermitte's sign"]
DISEASES = ["Bell's palsy", "Wernicke encephalopathy", "Korsakoff syndrome", "Guillain-Barré", "Addison's disease",
            "Cushing syndrome", "Hashimoto thyroiditis", "Graves disease", "Crohn's disease", "Meckel's diverticulum",
            "Hirschsprung disease", "Kawasaki disease", "Reye syndrome", "Tourette's", "Alzheimer's",
            "Parkinson's", "Huntington disease", "Duchenne dystrophy", "Marfan syndrome", "Ehlers-Danlos",
            "Down syndrome", "Turner syndrome", "Klinefelter syndrome", "Wolff-Parkinson-White", "Brugada syndrome",
            "a Mallory-Weiss tear", "Zenker's diverticulum", "Barrett's esophagus", "Sjögren's", "Raynaud's",
            "Still's disease", "Behçet's", "Takayasu arteritis", "Buerger's disease", "Dupuytren's contracture",
            "Osgood-Schlatter", "Legg-Calvé-Perthes", "a Colles fracture", "a Smith fracture", "a Bennett fracture",
            "a Jones fracture", "a Monteggia fracture", "a Baker's cyst", "Morton's neuroma", "Lyme disease",
            "Hodgkin lymphoma", "Burkitt lymphoma", "a Wilms tumor", "Ewing sarcoma", "Kaposi sarcoma",
            "Paget's disease", "Peyronie's", "Ménière's disease", "Tietze syndrome", "Stevens-Johnson syndrome",
            "Munchausen by proxy", "Asperger's", "a Bartholin cyst", "tetralogy of Fallot", "Ebstein anomaly",
            "Eisenmenger syndrome", "Wilson disease", "von Willebrand disease", "Hartnup disease", "Bowen's disease",
            "Conn syndrome", "Dressler syndrome", "Budd-Chiari", "Fournier's gangrene", "Ludwig's angina",
            "Lou Gehrig's disease", "Creutzfeldt-Jakob", "Tay-Sachs", "Gaucher disease", "Pott's disease"]
DEVICES = ["Holter monitor", "Foley catheter", "Swan-Ganz catheter", "Jackson-Pratt drain", "Penrose drain",
           "Hickman line", "Whipple procedure", "Nissen fundoplication", "Roux-en-Y bypass", "Bankart repair",
           "Hartmann's procedure", "Kasai procedure", "Ilizarov frame", "Thomas splint", "Miami J collar",
           "Philadelphia collar", "Sengstaken-Blakemore tube", "Yankauer", "Epley maneuver", "Heimlich maneuver",
           "Valsalva maneuver", "Pavlik harness", "Denis Browne bar", "Ommaya reservoir", "Groshong catheter"]
SCORES = ["Apgar of 8 and 9", "Glasgow Coma Scale of 14", "Wells score of 3", "Caprini score 6", "Padua score 4",
          "CHA2DS2-VASc of 4", "HAS-BLED 2", "Ranson criteria", "Alvarado score 7", "Centor score 3",
          "McIsaac score", "PERC negative", "revised Geneva score", "CURB-65 of 2", "PORT class III",
          "Bishop score of 6", "Braden scale 13", "Morse fall score 45", "Norton scale", "Ottawa ankle rules",
          "Canadian C-spine rule", "NEXUS criteria", "PECARN rule", "HEART score 5", "TIMI 3", "GRACE score",
          "Killip class II", "NYHA class III", "Child-Pugh B", "MELD 21", "Mallampati III", "ASA 3",
          "Karnofsky 60", "ECOG 2", "Gleason 3+4", "Breslow depth", "Ann Arbor stage II", "Duke criteria",
          "Jones criteria", "Light's criteria", "Rome IV criteria", "Beighton score 6", "Tanner stage 3",
          "Ballard score", "Westley croup score 3", "Lund-Browder chart", "Parkland formula",
          "Cockcroft-Gault", "Winter's formula", "Mentzer index", "Hamilton scale", "Beck Depression Inventory",
          "PHQ-9 of 14", "GAD-7 of 11", "CIWA 12", "COWS 9", "AUDIT-C 5", "Edinburgh Postnatal Depression Scale 13",
          "Montreal Cognitive Assessment 22/30", "Mini-Cog 2", "Forrest IIa", "Los Angeles grade B esophagitis",
          "Boston Bowel Prep Scale 7", "Manchester triage category", "Oxford knee score", "San Francisco syncope rule",
          "Vancouver scar scale", "Glasgow-Blatchford 8", "Rockall score", "New York Heart Association class II",
          "Berlin criteria for ARDS", "Denver shunt", "Milan criteria", "Baltimore classification",
          "Toronto bedside swallowing screen", "Canadian CT head rule", "Geneva score", "Sydney protocol"]
GENERIC_PLACES = ["the ED", "urgent care", "the walk-in clinic", "outpatient rehab", "a skilled nursing facility",
                  "the cath lab", "the ICU", "Telemetry", "step-down", "the infusion center", "the dialysis unit",
                  "the county hospital", "a nursing home", "the pharmacy", "L&D", "the PACU", "Radiology",
                  "the main OR", "Pediatrics", "the burn unit", "the NICU", "the ER", "a tertiary center",
                  "the sleep lab", "Endoscopy", "the ortho clinic", "Cardiology", "the psych ward", "Hospice",
                  "home health", "the wound clinic", "Pulmonary Function Lab", "the VA", "Oncology", "Med-Surg",
                  "the float pool", "Interventional Radiology", "the Emergency Department", "Nephrology",
                  "the anticoagulation clinic", "Labor and Delivery", "the stroke unit", "Physical Therapy"]
DRUGS = ["apixaban", "Eliquis", "metformin", "Lasix", "Norco", "Zofran", "Keppra", "Humalog", "Lantus", "Xarelto",
         "Coumadin", "Synthroid", "Seroquel", "Ativan", "Bactrim", "Keflex", "Flomax", "Aricept", "Entresto",
         "Ozempic", "Jardiance", "Plavix", "Protonix", "Tylenol", "Motrin", "Benadryl", "Narcan", "Solu-Medrol"]

CLEAN_TEMPLATES = [
    "Pt is a {okage}-year-old with {dz}; {sc} on arrival, sent to {gp}.",
    "{okage}M, hx of {dz} dx {year}, now with {find}. Plan: {gp} in AM.",
    "Handoff: {okage}F, {dz}, {sign} positive, from {gp}, on {drug}.",
    "Sign-out: {dz} vs {dz2}; {sc}; keep on {gp} overnight.",
    "Telemetry: {okage}yo with {dz}, started {drug}; {sc}.",
    "Q: Does a negative {sign} rule out {dz} in a {okage}-year-old? {sc} documented.",
    "Caller's mother, {oldage}, has {dz} and wants to know if {drug} is safe.",
    "Discharged from {gp} to {gp2} with a {devp}; {dz} stable; {sc} at discharge.",
    "Portal: \"Is {dz} hereditary? My dad was diagnosed in {year}.\"",
    "Used {sc} and {sc2}; low risk, follow up in {gp}.",
    "Exam: {sign} negative, {sign2} positive, no {find}. Ordered {drug}.",
    "Grandmother, {oldage}, lives with the family and has {dz}.",
    "ED course: {sc}; consulted {gp}; {dz} suspected, {find} noted.",
    "A {oldage} y/o with {dz} asks about {drug}; seen at {gp} in {year}.",
    "Consult question: how do you use {sc} when the pt also has {dz}?",
    "Ward round: {dz}; {find} on exam; {sc}; transfer to {gp} if worse.",
    "Progress note: day 3 of {drug} for {dz}; {sc}; PT from {gp} saw pt.",
    "Teaching point: {find} points to {dz}; {sc} helps stratify.",
    "Pt aged {okage}, {dz}, referred to {gp}; no driving until reviewed.",
    "Since {year} on {drug} for {dz}; last seen in {gp} {n} weeks ago.",
    "Phone note: mom worried about {dz}; advised {gp} if fever >39.",
    "Triage: {okage}F, {sc}, known {dz}, to {gp}.",
    "Re-check {sc} in {n} hours; if rising, move to {gp2}.",
    "Nurse asks whether {dz} needs isolation on {gp}.",
    "SBAR - S: {find}. B: {okage}M, {dz} since {year}. A: {sc}. R: {gp}.",
    "Discharge line: return to {gp} for worsening {dz}; continue {drug}; {devp} out in {n} days.",
    "Family hx: father had {dz} at {oldage}, mother {dz2}.",
    "Med student asks about {sign}; reviewed {sc} at the bedside in {gp}.",
    "Pt in her 90s per family, exact age unknown, with {dz}; sent to {gp}.",
    "Over 90 and frail; {dz}; {sc}; comfort care discussed with {gp}.",
    "{devp} done in {gp}; {sign} repeated, now negative.",
    "POD 2 after {devp}; {sc}; ambulating with {gp}.",
    "Born {year}, {dz}, on {drug}; {sign} equivocal.",
    "Husband, {oldage}, is the main carer; pt has {dz} and {find}.",
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
    return text, spans


def _render_clean(template: str, rng: random.Random) -> str:
    fills = {"dz": lambda: rng.choice(DISEASES), "dz2": lambda: rng.choice(DISEASES),
             "sign": lambda: rng.choice(SIGNS), "sign2": lambda: rng.choice(SIGNS),
             "find": lambda: rng.choice(FINDINGS), "devp": lambda: rng.choice(DEVICES),
             "oldage": lambda: str(rng.randint(60, 89)), "sc": lambda: rng.choice(SCORES),
             "sc2": lambda: rng.choice(SCORES), "gp": lambda: rng.choice(GENERIC_PLACES),
             "gp2": lambda: rng.choice(GENERIC_PLACES), "drug": lambda: rng.choice(DRUGS),
             "okage": lambda: age_ok(rng), "year": lambda: str(rng.randint(1985, 2025)),
             "n": lambda: str(rng.randint(2, 12))}
    return re.sub(r"\{(\w+)\}", lambda m: fills[m.group(1)](), template)


def build(seed: int = SEED, per_template: int = 6, clean_per_template: int = 6) -> list[dict]:
    """The set's rows: every PHI template rendered ``per_template`` times, then the PHI-free texts."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for t_index, template in enumerate(PHI_TEMPLATES):
        made = 0
        while made < per_template:
            text, spans = _render(template, rng)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"id": f"locked3-phi-{len(rows):04d}", "kind": "phi", "text": text, "spans": spans})
            made += 1
    n_phi = len(rows)
    for template in CLEAN_TEMPLATES:
        made = 0
        while made < clean_per_template:
            text = _render_clean(template, rng)
            if text in seen:
                continue
            seen.add(text)
            rows.append({"id": f"locked3-clean-{len(rows) - n_phi:04d}", "kind": "clean", "text": text, "spans": []})
            made += 1
    for row in rows:
        for s in row["spans"]:
            assert row["text"][s["start"]:s["end"]] == s["value"], row
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
