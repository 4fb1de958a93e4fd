"""Turning (system, user) into the exact text a model is prompted with.

A pure function, shared by the engine and by training (a fine-tuned adapter
must see prompts formatted exactly as triage will format them).
"""

from __future__ import annotations

from functools import lru_cache

#: For files without ``tokenizer.chat_template`` (the base Gemma 3 270M): a
#: plain layout that a pretrained model continues naturally with JSON.
PLAIN_LAYOUT = "{system}\n\n{user}\n\nJSON:\n"


def format_chat(system: str, user: str, template: str | None, *, bos_token: str = "", eos_token: str = "") -> str:
    """Render one system + user turn, ready for the model to answer.

    Args:
        system: the instructions.
        user: the case (passages and patient data).
        template: the model's Jinja chat template, or None for the plain layout.
        bos_token / eos_token: the model's special tokens as text, for templates that use them.

    Returns:
        The prompt text (ending where the model's answer starts).
    """
    if not template:
        return PLAIN_LAYOUT.format(system=system.strip(), user=user.strip())
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return _compiled(template).render(
        messages=messages,
        add_generation_prompt=True,
        bos_token=bos_token,
        eos_token=eos_token,
    )


@lru_cache(maxsize=8)
def _compiled(template: str):
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str):
        raise ValueError(f"chat template: {message}")

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = raise_exception
    return env.from_string(template)
