"""Tokens and prompt text as llama.cpp spells them (shared by the engine, the grammar and the server client)."""

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


class PromptTokens:
    """Prompt tokenization and chat formatting over a ``llama_cpp.Llama`` (a loaded model or a vocab-only one).

    The in-process engine and the clinic server client both prepare prompts
    this way, so a server is sent exactly the tokens the local model would
    see. Call :meth:`_use_tokenizer` once the Llama is loaded; the class using
    it sets ``chat_template``.
    """

    chat_template: str | None = None

    def _use_tokenizer(self, llm) -> None:
        self._tokenizer = llm
        self._bos_id = llm.token_bos()
        self._bos_text = llm.detokenize([self._bos_id], special=True).decode("utf-8", "replace")
        self._eos_text = llm.detokenize([llm.token_eos()], special=True).decode("utf-8", "replace")

    def encode(self, text: str) -> list[int]:
        """Prompt tokens, with exactly one BOS at the start (templates may already write one)."""
        tokens = self._tokenizer.tokenize(text.encode("utf-8"), add_bos=False, special=True)
        if not tokens or tokens[0] != self._bos_id:
            tokens.insert(0, self._bos_id)
        return tokens

    def count_tokens(self, text: str) -> int:
        """How many tokens ``text`` costs in a prompt (without BOS)."""
        return len(self._tokenizer.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def first_token(self, text: str) -> int:
        """The token an answer continuing with ``text`` starts with (no BOS, no special tokens)."""
        from core.inference.errors import InferenceError

        tokens = self._tokenizer.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        if not tokens:
            raise InferenceError(f"'{text}' has no tokens")
        return tokens[0]

    def chat_prompt(self, system: str, user: str) -> str:
        """The prompt text in the model's chat format (plain layout when it has none)."""
        from core.inference.chat import format_chat

        return format_chat(system, user, self.chat_template, bos_token=self._bos_text, eos_token=self._eos_text)
