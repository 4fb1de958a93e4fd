"""Train/eval split by family, so variants of a case never straddle the split.

The unit is the record's ``family`` (its case group, or its topic for
template-based categories). Families are shuffled per category with a
seed-derived stream and the first ``eval_share`` of them go to eval, so every
category is represented in both splits when it has at least two families.
"""

from __future__ import annotations

import random
from collections import defaultdict

from core.datasets import dedup
from core.datasets.records import Record


def assign_splits(records: list[Record], eval_share: float, seed: int) -> list[Record]:
    """Records with ``split`` set; every record of a family gets the same split."""
    families: dict[str, dict[str, None]] = defaultdict(dict)  # ordered set per category
    for record in records:
        families[record.category][record.family] = None
    eval_families: set[str] = set()
    for category, names in families.items():
        names = sorted(names)
        random.Random(f"{seed}:split:{category}").shuffle(names)
        count = round(len(names) * eval_share)
        if eval_share > 0 and count == 0 and len(names) >= 2:
            count = 1  # a category with few families still gets one in eval
        eval_families.update(names[:count])
    return [r.model_copy(update={"split": "eval" if r.family in eval_families else "train"}) for r in records]


def leaking_families(records: list[Record]) -> list[str]:
    """Families (and groups) found in both splits: must be empty."""
    seen: dict[str, set[str]] = defaultdict(set)
    for record in records:
        seen[record.family].add(record.split or "")
        seen[record.group_id].add(record.split or "")
    return sorted(key for key, splits in seen.items() if {"train", "eval"} <= splits)


def drop_exact_duplicates(records: list[Record]) -> list[Record]:
    """Records without texts identical to an earlier record of another group (the first is kept)."""
    seen: dict[str, str] = {}
    kept = []
    for record in records:
        key = dedup.normalise(record.text())
        owner = seen.setdefault(key, record.group_id)
        if owner == record.group_id:
            kept.append(record)
    return kept


def merge_near_duplicate_families(records: list[Record], threshold: float = 0.85) -> list[Record]:
    """Records whose families are joined wherever two of them hold near-duplicate texts.

    Near-duplicate pairs (MinHash LSH, confirmed by exact Jaccard) link their
    families; each connected component becomes one family named after its
    first member, so near-identical texts always land in the same split.
    """
    parent: dict[str, str] = {r.family: r.family for r in records}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    family_of = {r.id: r.family for r in records}
    pairs = dedup.near_duplicates([r.id for r in records], [r.text() for r in records], threshold,
                                  skip=lambda a, b: family_of[a] == family_of[b])
    for pair in pairs:
        a, b = root(family_of[pair.a]), root(family_of[pair.b])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [r if root(r.family) == r.family else r.model_copy(update={"family": root(r.family)})
            for r in records]
