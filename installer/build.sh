#!/usr/bin/env bash
# Build the one-folder desktop bundle into dist/Prescreen and smoke-test it.
#   installer/build.sh                 nurse workstation build (no training stack)
#   PRESCREEN_FREEZE_TRAINING=1 installer/build.sh   admin build with torch/peft for retraining
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || ./bootstrap.sh test --co -q >/dev/null
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller installer/prescreen.spec
.venv/bin/python installer/smoke_test.py dist/Prescreen
