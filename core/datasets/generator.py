"""The synthetic data generator: seed in, records out, the same every time.

``generate(n, seed)`` makes ``n`` case groups spread over the categories
(triage gets half by default) and renders ``variants`` phrasings of each.
Every random choice flows from ``seed`` through named sub-streams
(``"{seed}:{category}"``, ``"{seed}:{group}:{variant}"``), so adding a
category or a variant does not reshuffle the others.

After rendering, texts identical to another case's are dropped and families
joined by near-duplicate texts (MinHash LSH, confirmed by exact Jaccard) are
merged, so the train/eval split can never separate a text from its near copy.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.datasets import triage_cases
from core.datasets.conditions import ConditionLibrary, load_library
from core.datasets.demographics import make_profile, stratified_schedule
from core.datasets.records import CATEGORY_NAMES, Record
from core.datasets.splits import assign_splits, drop_exact_duplicates, merge_near_duplicate_families
from core.datasets.tasks import benefits, conversations, labs, risk, wearables
from core.errors import ValidationError

GENERATOR_VERSION = "1"

#: Share of case groups per category when all are generated.
DEFAULT_MIX: dict[str, float] = {
    "triage": 0.5,
    "lab_interpretation": 0.1,
    "risk_stratification": 0.1,
    "patient_conversation": 0.1,
    "wearables": 0.1,
    "benefits_navigation": 0.1,
}

_PREFIX = {
    "triage": "triage",
    "lab_interpretation": "lab",
    "risk_stratification": "risk",
    "patient_conversation": "conv",
    "wearables": "wear",
    "benefits_navigation": "benefit",
}


@dataclass
class GeneratedDataset:
    """What one generator run produced."""

    seed: int
    categories: list[str]
    variants: int
    eval_share: float
    raw: dict[str, list[dict]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    dropped_duplicates: int = 0

    def of(self, category: str) -> list[Record]:
        return [r for r in self.records if r.category == category]


def parse_categories(categories: list[str] | str | None) -> list[str]:
    """The categories asked for, checked against the known ones (None = all)."""
    if categories is None or categories == "all" or categories == ["all"]:
        return list(CATEGORY_NAMES)
    if isinstance(categories, str):
        categories = [c.strip() for c in categories.split(",") if c.strip()]
    unknown = [c for c in categories if c not in CATEGORY_NAMES]
    if unknown or not categories:
        raise ValidationError("categories", f"unknown category {unknown or '(none)'}",
                              f"use any of {', '.join(CATEGORY_NAMES)}")
    return list(dict.fromkeys(categories))


def allocate(n: int, categories: list[str]) -> dict[str, int]:
    """Split ``n`` groups over the categories by DEFAULT_MIX (largest remainder)."""
    weights = {c: DEFAULT_MIX[c] for c in categories}
    total = sum(weights.values())
    exact = {c: n * w / total for c, w in weights.items()}
    counts = {c: int(v) for c, v in exact.items()}
    for c in sorted(categories, key=lambda c: exact[c] - counts[c], reverse=True)[: n - sum(counts.values())]:
        counts[c] += 1
    return counts


def generate(
    n: int,
    seed: int,
    categories: list[str] | str | None = None,
    variants: int = 2,
    eval_share: float = 0.1,
    library: ConditionLibrary | None = None,
    story_style: str = "short",
) -> GeneratedDataset:
    """Generate ``n`` case groups with ``variants`` phrasings each.

    Args:
        n: number of case groups (records = n x variants).
        seed: makes the output reproducible; a different seed gives different data.
        categories: which categories to generate (default: all).
        variants: phrasings per group; variant 0 is canonical, the rest are augmentation.
        eval_share: share of each category's split families held out for evaluation.
        library: the condition library (default: the shipped one).
        story_style: how triage stories are written: "short" templated stories (default),
            "vignette" clinical case reports, or "mixed" (half each, by case group).

    Raises:
        ValidationError: a parameter is out of range.
    """
    if not isinstance(n, int) or n < 1:
        raise ValidationError("n", f"{n!r} is not a positive number of cases", "use --n 1 or more")
    if not 1 <= variants <= 6:
        raise ValidationError("variants", f"{variants} is out of range", "use 1 to 6 phrasings per case")
    if not 0.0 <= eval_share < 0.9:
        raise ValidationError("eval_share", f"{eval_share} is out of range", "use a share from 0 to 0.5")
    if story_style not in triage_cases.STORY_STYLES:
        raise ValidationError("style", f"'{story_style}' is not a story style",
                              f"use one of {', '.join(triage_cases.STORY_STYLES)}")
    chosen = parse_categories(categories)
    library = library or load_library()
    dataset = GeneratedDataset(seed=seed, categories=chosen, variants=variants, eval_share=eval_share)
    for category, count in allocate(n, chosen).items():
        rng = random.Random(f"{seed}:{category}")
        facts_list = _facts(category, count, rng, library)
        dataset.raw[category] = facts_list
        for facts in facts_list:
            for variant in range(variants):
                variant_rng = random.Random(f"{seed}:{facts['group_id']}:{variant}")
                dataset.records.append(_record(category, facts, variant, variant_rng, library, story_style))
    # Identical texts are dropped and near-identical ones kept in one family, so that
    # no text, or a near copy of it, can sit on both sides of the train/eval split.
    unique = drop_exact_duplicates(dataset.records)
    dataset.dropped_duplicates = len(dataset.records) - len(unique)
    dataset.records = assign_splits(merge_near_duplicate_families(unique), eval_share, seed)
    return dataset


def _facts(category: str, count: int, rng: random.Random, library: ConditionLibrary) -> list[dict]:
    prefix = _PREFIX[category]
    ids = [f"{prefix}-{i:06d}" for i in range(count)]
    if category == "triage":
        plan = triage_cases.plan_cases(library, count, rng)
        return [triage_cases.case_facts(gid, cond, triage_cases.new_profile(stratum, cond, rng), rng)
                for gid, (stratum, cond) in zip(ids, plan)]
    if category in ("patient_conversation", "benefits_navigation"):
        maker = conversations if category == "patient_conversation" else benefits
        schedule = stratified_schedule(count, rng)
        out = []
        for gid, stratum in zip(ids, schedule):
            profile = make_profile(stratum, rng)
            facts = maker.make_facts(gid, profile, rng)
            facts["demographics"] = profile.demographics()
            out.append(facts)
        return out
    maker = {"lab_interpretation": labs, "risk_stratification": risk, "wearables": wearables}[category]
    return [maker.make_facts(gid, rng) for gid in ids]


def _record(category: str, facts: dict, variant: int, rng: random.Random, library: ConditionLibrary,
            story_style: str = "short") -> Record:
    group_id = facts["group_id"]
    base = {"id": f"{group_id}-v{variant}", "group_id": group_id, "variant": variant, "category": category,
            "family": group_id}
    if category == "triage":
        rendered = triage_cases.render_variant(facts, library, variant, rng, story_style)
        return Record(
            **base,
            task="triage",
            condition=facts["condition"],
            icd10=facts["icd10"],
            severity=facts["priority"],
            evidence_level=library.by_id(facts["condition"]).evidence,
            style=rendered["style"],
            wording=rendered["wording"],
            patient_facing=False,
            demographics={"age_band": facts["age_band"], "sex": facts["sex"],
                          "race_ethnicity": facts["race_ethnicity"]},
            instruction=rendered["instruction"],
            input=rendered["input"],
            output=rendered["output"],
            intake=rendered["intake"],
            target=facts["target"],
        )
    maker = {"lab_interpretation": labs, "risk_stratification": risk, "wearables": wearables,
             "patient_conversation": conversations, "benefits_navigation": benefits}[category]
    rendered = maker.render(facts, variant, rng)
    family = rendered.pop("family", None)
    if family:
        base["family"] = f"{_PREFIX[category]}-{family}"
    return Record(**base, **rendered, demographics=facts.get("demographics"))
