"""Smoke test of a frozen build, run the way a clinic would meet it.

    python installer/smoke_test.py dist/Prescreen                 # the nurse build
    python installer/smoke_test.py dist/Prescreen-admin --admin   # the admin build: also a few training steps
    python installer/smoke_test.py dist/Prescreen --timings 3 --venv .venv   # + start-up figures

The bundle is first copied to a temporary folder outside the repository, and
every program runs from that copy with a bare environment (``PATH=/usr/bin:/bin``,
a fresh ``HOME``, no ``PYTHONPATH``/``VIRTUAL_ENV``), inside a network namespace
with no network (``unshare -n``: sockets cannot reach anything) and under
``strace``, which records every program started, every file opened and every
connection attempted. It proves:

0. the bundle carries the repository's data as it is now (installer/manifest.py's
   REPO_DATA: resources/, models/, the dev vignettes; and the data files of core/
   and app/), file for file: a bundle built before a resource file was added fails
   here, before anything runs;
1. the first start creates a workspace (``prescreen init`` into the default
   location under the new ``HOME``), registers the default LoRA adapter the
   bundle ships (``models/adapters/``) and makes it the active model, and an
   admin adds a nurse;
2. the login window opens (``prescreen-gui --login-check PNG``: shown, saved, exit 0);
3. the nurse's triage of one story returns a valid draft written by the bundled
   model with the active adapter (the draft's model id, and the worker opened the
   adapter file) through the inference worker, which the copied ``prescreen`` started
   (``--inference-worker``), once with the CPU backend llama.cpp picks for this
   machine and once with the baseline x86-64 backend (what a CPU without AVX runs);
4. ``prescreen audit verify`` passes;
5. nothing tried the network (no ``connect``/``sendto`` to an IP address), no
   program outside the copy was started and no file of the repository, its
   ``.venv`` or the Python installation that built the bundle was opened;
6. (``--admin``) synthetic data, the PHI audit, a 2-step LoRA training run of the shipped
   Gemma, the adapter's GGUF export and an evaluation of the active version on one of
   the bundled dev vignettes (``prescreen eval``'s default set) work; (nurse build) the retraining commands, left out,
   say that they need the admin build.

It also reports the llama.cpp CPU variants in the bundle, which one this CPU
gets, and that the shared libraries outside the variants use no AVX register.
Exit status 0 when everything passed; the first failure stops it with a message.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "clinic smoke passphrase 7"  # a password may not contain the user name
NURSE_PASSWORD = "ward round passphrase 8"
STORY = ("A 45-year-old woman with burning on passing urine and frequency for 2 days, "
         "no fever, no back pain. Temperature 37.1 C, HR 84.")
PRIORITIES = {"Critical", "High", "Medium", "Low"}
TRACED = "execve,connect,sendto,sendmsg,open,openat"


class SmokeFailure(SystemExit):
    pass


def fail(message: str) -> None:
    raise SmokeFailure(f"SMOKE TEST FAILED: {message}")


def ok(message: str) -> None:
    print(f"ok  {message}", flush=True)


class Sandbox:
    """A copy of the bundle outside the repository and a bare environment to run it in."""

    def __init__(self, bundle: Path, keep: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="prescreen-smoke-", dir="/tmp"))
        if REPO in self.root.resolve().parents:
            fail(f"the sandbox {self.root} lies inside the repository")
        self.keep = keep
        self.bundle = self.root / bundle.name
        started = time.perf_counter()
        subprocess.run(["cp", "-a", str(bundle), str(self.bundle)], check=True)
        self.copy_s = time.perf_counter() - started
        self.home = self.root / "home"
        self.tmp = self.root / "tmp"
        for folder in (self.home, self.tmp):
            folder.mkdir()
        self.traces = self.root / "traces"
        self.traces.mkdir()
        self.isolation = network_isolation()
        self.strace = shutil.which("strace")
        self.count = 0
        self.other_programs: set[str] = set()  # programs outside the bundle it started (system tools)

    def env(self, **extra: str) -> dict[str, str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "TMPDIR": str(self.tmp), "LANG": "C.UTF-8",
               "QT_QPA_PLATFORM": "offscreen"}
        env.update(extra)
        return env

    def run(self, program: str, *args: str, user: str = "admin", password: str = ADMIN_PASSWORD,
            extra_env: dict[str, str] | None = None, timeout: float = 900, trace: bool = True,
            expect: int = 0) -> tuple[str, str, float, Path | None]:
        env = self.env(PRESCREEN_USER=user, PRESCREEN_PASSWORD=password, **(extra_env or {}))
        binary = self.bundle / program
        command = [str(binary), *args]
        trace_file = None
        if trace and self.strace:
            self.count += 1
            trace_file = self.traces / f"{self.count:02d}-{program}-{args[0] if args else 'run'}.trace"
            command = [self.strace, "-f", "-qq", "--seccomp-bpf", "-e", f"trace={TRACED}", "-s", "256",
                       "-o", str(trace_file), *command]
        command = [*self.isolation, *command]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=self.root, timeout=timeout)
        elapsed = time.perf_counter() - started
        if result.returncode != expect:
            fail(f"{program} {' '.join(args)} exited with {result.returncode} (expected {expect})\n"
                 f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}")
        return result.stdout, result.stderr, elapsed, trace_file

    def close(self) -> None:
        if self.keep:
            print(f"kept {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)


def network_isolation() -> list[str]:
    """The command prefix that runs a program without network: a new, empty network namespace."""
    for prefix in (["unshare", "-n"], ["unshare", "-r", "-n"]):
        try:
            probe = subprocess.run([*prefix, sys.executable, "-c",
                                    "import socket; s = socket.socket(); s.settimeout(2); s.connect(('1.1.1.1', 53))"],
                                   capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode != 0 and ("unreachable" in probe.stderr or "Errno 101" in probe.stderr):
            return prefix
    fail("cannot make a network namespace (`unshare -n`, as root, or `unshare -r -n`); "
         "the test must prove the bundle works with no network")
    return []


# ------------------------------------------------------------------------------------ trace checks
_EXECVE = re.compile(r'execve\("([^"]+)", \[(.*?)\]')
_OPEN = re.compile(r'open(?:at)?\((?:AT_FDCWD|\d+), "([^"]+)"')
_INET = re.compile(r"(connect|sendto|sendmsg)\(.*sa_family=AF_INET6?\b.*")


def forbidden_prefixes() -> list[str]:
    """Where no file may be opened from: the repository (its .venv, build venvs, sources), the Python that
    runs this test and built the bundle, and any system Python."""
    roots = {str(REPO), str(Path(sys.base_prefix).resolve()), str(Path(sys.prefix).resolve())}
    return sorted(root + "/" for root in roots) + ["/usr/lib/python3", "/usr/local/lib/python3"]


def check_trace(trace: Path | None, sandbox: Sandbox, forbidden: list[str]) -> dict:
    """No network attempt, no Python outside the bundle started, no file of the repository or a Python opened."""
    if trace is None:
        return {}
    text = trace.read_text(errors="replace")
    inet = [match.group(0)[:200] for match in _INET.finditer(text)]
    if inet:
        fail(f"{trace.name}: tried the network: {inet[:3]}")
    programs = [(match.group(1), match.group(2)) for match in _EXECVE.finditer(text)]
    outside = sorted({path for path, _ in programs if not path.startswith(str(sandbox.bundle) + "/")})
    pythons = [path for path in outside if "python" in Path(path).name or path.startswith(tuple(forbidden))]
    if pythons:
        fail(f"{trace.name}: started a Python outside the bundle: {pythons[:5]}")
    if outside:
        sandbox.other_programs.update(outside)
    opened = set(_OPEN.findall(text))
    leaked = sorted(path for path in opened if path.startswith(tuple(forbidden)) or path + "/" in forbidden)
    if leaked:
        fail(f"{trace.name}: opened files of the repository or of a Python installation: {leaked[:5]}")
    workers = [path for path, args in programs if "--inference-worker" in args]
    return {"programs": programs, "workers": workers, "opened": len(opened), "opened_files": opened}


# ------------------------------------------------------------------------------------ llama.cpp CPU
def cpu_variants(bundle: Path) -> dict:
    """The llama.cpp CPU variants in the bundle and the score ggml gives each on this CPU."""
    lib = bundle / "_internal" / "llama_cpp" / "lib"
    scores = {}
    ctypes.CDLL(str(lib / "libggml-base.so.0"))  # the variants need it and carry no run path (ggml loads it first)
    for path in sorted(lib.glob("libggml-cpu-*.so")):
        name = path.name[len("libggml-cpu-"):-len(".so")]
        try:
            handle = ctypes.CDLL(str(path))
            scores[name] = int(handle.ggml_backend_score())
        except OSError as exc:
            scores[name] = f"not loadable: {exc}"
    best = max((item for item in scores.items() if isinstance(item[1], int)), key=lambda item: item[1],
               default=(None, 0))
    return {"variants": scores, "chosen": best[0]}


def avx_instructions(path: Path) -> int | None:
    """How many instructions of a shared library use a ymm/zmm register (None: no objdump)."""
    objdump = shutil.which("objdump")
    if not objdump:
        return None
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", str(path)], capture_output=True, text=True).stdout
    return len(re.findall(r"%[yz]mm\d", out))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def stale_data(bundle: Path, kind: str) -> list[str]:
    """installer/manifest.py's bundle_differences() for this bundle against the repository."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("prescreen_installer_manifest", Path(__file__).with_name("manifest.py"))
    manifest = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = manifest
    spec.loader.exec_module(manifest)
    return manifest.bundle_differences(bundle / "_internal", kind)


# ------------------------------------------------------------------------------------ the steps
_ACTIVE = re.compile(r"^active model: (\S+) \((.+)\)$", re.MULTILINE)


def shipped_adapter_active(sandbox: Sandbox, workspace: Path, init_out: str, init_err: str) -> dict:
    """The default adapter the bundle ships (its manifest in the copy) is what init made active."""
    import yaml

    manifests = [yaml.safe_load(path.read_text("utf-8"))
                 for path in sorted((sandbox.bundle / "_internal" / "models" / "adapters").glob("*/manifest.yaml"))]
    default = next((item for item in manifests if item.get("default")), None)
    if default is None:
        fail("the bundle ships no default adapter (_internal/models/adapters/*/manifest.yaml with default: true)")
    match = _ACTIVE.search(init_out)
    if match is None or match.group(2) != default["name"] or "not installed" in init_err:
        fail(f"prescreen init did not activate the shipped adapter {default['name']!r}:\n{init_out}\n{init_err}")
    version = match.group(1)
    registered = workspace / "models" / version / Path(default["file"]).name
    if not registered.is_file():
        fail(f"init names {version} active, but its adapter {registered} is missing")
    return {"version": version, "name": default["name"], "file": registered}


def triage(sandbox: Sandbox, forbidden: list[str], label: str, adapter: dict, draft_timeout: int,
           extra_env: dict[str, str] | None = None) -> dict:
    out, err, elapsed, trace = sandbox.run("prescreen", "triage", "--json", "--text", STORY, user="nina",
                                           password=NURSE_PASSWORD, extra_env=extra_env,
                                           timeout=draft_timeout + 300)  # + the worker's start, the KB search
    try:
        result = json.loads(out)
    except json.JSONDecodeError:
        fail(f"triage ({label}) printed no JSON:\n{out[-2000:]}\n{err[-2000:]}")
    draft = result.get("assessment", {})
    if draft.get("model_failure"):
        fail(f"triage ({label}): the model did not write the draft: {draft['model_failure']}")
    if not draft.get("json_valid") or draft.get("priority") not in PRIORITIES or not draft.get("model_id"):
        fail(f"triage ({label}): not a valid draft: {json.dumps(draft)[:1500]}")
    if not draft.get("requires_nurse_review") or not draft.get("preliminary_assessment"):
        fail(f"triage ({label}): the draft lacks its assessment or the review flag")
    if not draft["model_id"].endswith("+" + adapter["file"].stem):
        fail(f"triage ({label}): the draft's model {draft['model_id']!r} is not the base with the shipped adapter "
             f"({adapter['version']}, {adapter['file'].name})")
    facts = check_trace(trace, sandbox, forbidden)
    if trace is not None:
        workers = facts["workers"]
        if not workers:
            fail(f"triage ({label}): no inference worker was started (--inference-worker)")
        if any(not path.startswith(str(sandbox.bundle) + "/") for path in workers):
            fail(f"triage ({label}): an inference worker was started from outside the copy: {workers}")
        if str(adapter["file"]) not in facts["opened_files"]:
            fail(f"triage ({label}): the active version's adapter {adapter['file']} was never opened")
    ok(f"triage ({label}): case {result.get('case_id')}, priority {draft['priority']} "
       f"(model {draft.get('model_own_priority')}), model {draft['model_id']} (active {adapter['version']}, "
       f"{adapter['name']}: the worker opened {adapter['file'].name}), JSON valid, {elapsed:.1f} s; "
       f"worker started from the copy: {sandbox.bundle / 'prescreen'} --inference-worker")
    return {"seconds": round(elapsed, 1), "priority": draft["priority"], "case_id": result.get("case_id")}


def login_window(sandbox: Sandbox, forbidden: list[str], name: str, trace: bool = True) -> float:
    png = sandbox.root / f"{name}.png"
    out, err, elapsed, trace_file = sandbox.run("prescreen-gui", "--login-check", str(png), trace=trace)
    if not png.is_file():
        fail(f"prescreen-gui --login-check wrote no {png}\n{out}\n{err}")
    width, height = png_size(png)
    if width < 300 or height < 200:
        fail(f"the login window is {width}x{height}: too small to be the login dialog")
    check_trace(trace_file, sandbox, forbidden)
    return elapsed


def admin_training(sandbox: Sandbox, forbidden: list[str], adapter: dict, draft_timeout: int) -> dict:
    out, *_ = sandbox.run("prescreen", "data", "generate", "--n", "8", "--seed", "3", "--categories", "triage",
                          "--variants", "1", "--format", "instruction", "--out", "smoke")
    ok(f"data generate: {out.strip().splitlines()[-1] if out.strip() else ''}")
    out, *_ = sandbox.run("prescreen", "phi", "audit", "smoke")
    ok(f"phi audit: {' '.join(out.split())[:160]}")
    config = sandbox.root / "train.yaml"
    config.write_text("max_steps: 2\nepochs: 1\ntokens_per_batch: 2048\nmax_length: 512\ncheckpoint_every: 1000\n")
    out, err, elapsed, trace = sandbox.run("prescreen", "train", "smoke", "--config", str(config), "--yes",
                                           timeout=1800)
    check_trace(trace, sandbox, forbidden)
    if "finished 2 steps" not in out:
        fail(f"training did not finish its 2 steps:\n{out[-2000:]}\n{err[-2000:]}")
    ok(f"train: {next(line for line in out.splitlines() if line.startswith('finished'))} ({elapsed:.0f} s)")
    run_id = next(line.split()[1].rstrip(":") for line in out.splitlines() if line.startswith("run "))
    out, err, export_s, trace = sandbox.run("prescreen", "export", "gguf", run_id, timeout=900)
    check_trace(trace, sandbox, forbidden)
    adapters = list((sandbox.home / ".local" / "share" / "Prescreen" / "runs" / run_id).glob("*.gguf"))
    if not adapters:
        fail(f"export gguf {run_id} wrote no GGUF adapter:\n{out[-1500:]}\n{err[-1500:]}")
    ok(f"export gguf: {adapters[0].name} ({adapters[0].stat().st_size / 1e6:.1f} MB, {export_s:.0f} s)")
    # The evaluation page's and `prescreen eval`'s default set: the dev vignettes the bundle carries.
    out, err, eval_s, trace = sandbox.run("prescreen", "eval", adapter["version"], "--set", "vignettes", "--limit", "1",
                                          "--mode", "pipeline", "--no-perplexity", "--json", timeout=draft_timeout + 600)
    check_trace(trace, sandbox, forbidden)
    try:
        summary = json.loads(out)["pipeline"]
    except (json.JSONDecodeError, KeyError):
        fail(f"eval {adapter['version']} --set vignettes --limit 1 printed no pipeline result:\n{out[-1500:]}\n"
             f"{err[-1500:]}")
    if summary.get("cases") != 1:
        fail(f"eval {adapter['version']} --set vignettes --limit 1 evaluated {summary.get('cases')} cases")
    ok(f"eval {adapter['version']} on 1 of the bundled dev vignettes (pipeline): accuracy {summary.get('accuracy')}, "
       f"valid JSON {summary.get('json_validity')} ({eval_s:.0f} s)")
    return {"train_seconds": round(elapsed), "export_seconds": round(export_s), "eval_seconds": round(eval_s)}


def _draft_seconds(text: str) -> int:
    """--draft-timeout: whole seconds within the workspace's limit for ``triage.timeout_s``."""
    if not text.isdigit() or not 1 <= int(text) <= 600:
        raise argparse.ArgumentTypeError(f"{text!r}: use 1-600 seconds (the workspace's limit for triage.timeout_s)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", default=str(REPO / "dist" / "Prescreen"), type=Path)
    parser.add_argument("--admin", action="store_true", help="also run synthetic data, PHI audit and 2 training steps")
    parser.add_argument("--timings", type=int, default=0, metavar="N",
                        help="time N starts to the login window (frozen, and --venv's prescreen-gui)")
    parser.add_argument("--venv", type=Path, help="a venv whose bin/prescreen-gui is timed beside the bundle")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox folder (traces, PNG) for a look")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the second draft with the baseline x64 backend (a loaded machine cannot finish it "
                             "within the 600 s the workspace allows)")
    parser.add_argument("--draft-timeout", type=_draft_seconds, default=600, metavar="S",
                        help="seconds each triage draft may take in the copy (1-600, the workspace's limit for "
                             "triage.timeout_s; default 600)")
    args = parser.parse_args(argv)

    bundle = args.bundle.resolve()
    if not (bundle / "prescreen").is_file():
        fail(f"{bundle} holds no prescreen program; build it with installer/build.sh")
    kind = "admin" if args.admin else "nurse"
    differences = stale_data(bundle, kind)
    if differences:
        fail(f"{bundle} was built from other repository data than the repository's now ({len(differences)} "
             f"file(s)): {'; '.join(differences[:8])}; build it again with installer/build.sh")
    ok(f"the bundle's repository data (resources/, models/, the dev vignettes, core/app data) is the repository's "
       f"now, file for file")
    forbidden = forbidden_prefixes()
    figures: dict = {"bundle": str(bundle)}
    sandbox = Sandbox(bundle, keep=args.keep)
    try:
        ok(f"copied {bundle.name} to {sandbox.bundle} ({sandbox.copy_s:.1f} s); environment: PATH=/usr/bin:/bin, "
           f"HOME={sandbox.home}, no PYTHONPATH; network: {' '.join(sandbox.isolation)} "
           f"(no interface but a down loopback); tracing: {'strace' if sandbox.strace else 'none (no strace)'}")
        if not sandbox.strace:
            print("warn: strace is not installed: network attempts, started programs and opened files are not "
                  "checked (the network namespace still blocks every connection)")

        out, *_ = sandbox.run("prescreen", "--help", trace=False)
        if "Prescreen" not in out:
            fail("prescreen --help does not describe Prescreen")
        out, err, elapsed, trace = sandbox.run("prescreen", "init", "--admin", "admin")
        check_trace(trace, sandbox, forbidden)
        workspace = sandbox.home / ".local" / "share" / "Prescreen"
        if not (workspace / "prescreen.db").is_file() or not (workspace / "keyslots.json").is_file():
            fail(f"the first start created no workspace in {workspace}")
        ok(f"first start: prescreen init created the workspace {workspace} ({elapsed:.1f} s)")
        adapter = shipped_adapter_active(sandbox, workspace, out, err)
        ok(f"the shipped adapter is the active model after init: {adapter['version']} ({adapter['name']}), "
           f"{adapter['file'].relative_to(workspace)}")
        # The default 30 s per draft is for a nurse's idle workstation; a build machine is busy.
        config = workspace / "config.yaml"
        config.write_text(config.read_text("utf-8") + f"triage:\n  timeout_s: {args.draft_timeout}\n", "utf-8")
        sandbox.run("prescreen", "user", "add", "nina", "--role", "nurse",
                    extra_env={"PRESCREEN_NEW_PASSWORD": NURSE_PASSWORD})
        out, *_ = sandbox.run("prescreen", "whoami", user="nina", password=NURSE_PASSWORD)
        if "nina (nurse)" not in out:
            fail(f"whoami as the new nurse: {out}")
        ok("user add: the admin added nurse nina, who logs in")

        elapsed = login_window(sandbox, forbidden, "login")
        ok(f"prescreen-gui: the login window opened and was saved to {sandbox.root / 'login.png'} ({elapsed:.2f} s)")
        shutil.copy(sandbox.root / "login.png", REPO / "build" / f"smoke-login{'-admin' if args.admin else ''}.png")

        figures["triage"] = triage(sandbox, forbidden, "CPU backend llama.cpp picks for this machine", adapter,
                                    args.draft_timeout)
        if not args.admin and not args.no_baseline:  # the same llama.cpp libraries in both builds: once is enough
            figures["triage_baseline"] = triage(sandbox, forbidden, "baseline x86-64 backend", adapter,
                                                args.draft_timeout, extra_env={"PRESCREEN_LLAMA_CPU_VARIANT": "x64"})

        out, err, elapsed, trace = sandbox.run("prescreen", "audit", "verify")
        check_trace(trace, sandbox, forbidden)
        if "audit log OK" not in out:
            fail(f"audit verify: {out}\n{err}")
        ok(f"audit verify: {out.strip().splitlines()[0]}")

        if args.admin:
            figures.update(admin_training(sandbox, forbidden, adapter, args.draft_timeout))
            out, *_ = sandbox.run("prescreen", "audit", "verify")
            if "audit log OK" not in out:
                fail(f"audit verify after training: {out}")
            ok(f"audit verify after training: {out.strip().splitlines()[0]}")
        else:  # the nurse build leaves the retraining workflow out, and says so
            sample = sandbox.root / "sample.jsonl"
            sample.write_text('{"id": "1", "text": "Seen by Dr Smith on 3 March 2024"}\n', "utf-8")
            out, err, *_ = sandbox.run("prescreen", "phi", "scan", "--input", str(sample), "--output",
                                       str(sandbox.root / "scan.jsonl"), expect=2, trace=False)
            if "admin build" not in err or "Traceback" in err:
                fail(f"phi scan in the nurse build should point to the admin build:\n{err[-2000:]}")
            ok(f"retraining workflow left out of this build: phi scan says {err.strip().splitlines()[-1]!r}")

        cpu = cpu_variants(sandbox.bundle)
        figures["cpu"] = cpu
        ok(f"llama.cpp CPU variants in the bundle: {', '.join(cpu['variants'])}; this CPU gets '{cpu['chosen']}' "
           f"(scores: {', '.join(f'{k}={v}' for k, v in cpu['variants'].items())})")
        lib = sandbox.bundle / "_internal" / "llama_cpp" / "lib"
        avx = {name: avx_instructions(lib / name) for name in ("libllama.so", "libggml.so", "libggml-base.so")}
        if any(count for count in avx.values()):
            fail(f"the llama.cpp libraries outside the CPU variants use AVX registers: {avx}")
        if all(count is not None for count in avx.values()):
            ok(f"libllama/libggml/libggml-base use no ymm/zmm register (baseline x86-64): {avx}")
        figures["network"] = " ".join(sandbox.isolation)
        if sandbox.strace:
            ok("no connection attempted to any IP address, no Python outside the copy started, no file of the "
               "repository, its venvs or a Python installation opened (strace of every run above)")
            if sandbox.other_programs:
                print(f"info: system programs it started: {', '.join(sorted(sandbox.other_programs))}")

        if args.timings:
            frozen = [round(login_window(sandbox, forbidden, f"login-{i}", trace=False), 2)
                      for i in range(args.timings)]
            figures["login_frozen_s"] = frozen
            ok(f"start to login window, frozen copy: {frozen} s (median {statistics.median(frozen):.2f})")
            if args.venv:
                venv_gui = args.venv.resolve() / "bin" / "prescreen-gui"
                times = []
                for i in range(args.timings):
                    png = sandbox.root / f"venv-login-{i}.png"
                    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PRESCREEN_HOME=str(sandbox.root / "venv-ws"))
                    started = time.perf_counter()
                    subprocess.run([str(venv_gui), "--login-check", str(png)], check=True, capture_output=True,
                                   env=env, timeout=300)
                    times.append(round(time.perf_counter() - started, 2))
                figures["login_venv_s"] = times
                ok(f"start to login window, {venv_gui}: {times} s (median {statistics.median(times):.2f})")
    finally:
        sandbox.close()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print(f"smoke test passed: {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
