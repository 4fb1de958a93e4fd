"""`prescreen model …` and `prescreen regress` headless, as an admin's script would use them.

Evaluations are inserted as stored records (the model runs are covered by
test_evaluation_pipeline.py); the gate, the registry and the CLI are real.
"""

from __future__ import annotations

import json

from conftest import ADMIN, ADMIN_PASSWORD

METRICS = {"emergent_recall": 0.9, "under_triage_rate": 0.05, "safety_compliance": 1.0, "accuracy": 0.7,
           "macro_f1": 0.6, "over_triage_rate": 0.2, "json_validity": 1.0, "cases": 20}


def _seed(home, tmp_path, candidate_recall):
    from core.evaluation import store as evaluations
    from core.workspace import Workspace

    ws = Workspace.create(home, ADMIN, ADMIN_PASSWORD, default_adapter=False)  # an empty registry
    try:
        adapter = tmp_path / "tuned.gguf"
        adapter.write_bytes(b"stand-in adapter")
        with ws.transaction():
            for version, recall in (("base", 0.9), ("v1", candidate_recall)):
                evaluations.append(ws.db, evaluations.EvaluationRecord(
                    version, "vignettes", "h", "pipeline", "default", 20, dict(METRICS, emergent_recall=recall),
                    actor=ADMIN))
        return adapter
    finally:
        ws.close()


def test_register_gate_activate_rollback(cli, home, tmp_path):
    adapter = _seed(home, tmp_path, candidate_recall=0.95)
    as_admin = {"user": ADMIN, "password": ADMIN_PASSWORD}
    rc, out, err = cli("model", "register", "--adapter", adapter, "--name", "tuned", **as_admin)
    assert rc == 0 and "registered v1" in out, err
    rc, out, err = cli("model", "activate", "v1", **as_admin)
    assert rc == 2 and "not been through the regression gate" in err and "Traceback" not in err
    rc, out, err = cli("regress", "v1", **as_admin)
    assert rc == 0 and ": PASS" in out, err
    rc, out, _ = cli("model", "activate", "v1", **as_admin)
    assert rc == 0 and "activated v1 (was base)" in out
    rc, out, _ = cli("model", "list", "--json", **as_admin)
    listed = {r["version"]: r for r in json.loads(out)}
    assert listed["v1"]["active"] and not listed["base"]["active"] and listed["v1"]["gate"] == "PASS"
    rc, out, _ = cli("model", "rollback", "--reason", "trial over", **as_admin)
    assert rc == 0 and "from v1 to base" in out
    rc, out, _ = cli("model", "history", **as_admin)
    assert "activated" in out and "rolled_back" in out and "trial over" in out
    rc, out, _ = cli("model", "notifications", **as_admin)
    assert [line.split()[3] for line in out.splitlines()] == ["gated", "activated", "rolled_back"]
    rc, out, _ = cli("model", "card", "v1", **as_admin)
    assert rc == 0 and (home / "reports" / "models" / "v1" / "model-card.html").is_file()
    rc, out, _ = cli("model", "export-tracking", "--output", tmp_path / "csv", **as_admin)
    assert rc == 0 and (tmp_path / "csv" / "model_events.csv").read_text().count("\n") == 3


def test_failing_gate_exits_1_and_blocks(cli, home, tmp_path):
    adapter = _seed(home, tmp_path, candidate_recall=0.85)
    as_admin = {"user": ADMIN, "password": ADMIN_PASSWORD}
    cli("model", "register", "--adapter", adapter, **as_admin)
    rc, out, _ = cli("regress", "v1", **as_admin)
    assert rc == 1 and "FAIL - BLOCKS ACTIVATION" in out and "CRITICAL" in out
    rc, _, err = cli("model", "activate", "v1", **as_admin)
    assert rc == 2 and "FAILED on critical metric(s) emergent_recall" in err
    rc, _, err = cli("model", "activate", "v1", "--force", **as_admin)
    assert rc == 2 and "reason" in err
    rc, out, _ = cli("model", "activate", "v1", "--force", "--reason", "supervised pilot, approved by lead",
                     **as_admin)
    assert rc == 0 and "gate overridden, audited" in out


def test_nurse_cannot_manage_models(cli, home, tmp_path):
    from conftest import make_user
    from core.workspace import Workspace

    _seed(home, tmp_path, candidate_recall=0.9)
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    password = make_user(ws, "nina", "nurse")
    ws.close()
    for argv in (("model", "list"), ("model", "activate", "base"), ("model", "rollback"), ("regress", "v1"),
                 ("eval", "base")):
        rc, _, err = cli(*argv, user="nina", password=password)
        assert rc == 2 and "nurse may not" in err, argv


def test_eval_bad_input_is_one_line(cli, home, tmp_path):
    _seed(home, tmp_path, candidate_recall=0.9)
    as_admin = {"user": ADMIN, "password": ADMIN_PASSWORD}
    for argv, expected in ((("eval", "base", "--set", "nope"), "set: 'nope' is not a case set"),
                           (("eval", "base", "--limit", "0"), "limit: 0 is not a positive number"),
                           (("eval", "base", "--set", "heldout:missing"), "no dataset 'missing'"),
                           (("eval", "v9"), "no model version 'v9'")):
        rc, _, err = cli(*argv, **as_admin)
        assert rc == 2 and expected in err and "Traceback" not in err, (argv, err)
