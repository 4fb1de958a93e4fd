"""Dataset validation: is this dataset fit to train the clinic's model on?

Checks, each PASS / WARN / FAIL with its figures:

* schema: every row is a valid :class:`Record`;
* exact and near duplicates between different case families;
* label balance (severity per category) and demographic balance;
* length in tokens of the target model (Gemma 3 tokenizer, or a labelled estimate);
* leakage: no family, group, identical or near-identical text in both splits;
* readability of patient-facing text (Flesch-Kincaid grade, aim <= 8);
* harmful content (dose instructions to patients, self-harm method detail, slurs);
* volume: examples per class against a recommendation for the target model's size;
* red-flag floor: triage labels below the clinic's deterministic red-flag floor (a sample).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pydantic import ValidationError as PydanticError

from core.datasets import dedup, harm
from core.datasets.readability import flesch_kincaid_grade
from core.datasets.records import Record
from core.datasets.splits import leaking_families
from core.datasets.tokens import TokenCounter, estimate_counter

READABILITY_TARGET = 8.0  # US grade; patient materials are commonly aimed at grade 6-8
NEAR_THRESHOLD = 0.85
BALANCE_WARN = 1.5  # largest / smallest class count above this: warn
BALANCE_FAIL = 4.0

#: Examples per class recommended for LoRA fine-tuning, by target model size (billions of
#: parameters). A rule of thumb, not a measurement: smaller models need more examples.
VOLUME_RULES = ((1.0, 500), (8.0, 250), (float("inf"), 100))


@dataclass
class Check:
    name: str
    status: str  # PASS, WARN or FAIL
    summary: str
    details: dict = field(default_factory=dict)


@dataclass
class ValidationReport:
    dataset: str
    records: int
    checks: list[Check]

    @property
    def verdict(self) -> str:
        statuses = {c.status for c in self.checks}
        return "FAIL" if "FAIL" in statuses else "WARN" if "WARN" in statuses else "PASS"

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "records": self.records, "verdict": self.verdict,
                "checks": [c.__dict__ for c in self.checks]}

    def to_text(self) -> str:
        lines = [f"Validation of '{self.dataset}': {self.records} records, verdict {self.verdict}", ""]
        for c in self.checks:
            lines.append(f"[{c.status:4}] {c.name}: {c.summary}")
        return "\n".join(lines)


def validate(rows: list, name: str = "dataset", *, counter: TokenCounter | None = None,
             target_model: str = "gemma-3-270m", max_tokens: int = 512,
             near_threshold: float = NEAR_THRESHOLD, floor_sample: int = 1000) -> ValidationReport:
    """Validate a dataset's records (Record objects or raw dicts)."""
    records, schema = check_schema(rows)
    counter = counter or estimate_counter("no tokenizer given")
    texts = [r.text() for r in records]
    families = {r.id: r.family for r in records}
    splits = {r.id: r.split for r in records}
    ids = [r.id for r in records]
    pairs = dedup.near_duplicates(ids, texts, near_threshold,
                                  skip=lambda a, b: families[a] == families[b]) if records else []
    exact = dedup.exact_duplicates(ids, texts)
    checks = [
        schema,
        check_exact(exact, families),
        check_near(pairs, near_threshold),
        check_balance(records),
        check_demographics(records),
        check_lengths(records, texts, counter, max_tokens),
        check_leakage(records, exact, pairs, splits),
        check_readability(records),
        check_harm(records),
        check_volume(records, target_model),
        check_floor(records, floor_sample),
    ]
    return ValidationReport(name, len(records), checks)


def check_schema(rows: list) -> tuple[list[Record], Check]:
    records, errors = [], []
    for index, row in enumerate(rows):
        if isinstance(row, Record):
            records.append(row)
            continue
        try:
            records.append(Record.model_validate(row))
        except PydanticError as exc:
            first = exc.errors()[0]
            where = row.get("id", f"row {index + 1}") if isinstance(row, dict) else f"row {index + 1}"
            errors.append(f"{where}: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
    ids = Counter(r.id for r in records)
    errors += [f"{i}: id used {n} times" for i, n in ids.items() if n > 1]
    status = "FAIL" if errors else "PASS"
    summary = f"{len(errors)} invalid of {len(rows)} rows" if errors else f"all {len(rows)} rows valid"
    return records, Check("schema", status, summary, {"errors": errors[:50]})


def check_exact(groups: list[list[str]], families: dict[str, str]) -> Check:
    cross = [g for g in groups if len({families[i] for i in g}) > 1]
    status = "FAIL" if cross else "PASS"
    summary = (f"{len(cross)} sets of identical texts across families ({sum(len(g) for g in cross)} records)"
               if cross else f"no identical texts across families ({len(groups)} within a family)")
    return Check("exact duplicates", status, summary, {"groups": cross[:50]})


def check_near(pairs: list[dedup.DuplicatePair], threshold: float) -> Check:
    status = "WARN" if pairs else "PASS"
    summary = (f"{len(pairs)} near-duplicate pairs across families (Jaccard >= {threshold})" if pairs
               else f"no near duplicates across families (Jaccard >= {threshold})")
    return Check("near duplicates", status, summary,
                 {"pairs": [p.__dict__ for p in pairs[:50]], "count": len(pairs), "threshold": threshold})


def _ratio(counts: Counter) -> float:
    return max(counts.values()) / max(1, min(counts.values())) if counts else 1.0


def check_balance(records: list[Record]) -> Check:
    """Severity balance; triage (the classification task) sets the status, others are reported."""
    per_category = {}
    for category in sorted({r.category for r in records}):
        counts = Counter(r.severity for r in records if r.category == category and r.severity)
        if counts:
            per_category[category] = dict(counts)
    triage = Counter(per_category.get("triage", {}))
    ratio = _ratio(triage) if triage else 1.0
    missing = [p for p in ("Critical", "High", "Medium", "Low") if triage and p not in triage]
    status = "FAIL" if ratio > BALANCE_FAIL or missing else "WARN" if ratio > BALANCE_WARN else "PASS"
    summary = (f"triage priorities {dict(triage)}, largest/smallest ratio {ratio:.2f}"
               + (f", missing {missing}" if missing else "") if triage else "no triage cases")
    return Check("label balance", status, summary, {"per_category": per_category, "triage_ratio": round(ratio, 3)})


def check_demographics(records: list[Record]) -> Check:
    canonical = [r for r in records if r.demographics is not None and r.variant == 0]
    if not canonical:
        return Check("demographic balance", "PASS", "no records carry demographics", {})
    details, worst = {}, 1.0
    for attribute in ("age_band", "sex", "race_ethnicity"):
        counts = Counter(getattr(r.demographics, attribute) for r in canonical)
        details[attribute] = dict(counts)
        worst = max(worst, _ratio(counts))
    status = "FAIL" if worst > BALANCE_FAIL else "WARN" if worst > BALANCE_WARN else "PASS"
    return Check("demographic balance", status,
                 f"largest/smallest group ratio {worst:.2f} over age band, sex and race/ethnicity "
                 f"({len(canonical)} cases)", {**details, "worst_ratio": round(worst, 3)})


def check_lengths(records: list[Record], texts: list[str], counter: TokenCounter, max_tokens: int) -> Check:
    if not records:
        return Check("length", "PASS", "no records", {})
    counts = counter.count(texts)
    ordered = sorted(counts)
    over = sum(1 for c in counts if c > max_tokens)
    stats = {"tokenizer": counter.name, "exact": counter.exact, "min": ordered[0], "max": ordered[-1],
             "mean": round(statistics.fmean(counts), 1), "p50": ordered[len(ordered) // 2],
             "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], "over_max": over,
             "max_tokens": max_tokens, "note": counter.note}
    per_category = {}
    for category in sorted({r.category for r in records}):
        values = [c for c, r in zip(counts, records) if r.category == category]
        per_category[category] = round(statistics.fmean(values), 1)
    stats["mean_per_category"] = per_category
    status = "WARN" if over or not counter.exact else "PASS"
    label = "tokens" if counter.exact else "tokens (ESTIMATE: exact tokenizer unavailable)"
    summary = (f"{label}: median {stats['p50']}, p95 {stats['p95']}, max {stats['max']}; "
               f"{over} records over {max_tokens} [{counter.name}]")
    return Check("length", status, summary, stats)


def check_leakage(records: list[Record], exact: list[list[str]], pairs: list[dedup.DuplicatePair],
                  splits: dict[str, str | None]) -> Check:
    structural = leaking_families(records)
    text_exact = [g for g in exact if len({splits[i] for i in g}) > 1]
    text_near = [p for p in pairs if splits[p.a] != splits[p.b]]
    problems = len(structural) + len(text_exact) + len(text_near)
    no_eval = not any(r.split == "eval" for r in records)
    status = "FAIL" if problems else "WARN" if no_eval else "PASS"
    summary = (f"{len(structural)} families/groups in both splits, {len(text_exact)} identical and "
               f"{len(text_near)} near-identical texts across train/eval" if problems
               else "no family, group or text shared between train and eval"
               + (" (no eval split)" if no_eval else ""))
    return Check("leakage", status, summary, {"families": structural[:50], "exact": text_exact[:20],
                                              "near": [p.__dict__ for p in text_near[:20]]})


def check_readability(records: list[Record]) -> Check:
    grades = []
    for record in records:
        text = record.patient_text()
        if len(re.findall(r"\w+", text)) >= 20:  # grade formulas are noise on very short texts
            grades.append(flesch_kincaid_grade(text))
    if not grades:
        return Check("readability", "PASS", "no patient-facing text long enough to grade", {})
    above = sum(1 for g in grades if g > READABILITY_TARGET)
    median = statistics.median(grades)
    status = "WARN" if median > READABILITY_TARGET else "PASS"
    return Check("readability", status,
                 f"patient-facing text: median Flesch-Kincaid grade {median:.1f} (aim <= {READABILITY_TARGET:g}); "
                 f"{above} of {len(grades)} texts above", {"median_grade": round(median, 2), "above": above,
                                                         "graded": len(grades)})


def check_harm(records: list[Record]) -> Check:
    rules = harm.load_rules()
    findings = [f for r in records for f in harm.screen(r.id, r.text(), r.patient_text(), rules)]
    by_category = Counter(f.category for f in findings)
    status = "FAIL" if findings else "PASS"
    summary = (f"{len(findings)} findings: " + ", ".join(f"{k} {v}" for k, v in sorted(by_category.items()))
               if findings else f"no harmful content found ({len(rules)} rule sets)")
    return Check("harmful content", status, summary,
                 {"findings": [f.__dict__ for f in findings[:50]], "by_category": dict(by_category)})


def model_size_b(target_model: str) -> float | None:
    """Parameters in billions read from a model name ("gemma-3-270m" -> 0.27)."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*([mb])\b", target_model.lower().replace("-", " ").replace("_", " "))
    if not match:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "m" else value


def recommended_per_class(target_model: str) -> int:
    size = model_size_b(target_model)
    for limit, per_class in VOLUME_RULES:
        if size is None or size <= limit:
            return per_class
    return VOLUME_RULES[-1][1]


def check_volume(records: list[Record], target_model: str) -> Check:
    wanted = recommended_per_class(target_model)
    train = [r for r in records if r.split != "eval"]
    triage = Counter(r.severity for r in train if r.category == "triage")
    short = {k: v for k, v in triage.items() if v < wanted}
    missing = [p for p in ("Critical", "High", "Medium", "Low") if triage and p not in triage]
    per_task = Counter((r.category, r.task) for r in train if r.category != "triage")
    status = "WARN" if short or missing or not triage else "PASS"
    need = max((wanted - v for v in triage.values()), default=wanted)
    summary = (f"target {target_model}: recommend >= {wanted} training examples per triage priority; "
               f"have {dict(triage) or 'no triage cases'}"
               + (f"; add about {need * 4} cases to --n (half are triage, 2 phrasings each)"
                  if short or missing else ""))
    return Check("volume", status, summary, {"recommended_per_class": wanted, "triage_train": dict(triage),
                                             "per_task": {f"{c}/{t}": n for (c, t), n in per_task.items()}})


FLOOR_FAIL_SHARE = 0.05


def check_floor(records: list[Record], sample: int = 1000) -> Check:
    """Triage labels against the clinic's red-flag rules (``core.triage.redflags``).

    The pipeline's final priority is max(model, floor), so a target below the floor
    teaches the model to under-triage relative to the clinic's own protocol. About
    12 ms per record on 2 cores, hence an evenly spread sample.
    """
    triage = [r for r in records if r.category == "triage" and r.intake]
    if not triage or sample <= 0:
        return Check("red-flag floor", "PASS", "no triage records checked", {})
    try:
        from core.triage.intake import parse_intake
        from core.triage.priority import Priority
        from core.triage.redflags import RedFlagEngine

        engine = RedFlagEngine.load_default()
    except Exception as exc:  # noqa: BLE001 - the engine is another area's; report, do not crash
        return Check("red-flag floor", "WARN", f"not checked: triage engine unavailable ({exc})", {})
    step = max(1, len(triage) // sample)
    chosen = triage[::step][:sample]
    below: Counter = Counter()
    rules: Counter = Counter()
    for record in chosen:
        result = engine.evaluate(parse_intake(record.intake))
        label = Priority.parse(record.severity)
        if result.floor is not None and result.floor > label:
            below[(record.condition, record.severity, result.floor.label)] += 1
            rules.update(hit.rule_id for hit in result.fired if hit.priority > label)
    count = sum(below.values())
    share = count / len(chosen)
    status = "FAIL" if share > FLOOR_FAIL_SHARE else "WARN" if count else "PASS"
    summary = (f"{count} of {len(chosen)} sampled triage labels are below the red-flag floor ({share:.1%}); "
               f"rules: {dict(rules.most_common(5))}" if count
               else f"all {len(chosen)} sampled triage labels at or above the red-flag floor")
    return Check("red-flag floor", status, summary,
                 {"checked": len(chosen), "below": count,
                  "cases": [{"condition": c, "label": lab, "floor": f, "count": n}
                            for (c, lab, f), n in below.most_common(20)],
                  "rules": dict(rules)})
