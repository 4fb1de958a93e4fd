"""The draft check (core/evaluation/drafts.py): each rule from a table, then its wiring.

The tables hold drafts a nurse could use and drafts the reviewer of issue 13
found (the prompt's outline written back as content, "sore throat, sore
throat", "cough-cold" three times, concerns about nothing in the case,
"questions" that are not questions). The wiring tests run the check where it
is reported: the evaluation runner (stored per case, summarised, reported),
monitoring of live drafts, and `prescreen eval` with the real default model.
"""

from __future__ import annotations

import json

import pytest

from conftest import ADMIN, ADMIN_PASSWORD
from core.evaluation import drafts
from core.evaluation.drafts import check_draft
from core.triage.assessment import Assessment
from core.triage.priority import Priority
from core.triage.protocol import ProtocolLine

CHEST = ("A 58-year-old man presents with 40 minutes of crushing central chest pain radiating to his left arm, "
         "with sweating and nausea. No fever. He vomited once. BP 150/92, HR 104.")
THROAT = "A 24-year-old woman has had a sore throat and a runny nose for 3 days. She feels tired."
BREATH = "A 70-year-old man with worsening dyspnoea over two days and ankle oedema."

GOOD = {
    "priority": "Critical", "confidence": 0.6,
    "key_concerns": ["Crushing chest pain with sweating", "Pain radiating to the left arm"],
    "questions_to_ask": ["When did the pain start?", "Any shortness of breath?"],
    "preliminary_assessment": "Chest pain with sweating may suggest an acute coronary syndrome; consider an ECG.",
    "cited_passages": [],
}


def draft(**changes) -> dict:
    return {**GOOD, **changes}


# ----------------------------------------------------------------- the whole verdict, rule by rule
VERDICTS = [
    # (name, draft, case text, rules that fail)
    ("a usable draft", draft(), CHEST, set()),
    # the reviewer's drafts: the outline written back as content
    ("outline as content", draft(key_concerns=["up to 3 short phrases"],
                                 questions_to_ask=["up to 3 questions for the nurse to ask"],
                                 preliminary_assessment="one or two sentences, possibilities only"), CHEST,
     {"no_instruction_echo", "grounded_concerns", "questions_phrased", "assessment_sentence"}),
    ("two outline words among real concerns", draft(key_concerns=["Crushing chest pain", "short phrases"]), CHEST,
     {"no_instruction_echo"}),
    ("a prompt placeholder as a question", draft(questions_to_ask=["patient_data", "When did it start?"]), CHEST,
     {"no_instruction_echo", "questions_phrased"}),
    ("a prompt rule copied into the assessment",
     draft(preliminary_assessment="Choose the priority from the symptoms and vital signs; chest pain may suggest "
                                  "a cardiac cause."), CHEST, {"no_instruction_echo"}),
    ("the confidence description", draft(key_concerns=["Chest pain", "a number from 0.1 to 1.0"]), CHEST,
     {"no_instruction_echo"}),
    # repetition
    ("sore throat, sore throat", draft(key_concerns=["sore throat, sore throat, runny nose"],
                                       preliminary_assessment="A sore throat with a runny nose may suggest a viral "
                                                              "infection."), THROAT, {"no_repetition"}),
    ("cough-cold three times", draft(key_concerns=["cough-cold, cough-cold symptoms, cough-cold", "sore throat"],
                                     preliminary_assessment="A sore throat may suggest a viral infection."), THROAT,
     {"no_repetition"}),
    ("the same concern twice", draft(key_concerns=["Chest pain", "chest pain."]), CHEST, {"no_repetition"}),
    ("a question repeated as a concern", draft(key_concerns=["Chest pain", "When did the pain start"]), CHEST,
     {"no_repetition"}),
    ("a word three times in a row", draft(key_concerns=["Chest pain pain pain"]), CHEST, {"no_repetition"}),
    ("the assessment restates a key concern, as a clinical summary does",
     draft(key_concerns=["Crushing central chest pain", "Sweating and nausea"],
           preliminary_assessment="58-year-old man with crushing central chest pain; may suggest an acute coronary "
                                  "syndrome."), CHEST, set()),
    ("a question that holds a key concern still repeats it",
     draft(key_concerns=["Crushing central chest pain"], questions_to_ask=["Is the crushing central chest pain constant?"]),
     CHEST, {"no_repetition"}),
    ("the assessment holding a question still repeats it",
     draft(questions_to_ask=["Any pain radiating to the arm?"],
           preliminary_assessment="Any pain radiating to the arm may suggest a cardiac cause."), CHEST,
     {"no_repetition"}),
    # grounding
    ("concerns about nothing in the case", draft(key_concerns=["Possible infection", "Dehydration risk"]), CHEST,
     {"grounded_concerns"}),
    ("generic words ground nothing", draft(key_concerns=["Severe pain", "Patient history"]), CHEST,
     {"grounded_concerns"}),
    ("a synonym from the vocabulary grounds", draft(key_concerns=["Shortness of breath"],
                                                   preliminary_assessment="Breathlessness with swollen ankles may "
                                                                          "suggest heart failure."), BREATH, set()),
    ("a shared stem grounds", draft(key_concerns=["Vomiting"]), CHEST, set()),
    ("a negated finding does not ground", draft(key_concerns=["Fever"]), CHEST, {"grounded_concerns"}),
    ("no key concerns", draft(key_concerns=[]), CHEST, {"grounded_concerns"}),
    ("a vital sign the case states, by its full name", draft(key_concerns=["Heart rate 104"]), CHEST, set()),
    ("a vital sign with another value does not ground", draft(key_concerns=["Heart rate 140"]), CHEST,
     {"grounded_concerns"}),
    ("a value under another vital sign's name does not ground", draft(key_concerns=["Respiratory rate 104"]), CHEST,
     {"grounded_concerns"}),
    # questions
    ("an instruction instead of a question", draft(questions_to_ask=["Ask about the onset"]), CHEST,
     {"questions_phrased"}),
    ("a question without its question mark", draft(questions_to_ask=["When did it start"]), CHEST,
     {"questions_phrased"}),
    ("a topic with a question mark", draft(questions_to_ask=["Onset?"]), CHEST, {"questions_phrased"}),
    ("no questions at all", draft(questions_to_ask=[]), CHEST, {"questions_phrased"}),
    # the assessment
    ("a fragment", draft(preliminary_assessment="Possible ACS."), CHEST, {"assessment_sentence"}),
    ("no hedged wording", draft(preliminary_assessment="Chest pain with sweating needs an ECG and a physician now."),
     CHEST, {"assessment_sentence"}),
    ("a diagnosis as fact", draft(preliminary_assessment="This is definitely a heart attack; it may need an ECG."),
     CHEST, {"assessment_sentence"}),
    ("cut off mid-sentence", draft(preliminary_assessment="Chest pain with sweating may suggest an acute coronary"),
     CHEST, {"assessment_sentence"}),
    ("no assessment", draft(preliminary_assessment=""), CHEST, {"assessment_sentence"}),
    ("starting with punctuation", draft(preliminary_assessment="], chest pain with sweating may suggest ACS."),
     CHEST, {"assessment_sentence"}),
    ("starting with a bare number", draft(preliminary_assessment="58 with chest pain and sweating; may suggest ACS."),
     CHEST, {"assessment_sentence"}),
    ("starting with the patient's age is a sentence",
     draft(preliminary_assessment="58-year-old man with chest pain and sweating; may suggest ACS, ECG now."),
     CHEST, set()),
]


@pytest.mark.parametrize("name,value,case_text,failing", VERDICTS, ids=[v[0] for v in VERDICTS])
def test_rules_from_the_table(name, value, case_text, failing):
    verdict = check_draft(json.dumps(value), case_text)
    assert set(verdict.reasons) == failing, verdict.failures
    assert verdict.usable is (not failing)
    assert len(verdict.reasons) == len(set(verdict.reasons))  # one reason per failed rule


def test_a_failure_names_the_offending_text():
    verdict = check_draft(json.dumps(draft(key_concerns=["up to 3 short phrases"])), CHEST)
    echo = verdict.failure("no_instruction_echo")
    assert echo.text == "up to 3 short phrases" and "3 short phrases" in echo.detail
    repeated = check_draft(json.dumps(draft(key_concerns=["sore throat, sore throat"])), THROAT)
    assert repeated.failure("no_repetition").text == "sore throat, sore throat"
    assert "sore throat" in repeated.failure("no_repetition").detail
    json.dumps(verdict.as_dict())  # storable as it is


# ----------------------------------------------------------------- validity
INVALID = [
    ("not JSON", "I think the patient is fine"),
    ("cut off", '{"priority": "High", "confidence": 0.5, "key_concerns": ["chest'),
    ("an unknown priority", json.dumps(draft(priority="Urgent"))),
    ("an extra field", json.dumps(draft(diagnosis="MI"))),
    ("a concern over the schema's length", json.dumps(draft(key_concerns=["chest pain " * 10]))),
    ("four questions", json.dumps(draft(questions_to_ask=["When?", "Where?", "How?", "Why?"]))),
]


@pytest.mark.parametrize("name,raw", INVALID, ids=[i[0] for i in INVALID])
def test_an_invalid_draft_fails_validity_only(name, raw):
    verdict = check_draft(raw, CHEST)
    assert verdict.reasons == ("valid",) and not verdict.usable and verdict.failures[0].detail


def test_every_form_of_a_draft_gets_the_same_verdict():
    from core.triage.assessment import ModelDraft

    bad = draft(key_concerns=["up to 3 short phrases"])
    forms = [json.dumps(bad), bad, ModelDraft.model_validate(bad),
             Assessment(priority=Priority.CRITICAL, model_priority=Priority.CRITICAL, confidence=0.6,
                        key_concerns=bad["key_concerns"], questions_to_ask=bad["questions_to_ask"],
                        preliminary_assessment=bad["preliminary_assessment"])]
    verdicts = [check_draft(form, CHEST) for form in forms]
    assert all(v == verdicts[0] for v in verdicts) and verdicts[0].reasons == ("no_instruction_echo",
                                                                             "grounded_concerns")
    failed = Assessment(priority=Priority.MEDIUM, json_valid=False, model_failure="not valid JSON")
    assert check_draft(failed, CHEST).reasons == ("valid",)
    assert check_draft(None, CHEST).reasons == ("valid",)


# ----------------------------------------------------------------- the whole draft: protocol lines
def _with_protocol(questions: list[str], lines: list[tuple[str, str]]) -> Assessment:
    return Assessment(priority=Priority.CRITICAL, model_priority=Priority.CRITICAL, confidence=0.6,
                      key_concerns=GOOD["key_concerns"], questions_to_ask=questions,
                      preliminary_assessment=GOOD["preliminary_assessment"],
                      protocol_lines=[ProtocolLine(kind=k, text=t, doc_id="chest-pain", title="Chest pain")
                                      for k, t in lines])


PROTOCOL = [
    ("protocol questions stand in for the model's", [],
     [("key_question", "When did it start, is it there now?"), ("warning_sign", "Crushing chest pain -> Critical.")],
     set()),
    ("protocol checklist lines are not questions", [],
     [("key_question", "Risk factors: age, diabetes, smoking.")], {"questions_phrased"}),
    ("the model copies a protocol question", ["What does it feel like: crushing, squeezing"],
     [("key_question", "What does it feel like: crushing, squeezing, heavy, tight?")],
     {"no_repetition", "questions_phrased"}),
    ("a protocol's own wording may repeat a word", [],
     [("key_question", "When did it start?"),
      ("warning_sign", "Chest pain with SpO2 below 92%, systolic BP below 90 mmHg, or heart rate below 40 -> Critical.")],
     set()),
    ("a protocol line doubled is still a repetition", [],
     [("key_question", "When did it start?"), ("warning_sign", "Crushing chest pain -> Critical."),
      ("warning_sign", "Crushing chest pain -> Critical.")],
     {"no_repetition"}),
]


@pytest.mark.parametrize("name,questions,lines,failing", PROTOCOL, ids=[p[0] for p in PROTOCOL])
def test_the_whole_draft_is_judged_with_its_protocol_lines(name, questions, lines, failing):
    assert set(check_draft(_with_protocol(questions, lines), CHEST).reasons) == failing


# ----------------------------------------------------------------- the pieces
@pytest.mark.parametrize("text,expected", [
    ("When did it start?", True), ("Is the pain constant?", True), ("Any fever?", True),
    ("Has she taken anything for it?", True), ("  \"How long?\" ", True),
    ("When did it start", False), ("Onset?", False), ("Ask about fever?", False), ("", False),
    ("Fever: how high, how many days?", False),
    ("In the last month did food run out before you had money to buy more?", True),
    ("On how many days a month do you take pain relief?", True), ("Exactly how many hours ago was it?", True),
    ("In the last month, record the weight?", False), ("Exactly the same pain as before?", False),
])
def test_is_question(text, expected):
    assert drafts.is_question(text) is expected


@pytest.mark.parametrize("line,phrase", [
    ("sore throat, sore throat, fever", "sore throat"),
    ("cough-cold, cough-cold symptoms, cough-cold", "cough (3 times)"),
    ("high-risk-patients-in-the-community-in-the-community", "in the community"),
    ("pain pain pain", "pain pain pain"),
    ("Chest pain with sweating; chest pain may suggest a cardiac cause.", None),  # two sentences
    ("Crushing chest pain radiating to the left arm", None),
    ("Sudden severe headache, worst ever", None),
])
def test_repeated_phrase(line, phrase):
    assert drafts.repeated_phrase(line) == phrase


@pytest.mark.parametrize("line,echo", [
    ("up to 3 short phrases", True), ("one or two sentences, possibilities only", True),
    ("possibilities only", True), ("ids of the passages used", True), ("key_concerns", True),
    ("Write the JSON assessment for this patient", True),
    ("Crushing chest pain", False), ("Chest pain may suggest an acute coronary syndrome.", False),
    ("Short of breath at rest", False), ("When should the nurse ask the physician?", False),
])
def test_echoed_phrase(line, echo):
    assert (drafts.echoed_phrase(line) is not None) is echo


def test_echo_phrases_follow_the_prompt_outline(monkeypatch):
    """The outline's wording is read from schema_outline(), not copied: change it and the rule follows."""
    from core.triage import assessment

    described = drafts.outline_descriptions(assessment.schema_outline())
    assert len(described) >= 4 and all(drafts.echoed_phrase(d) for d in described)
    drafts.instructions.cache_clear()
    monkeypatch.setattr(assessment, "schema_outline",
                        lambda: '{"priority": "Critical" | "Low", "key_concerns": [pithy remarks only]}')
    try:
        assert drafts.echoed_phrase("pithy remarks") is not None
    finally:
        monkeypatch.undo()
        drafts.instructions.cache_clear()
    assert drafts.echoed_phrase("pithy remarks") is None


def test_grounding_leaves_out_denied_findings():
    facts = drafts.case_facts("Patient: 30 years, female.\nDenies: fever; cough.\nStory: sore throat.",
                              negatives=["fever", "cough"])
    assert drafts.grounded("Sore throat", facts)
    assert not drafts.grounded("Fever", facts) and not drafts.grounded("Cough", facts)


def test_check_is_deterministic():
    value = json.dumps(draft(key_concerns=["sore throat, sore throat"]))
    assert check_draft(value, THROAT) == check_draft(value, THROAT)


def test_rule_table_has_a_docstring_for_every_rule():
    table = drafts.rule_table()
    assert [name for name, _ in table] == list(drafts.RULE_NAMES)
    assert all(text for _, text in table)
    counts = drafts.failure_counts([check_draft("nope", CHEST), check_draft(json.dumps(GOOD), CHEST), None])
    assert counts == dict.fromkeys(drafts.RULE_NAMES, 0) | {"valid": 1}


# ----------------------------------------------------------------- wiring
class DraftingStandIn:
    """assess(intake): a fixed draft per case, so each stored verdict is known (the real model is below)."""

    def assess(self, intake, mode="full"):
        from types import SimpleNamespace

        chest = "crushing" in (intake.story or "").lower()
        concerns = ["Crushing chest pain with sweating"] if chest else ["up to 3 short phrases"]
        assessment = Assessment(priority=Priority.HIGH, model_priority=Priority.HIGH, confidence=0.6,
                                key_concerns=concerns, questions_to_ask=["When did it start?"],
                                preliminary_assessment=GOOD["preliminary_assessment"], mode=mode)
        return SimpleNamespace(assessment=assessment, prompt_text="prompt")


def test_evaluation_stores_summarises_and_reports_the_verdicts(workspace):
    from core.evaluation import cases as case_sets
    from core.evaluation import runner
    from core.evaluation import store as evaluations

    four = case_sets.resolve_set("vignettes", limit=4)  # em01 (chest pain) and three others
    run = runner.evaluate_version(workspace, "base", four, modes=("pipeline",), perplexity=False,
                                  pipeline_factory=lambda ws, v, p: DraftingStandIn())
    stored = evaluations.latest(workspace.db, "base", "vignettes", "pipeline")
    rows = {c["case_id"]: c for c in stored.case_results}
    chest = [c.case_id for c in four.cases if "crushing" in (c.intake.story or "").lower()]
    assert chest and all(rows[c]["draft_usable"] for c in chest)
    others = [c for c in rows if c not in chest]
    assert all(rows[c]["draft_failures"] == ["no_instruction_echo", "grounded_concerns"] for c in others)
    assert stored.metrics["draft_usable_rate"] == pytest.approx(len(chest) / 4)
    assert stored.metrics["draft_failures"]["grounded_concerns"] == len(others)
    assert "short phrases" not in json.dumps(stored.case_results)  # rule names only, no text in the table
    report = run.report.read_text(encoding="utf-8")
    assert "## Draft quality" in report and "up to 3 short phrases" in report
    assert f"| usable | {len(chest)}/4 |" in report
    assert "Usable drafts (draft check)" in report


def test_monitoring_reports_the_usable_rate_of_live_drafts(workspace, home):
    from conftest import make_user
    from core.monitoring import monitoring_report
    from core.review.package import file_case
    from core.workspace import Workspace

    password = make_user(workspace, "nina", "nurse")
    nurse = Workspace.open(home, "nina", password)
    try:
        record = {"story": CHEST, "age": 58}
        for concerns in (GOOD["key_concerns"], ["up to 3 short phrases"], ["Fever"]):
            file_case(nurse, intake_record=record, headline="58-year-old: chest pain",
                      assessment=Assessment(priority=Priority.CRITICAL, model_priority=Priority.CRITICAL,
                                            confidence=0.6, key_concerns=concerns,
                                            questions_to_ask=GOOD["questions_to_ask"],
                                            preliminary_assessment=GOOD["preliminary_assessment"]))
        file_case(nurse, intake_record=record, headline="58-year-old: chest pain",
                  assessment=Assessment(priority=Priority.CRITICAL, json_valid=False, model_failure="timeout"))
        report = monitoring_report(nurse, "day")
    finally:
        nurse.close()
    assert report.draft_usable_rate == pytest.approx(1 / 4)
    assert report.draft_failures["grounded_concerns"] == 2  # the echo and the denied fever
    assert report.draft_failures["no_instruction_echo"] == 1 and report.draft_failures["valid"] == 1
    assert "usable drafts:            25%" in report.to_text()


@pytest.mark.slow
def test_prescreen_eval_runs_the_check_on_the_real_models_drafts(cli, home, monkeypatch):
    """Two vignettes through the real pipeline and default model: every draft is judged, stored and printed.

    Whatever the base model writes, the stored rate must equal the per-case verdicts and
    the per-rule counts must add up; the model's drafts are not required to be usable.
    """
    import triage_support
    from core.evaluation import runner
    from core.evaluation import store as evaluations
    from core.workspace import Workspace

    Workspace.create(home, ADMIN, ADMIN_PASSWORD).close()
    monkeypatch.setattr(runner, "make_pipeline", lambda ws, v, p: triage_support.pipeline(ws, timeout_s=240))
    rc, out, err = cli("eval", "base", "--limit", "2", "--mode", "pipeline", "--no-perplexity",
                       user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err
    assert "Usable drafts (draft check)" in out and "drafts failing each rule of the draft check" in out
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    try:
        stored = evaluations.latest(ws.db, "base", "vignettes", "pipeline")
    finally:
        ws.close()
    rows = stored.case_results
    assert len(rows) == 2 and all(isinstance(r["draft_usable"], bool) for r in rows)
    for r in rows:
        assert set(r["draft_failures"]) <= set(drafts.RULE_NAMES)
        assert r["draft_usable"] is (not r["draft_failures"])
        assert r["json_valid"] or r["draft_failures"] == ["valid"]
    assert stored.metrics["draft_usable_rate"] == pytest.approx(sum(r["draft_usable"] for r in rows) / 2)
    for rule, count in stored.metrics["draft_failures"].items():
        assert count == sum(rule in r["draft_failures"] for r in rows)
    rate = f"{stored.metrics['draft_usable_rate']:.3f}"
    assert any(line.startswith("Usable drafts (draft check)") and rate in line for line in out.splitlines())
