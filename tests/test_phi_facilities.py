"""Table tests for issue 15: facility names, medical eponyms, prefixed identifiers (real Presidio engine).

Each table has texts that must give the entity (with its exact text) and
texts that must not: generic places, eponyms, scores named after places,
ages up to 89, bare years. Names and facilities are invented (none from the
locked evaluation set).
"""

from __future__ import annotations

import pytest


def found(findings, entity_type=None):
    return [(f.entity_type, f.text) for f in findings if entity_type in (None, f.entity_type)]


FACILITIES = [
    ("Transferred from Ellerby General Hospital with chest pain.", "Ellerby General Hospital"),
    ("Seen at Ellerby General last spring.", "Ellerby General"),
    ("Records from Bayside Memorial Hospital were reviewed.", "Bayside Memorial Hospital"),
    ("Admitted to St. Barnabas's in March.", "St. Barnabas's"),
    ("She delivered at Saint Clement Hospital.", "Saint Clement Hospital"),
    ("Went to St Agatha Medical Centre by ambulance.", "St Agatha Medical Centre"),
    ("Came from Mount Ravenel overnight.", "Mount Ravenel"),
    ("Echo at Mt. Ashby Hospital showed EF 35%.", "Mt. Ashby Hospital"),
    ("Prior MRI at HRMC was normal.", "HRMC"),
    ("Transferred from KGH ED after a fall.", "KGH"),
    ("Discharged from the Oyelowo Health Centre on Friday.", "Oyelowo Health Centre"),
    ("Follows at Hinton Cross Kidney Center for dialysis.", "Hinton Cross Kidney Center"),
    ("Resident of Cedar Hill Nursing Home with dementia.", "Cedar Hill Nursing Home"),
    ("Referred to University Hospital of Caddington neurology.", "University Hospital of Caddington"),
    ("Born at Children's Hospital of Stoneleigh at 36 weeks.", "Children's Hospital of Stoneleigh"),
    ("Pt went to Lakeview ER last night.", "Lakeview"),
    ("Seen at Marlow Creek Urgent Care for the cough.", "Marlow Creek Urgent Care"),
    ("Oncology at Redfern Lake Cancer Institute.", "Redfern Lake Cancer Institute"),
]


@pytest.mark.parametrize("text, expected", FACILITIES, ids=[t[0][:40] for t in FACILITIES])
def test_facility_names_are_found(scan, text, expected):
    assert ("FACILITY", expected) in found(scan(text), "FACILITY"), scan(text)


GENERIC_PLACES = [
    "Sent from the clinic to the ER with chest pain.",
    "Seen at an urgent care yesterday; told to follow up at an outpatient clinic.",
    "Admitted to the ICU, then the step-down unit.",
    "Follows in the Heart Failure Clinic and the Anticoagulation Clinic.",
    "Discharged to a skilled nursing facility after the hip fracture.",
    "Went to the Emergency Department, then Labor and Delivery.",
    "Referred to the Children's Hospital and the Cancer Center.",
    "Call Poison Control if symptoms recur.",
    "Seen at the Regional Medical Center and the community hospital.",
    "Priority: HIGH. Outside hospital records requested.",
    "LVH and BPH noted; TSH and LDH normal.",
    "St. John's wort interacts with warfarin.",
]


@pytest.mark.parametrize("text", GENERIC_PLACES, ids=[t[:40] for t in GENERIC_PLACES])
def test_generic_facility_words_are_not_phi(scan, text):
    assert scan(text) == []


EPONYMS = [
    "Positive Babinski sign on the left, Hoffmann sign absent.",
    "Known Parkinson's disease on carbidopa-levodopa.",
    "GCS 14 on the Glasgow Coma Scale; Apgar score 8 and 9 at birth.",
    "Wells score 4.5, so a D-dimer was sent.",
    "Cushing syndrome vs Cushing's disease; Graves disease ruled out.",
    "Hodgkin lymphoma in remission; Murphy's sign negative.",
    "McBurney's point tenderness, Rovsing sign positive.",
    "Kernig and Brudzinski signs negative.",
    "Used the Ottawa ankle rules and the Canadian CT head rule.",
    "Worried about Lyme disease or Rocky Mountain spotted fever after the hike.",
    "Hx Crohn's, Barrett esophagus on EGD, s/p Whipple.",
    "Stemmer sign positive in both legs.",
    "Killip II, Child-Pugh B, Mallampati III.",
    "Has Epstein-Barr virus and a Baker's cyst.",
    "Tested for Lyme; Apgars 9/9.",
]


@pytest.mark.parametrize("text", EPONYMS, ids=[t[:40] for t in EPONYMS])
def test_eponyms_are_not_names_or_places(scan, text):
    assert scan(text) == []


REAL_NAMES_SHARING_AN_EPONYM = [
    ("Mr. Parkinson has Parkinson's disease and a new tremor.", "Parkinson"),
    ("Dr. Barrett called about the biopsy.", "Barrett"),
    ("Mrs. Graves reports her Graves disease is worse.", "Graves"),
    ("Seen by Ms. Cushing today.", "Cushing"),
    ("Signed by Murphy, MD.", "Murphy"),
    ("Patient Wilson reports chest pain.", "Wilson"),
]


@pytest.mark.parametrize("text, name", REAL_NAMES_SHARING_AN_EPONYM,
                         ids=[t[0][:40] for t in REAL_NAMES_SHARING_AN_EPONYM])
def test_a_person_sharing_an_eponym_keeps_the_finding(scan, text, name):
    names = found(scan(text), "PERSON")
    assert len(names) == 1 and names[0][1].endswith(name), names


PREFIXED_IDS = [
    ("APS case #CS-2022-00871 opened.", "CS-2022-00871"),
    ("Case number C-14-2291 assigned.", "C-14-2291"),
    ("Study site ID SITE-014 enrolled her.", "SITE-014"),
    ("Site S-212 for the registry.", "S-212"),
    ("Accession number ACC-23-118840 for the biopsy.", "ACC-23-118840"),
    ("Surgical path SP-21-04412 reviewed.", "SP-21-04412"),
    ("Rx # RX-5520913 not picked up.", "RX-5520913"),
    ("Prescription number Rx40917-02 transferred.", "Rx40917-02"),
    ("Order number ORD-448120 cancelled.", "ORD-448120"),
    ("Requisition REQ-771204 printed.", "REQ-771204"),
    ("Incident report IR-2021-044 filed.", "IR-2021-044"),
    ("Reference LAB-2291774 in the lab system.", "LAB-2291774"),
    ("See ticket TKT-55012 for the portal problem.", "TKT-55012"),
]


@pytest.mark.parametrize("text, expected", PREFIXED_IDS, ids=[t[0][:40] for t in PREFIXED_IDS])
def test_prefixed_identifiers_are_found(scan, text, expected):
    assert ("OTHER_ID", expected) in found(scan(text), "OTHER_ID"), scan(text)


NOT_IDENTIFIERS = [
    "ICD-10 code I48.91; CURB-65 of 2; COVID-19 negative.",
    "CHA2DS2-VASc 4, HAS-BLED 2, PHQ-9 of 17.",
    "Order CBC and BMP; case discussed with the team.",
    "Reference range 3.5-5.0; site of injection clean.",
    "Protocol followed in 2019; study done in 2021.",
    "Rx for amoxicillin 500 mg; refill 2 of 5.",
]


@pytest.mark.parametrize("text", NOT_IDENTIFIERS, ids=[t[:40] for t in NOT_IDENTIFIERS])
def test_clinical_codes_and_cue_words_alone_are_not_identifiers(scan, text):
    assert scan(text) == []


AGES_AND_YEARS = [
    "89-year-old from a nursing home with Parkinson's disease.",
    "A 45 yo seen at the clinic in 2019 with Bell's palsy.",
    "Diagnosed with Hodgkin lymphoma in 2004 at age 32.",
    "Transferred to the ICU in 2021; Apgar 9 in 1998.",
]


@pytest.mark.parametrize("text", AGES_AND_YEARS, ids=[t[:40] for t in AGES_AND_YEARS])
def test_ages_up_to_89_and_bare_years_are_not_phi(scan, text):
    assert scan(text) == []


def test_redaction_masks_facilities_and_keeps_the_sentence_readable():
    from core.phi import redact

    text = ("Pt transferred from Ellerby General Hospital ED to St. Barnabas's; Babinski sign positive, "
            "MRN 00482291, case #CS-2022-00871.")
    assert redact(text) == ("Pt transferred from [FACILITY] ED to [FACILITY]; Babinski sign positive, "
                            "MRN [MRN], case #[ID].")


def test_facility_is_a_geographic_identifier():
    from core.phi.hipaa import ENTITY_IDENTIFIERS, HipaaIdentifier, placeholder_for

    assert ENTITY_IDENTIFIERS["FACILITY"] is HipaaIdentifier.GEOGRAPHIC
    assert placeholder_for("FACILITY") == "[FACILITY]"


@pytest.mark.parametrize("text, start_word, expected", [
    ("Positive Babinski sign.", "Babinski", True),
    ("Mr. Parkinson has tremor.", "Parkinson", False),
    ("Barrett, MD signed.", "Barrett", False),
    ("Lives in Glasgow now.", "Glasgow", False),
    ("the Glasgow Coma Scale", "Glasgow", True),
    ("a Sister Mary Joseph nodule", "Mary Joseph", True),
    ("Wilson called back.", "Wilson", False),
    ("Wilson disease suspected.", "Wilson", True),
    ("Cushingoid features.", "Cushingoid", True),
    ("Tamsin Larchmont reports pain.", "Tamsin Larchmont", False),
])
def test_eponym_use_by_context(text, start_word, expected):
    from core.phi.eponyms import is_eponym_use

    start = text.index(start_word)
    assert is_eponym_use(text, start, start + len(start_word)) is expected


@pytest.mark.parametrize("name, generic", [
    ("the Heart Failure Clinic", True), ("Regional Medical Center", True), ("Children's Hospital", True),
    ("Ellerby General Hospital", False), ("St. Barnabas's", False), ("Heart Center 2018", True),
])
def test_generic_facility_names(name, generic):
    from core.phi.facility_words import is_generic_name

    assert is_generic_name(name) is generic


ROUND_TWO = [  # phrasings found missing when the first locked set was measured (then fixed on development data)
    ("Per the staff, Ilse (97) has had a fall.", "AGE_OVER_89", "97"),
    ("The resident is 93 and on hospice.", "AGE_OVER_89", "93"),
    ("Patient turned 91 last week.", "AGE_OVER_89", "91"),
    ("Date of injury: 03.11.2019.", "DATE", "03.11.2019"),
    ("Next INR check 4/17.", "DATE", "4/17"),
    ("Ship it to 12 Osier Lane, Netherfold 40211.", "ZIP_CODE", "40211"),
    ("Was at Ellerby General in Marlow Creek for a week.", "LOCATION", "Marlow Creek"),
    ("Seen at Hinton Clinic in Caddington, Nevada.", "LOCATION", "Caddington"),
    ("Pull the outside records of Ludo McAllister.", "PERSON", "Ludo McAllister"),
    ("Interpreter Ilse Brannigan present.", "PERSON", "Ilse Brannigan"),
    ("Transferred KGH -> Ellerby General.", "FACILITY", "KGH"),
    ("A palm-vein scan is on file.", "BIOMETRIC", "palm-vein scan"),
]


@pytest.mark.parametrize("text, entity_type, expected", ROUND_TWO, ids=[t[0][:40] for t in ROUND_TWO])
def test_round_two_phrasings(scan, text, entity_type, expected):
    assert (entity_type, expected) in found(scan(text), entity_type), scan(text)


ROUND_TWO_NOT_PHI = [
    "HR is 95 and SpO2 was 92 on room air.",
    "Platelets (95) and glucose (110) this morning.",
    "Pain 7/10, worse 3/4 of the time.",
    "Seen at Poison Control; MELD 21 documented.",
    "Discussed Barrett esophagus and the Denver developmental screen.",
    "Creatinine 2.1; biopsy pending; specimen hemolyzed.",
    "Clopidogrel or Keppra for this patient?",
]


@pytest.mark.parametrize("text", ROUND_TWO_NOT_PHI, ids=[t[:40] for t in ROUND_TWO_NOT_PHI])
def test_round_two_negatives(scan, text):
    assert scan(text) == []
