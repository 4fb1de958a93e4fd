"""The condition library and the fictional identifier lists."""

from __future__ import annotations

import copy

import pytest

from core.datasets import fictional
from core.datasets.conditions import CATEGORIES, ICD10_CM, LIBRARY, load_library, parse_library
from core.errors import ValidationError
from core.triage.priority import Priority


@pytest.fixture(scope="module")
def library():
    return load_library()


def test_library_has_at_least_60_presentations_with_valid_icd10_cm_codes(library):
    assert len(library.conditions) >= 60
    for condition in library.conditions:
        assert ICD10_CM.match(condition.icd10), condition.id


@pytest.mark.parametrize("code,valid", [
    ("I24.9", True), ("T78.2XXA", True), ("Z59.00", True), ("N10", True), ("F32.A", True),
    ("U07.1", False), ("I249", False), ("24.9", False), ("I24.", False), ("i24.9", False), ("T78.2XXAB", False),
])
def test_icd10_cm_pattern_table(code, valid):
    assert bool(ICD10_CM.match(code)) is valid


def test_library_covers_every_care_area_and_every_priority(library):
    assert {c.category for c in library.conditions} == set(CATEGORIES)
    assert {c.priority for c in library.conditions} == set(Priority)
    # The named topics are present.
    codes = {c.icd10 for c in library.conditions}
    for needed in ("E11.9", "I10", "I50.23", "J44.1", "Z20.6", "R45.851", "Z59.00", "Z59.41", "Z59.82"):
        assert needed in codes, needed


def test_vitals_are_consistent_with_priority(library):
    # A Low or Medium presentation never carries an emergency-range vital sign.
    for c in library.conditions:
        ranges = c.vitals_ranges()
        if not c.priority.is_emergent:
            assert ranges["spo2"][0] >= 94 and ranges["heart_rate"][1] <= 110, c.id
            assert ranges["bp_systolic"][0] >= 95 and ranges["temperature_c"][1] < 39, c.id
        if c.priority is Priority.CRITICAL:
            assert c.is_critical, c.id


def _raw_files():
    import yaml

    files = {p.stem: yaml.safe_load(p.read_text()) for p in LIBRARY.glob("*.yaml")
             if p.stem not in ("symptoms", "harmful_patterns", "findings")}
    return files, yaml.safe_load((LIBRARY / "symptoms.yaml").read_text())


@pytest.mark.parametrize("change,field", [
    (lambda c: c.update(icd10="I24-9"), "icd10"),
    (lambda c: c.update(priority="Urgent"), "priority"),
    (lambda c: c.update(symptoms=["made-up symptom"]), "unknown symptom"),
    (lambda c: c.update(age=[30, 95]), "age"),
])
def test_bad_library_entries_are_refused_naming_the_field(change, field):
    files, symptoms = _raw_files()
    broken = copy.deepcopy(files)
    change(broken["acute"][0])
    with pytest.raises(ValidationError) as info:
        parse_library(broken, symptoms)
    assert field in str(info.value)


def test_a_low_priority_condition_with_an_emergency_vital_is_refused():
    files, symptoms = _raw_files()
    low = next(c for c in files["acute"] if c["priority"] == "Low")
    low["vitals"] = {"spo2": [85, 90]}
    with pytest.raises(ValidationError, match="contradicts priority Low"):
        parse_library(files, symptoms)


def test_fictional_lists_are_unique_and_recognised():
    everything = (fictional.FIRST_NAMES + fictional.LAST_NAMES + fictional.CITIES + fictional.STREETS
                  + fictional.CLINICIAN_NAMES + fictional.CLINIC_NAMES + fictional.PHARMACY_NAMES)
    assert len(everything) == len(set(everything))
    assert fictional.is_fictional_person("Dr. Orlin Mistlemere")
    assert fictional.is_fictional_person("pt T. Quillfeather")
    assert not fictional.is_fictional_person("John Smith")
    assert fictional.is_fictional_place("Lake Quillon")
    assert not fictional.is_fictional_place("Boston")
    # Reserved ranges only: 555-01xx phones, example.* mail, unassigned 000 ZIP prefix.
    assert all("555-01" in p for p in fictional.PHONE_NUMBERS)
    assert all(z.startswith("000") for z in fictional.ZIP_CODES)


# ------------------------------------------------------------ breadth and guideline lines (issue 13)
CANT_MISS = ("ectopic_pregnancy_mild_sounding", "aortic_dissection", "diabetic_ketoacidosis_tired_thirsty",
             "testicular_torsion", "epiglottitis", "intussusception", "meningococcal_septicaemia_child",
             "subarachnoid_worst_headache", "pulmonary_embolism_after_flight", "silent_myocardial_infarction",
             "cauda_equina_syndrome", "compartment_syndrome", "necrotising_fasciitis", "preeclampsia_mild_sounding",
             "sepsis_older_adult_confused")


def test_library_has_150_presentations_across_adult_and_paediatric_care(library):
    assert len(library.conditions) >= 150
    children = [c for c in library.conditions if c.age[0] < 12]
    only_children = [c for c in library.conditions if c.age[1] < 18]
    assert len(children) >= 40 and len(only_children) >= 15
    assert {c.priority for c in only_children} == set(Priority)


@pytest.mark.parametrize("condition_id", CANT_MISS)
def test_cant_miss_emergencies_are_emergent_and_justified_by_a_guideline_line(library, condition_id):
    condition = library.by_id(condition_id)
    assert condition.priority.is_emergent and condition.is_critical
    assert condition.guideline and f"-> {condition.priority.label}" in condition.guideline_line


def test_every_guideline_line_is_quoted_from_its_protocol(library):
    from core.triage.lexicon import resources_folder

    folder = resources_folder() / "guidelines"
    justified = [c for c in library.conditions if c.guideline]
    assert len(justified) >= 40
    for c in justified:
        text = " ".join((folder / f"{c.guideline}.md").read_text(encoding="utf-8").split())
        assert " ".join(c.guideline_line.split()) in text, c.id


def _with_guideline(**changes):
    from core.datasets.conditions import check_guidelines

    files, symptoms = _raw_files()
    entry = next(c for c in files["cant_miss"] if c["id"] == "aortic_dissection")
    entry.update(changes)
    check_guidelines(parse_library(files, symptoms))


@pytest.mark.parametrize("changes,message", [
    ({"guideline": "no-such-protocol"}, "is not a guideline"),
    ({"guideline_line": "Sudden tearing pain that the protocol never wrote -> Critical."}, "is not a line of"),
    ({"priority": "Medium", "is_critical": False, "vitals": {}}, "does not justify priority Medium"),
])
def test_a_wrong_guideline_reference_is_refused_naming_the_condition(changes, message):
    with pytest.raises(ValidationError, match=message) as info:
        _with_guideline(**changes)
    assert "aortic_dissection" in str(info.value)


def test_a_guideline_without_its_line_is_refused():
    files, symptoms = _raw_files()
    entry = next(c for c in files["cant_miss"] if c["id"] == "aortic_dissection")
    del entry["guideline_line"]
    with pytest.raises(ValidationError, match="guideline and guideline_line go together"):
        parse_library(files, symptoms)
