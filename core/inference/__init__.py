"""Local model inference: the model catalog and the llama.cpp engine.

Nothing here imports ``llama_cpp`` or ``gguf`` at module level; both load
only when a model is first used, so the CLI and the GUI start fast.
"""
