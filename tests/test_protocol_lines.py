"""Lines a draft quotes from its protocol: which protocol, which sections, how many, each once.

Why it matters: these lines are shown to the nurse as the clinic's own guidance,
so they must be the protocol's words, from the right sections, never repeated.
The source here is a table of (heading, passage) pairs as the knowledge base
returns them; the pipeline test reads them from the real knowledge base.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.case_render import protocol_html
from core.triage.protocol import MAX_LINES, chosen_protocol, not_said_by_model, protocol_lines, repetition


class Sections:
    def __init__(self, passages):
        self.passages = passages

    def section_passages(self, doc_id):
        return self.passages if doc_id == "sore-throat" else []


SORE_THROAT = Sections([
    ("Sore throat", "# Sore throat\nScope: pain in the throat.\n- not a bullet of a quoted section"),
    ("Sore throat > Key questions", "## Key questions\n- Can the patient swallow saliva?\n- Drooling or muffled voice?"),
    # the next window of a long section repeats its heading and the overlapping line
    ("Sore throat > Key questions", "## Key questions\n- Drooling or muffled voice?\n*  Fever   or rash?\n- Sexual history?"),
    ("Sore throat > Red flags -> priority", "## Red flags -> priority\n- Stridor or drooling -> Critical.\nplain text line"),
    ("Sore throat > Self-care advice", "## Self-care advice\n- Drink plenty."),
])


def test_lines_come_from_the_two_sections_each_once_and_at_most_three():
    lines = protocol_lines(SORE_THROAT, "sore-throat", "Sore throat")
    assert [(line.kind, line.text) for line in lines] == [
        ("key_question", "Can the patient swallow saliva?"),
        ("key_question", "Drooling or muffled voice?"),
        ("key_question", "Fever or rash?"),          # whitespace folded, "*" bullets count
        ("warning_sign", "Stridor or drooling -> Critical."),  # the arrow in the heading does not hide the section
    ]
    assert sum(line.kind == "key_question" for line in lines) == MAX_LINES  # "Sexual history?" is the 4th
    assert {(line.doc_id, line.title) for line in lines} == {("sore-throat", "Sore throat")}


def test_a_document_without_those_sections_gives_no_lines():
    assert protocol_lines(SORE_THROAT, "clinic-memo", "Memo") == []
    plain = Sections([("Opening hours", "## Opening hours\n- Monday to Friday")])
    assert protocol_lines(plain, "sore-throat", "Sore throat") == []


PASSAGES = [SimpleNamespace(doc_id="ear-pain", title="Ear pain"), SimpleNamespace(doc_id="dizziness", title="Dizziness")]


@pytest.mark.parametrize("cited, expected", [
    (["dizziness"], ("dizziness", "Dizziness")),            # the model's first citation that was in the prompt
    (["made-up", "ear-pain"], ("ear-pain", "Ear pain")),     # a citation not in the prompt is passed over
    ([], ("ear-pain", "Ear pain")),                          # nothing cited: the first retrieved passage
])
def test_the_protocol_is_the_first_cited_passage_in_the_prompt(cited, expected):
    assert chosen_protocol(cited, PASSAGES) == expected


def test_no_passages_means_no_protocol():
    assert chosen_protocol(["dizziness"], []) is None


def test_the_case_view_names_the_protocol_and_says_the_lines_are_not_the_model_s():
    html = protocol_html(protocol_lines(SORE_THROAT, "sore-throat", "Sore throat"))
    assert "From the protocol" in html and "Sore throat" in html and "not written by the model" in html
    assert html.index("Key questions") < html.index("Can the patient swallow saliva?") < html.index("Warning signs")
    assert "passage:sore-throat" in html  # the protocol's name opens it
    assert protocol_html([]) == ""


@pytest.mark.parametrize("line, other, expected", [
    ("Drooling or muffled voice?", "drooling or muffled voice", "same"),        # case and punctuation aside
    ("suicidal thoughts or self-harm", "Any suicidal thoughts or self-harm?", "inside"),
    ("Stridor or drooling -> Critical.", "Any drooling?", None),                 # one shared word is no repeat
    ("Fever or rash?", "Any fever or rash since Tuesday?", None),               # under 4 words: not a repeat
    ("", "Any fever?", None),
])
def test_repetition_is_the_same_words_or_four_or_more_inside_the_other(line, other, expected):
    assert repetition(line, other) == expected


def test_protocol_lines_the_model_already_says_are_left_out():
    lines = protocol_lines(SORE_THROAT, "sore-throat", "Sore throat")
    said = ["Sore throat with fever", "Can the patient swallow saliva?", "Is there drooling or a muffled voice now?"]
    kept = not_said_by_model(lines, said)
    assert [line.text for line in kept] == ["Drooling or muffled voice?", "Fever or rash?",
                                            "Stridor or drooling -> Critical."]
    assert not_said_by_model(lines, []) == lines
