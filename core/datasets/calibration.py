"""Calibration sets for quantization (llama.cpp imatrix and similar).

A calibration set is plain domain text the quantizer runs through the model
to see which weights matter. It is drawn from the clinic's synthetic data and
the guideline knowledge base (``resources/guidelines/*.md``), mixed by
purpose, filtered to a token-length window, and described by a statistics
file with a quality verdict.

Mixes (target share of samples per source):

* ``clinical``: triage cases first (the model's main job), some guidelines and dialogue.
* ``qa``: question-answer pairs (labs, risk, benefits, wearables, education).
* ``documentation``: guideline text first, plus clinician-style triage notes.
"""

from __future__ import annotations

import json
import random
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from core.datasets.records import Record
from core.datasets.tokens import TokenCounter
from core.errors import ValidationError

MIXES: dict[str, dict[str, float]] = {
    "clinical": {"triage": 0.6, "guidelines": 0.2, "conversation": 0.2},
    "qa": {"qa": 0.6, "conversation": 0.2, "guidelines": 0.2},
    "documentation": {"guidelines": 0.6, "triage": 0.3, "qa": 0.1},
}
GUIDELINES = Path(__file__).resolve().parents[2] / "resources" / "guidelines"
MIN_MEDICAL_SHARE = 0.12  # heuristic floor: below it the text is not recognisably clinical
MAX_MIX_DEVIATION = 0.10  # a source's share may differ from its target by this much
_WORD = re.compile(r"[a-z][a-z\-]{3,}")
_STOP = frozenset("""with that this have from your they their there what when which will would about been
into more than then them these those were where while other some such only also very just over after before
does each because being make much many most must need call take come said like time days hours minutes""".split())


@dataclass
class CalibrationSet:
    mix: str
    samples: list[dict]  # {"source", "text", "tokens"}
    stats: dict


def check_mix(mix: str) -> str:
    if mix not in MIXES:
        raise ValidationError("mix", f"'{mix}' is not a calibration mix", f"use one of {', '.join(MIXES)}")
    return mix


def record_sources(records: list[Record]) -> dict[str, list[str]]:
    """Candidate texts per source from synthetic records (canonical variants and their augmentations)."""
    sources: dict[str, list[str]] = {"triage": [], "qa": [], "conversation": []}
    for r in records:
        if r.category == "triage":
            sources["triage"].append(f"{r.instruction}\n{r.input}\n{r.output}")
        elif r.messages:
            sources["conversation"].append("\n".join(f"{m.role.capitalize()}: {m.content}"
                                                     for m in r.messages if m.role != "system"))
        else:
            sources["qa"].append(f"Question: {r.instruction}\n{r.input}\nAnswer: {r.output}".replace("\n\n", "\n"))
    return sources


def guideline_passages(folder: Path = GUIDELINES) -> list[str]:
    """Guideline text split at section headings (front matter removed)."""
    passages = []
    for path in sorted(Path(folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("---", 2)[-1]
        for section in re.split(r"\n(?=#{1,3} )", text):
            if section.strip():
                passages.append(section.strip())
    return passages


def windows(texts: list[str], counter: TokenCounter, min_tokens: int, max_tokens: int) -> list[tuple[str, int]]:
    """Texts within [min, max] tokens; short neighbours are joined until they reach the minimum."""
    out, buffer = [], ""
    for text, tokens in zip(texts, counter.count(texts)):
        if min_tokens <= tokens <= max_tokens:
            out.append((text, tokens))
            continue
        if tokens > max_tokens:
            continue
        buffer = f"{buffer}\n\n{text}" if buffer else text
        joined = counter.count([buffer])[0]
        if joined >= min_tokens:
            if joined <= max_tokens:
                out.append((buffer, joined))
            buffer = ""
    return out


def medical_vocabulary() -> frozenset[str]:
    """Words of the clinic's own clinical vocabulary: the condition library and the symptom lexicon."""
    from core.datasets.conditions import load_library

    library = load_library()
    words: set[str] = set()
    for c in library.conditions:
        for text in (c.name, c.assessment, *c.key_concerns, *c.medications, *c.history, *c.symptoms):
            words.update(_WORD.findall(text.lower()))
    for name, phrasing in library.symptoms.items():
        for text in (name, *phrasing.clinical):
            words.update(_WORD.findall(text.lower()))
    return frozenset(words - _STOP)


def build(mix: str, records: list[Record], counter: TokenCounter, *, samples: int = 512, min_tokens: int = 64,
          max_tokens: int = 512, seed: int = 0, guidelines: Path = GUIDELINES) -> CalibrationSet:
    """Draw a calibration set.

    Raises:
        ValidationError: unknown mix or an impossible token window.
    """
    check_mix(mix)
    if samples < 1:
        raise ValidationError("samples", f"{samples} is not a positive count", "use --samples 1 or more")
    if not 1 <= min_tokens <= max_tokens:
        raise ValidationError("min-tokens", f"window {min_tokens}-{max_tokens} is empty",
                              "use 1 <= --min-tokens <= --max-tokens")
    rng = random.Random(f"{seed}:calibration:{mix}")
    raw = record_sources(records)
    raw["guidelines"] = guideline_passages(guidelines)
    chosen: list[dict] = []
    shortfall = {}
    targets = _targets(MIXES[mix], samples)
    for source, wanted in targets.items():
        candidates = raw.get(source, [])
        rng.shuffle(candidates)
        # Only look at enough candidates to fill the quota (tokenizing everything is wasted work).
        eligible = windows(candidates[: max(wanted * 4, 200)], counter, min_tokens, max_tokens)
        picked = eligible[:wanted]
        if len(picked) < wanted:
            shortfall[source] = wanted - len(picked)
        chosen += [{"source": source, "text": text, "tokens": tokens} for text, tokens in picked]
    rng.shuffle(chosen)
    stats = statistics_of(mix, chosen, samples, min_tokens, max_tokens, counter, shortfall, len(raw["guidelines"]))
    return CalibrationSet(mix, chosen, stats)


def _targets(shares: dict[str, float], samples: int) -> dict[str, int]:
    counts = {s: int(samples * w) for s, w in shares.items()}
    for source in sorted(shares, key=lambda s: samples * shares[s] - counts[s], reverse=True):
        if sum(counts.values()) >= samples:
            break
        counts[source] += 1
    return counts


def statistics_of(mix: str, chosen: list[dict], wanted: int, min_tokens: int, max_tokens: int,
                  counter: TokenCounter, shortfall: dict, guideline_count: int) -> dict:
    lengths = sorted(s["tokens"] for s in chosen)
    vocabulary = medical_vocabulary()
    words = [w for s in chosen for w in _WORD.findall(s["text"].lower()) if w not in _STOP]
    medical_share = sum(1 for w in words if w in vocabulary) / len(words) if words else 0.0
    mix_actual = {src: round(sum(1 for s in chosen if s["source"] == src) / max(1, len(chosen)), 3)
                  for src in MIXES[mix]}
    deviation = max((abs(mix_actual[s] - MIXES[mix][s]) for s in MIXES[mix]), default=0.0)
    distinct = len({s["text"] for s in chosen})
    problems = []
    if len(chosen) < wanted:
        problems.append(f"only {len(chosen)} of {wanted} samples fit {min_tokens}-{max_tokens} tokens")
    if deviation > MAX_MIX_DEVIATION:
        problems.append(f"source mix is off target by {deviation:.2f}")
    if medical_share < MIN_MEDICAL_SHARE:
        problems.append(f"medical vocabulary share {medical_share:.2f} is below {MIN_MEDICAL_SHARE}")
    if distinct < len(chosen):
        problems.append(f"{len(chosen) - distinct} duplicate samples")
    if not counter.exact:
        problems.append("token lengths are estimates (exact tokenizer unavailable)")
    verdict = "good" if not problems else "usable with caveats" if len(chosen) >= wanted * 0.9 else "poor"

    def pct(q: float) -> int:
        return lengths[min(len(lengths) - 1, int(q * len(lengths)))] if lengths else 0

    return {
        "mix": mix, "samples": len(chosen), "requested": wanted, "min_tokens": min_tokens, "max_tokens": max_tokens,
        "tokenizer": counter.name, "exact_tokens": counter.exact, "total_tokens": sum(lengths),
        "length": {"min": lengths[0] if lengths else 0, "p10": pct(0.1), "p50": pct(0.5), "p90": pct(0.9),
                   "max": lengths[-1] if lengths else 0,
                   "mean": round(statistics.fmean(lengths), 1) if lengths else 0},
        "source_mix_target": MIXES[mix], "source_mix": mix_actual, "shortfall": shortfall,
        "guideline_passages_available": guideline_count, "medical_vocabulary_share": round(medical_share, 3),
        "distinct_samples": distinct, "verdict": verdict, "problems": problems,
    }


def write(cal: CalibrationSet, folder: Path, stem: str) -> dict[str, Path]:
    """``stem.txt`` (samples separated by blank lines, for llama.cpp), ``.jsonl`` and ``.stats.json``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"text": folder / f"{stem}.txt", "jsonl": folder / f"{stem}.jsonl", "stats": folder / f"{stem}.stats.json"}
    paths["text"].write_text("\n\n".join(s["text"] for s in cal.samples) + "\n", encoding="utf-8")
    with paths["jsonl"].open("w", encoding="utf-8") as handle:
        for sample in cal.samples:
            handle.write(json.dumps(sample, ensure_ascii=False) + "\n")
    paths["stats"].write_text(json.dumps(cal.stats, indent=1), encoding="utf-8")
    return paths
