"""Presidio's DEA-number recognizer, kept to whole tokens.

Its pattern has no word boundaries, so a DEA-shaped run inside a longer
identifier ("MCD74561415", a Medicaid ID) passed its checksum and won over the
cue recognizer that saw the whole value. A match inside a longer token is
dropped; the longer token is reported by the recognizer whose cue it follows.
"""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import MedicalLicenseRecognizer


class WholeTokenMedicalLicenseRecognizer(MedicalLicenseRecognizer):
    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not (r.start > 0 and text[r.start - 1].isalnum())
                and not (r.end < len(text) and text[r.end].isalnum())]
