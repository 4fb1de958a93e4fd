"""`prescreen user add|list|disable|enable|passwd`."""

from __future__ import annotations

import json


def register(sub) -> None:
    user = sub.add_parser("user", help="manage user accounts (admin)")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    p = usub.add_parser("add", help="add a user; their initial password is read like yours, after it")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=["admin", "nurse", "physician", "auditor"])
    p.add_argument("--display-name", default="")
    p.set_defaults(handler=_add)

    p = usub.add_parser("list", help="list users")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = usub.add_parser("disable", help="disable a user (removes their keyslot)")
    p.add_argument("name")
    p.set_defaults(handler=_disable)

    p = usub.add_parser("enable", help="enable a user again with a new password")
    p.add_argument("name")
    p.set_defaults(handler=_enable)

    p = usub.add_parser("passwd", help="change your password, or (admin) reset another user's")
    p.add_argument("name", nargs="?", help="user whose password to reset (default: yourself)")
    p.set_defaults(handler=_passwd)


def _new_password(ctx, prompt: str) -> str:
    """The new password: the next stdin line with --password-stdin, else $PRESCREEN_NEW_PASSWORD or a prompt."""
    import getpass
    import os
    import sys

    if getattr(ctx.args, "password_stdin", False):
        return ctx.read_stdin_line()
    if "PRESCREEN_NEW_PASSWORD" in os.environ:
        return os.environ["PRESCREEN_NEW_PASSWORD"]
    if not sys.stdin.isatty():
        from core.errors import PrescreenError

        raise PrescreenError("no new password given: pass it on stdin after yours with --password-stdin, "
                             "or set PRESCREEN_NEW_PASSWORD")
    return getpass.getpass(prompt)


def _add(args, ctx) -> int:
    ws = ctx.workspace()
    password = _new_password(ctx, f"Initial password for {args.name}: ")
    user = ws.users.add(args.name, args.role, password, args.display_name)
    print(f"added {user.username} ({user.role.value})")
    return 0


def _list(args, ctx) -> int:
    users = ctx.workspace().users.list()
    if args.json:
        print(json.dumps([{"username": u.username, "role": u.role.value, "disabled": u.disabled,
                           "created_at": u.created_at} for u in users], indent=1))
    else:
        for u in users:
            state = "disabled" if u.disabled else "active"
            print(f"{u.username:<20} {u.role.value:<10} {state:<9} since {u.created_at}")
    return 0


def _disable(args, ctx) -> int:
    ctx.workspace().users.disable(args.name)
    print(f"disabled {args.name}")
    return 0


def _enable(args, ctx) -> int:
    ws = ctx.workspace()
    ws.users.enable(args.name, _new_password(ctx, f"New password for {args.name}: "))
    print(f"enabled {args.name}")
    return 0


def _passwd(args, ctx) -> int:
    ws = ctx.workspace()
    name = args.name or ws.user.username
    new = _new_password(ctx, f"New password for {name}: ")
    # For your own password, the one you just logged in with is the current one.
    current = ctx.last_password if name == ws.user.username else None
    ws.users.change_password(name, new, current_password=current)
    print(f"password changed for {name}")
    return 0
