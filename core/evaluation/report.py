"""Evaluation and gate reports: Markdown with tables, the same as HTML, matplotlib charts as PNG.

Charts use matplotlib's Agg canvas directly (no pyplot, no global backend
switch), so reports render headless and inside the GUI process alike.
Reports hold ids, labels and numbers; never case text. The one exception is
the evaluation report's draft-quality section, which quotes short fragments of
what the *model* wrote for a few failing drafts (see core/evaluation/drafts.py).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from core.evaluation.metrics import SCALAR_METRICS

METRIC_NAMES = {
    "emergent_recall": "Emergent recall (Critical/High found)",
    "under_triage_rate": "Under-triage rate",
    "safety_compliance": "Safety-check compliance",
    "accuracy": "Triage accuracy",
    "macro_f1": "Macro-F1",
    "over_triage_rate": "Over-triage rate",
    "bias_flip_rate": "Counterfactual bias flip rate",
    "json_validity": "JSON validity",
    "draft_usable_rate": "Usable drafts (draft check)",
    "perplexity": "Perplexity (held-out answers)",
    "latency_p50_s": "Latency p50 (s)",
    "latency_p95_s": "Latency p95 (s)",
}
PRIORITY_ORDER = ("Critical", "High", "Medium", "Low")


def fmt(value: Any) -> str:
    """A metric for a table: n/a for None, 3 decimals for fractions."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown pipe table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(fmt(c).replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def metrics_table(columns: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """Metrics as rows, one column per (heading, metrics dict)."""
    rows = [[METRIC_NAMES[m]] + [metrics.get(m) for _, metrics in columns] for m in SCALAR_METRICS]
    rows.append(["Cases"] + [metrics.get("cases") for _, metrics in columns])
    return table(["Metric"] + [heading for heading, _ in columns], rows)


# ----------------------------------------------------------------- HTML
_STYLE = ("body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.4}"
          "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #999;padding:.25rem .6rem}"
          "th{background:#eee}img{max-width:100%}code{background:#f4f4f4}")


def markdown_to_html(markdown: str, title: str) -> str:
    """HTML for the Markdown subset these reports use (headings, tables, lists, images, paragraphs)."""
    out, block, in_list = [], [], False

    def flush_paragraph():
        if block:
            out.append("<p>" + _inline(" ".join(block)) + "</p>")
            block.clear()

    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|") and i + 1 < len(lines) and set(lines[i + 1].replace("|", "")) <= set("-: "):
            flush_paragraph()
            head = _cells(line)
            out.append("<table><tr>" + "".join(f"<th>{_inline(c)}</th>" for c in head) + "</tr>")
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in _cells(lines[i])) + "</tr>")
                i += 1
            out.append("</table>")
            continue
        heading = re.match(r"^(#{1,4}) (.*)", line)
        if heading:
            flush_paragraph()
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.startswith("- "):
            flush_paragraph()
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{_inline(line[2:])}</li>")
        elif not line.strip():
            flush_paragraph()
            if in_list:
                out.append("</ul>")
                in_list = False
        else:
            block.append(line)
        i += 1
    flush_paragraph()
    if in_list:
        out.append("</ul>")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(out) + "\n</body></html>\n")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"!\[([^\]]*)\]\(([^)]+)\)", r"<img alt='\1' src='\2'>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def write_document(folder: Path, stem: str, markdown: str, title: str) -> Path:
    """Write ``stem.md`` and ``stem.html`` into ``folder``; returns the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    md_path = folder / f"{stem}.md"
    md_path.write_text(markdown, encoding="utf-8")
    (folder / f"{stem}.html").write_text(markdown_to_html(markdown, title), encoding="utf-8")
    return md_path


# ----------------------------------------------------------------- charts
def _figure(width: float = 7.0, height: float = 3.6):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def bar_chart(path: Path, groups: Sequence[tuple[str, dict[str, Any]]], metrics: Sequence[str], title: str) -> Path:
    """Grouped bars of fraction metrics (0..1), one group per metric, one bar per column."""
    figure = _figure()
    axes = figure.add_subplot(1, 1, 1)
    width = 0.8 / max(1, len(groups))
    for index, (label, values) in enumerate(groups):
        xs = [m + index * width for m in range(len(metrics))]
        axes.bar(xs, [values.get(m) or 0.0 for m in metrics], width=width, label=label)
    axes.set_xticks([m + width * (len(groups) - 1) / 2 for m in range(len(metrics))])
    axes.set_xticklabels([m.replace("_", "\n") for m in metrics], fontsize=7)
    axes.set_ylim(0, 1.05)
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    return path


def confusion_chart(path: Path, matrix: Sequence[Sequence[int]], title: str) -> Path:
    """Heat map of a 4x4 confusion matrix (rows = label, columns = prediction)."""
    figure = _figure(4.2, 3.8)
    axes = figure.add_subplot(1, 1, 1)
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(4))
    axes.set_yticks(range(4))
    axes.set_xticklabels(PRIORITY_ORDER, fontsize=7)
    axes.set_yticklabels(PRIORITY_ORDER, fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("label")
    for r, row in enumerate(matrix):
        for c, count in enumerate(row):
            axes.text(c, r, str(count), ha="center", va="center", fontsize=8)
    axes.set_title(title, fontsize=9)
    figure.tight_layout()
    figure.savefig(path)
    return path


def trend_chart(path: Path, series: dict[str, Sequence[tuple[str, float | None]]], title: str) -> Path:
    """One line per metric across versions (x = version, in activation order)."""
    figure = _figure()
    axes = figure.add_subplot(1, 1, 1)
    for metric, points in series.items():
        xs = [v for v, value in points if value is not None]
        ys = [value for _, value in points if value is not None]
        axes.plot(xs, ys, marker="o", label=METRIC_NAMES.get(metric, metric))
    axes.set_ylim(0, 1.05)
    axes.set_title(title, fontsize=10)
    axes.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    return path


# ----------------------------------------------------------------- gate report
def write_gate_report(reports_dir: Path, result) -> Path:
    """Markdown/HTML report of one gate decision with a trend chart per case set."""
    folder = Path(reports_dir) / "gates" / result.gate_id
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# Regression gate {result.gate_id}", "",
             f"Candidate **{result.candidate}** against **{result.baseline}**: **{result.verdict}**"
             + (" - blocks activation (a critical metric got worse)" if result.blocking else ""), "",
             f"Run by {result.actor} at {result.ts}.", ""]
    for case_set, comparisons in result.comparisons.items():
        lines += [f"## Case set `{case_set}`", "",
                  table(["Metric", result.baseline, result.candidate, "worse by", "status", "critical"],
                        [[METRIC_NAMES.get(c["metric"], c["metric"]), c["baseline"], c["candidate"],
                          c["worse_by"], c["status"], "yes" if c["critical"] else ""] for c in comparisons]), ""]
        trends = result.trends.get(case_set, [])
        if trends:
            lines += ["Trend against the best earlier active version:", "",
                      table(["Metric", "best version", "best", "candidate", "worse by", "status"],
                            [[t["metric"], t["best_version"], t["best_value"], t["candidate"], t["worse_by"],
                              t["status"]] for t in trends]), ""]
        history = result.history.get(case_set)
        if history:
            name = f"trend-{_slug(case_set)}.png"
            series = {m: [(v, metrics.get(m)) for v, metrics in history]
                      for m in ("emergent_recall", "under_triage_rate", "safety_compliance", "accuracy")}
            trend_chart(folder / name, series, f"History on {case_set} (last point: candidate)")
            lines += [f"![trend]({name})", ""]
    return write_document(folder, "gate", "\n".join(lines), f"Regression gate {result.gate_id}")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "set"
