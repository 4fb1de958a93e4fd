"""Roles and what each may do, enforced in the core.

The GUI hides what a role cannot do, but the check that counts is
``Workspace.require(permission)``, which every core service calls.
"""

from __future__ import annotations

from enum import Enum

from core.errors import ValidationError


class Role(str, Enum):
    ADMIN = "admin"
    NURSE = "nurse"
    PHYSICIAN = "physician"
    AUDITOR = "auditor"

    @classmethod
    def parse(cls, value: str) -> "Role":
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValidationError(
                "role", f"'{value}' is not a role", "use admin, nurse, physician or auditor"
            ) from None


class Permission(str, Enum):
    # patient work
    TRIAGE = "triage"  # enter a patient, run triage
    VIEW_QUEUE = "view_queue"  # see the review queue and open cases
    REVIEW = "review"  # change priority, add notes, sign
    ACK_ALERT = "ack_alert"  # acknowledge physician alerts
    VIEW_MONITORING = "view_monitoring"
    # administration
    MANAGE_USERS = "manage_users"
    MANAGE_KNOWLEDGE = "manage_knowledge"
    MANAGE_DATA = "manage_data"  # synthetic datasets, PHI audit
    TRAIN = "train"  # fine-tuning runs, evaluation, gates
    MANAGE_MODELS = "manage_models"  # activate, roll back
    # audit
    READ_AUDIT = "read_audit"
    SEARCH_KNOWLEDGE = "search_knowledge"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.NURSE: frozenset(
        {Permission.TRIAGE, Permission.VIEW_QUEUE, Permission.REVIEW, Permission.SEARCH_KNOWLEDGE,
         Permission.VIEW_MONITORING}
    ),
    Role.PHYSICIAN: frozenset(
        {Permission.TRIAGE, Permission.VIEW_QUEUE, Permission.REVIEW, Permission.ACK_ALERT,
         Permission.SEARCH_KNOWLEDGE, Permission.VIEW_MONITORING}
    ),
    Role.ADMIN: frozenset(
        {Permission.MANAGE_USERS, Permission.MANAGE_KNOWLEDGE, Permission.MANAGE_DATA, Permission.TRAIN,
         Permission.MANAGE_MODELS, Permission.READ_AUDIT, Permission.SEARCH_KNOWLEDGE,
         Permission.VIEW_MONITORING}
    ),
    # An auditor reads and verifies the audit log and can do nothing else.
    Role.AUDITOR: frozenset({Permission.READ_AUDIT}),
}


def permissions_of(role: Role) -> frozenset[Permission]:
    return _GRANTS[role]


def allows(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS[role]
