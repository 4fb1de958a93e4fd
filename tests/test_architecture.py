"""The engine never imports Qt, and heavy libraries load only when used."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "never imports Qt" in result.stdout and "KEPT" in result.stdout


def test_no_qt_import_in_core_source():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py")
                 if any(line.lstrip().startswith(("import PySide6", "from PySide6", "import shiboken6"))
                        for line in p.read_text("utf-8").splitlines())]
    assert offenders == []


def test_cli_start_up_does_not_import_heavy_libraries():
    code = ("import sys, core.cli; core.cli.build_parser(); "
            "heavy = [m for m in ('torch', 'transformers', 'peft', 'presidio_analyzer', 'chromadb', "
            "'sentence_transformers', 'llama_cpp', 'spacy', 'PySide6') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_offline_switches_are_set_on_import():
    code = "import os, core; print(os.environ['HF_HUB_OFFLINE'], os.environ['ANONYMIZED_TELEMETRY'])"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "False"]


def test_refused_kernel_download_is_not_reported_on_stderr():
    # On an AVX512-BF16 CPU, loading the embedder imports bitsandbytes, which asks the (offline) hub
    # for a CPU kernel and logs two warnings; elsewhere the import logs nothing either way.
    code = ("import logging, core; logging.basicConfig(); import sentence_transformers; "
            "print(logging.getLogger('bitsandbytes.backends.cpu.ops').getEffectiveLevel(), "
            "logging.getLogger('kernels._internals.hf_hub').getEffectiveLevel())")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(logging.ERROR)] * 2
    assert "gemm_4bit_forward" not in done.stderr and "publisher trust" not in done.stderr


def test_offline_guard_blocks_sockets(offline_guard):
    import socket

    import pytest

    before = len(offline_guard)
    with pytest.raises(RuntimeError, match="network access is blocked"):
        socket.create_connection(("example.org", 80), timeout=1)
    # remove the deliberate attempt so the suite does not fail because of this test
    del offline_guard[before:]
