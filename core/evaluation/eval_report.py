"""The evaluation report and the prompt-engineering report (Markdown + HTML + charts)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from core.evaluation.drafts import rule_table
from core.evaluation.report import (PRIORITY_ORDER, _slug, bar_chart, confusion_chart, metrics_table, table,
                                    write_document)

_BARS = ("emergent_recall", "under_triage_rate", "safety_compliance", "accuracy", "macro_f1", "over_triage_rate",
         "json_validity", "draft_usable_rate")
#: Failing drafts quoted per mode in the draft-quality section.
DRAFT_EXAMPLES = 3
_EXAMPLE_CHARS = 120


def write_evaluation_report(reports_dir: Path, run, version) -> Path:
    """``reports/evaluations/<version>-<set>-<prompt>-<time>/evaluation.md|html`` with charts."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(reports_dir) / "evaluations" / f"{run.version_id}-{_slug(run.case_set)}-{run.prompting}-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    columns = [(r.mode, r.summary.to_dict()) for r in run.results]
    lines = [f"# Evaluation of {version.name} ({run.version_id})", "",
             f"Case set `{run.case_set}` (fingerprint `{run.set_hash[:12]}`), prompt `{run.prompting}`. "
             f"Generated {stamp}.", "",
             "`pipeline` is what the nurse sees: red-flag floor, guideline retrieval, the model, safety checks, "
             "final priority = max(model, floor). `model_only` is the model's own priority, without floor or "
             "retrieval. Emergent = Critical or High; under-triage = a priority in a lower band than the label "
             "(emergent / Medium / Low). Nothing was stored in the review queue.", "",
             "## Metrics", "", metrics_table(columns), ""]
    bar_chart(folder / "metrics.png", [(m, c) for m, c in columns], _BARS, f"{run.version_id} on {run.case_set}")
    lines += ["![metrics](metrics.png)", ""]
    for result in run.results:
        summary = result.summary
        lines += [f"## {result.mode}: per-priority recall", "",
                  table(["Priority", "Recall", "Cases"],
                        [[p, summary.per_priority_recall.get(p), sum(summary.confusion[i])]
                         for i, p in enumerate(PRIORITY_ORDER)]), ""]
        name = f"confusion-{result.mode}.png"
        confusion_chart(folder / name, summary.confusion, f"{run.version_id} {result.mode}")
        lines += [f"![confusion {result.mode}]({name})", ""]
        missed = [c for c in result.case_results if _band(c["expected"]) > _band(c["predicted"])]
        if missed:
            lines += [f"Under-triaged cases ({result.mode}):", "",
                      table(["Case", "Label", "Final", "Model", "Floor"],
                            [[c["case_id"], c["expected"], c["predicted"], c["model_priority"], c["floor"]]
                             for c in missed]), ""]
    lines += draft_section(run.results)
    return write_document(folder, "evaluation", "\n".join(lines), f"Evaluation {run.version_id}")


def draft_section(results) -> list[str]:
    """Markdown lines: usable drafts and per-rule failures per mode, and a few failing drafts quoted."""
    rules = rule_table()
    lines = ["## Draft quality", "",
             "The draft check (core/evaluation/drafts.py) judges every draft as the nurse would read it; a draft is "
             "usable when it passes every rule. Examples quote what the model wrote, never the case.", "",
             table(["Rule", "Requires"], rules), "",
             table(["Drafts"] + [r.mode for r in results],
                   [["usable"] + [_usable(r) for r in results]]
                   + [[f"failed {name}"] + [r.summary.draft_failures.get(name, 0) for r in results]
                      for name, _ in rules]), ""]
    for result in results:
        failing = [o for o in result.outcomes if o.draft is not None and not o.draft.usable][:DRAFT_EXAMPLES]
        if failing:
            lines += [f"Failing drafts ({result.mode}, first {len(failing)}):", "",
                      table(["Case", "Rule", "What is wrong", "Text"],
                            [[o.case_id, f.rule, f.detail, _clip(f.text)] for o in failing
                             for f in o.draft.failures]), ""]
    return lines


def _usable(result) -> str:
    judged = sum(o.draft is not None for o in result.outcomes)
    usable = sum(o.draft is not None and o.draft.usable for o in result.outcomes)
    return f"{usable}/{judged}"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXAMPLE_CHARS else text[:_EXAMPLE_CHARS - 1] + "…"


def write_prompting_report(reports_dir: Path, assessment) -> Path:
    """``reports/prompting/<set>-<time>/prompting.md|html``: the comparison and the recommendation."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(reports_dir) / "prompting" / f"{_slug(assessment.case_set)}-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# Prompt engineering assessment on `{assessment.case_set}`", "",
             f"Recommendation: **{assessment.recommendation}** (chosen: {assessment.chosen.label}).", ""]
    lines += [f"- {reason}" for reason in assessment.reasons] + [""]
    for mode in ("pipeline", "model_only"):
        columns = [(c.label, c.records[mode].metrics) for c in assessment.configurations if mode in c.records]
        if not columns:
            continue
        lines += [f"## {mode}", "", metrics_table(columns), ""]
        name = f"{mode}.png"
        bar_chart(folder / name, columns, _BARS, f"Prompting vs fine-tuning ({mode})")
        lines += [f"![{mode}]({name})", ""]
    cost = assessment.training_cost
    lines += ["## Cost-benefit", "",
              table(["Item", "Value"],
                    [["Training cost of the fine-tuned version", cost.get("summary", "no fine-tuned version")],
                     ["Few-shot prompt", "no training cost; longer prompt on every case (see latency)"]]
                    + [[f"Latency p50, {c.label}", c.metric("latency_p50_s")] for c in assessment.configurations]),
              ""]
    return write_document(folder, "prompting", "\n".join(lines), "Prompt engineering assessment")


def _band(label: str | None) -> int:
    order = {"Low": 0, "Medium": 1, "High": 2, "Critical": 2}
    return order.get(label or "Medium", 1)
