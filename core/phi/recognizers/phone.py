"""Presidio's phone recognizer behind a cheap digit check.

``phonenumbers`` scans every text once per region (eight of them), which was
half of all recognizer time on clinical text, where most texts hold no run of
seven digits at all. Texts without one skip it; the result is the same.
"""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# Seven or more digits, allowing the separators phone numbers are written with.
_SEVEN_DIGITS = re.compile(r"\d(?:[\s().+/-]{0,3}\d){6,}")
# A blood pressure ("168/93") is not a phone number, whatever a region's rules allow.
_TOO_FEW_DIGITS = 7


class ClinicalPhoneRecognizer(PhoneRecognizer):
    def analyze(self, text, entities, nlp_artifacts=None):
        if not _SEVEN_DIGITS.search(text):
            return []
        results = super().analyze(text, entities, nlp_artifacts)
        return [r for r in results if sum(ch.isdigit() for ch in text[r.start:r.end]) >= _TOO_FEW_DIGITS]
