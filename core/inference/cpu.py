"""Which llama.cpp CPU path is safe on this machine: the AMX guard.

llama.cpp can repack a model's weights into "extra buffer types" at load
time, laid out for the CPU's widest matrix instructions. On Intel Xeons with
AMX (Sapphire Rapids and later: ``amx_int8``/``amx_tile`` in
``/proc/cpuinfo``) it repacks Q4_K_M weights into its AMX buffer type and then
crashes with SIGSEGV in the first ``llama_decode`` (upstream
ggml-org/llama.cpp#20824, open). Loading with
``llama_model_params.use_extra_bufts = False`` avoids that path: the model
then runs on the ordinary AVX2/AVX-512 kernels.

So by default (``auto``) extra buffer types are switched off on a CPU with AMX
and kept on everywhere else (where the AVX2 repack is a measurable speed-up).
``PRESCREEN_LLAMA_EXTRA_BUFTS=on|off|auto`` overrides the choice. The
inference worker adds a second line of defence: a worker that dies in its
first decode with extra buffer types on is restarted once with them off
(:mod:`core.inference.worker`). Re-check on an AMX host after every llama.cpp
upgrade: a bare llama-cpp-python 0.3.36 script crashes there the same way.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ENV = "PRESCREEN_LLAMA_EXTRA_BUFTS"
AMX_FLAGS = frozenset({"amx_int8", "amx_tile", "amx_bf16", "amx_fp16", "amx_complex"})
_SETTINGS = ("auto", "on", "off")


@dataclass(frozen=True)
class CpuPath:
    """How llama.cpp is loaded on this CPU.

    Attributes:
        extra_buffer_types: whether weight repacking ("extra buffer types") is on.
        reason: why, in words (printed by ``bench_triage.py`` and recorded by the worker).
    """

    extra_buffer_types: bool
    reason: str

    def describe(self) -> str:
        return f"extra buffer types {'on' if self.extra_buffer_types else 'off'} ({self.reason})"


@lru_cache(maxsize=1)
def cpu_flags(cpuinfo: str = "/proc/cpuinfo") -> frozenset[str]:
    """The CPU feature flags (Linux); empty where they cannot be read."""
    try:
        text = Path(cpuinfo).read_text(errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        if line.startswith("flags") and ":" in line:
            return frozenset(line.split(":", 1)[1].split())
    return frozenset()


def choose_path(setting: str | None = None, flags: frozenset[str] | None = None) -> CpuPath:
    """Decide whether extra buffer types may be used.

    Args:
        setting: ``auto``, ``on`` or ``off`` (default: ``$PRESCREEN_LLAMA_EXTRA_BUFTS``, else auto).
        flags: CPU flags (default: this machine's).

    Raises:
        ValueError: an unknown setting (the message names the variable and the values).
    """
    value = (setting if setting is not None else os.environ.get(ENV, "auto")).strip().lower() or "auto"
    if value not in _SETTINGS:
        raise ValueError(f"{ENV}='{value}' is not a setting; use one of {', '.join(_SETTINGS)}")
    if value == "on":
        return CpuPath(True, f"forced on by {ENV}")
    if value == "off":
        return CpuPath(False, f"forced off by {ENV}")
    amx = sorted(AMX_FLAGS & (cpu_flags() if flags is None else flags))
    if amx:
        return CpuPath(False, f"AMX CPU ({' '.join(amx)}): avoids llama.cpp's AMX repack crash")
    if flags is None and sys.platform != "linux":
        return CpuPath(True, "no AMX check on this platform")
    return CpuPath(True, "no AMX on this CPU")


_PATCH_LOCK = threading.Lock()


@contextmanager
def model_params(*, extra_buffer_types: bool):
    """While inside, ``llama_cpp.Llama(...)`` loads with ``use_extra_bufts`` as given.

    llama-cpp-python fills its ``llama_model_params`` from
    ``llama_model_default_params()`` and offers no argument for this field,
    so the default-params function is wrapped for the duration of one load
    (under a lock: loads in other threads wait).
    """
    import llama_cpp.llama_cpp as native

    with _PATCH_LOCK:
        original = native.llama_model_default_params

        def defaults():
            params = original()
            params.use_extra_bufts = extra_buffer_types
            return params

        native.llama_model_default_params = defaults
        try:
            yield
        finally:
            native.llama_model_default_params = original
