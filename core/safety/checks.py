"""Safety checks run on every draft before a nurse sees it.

Each check returns findings; none edits the draft. A failed check is shown
to the reviewer as it is. The one automatic correction in Prescreen is the
red-flag floor (final priority = max(model, floor)), and it is recorded here
as an ``info`` finding so the reviewer sees that it happened and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.safety.injection import screen
from core.triage.assessment import REVIEW_STATEMENT, ModelDraft, SafetyFinding
from core.triage.priority import Priority

DEFAULT_CONFIDENCE_CAP = 0.85

_DIAGNOSIS = re.compile(
    r"\b(you have|you\'ve got|diagnosis is|diagnosed with|the diagnosis|confirmed|definitely|definitive|"
    r"certainly|this is (a|an) (heart attack|stroke|myocardial infarction|sepsis|pneumonia|appendicitis|cancer))\b",
    re.I,
)
_DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(mg|mcg|\u00b5g|micrograms?|milligrams?|g|grams?|ml|mL|units?|iu|puffs?|tablets?|tabs?|"
    r"capsules?)\b(?!\s*/\s*(dl|l|min|hg))",
    re.I,
)
_ORDER = re.compile(
    r"\b(prescribe[sd]?|prescription for|take \d|administer|start (him|her|them|the patient) on|give (him|her|them)\b"
    r"[^.]{0,20}\b(dose|tablet|mg)|increase the dose|double the dose|stop taking)\b",
    re.I,
)
# Telling the reader that care is not needed or that nothing is wrong ("not a medical emergency",
# "not in immediate danger", "does not need to be seen"): the nurse and the triage decide that.
_REASSURANCE = re.compile(
    r"\b(no need (to (see|seek|call|worry|be seen)|for (concern|alarm|treatment|medical (care|attention))"
    r"|to (go|come) (in|to))|nothing (serious|to worry about|to be (concerned|worried) about)|not serious"
    r"|not (an? )?(medical |true )?emergency\b"
    r"(?! (department|room|services?|care|number|medicine))"
    r"|not in (any )?(immediate |real )?danger|no cause for (concern|alarm)|(nothing|no) (medical )?treatment "
    r"(is )?(needed|required)|(does|do) not need (to be seen|medical (care|attention)|any treatment|treatment))\b",
    re.I)


@dataclass(frozen=True)
class DraftContext:
    """What the checks look at.

    Attributes:
        draft: the model's draft (None when the model failed).
        model_priority: the model's priority (None when the model failed).
        floor: the red-flag floor (None when no rule fired).
        final_priority: max(model, floor) as stored.
        confidence: the confidence as stored.
        review_statement: the statement stored with the assessment.
        requires_nurse_review: must be True.
        patient_text: all free text the patient or nurse entered.
        fired_rules: ids of the rules that set the floor.
    """

    draft: ModelDraft | None
    model_priority: Priority | None
    floor: Priority | None
    final_priority: Priority
    confidence: float
    review_statement: str
    requires_nurse_review: bool
    patient_text: str
    fired_rules: tuple[str, ...] = ()
    confidence_cap: float = DEFAULT_CONFIDENCE_CAP


def _draft_texts(draft: ModelDraft | None) -> list[str]:
    if draft is None:
        return []
    return [draft.preliminary_assessment, *draft.key_concerns, *draft.questions_to_ask]


def check_diagnosis_language(ctx: DraftContext) -> list[SafetyFinding]:
    """No definitive-diagnosis phrasing: a preliminary assessment only."""
    for text in _draft_texts(ctx.draft):
        match = _DIAGNOSIS.search(text)
        if match:
            return [
                SafetyFinding(
                    check="definitive_diagnosis",
                    severity="alert",
                    message="The draft states a diagnosis as fact; treat it as a possibility to assess.",
                    evidence=_excerpt(text, match),
                )
            ]
    return []


def check_medication_orders(ctx: DraftContext) -> list[SafetyFinding]:
    """No medication orders or doses: prescribing is for a clinician."""
    for text in _draft_texts(ctx.draft):
        match = _ORDER.search(text) or _DOSE.search(text)
        if match:
            return [
                SafetyFinding(
                    check="medication_order",
                    severity="alert",
                    message="The draft contains a medication order or dose; it must not be followed as written.",
                    evidence=_excerpt(text, match),
                )
            ]
    return []


def check_false_reassurance(ctx: DraftContext) -> list[SafetyFinding]:
    """No telling a patient that care is not needed."""
    for text in _draft_texts(ctx.draft):
        match = _REASSURANCE.search(text)
        if match:
            return [
                SafetyFinding(
                    check="false_reassurance",
                    severity="warning",
                    message="The draft reassures that care is not needed; the nurse decides that.",
                    evidence=_excerpt(text, match),
                )
            ]
    return []


def check_emergency_escalation(ctx: DraftContext) -> list[SafetyFinding]:
    """Final priority is at least the floor; a raise by the floor is recorded."""
    findings: list[SafetyFinding] = []
    if ctx.floor is not None and ctx.final_priority < ctx.floor:
        findings.append(
            SafetyFinding(
                check="below_floor",
                severity="alert",
                message=f"Final priority {ctx.final_priority.label} is below the red-flag floor {ctx.floor.label}.",
            )
        )
    if ctx.floor is not None and (ctx.model_priority is None or ctx.model_priority < ctx.floor):
        said = ctx.model_priority.label if ctx.model_priority is not None else "no usable priority"
        findings.append(
            SafetyFinding(
                check="floor_applied",
                severity="info",
                message=f"The model gave {said}; raised to {ctx.floor.label} by red-flag rule(s) "
                f"{', '.join(ctx.fired_rules) or '(floor)'} (automatic correction).",
            )
        )
    return findings


def check_certainty(ctx: DraftContext) -> list[SafetyFinding]:
    """Confidence above the cap is over-certain for a preliminary draft."""
    if ctx.confidence > ctx.confidence_cap:
        return [
            SafetyFinding(
                check="over_confident",
                severity="warning",
                message=f"The model claims confidence {ctx.confidence:.2f}, above the cap {ctx.confidence_cap:.2f}; "
                "a preliminary draft cannot be that certain.",
            )
        ]
    return []


def check_disclaimer(ctx: DraftContext) -> list[SafetyFinding]:
    """The nurse-review statement travels with every assessment."""
    if not ctx.requires_nurse_review or ctx.review_statement.strip() != REVIEW_STATEMENT:
        return [
            SafetyFinding(
                check="disclaimer_missing",
                severity="alert",
                message="The assessment lacks the statement that it requires nurse review.",
            )
        ]
    return []


def check_prompt_injection(ctx: DraftContext) -> list[SafetyFinding]:
    """Instructions hidden in patient text are shown; they change nothing."""
    return [
        SafetyFinding(
            check="prompt_injection",
            severity="alert",
            message=f"The patient text contains an instruction aimed at the AI ({hit.kind}); it was treated as "
            "data and the priority is not lower than the red-flag floor.",
            evidence=hit.excerpt[:160],
        )
        for hit in screen(ctx.patient_text)
    ]


def check_model_failure(ctx: DraftContext) -> list[SafetyFinding]:
    """A missing draft is a finding, never a silent default."""
    if ctx.draft is None:
        return [
            SafetyFinding(
                check="model_failure",
                severity="alert",
                message="The model did not produce a valid draft; the priority shown is the red-flag floor "
                "or Medium. Assess the case from the intake.",
            )
        ]
    return []


CHECKS = (
    check_model_failure,
    check_diagnosis_language,
    check_medication_orders,
    check_false_reassurance,
    check_emergency_escalation,
    check_certainty,
    check_disclaimer,
    check_prompt_injection,
)


def run_checks(ctx: DraftContext) -> list[SafetyFinding]:
    """Every safety check on one draft, in a fixed order."""
    findings: list[SafetyFinding] = []
    for check in CHECKS:
        findings.extend(check(ctx))
    return findings


def _excerpt(text: str, match: re.Match[str], width: int = 40) -> str:
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return text[start:end].strip()
