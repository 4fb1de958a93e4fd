"""`prescreen …`: every workflow, headless.

Each command group lives in its own module listed in ``COMMAND_MODULES``; a
module exposes ``register(subparsers)`` and sets ``handler(args, ctx)`` on
the parsers it adds. Errors a user can cause print as one line, never a
traceback, and exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from core.cli.context import CliContext
from core.errors import PrescreenError

COMMAND_MODULES = [
    "core.cli.setup_cmds",  # init, whoami
    "core.cli.user_cmds",  # user add/list/disable/enable/passwd
    "core.cli.audit_cmds",  # audit verify/export/head
    "core.cli.kb_cmds",  # kb import/list/remove/search
    "core.cli.triage_cmds",  # triage, queue, review, alerts
    "core.cli.monitor_cmds",  # monitor report
    "core.cli.data_cmds",  # data generate/list/validate/export/calibration
    "core.cli.phi_cmds",  # phi audit/scan/redact
    "core.cli.train_cmds",  # train, export
    "core.cli.eval_cmds",  # eval, assess-prompting, regress, model list/register/activate/rollback/card
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prescreen",
        description="Prescreen: on-premises triage support and local model retraining.",
        epilog="Credentials: PRESCREEN_USER and PRESCREEN_PASSWORD, or --user and --password-stdin. "
        "Workspace: PRESCREEN_HOME or --home.",
    )
    parser.add_argument("--home", help="workspace folder (default: $PRESCREEN_HOME or the user data dir)")
    parser.add_argument("--user", help="user name (default: $PRESCREEN_USER)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # command group not built yet
            raise
        module.register(sub)
    return parser


_GLOBAL_VALUE_OPTIONS = ("--home", "--user")
_GLOBAL_FLAGS = ("--password-stdin",)


def _hoist_global_options(argv: list[str]) -> list[str]:
    """Let --home, --user and --password-stdin stand anywhere on the line.

    ``prescreen init --admin ann --password-stdin`` reads as naturally as
    ``prescreen --password-stdin init --admin ann``; argparse alone only
    accepts them before the command.
    """
    front, rest, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if arg in _GLOBAL_FLAGS:
            front.append(arg)
        elif name in _GLOBAL_VALUE_OPTIONS:
            front.append(arg)
            if "=" not in arg and i + 1 < len(argv):
                front.append(argv[i + 1])
                i += 1
        elif arg == "--":
            rest.extend(argv[i:])
            break
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--inference-worker"]:  # the frozen app starts its inference worker this way
        from core.inference.worker_main import main as worker_main

        return worker_main(int(argv[1]))
    parser = build_parser()
    args = parser.parse_args(_hoist_global_options(argv))
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    ctx = CliContext(args)
    try:
        result = args.handler(args, ctx)
        return int(result or 0)
    except PrescreenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        if not getattr(sys, "frozen", False):
            raise
        # The nurse bundle leaves out the retraining workflow's packages (installer/manifest.py).
        print(f"error: this Prescreen build does not include '{exc.name}', which `prescreen {args.command}` "
              "needs; run it with the admin build (Prescreen-admin)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
