"""Train/eval split by family, so variants of a case never straddle the split.

The unit is the record's ``family`` (its case group, or its topic for
template-based categories). Families are shuffled per category with a
seed-derived stream and the first ``eval_share`` of them go to eval, so every
category is represented in both splits when it has at least two families.
"""

from __future__ import annotations

import random
from collections import defaultdict

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
