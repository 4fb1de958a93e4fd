"""What the PHI evaluation-set generators (tests/data/make_phi_*.py) share.

Template filling with span recording (``fill``), the self-check of the spans (``check_row``,
``check_rows``) and the command line that writes the set as JSON lines
(``cli``). The templates, value lists and plans stay in each generator; this
module only does the bookkeeping, so every generator still writes its committed
file byte for byte. The locked sets v1-v4 keep their own generators as committed (a locked
set is written once); locked v5 was written with this module.

For ``fill`` a template is literal text with ``{TYPE}`` / ``{TYPE:variant}`` slots,
which are labelled PHI spans, and ``{=filler}`` slots, which are unlabelled text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SLOT = re.compile(r"(\{[^}]+\})")


def fill(rng: random.Random, template: str, value_of: Callable[[random.Random, str, str], str],
         fillers: dict[str, Callable[[random.Random], str]], *, capitalize_after: tuple[str, ...] | None = None,
         record_value: bool = True) -> tuple[str, list[dict]]:
    """The text of ``template`` with its slots filled, and its labelled spans.

    ``value_of(rng, entity, variant)`` gives a labelled value, ``fillers[name](rng)`` an
    unlabelled one. With ``capitalize_after`` (a tuple, possibly empty) a labelled value
    that opens the text or follows one of those endings is capitalised, and so is the
    text's first letter; without it the text is left as filled. Each span is
    ``{"entity_type", "start", "end"}`` plus ``"value"`` when ``record_value``.
    """
    text, spans = "", []
    for piece in _SLOT.split(template):
        if not (piece.startswith("{") and piece.endswith("}")):
            text += piece
            continue
        key = piece[1:-1]
        if key.startswith("="):
            text += fillers[key[1:]](rng)
            continue
        entity, _, variant = key.partition(":")
        value = value_of(rng, entity, variant)
        if capitalize_after is not None and (not text or text.endswith(capitalize_after)):
            value = value[:1].upper() + value[1:]
        span = {"entity_type": entity, "start": len(text), "end": len(text) + len(value)}
        if record_value:
            span["value"] = value
        spans.append(span)
        text += value
    if capitalize_after is not None:
        text = text[:1].upper() + text[1:]
    return text, spans


def from_table(values: dict[str, Callable[[random.Random, str], str]]) -> Callable[[random.Random, str, str], str]:
    """A ``value_of`` for ``fill`` from a table of ``entity -> f(rng, variant)``."""
    return lambda rng, entity, variant: values[entity](rng, variant)


def check_row(row: dict) -> None:
    """Raises AssertionError unless every span is exact (its ``value``, where recorded, is the text at its
    offsets), non-empty, trimmed and disjoint from the others."""
    spans = sorted(row["spans"], key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:]):
        assert a["end"] <= b["start"], row
    for s in spans:
        covered = row["text"][s["start"]:s["end"]]
        assert covered and covered == covered.strip(), row
        assert s.get("value", covered) == covered, row


def check_rows(rows: list[dict]) -> None:
    """``check_row`` on every row; ids unique; PHI-free ("clean") rows carry no spans."""
    assert len({r["id"] for r in rows}) == len(rows), "duplicate ids"
    for row in rows:
        assert row["kind"] != "clean" or not row["spans"], row["id"]
        check_row(row)


def write_jsonl(rows: Iterable[dict], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def summary(rows: list[dict]) -> str:
    """Rows per kind and spans per entity type, in order of appearance."""
    kinds: dict[str, int] = {}
    counts: dict[str, int] = {}
    for r in rows:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        for s in r["spans"]:
            counts[s["entity_type"]] = counts.get(s["entity_type"], 0) + 1
    return f"{kinds}; {sum(counts.values())} spans: {counts}"


def cli(doc: str, build: Callable[[int], list[dict]], seed: int, out_name: str, argv: list[str] | None = None) -> int:
    """``--seed`` and ``--out`` (default: ``out_name`` next to the generators); builds, checks and writes the set."""
    parser = argparse.ArgumentParser(description=doc.strip().splitlines()[0])
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--out", default=str(HERE / out_name))
    args = parser.parse_args(argv)
    rows = build(args.seed)
    check_rows(rows)
    write_jsonl(rows, args.out)
    print(f"wrote {len(rows)} rows to {args.out}: {summary(rows)}")
    return 0
