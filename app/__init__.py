"""Prescreen desktop app (PySide6): thin views over the core services."""
