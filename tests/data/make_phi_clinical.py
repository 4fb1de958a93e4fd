"""Writes tests/data/phi_clinical.jsonl: the project's synthetic clinical PHI set.

Written for Prescreen. Every identifier is fictional by construction:
surnames, streets and towns are invented; telephone numbers use the 555-01xx
range reserved for fiction; e-mail and web addresses use the reserved
``example.*`` domains (RFC 2606); IP addresses come from the documentation
ranges (RFC 5737); card and bank numbers are the published test numbers or
random digits. Running it again with the same seed writes the same file.

Each line: ``{"id", "kind": "phi"|"holdout"|"clean", "text", "spans": [{"entity_type",
"start", "end"}]}`` with exclusive ends. ``clean`` texts carry no PHI but are
full of what must not be flagged: ages up to 89, bare years, drug names,
generic times, vitals, scores, ICD-10 codes and priorities. ``holdout`` texts
use phrasings written after the recognizers were tuned and never tuned against.

Usage: python tests/data/make_phi_clinical.py [--seed 5] [--out PATH]
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phi_generator  # noqa: E402  (tests/data/phi_generator.py: filling, span check, CLI)

FIRST = ["Tamsin", "Orla", "Jarek", "Mireya", "Hoang", "Priyanka", "Ruslan", "Adaeze", "Wendell", "Ilse",
         "Caspian", "Delphine", "Ezekiel", "Fenna", "Gideon", "Halcyon", "Isadora", "Joaquin", "Katya",
         "Lorcan", "Marisol", "Nikolai", "Oona", "Percival", "Rosalind", "Soren", "Thaddeus", "Ulla",
         "Valentina", "Wilhelmina", "Xiomara", "Yusuf", "Zinnia", "Amadou", "Bettina", "Cormac"]
LAST = ["Brackwell", "Tindlemore", "Quenby", "Ashgrove", "Pellham", "Corrowan", "Felsworth", "Garrowby",
        "Hallisey", "Ingleby", "Kettleborne", "Larchmont", "Merriwell", "Norcastle", "Penrowan", "Quillan",
        "Stellwood", "Thornbury", "Vexley", "Wrenfield", "Yarrowby", "Zellerby", "Abernathe", "Belcourt",
        "Oyelaran", "Vekhterev", "Castellanos-Brun", "Trieu-Lam", "Venkatarao", "Okoronkwo", "Marrowby",
        "Dunholt", "Esterbrook", "Fairwether", "Glenhallow", "Hollingrake"]
STREETS = ["Larkspur Hollow", "Quarry Bend", "Tamarack", "Old Mill Pond", "Fernleigh", "Bramblecote",
           "Heron Glade", "Copperbeech", "Saltmarsh", "Windlass", "Juniper Ridge", "Otterburn"]
SUFFIX = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Ln", "Drive", "Court", "Way", "Boulevard",
          "Place", "Terrace", "Circle"]
TOWNS = ["Fernhaven", "Port Calloway", "Ashbury Falls", "Millbrook Crossing", "Lower Quenton", "Harrowmere",
         "Saltcombe", "Eastwick Hollow", "Brindlewood", "Cold Harbor Springs", "Marrow Bay", "Tillingford"]
STATES = ["OR", "WA", "CA", "NM", "OH", "GA", "MN", "VT", "TX", "NC"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DRUGS = ["metformin", "lisinopril", "atorvastatin", "amlodipine", "albuterol", "sertraline", "insulin glargine",
         "furosemide", "bictegravir/emtricitabine/tenofovir alafenamide", "dolutegravir", "buprenorphine",
         "naloxone", "levothyroxine", "omeprazole", "prednisone", "amoxicillin", "ibuprofen", "acetaminophen",
         "Lasix", "Tylenol", "Eliquis", "Jardiance", "Ozempic", "Biktarvy", "Symbicort", "Zoloft"]


def fill(rng: random.Random, template: str) -> tuple[str, list[dict]]:
    """Fill ``{TYPE}`` or ``{TYPE:variant}`` slots; ``{=...}`` slots are unlabelled fillers."""
    return phi_generator.fill(rng, template, phi_generator.from_table(VALUES), FILLERS, record_value=False)


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(n))


def person(rng: random.Random, variant: str) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    style = variant or rng.choice(["full", "initial", "last", "full", "comma"])
    return {"full": f"{first} {last}", "initial": f"{first[0]}. {last}", "last": last,
            "comma": f"{last}, {first}", "first": first}[style]


def date(rng: random.Random, variant: str) -> str:
    y, m, d = rng.randint(1931, 2026), rng.randint(1, 12), rng.randint(1, 28)
    style = variant or rng.choice(["us", "us2", "iso", "long", "dmy", "abbr", "monthday", "monthyear", "dash"])
    return {"us": f"{m:02d}/{d:02d}/{y}", "us2": f"{m}/{d}/{y % 100:02d}", "iso": f"{y}-{m:02d}-{d:02d}",
            "long": f"{MONTHS[m - 1]} {d}, {y}", "dmy": f"{d} {MONTHS[m - 1]} {y}",
            "abbr": f"{MONTHS[m - 1][:3]} {d}, {y}", "monthday": f"{MONTHS[m - 1]} {d}",
            "monthyear": f"{MONTHS[m - 1]} {y}", "dash": f"{d:02d}-{MONTHS[m - 1][:3]}-{y}",
            "slashday": f"{m}/{d}"}[style]


def street(rng: random.Random, variant: str) -> str:
    base = f"{rng.randint(2, 9899)} {rng.choice(STREETS)} {rng.choice(SUFFIX)}"
    if variant == "unit" or (not variant and rng.random() < 0.35):
        base += rng.choice([", Apt ", ", Apt. ", ", Unit ", " #", ", Suite "]) + f"{rng.randint(1, 40)}{rng.choice(['', 'B', 'C'])}"
    return base


def phone(rng: random.Random, variant: str) -> str:
    area, line = f"{rng.randint(201, 989)}", f"01{rng.randint(0, 99):02d}"
    style = rng.choice(["paren", "dash", "dot", "intl"])
    return {"paren": f"({area}) 555-{line}", "dash": f"{area}-555-{line}", "dot": f"{area}.555.{line}",
            "intl": f"+1 {area} 555 {line}"}[style]


def ssn(rng: random.Random, variant: str) -> str:
    area = rng.choice([a for a in range(101, 899) if a != 666])
    return f"{area:03d}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" if variant != "plain" else \
        f"{area:03d}{rng.randint(10, 99)}{rng.randint(1000, 9999)}"


def mrn(rng: random.Random, variant: str) -> str:
    return rng.choice([digits(rng, 8), f"{digits(rng, 4)}-{digits(rng, 4)}", f"A{digits(rng, 7)}",
                       f"MR-{digits(rng, 6)}", f"{digits(rng, 7)}"])


def plan(rng: random.Random, variant: str) -> str:
    mbi = f"{rng.randint(1, 9)}{alnum(rng, 3)}-{alnum(rng, 3)}-{alnum(rng, 4)}"
    return rng.choice([mbi, f"{alnum(rng, 3)}{digits(rng, 8)}", f"{digits(rng, 9)}A", f"PLN-{digits(rng, 4)}-{digits(rng, 4)}",
                       f"W{digits(rng, 9)}"])


def account(rng: random.Random, variant: str) -> str:
    if variant == "card":
        return rng.choice(["4111 1111 1111 1111", "5555555555554444", "4012-8888-8888-1881", "378282246310005"])
    if variant == "iban":
        return rng.choice(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "GB33BUKB20201555555555"])
    return rng.choice([digits(rng, 10), f"{digits(rng, 4)}-{digits(rng, 6)}", f"AC{digits(rng, 8)}"])


def licence(rng: random.Random, variant: str) -> str:
    return rng.choice([f"D{digits(rng, 7)}", f"RN-{digits(rng, 6)}", f"{rng.choice('ABFM')}{rng.choice('KLMNPQ')}{digits(rng, 7)}",
                       f"C {digits(rng, 5)}", f"{digits(rng, 10)}", f"LIC-{alnum(rng, 6)}"])


def vehicle(rng: random.Random, variant: str) -> str:
    if variant == "vin" or (not variant and rng.random() < 0.5):
        return rng.choice(["1HGCM82633A004352", "JH4KA7561PC008269", "5YJSA1E14HF176543", "1FTFW1ET5DFC10312",
                           "3VWFE21C04M000001", "WDBRF61J43F123456"])
    return rng.choice([f"{rng.randint(1, 9)}{alnum(rng, 3)}{digits(rng, 3)}", f"{alnum(rng, 3)}-{digits(rng, 4)}"])


def device(rng: random.Random, variant: str) -> str:
    return rng.choice([f"PMX-{digits(rng, 6)}-B", f"{digits(rng, 2)}A-{digits(rng, 5)}", f"{alnum(rng, 6)}",
                       f"{digits(rng, 15)}", f"(01)00643169{digits(rng, 6)}", f"SN{digits(rng, 9)}"])


def email(rng: random.Random, variant: str) -> str:
    user = f"{rng.choice(FIRST).lower()}{rng.choice(['.', '_', ''])}{rng.choice(LAST).lower()}{rng.choice(['', str(rng.randint(1, 99))])}"
    return f"{user}@{rng.choice(['example.org', 'example.com', 'example.net', 'mail.example.org'])}"


def url(rng: random.Random, variant: str) -> str:
    return rng.choice([f"https://portal.example.org/patients/{digits(rng, 6)}", f"www.example.com/{rng.choice(LAST).lower()}",
                       f"http://photos.example.net/u/{alnum(rng, 5).lower()}", f"https://example.org/chart?id={digits(rng, 7)}"])


def ip(rng: random.Random, variant: str) -> str:
    return rng.choice([f"192.0.2.{rng.randint(1, 254)}", f"198.51.100.{rng.randint(1, 254)}", f"203.0.113.{rng.randint(1, 254)}",
                       f"2001:db8::{rng.randint(1, 999):x}"])


VALUES = {
    "PERSON": person, "DATE": date, "STREET_ADDRESS": street, "LOCATION": lambda r, v: r.choice(TOWNS),
    "ZIP_CODE": lambda r, v: f"{r.randint(10000, 99950)}" + (f"-{digits(r, 4)}" if r.random() < 0.2 else ""),
    "AGE_OVER_89": lambda r, v: str(r.randint(90, 106)), "PHONE_NUMBER": phone, "FAX_NUMBER": phone,
    "EMAIL_ADDRESS": email, "US_SSN": ssn, "MEDICAL_RECORD_NUMBER": mrn, "HEALTH_PLAN_NUMBER": plan,
    "ACCOUNT_NUMBER": account, "LICENSE_NUMBER": licence, "VEHICLE_ID": vehicle, "DEVICE_ID": device,
    "URL": url, "IP_ADDRESS": ip, "OTHER_ID": lambda r, v: r.choice([f"TRX-{digits(r, 5)}", f"X{digits(r, 8)}", f"E-{digits(r, 5)}"]),
    "BIOMETRIC": lambda r, v: v.replace("_", " "), "PHOTO": lambda r, v: v.replace("_", " "),
}

FILLERS = {
    "age": lambda r: str(r.randint(1, 89)),
    "year": lambda r: str(r.randint(1990, 2026)),
    "drug": lambda r: r.choice(DRUGS),
    "state": lambda r: r.choice(STATES),
    "dose": lambda r: r.choice(["5 mg", "10 mg", "20 mg", "500 mg", "1000 mg BID", "40 mg daily", "2 puffs q4h PRN", "25 mcg"]),
    "bp": lambda r: f"{r.randint(96, 190)}/{r.randint(58, 112)}",
    "hr": lambda r: str(r.randint(48, 140)),
    "spo2": lambda r: str(r.randint(84, 100)),
    "temp": lambda r: f"{r.uniform(36.0, 40.2):.1f}",
    "ago": lambda r: r.choice(["2 days ago", "3 weeks ago", "yesterday", "this morning", "last night", "about 6 hours ago",
                               "since Monday", "for the past 10 days", "4 months ago", "last week"]),
    "time": lambda r: r.choice(["14:30", "08:15", "at noon", "0600", "9 pm", "overnight"]),
    "sex": lambda r: r.choice(["male", "female", "man", "woman", "M", "F"]),
    "icd": lambda r: r.choice(["E11.9", "I10", "J45.909", "B20", "F32.1", "Z59.0", "I50.9", "J44.1", "F11.20", "R07.9"]),
    "prio": lambda r: r.choice(["Critical", "High", "Medium", "Low", "HIGH", "CRITICAL"]),
    "a1c": lambda r: f"{r.uniform(5.4, 12.5):.1f}",
    "cd4": lambda r: str(r.randint(40, 1100)),
    "vl": lambda r: r.choice(["<20", "48", "1,250", "87,000", "undetectable"]),
    "phq": lambda r: str(r.randint(0, 27)),
    "pain": lambda r: f"{r.randint(1, 10)}/10",
    "n": lambda r: str(r.randint(2, 12)),
}

PHI_TEMPLATES = [
    # names in clinical phrasing
    "Seen by Dr. {PERSON:last} in clinic for follow-up of {=drug} dosing.",
    "pt {PERSON:initial} c/o chest pain radiating to the left arm, onset {=ago}.",
    "Patient {PERSON:full} reports missed doses of {=drug} over the weekend.",
    "Referred by {PERSON:full}, NP, for uncontrolled hypertension.",
    "Discussed results with the patient's daughter, {PERSON:full}, by phone.",
    "Mrs. {PERSON:last} arrived by ambulance with shortness of breath.",
    "Attending: Dr {PERSON:full}. Resident: {PERSON:full}.",
    "Signed by {PERSON:full}, RN, triage nurse.",
    "{PERSON:comma} is a {=age} y/o {=sex} with poorly controlled asthma.",
    "Case reviewed with Dr. {PERSON:initial}; plan to restart {=drug}.",
    "Emergency contact: {PERSON:full} (spouse), phone {PHONE_NUMBER}.",
    "Mr. {PERSON:full} was counselled on PEP adherence and side effects.",
    # dates
    "Admitted on {DATE:us} with community-acquired pneumonia.",
    "DOB: {DATE:us}. Allergies: penicillin.",
    "Date of birth {DATE:long}; presents with fatigue and polyuria.",
    "Discharged {DATE:iso} on {=drug} {=dose}.",
    "Last viral load drawn {DATE:dmy} was {=vl} copies/mL.",
    "Next appointment {DATE:abbr} at the diabetes clinic.",
    "Seen on {DATE:monthday} for a medication review.",
    "Hospitalised in {DATE:monthyear} for a COPD exacerbation.",
    "Date of service {DATE:dash}; wound check, healing well.",
    "Date of death: {DATE:us2}.",
    "Started {=drug} on {DATE:us} after A1c of {=a1c}%.",
    # ages over 89
    "{AGE_OVER_89}-year-old woman found on the floor at home, unable to stand.",
    "A {AGE_OVER_89} yo male with new confusion and fever.",
    "Patient is {AGE_OVER_89} years old and lives alone.",
    "Age: {AGE_OVER_89}. Fall risk high, on {=drug}.",
    "{AGE_OVER_89} y/o F with hip pain after a fall {=ago}.",
    "Resident, aged {AGE_OVER_89}, refuses transfer to hospital.",
    # geography
    "Lives at {STREET_ADDRESS} with her sister.",
    "Home address: {STREET_ADDRESS}, {LOCATION}, {=state} {ZIP_CODE}.",
    "Patient is homeless, sleeping near {STREET_ADDRESS} most nights.",
    "Moved to {LOCATION} last spring and has not found a new pharmacy.",
    "Resident of {LOCATION}; transport to clinic is a problem.",
    "Mailing address {STREET_ADDRESS}, {LOCATION} {=state} {ZIP_CODE}.",
    "Zip code {ZIP_CODE}; eligible for the county food program.",
    "Drives in from {LOCATION} for HIV care every three months.",
    "Ambulance picked him up at {STREET_ADDRESS}.",
    # contact
    "Call back number {PHONE_NUMBER} if labs are abnormal.",
    "Cell: {PHONE_NUMBER}. Prefers text reminders.",
    "Pharmacy fax {FAX_NUMBER}; refill request sent.",
    "Fax results to {FAX_NUMBER}, attention cardiology.",
    "Patient e-mail: {EMAIL_ADDRESS} for portal messages.",
    "Sent education handout to {EMAIL_ADDRESS}.",
    # numbers
    "SSN {US_SSN} on file with billing.",
    "Social security number: {US_SSN}.",
    "SSN# {US_SSN:plain} verified at registration.",
    "MRN {MEDICAL_RECORD_NUMBER}; follow-up in {=n} weeks.",
    "Medical record number {MEDICAL_RECORD_NUMBER}, chart reviewed.",
    "Chart # {MEDICAL_RECORD_NUMBER} flagged for care coordination.",
    "Pt ID: {MEDICAL_RECORD_NUMBER}. BP {=bp}, HR {=hr}.",
    "Medicare beneficiary identifier {HEALTH_PLAN_NUMBER}.",
    "Insurance member ID {HEALTH_PLAN_NUMBER}, group 4471.",
    "Medicaid ID: {HEALTH_PLAN_NUMBER}; prior authorisation pending.",
    "Health plan policy number {HEALTH_PLAN_NUMBER} expired last month.",
    "Subscriber ID {HEALTH_PLAN_NUMBER} on the insurance card.",
    "Billing account number {ACCOUNT_NUMBER} has an open balance.",
    "Acct # {ACCOUNT_NUMBER}; payment plan set up.",
    "Paid the copay with card {ACCOUNT_NUMBER:card}.",
    "Refund to IBAN {ACCOUNT_NUMBER:iban} requested.",
    "Driver's license {LICENSE_NUMBER} scanned at check-in.",
    "DEA number {LICENSE_NUMBER} used for the buprenorphine prescription.",
    "Nursing license no. {LICENSE_NUMBER}, verified.",
    "NPI {LICENSE_NUMBER} listed on the referral.",
    "Birth certificate number {LICENSE_NUMBER} provided for enrolment.",
    "VIN {VEHICLE_ID:vin} recorded in the motor vehicle crash report.",
    "License plate {VEHICLE_ID:plate} noted by EMS at the scene.",
    "Vehicle identification number {VEHICLE_ID:vin} per police report.",
    "Pacemaker serial number {DEVICE_ID}; interrogation normal.",
    "Insulin pump S/N {DEVICE_ID}, basal rates reviewed.",
    "CGM transmitter ID {DEVICE_ID} replaced today.",
    "Device ID {DEVICE_ID} paired with the home BP cuff.",
    "IMEI {DEVICE_ID} of the patient's phone used for the remote monitoring app.",
    "Study participant ID {OTHER_ID}; enrolled in the adherence trial.",
    "Passport number {OTHER_ID} copied for the benefits application.",
    # web
    "Uploaded glucose log at {URL}.",
    "Patient's personal blog {URL} describes her symptoms.",
    "Telehealth session from IP address {IP_ADDRESS}.",
    "Portal login from {IP_ADDRESS} flagged as unusual.",
    # biometric and photo
    "{BIOMETRIC:Fingerprint} captured for the controlled-substance cabinet.",
    "{BIOMETRIC:Retinal scan} identifier stored with the enrolment record.",
    "Patient enrolled by {BIOMETRIC:voiceprint} for phone refills.",
    "{BIOMETRIC:Iris scan} used to confirm identity before dispensing.",
    "{PHOTO:Full-face photograph} attached to the chart.",
    "{PHOTO:Photo ID} copied at registration.",
    "A {PHOTO:full-face photo} was taken for the wound-care record.",
    "{PHOTO:Facial photograph} uploaded to the portal profile.",
    # mixed notes
    "{PERSON:full}, DOB {DATE:us}, MRN {MEDICAL_RECORD_NUMBER}, seen for HIV follow-up; CD4 {=cd4}.",
    "Pt {PERSON:initial} ({AGE_OVER_89} yo) lives at {STREET_ADDRESS}; daughter's phone {PHONE_NUMBER}.",
    "Seen by Dr. {PERSON:last} on {DATE:long}; member ID {HEALTH_PLAN_NUMBER}.",
    "Contact {PERSON:full} at {EMAIL_ADDRESS} or {PHONE_NUMBER} about the food bank referral.",
    "{PERSON:full} from {LOCATION} called on {DATE:us} reporting chest pressure.",
]

# Held out: phrasings written after the recognizers were tuned, and never tuned against.
# The benchmark reports them separately as the less flattering, more honest figure.
HOLDOUT_TEMPLATES = [
    "Spoke with {PERSON:full} (pt's son) who will bring her in tomorrow.",
    "Per {PERSON:last} at the front desk, insurance was re-verified.",
    "{PERSON:initial} declined the flu vaccine again this season.",
    "Message left for Ms. {PERSON:last} re: abnormal potassium.",
    "Collateral obtained from roommate {PERSON:full}.",
    "Visit {DATE:us}: BP {=bp}, weight stable, continue {=drug}.",
    "Pt states last menstrual period was {DATE:monthday}.",
    "Follow-up scheduled for {DATE:long} with nephrology.",
    "Expired {DATE:iso} at 03:10, family at bedside.",
    "Very frail woman, {AGE_OVER_89} y.o., lives with her grandson.",
    "Pt turned {AGE_OVER_89} years old last week; still drives.",
    "Sister (aged {AGE_OVER_89}) is the main caregiver.",
    "Staying at the shelter on {STREET_ADDRESS} since the eviction.",
    "Home visit done at {STREET_ADDRESS}; stairs are a fall hazard.",
    "She commutes from {LOCATION}, about an hour each way.",
    "Family relocated to {LOCATION}, {=state} {ZIP_CODE} in the spring.",
    "Best number to reach him: {PHONE_NUMBER}.",
    "Records faxed to {FAX_NUMBER} per patient request.",
    "Portal username is {EMAIL_ADDRESS}.",
    "Verified identity with SSN ending {US_SSN} at the desk.",
    "Outside hospital MRN: {MEDICAL_RECORD_NUMBER}.",
    "Medicare # {HEALTH_PLAN_NUMBER} on file.",
    "Sliding-scale account {ACCOUNT_NUMBER} approved.",
    "Prescriber DEA {LICENSE_NUMBER}.",
    "Car involved in the collision: plate {VEHICLE_ID:plate}.",
    "Implanted loop recorder, serial {DEVICE_ID}.",
    "Photos of the rash uploaded via {URL}.",
    "Login attempts from {IP_ADDRESS} were blocked.",
    "Enrolled with {BIOMETRIC:thumbprint} at the methadone clinic.",
    "{PHOTO:Facial photograph} taken for the wound registry consent.",
    "Research subject ID {OTHER_ID}, visit 3 of 6.",
    "Brought in by neighbour {PERSON:full}, who found him confused on {DATE:us}.",
    "{PERSON:full} (DOB {DATE:us}) seen with her mother for asthma review.",
    "Transferred from {LOCATION} General on {DATE:abbr}.",
    "Caller {PERSON:first} asked about PEP; callback {PHONE_NUMBER}.",
]

CLEAN_TEMPLATES = [
    "{=age}-year-old {=sex} with hypertension on {=drug} {=dose}; BP {=bp}, HR {=hr}.",
    "Diagnosed with type 2 diabetes in {=year}; A1c {=a1c}% today, continue {=drug}.",
    "Symptoms started {=ago}; no fever, SpO2 {=spo2}% on room air.",
    "Temp {=temp} C at {=time}, HR {=hr}, BP {=bp}.",
    "Pain {=pain}, worse with walking, onset {=ago}.",
    "Priority: {=prio}. Red flags reviewed, none present.",
    "ICD-10 {=icd}; plan reviewed with the supervising physician.",
    "CD4 count {=cd4} cells/mm3, viral load {=vl} copies/mL on {=drug}.",
    "PHQ-9 score {=phq}; GAD-7 7. Safety plan discussed.",
    "Aged {=age}, smoker since {=year}, 20 pack-years.",
    "Patient is {=age} years old and reports chest tightness {=ago}.",
    "Started {=drug} in {=year} after a heart failure admission.",
    "Follow up in {=n} weeks; repeat labs before the visit.",
    "{=age} yo {=sex}, T2DM since {=year}, on {=drug} and {=drug}.",
    "Missed two doses of {=drug} {=ago}; counselled on adherence.",
    "Asthma action plan updated; {=drug} {=dose}, spacer technique reviewed.",
    "Last flu shot in {=year}; due for pneumococcal vaccine.",
    "Eating one meal a day, food insecurity screen positive (ICD-10 {=icd}).",
    "No transport to appointments; bus pass application discussed.",
    "Wearable data: resting HR {=hr} bpm, sleep 5.5 h/night for the past week.",
    "Blood pressure {=bp} at {=time}; recheck in 15 minutes.",
    "Patient, {=age}, with HIV since {=year}, adherent to {=drug}.",
    "Allergic to penicillin since childhood; tolerates {=drug}.",
    "Dose of {=drug} increased to {=dose} {=ago}.",
    "Weight 82 kg, BMI 29.4, waist 102 cm.",
    "Triage level {=prio}: chest pain with diaphoresis, ECG ordered.",
    "Reports {=n} episodes of vomiting {=ago}, tolerating fluids now.",
    "Mother had breast cancer at {=age}; father had MI at {=age}.",
    "Quit alcohol in {=year}; AUDIT-C score 2.",
    "Retinal exam for diabetic retinopathy due this year.",
    "Seen by the physician on call; plan to titrate {=drug}.",
    "Nurse reviewed inhaler technique; peak flow 320 L/min.",
    "A {=age}-year-old with fever for {=n} days and a new rash.",
    "Glucose 14.2 mmol/L at {=time}; insulin correction given.",
    "Creatinine 1.4 mg/dL, eGFR 52; {=drug} dose adjusted.",
    "Chest X-ray in {=year} was normal.",
    "Onset of palpitations {=ago}, lasting about 20 minutes.",
    "Requested a refill of {=drug}; last filled {=ago}.",
    "Reports sleeping poorly since Tuesday; PHQ-9 {=phq}.",
    "Plan: {=drug} {=dose} for 7 days, return if worse.",
]


def build(seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    # Every PHI template appears at least three times (each with fresh values), then random extras.
    phi_plan = PHI_TEMPLATES * 3 + [rng.choice(PHI_TEMPLATES) for _ in range(60)]
    for n, template in enumerate(phi_plan):
        text, spans = fill(rng, template)
        rows.append({"id": f"phi-{n:04d}", "kind": "phi", "text": text, "spans": spans})
    for n, template in enumerate(HOLDOUT_TEMPLATES * 2):
        text, spans = fill(rng, template)
        rows.append({"id": f"holdout-{n:04d}", "kind": "holdout", "text": text, "spans": spans})
    clean_plan = CLEAN_TEMPLATES * 5 + [rng.choice(CLEAN_TEMPLATES) for _ in range(40)]
    for n, template in enumerate(clean_plan):
        text, spans = fill(rng, template)
        assert not spans, template
        rows.append({"id": f"clean-{n:04d}", "kind": "clean", "text": text, "spans": []})
    phi_generator.check_rows(rows)
    return rows


def main() -> int:
    return phi_generator.cli(__doc__, build, 5, "phi_clinical.jsonl")


if __name__ == "__main__":
    sys.exit(main())
