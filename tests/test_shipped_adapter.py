"""The default adapter shipped in models/adapters/: in the repository, intact, active in every new workspace."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from core.registry import activation, versions
from core.registry.shipped import MANIFEST, default_adapter, install_default, shipped_adapters
from core.registry.versions import BASE_VERSION, active_model, active_version_id, file_sha256


def _audit(ws, action):
    return ws.db.execute("SELECT object_id, detail, outcome FROM audit_events WHERE action = ? ORDER BY seq",
                         (action,)).fetchall()


def test_the_repository_ships_one_default_adapter_with_its_reports():
    adapters = shipped_adapters()
    assert [a.default for a in adapters].count(True) == 1
    adapter = default_adapter()
    adapter.verify()  # the file matches its manifest, and it was trained on the shipped base
    assert 1_000_000 < adapter.adapter_file.stat().st_size < 20_000_000  # a LoRA adapter, not a model
    assert adapter.adapter_file.read_bytes()[:4] == b"GGUF"
    for report in ("MODEL_CARD.md", "phi-audit.md", "evaluation.md", "evaluation-base.md", "gate.md"):
        text = (adapter.folder / report).read_text("utf-8")
        assert len(text) > 300, report
        for image in re.findall(r"!\[[^]]*\]\(([^)]+)\)", text):
            assert (adapter.folder / image).is_file(), f"{report} shows {image}, which is not there"
    gate = (adapter.folder / "gate.md").read_text("utf-8")
    # The release gate against the bare base passed (WARN allows activation; FAIL on a critical metric blocks).
    assert re.search(r"against \*\*base\*\*: \*\*(PASS|WARN)\*\*", gate) and "blocks activation" not in gate
    assert adapter.adapter_sha256 in (adapter.folder / "MODEL_CARD.md").read_text("utf-8")
    assert "passed" in (adapter.folder / "MODEL_CARD.md").read_text("utf-8").split("PHI audit:")[1][:20]
    assert adapter.release_gate.endswith("gate.md")


def test_a_new_workspace_triages_with_the_default_adapter(workspace):
    adapter = default_adapter()
    active = active_version_id(workspace.db)
    assert active != BASE_VERSION
    version = versions.get(workspace.db, active)
    assert version.name == adapter.name and version.adapter_sha256 == adapter.adapter_sha256
    base, adapter_file = active_model(workspace)
    assert adapter_file == workspace.paths.models / active / "adapter.gguf"  # a copy inside the workspace
    assert file_sha256(adapter_file) == adapter.adapter_sha256
    assert base == versions.shipped_base_path()
    (register,) = _audit(workspace, "model.register")
    (activated,) = _audit(workspace, "model.activate")
    assert register[0] == activated[0] == active and activated[2] == "ok"
    assert "shipped default adapter" in activated[1]
    assert workspace.install_problem is None
    # Rolling back goes to the bare base model, as for any version.
    result = activation.rollback(workspace, reason="compare with the bare base")
    assert result.version_id == BASE_VERSION and active_model(workspace)[1] is None


def _copy_of_shipped(tmp_path):
    root = tmp_path / "adapters"
    shutil.copytree(default_adapter().folder, root / "default-triage")
    return root, root / "default-triage"


def test_a_changed_adapter_file_is_not_installed(bare_workspace, tmp_path):
    root, folder = _copy_of_shipped(tmp_path)
    data = bytearray((folder / "adapter.gguf").read_bytes())
    data[-1] ^= 0xFF
    (folder / "adapter.gguf").write_bytes(bytes(data))
    version, problem = install_default(bare_workspace, root)
    assert version is None and "differs from the released file" in problem
    assert active_version_id(bare_workspace.db) == BASE_VERSION and versions.list_versions(bare_workspace.db) == []
    (failed,) = _audit(bare_workspace, "model.install_shipped")
    assert failed[2] == "failed" and "differs" in failed[1]


def test_an_adapter_for_another_base_is_not_installed(bare_workspace, tmp_path):
    root, folder = _copy_of_shipped(tmp_path)
    manifest = yaml.safe_load((folder / MANIFEST).read_text("utf-8"))
    manifest["base_sha256"] = "0" * 64
    (folder / MANIFEST).write_text(yaml.safe_dump(manifest), "utf-8")
    version, problem = install_default(bare_workspace, root)
    assert version is None and "another base model" in problem
    assert active_version_id(bare_workspace.db) == BASE_VERSION


@pytest.mark.parametrize("case", ["no folder", "no default", "broken manifest"])
def test_without_a_usable_default_the_workspace_stays_on_the_base(bare_workspace, tmp_path, case):
    root, folder = _copy_of_shipped(tmp_path)
    if case == "no folder":
        shutil.rmtree(root)
    elif case == "no default":
        manifest = yaml.safe_load((folder / MANIFEST).read_text("utf-8"))
        manifest["default"] = False
        (folder / MANIFEST).write_text(yaml.safe_dump(manifest), "utf-8")
    else:
        (folder / MANIFEST).write_text("name: [unclosed", "utf-8")
    version, problem = install_default(bare_workspace, root)
    assert version is None and problem
    assert active_version_id(bare_workspace.db) == BASE_VERSION


def test_init_says_which_model_is_active(cli, home):
    rc, out, err = cli("init", "--admin", "admin", "--password-stdin", stdin="a long passphrase for the clinic 7\n")
    assert rc == 0, err
    assert f"active model: v1 ({default_adapter().name})" in out

