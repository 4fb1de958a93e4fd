#!/usr/bin/env bash
# Build the one-folder desktop bundle and smoke-test it from a copy outside the repository.
#
#   installer/build.sh                               nurse build  -> dist/Prescreen/
#   PRESCREEN_FREEZE_TRAINING=1 installer/build.sh   admin build  -> dist/Prescreen-admin/ (+ training stack)
#   installer/build.sh --check                       release check: both builds from clean, both smoke
#                                                    tests, start-up timings; prints the figures
#   installer/build.sh --no-smoke                    build only
#   ... --no-baseline --draft-timeout=S              passed to the smoke tests (a loaded machine: the
#                                                    x64-backend draft cannot finish in 600 s; S: 1-600)
#
# Each build runs PyInstaller in its own venv (build/venv-nurse, build/venv-admin) holding only that
# build's packages (installer/manifest.py) at the dev venv's versions (build/constraints.txt, from
# .venv's pip freeze), with a portable llama-cpp-python wheel built once into build/wheels/<variant>/
# (no -march=native: every x86-64 CPU backend, chosen at run time). The dev .venv is never changed.
#
#   PRESCREEN_LLAMA_CMAKE_EXTRA="-DGGML_CUDA=ON"     the CUDA variant (see the README: frozen build)
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=1
check=0
smoke_options=()
for arg in "$@"; do
  case "$arg" in
    --no-smoke) smoke=0 ;;
    --check) check=1 ;;
    --no-baseline) smoke_options+=(--no-baseline) ;;
    --draft-timeout=*) smoke_options+=(--draft-timeout "${arg#--draft-timeout=}") ;;
    *) echo "usage: installer/build.sh [--check|--no-smoke] [--no-baseline] [--draft-timeout=S]" >&2; exit 2 ;;
  esac
done

LLAMA_VERSION=0.3.36
# GGML_BACKEND_DIR is given as a STRING: as a PATH, CMake would make it absolute (the temporary build
# folder), and the CPU variants would be installed there instead of into the wheel.
LLAMA_CMAKE="-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON -DGGML_BACKEND_DIR:STRING=llama_cpp/lib"
LLAMA_CMAKE="$LLAMA_CMAKE -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF"
extra="${PRESCREEN_LLAMA_CMAKE_EXTRA:-}"
variant=cpu
case "$extra" in *GGML_CUDA=ON*|*GGML_CUDA=on*) variant=cuda ;; esac

log() { printf '[build] %s\n' "$*" >&2; }

[ -x .venv/bin/python ] || ./bootstrap.sh test --co -q >/dev/null
base_python="$(.venv/bin/python -c 'import sys; print(sys._base_executable)')"
mkdir -p build/wheels/"$variant" build/sdist
.venv/bin/python -m pip freeze --exclude-editable 2>/dev/null | grep -v -i -E '^(llama[-_]cpp[-_]python|prescreen)\b' \
  > build/constraints.txt

portable_wheel() {  # the portable llama-cpp-python wheel, built once (31 minutes on 2 busy cores, 20 CPU-minutes)
  local dir=build/wheels/$variant wheel src=build/sdist/llama_cpp_python-$LLAMA_VERSION
  wheel="$(ls "$dir"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -1 || true)"
  if [ -z "$wheel" ]; then
    log "building the portable llama-cpp-python $LLAMA_VERSION wheel ($variant): $LLAMA_CMAKE $extra"
    if [ ! -d "$src" ]; then
      .venv/bin/python -m pip download --no-binary :all: --no-deps -d build/sdist "llama-cpp-python==$LLAMA_VERSION" >&2
      tar -xzf "$src.tar.gz" -C build/sdist
    fi
    # A kept CMake folder: a second try (another variant flag, an interrupted build) recompiles only what changed.
    CMAKE_ARGS="$LLAMA_CMAKE $extra" .venv/bin/python -m pip wheel --no-deps --no-cache-dir -w "$dir" \
      --config-settings=build-dir="$PWD/build/llama-cmake-$variant" "$src" >&2
    wheel="$(ls "$dir"/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -1)"
    if ! unzip -l "$wheel" | grep -q 'llama_cpp/lib/libggml-cpu-'; then
      echo "error: $wheel holds no llama_cpp/lib/libggml-cpu-*.so (CPU variants); delete it and check the CMake flags" >&2
      exit 1
    fi
  fi
  echo "$wheel"
}

build_venv() {  # build/venv-$1 with that build's packages; rebuilt when the manifest, pins or wheel change
  local kind=$1 wheel=$2 venv=build/venv-$1
  local stamp="$venv/.prescreen-bundle" want
  want="$( { .venv/bin/python installer/manifest.py requirements "$kind"; .venv/bin/python installer/manifest.py no-deps "$kind";
            cat build/constraints.txt; echo "$wheel"; } | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  log "preparing $venv"
  rm -rf "$venv"
  "$base_python" -m venv "$venv"
  "$venv"/bin/python -m pip install --quiet -c build/constraints.txt \
    $(.venv/bin/python installer/manifest.py requirements "$kind") >&2
  "$venv"/bin/python -m pip install --quiet --no-deps "$wheel" $(.venv/bin/python installer/manifest.py no-deps "$kind") >&2
  echo "$want" > "$stamp"
}

build_one() {  # build_one nurse|admin [--clean]
  local kind=$1 clean=${2:-} name started seconds
  name="$(.venv/bin/python installer/manifest.py dist-name "$kind")"
  started=$(date +%s)
  local wheel venv_started venv_seconds pyinstaller_started
  wheel="$(portable_wheel)"
  venv_started=$(date +%s)
  build_venv "$kind" "$wheel"
  venv_seconds=$(( $(date +%s) - venv_started ))
  # The lazy and by-name imports of core/ and app/ against what this build carries (fails fast).
  build/venv-"$kind"/bin/python installer/manifest.py check "$kind"
  log "PyInstaller: $kind build -> dist/$name"
  local freeze=0
  [ "$kind" = admin ] && freeze=1
  pyinstaller_started=$(date +%s)
  PRESCREEN_FREEZE_TRAINING=$freeze build/venv-"$kind"/bin/pyinstaller --noconfirm $clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller-"$kind" installer/prescreen.spec
  local now=$(date +%s)
  seconds=$(( now - started ))
  log "$kind build: $(du -sh "dist/$name" | cut -f1) in dist/$name, built in $((seconds / 60)) m $((seconds % 60)) s" \
      "(build venv $venv_seconds s, PyInstaller $(( now - pyinstaller_started )) s; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$kind $name $seconds $(du -sb "dist/$name" | cut -f1) $venv_seconds $(( now - pyinstaller_started ))" \
      >> build/bundle-figures.txt
}

smoke_one() {  # smoke_one nurse|admin [smoke test options]
  local kind=$1 name
  shift
  name="$(.venv/bin/python installer/manifest.py dist-name "$kind")"
  local options=()
  [ "$kind" = admin ] && options+=(--admin)
  build/venv-"$kind"/bin/python installer/smoke_test.py "dist/$name" "${options[@]}" ${smoke_options[@]+"${smoke_options[@]}"} "$@"
}

if [ "$check" = 1 ]; then
  rm -f build/bundle-figures.txt
  build_one nurse --clean
  smoke_one nurse --timings 3 --venv .venv --json build/smoke-nurse.json
  build_one admin --clean
  smoke_one admin --json build/smoke-admin.json
  log "release check passed"
  while read -r kind name seconds bytes venv_seconds pyinstaller_seconds; do
    log "  $kind: dist/$name $((bytes / 1000000)) MB, built in $((seconds / 60)) m $((seconds % 60)) s" \
        "(build venv $venv_seconds s, PyInstaller $pyinstaller_seconds s)"
  done < build/bundle-figures.txt
  exit 0
fi

kind=nurse
[ "${PRESCREEN_FREEZE_TRAINING:-}" = 1 ] && kind=admin
build_one "$kind"
[ "$smoke" = 1 ] && smoke_one "$kind"
exit 0
