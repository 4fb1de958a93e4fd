"""Is a draft usable? A pure, deterministic check of what the nurse would read.

A draft is *usable* when it passes every rule in :data:`RULES`:

========================  =====================================================================
rule                      fails when
========================  =====================================================================
``valid``                 the draft is not valid JSON against the draft schema (nothing else is judged)
``no_instruction_echo``   a line repeats the prompt's own wording (the field outline, the rules, a
                          placeholder such as ``patient_data``)
``no_repetition``         a line is repeated (or is contained in another line), or a line repeats a
                          phrase or a word ("sore throat, sore throat", "cough-cold" three times)
``grounded_concerns``     no key concern names anything the case itself reports (negated findings
                          do not count)
``questions_phrased``     a question does not start like a question and end with "?", or the draft
                          has no question at all
``assessment_sentence``   the preliminary assessment is not a sentence of at least 6 words ending in
                          "." or "!", has no hedged wording ("may", "possible", "consider" ...), or
                          states a diagnosis as fact
========================  =====================================================================

The whole draft is judged: the model's lines and, when the draft carries them,
the lines taken from the cited protocol (:class:`core.triage.protocol.ProtocolLine`).
Protocol key questions that end in "?" count as questions; protocol lines take
part in the echo and repetition rules; key concerns are the model's alone.

The instruction wording is read from where the prompt lives
(``core.triage.assessment.schema_outline`` and the template rendered by
``core.triage.prompt.PromptBuilder``), never copied here. Grounding uses the
clinic's vocabulary (``resources/symptoms.yaml``) for synonyms and negation,
plus shared word stems (see :func:`stem`).

Everything here is pure: the same draft and case text always give the same verdict.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence

from core.triage.protocol import repetition, words

#: Words that carry no content: never a grounding word, never a "content word" of a phrase.
STOP_WORDS = frozenset("""
a an the and or nor but if then than so as of in on at to for from by with without into onto about over under
up down out off per via is are was were be been being am has have had having do does did done can could will
would shall should may might must this that these those it its it's he she they them his her their him we us
our you your i me my who whom whose which what when where why how there here not no any some all each every
one two three four five six seven eight nine ten also very more most less least such other own same just
""".split())

#: Words too general to ground a key concern in the case ("possible", "patient", "pain" alone).
GENERIC_WORDS = STOP_WORDS | frozenset("""
only patient patients person symptom symptoms sign signs history condition conditions concern concerns issue issues
problem problems risk risks factor factors possible possibly likely potential potentially probable suspected
severe mild moderate acute chronic sudden recent new ongoing persistent worsening worse significant
day days hour hours week weeks month months year years old age year-old pain painful
critical high medium low priority urgent emergency assessment preliminary need needs needed care review nurse
""".split())

#: Hedged wording: the language of possibilities.
HEDGES = re.compile(
    r"\b(possibl[ey]|possibility|possibilities|may|might|could|consider(?:ing|ed)?|likely|unlikely|probabl[ey]|"
    r"suggest(?:s|ed|ing|ive)?|cannot (?:be )?(?:exclude[ds]?|ruled? out)|can ?not (?:be )?(?:exclude[ds]?|ruled? out)|"
    r"rule out|ruled out|to exclude|not excluded|concern (?:for|of)|suspect(?:ed)?|perhaps|differential|"
    r"in keeping with|appears?|seems?)\b", re.I)

#: How a question may start (an interrogative, an auxiliary verb, or the nurse's "any ...?").
QUESTION_STARTS = frozenset("""
what when where which who whom whose why how is are was were am do does did has have had can could will would
shall should may might any anyone anything ever since
""".split())

#: Words a question may open with before its question word ("In the last week, have you ...").
QUESTION_OPENERS = frozenset("in on over during after before since exactly roughly about at for".split())
#: How far into the question its question word may come after such an opener.
QUESTION_OPENER_REACH = 6

#: The shortest preliminary assessment that counts as a real sentence.
MIN_ASSESSMENT_WORDS = 6
#: A clinical sentence may begin with the patient's age ("58-year-old man with ...").
AGE_START = re.compile(r"\d{1,3}[- ](?:year|month|week|day)s?[- ]old\b", re.I)

_IDENTIFIER = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
_SENTENCE_SPLIT = re.compile(r"(?<!\d)[.;!?](?!\d)")


# ----------------------------------------------------------------- verdict
@dataclass(frozen=True)
class RuleFailure:
    """One failed rule: its name, the offending text from the draft and what is wrong with it."""

    rule: str
    text: str
    detail: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "text": self.text, "detail": self.detail}


@dataclass(frozen=True)
class DraftVerdict:
    """The check's answer: usable, or the failed rules (one entry per rule) with the offending text."""

    usable: bool
    failures: tuple[RuleFailure, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Names of the failed rules, in :data:`RULES` order."""
        return tuple(f.rule for f in self.failures)

    def failure(self, rule: str) -> RuleFailure | None:
        return next((f for f in self.failures if f.rule == rule), None)

    def as_dict(self) -> dict[str, Any]:
        return {"usable": self.usable, "failures": [f.as_dict() for f in self.failures]}


@dataclass(frozen=True)
class DraftLines:
    """The text of a draft as the nurse reads it (the model's fields and the protocol's lines)."""

    key_concerns: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    assessment: str = ""
    protocol_questions: tuple[str, ...] = ()
    protocol_warnings: tuple[str, ...] = ()

    def model_lines(self) -> list[str]:
        """What the model wrote: its key concerns, questions and assessment."""
        return [*self.key_concerns, *self.questions, *([self.assessment] if self.assessment else [])]

    def all_lines(self) -> list[str]:
        return [*self.model_lines(), *self.protocol_questions, *self.protocol_warnings]


@dataclass(frozen=True)
class CaseFacts:
    """What grounding needs from the case: asserted word stems, vocabulary concepts and vital signs."""

    stems: frozenset[str]
    concepts: frozenset[str]
    vitals: frozenset[tuple[str, float]] = frozenset()


@dataclass(frozen=True)
class Rule:
    """One row of the rule table: a name and a check returning (offending text, detail) pairs."""

    name: str
    check: Callable[[DraftLines, CaseFacts], list[tuple[str, str]]]

    @property
    def summary(self) -> str:
        """The first line of the check's docstring (for reports and the README)."""
        return (self.check.__doc__ or "").strip().splitlines()[0]


# ----------------------------------------------------------------- words
def stem(word: str) -> str:
    """A crude stem: the first 5 letters of a longer word, else the word without a plural "s".

    Truncation keeps "breathing"/"breathless", "vomiting"/"vomited", "abdominal"/"abdomen",
    "diarrhoea"/"diarrhea" together without a stemming library.
    """
    word = word.strip("'")
    if len(word) >= 5:
        return word[:5]
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def content_stems(text: str) -> set[str]:
    """Stems of a text's words that carry meaning (stop words and generic words left out)."""
    return _content_stems(text)


def _content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in GENERIC_WORDS and len(w) >= 3 and not w.replace(".", "").isdigit()}


# ----------------------------------------------------------------- the prompt's own wording
class _Counter:
    """Stands in for a model engine to render the prompt text (no tokens, no chat template)."""

    n_ctx = 1 << 30

    def count_tokens(self, text: str) -> int:
        return 0

    def chat_prompt(self, system: str, user: str) -> str:
        return f"{system}\n{user}"


@dataclass(frozen=True)
class Instructions:
    """The prompt's wording a draft must not repeat."""

    #: Word sequences of the outline's field descriptions ("up to 3 short phrases", ...).
    outline: tuple[tuple[str, ...], ...]
    #: Every 5-word sequence of the instructions with at least two content words.
    grams: frozenset[tuple[str, ...]]
    #: Identifiers in the prompt (field names, data delimiters such as ``patient_data``).
    identifiers: frozenset[str]


def outline_descriptions(outline: str) -> list[str]:
    """The field descriptions of the prompt's schema outline (the enum of priorities left out)."""
    body = outline.strip().lstrip("{").rstrip("}")
    parts = re.split(r'(?:^|,\s*)"(\w+)"\s*:\s*', body)
    out = []
    for name, description in zip(parts[1::2], parts[2::2]):
        description = description.strip().strip("[]").strip('"').strip()
        if description and "|" not in description:
            out.append(description)
    return out


@lru_cache(maxsize=1)
def instructions() -> Instructions:
    """The prompt's wording, read from the outline and the rendered template (computed once)."""
    from core.triage.assessment import schema_outline
    from core.triage.prompt import DATA_CLOSE, DATA_OPEN, PromptBuilder

    sentinel = "PRESCREENCASEDATA"
    text = PromptBuilder(_Counter(), answer_tokens=0, passage_budget=None).build(sentinel).text
    text = text.replace(sentinel, " ")
    outline = tuple(tuple(words(d)) for d in outline_descriptions(schema_outline()))
    tokens = words(text)
    grams = frozenset(tuple(tokens[i:i + 5]) for i in range(len(tokens) - 4)
                      if sum(w not in STOP_WORDS for w in tokens[i:i + 5]) >= 2)
    identifiers = set(_IDENTIFIER.findall(text.lower())) | {
        w for d in (DATA_OPEN, DATA_CLOSE) for w in _IDENTIFIER.findall(d.lower())}
    return Instructions(outline=outline, grams=grams, identifiers=frozenset(identifiers))


def echoed_phrase(line: str, wording: Instructions | None = None) -> str | None:
    """The prompt wording a line repeats, or None.

    A line echoes the prompt when it contains a prompt identifier (``key_concerns``,
    ``patient_data``), a run of 3+ consecutive words of an outline description with a content
    word in it ("or two sentences", "3 short phrases"), two content words that stand side by
    side in a description ("short phrases", "possibilities only"), or any 5 consecutive words of the
    instructions with two content words in them.
    """
    wording = wording or instructions()
    lowered = line.lower()
    for identifier in _IDENTIFIER.findall(lowered):
        if identifier in wording.identifiers:
            return identifier
    tokens = words(line)
    joined = f" {' '.join(tokens)} "
    for description in wording.outline:
        size = len(description)
        for length in range(size, 2, -1):
            for start in range(size - length + 1):
                run = description[start:start + length]
                if any(w not in STOP_WORDS for w in run) and f" {' '.join(run)} " in joined:
                    return " ".join(run)
        for a, b in zip(description, description[1:]):
            if a not in STOP_WORDS and b not in STOP_WORDS and f" {a} {b} " in joined:
                return f"{a} {b}"
    for i in range(len(tokens) - 4):
        if tuple(tokens[i:i + 5]) in wording.grams:
            return " ".join(tokens[i:i + 5])
    return None


def repeated_phrase(line: str) -> str | None:
    """A phrase or word a single line repeats, or None.

    Within one sentence of the line: a token 3+ times in a row, a content word 3+ times,
    a run of two content words twice ("sore throat, sore throat"), or any 3 words twice.
    """
    for sentence in _SENTENCE_SPLIT.split(line):
        tokens = words(sentence)
        for i in range(len(tokens) - 2):
            if tokens[i] == tokens[i + 1] == tokens[i + 2]:
                return " ".join(tokens[i:i + 3])
        counts = Counter(w for w in tokens if w not in STOP_WORDS and len(w) >= 3)
        for word, count in counts.items():
            if count >= 3:
                return f"{word} ({count} times)"
        pairs = Counter(tuple(tokens[i:i + 2]) for i in range(len(tokens) - 1)
                        if tokens[i] not in STOP_WORDS and tokens[i + 1] not in STOP_WORDS)
        triples = Counter(tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2))
        for gram, count in [*pairs.items(), *triples.items()]:
            if count >= 2:
                return " ".join(gram)
    return None


# ----------------------------------------------------------------- the case
def case_facts(case_text: str, negatives: Iterable[str] = ()) -> CaseFacts:
    """What the case asserts: stems of its words and vocabulary concepts, negated findings left out.

    Args:
        case_text: the case as the model saw it (story, symptoms, history, vital signs).
        negatives: findings the case denies (an intake's ``negatives``), left out wherever they appear.
    """
    return _case_facts(case_text, tuple(negatives))


@lru_cache(maxsize=256)
def _case_facts(case_text: str, negatives: tuple[str, ...]) -> CaseFacts:
    from core.triage.lexicon import Lexicon

    mentions = Lexicon.load_default().find(case_text)
    text = list(case_text)
    for mention in mentions:
        if mention.status == "negated":
            text[mention.start:mention.end] = " " * (mention.end - mention.start)
    kept = "".join(text)
    for negative in negatives:
        if negative.strip():
            kept = re.sub(re.escape(negative.strip()), " ", kept, flags=re.I)
    denied = {m.concept for m in mentions if m.status == "negated"}
    asserted = {m.concept for m in mentions if m.status != "negated"}
    for negative in negatives:
        denied |= {m.concept for m in Lexicon.load_default().find(negative)}
    return CaseFacts(stems=frozenset(_content_stems(kept)), concepts=frozenset(asserted - denied),
                     vitals=_vital_signs(case_text))


def _vital_signs(text: str) -> frozenset[tuple[str, float]]:
    """(vital sign, value) pairs a text states, as the intake reads them ("RR 30" = "respiratory rate 30")."""
    from core.triage.lexicon import normalise
    from core.triage.story import find_vitals

    return frozenset(find_vitals(normalise(text))[0].items())


def grounded(concern: str, facts: CaseFacts) -> bool:
    """True when a key concern names something the case asserts.

    Either a content word of the concern shares a stem (:func:`stem`) with a word of the
    case outside its negated findings, or the concern names a vocabulary concept
    (``resources/symptoms.yaml``: "shortness of breath" = "dyspnoea") that the case asserts.
    Generic words ("possible", "patient", "severe", "pain" alone) ground nothing. A vital
    sign grounds a concern when the case states it with the same value ("oxygen saturation
    89%" for "SpO2 89%"; "respiratory rate 128" does not match "HR 128").
    """
    from core.triage.lexicon import Lexicon

    if _content_stems(concern) & facts.stems:
        return True
    if _vital_signs(concern) & facts.vitals:
        return True
    named = {m.concept for m in Lexicon.load_default().find(concern) if m.status != "negated"}
    return bool(named & facts.concepts)


# ----------------------------------------------------------------- the rules
def rule_no_instruction_echo(draft: DraftLines, facts: CaseFacts) -> list[tuple[str, str]]:
    """No line repeats the prompt's own wording (outline, rules, placeholders)."""
    wording = instructions()
    out = []
    for line in draft.all_lines():
        phrase = echoed_phrase(line, wording)
        if phrase:
            out.append((line, f"repeats the prompt: '{phrase}'"))
    return out


def rule_no_repetition(draft: DraftLines, facts: CaseFacts) -> list[tuple[str, str]]:
    """No line twice (or inside another line), no phrase or word repeated within a line.

    The assessment sentence may restate a key concern ("58-year-old man with pressure-like chest
    pain; may suggest ..."): that is how a clinician's summary reads, not a repeated item.
    """
    out = []
    lines = [line for line in draft.all_lines() if line.strip()]
    concerns = set(draft.key_concerns)
    for j, line in enumerate(lines):
        for earlier in lines[:j]:
            how = repetition(line, earlier)
            if how == "inside" and line == draft.assessment and earlier in concerns:
                continue
            if how:
                out.append((line, "the same line appears twice" if how == "same" else f"repeats another line: '{earlier}'"))
                break
    # Within-line repetition is the model's failure mode; a protocol's own wording ("SpO2 below 92%,
    # systolic BP below 90 ... or below 40") is the clinic's text and only counts when it is doubled.
    for line in (line for line in draft.model_lines() if line.strip()):
        phrase = repeated_phrase(line)
        if phrase:
            out.append((line, f"repeats '{phrase}'"))
    return out


def rule_grounded_concerns(draft: DraftLines, facts: CaseFacts) -> list[tuple[str, str]]:
    """At least one key concern names a finding the case itself reports."""
    concerns = [c for c in draft.key_concerns if c.strip()]
    if not concerns:
        return [("", "no key concerns")]
    if any(grounded(c, facts) for c in concerns):
        return []
    return [("; ".join(concerns), "no key concern names anything in the case")]


def rule_questions_phrased(draft: DraftLines, facts: CaseFacts) -> list[tuple[str, str]]:
    """Every question starts like a question and ends with "?"; the draft asks at least one."""
    out = [(q, "not phrased as a question") for q in draft.questions if not is_question(q)]
    asked = [q for q in draft.questions if is_question(q)] + [q for q in draft.protocol_questions
                                                             if q.rstrip().endswith("?")]
    if not asked and not out:
        out.append(("", "no questions to ask"))
    return out


def rule_assessment_sentence(draft: DraftLines, facts: CaseFacts) -> list[tuple[str, str]]:
    """The assessment is a real sentence (6+ words, ends in "." or "!") in hedged wording, no diagnosis as fact."""
    text = draft.assessment.strip()
    if not text:
        return [("", "no preliminary assessment")]
    problems = []
    if len(words(text)) < MIN_ASSESSMENT_WORDS or sum(w not in STOP_WORDS for w in words(text)) < 3:
        problems.append(f"fewer than {MIN_ASSESSMENT_WORDS} words or 3 content words")
    if not (text[0].isalpha() or AGE_START.match(text)):
        problems.append("does not start with a word")
    if not text.endswith((".", "!")):
        problems.append("does not end a sentence")
    if not HEDGES.search(text):
        problems.append("no hedged wording (may, possible, consider, ...)")
    diagnosis = _diagnosis_as_fact(text)
    if diagnosis:
        problems.append(f"states a diagnosis as fact: '{diagnosis}'")
    return [(text, "; ".join(problems))] if problems else []


#: The rule table, in the order failures are reported ("valid" comes first and stops the rest).
RULES: tuple[Rule, ...] = (
    Rule("no_instruction_echo", rule_no_instruction_echo),
    Rule("no_repetition", rule_no_repetition),
    Rule("grounded_concerns", rule_grounded_concerns),
    Rule("questions_phrased", rule_questions_phrased),
    Rule("assessment_sentence", rule_assessment_sentence),
)
VALID_RULE = "valid"
RULE_NAMES: tuple[str, ...] = (VALID_RULE,) + tuple(r.name for r in RULES)


def is_question(text: str) -> bool:
    """Ends with "?" and starts with an interrogative or auxiliary word ("When", "Is", "Any"), or
    with a short time or manner phrase before one ("In the last month did ...", "On how many days ...",
    "Exactly how many hours ago ...")."""
    stripped = text.strip().strip("\"'“”-•* ")
    tokens = words(stripped)
    if not tokens or not stripped.endswith("?"):
        return False
    if tokens[0] in QUESTION_STARTS:
        return True
    return tokens[0] in QUESTION_OPENERS and any(t in QUESTION_STARTS for t in tokens[1:QUESTION_OPENER_REACH])


def _diagnosis_as_fact(text: str) -> str | None:
    """The definitive-diagnosis wording the safety checks find in ``text`` (their rule, not a copy)."""
    from core.safety.checks import DraftContext, check_diagnosis_language
    from core.triage.assessment import REVIEW_STATEMENT, ModelDraft
    from core.triage.priority import Priority

    draft = ModelDraft(priority=Priority.MEDIUM, confidence=0.5, preliminary_assessment=text)
    findings = check_diagnosis_language(DraftContext(
        draft=draft, model_priority=Priority.MEDIUM, floor=None, final_priority=Priority.MEDIUM, confidence=0.5,
        review_statement=REVIEW_STATEMENT, requires_nurse_review=True, patient_text=""))
    return findings[0].evidence if findings else None


# ----------------------------------------------------------------- reading a draft
def _schema_problem(data: Mapping[str, Any]) -> str | None:
    """Lengths and counts the draft schema sets (the parser checks the rest)."""
    from core.triage.assessment import DRAFT_SCHEMA

    for name, spec in DRAFT_SCHEMA["properties"].items():
        value = data.get(name)
        if spec.get("type") == "string" and isinstance(value, str) and len(value) > spec.get("maxLength", 1 << 30):
            return f"{name} is longer than {spec['maxLength']} characters"
        if spec.get("type") == "array" and isinstance(value, list):
            if len(value) > spec.get("maxItems", 1 << 30):
                return f"{name} has more than {spec['maxItems']} items"
            limit = spec.get("items", {}).get("maxLength")
            if limit is not None and any(isinstance(v, str) and len(v) > limit for v in value):
                return f"an item of {name} is longer than {limit} characters"
    return None


def read_draft(draft: Any) -> tuple[DraftLines | None, str | None]:
    """The draft's lines, or (None, why it is not valid).

    Args:
        draft: the model's raw text, a JSON object (dict), a ``ModelDraft`` or an ``Assessment``
            (whose ``json_valid`` says whether the model's text was valid; its protocol lines
            are judged with it).
    """
    from core.triage.assessment import Assessment, ModelDraft, parse_draft

    protocol: Sequence[Any] = ()
    if isinstance(draft, Assessment):
        if not draft.json_valid or draft.model_priority is None:
            return None, draft.model_failure or "the model wrote no valid draft"
        protocol = draft.protocol_lines
        data = {"priority": draft.model_priority.label, "confidence": draft.confidence,
                "key_concerns": draft.key_concerns, "questions_to_ask": draft.questions_to_ask,
                "preliminary_assessment": draft.preliminary_assessment, "cited_passages": draft.cited_passages}
    elif isinstance(draft, ModelDraft):
        data = json.loads(draft.model_dump_json())
    elif isinstance(draft, Mapping):
        data = dict(draft)
    elif isinstance(draft, str):
        parsed = parse_draft(draft)
        if parsed.draft is None:
            return None, parsed.error
        data = json.loads(draft)
    elif draft is None:
        return None, "no draft"
    else:
        raise TypeError(f"cannot judge a {type(draft).__name__} as a draft")
    if not isinstance(draft, (str, Assessment, ModelDraft)):
        parsed = parse_draft(json.dumps(data))
        if parsed.draft is None:
            return None, parsed.error
    problem = _schema_problem(data)
    if problem:
        return None, f"schema mismatch: {problem}"
    lines = DraftLines(
        key_concerns=tuple(data.get("key_concerns") or ()), questions=tuple(data.get("questions_to_ask") or ()),
        assessment=data.get("preliminary_assessment") or "",
        protocol_questions=tuple(p.text for p in protocol if p.kind == "key_question"),
        protocol_warnings=tuple(p.text for p in protocol if p.kind == "warning_sign"))
    return lines, None


def check_draft(draft: Any, case_text: str, *, negatives: Iterable[str] = (),
                rules: Sequence[Rule] = RULES) -> DraftVerdict:
    """Judge one draft against the case it was written for.

    Args:
        draft: what :func:`read_draft` accepts (raw text, dict, ``ModelDraft`` or ``Assessment``).
        case_text: the case as the model saw it (for grounding key concerns).
        negatives: findings the case denies (an intake's ``negatives``).
        rules: the rules to apply (default: all of :data:`RULES`).

    Returns:
        The verdict: usable, or one :class:`RuleFailure` per failed rule with the offending text.
    """
    lines, problem = read_draft(draft)
    if lines is None:
        return DraftVerdict(False, (RuleFailure(VALID_RULE, "", problem or "not valid"),))
    facts = case_facts(case_text, negatives)
    failures = []
    for rule in rules:
        found = rule.check(lines, facts)
        if found:
            more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
            failures.append(RuleFailure(rule.name, found[0][0], found[0][1] + more))
    return DraftVerdict(not failures, tuple(failures))


def check_case(assessment: Any, intake: Any) -> DraftVerdict:
    """:func:`check_draft` for an assessment of an intake (the case text as the model saw it)."""
    from core.triage.pipeline import patient_text

    return check_draft(assessment, patient_text(intake), negatives=getattr(intake, "negatives", ()))


def rule_table() -> list[tuple[str, str]]:
    """(name, what it requires) for every rule, "valid" first (for reports and the README)."""
    return [(VALID_RULE, "The draft is valid JSON against the draft schema (else no other rule is judged).")] + [
        (r.name, r.summary) for r in RULES]


def failure_counts(verdicts: Iterable[DraftVerdict | None]) -> dict[str, int]:
    """How many drafts failed each rule (every rule listed, 0 included)."""
    counts = dict.fromkeys(RULE_NAMES, 0)
    for verdict in verdicts:
        if verdict is not None:
            for name in verdict.reasons:
                counts[name] += 1
    return counts


__all__ = ["DraftVerdict", "RuleFailure", "RULES", "RULE_NAMES", "check_draft", "check_case", "failure_counts",
           "rule_table"]
