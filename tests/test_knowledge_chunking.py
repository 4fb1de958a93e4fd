"""Chunking: overlap, headings kept with every passage, nothing lost.

Why it matters: MiniLM reads ~256 word pieces; a passage that loses its
heading ("Red flags -> priority") loses what makes it findable, and a gap
between windows would make a sentence unfindable.
"""

import re

import pytest

from core.knowledge.chunking import Chunk, chunk_document, count_words


def _body_words(chunk: Chunk) -> list[str]:
    lines = chunk.text.splitlines()
    if lines and lines[0].startswith("#"):
        lines = lines[1:]
    return " ".join(lines).split()


def test_windows_overlap_by_the_given_number_of_words_and_cover_every_word():
    words = [f"w{i}" for i in range(1000)]
    chunks = chunk_document(" ".join(words), max_words=100, overlap=20)
    bodies = [_body_words(c) for c in chunks]
    assert all(len(b) <= 100 for b in bodies)
    for previous, current in zip(bodies, bodies[1:]):
        assert previous[-20:] == current[:20]
    covered = {w for b in bodies for w in b}
    assert covered == set(words)
    assert bodies[-1][-1] == "w999"
    assert [c.start_word for c in chunks] == list(range(0, 80 * len(chunks), 80))


def test_short_text_is_one_chunk_and_blank_text_none():
    assert [c.text for c in chunk_document("fever and cough for two days")] == ["fever and cough for two days"]
    assert chunk_document("   \n\n ") == []


def test_every_window_of_a_long_section_repeats_its_heading():
    text = "# Chest pain\n\n## Red flags\n" + " ".join(f"flag{i}" for i in range(400)) + "\n\n## Self-care\nRest."
    chunks = chunk_document(text, max_words=150, overlap=30)
    red = [c for c in chunks if c.heading == "Chest pain > Red flags"]
    assert len(red) >= 3
    assert all(c.text.startswith("## Red flags\n") for c in red)
    assert chunks[-1].heading == "Chest pain > Self-care" and chunks[-1].text == "## Self-care\nRest."
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_line_breaks_inside_a_passage_are_kept():
    text = "## Key questions\n- When did it start?\n- Where is the pain?"
    (chunk,) = chunk_document(text)
    assert chunk.text == text


def test_heading_path_follows_nesting_levels():
    text = "# A\nintro\n## B\nb text\n### C\nc text\n## D\nd text"
    assert [c.heading for c in chunk_document(text)] == ["A", "A > B", "A > B > C", "A > D"]


@pytest.mark.parametrize("max_words,overlap", [(10, 10), (10, 12), (0, 0), (10, -1)])
def test_impossible_window_settings_are_refused(max_words, overlap):
    with pytest.raises(ValueError, match="overlap"):
        chunk_document("some words here", max_words=max_words, overlap=overlap)


def test_count_words_matches_the_chunker():
    assert count_words("a  b\nc\t d") == 4
    assert not re.search(r"\s", "".join(_body_words(chunk_document("x y z")[0])))
