"""Activating a model version and rolling back: audited admin actions.

Activation needs a regression gate of the version against the model active
now. A gate that failed on a critical metric (emergent recall, under-triage,
safety compliance) blocks it; only an admin may override with ``force`` and
a written reason, and the override is audited with that reason. A version
never gated, or gated against a model that is no longer active, is refused
the same way. The files are re-hashed before activation so that the version
in use is exactly the one evaluated.

The triage engine asks :func:`core.registry.versions.active_model` before
each case, so the change applies from the next case on.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import PrescreenError, ValidationError
from core.registry import versions
from core.registry.versions import BASE_VERSION, ModelEvent
from core.security.roles import Permission


MAX_REASON = 160  # the reason goes into the audit detail, which holds short text only


class ActivationRefused(PrescreenError):
    """The version may not be activated (gate failed or missing); says how to proceed."""


@dataclass(frozen=True)
class ActivationResult:
    event: str
    version_id: str
    previous_version: str
    forced: bool
    gate_id: str | None
    gate_verdict: str | None


def activate(ws, version_id: str, *, force: bool = False, reason: str = "") -> ActivationResult:
    """Make ``version_id`` the model that triages the next case.

    Args:
        version_id: a registered version, or ``base`` for the shipped model.
        force: activate despite a blocking or missing gate (needs ``reason``).
        reason: why; required with ``force``, stored and audited.

    Raises:
        PermissionDenied: not an admin (MANAGE_MODELS).
        ActivationRefused: the gate blocks it and ``force`` was not given.
        ValidationError: force without a reason; the version is already active.
        IntegrityError: a file changed since it was registered.
    """
    from core.evaluation.regressions import latest_gate

    ws.require(Permission.MANAGE_MODELS)
    version = versions.get(ws.db, version_id)
    reason = (reason or "").strip()
    if force and not 10 <= len(reason) <= MAX_REASON:
        raise ValidationError("reason", f"a forced activation needs a reason of 10 to {MAX_REASON} characters",
                              "say briefly why the gate may be overridden, e.g. --reason \"...\"")
    if len(reason) > MAX_REASON:
        raise ValidationError("reason", f"is longer than {MAX_REASON} characters", "shorten it")
    current = versions.active_version_id(ws.db)
    if version_id == current:
        raise ValidationError("version", f"{version_id} is already the active model", "activate another version")
    gate_result = latest_gate(ws.db, version_id) if version_id != BASE_VERSION else None
    code, problem = _gate_problem(version_id, current, gate_result)
    if problem and not force:
        ws.audit.record("model.activate", "model_version", version_id, {"refused": code}, outcome="denied")
        raise ActivationRefused(problem + "; an admin may override with --force --reason \"...\"")
    _verify_files(version)
    detail = {"previous": current, "forced": bool(force and problem), "reason": reason,
              "gate_id": gate_result.gate_id if gate_result else None,
              "gate_verdict": gate_result.verdict if gate_result else None}
    if force and problem:
        detail["overridden"] = code
    _append_event(ws, "activated", version_id, current, detail)
    return ActivationResult("activated", version_id, current, detail["forced"], detail["gate_id"],
                            detail["gate_verdict"])


def rollback(ws, *, reason: str = "") -> ActivationResult:
    """Return to the version that was active before the current one.

    Raises:
        PermissionDenied: not an admin.
        ValidationError: nothing to roll back to (the shipped base has always been active).
    """
    ws.require(Permission.MANAGE_MODELS)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationError("reason", f"is longer than {MAX_REASON} characters", "shorten it")
    stack = versions.active_stack(ws.db)
    if len(stack) < 2:
        raise ValidationError("rollback", "no earlier model to roll back to; the shipped base is active",
                              "activate a version instead")
    current, target = stack[-1], stack[-2]
    _verify_files(versions.get(ws.db, target))
    detail = {"previous": current, "forced": False, "reason": reason, "gate_id": None}
    _append_event(ws, "rolled_back", target, current, detail)
    return ActivationResult("rolled_back", target, current, False, None, None)


def _gate_problem(version_id: str, current: str, gate_result) -> tuple[str | None, str | None]:
    """(short code for the audit, message for the admin), or (None, None) when the gate allows it."""
    if version_id == BASE_VERSION:
        return None, None  # the shipped model is the floor every clinic starts from
    if gate_result is None:
        return "not_gated", (f"{version_id} has not been through the regression gate "
                             f"(run `prescreen regress {version_id}`)")
    if gate_result.blocking:
        failed = ", ".join(sorted({c["metric"] for _, c in gate_result.failures() if c["critical"]}))
        return "gate_failed_critical", (f"the regression gate {gate_result.gate_id} FAILED on critical metric(s) "
                                        f"{failed} against {gate_result.baseline}")
    if gate_result.baseline != current:
        return "gate_stale", (f"{version_id} was gated against {gate_result.baseline}, but {current} is active now "
                              f"(run `prescreen regress {version_id}` again)")
    return None, None


def _verify_files(version: versions.ModelVersion) -> None:
    from core.errors import IntegrityError
    from core.registry.versions import file_sha256

    base, adapter = version.files()
    if version.base_model == versions.SHIPPED_BASE_NAME:
        base = versions.shipped_base_path()
    for path, expected, what in ((base, version.base_sha256, "base model"),
                                 (adapter, version.adapter_sha256, "adapter")):
        if path is None:
            continue
        if not path.is_file():
            raise IntegrityError(f"the {what} file of {version.version_id} is missing ({path}); re-register it")
        if expected and file_sha256(path) != expected:
            raise IntegrityError(f"the {what} file of {version.version_id} ({path}) changed since it was "
                                 "registered; register the file again and re-run evaluation and the gate")


def _append_event(ws, event: str, version_id: str, previous: str, detail: dict) -> ModelEvent:
    from core.registry.versions import now_iso
    from core.training import milestones

    ts = now_iso()
    with ws.transaction():
        seq = ws.db.execute(
            "INSERT INTO model_events(ts, actor, event, version_id, previous_version, forced, reason, gate_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ts, ws.user.username, event, version_id, previous, int(detail["forced"]), detail["reason"],
             detail.get("gate_id")),
        ).lastrowid
        action = "model.activate" if event == "activated" else "model.rollback"
        ws.audit.record(action, "model_version", version_id, detail)
        project = "models" if version_id == BASE_VERSION else (versions.get(ws.db, version_id).dataset or "models")
        milestone = "activated" if event == "activated" else "rolled_back"
        message = (f"{version_id} activated (was {previous})" if event == "activated"
                   else f"rolled back from {previous} to {version_id}")
        if detail["forced"]:
            message += " - gate overridden by an admin"
        milestones.record(ws.db, actor=ws.user.username, project=project, milestone=milestone,
                          object_type="model_version", object_id=version_id, message=message)
    return ModelEvent(seq, ts, ws.user.username, event, version_id, previous, detail["forced"], detail["reason"],
                      detail.get("gate_id"))
