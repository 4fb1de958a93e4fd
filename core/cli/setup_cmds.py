"""`prescreen init` and `prescreen whoami`."""

from __future__ import annotations

import sys

from core.errors import PrescreenError


def register(sub) -> None:
    p = sub.add_parser("init", help="create a new workspace with its first admin")
    p.add_argument("--admin", required=True, help="user name of the first admin")
    p.set_defaults(handler=_init)

    p = sub.add_parser("whoami", help="check credentials and show the user and role")
    p.set_defaults(handler=_whoami)


def _init(args, ctx) -> int:
    from core.workspace import Workspace

    if not getattr(args, "password_stdin", False) and "PRESCREEN_PASSWORD" not in __import__("os").environ \
            and not sys.stdin.isatty():
        raise PrescreenError("no password given: pass --password-stdin or set PRESCREEN_PASSWORD")
    password = ctx.read_password("Admin password: ")
    ws = Workspace.create(ctx.home, args.admin, password)
    try:
        from core.registry.versions import active_version_id, get

        active = get(ws.db, active_version_id(ws.db))
        problem = ws.install_problem
    finally:
        ws.close()
    print(f"created workspace at {ctx.home} with admin '{args.admin}'")
    print(f"active model: {active.version_id} ({active.name})")
    if problem:
        print(f"warning: the shipped default adapter was not installed: {problem}", file=sys.stderr)
    return 0


def _whoami(args, ctx) -> int:
    ws = ctx.workspace()
    print(f"{ws.user.username} ({ws.user.role.value}) at {ws.paths.home}")
    return 0
