"""Evaluation: triage metrics, evaluation runs through the nurse's pipeline, the regression gate, reports."""
