"""The knowledge base with the real MiniLM and the real Chroma store.

Why it matters: the triage prompt cites what retrieval returns; if the chest
pain protocol is not in the top 3 for a textbook cardiac story, the model is
prompted with the wrong guidance.
"""

from __future__ import annotations

import json

import pytest

from core.errors import NotFoundError, ValidationError
from core.knowledge import KnowledgeBase, default_guidelines_folder
from core.knowledge.embedding import get_embedder
from knowledge_support import copy_default_kb


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM, loaded once for the whole test session."""
    return get_embedder()


@pytest.fixture
def guideline_kb(tmp_path, embedder):
    kb = KnowledgeBase.open(copy_default_kb(tmp_path / "knowledge"), embedder=embedder)
    yield kb
    kb.close()


@pytest.fixture
def empty_kb(tmp_path, embedder):
    kb = KnowledgeBase.open(tmp_path / "empty-kb", embedder=embedder)
    yield kb
    kb.close()


CLINICAL_QUERIES = [
    ("crushing chest pain radiating to left arm", "chest-pain"),
    ("sudden facial droop and slurred speech, arm weakness", "stroke-signs"),
    ("SpO2 89% on room air, cannot finish sentences", "breathing-difficulty"),
    ("lips and tongue swelling after eating peanuts", "anaphylaxis"),
    ("6 week old baby with temperature 38.4", "fever-infant-under-3-months"),
    ("pregnant 7 weeks with bleeding and one-sided pelvic pain", "pregnancy-bleeding-pain"),
    ("says he wants to end his life and has a plan", "suicidal-ideation-self-harm"),
    ("took a whole packet of paracetamol tablets", "overdose-poisoning"),
    ("needlestick injury from a used needle, worried about HIV", "hiv-post-exposure"),
    ("missed two doses of HIV treatment", "missed-antiretroviral-doses"),
    ("PHQ-9 score of 14", "anxiety-depression-screening"),
    ("glucose 2.8 mmol/L shaky and sweating", "low-blood-glucose"),
    ("scald from boiling kettle on the forearm", "burns"),
    ("burning when passing urine and going often", "urinary-symptoms"),
    ("child pulling at ear with earache", "ear-pain"),
    ("confused and drowsy with fever, low blood pressure, fast breathing", "sepsis"),
]


def test_default_set_is_at_least_30_original_protocols_with_required_sections():
    files = sorted(default_guidelines_folder().glob("*.md"))
    assert len(files) >= 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert 'source: "Prescreen default guideline set v1"' in text, path.name
        for section in ("## Key questions", "## Red flags -> priority", "## Disposition by priority",
                        "## Self-care advice"):
            assert section in text, f"{path.name} lacks {section}"
        for level in ("**Critical**", "**High**", "**Medium**", "**Low**"):
            assert level in text, f"{path.name} lacks {level}"
        assert 200 <= len(text.split()) <= 650, path.name


def test_defaults_are_imported_once_with_ids_titles_and_source(guideline_kb):
    documents = guideline_kb.list_documents()
    ids = {d.doc_id for d in documents}
    assert len(documents) == len(list(default_guidelines_folder().glob("*.md")))
    assert {"chest-pain", "stroke-signs", "hiv-post-exposure"} <= ids
    assert all(d.source == "Prescreen default guideline set v1" and d.chunks >= 3 for d in documents)
    assert next(d for d in documents if d.doc_id == "chest-pain").title == "Chest pain"
    # Second call (what every later workspace open does) imports nothing.
    assert guideline_kb.ensure_default_guidelines() == []


def test_a_removed_default_guideline_is_not_brought_back(guideline_kb):
    guideline_kb.remove("ear-pain")
    assert guideline_kb.ensure_default_guidelines() == []
    assert "ear-pain" not in {d.doc_id for d in guideline_kb.list_documents()}


@pytest.mark.parametrize("query,expected", CLINICAL_QUERIES)
def test_clinical_queries_find_their_protocol_in_the_top_3(guideline_kb, query, expected):
    hits = guideline_kb.search(query, k=3)
    assert expected in [h.doc_id for h in hits], [h.doc_id for h in hits]


def test_hybrid_is_at_least_as_good_as_dense_on_the_clinical_queries(guideline_kb):
    def top1(mode):
        return sum(guideline_kb.search(q, k=1, mode=mode)[0].doc_id == want for q, want in CLINICAL_QUERIES)

    assert top1("hybrid") >= top1("dense")


def test_hits_are_distinct_documents_with_their_best_passage(guideline_kb):
    hits = guideline_kb.search("severe one-sided throat pain, cannot open mouth, muffled voice", k=5)
    assert len(hits) == 5 and len({h.doc_id for h in hits}) == 5
    assert hits[0].doc_id == "sore-throat"
    assert hits[0].chunk_id.startswith("sore-throat#")
    assert "trismus" in hits[0].text or "muffled" in hits[0].text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_each_mode_returns_k_documents(guideline_kb, mode):
    hits = guideline_kb.search("needlestick HIV exposure", k=4, mode=mode)
    assert len(hits) == 4 and hits[0].doc_id == "hiv-post-exposure"


def test_each_file_format_imports(empty_kb, tmp_path):
    md = tmp_path / "Wound Care.md"
    md.write_text("---\nid: wound-care\ntitle: Wound care\nsource: Clinic protocol 2026\n---\n# Wound care\n"
                  "Clean lacerations with running water and check tetanus status.", encoding="utf-8")
    txt = tmp_path / "Travel Advice.txt"
    txt.write_text("Malaria prophylaxis is discussed before travel to endemic regions.", encoding="utf-8")
    jsonl = tmp_path / "extra.jsonl"
    jsonl.write_text(json.dumps({"id": "gout", "title": "Gout flare", "text": "Hot swollen big toe joint.",
                                 "source": "Clinic"}) + "\n\n" +
                     json.dumps({"id": "lice", "title": "Head lice", "text": "Itchy scalp with nits.",
                                 "source": "Clinic"}) + "\n", encoding="utf-8")
    pdf = tmp_path / "Snake Bite.pdf"
    pdf.write_bytes(_text_pdf("Snake bite: keep the limb still and call emergency services."))

    infos = empty_kb.import_files([md, txt, jsonl, pdf])

    assert [i.doc_id for i in infos] == ["wound-care", "travel-advice", "gout", "lice", "snake-bite"]
    by_id = {d.doc_id: d for d in empty_kb.list_documents()}
    assert by_id["wound-care"].title == "Wound care" and by_id["wound-care"].source == "Clinic protocol 2026"
    assert by_id["travel-advice"].source == "Travel Advice.txt"
    assert by_id["gout"].title == "Gout flare"
    assert empty_kb.search("malaria before a trip", k=1)[0].doc_id == "travel-advice"
    assert empty_kb.search("snake bitten leg", k=1)[0].doc_id == "snake-bite"
    assert empty_kb.search("nits in hair", k=1, mode="lexical")[0].doc_id == "lice"


def test_reimporting_an_id_replaces_the_document(empty_kb):
    empty_kb.add_document("protocol-x", "Protocol X", "Old advice about influenza vaccination clinics. " * 60, "v1")
    old_chunks = empty_kb.list_documents()[0].chunks
    empty_kb.add_document("protocol-x", "Protocol X (revised)", "New advice about shingles vaccination.", "v2")
    (doc,) = empty_kb.list_documents()
    assert (doc.title, doc.source, doc.chunks) == ("Protocol X (revised)", "v2", 1) and old_chunks > 1
    hit = empty_kb.search("influenza vaccination", k=5)
    assert [h.chunk_id for h in hit] == ["protocol-x#0"] and "shingles" in hit[0].text


def test_remove_deletes_the_document_and_its_chunks(empty_kb):
    empty_kb.add_document("a", "A", "Asthma action plan and peak flow diary.", "s")
    empty_kb.add_document("b", "B", "Bronchiolitis in infants, feeding and breathing.", "s")
    removed = empty_kb.remove("a")
    assert removed.doc_id == "a"
    assert [d.doc_id for d in empty_kb.list_documents()] == ["b"]
    assert all(h.doc_id == "b" for m in ("dense", "lexical", "hybrid")
               for h in empty_kb.search("asthma peak flow", k=5, mode=m))
    with pytest.raises(NotFoundError, match="'a'"):
        empty_kb.remove("a")


def test_documents_persist_across_reopen(tmp_path, embedder):
    folder = tmp_path / "kb"
    with KnowledgeBase.open(folder, embedder=embedder) as kb:
        kb.add_document("cellulitis", "Cellulitis", "Spreading redness, warmth and swelling of the skin.", "s")
    with KnowledgeBase.open(folder, embedder=embedder) as kb:
        assert [d.doc_id for d in kb.list_documents()] == ["cellulitis"]
        assert kb.search("red hot swollen skin", k=1, mode="dense")[0].doc_id == "cellulitis"
        assert kb.search("red hot swollen skin", k=1, mode="lexical")[0].doc_id == "cellulitis"


def test_search_on_an_empty_knowledge_base_returns_nothing(empty_kb):
    assert empty_kb.search("chest pain") == []


@pytest.mark.parametrize("query,k,mode,field", [
    ("", 5, "hybrid", "query"), ("   ", 5, "hybrid", "query"), ("x" * 5000, 5, "hybrid", "query"),
    ("fever", 0, "hybrid", "k"), ("fever", 101, "hybrid", "k"), ("fever", 5, "fuzzy", "mode"),
])
def test_bad_search_requests_name_the_field(empty_kb, query, k, mode, field):
    with pytest.raises(ValidationError) as caught:
        empty_kb.search(query, k=k, mode=mode)
    assert caught.value.field == field


def test_a_bad_file_in_a_batch_stores_nothing(empty_kb, tmp_path):
    good = tmp_path / "good.md"
    good.write_text("Good guideline text.", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "fine"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="bad.jsonl line 2"):
        empty_kb.import_files([good, bad])
    assert empty_kb.list_documents() == []


def _text_pdf(text: str) -> bytes:
    """A minimal one-page PDF with a line of real (extractable) text."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_phi_check_refuses_a_patient_letter_but_accepts_a_guideline(empty_kb, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Discharge letter. Patient: Maria Lopez, MRN 48213377, SSN 123-45-6789, "
                      "lives at 14 Birch Lane, Springfield; phone (555) 201-7788. Chest pain resolved.",
                      encoding="utf-8")
    with pytest.raises(ValidationError, match="patient data") as caught:
        empty_kb.import_files([letter], refuse_phi=True)
    assert "48213377" not in str(caught.value) and "Lopez" not in str(caught.value)
    assert empty_kb.list_documents() == []

    (info,) = empty_kb.import_files([default_guidelines_folder() / "raised-blood-pressure.md"], refuse_phi=True)
    assert info.doc_id == "raised-blood-pressure"
