"""Prescreen's Presidio recognizers for the identifiers stock Presidio misses.

Importing this package imports Presidio: only :mod:`core.phi.engine` does so,
when the analyzer is first built.
"""

from __future__ import annotations


def clinical_recognizers() -> list:
    """Every custom recognizer, freshly built (the engine registers each once)."""
    from core.phi.recognizers.biometrics import biometric_recognizer, photo_recognizer
    from core.phi.recognizers.dates import age_over_89_recognizer, date_recognizer
    from core.phi.recognizers.facilities import FacilityNerRecognizer, facility_recognizer
    from core.phi.recognizers.identifiers import identifier_recognizers
    from core.phi.recognizers.names import clinical_name_recognizer
    from core.phi.recognizers.phone_cues import phone_cue_recognizer
    from core.phi.recognizers.places import place_recognizers
    from core.phi.recognizers.prefixed_ids import prefixed_id_recognizer

    return [*identifier_recognizers(), date_recognizer(), age_over_89_recognizer(), *place_recognizers(),
            clinical_name_recognizer(), phone_cue_recognizer(), biometric_recognizer(), photo_recognizer(),
            facility_recognizer(), FacilityNerRecognizer(), prefixed_id_recognizer()]
