"""PyInstaller runtime hook: let llama.cpp find its CPU backends inside the bundle.

The bundle's llama-cpp-python is built with ``GGML_BACKEND_DL`` and
``GGML_CPU_ALL_VARIANTS``: one ``libggml-cpu-<variant>.so`` per x86-64 level
(x64, sse42, sandybridge, haswell, skylakex, icelake, zen4, sapphirerapids, ...),
and at start-up llama.cpp loads the one that scores best on this CPU. It looks
for them next to the executable and in the current folder, not where
PyInstaller puts them (``_internal/llama_cpp/lib``). So just before
``llama_cpp.llama_cpp`` is first imported (only the inference worker and
in-process evaluation do that; the GUI and the CLI never do), this hook asks
ggml to load them from that folder. ``llama_backend_init`` then finds them
registered and does not search again.

``PRESCREEN_LLAMA_CPU_VARIANT=<variant>`` (e.g. ``x64`` or ``haswell``) loads
that one variant instead of the best: for support, when a CPU misbehaves with
the chosen one, and for the smoke test's baseline run.
"""

import os
import sys


def _backend_dir():
    return os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "llama_cpp", "lib")


def _load_backends(folder):
    import ctypes

    ggml = ctypes.CDLL(os.path.join(folder, "libggml.so"))  # the same file llama_cpp links: one registry
    variant = os.environ.get("PRESCREEN_LLAMA_CPU_VARIANT", "").strip()
    if variant:
        ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
        ggml.ggml_backend_load.restype = ctypes.c_void_p
        path = os.path.join(folder, "libggml-cpu-%s.so" % variant)
        if not os.path.isfile(path) or not ggml.ggml_backend_load(os.fsencode(path)):
            sys.stderr.write("PRESCREEN_LLAMA_CPU_VARIANT=%s: no loadable %s\n" % (variant, path))
        return
    ggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    ggml.ggml_backend_load_all_from_path.restype = None
    ggml.ggml_backend_load_all_from_path(os.fsencode(folder))


class _BeforeLlamaCpp:
    """A meta-path finder that finds nothing: it only acts once, when llama_cpp.llama_cpp is looked up."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "llama_cpp.llama_cpp":
            sys.meta_path.remove(self)
            folder = _backend_dir()
            if any(name.startswith("libggml-cpu-") for name in os.listdir(folder)):
                _load_backends(folder)
        return None


if os.path.isdir(_backend_dir()):
    sys.meta_path.insert(0, _BeforeLlamaCpp())
