"""Condition library and lexicons (YAML data read by core.datasets.conditions)."""
