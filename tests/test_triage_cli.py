"""`prescreen triage / queue / case / alerts / monitor`, run in-process against a real workspace."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import make_user
from triage_support import engine, seed_workspace_kb

STORY = ("A 66-year-old woman has had sudden weakness of her left arm and slurred speech for 40 minutes. "
         "BP 178/96, HR 92.")


@pytest.fixture
def people(workspace, home):
    """A nurse and a physician; the workspace gets the default guidelines and a short answer budget."""
    engine()  # load the shared model first, so the CLI's pipeline reuses it
    seed_workspace_kb(home)
    config = yaml.safe_load(workspace.paths.config.read_text())
    config["triage"] = {"max_tokens": 96}
    workspace.paths.config.write_text(yaml.safe_dump(config))
    return {"nina": make_user(workspace, "nina", "nurse"), "phil": make_user(workspace, "phil", "physician")}


def test_triage_review_sign_and_alert_headless(cli, people):
    nurse = dict(user="nina", password=people["nina"])
    rc, out, err = cli("triage", "--text", STORY, "--json", **nurse)
    assert rc == 0, err
    result = json.loads(out)
    case_id, assessment = result["case_id"], result["assessment"]
    assert assessment["priority"] == "Critical" and assessment["floor"] == "Critical"
    assert assessment["review_statement"] == "This is a preliminary assessment and requires nurse review."

    rc, out, _ = cli("queue", "list", "--json", **nurse)
    assert rc == 0 and [c["case_id"] for c in json.loads(out)] == [case_id]
    rc, out, _ = cli("case", "show", case_id, **nurse)
    assert rc == 0 and "Critical" in out and "red flag" in out

    rc, _, err = cli("case", "set-priority", case_id, "High", "--reason", "  ", **nurse)
    assert rc == 2 and "reason" in err
    rc, out, _ = cli("case", "set-priority", case_id, "High", "--reason", "symptoms resolving on arrival", **nurse)
    assert rc == 0 and "High" in out

    rc, _, err = cli("case", "sign", case_id, user="nina", password=people["nina"])
    assert rc == 2 and "--password-stdin" in err  # the environment password is not a re-entry
    login = people["nina"] + "\n"
    rc, _, err = cli("case", "sign", case_id, "--password-stdin", stdin=login + "wrong password\n", user="nina")
    assert rc == 2 and "password incorrect" in err
    rc, out, err = cli("case", "sign", case_id, "--password-stdin", stdin=login + login, user="nina")
    assert rc == 0 and "signed by nina with priority High" in out, err
    rc, _, err = cli("case", "note", case_id, "late note", **nurse)
    assert rc == 2 and "read-only" in err
    rc, out, _ = cli("case", "addendum", case_id, "Ambulance arrived 10:42.", **nurse)
    assert rc == 0 and "addendum" in out

    rc, _, err = cli("alerts", "list", **nurse)
    assert rc == 2 and "may not" in err  # nurses do not acknowledge alerts
    doctor = dict(user="phil", password=people["phil"])
    rc, out, _ = cli("alerts", "list", "--json", **doctor)
    alerts = json.loads(out)
    assert rc == 0 and [a["case_id"] for a in alerts] == [case_id] and alerts[0]["priority"] == "Critical"
    rc, out, _ = cli("alerts", "ack", str(alerts[0]["id"]), **doctor)
    assert rc == 0 and "acknowledged by phil" in out

    rc, out, _ = cli("monitor", "report", "--period", "day", **nurse)
    assert rc == 0 and "cases triaged:            1 (1 signed)" in out
    assert "0 up, 1 down" in out


def test_batch_goes_on_after_bad_lines(cli, people, tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join([
        json.dumps({"id": "a", "age": 34, "sex": "female", "symptoms": ["sore throat"], "vitals": {"temperature_c": 37.8}}),
        "{not json",
        json.dumps({"id": "c", "case_description": "A 50-year-old man, HR 900, feels dizzy."}),
        json.dumps({"id": "d", "case_description": "A 29-year-old man has had a runny nose for two days."}),
    ]) + "\n")
    results = tmp_path / "results.jsonl"
    rc, out, err = cli("triage", "--input", cases, "--output", results, user="nina", password=people["nina"])
    lines = [json.loads(line) for line in results.read_text().splitlines()]
    assert rc == 1 and "2 triaged, 2 failed" in out
    assert [line["id"] for line in lines] == ["a", "line-2", "c", "d"]
    assert "case_id" in lines[0] and lines[0]["assessment"]["requires_nurse_review"] is True
    assert "not valid JSON" in lines[1]["error"]
    assert "heart_rate" in lines[2]["error"] or "HR" in lines[2]["error"]
    assert lines[3]["case_id"].startswith("C-")
    assert "4/4" in err  # progress bar on stderr
    rc, out, _ = cli("queue", "list", "--json", user="nina", password=people["nina"])
    assert {c["case_id"] for c in json.loads(out)} == {lines[0]["case_id"], lines[3]["case_id"]}
