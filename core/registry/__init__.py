"""Model registry: versions, activation and rollback, model cards, GGUF export."""
