"""Triage: intake, red-flag floor, prompt, pipeline, assessment."""
