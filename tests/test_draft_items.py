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


@pytest.mark.parametrize("items, shown", [
    (["glucose 13.0 mmol/L", "fasting glucose 13.0 mmol/L", "Thirst"], ["fasting glucose 13.0 mmol/L", "Thirst"]),
    (["Have you had a heart attack or a stroke before?", "Have you had a heart attack or a stroke?"],
     ["Have you had a heart attack or a stroke before?"]),
    (["Chest pain", "Chest pain radiating to the arm"], ["Chest pain", "Chest pain radiating to the arm"]),  # 2 words
    (["Is it worse lying down?", "Is it worse when lying down?"],
     ["Is it worse lying down?", "Is it worse when lying down?"]),  # neither inside the other
])
def test_near_repeats_keep_the_longer_item_in_the_first_place(items, shown):
    assert distinct_items(items, near=True) == shown
    assert len(distinct_items(items)) == len(items)  # without near, only equal items are one
