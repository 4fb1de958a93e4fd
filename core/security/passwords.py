"""Password policy: at least 12 characters, not a common password."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.errors import ValidationError

MIN_LENGTH = 12
MAX_LENGTH = 256
_COMMON = Path(__file__).resolve().parents[2] / "resources" / "common_passwords.txt"


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = _COMMON.read_text("utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def check_password_policy(password: str, username: str | None = None, field: str = "password") -> None:
    """Refuse a password that is too short, too long, common, or the user name.

    Raises:
        ValidationError: naming the rule it breaks and what to choose instead.
    """
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise ValidationError(field, f"must be at least {MIN_LENGTH} characters",
                              "use a passphrase of three or more unrelated words")
    if len(password) > MAX_LENGTH:
        raise ValidationError(field, f"must be at most {MAX_LENGTH} characters", "choose a shorter passphrase")
    if any(ord(ch) < 32 for ch in password):
        raise ValidationError(field, "contains control characters", "use printable characters only")
    lowered = password.lower()
    if lowered in _common_passwords():
        raise ValidationError(field, "is on the list of commonly used passwords", "choose something less guessable")
    if username and username.lower() in lowered:
        raise ValidationError(field, "contains the user name", "choose a password unrelated to the user name")
    if len(set(lowered)) < 4:
        raise ValidationError(field, "repeats too few different characters", "mix more characters or words")
