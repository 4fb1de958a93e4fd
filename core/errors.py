"""Errors a user can cause. Each carries a message fit to show as it is.

The CLI and the GUI show ``str(error)`` and never a traceback for these.
"""

from __future__ import annotations


class PrescreenError(Exception):
    """Base class for every error the product reports to a person."""


class ValidationError(PrescreenError):
    """Input that cannot be accepted; names the field and how to fix it.

    Args:
        field: the field as the user knows it ("bp", "heart_rate", "story").
        problem: what is wrong with the value.
        fix: what to enter instead.
    """

    def __init__(self, field: str, problem: str, fix: str = "") -> None:
        self.field = field
        self.problem = problem
        self.fix = fix
        message = f"{field}: {problem}"
        if fix:
            message += f" ({fix})"
        super().__init__(message)


class AuthenticationError(PrescreenError):
    """Wrong user name or password; deliberately does not say which."""


class LockedOutError(AuthenticationError):
    """Too many failed attempts; carries how long to wait."""

    def __init__(self, username: str, retry_after_s: float) -> None:
        self.username = username
        self.retry_after_s = retry_after_s
        super().__init__(
            f"account '{username}' is locked after repeated failed logins; "
            f"try again in {max(1, round(retry_after_s))} s or ask an admin"
        )


class PermissionDenied(PrescreenError):
    """The logged-in role may not do this."""


class NotFoundError(PrescreenError):
    """A named object (user, case, dataset, model…) does not exist."""


class IntegrityError(PrescreenError):
    """The workspace failed an integrity or tamper check."""
