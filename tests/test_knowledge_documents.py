"""Reading guideline files: formats, headers, and clear errors for bad files (no model needed)."""

from __future__ import annotations

import json

import pytest

from core.errors import ValidationError
from core.knowledge.documents import load_file, slug, validate_document


def _error(path) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        load_file(path)
    return caught.value


def test_markdown_header_gives_id_title_and_source(tmp_path):
    path = tmp_path / "whatever.md"
    path.write_text('---\nid: gout\ntitle: "Gout flare"\nsource: Clinic v2\n---\n# Gout\nHot toe.', encoding="utf-8")
    (doc,) = load_file(path)
    assert (doc.doc_id, doc.title, doc.source, doc.text) == ("gout", "Gout flare", "Clinic v2", "# Gout\nHot toe.")


def test_markdown_without_header_uses_file_name_and_first_heading(tmp_path):
    path = tmp_path / "Insect Bites.md"
    path.write_text("# Insect bites and stings\nCool compress.", encoding="utf-8")
    (doc,) = load_file(path)
    assert (doc.doc_id, doc.title, doc.source) == ("insect-bites", "Insect bites and stings", "Insect Bites.md")


def test_text_file_with_byte_order_mark_reads_cleanly(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("\ufeffPlain guidance.".encode("utf-8"))
    (doc,) = load_file(path)
    assert doc.text == "Plain guidance." and doc.title == "note"


@pytest.mark.parametrize("name,content,expected", [
    ("guide.docx", b"PK\x03\x04", "extension '.docx' is not supported"),
    ("empty.md", b"", "is empty"),
    ("blank.txt", b"   \n\n", "text: is empty"),
    ("latin.txt", "caf\u00e9 fever".encode("latin-1"), "is not UTF-8"),
    ("bad-header.md", b"---\nid: [unclosed\n---\nBody", "header"),
    ("bad-id.md", b"---\nid: 'has spaces here'\n---\nBody", "is not a usable document id"),
    ("scan.pdf", b"%PDF-1.4\nnot really a pdf", "PDF"),
])
def test_bad_files_are_refused_with_the_file_and_the_problem(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    message = str(_error(path))
    assert name in message and expected in message


def test_missing_file_is_named(tmp_path):
    assert "does not exist" in str(_error(tmp_path / "nowhere.md"))


@pytest.mark.parametrize("lines,expected", [
    (['{"id": "a", "text": "x"}', "{oops"], "docs.jsonl line 2: is not valid JSON"),
    (['["not", "an", "object"]'], "docs.jsonl line 1: is not a JSON object"),
    (['{"title": "no id", "text": "x"}'], "line 1: id: is missing"),
    (['{"id": "a"}'], "line 1: text: is missing"),
    (['{"id": "a", "text": ""}'], "line 1: text: is empty"),
    (['{"id": "a", "text": "x"}', '', '{"id": "a", "text": "y"}'], "line 3: id: 'a' repeats line 1"),
    ([""], "has no documents"),
])
def test_bad_jsonl_lines_are_numbered(tmp_path, lines, expected):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert expected in str(_error(path))


def test_jsonl_keeps_fields_and_defaults_title_and_source(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": "Text one."}) + "\n" +
                    json.dumps({"id": "x2", "title": "Two", "text": "Text two.", "source": "Leaflet"}) + "\n",
                    encoding="utf-8")
    first, second = load_file(path)
    assert (first.title, first.source) == ("x1", "docs.jsonl")
    assert (second.title, second.source) == ("Two", "Leaflet")


def test_slug_and_validation_helpers():
    assert slug("  Chest Pain (v2) ") == "chest-pain-v2"
    assert slug("***") == "document"
    with pytest.raises(ValidationError):
        validate_document("", "t", "text", "s")
    assert validate_document(" ok-1 ", "", " body ", "").title == "ok-1"
