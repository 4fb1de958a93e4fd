"""The PHI audit of a dataset: every text field scanned, findings judged per Safe Harbor identifier.

Severity of a finding starts at its identifier's severity (:mod:`core.phi.hipaa`)
and is then judged against the generator's fictional lists:

- verified fictional (a listed name or town, a 555-01xx number, an
  ``example.org`` address, a ``SYN-MRN-`` number): Low, and not open;
- a name or place that is not on the lists: Critical for a name, High for a
  place (it did not come from the generator, so it may be a real person's);
- anything else keeps its identifier's severity and stays open.

The dataset passes when no Critical or High finding is open. Findings keep
only masked excerpts ("Seen by Dr. Q*** on 0***"): the audit result may be
written to a report, the PHI itself never is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone

from core.phi.authenticity import FictionalLists
from core.phi.hipaa import HipaaIdentifier, Severity
from core.phi.scan import Finding, mask, scan_texts

GENERATOR_LISTS = "generator"  # default: the lists of core.datasets.fictional, when it exists
EXCERPT_CHARS = 30


@dataclass(frozen=True)
class AuditFinding:
    """One finding in one field of one record; carries no unmasked PHI."""

    record: str  # the record's id, or "#<position>"
    field: str  # path of the text inside the record ("messages[1].content")
    entity_type: str
    identifier: HipaaIdentifier
    severity: Severity
    score: float
    masked: str  # first character + ***
    excerpt: str  # surrounding text with every finding in it masked
    authenticity: str  # "fictional", "not on the fictional lists", "no list for this identifier", "not checked"
    open: bool


@dataclass(frozen=True)
class IdentifierSummary:
    identifier: HipaaIdentifier
    findings: int
    open: int
    worst_open: Severity | None

    @property
    def passed(self) -> bool:
        """No open Critical or High finding of this identifier."""
        return self.worst_open is None or not self.worst_open.blocks_training

    @property
    def status(self) -> str:
        if not self.passed:
            return "fail"
        return "review" if self.open else "pass"


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    passed: bool | None  # None: could not be checked
    detail: str


@dataclass
class PhiAuditResult:
    """The outcome of :func:`audit_dataset`."""

    dataset: str
    records: int
    texts: int
    findings: list[AuditFinding]
    authenticity_source: str | None
    unreadable: list[str] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def blocking(self) -> list[AuditFinding]:
        """Open Critical and High findings: what stops training."""
        return [f for f in self.findings if f.open and f.severity.blocks_training]

    @property
    def passed(self) -> bool:
        return not self.blocking and not self.unreadable

    def by_identifier(self) -> dict[HipaaIdentifier, IdentifierSummary]:
        """A summary for each of the 18 identifiers, in Safe Harbor order."""
        out = {}
        for identifier in HipaaIdentifier:
            mine = [f for f in self.findings if f.identifier is identifier]
            still_open = [f.severity for f in mine if f.open]
            out[identifier] = IdentifierSummary(identifier, len(mine), len(still_open),
                                                max(still_open) if still_open else None)
        return out

    def counts(self) -> dict[str, dict]:
        """Per identifier name: findings, open, worst open severity, and open findings per class
        (entity type: "FACILITY", "LOCATION", ...) among the blocking ones (JSON-ready, no PHI)."""
        blocking = self.blocking
        return {i.name: {"findings": s.findings, "open": s.open,
                         "worst_open": s.worst_open.label if s.worst_open else None,
                         "blocking_types": _type_counts(f for f in blocking if f.identifier is i)}
                for i, s in self.by_identifier().items()}

    def classes_found(self) -> dict[str, dict[str, int]]:
        """Per class (entity type) found: findings and open findings, most found first."""
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            entry = out.setdefault(f.entity_type, {"findings": 0, "open": 0})
            entry["findings"] += 1
            entry["open"] += f.open
        return dict(sorted(out.items(), key=lambda kv: (-kv[1]["findings"], kv[0])))

    def severity_counts(self) -> dict[str, int]:
        """Open findings per severity label."""
        return {s.label: sum(1 for f in self.findings if f.open and f.severity is s) for s in reversed(Severity)}

    def authenticity(self) -> dict[str, int | str | None]:
        """How many names/places were verified fictional and how many were not on the lists."""
        checked = [f for f in self.findings if f.identifier in (HipaaIdentifier.NAMES, HipaaIdentifier.GEOGRAPHIC)]
        return {"source": self.authenticity_source, "checked": len(checked),
                "fictional": sum(f.authenticity == "fictional" for f in checked),
                "not_on_lists": sum(f.authenticity == "not on the fictional lists" for f in checked)}

    def checklist(self) -> list[ChecklistItem]:
        from core.phi.checklist import build_checklist

        return build_checklist(self)


def _type_counts(findings: Iterable[AuditFinding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.entity_type] = counts.get(f.entity_type, 0) + 1
    return dict(sorted(counts.items()))


def audit_dataset(records: Iterable, authenticity: FictionalLists | str | None = GENERATOR_LISTS,
                  name: str = "dataset", unreadable: list[str] | None = None,
                  labels: Iterable[str] | None = None) -> PhiAuditResult:
    """Scan every text field of every record and judge the findings.

    Args:
        records: dicts (or pydantic models) of any shape; every string inside is scanned.
        authenticity: the fictional lists to verify names and places against; the default
            uses ``core.datasets.fictional`` when it exists; None skips the check (then every
            name is an open Critical finding).
        name: the dataset's name, for the report.
        unreadable: descriptions of input lines that could not be read (they fail the audit).
        labels: where each record came from ("processed/triage.jsonl:12"), parallel to ``records``;
            defaults to each record's ``id`` or its position.

    Returns:
        The audit result; ``.passed`` is False while a Critical or High finding is open.
    """
    lists = FictionalLists.from_generator() if authenticity == GENERATOR_LISTS else authenticity
    fields = list(_text_fields(records, labels))
    record_ids = {record for record, _, _ in fields}
    unique = list(dict.fromkeys(text for _, _, text in fields))  # repeated prompts are scanned once
    found = dict(zip(unique, scan_texts(unique)))
    findings = [judged for record, path, text in fields
                for judged in _judge(record, path, text, found[text], lists)]
    return PhiAuditResult(name, len(record_ids), len(fields), findings,
                          lists.sources[0] if lists and lists.sources else None, list(unreadable or []))


def _text_fields(records: Iterable, labels: Iterable[str] | None) -> Iterator[tuple[str, str, str]]:
    label_iter = iter(labels) if labels is not None else None
    for position, record in enumerate(records):
        if hasattr(record, "model_dump"):
            record = record.model_dump(mode="json")
        if label_iter is not None:
            record_id = next(label_iter)
        elif isinstance(record, dict) and record.get("id"):
            record_id = str(record["id"])
        else:
            record_id = f"#{position}"
        for path, text in _strings(record, ""):
            if text.strip():
                yield record_id, path or "text", text


def _strings(value, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{index}]")


def _judge(record: str, path: str, text: str, findings: list[Finding],
           lists: FictionalLists | None) -> Iterator[AuditFinding]:
    for finding in findings:
        verdict = None
        if lists is not None:
            verdict = lists.verify(finding.hipaa_identifier, finding.entity_type, finding.text,
                                   text[max(0, finding.start - 20):finding.start])
        severity, still_open, label = _severity(finding, verdict, lists is not None)
        yield AuditFinding(record, path, finding.entity_type, finding.hipaa_identifier, severity, finding.score,
                           mask(finding.text), masked_excerpt(text, findings, finding), label, still_open)


def _severity(finding: Finding, verdict: bool | None, checked: bool) -> tuple[Severity, bool, str]:
    if not checked:
        return finding.severity, True, "not checked"
    if verdict is True:
        return Severity.LOW, False, "fictional"
    if verdict is False and finding.hipaa_identifier is HipaaIdentifier.NAMES:
        return Severity.CRITICAL, True, "not on the fictional lists"
    if verdict is False and finding.hipaa_identifier is HipaaIdentifier.GEOGRAPHIC:
        return max(finding.severity, Severity.HIGH), True, "not on the fictional lists"
    if verdict is False:
        return finding.severity, True, "outside the fictional ranges"
    return finding.severity, True, "no list for this identifier"


def masked_excerpt(text: str, findings: list[Finding], focus: Finding) -> str:
    """The text around ``focus`` with every finding in the window masked, on one line."""
    start, end = max(0, focus.start - EXCERPT_CHARS), min(len(text), focus.end + EXCERPT_CHARS)
    pieces, cursor = [], start
    for other in sorted(findings, key=lambda f: f.start):
        if other.end <= start or other.start >= end:
            continue
        lo, hi = max(other.start, start), min(other.end, end)
        if lo < cursor:
            continue
        pieces.append(text[cursor:lo])
        pieces.append(mask(other.text))
        cursor = hi
    pieces.append(text[cursor:end])
    excerpt = " ".join("".join(pieces).split())
    return ("…" if start > 0 else "") + excerpt + ("…" if end < len(text) else "")
