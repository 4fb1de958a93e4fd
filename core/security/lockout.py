"""Lockout after repeated failed logins, with a growing delay before that.

State is kept in the keyslot file because a failed login cannot open the
encrypted database. Policy (defaults; ``security`` section of config.yaml):

* after ``delay_after`` consecutive failures, each further attempt must wait
  ``2 ** (n - delay_after)`` seconds (capped at ``max_delay_s``);
* ``max_failures`` failures within ``window_s`` lock the account for
  ``lockout_s`` seconds.

Out-of-range settings are refused (fail closed), never silently defaulted.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import LockedOutError, ValidationError


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 10
    window_s: float = 15 * 60
    lockout_s: float = 15 * 60
    delay_after: int = 3
    max_delay_s: float = 60

    def __post_init__(self) -> None:
        if not 3 <= self.max_failures <= 50:
            raise ValidationError("security.max_failures", f"{self.max_failures} is out of range", "use 3 to 50")
        if not 60 <= self.window_s <= 24 * 3600:
            raise ValidationError("security.window_s", f"{self.window_s} is out of range", "use 60 s to 24 h")
        if not 60 <= self.lockout_s <= 24 * 3600:
            raise ValidationError("security.lockout_s", f"{self.lockout_s} is out of range", "use 60 s to 24 h")
        if not 1 <= self.delay_after <= self.max_failures:
            raise ValidationError("security.delay_after", f"{self.delay_after} is out of range",
                                  "use 1 up to max_failures")

    @classmethod
    def from_config(cls, config: dict) -> "LockoutPolicy":
        section = (config or {}).get("security", {}) or {}
        known = {k: section[k] for k in ("max_failures", "window_s", "lockout_s", "delay_after", "max_delay_s")
                 if k in section}
        return cls(**known)


class LockoutTracker:
    """Applies the policy to the per-user state dict kept in ``KeyslotFile.lockout``."""

    def __init__(self, state: dict, policy: LockoutPolicy) -> None:
        self.state = state
        self.policy = policy

    def check(self, username: str, now: float) -> None:
        """Raise LockedOutError while the user must wait."""
        entry = self.state.get(username)
        if not entry:
            return
        not_before = max(entry.get("locked_until", 0), entry.get("not_before", 0))
        if now < not_before:
            raise LockedOutError(username, not_before - now)

    def failure(self, username: str, now: float) -> bool:
        """Count a failure; returns True when this failure locks the account."""
        entry = self.state.setdefault(username, {"failures": [], "consecutive": 0})
        window_start = now - self.policy.window_s
        entry["failures"] = [t for t in entry.get("failures", []) if t >= window_start] + [now]
        entry["consecutive"] = entry.get("consecutive", 0) + 1
        extra = entry["consecutive"] - self.policy.delay_after
        if extra >= 0:
            entry["not_before"] = now + min(2.0 ** extra, self.policy.max_delay_s)
        if len(entry["failures"]) >= self.policy.max_failures:
            entry["locked_until"] = now + self.policy.lockout_s
            entry["failures"] = []
            return True
        return False

    def success(self, username: str) -> None:
        self.state.pop(username, None)

    def clear(self, username: str) -> None:
        """An admin's unlock of a locked account."""
        self.state.pop(username, None)
