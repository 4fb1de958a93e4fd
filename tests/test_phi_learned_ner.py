"""The learned clinical NER (issue 15, round 7): the shipped model, its manifest, and what it adds to the scan.

Rows are written for this file (not copied from any evaluation set); values are fictional.
"""

from __future__ import annotations

import random

import pytest

from core.phi import learned_ner


def test_shipped_model_matches_its_manifest():
    assert learned_ner.is_installed()
    assert learned_ner.manifest_differences() == []


def test_manifest_names_its_recipe_and_data():
    import spacy

    from core.phi import train_ner

    manifest = learned_ner.read_manifest()
    assert manifest["spacy_version"].split(".")[:2] == spacy.__version__.split(".")[:2]
    assert manifest["base_model"].startswith(train_ner.BASE_MODEL)
    assert manifest["recipe"]["held_out"] == train_ner.HELD_OUT
    # the sets it was trained on are the committed ones, and neither the held-out nor a locked v5 file is among them
    for name in train_ner.TRAINING_SETS:
        assert manifest["training_data"][name] == learned_ner.sha256_file(train_ner.DATA / name), name
    assert not any("locked4" in n or "locked5" in n for n in manifest["training_data"])
    assert set(learned_ner.GOLD_TO_LABEL.values()) <= set(manifest["labels"])


def test_a_changed_file_is_reported(tmp_path):
    import shutil

    model = tmp_path / "clinical_ner"
    shutil.copytree(learned_ner.MODEL_DIR, model)
    (model / "ner" / "cfg").write_text("{}", encoding="utf-8")
    (model / "extra.bin").write_bytes(b"x")
    assert learned_ner.manifest_differences(model) == ["not in the manifest: extra.bin", "changed: ner/cfg"]


def test_the_scanner_runs_the_learned_model_alone():
    from core.phi.engine import LANGUAGE, get_analyzer

    nlp = get_analyzer().nlp_engine.nlp[LANGUAGE]
    assert nlp.pipe_names == ["ner"]
    labels = set(nlp.get_pipe("ner").labels)
    assert {"PERSON", "FACILITY", "DEVICE_ID", "ORG"} <= labels
    assert not {"CARDINAL", "NORP", "LAW"} & labels  # the small model's unused labels were dropped (speed)


@pytest.mark.parametrize("name", ["phi_locked5.jsonl", "phi_locked6.jsonl"])
def test_training_refuses_the_locked_set(tmp_path, name):
    from core.phi import train_ner

    with pytest.raises(SystemExit):
        train_ner.read_rows(tmp_path / name)


def test_swapped_copies_keep_their_spans_on_values_of_the_same_type():
    from core.phi.train_ner import swapped_copies

    rows = [{"kind": "phi", "text": "Pt Ada Brook at Elmhurst Clinic", "spans": [
                {"entity_type": "PERSON", "start": 3, "end": 12}, {"entity_type": "FACILITY", "start": 16, "end": 31}]},
            {"kind": "phi", "text": "Seen: Cyrus Vane, Oakridge Hospital.", "spans": [
                {"entity_type": "PERSON", "start": 6, "end": 16}, {"entity_type": "FACILITY", "start": 18, "end": 35}]},
            {"kind": "clean", "text": "Babinski sign.", "spans": []}]
    copies = swapped_copies(rows, 3, random.Random(1))
    assert len(copies) == 6  # PHI-free rows are not copied
    people = {"Ada Brook", "Cyrus Vane", "BROOK, ADA", "VANE, CYRUS", "Brook, Ada", "Vane, Cyrus", "Brook A", "Vane C",
              "ada brook", "cyrus vane", "A. Brook", "C. Vane"}
    for row in copies:
        values = {s["entity_type"]: row["text"][s["start"]:s["end"]] for s in row["spans"]}
        assert values["PERSON"] in people
        assert values["FACILITY"] in {"Elmhurst Clinic", "Oakridge Hospital"}


SHAPES = [
    ("DATE", "11 May", True), ("DATE", "03/14/2019", True), ("DATE", "01041929", True), ("DATE", "Sept. 4", True),
    ("DATE", "79/100", False), ("DATE", "9F", False), ("DATE", "Mayo", False), ("DATE", "2019", False),
    ("DATE", "2-3", False), ("DATE", "GCS 14-15", False), ("DATE", "6/2024", True), ("DATE", "May", False),
    ("VEHICLE_ID", "NJ 51210", True), ("VEHICLE_ID", "310", False), ("VEHICLE_ID", "112 Frank", False),
    ("DEVICE_ID", "ZX-4471-0921", True), ("OTHER_ID", "2019", False),
    ("IP_ADDRESS", "198.51.100.7", True), ("IP_ADDRESS", "10th", False),
    ("PHONE_NUMBER", "(555) 010-4477", True), ("PHONE_NUMBER", "4477", False),
    ("US_SSN", "123-45-6789", True), ("ZIP_CODE", "55901", True), ("ZIP_CODE", "559", False),
    ("EMAIL_ADDRESS", "a.b@example.org", True), ("EMAIL_ADDRESS", "a b", False),
]


@pytest.mark.parametrize("entity_type,value,expected", SHAPES)
def test_a_learned_identifier_needs_the_shape_of_its_type(entity_type, value, expected):
    from core.phi.recognizers.learned import has_shape

    assert has_shape(entity_type, value) is expected


def test_ages_biometrics_and_photos_are_left_to_the_cue_patterns():
    from core.phi.recognizers.learned import REPORTED_TYPES

    assert not {"AGE_OVER_89", "BIOMETRIC", "PHOTO"} & set(REPORTED_TYPES)
    assert {"DEVICE_ID", "MEDICAL_RECORD_NUMBER", "DATE", "OTHER_ID"} <= set(REPORTED_TYPES)


FOUND = [
    ("Wound check for Orsolya Fenwick tomorrow at 9.", "PERSON", "Orsolya Fenwick"),
    ("Transferred from Harrowgate Memorial Hospital overnight.", "FACILITY", "Harrowgate Memorial Hospital"),
    ("Came over from Quillan Valley Medical Center on a drip.", "FACILITY", "Quillan Valley Medical Center"),
    ("Insulin pump S/N QX-5518-2093 alarming on the ward.", "DEVICE_ID", "QX-5518-2093"),
    ("Pacemaker serial PMK8830412 interrogated, battery fine.", "DEVICE_ID", "PMK8830412"),
    ("Seen on 14 March 2023 for the same rash.", "DATE", "14 March 2023"),
    # a learned facility shaped as a person (a listed given name, no facility word) is a person
    ("Any news from radiology about the scan on Carol Whitcombe?", "PERSON", "Carol Whitcombe"),
]


@pytest.mark.parametrize("text,entity_type,value", FOUND)
def test_clear_cases_are_found(scan, text, entity_type, value):
    found = [(f.entity_type, f.text) for f in scan(text)]
    assert (entity_type, value) in found, found


NOT_PHI = [
    "Babinski sign present, Romberg negative, Kernig sign absent.",
    "Glasgow Coma Scale 14; Wells score 2; CHA2DS2-VASc 4.",
    "Stanford Sleepiness Scale 5 and the Liverpool Care Pathway discussed.",
    "Hx Parkinson disease and Hashimoto thyroiditis, on levodopa.",
    "Seen in the emergency department; the clinic will follow up.",
    "Discharged to a skilled nursing facility, then the SNF's rehab unit.",
    "72F, ALT 310, CRP 112, K 4.1; born 1948.",
    "Pulse 95, temp 100F, sats 95% on air; 2-3 episodes a day.",
    "CT, MRI and EKG done. NOTE, PLEASE call back.",
    "Patient: 34-year-old female, Multiracial Sorry to trouble you. There's a tenderness.",
    "Patient: 17-year-old female, American Indian or Alaska Native Something isn't right.",
    "Its AIDS Drug Assistance Program, called ADAP, can cover the medicines.",
    "The program Medicare calls Extra Help lowers the cost.",
    "Choir at the Baptist church on Sunday, then lunch.",
    "Coded T15.90XA and S93.401A at the visit.",
]


@pytest.mark.parametrize("text", NOT_PHI)
def test_eponyms_scores_and_generic_places_stay_unflagged(scan, text):
    assert [(f.entity_type, f.text) for f in scan(text)] == []
