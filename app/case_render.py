"""A review package as readable HTML for the case screen (pure functions, no widgets).

Every piece of text from the case is escaped: the patient's story and the
model's draft are data, never markup.
"""

from __future__ import annotations

from html import escape

from app.theme import priority_chip_html

_INTAKE_LABELS = {
    "age": "Age", "sex": "Sex", "race_ethnicity": "Race/ethnicity", "pregnancy": "Pregnancy",
    "bp": "Blood pressure", "heart_rate": "Heart rate", "resp_rate": "Respiratory rate",
    "temperature_c": "Temperature (°C)", "spo2": "SpO2 (%)", "pain_score": "Pain (0-10)",
    "history": "History", "medications": "Medications", "allergies": "Allergies", "symptoms": "Symptoms",
    "story": "Story", "case_description": "Story",
}
_SEVERITY_COLOUR = {"alert": "#b71c1c", "warning": "#8a4b00", "info": "#33506e"}


def _value(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{escape(str(k))}: {_value(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, (list, tuple)):
        return "; ".join(_value(v) for v in value if v not in (None, "", [], {}))
    return escape(str(value))


def intake_html(intake: dict) -> str:
    """The intake in the core's own clinical summary, the story as entered below it."""
    try:
        from core.triage.intake import parse_intake

        parsed = parse_intake(intake)
    except Exception:  # noqa: BLE001 - an old or odd record still shows, as a plain table
        return _intake_table(intake)
    lines = "".join(f"<p style='margin:2px 0;'>{escape(line)}</p>"
                    for line in parsed.summary_text(include_story=False).splitlines())
    if parsed.story:
        lines += ("<p style='color:#52606d; margin:8px 0 2px 0;'>Story as entered</p>"
                  f"<p style='background:#f0f4f8; padding:6px;'>{escape(parsed.story).replace(chr(10), '<br>')}</p>")
    return lines


def _intake_table(intake: dict) -> str:
    rows, story = [], None
    for key, value in intake.items():
        if value in (None, "", [], {}):
            continue
        if key in ("story", "case_description", "text"):
            story = str(value)
            continue
        label = _INTAKE_LABELS.get(key, key.replace("_", " ").capitalize())
        rows.append(f"<tr><td style='padding-right:14px; color:#52606d;'>{escape(label)}</td>"
                    f"<td>{_value(value)}</td></tr>")
    html = "<table cellspacing='2'>" + "".join(rows) + "</table>" if rows else ""
    if story:
        html += ("<p style='color:#52606d; margin-bottom:2px;'>Story as entered</p>"
                 f"<p style='background:#f0f4f8; padding:6px;'>{escape(story).replace(chr(10), '<br>')}</p>")
    return html or "<p>(no intake details)</p>"


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p style='color:#52606d;'>{escape(empty)}</p>"
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def assessment_html(package) -> str:
    """The AI draft, red flags, safety and bias findings, cited passages (as links)."""
    a = package.assessment
    parts = [f"<h3>AI draft</h3><p><i>{escape(a.review_statement)}</i></p>"]
    model = priority_chip_html(a.model_priority) if a.model_priority is not None else "no valid model answer"
    floor = priority_chip_html(a.floor) if a.floor is not None else "none"
    parts.append(f"<p>Suggested priority: {priority_chip_html(package.ai_priority)} &nbsp; "
                 f"confidence {a.confidence:.0%}<br>"
                 f"<span style='color:#52606d;'>model said: {model} &nbsp; red-flag floor: {floor}"
                 f"{' (floor applied)' if a.floor_applied else ''}</span></p>")
    if a.suggested_priority is not None:
        odds = ", ".join(f"{escape(label)} {p:.0%}" for label, p in a.suggestion.items())
        own = (f"the model on its own ranked {priority_chip_html(a.model_own_priority)} first"
               if a.model_own_priority is not None else "the model's own choice is not known for this draft")
        parts.append(f"<p style='color:#52606d;'>The draft's priority follows the case classifier "
                     f"({odds}); {own}.</p>")
    if a.model_failure:
        unavailable = any(f.check == "model_unavailable" for f in a.safety_findings)
        source = "the red-flag rules and the case classifier" if unavailable else "the red-flag rules"
        parts.append(f"<p style='color:#b71c1c;'><b>Model problem:</b> {escape(a.model_failure)}. "
                     f"The priority comes from {source}; review the case in full.</p>")
    concerns_source = ("the intake's own findings, not written by the model" if a.key_concerns_from == "intake"
                       else "written by the model")
    parts.append(_heading("Key concerns", concerns_source) + _list(a.key_concerns, "none given"))
    parts.append(_heading("Questions to ask", "written by the model") + _list(a.questions_to_ask, "none given"))
    parts.append(_heading("Preliminary assessment", "written by the model")
                 + f"<p>{escape(a.preliminary_assessment) or '<span style=color:#52606d>none given</span>'}</p>")
    parts.append(protocol_html(a.protocol_lines))

    parts.append("<h3>Red flags</h3>")
    if a.red_flags:
        parts.append("<ul>" + "".join(
            f"<li>{priority_chip_html(f.priority)} <b>{escape(f.description)}</b> — {escape(f.reason)}"
            + (f"<br><span style='color:#52606d;'>{escape(f.rationale)}</span>" if f.rationale else "")
            + "</li>" for f in a.red_flags) + "</ul>")
    else:
        parts.append("<p style='color:#52606d;'>No red-flag rule fired.</p>")

    parts.append("<h3>Safety checks</h3>")
    if a.safety_findings:
        parts.append("<ul>" + "".join(
            f"<li><b style='color:{_SEVERITY_COLOUR.get(f.severity, '#1f2933')};'>{escape(f.severity.upper())}</b> "
            f"{escape(f.check)}: {escape(f.message)}"
            + (f"<br><span style='color:#52606d;'>evidence: “{escape(f.evidence)}”</span>" if f.evidence else "")
            + "</li>" for f in a.safety_findings) + "</ul>")
    else:
        parts.append("<p style='color:#1b5e20;'>All safety checks passed.</p>")

    parts.append("<h3>Bias check (counterfactual)</h3>")
    if a.counterfactuals:
        rows = []
        for c in a.counterfactuals:
            verdict = ("<b style='color:#b71c1c;'>priority changed</b>" if c.changed and not c.floor_changed
                       else "changed by a red-flag rule (expected)" if c.changed else "no change")
            rows.append(f"<li>{escape(c.attribute)}: {escape(c.original)} → {escape(c.counterfactual)}: "
                        f"{c.original_priority.label} → {c.counterfactual_priority.label} — {verdict}</li>")
        parts.append("<ul>" + "".join(rows) + "</ul>")
    else:
        parts.append("<p style='color:#52606d;'>Not run for this case.</p>")

    parts.append("<h3>Cited guideline passages</h3>")
    if a.cited_passages:
        parts.append("<ul>" + "".join(
            f"<li><a href='passage:{escape(ref, quote=True)}'>{escape(ref)}</a></li>" for ref in a.cited_passages)
            + "</ul><p style='color:#52606d;'>Click a passage to read it.</p>")
    else:
        parts.append("<p style='color:#52606d;'>No passage cited.</p>")
    return "".join(parts)


def _heading(title_html: str, source: str) -> str:
    """A draft section's heading with where its lines came from, in grey."""
    return f"<h4>{title_html} <span style='color:#52606d; font-weight:normal;'>({source})</span></h4>"


_PROTOCOL_SECTIONS = (("key_question", "Key questions"), ("warning_sign", "Warning signs"))


def protocol_html(lines) -> str:
    """The lines the draft took from the cited protocol, under the protocol's name ("" without any)."""
    if not lines:
        return ""
    first = lines[0]
    link = f"<a href='passage:{escape(first.doc_id, quote=True)}'>{escape(first.title)}</a>"
    parts = [_heading(f"From the protocol {link}",
                      f"quoted from the clinic's guideline [{escape(first.doc_id)}], not written by the model")]
    for kind, heading in _PROTOCOL_SECTIONS:
        items = [line.text.replace(" -> ", " → ") for line in lines if line.kind == kind]
        if items:
            parts.append(f"<p style='margin-bottom:0;'><b>{heading}</b></p>" + _list(items, ""))
    return "".join(parts)


def history_html(package) -> str:
    """Priority changes (with reasons), notes, signature and addenda, oldest first."""
    lines = []
    for action in package.actions:
        if action.kind == "priority_change":
            below = " <b style='color:#b71c1c;'>(below the red-flag floor)</b>" if action.below_floor else ""
            lines.append(f"<li>{escape(action.at[:16].replace('T', ' '))} {escape(action.by_user)}: priority "
                         f"{action.old_priority.label} → {action.new_priority.label}{below} — reason: "
                         f"{escape(action.text)}</li>")
        else:
            lines.append(f"<li>{escape(action.at[:16].replace('T', ' '))} {escape(action.by_user)}: note — "
                         f"{escape(action.text)}</li>")
    if package.is_signed:
        lines.append(f"<li><b>Signed</b> by {escape(package.signed_by or '')} at "
                     f"{escape((package.signed_at or '')[:16].replace('T', ' '))} with priority "
                     f"{package.final_priority.label}</li>")
    for addendum in package.addenda:
        lines.append(f"<li>{escape(addendum.at[:16].replace('T', ' '))} {escape(addendum.by_user)}: "
                     f"<b>addendum</b> — {escape(addendum.text)}</li>")
    return "<ul>" + "".join(lines) + "</ul>" if lines else "<p style='color:#52606d;'>No changes yet.</p>"
