"""A token's text as llama.cpp spells it (shared by the engine and the grammar)."""

from __future__ import annotations

import ctypes


def token_piece(vocab, token: int) -> bytes:
    """The bytes of one token as text (special tokens written as nothing)."""
    import llama_cpp

    size = 64
    while True:
        buffer = ctypes.create_string_buffer(size)
        n = llama_cpp.llama_token_to_piece(vocab, token, buffer, size, 0, False)
        if n >= 0:
            return buffer.raw[:n]
        size = -n
