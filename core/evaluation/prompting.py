"""Prompt-engineering assessment: zero-shot vs few-shot vs fine-tuned, on the same cases.

The optional first step of the retraining workflow: before paying for a
fine-tuning run, see how far prompting alone gets. The shipped base model is
evaluated with the engine's prompt (zero-shot) and with worked examples added
(few-shot, ``resources/evaluation/few_shot.yaml``); a fine-tuned version, when
there is one, with both prompts too. The recommendation takes the cheapest
configuration that is as safe as the best one (no lower emergent recall, no
higher under-triage) and within a small margin of its macro-F1, and states
what it costs: training cost from the run's record, extra latency from the
longer prompt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from core.evaluation import store as evaluations
from core.evaluation.cases import CaseSet

FEW_SHOT_FILE = Path(__file__).resolve().parents[2] / "resources" / "evaluation" / "few_shot.yaml"
PROMPTINGS = ("default", "few_shot")
F1_MARGIN = 0.02  # macro-F1 a cheaper configuration may give up


# ----------------------------------------------------------------- prompts
def few_shot_template(path: Path = FEW_SHOT_FILE):
    """The engine's template with worked examples appended to its instructions."""
    import yaml

    from core.triage.prompt import PromptTemplate

    base = PromptTemplate.load()
    examples = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["examples"]
    shown = []
    for number, example in enumerate(examples, 1):
        answer = json.dumps(example["answer"], ensure_ascii=False, separators=(",", ":"))
        shown.append(f"Example {number}:\nPatient data:\n{example['patient'].strip()}\nAnswer:\n{answer}")
    system = base.system + "\n\nWorked examples (fictional patients):\n\n" + "\n\n".join(shown)
    return PromptTemplate(system, base.user)


def pipeline_with_prompt(ws, engine, settings, prompting: str = "default"):
    """A TriagePipeline on ``engine`` using the engine's prompt or the few-shot prompt."""
    from core.errors import ValidationError
    from core.triage.pipeline import TriagePipeline
    from core.triage.prompt import PromptBuilder

    if prompting not in PROMPTINGS:
        raise ValidationError("prompting", f"'{prompting}' is not a prompt style", "use default or few_shot")
    if prompting == "default":
        return TriagePipeline(ws, engine=engine, settings=settings)
    template = few_shot_template()

    class FewShotPipeline(TriagePipeline):
        # The pipeline builds its prompt through _builder; only the template differs.
        def _builder(self, engine_):
            key = id(engine_)
            if key not in self._builders:
                self._builders[key] = PromptBuilder(engine_, answer_tokens=self.settings.max_tokens,
                                                    passage_budget=self.settings.passage_budget, template=template)
            return self._builders[key]

    return FewShotPipeline(ws, engine=engine, settings=settings)


# ----------------------------------------------------------------- assessment
@dataclass
class Configuration:
    """One (model, prompt) combination and its evaluation records per mode."""

    label: str
    version_id: str
    prompting: str
    cost_rank: int  # cheaper first: base < base+examples < tuned < tuned+examples
    records: dict[str, evaluations.EvaluationRecord] = field(default_factory=dict)

    def metric(self, name: str, mode: str = "pipeline") -> Any:
        record = self.records.get(mode)
        return record.metrics.get(name) if record else None


@dataclass
class PromptingAssessment:
    case_set: str
    configurations: list[Configuration]
    recommendation: str  # prompting | fine-tune | both
    chosen: Configuration
    reasons: list[str]
    training_cost: dict[str, Any]
    report: Path | None = None


def assess_prompting(ws, case_set: CaseSet, *, fine_tuned: str | None = None, bias_cases: int = 0,
                     reuse: bool = True, evaluate: Callable[..., Any] | None = None,
                     on_case=None, write_report: bool = True) -> PromptingAssessment:
    """Evaluate base zero-/few-shot (and the fine-tuned version both ways) and recommend.

    Args:
        ws: open workspace (TRAIN permission).
        case_set: the cases all configurations run on.
        fine_tuned: a registered version; default the newest registered one, if any.
        reuse: take an earlier evaluation of the same version, prompt and set fingerprint
            instead of running it again.
        evaluate: ``evaluate_version`` (tests pass a stand-in factory through it).
    """
    from core.evaluation.runner import evaluate_version
    from core.registry import versions
    from core.security.roles import Permission

    ws.require(Permission.TRAIN)
    evaluate = evaluate or evaluate_version
    if fine_tuned is None:
        registered = versions.list_versions(ws.db)
        fine_tuned = registered[-1].version_id if registered else None
    configs = [Configuration("base, zero-shot", versions.BASE_VERSION, "default", 0),
               Configuration("base, few-shot", versions.BASE_VERSION, "few_shot", 1)]
    if fine_tuned:
        versions.get(ws.db, fine_tuned)
        configs += [Configuration(f"{fine_tuned} fine-tuned, zero-shot", fine_tuned, "default", 2),
                    Configuration(f"{fine_tuned} fine-tuned, few-shot", fine_tuned, "few_shot", 3)]
    for config in configs:
        found = {mode: evaluations.latest(ws.db, config.version_id, case_set.name, mode, config.prompting)
                 for mode in ("pipeline", "model_only")}
        if reuse and all(r is not None and r.set_hash == case_set.set_hash for r in found.values()):
            config.records = found
            continue
        run = evaluate(ws, config.version_id, case_set, prompting=config.prompting, bias_cases=bias_cases,
                       on_case=on_case, write_report=write_report)
        config.records = {r.mode: r.record for r in run.results}
    cost = training_cost(ws.db, fine_tuned) if fine_tuned else {}
    recommendation, chosen, reasons = recommend(configs, cost)
    result = PromptingAssessment(case_set.name, configs, recommendation, chosen, reasons, cost)
    if write_report:
        from core.evaluation.eval_report import write_prompting_report

        result.report = write_prompting_report(ws.paths.reports, result)
    ws.audit.record("model.assess_prompting", None, None,
                    {"set": case_set.name, "recommendation": recommendation, "chosen": chosen.label[:80],
                     "fine_tuned": fine_tuned})
    return result


def recommend(configs: list[Configuration], cost: dict[str, Any]) -> tuple[str, Configuration, list[str]]:
    """(prompting | fine-tune | both, chosen configuration, reasons) from pipeline-mode metrics.

    The safest emergent recall and under-triage among all configurations set the
    bar; of those that reach it, the cheapest within ``F1_MARGIN`` of the best
    macro-F1 is chosen.
    """
    def value(config, name, default):
        found = config.metric(name)
        return default if found is None else found

    best_recall = max(value(c, "emergent_recall", 0.0) for c in configs)
    best_under = min(value(c, "under_triage_rate", 1.0) for c in configs)
    safe = [c for c in configs if value(c, "emergent_recall", 0.0) >= best_recall - 1e-9
            and value(c, "under_triage_rate", 1.0) <= best_under + 1e-9]
    best_f1 = max(value(c, "macro_f1", 0.0) for c in safe)
    chosen = min((c for c in safe if value(c, "macro_f1", 0.0) >= best_f1 - F1_MARGIN), key=lambda c: c.cost_rank)
    reasons = [f"Safest emergent recall {best_recall:.2f} and under-triage {best_under:.2f} are reached by: "
               + ", ".join(c.label for c in safe) + ".",
               f"Best macro-F1 among them {best_f1:.2f}; the cheapest configuration within {F1_MARGIN:.2f} of it "
               f"is '{chosen.label}' (macro-F1 {value(chosen, 'macro_f1', 0.0):.2f})."]
    kind = {0: "prompting", 1: "prompting", 2: "fine-tune", 3: "both"}[chosen.cost_rank]
    if chosen.cost_rank == 0 and len(configs) > 2:
        reasons.append("Neither examples in the prompt nor fine-tuning improved on the base model's own prompt; "
                       "keep the shipped configuration.")
    if len(configs) == 2 and chosen.cost_rank <= 1:
        reasons.append("No fine-tuned version was available to compare; fine-tuning may still help.")
    base = next(c for c in configs if c.cost_rank == 0)
    extra = (chosen.metric("latency_p50_s") or 0.0) - (base.metric("latency_p50_s") or 0.0)
    reasons.append(f"Latency p50 change against the base zero-shot: {extra:+.2f} s per case.")
    if cost and chosen.cost_rank >= 2:
        reasons.append(f"One-off training cost: {cost.get('summary', 'n/a')}.")
    return kind, chosen, reasons


def training_cost(db, version_id: str) -> dict[str, Any]:
    """The cost recorded for the run that produced ``version_id`` (estimate and actual)."""
    from core.errors import NotFoundError
    from core.registry import versions
    from core.training import runs

    run_id = versions.get(db, version_id).run_id
    if not run_id:
        return {"summary": "not recorded (version registered from a file)"}
    try:
        history = runs.history(db, run_id)
    except NotFoundError:
        return {"summary": f"run {run_id} not found"}
    estimate = next((e.estimate for e in reversed(history) if e.estimate), {})
    actual = next((e.actual for e in reversed(history) if e.actual), {})
    parts = []
    if actual:
        parts.append(f"{actual.get('seconds', 0) / 3600:.2f} h, {actual.get('local_cost', 0):.2f} "
                     f"{estimate.get('currency', '')} local")
    if estimate:
        parts.append(f"estimated {estimate.get('hours', 0):.2f} h, {estimate.get('local_cost', 0):.2f} "
                     f"{estimate.get('currency', '')}")
        hosted = estimate.get("hosted") or []
        if hosted:
            cheapest = min(hosted, key=lambda h: h["usd"])
            parts.append(f"hosted fine-tuning of the same tokens from {cheapest['usd']:.2f} USD "
                         f"({cheapest['provider']} {cheapest['model']})")
    return {"run_id": run_id, "estimate": estimate, "actual": actual, "summary": "; ".join(parts) or "n/a"}
