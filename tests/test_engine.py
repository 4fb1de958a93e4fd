"""The model catalog and the real llama.cpp engine on the default Gemma 3 270M.

One model load for the session (``get_engine`` caches it per process).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
import yaml

from core.inference import catalog
from core.inference.chat import format_chat
from core.inference.errors import ContextOverflow, GenerationCancelled, InferenceTimeout, ModelNotFound
from core.triage.assessment import DRAFT_SCHEMA, draft_schema, parse_draft
from triage_support import engine as shared_engine

PROMPT_SYSTEM = "You are a triage assistant. Answer with JSON."
PROMPT_USER = "Patient: 67-year-old man, sudden weakness of the left arm and slurred speech for 30 minutes."


@pytest.fixture(scope="module")
def engine():
    return shared_engine()


@pytest.fixture(scope="module")
def prompt(engine):
    return engine.chat_prompt(PROMPT_SYSTEM, PROMPT_USER)


# catalog ----------------------------------------------------------------------
def test_default_model_matches_the_catalog_entry():
    entry = next(e for e in yaml.safe_load(catalog.REPO_CATALOG.read_text())["models"] if e.get("default"))
    info = catalog.default_model()
    assert info.path.is_file() and info.path.stat().st_size == entry["size_bytes"]
    assert info.sha256 == entry["sha256"]
    header = catalog.read_gguf_info(info.path)
    assert (header.architecture, header.context_length) == ("gemma3", entry["context_size"])
    assert header.chat_template is None and info.chat_template is None  # base model: plain layout
    assert "gemma" in info.licence.lower()


def _write_gguf(path: Path, *, template: str | None, context: int, kind: str = "model") -> None:
    import numpy as np
    from gguf import GGUFWriter

    writer = GGUFWriter(str(path), "llama")
    writer.add_context_length(context)
    writer.add_string("general.type", kind)
    writer.add_string("general.license", "apache-2.0")
    writer.add_token_list(["<unk>", "a", "b"])
    if template:
        writer.add_chat_template(template)
    writer.add_tensor("dummy", np.zeros((4,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def test_discover_reads_metadata_and_caches_the_hash(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    _write_gguf(models / "clinic-model.gguf", template="{{ messages[0]['content'] }}", context=8192)
    _write_gguf(models / "clinic-adapter.gguf", template=None, context=8192, kind="adapter")
    (models / "broken.gguf").write_bytes(b"not a gguf file at all")
    found = {info.id: info for info in catalog.discover(models)}
    model, adapter, broken = found["clinic-model"], found["clinic-adapter"], found["broken"]
    assert (model.kind, model.context_size, model.licence) == ("model", 8192, "apache-2.0")
    assert model.chat_template == "{{ messages[0]['content'] }}"
    assert adapter.kind == "adapter" and broken.kind == "invalid" and "not a readable GGUF" in broken.extra["error"]
    import hashlib

    assert model.sha256 == hashlib.sha256((models / "clinic-model.gguf").read_bytes()).hexdigest()
    # The hash is cached by size and mtime: a planted cache value is returned as is…
    cache_file = models / ".catalog-cache.json"
    cache = json.loads(cache_file.read_text())
    key = next(k for k in cache["sha256"] if k.startswith("clinic-model.gguf|"))
    cache["sha256"][key] = "cached-value"
    cache_file.write_text(json.dumps(cache))
    assert catalog.sha256_of(models / "clinic-model.gguf", cache_file) == "cached-value"
    # …until the file changes.
    stat = (models / "clinic-model.gguf").stat()
    os.utime(models / "clinic-model.gguf", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert catalog.sha256_of(models / "clinic-model.gguf", cache_file) == model.sha256
    assert catalog.find_in_workspace(models, "clinic-adapter", kind="adapter").path.name == "clinic-adapter.gguf"
    with pytest.raises(ModelNotFound, match="is a adapter"):
        catalog.find_in_workspace(models, "clinic-adapter.gguf", kind="model")


def test_chat_template_is_used_when_the_model_has_one():
    template = ("{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}"
                "<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}")
    text = format_chat("rules", "case", template, bos_token="<bos>")
    assert text == "<bos><start_of_turn>system\nrules<end_of_turn>\n<start_of_turn>user\ncase<end_of_turn>\n" \
                   "<start_of_turn>model\n"
    assert format_chat("rules", "case", None).endswith("case\n\nJSON:\n")


# engine -----------------------------------------------------------------------
def test_engine_is_loaded_once_with_threads_and_gpu_setting(engine):
    import llama_cpp

    assert shared_engine() is engine
    assert engine.n_ctx == 2048 and engine.n_threads >= 1
    assert engine.n_gpu_layers == (-1 if llama_cpp.llama_supports_gpu_offload() else 0)


def test_output_is_schema_valid_json_and_deterministic(engine, prompt):
    schema = draft_schema(["stroke-signs", "headache"])
    first = engine.generate(prompt, max_tokens=256, json_schema=schema)
    second = engine.generate(prompt, max_tokens=256, json_schema=schema)
    assert first.finish_reason == "stop" and first.generated_tokens > 5
    data = json.loads(first.text)
    jsonschema.validate(data, schema)
    assert set(data["cited_passages"]) <= {"stroke-signs", "headache"}
    assert parse_draft(first.text).json_valid
    assert second.text == first.text  # temperature 0: same prompt, same draft


def test_pinned_instructions_are_reused_and_output_does_not_depend_on_history(engine):
    prefix_of = engine.chat_prompt(PROMPT_SYSTEM, "\u0000").split("\u0000")[0]
    case_a = engine.chat_prompt(PROMPT_SYSTEM, PROMPT_USER)
    case_b = engine.chat_prompt(PROMPT_SYSTEM, "Patient: 8-year-old girl, runny nose for 2 days, eating well.")
    stats: dict = {}
    first = "".join(engine.stream(case_a, max_tokens=40, json_schema=DRAFT_SCHEMA, prefix=prefix_of, stats=stats))
    assert stats["cached_tokens"] == engine.count_tokens(prefix_of) + 1  # + BOS
    engine.generate(case_b, max_tokens=40, json_schema=DRAFT_SCHEMA, prefix=prefix_of)
    again = engine.generate(case_a, max_tokens=40, json_schema=DRAFT_SCHEMA, prefix=prefix_of)
    assert again.text == first


def test_grammar_on_top_candidates_equals_llama_cpp_full_grammar(engine, prompt):
    # The engine checks the grammar on the best candidates first (fast path);
    # under greedy decoding that must give exactly what llama.cpp's own
    # whole-vocabulary grammar gives.
    # The engine's own decoding loop must also equal llama-cpp-python's
    # create_completion (same tokens, same text).
    # The budget is ample, so the answer ends on its own before the engine's
    # closing reserve is reached (the reserve is tested on its own).
    stats: dict = {}
    ours = "".join(engine.stream(prompt, max_tokens=256, json_schema=DRAFT_SCHEMA, fast_forward=False,
                                 stats=stats))
    assert stats["finish_reason"] == "stop" and not stats["closed_early"]
    # Reset so llama-cpp-python evaluates the whole prompt in one batch, as the
    # engine did (reusing the cached prefix would round differently).
    engine.llama.reset()
    theirs = engine.llama.create_completion(engine.encode(prompt), max_tokens=256, temperature=0.0,
                                            repeat_penalty=1.0, grammar=engine.grammar_for(DRAFT_SCHEMA))
    assert ours == theirs["choices"][0]["text"]
    assert len(ours) > 40


def test_the_grammar_writes_compact_json_as_the_training_answers_are_written(engine, prompt):
    # Separators are fixed text (the layout of the training answers), so the model never
    # spends a token or a choice on optional spaces.
    from core.training.examples import engine_answer

    text = engine.generate(prompt, max_tokens=256, json_schema=draft_schema(["stroke-signs", "headache"])).text
    assert text == json.dumps(json.loads(text), separators=(",", ":"))
    assert engine_answer(json.loads(text)) == text
    assert engine.grammar_for(DRAFT_SCHEMA)._grammar.count('space ::= ""') == 1


FIXED = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["awaiting nurse review and signature"]},
        "priority": {"type": "string", "enum": ["Critical", "High", "Medium", "Low"]},
    },
    "required": ["status", "priority"],
    "additionalProperties": False,
}


def test_fast_forward_leaves_fixed_text_to_the_grammar(engine, prompt):
    stats: dict = {}
    text = "".join(engine.stream(prompt, max_tokens=64, json_schema=FIXED, stats=stats))
    data = json.loads(text)
    jsonschema.validate(data, FIXED)
    assert text == f'{{"status":"awaiting nurse review and signature","priority":"{data["priority"]}"}}'
    assert stats["finish_reason"] == "stop"
    # Only the priority was the model's to choose; the status, keys and separators were fixed.
    assert 1 <= stats["model_choices"] <= 2 < 10 < stats["generated_tokens"]
    plain: dict = {}
    list(engine.stream(prompt, max_tokens=256, json_schema=FIXED, stats=plain, fast_forward=False))
    assert not plain["closed_early"]  # an ample budget: every token is the model's own choice
    assert plain["model_choices"] == plain["generated_tokens"] > stats["model_choices"]


def test_peeking_at_fixed_text_leaves_the_grammar_where_it_was(engine):
    grammar = engine._greedy_grammar(DRAFT_SCHEMA, True)
    try:
        first = grammar.forced(limit=200, peek=True)
        assert first == grammar.forced(limit=200, peek=True) == ('{"priority":"', False)
        assert grammar.forced(limit=200) == first  # accepted this time
        assert grammar.forced(limit=200, peek=True) == ("", False)  # the label is the model's choice
    finally:
        grammar.close()


def test_the_model_may_spell_the_end_of_fixed_text_with_what_follows(engine, prompt):
    # Token healing: the training answers are tokenized whole, so after a key the tokenizer
    # writes '":["' (one token), while the fixed text alone ends in '":['. The last token of the
    # fixed text is left to the model, so '":["' stays open to it; forcing '":[' would rule it out.
    (merged,) = engine.llama.tokenize(b'":["', add_bos=False, special=False)

    def prefer_merged(written, logits):
        logits[merged] += 1000.0  # wherever the grammar allows it, the model takes it

    stats: dict = {}
    schema = draft_schema(["stroke-signs"])
    text = "".join(engine.stream(prompt, max_tokens=256, json_schema=schema, stats=stats, steer=prefer_merged))
    answer = [t for batch in stats["batches"] for t in batch]
    assert merged in answer
    # It opened the list's first item; forced '":[' would have left it only as an item's content.
    concerns = json.loads(text)["key_concerns"]
    assert concerns and not any(":[" in item for item in concerns), concerns


def test_the_probe_sees_every_printable_ascii_character(engine):
    # Fast-forward is sound only if no allowed character is invisible to the probe.
    chars, ends = engine._probe_tokens()
    assert "".join(sorted(chars)) == "".join(chr(c) for c in range(0x20, 0x7F))
    assert engine.llama.token_eos() in ends


def test_a_budget_below_the_closing_reserve_still_ends_with_a_whole_answer(engine, prompt):
    # A schema's answer may always take what closing it needs (the reserve), so even a
    # 3-token budget gives valid JSON instead of a cut-off string.
    stats: dict = {}
    text = "".join(engine.stream(prompt, max_tokens=3, json_schema=FIXED, stats=stats))
    assert json.loads(text)["status"] == "awaiting nurse review and signature"
    assert stats["finish_reason"] == "stop" and stats["closed_early"]
    _, reserve = engine._closing(FIXED, True)
    assert 3 < stats["generated_tokens"] <= reserve


def test_schemas_with_non_ascii_text_are_not_fast_forwarded(engine, prompt):
    # The probe knows ASCII characters only; an accented value could hide a second choice.
    schema = {"type": "object", "properties": {"note": {"type": "string", "enum": ["fièvre élevée", "fievre"]}},
              "required": ["note"], "additionalProperties": False}
    stats: dict = {}
    text = "".join(engine.stream(prompt, max_tokens=128, json_schema=schema, stats=stats))
    assert json.loads(text)["note"] in {"fièvre élevée", "fievre"}
    assert not stats["closed_early"]  # an ample budget: the closing reserve plays no part
    assert stats["model_choices"] == stats["generated_tokens"]


def test_an_unexpected_grammar_layout_is_refused():
    from core.inference.grammar import canonical_json_gbnf

    with pytest.raises(ValueError, match="space"):
        canonical_json_gbnf('root ::= "{" "}"')


def test_decoding_without_grammar_equals_create_completion(engine, prompt):
    ours = engine.generate(prompt, max_tokens=24)
    engine.llama.reset()
    theirs = engine.llama.create_completion(engine.encode(prompt), max_tokens=24, temperature=0.0,
                                            repeat_penalty=1.0)
    assert ours.text == theirs["choices"][0]["text"]
    assert ours.generated_tokens == theirs["usage"]["completion_tokens"]


def test_token_pieces_rebuild_multibyte_text(engine):
    from core.inference.engine import _token_piece

    text = "Température 38,5 °C — naïve façade, 日本語, 🙂 emoji"
    tokens = engine.encode(text)[1:]
    vocab = engine.llama._model.vocab
    joined = b"".join(_token_piece(vocab, t) for t in tokens)
    assert joined.decode("utf-8") == text


def test_streaming_yields_the_same_text_in_pieces(engine, prompt):
    pieces = list(engine.stream(prompt, max_tokens=20, json_schema=DRAFT_SCHEMA))
    assert len(pieces) > 3
    assert "".join(pieces) == engine.generate(prompt, max_tokens=20, json_schema=DRAFT_SCHEMA).text


def test_timeout_and_cancel_stop_generation(engine, prompt):
    with pytest.raises(InferenceTimeout, match="did not finish within") as caught:
        list(engine.stream(prompt, max_tokens=200, timeout_s=1e-6))
    assert caught.value.timeout_s == 1e-6
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) >= 3

    with pytest.raises(GenerationCancelled):
        engine.generate(prompt, max_tokens=200, cancel=cancel)
    assert len(calls) == 3  # checked after every token, stopped at once


def test_token_counting_and_context_overflow(engine):
    one = engine.count_tokens("chest pain")
    assert 1 <= one < 10
    assert engine.count_tokens("chest pain " * 50) > 40 * one
    with pytest.raises(ContextOverflow, match="exceed the model context"):
        engine.generate("word " * 3000, max_tokens=10)


def test_bos_is_added_once(engine):
    tokens = engine.encode("hello")
    assert tokens[0] == engine.llama.token_bos() and tokens[1] != engine.llama.token_bos()
    assert engine.encode("<bos>hello") == tokens


def test_close_releases_and_the_cache_loads_again():
    from core.inference.engine import get_engine
    from core.inference.errors import InferenceError

    path = catalog.default_model().path
    small = get_engine(path, n_ctx=512, n_threads=1)
    assert get_engine(path, n_ctx=512, n_threads=1) is small
    small.close()
    with pytest.raises(InferenceError, match="closed"):
        small.generate("hi", max_tokens=2)
    again = get_engine(path, n_ctx=512, n_threads=1)
    assert again is not small
    again.close()


def test_missing_files_are_clear_errors(tmp_path):
    from core.inference.engine import LlamaEngine

    with pytest.raises(ModelNotFound, match="does not exist"):
        LlamaEngine(tmp_path / "nope.gguf")
    with pytest.raises(ModelNotFound, match="adapter file"):
        LlamaEngine(catalog.default_model().path, lora_path=tmp_path / "adapter.gguf")
