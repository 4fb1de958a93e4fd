"""What the nurse reads of a draft's lists: each item once, blank items left out."""

from __future__ import annotations

import pytest

from core.triage.assessment import distinct_items


@pytest.mark.parametrize("items, shown", [
    (["Is the fever high?"] * 3, ["Is the fever high?"]),
    (["Chest pain", "chest  pain ", "Sweating"], ["Chest pain", "Sweating"]),
    (["", "  ", "Breathless"], ["Breathless"]),
    (["Fever", "Rash", "Neck stiffness"], ["Fever", "Rash", "Neck stiffness"]),
    (["Is it worse lying down?", "Is it worse when lying down?"],
     ["Is it worse lying down?", "Is it worse when lying down?"]),  # different words: both kept
    ([], []),
])
def test_repeated_and_blank_items_are_shown_once_or_not_at_all(items, shown):
    assert distinct_items(items) == shown
