"""`prescreen kb …` end to end: real workspace, real Chroma, real MiniLM."""

from __future__ import annotations

import json

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, make_user
from knowledge_support import copy_default_kb


@pytest.fixture
def kb_home(home):
    """A real workspace whose knowledge folder already holds the default guidelines (built once per run)."""
    from core.workspace import Workspace

    with Workspace.create(home, ADMIN, ADMIN_PASSWORD) as ws:
        nurse_password = make_user(ws, "nurse1", "nurse")
        folder = ws.paths.knowledge
    if folder.exists():
        folder.rmdir()  # created empty by the workspace; replaced by the prebuilt copy
    copy_default_kb(folder)
    return home, nurse_password


def _audit_actions(home) -> list[str]:
    from core.workspace import Workspace

    with Workspace.open(home, ADMIN, ADMIN_PASSWORD) as ws:
        return [row[0] for row in ws.db.execute("SELECT action FROM audit_events ORDER BY seq")]


def test_batch_search_writes_one_line_per_query_with_hits(cli, kb_home, tmp_path):
    home, nurse_password = kb_home
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": "q1", "query": "crushing chest pain radiating to left arm"}) + "\n" +
                       json.dumps({"id": 7, "query": "earache in a toddler"}) + "\n", encoding="utf-8")
    out = tmp_path / "h.jsonl"
    rc, _, err = cli("kb", "search", "--input", queries, "--k", 3, "--output", out,
                     user="nurse1", password=nurse_password)
    assert rc == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q1", 7]
    assert all(len(r["hits"]) == 3 for r in rows)
    assert all({"doc_id", "score", "text"} <= set(h) for r in rows for h in r["hits"])
    assert rows[0]["hits"][0]["doc_id"] == "chest-pain"
    assert "ear-pain" in [h["doc_id"] for h in rows[1]["hits"]]


def test_batch_search_with_a_bad_line_names_it_and_writes_nothing(cli, kb_home, tmp_path):
    home, nurse_password = kb_home
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": 1, "query": "fever"}\n{"id": 2}\n', encoding="utf-8")
    out = tmp_path / "h.jsonl"
    rc, _, err = cli("kb", "search", "--input", queries, "--output", out, user="nurse1", password=nurse_password)
    assert rc == 2 and "q.jsonl line 2: query" in err
    assert not out.exists()


def test_admin_imports_lists_searches_and_removes_with_audit(cli, kb_home, tmp_path):
    home, _ = kb_home
    doc = tmp_path / "travel.jsonl"
    doc.write_text(json.dumps({"id": "travel-vaccines", "title": "Travel vaccines", "source": "Clinic",
                               "text": "Yellow fever vaccination certificate before travel."}) + "\n")
    rc, out, err = cli("kb", "import", doc, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err and "travel-vaccines" in out

    rc, out, _ = cli("kb", "list", "--json", user=ADMIN, password=ADMIN_PASSWORD)
    listed = {d["doc_id"] for d in json.loads(out)}
    assert {"travel-vaccines", "chest-pain"} <= listed

    rc, out, _ = cli("kb", "search", "yellow fever certificate", "--k", 2, "--json", user=ADMIN,
                     password=ADMIN_PASSWORD)
    assert rc == 0 and json.loads(out)[0]["doc_id"] == "travel-vaccines"

    rc, out, _ = cli("kb", "remove", "travel-vaccines", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0 and "removed travel-vaccines" in out
    rc, _, err = cli("kb", "remove", "travel-vaccines", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 2 and "travel-vaccines" in err

    actions = _audit_actions(home)
    assert "kb.import" in actions and "kb.remove" in actions and "kb.search" in actions


def test_nurse_may_search_but_not_import_or_remove(cli, kb_home, tmp_path):
    home, nurse_password = kb_home
    doc = tmp_path / "x.md"
    doc.write_text("Some protocol.", encoding="utf-8")
    rc, _, err = cli("kb", "import", doc, user="nurse1", password=nurse_password)
    assert rc == 2 and "manage_knowledge" in err.lower().replace(" ", "_")
    rc, _, err = cli("kb", "remove", "chest-pain", user="nurse1", password=nurse_password)
    assert rc == 2
    rc, out, _ = cli("kb", "search", "thunderclap headache", "--k", 1, user="nurse1", password=nurse_password)
    assert rc == 0 and "headache" in out


def test_importing_an_unsupported_file_is_refused_clearly(cli, kb_home, tmp_path):
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK\x03\x04")
    rc, _, err = cli("kb", "import", bad, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 2 and "notes.docx" in err and ".md, .txt, .pdf or .jsonl" in err
