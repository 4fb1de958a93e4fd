"""The four triage priorities, used everywhere in Prescreen.

Ordered so that ``max()`` gives the more urgent one: the final priority of a
case is ``max(model_priority, red_flag_floor)``.
"""

from __future__ import annotations

from enum import IntEnum

from core.errors import ValidationError


class Priority(IntEnum):
    """Triage priority; a higher value is more urgent."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2
    CRITICAL = 3

    @property
    def label(self) -> str:
        """Display name as nurses read it: "Critical", "High", …"""
        return self.name.capitalize()

    @property
    def meaning(self) -> str:
        """What the priority asks the clinic to do."""
        return _MEANING[self]

    @property
    def is_emergent(self) -> bool:
        """Critical and High are the emergent band (physician alert)."""
        return self >= Priority.HIGH

    @classmethod
    def parse(cls, value: "str | int | Priority", field: str = "priority") -> "Priority":
        """Read a priority from a label ("high"), a name or a number.

        Raises:
            ValidationError: the value is not one of the four priorities.
        """
        if isinstance(value, Priority):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                pass
        if isinstance(value, str):
            key = value.strip().upper()
            if key in cls.__members__:
                return cls[key]
        raise ValidationError(field, f"'{value}' is not a priority", "use Critical, High, Medium or Low")


_MEANING = {
    Priority.CRITICAL: "Emergency now: emergency services / emergency department immediately.",
    Priority.HIGH: "Urgent: to be seen today, within hours.",
    Priority.MEDIUM: "See a clinician within 1-3 days.",
    Priority.LOW: "Routine visit, or self-care with advice.",
}
