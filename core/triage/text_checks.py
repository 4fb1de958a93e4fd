"""Checks on text a person types or pastes: size, encoding, control characters."""

from __future__ import annotations

import re
import unicodedata

from core.errors import ValidationError

MAX_STORY_BYTES = 100_000
MAX_ITEM_CHARS = 500

# Invisible characters that word processors insert: removed, not refused (a byte-order
# mark, soft hyphens, zero-width spaces change nothing a reader sees).
_INVISIBLE = str.maketrans({"\ufeff": None, "\u00ad": None, "\u200b": None})


def check_text(field: str, value: str, limit: int = MAX_ITEM_CHARS) -> str:
    """A short text item: no control characters, not over ``limit`` characters."""
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE).strip()
    if len(value) > limit:
        raise ValidationError(field, f"is {len(value)} characters long; the limit is {limit}", "shorten it")
    refuse_control_characters(field, value, allow_newlines=False)
    return value


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(field: str, value: str, allow_newlines: bool) -> None:
    """Refuse control and format characters (NUL, escape codes, bidi overrides) in user text.

    Bidirectional overrides can make a story read differently from what the rules see,
    so they are refused rather than kept. Tabs (and newlines in a story) are allowed.
    """
    allowed = {"\n", "\r", "\t"} if allow_newlines else {"\t"}
    if value.isascii():  # fast path for long plain-text stories
        bad = _ASCII_CONTROL.search(value)
        if bad is None and (allow_newlines or not re.search(r"[\n\r]", value)):
            return
    for index, char in enumerate(value):
        if char not in allowed and unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in "\u200d\u200c":
            raise ValidationError(field, f"contains a control character (U+{ord(char):04X}) at position {index}",
                                  "remove it; paste plain text only")


def check_story(value: str | bytes) -> str:
    """Validate a story: UTF-8, at most 100 kB, no control characters, not empty.

    Raises:
        ValidationError: field "story", naming the problem and the fix.
    """
    if isinstance(value, (bytes, bytearray)):
        if len(value) > MAX_STORY_BYTES:
            raise ValidationError("story", f"is {len(value):,} bytes; the limit is {MAX_STORY_BYTES:,} bytes",
                                  "enter the presenting story only, not whole records")
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError("story", f"is not valid UTF-8 text (bad byte at position {exc.start})",
                                  "save the text as UTF-8 and try again") from None
    if not isinstance(value, str):
        raise ValidationError("story", f"must be text, not {type(value).__name__}", "enter the story as text")
    size = len(value.encode("utf-8", errors="surrogatepass"))
    if size > MAX_STORY_BYTES:
        raise ValidationError("story", f"is {size:,} bytes; the limit is {MAX_STORY_BYTES:,} bytes",
                              "enter the presenting story only, not whole records")
    value = unicodedata.normalize("NFC", value).translate(_INVISIBLE).strip()
    if not value:
        raise ValidationError("story", "is empty", "describe the patient's problem in a sentence or more")
    refuse_control_characters("story", value, allow_newlines=True)
    return value
