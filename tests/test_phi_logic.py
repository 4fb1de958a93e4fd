"""The logic around the recognizers, without spaCy: overlaps, filters, authenticity, masking, context."""

from __future__ import annotations

import pytest

from core.phi.authenticity import FictionalLists
from core.phi.filters import Candidate, is_not_phi, is_unlikely_ner_name, relabel_fax, settle_overlaps
from core.phi.hipaa import HipaaIdentifier as H
from core.phi.hipaa import placeholder_for
from core.phi.recognizers.base import identifier_like
from core.phi.scan import Finding, mask


def test_a_cue_pattern_beats_ner_on_the_same_text():
    kept = settle_overlaps([Candidate("PERSON", 5, 14, 0.85, True), Candidate("LOCATION", 5, 14, 0.55, False)])
    assert [(c.entity_type, c.start, c.end) for c in kept] == [("LOCATION", 5, 14)]


def test_a_shorter_winner_of_the_same_identifier_is_widened():
    """"Brackwell" from a cue and "Tamsin Brackwell" from NER: the redaction must cover both words."""
    kept = settle_overlaps([Candidate("PERSON", 8, 17, 0.9, False), Candidate("PERSON", 1, 17, 0.85, True)])
    assert [(c.start, c.end) for c in kept] == [(1, 17)]


def test_separate_findings_are_all_kept_in_text_order():
    kept = settle_overlaps([Candidate("DATE", 20, 30, 0.85, False), Candidate("PERSON", 0, 5, 0.9, False)])
    assert [c.entity_type for c in kept] == ["PERSON", "DATE"]


@pytest.mark.parametrize("entity_type, value", [
    ("DATE", "2019"), ("PERSON", "Metformin"), ("PERSON", "Lasix"), ("LOCATION", "Texas"), ("LOCATION", "USA"),
    ("MEDICAL_RECORD_NUMBER", "E11.9"), ("DATE_TIME", "2 days ago"), ("ORGANIZATION", "Cardiology"),
    ("PERSON", "Started Eliquis"), ("LOCATION", "home"), ("PERSON", "Alaska Native"),
])
def test_not_phi(entity_type, value):
    assert is_not_phi(entity_type, value)


@pytest.mark.parametrize("entity_type, value", [
    ("PERSON", "Tamsin Larchmont"), ("LOCATION", "Fernhaven"), ("DATE", "03/14/2019"), ("MEDICAL_RECORD_NUMBER", "00483921"),
])
def test_phi(entity_type, value):
    assert not is_not_phi(entity_type, value)


@pytest.mark.parametrize("text, expected", [
    ("x anhedonia y", True), ("the JSON reply", True), ("181 mg/dL", True), ("Tamsin Larchmont", False),
    ("Ludwig van Beethoven", False),
])
def test_unlikely_ner_names(text, expected):
    word = {"x anhedonia y": "anhedonia", "the JSON reply": "JSON", "181 mg/dL": "dL"}.get(text, text)
    start = text.index(word)
    assert is_unlikely_ner_name(text, start, start + len(word)) is expected


def test_fax_is_told_from_phone_by_its_label():
    text = "Fax: 503-555-0188, phone 503-555-0134, 503-555-0199-Fax"
    assert relabel_fax(text, "PHONE_NUMBER", 5, 17) == "FAX_NUMBER"
    assert relabel_fax(text, "PHONE_NUMBER", 25, 37) == "PHONE_NUMBER"
    assert relabel_fax(text, "PHONE_NUMBER", 39, 51) == "FAX_NUMBER"
    assert relabel_fax(text, "DATE", 5, 17) == "DATE"


@pytest.mark.parametrize("value, expected", [
    ("00483921", True), ("XWVBF5", True), ("A-4821", True), ("2019", False), ("12", False), ("ABCDEF", False),
])
def test_identifier_shape(value, expected):
    assert identifier_like(value) is expected


def test_authenticity_of_reserved_ranges_and_lists():
    lists = FictionalLists.from_lists(["Orlin Mistlemere"], ["Lake Quillon", "Moonpetal Way"], ["00011"],
                                      ["(555) 555-0114"], ["example.org"], "SYN-MRN-")
    assert lists.verify(H.NAMES, "PERSON", "Dr. O. Mistlemere") is True
    assert lists.verify(H.NAMES, "PERSON", "Lake Quillon") is True  # NER calls towns people too
    assert lists.verify(H.NAMES, "PERSON", "Orlin Smith") is False
    assert lists.verify(H.GEOGRAPHIC, "STREET_ADDRESS", "12 Moonpetal Way, Apt 3") is True
    assert lists.verify(H.GEOGRAPHIC, "ZIP_CODE", "97211") is False
    assert lists.verify(H.TELEPHONE, "PHONE_NUMBER", "+1 503 555 0177") is True  # 555-01xx is fiction's range
    assert lists.verify(H.TELEPHONE, "PHONE_NUMBER", "503-867-5309") is False
    assert lists.verify(H.EMAIL, "EMAIL_ADDRESS", "a.b@mail.example.org") is True
    assert lists.verify(H.EMAIL, "EMAIL_ADDRESS", "a.b@gmail.com") is False
    assert lists.verify(H.URL, "URL", "https://portal.example.org/x") is True
    assert lists.verify(H.IP_ADDRESS, "IP_ADDRESS", "198.51.100.7") is True
    assert lists.verify(H.IP_ADDRESS, "IP_ADDRESS", "8.8.8.8") is False
    assert lists.verify(H.MEDICAL_RECORD, "MEDICAL_RECORD_NUMBER", "004211", before="MRN SYN-MRN-") is True
    assert lists.verify(H.MEDICAL_RECORD, "MEDICAL_RECORD_NUMBER", "004211", before="MRN ") is False
    assert lists.verify(H.DATES, "DATE", "03/14/2019") is None


def test_masking_keeps_one_character():
    assert mask("Vandermolen") == "V***" and mask("  ") == ""
    finding = Finding("PERSON", H.NAMES, 0, 11, 0.9, H.NAMES.severity, "Vandermolen")
    assert "Vandermolen" not in repr(finding) and "text" not in finding.to_dict()


def test_masked_excerpt_masks_every_finding_in_the_window():
    from core.phi.audit import masked_excerpt

    text = "Seen by Dr. Vandermolen on 03/14/2019 for chest pain."
    name = Finding("PERSON", H.NAMES, 12, 23, 0.9, H.NAMES.severity, "Vandermolen")
    date = Finding("DATE", H.DATES, 27, 37, 0.85, H.DATES.severity, "03/14/2019")
    excerpt = masked_excerpt(text, [name, date], name)
    assert "Vandermolen" not in excerpt and "03/14/2019" not in excerpt
    assert "V***" in excerpt and "0***" in excerpt and "Dr." in excerpt


def test_placeholders_are_typed():
    assert placeholder_for("MEDICAL_RECORD_NUMBER") == "[MRN]"
    assert placeholder_for("AGE_OVER_89") == "[AGE>89]"
    assert placeholder_for("CREDIT_CARD") == "[ACCOUNT]"
    assert placeholder_for("SOMETHING_ELSE") == "[PHI]"


def test_context_words_before_a_match_raise_its_score():
    from presidio_analyzer import Pattern, PatternRecognizer

    from core.phi.context import PrecedingWordsEnhancer

    recognizer = PatternRecognizer("ZIP_CODE", patterns=[Pattern("five digits", r"\b\d{5}\b", 0.3)],
                                   context=["zip"])
    enhancer = PrecedingWordsEnhancer()
    for text, boosted in (("zip code 97211", True), ("glucose 97211", False)):
        results = recognizer.analyze(text, ["ZIP_CODE"], None)
        enhanced = enhancer.enhance_using_context(text, results, None, [recognizer])
        assert (enhanced[0].score > 0.3) is boosted
