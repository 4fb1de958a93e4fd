"""Table-driven cases for each PHI recognizer, on the real Presidio engine.

In the style of presidio-analyzer's tests: each recognizer gets a table of
texts that must produce its entity (with the exact span) and texts that must
not. Values are fictional (555-01xx numbers, example.org, invented names).
"""

from __future__ import annotations

import pytest

from core.phi.hipaa import ENTITY_IDENTIFIERS, HipaaIdentifier


def spans(findings, entity_type=None):
    return [(f.entity_type, f.text) for f in findings if entity_type in (None, f.entity_type)]


POSITIVE = [
    # names in clinical phrasing
    ("Seen by Dr. Quenby in clinic today.", "PERSON", "Quenby"),
    ("pt J. Brackwell c/o chest pain since this morning.", "PERSON", "J. Brackwell"),
    ("Patient Tamsin Larchmont reports missed doses.", "PERSON", "Tamsin Larchmont"),
    ("Referred by Orla Penrowan, NP, for hypertension.", "PERSON", "Orla Penrowan"),
    ("Discussed results with her daughter, Ruslan Wrenfield, by phone.", "PERSON", "Ruslan Wrenfield"),
    ("Castellanos-Brun, Mireya is a 45 y/o woman with asthma.", "PERSON", "Castellanos-Brun, Mireya"),
    # dates: every element except the year
    ("Admitted on 03/14/2019 with pneumonia.", "DATE", "03/14/2019"),
    ("DOB: 3/14/52.", "DATE", "3/14/52"),
    ("Discharged 2019-03-14 on furosemide.", "DATE", "2019-03-14"),
    ("Date of birth March 14, 1952; presents with fatigue.", "DATE", "March 14, 1952"),
    ("Last viral load drawn 14 March 2024 was undetectable.", "DATE", "14 March 2024"),
    ("Seen on March 14 for a medication review.", "DATE", "March 14"),
    ("Hospitalised in March 2019 for COPD.", "DATE", "March 2019"),
    ("Date of service 14-Mar-2024; wound healing.", "DATE", "14-Mar-2024"),
    ("Seen on 3/14 for follow-up.", "DATE", "3/14"),
    # ages over 89
    ("92-year-old woman found on the floor at home.", "AGE_OVER_89", "92"),
    ("A 101 yo male with new confusion.", "AGE_OVER_89", "101"),
    ("Resident, aged 94, refuses transfer.", "AGE_OVER_89", "94"),
    ("Age: 95. Fall risk high.", "AGE_OVER_89", "95"),
    # geography below state level
    ("Lives at 6912 Tamarack Street with her sister.", "STREET_ADDRESS", "6912 Tamarack Street"),
    ("Address 14 Heron Glade Ln, Apt 3B.", "STREET_ADDRESS", "14 Heron Glade Ln, Apt 3B"),
    ("Mail to P.O. Box 211 please.", "STREET_ADDRESS", "P.O. Box 211"),
    ("Home: 12 Fernleigh Rd, Saltcombe, OR 97211.", "ZIP_CODE", "97211"),
    ("Zip code 97211-1234; eligible for the food program.", "ZIP_CODE", "97211-1234"),
    ("Resident of Lower Quenton; transport is a problem.", "LOCATION", "Lower Quenton"),
    ("Moved to Ashbury Falls last spring.", "LOCATION", "Ashbury Falls"),
    # contact details
    ("Call back number (503) 555-0134 if labs are abnormal.", "PHONE_NUMBER", "(503) 555-0134"),
    ("Pharmacy fax 503-555-0188; refill sent.", "FAX_NUMBER", "503-555-0188"),
    ("Patient e-mail: tamsin.quenby@example.org for portal messages.", "EMAIL_ADDRESS", "tamsin.quenby@example.org"),
    # numbers
    ("SSN 449-77-9276 on file with billing.", "US_SSN", "449-77-9276"),
    ("SSN# 449779276 verified at registration.", "US_SSN", "449779276"),
    ("MRN 00483921; follow-up in 3 weeks.", "MEDICAL_RECORD_NUMBER", "00483921"),
    ("Medical record number 7746-2231, chart reviewed.", "MEDICAL_RECORD_NUMBER", "7746-2231"),
    ("Chart # A1234567 flagged for care coordination.", "MEDICAL_RECORD_NUMBER", "A1234567"),
    ("Medicare beneficiary identifier 1EG4-TE5-MK73.", "HEALTH_PLAN_NUMBER", "1EG4-TE5-MK73"),
    ("Insurance member ID XJH48219377, group 4471.", "HEALTH_PLAN_NUMBER", "XJH48219377"),
    ("Medicaid ID: 88421937A; prior authorisation pending.", "HEALTH_PLAN_NUMBER", "88421937A"),
    ("Billing account number 4482019377 has an open balance.", "ACCOUNT_NUMBER", "4482019377"),
    ("Paid the copay with card 4111 1111 1111 1111.", None, "4111 1111 1111 1111"),
    ("Driver's license D4827391 scanned at check-in.", "LICENSE_NUMBER", "D4827391"),
    ("Nursing license no. RN-448213, verified.", "LICENSE_NUMBER", "RN-448213"),
    ("VIN 1HGCM82633A004352 in the crash report.", "VEHICLE_ID", "1HGCM82633A004352"),
    ("License plate 7TRK294 noted by EMS.", "VEHICLE_ID", "7TRK294"),
    ("Pacemaker serial number PMX-448213-B; interrogation normal.", "DEVICE_ID", "PMX-448213-B"),
    ("Insulin pump S/N 77A-42191, basal rates reviewed.", "DEVICE_ID", "77A-42191"),
    ("Study participant ID TRX-00482; enrolled in the trial.", "OTHER_ID", "TRX-00482"),
    # web
    ("Uploaded glucose log at https://portal.example.org/patients/48213.", "URL",
     "https://portal.example.org/patients/48213"),
    ("Telehealth session from IP address 192.0.2.14.", "IP_ADDRESS", "192.0.2.14"),
    # biometric and photo references
    ("Fingerprint captured for the controlled-substance cabinet.", "BIOMETRIC", "Fingerprint"),
    ("Retinal scan identifier stored with the enrolment record.", "BIOMETRIC", "Retinal scan"),
    ("Patient enrolled by voiceprint for phone refills.", "BIOMETRIC", "voiceprint"),
    ("Full-face photograph attached to the chart.", "PHOTO", "Full-face photograph"),
]


@pytest.mark.parametrize("text, entity_type, expected", POSITIVE, ids=[p[0][:40] for p in POSITIVE])
def test_recognizer_finds_identifier(scan, text, entity_type, expected):
    found = scan(text)
    if entity_type is None:  # any account-type entity (stock credit card or our account cue) will do
        assert any(f.text == expected and f.hipaa_identifier is HipaaIdentifier.ACCOUNT for f in found), found
    else:
        assert (entity_type, expected) in spans(found, entity_type), found


NOT_PHI = [
    "62-year-old man with hypertension on lisinopril 10 mg daily; BP 148/92, HR 88.",
    "89-year-old woman with a fall at home, no head strike.",
    "Patient is 89 years old and lives alone.",
    "Diagnosed with type 2 diabetes in 2019; A1c 8.2% today.",
    "Started metformin 500 mg BID in 2015 after an A1c of 9.1%.",
    "Symptoms started 2 days ago; pain 7/10, worse with walking.",
    "Temp 38.4 C at 14:30, SpO2 94% on room air.",
    "Priority: HIGH. Red flags reviewed.",
    "ICD-10 E11.9; plan reviewed with the supervising physician.",
    "CD4 count 350 cells/mm3, viral load <20 copies/mL on Biktarvy.",
    "PHQ-9 score 14; GAD-7 7. Safety plan discussed.",
    "Takes Lasix 40 mg and Eliquis 5 mg twice daily.",
    "Retinal exam for diabetic retinopathy due this year.",
    "Moved to Texas from Mexico in 2010.",
    "Follow up in 3 weeks; chart reviewed.",
    "Seen by the physician on call; plan to titrate Jardiance.",
    "Aged 90 or older is reported as one band.",
]


@pytest.mark.parametrize("text", NOT_PHI, ids=[t[:40] for t in NOT_PHI])
def test_not_phi_is_not_flagged(scan, text):
    assert scan(text) == []


@pytest.mark.parametrize("text, entity_type", [
    ("Patient is 89, on metformin.", "AGE_OVER_89"),
    ("Smoker since 2019.", "DATE"),
    ("Pain 7/10 since Tuesday.", "DATE"),
    ("BP 120/80 at triage.", "DATE"),
    ("Chart 2019 archived.", "MEDICAL_RECORD_NUMBER"),
    ("MRN pending from registration.", "MEDICAL_RECORD_NUMBER"),
    ("Take May 5 mg dose as before.", "DATE"),
    ("ICD-10 code F32.1 documented.", "LICENSE_NUMBER"),
    ("Patient Portal message sent.", "PERSON"),
])
def test_specific_false_positives_are_avoided(scan, text, entity_type):
    assert spans(scan(text), entity_type) == []


def test_every_entity_type_maps_to_an_identifier():
    assert {i for i in ENTITY_IDENTIFIERS.values()} == set(HipaaIdentifier)


def test_the_18_identifiers_are_numbered_in_order():
    assert [i.number for i in HipaaIdentifier] == list(range(1, 19))
