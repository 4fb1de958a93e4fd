"""References to biometric identifiers and full-face images (Safe Harbor 16 and 17).

A note that a fingerprint or a face photograph exists points at data that
identifies the patient, so the reference itself is reported. Clinical eye
examinations ("retinal exam", "diabetic retinal screening") are not biometrics
and do not match.
"""

from __future__ import annotations

import re

from core.phi.recognizers.base import CuePattern, CuePatternRecognizer

_BIOMETRIC = (r"(?i:\b(?:finger\s?prints?|thumb\s?prints?|palm\s?prints?|retina(?:l)?\s+scans?|iris\s+scans?|"
              r"voice\s?prints?|voice\s+signatures?|facial\s+(?:geometry|recognition(?:\s+templates?)?)|"
              r"face\s+(?:geometry|templates?)|hand\s+geometry|(?:palm|finger|hand)[\s-]?veins?\s+(?:scans?|patterns?|prints?|"
              r"templates?|ids?)|gait\s+signatures?|dna\s+(?:profiles?|fingerprints?)|"
              r"biometric\s+(?:identifiers?|templates?|data|scans?|signatures?|ids?|logins?)|"
              r"(?:finger|thumb|palm|iris)[\s-]?(?:scans?|templates?)|(?:face|facial)[\s-]?(?:scans?|templates?)|"
              r"facial[\s-]recognition(?:\s+(?:scans?|templates?|images?|data))?|"
              # Round 6, a grammar: a body trait that identifies, and what was captured of it
              # ("iris image", "voice sample", "palm-vein pattern", "ear print"); retinal images are eye exams.
              r"(?:iris|voice|speaker|palm|finger|thumb|hand|ear|vein|gait|keystroke|signature|dna)[\s-]?"
              r"(?:images?|scans?|samples?|prints?|templates?|patterns?|signatures?|biometrics?|recordings?\s+for\s+id|"
              r"id|enrol(?:l)?ments?|captures?|matches|match|readers?|logins?|unlock))\b)")
# Photos of a hand or a finger are wound and rash pictures; a signature or DNA sample is not a biometric reference.
_NOT_BIOMETRIC = re.compile(r"(?i)(?:hand|finger|thumb|palm|ear|vein)[\s-]?images?|(?:signature|dna|voice)[\s-]?samples?"
                            r"(?<!voice sample)(?<!voice-sample)|signature[\s-]?(?:id|match|capture)")


def _a_biometric(match) -> bool:
    return not _NOT_BIOMETRIC.fullmatch(match.group(0))
_PHOTO = (r"(?i:\b(?:full[-\s]face\s+(?:photo(?:graph)?s?|images?|pictures?)|facial\s+(?:photo(?:graph)?s?|"
          r"images?|pictures?)|photo\s?ids?|photo(?:graph)?s?\s+of\s+(?:the\s+)?(?:patient|pt)(?:'s)?\s+face|"
          r"(?:patient|pt)\s+photo(?:graph)?s?|head\s?shots?|selfies?|mug\s?shots?|passport\s+photo(?:graph)?s?|"
          r"face\s+photo(?:graph)?s?|"
          # Round 6: "face picture", "facial snapshot", "face shot", "picture of the face" in any order of words
          r"(?:full[-\s])?(?:face|facial|frontal\s+face)[\s-](?:pictures?|pics?|images?|snap\s?shots?|shots?|portraits?|"
          r"photos?|captures?(?!\s+(?:template|scan)))|"
          # "photo of her face", "close-up of the face", "picture of his face"
          r"(?:photo(?:graph)?s?|pictures?|pics?|images?|snap\s?shots?|close[\s-]?ups?|shots?)\s+of\s+"
          r"(?:the|her|his|their|your|my|(?:the\s+)?(?:patient|pt)['’]?s?)\s+faces?|"
          # "portrait photo", "passport-style photo", "front-facing photo", "ID photo", "head-and-shoulders shot"
          r"(?:portrait|passport[\s-]style|front[\s-]facing|frontal|id|identification|head[\s-]and[\s-]shoulders)"
          r"\s+(?:photo(?:graph)?s?|pictures?|images?|shots?))\b)")


def biometric_recognizer() -> CuePatternRecognizer:
    return CuePatternRecognizer("BIOMETRIC", [CuePattern("biometric reference", _BIOMETRIC, 0.8, None, _a_biometric)],
                                ["biometric", "identity", "enrolled"])


def photo_recognizer() -> CuePatternRecognizer:
    return CuePatternRecognizer("PHOTO", [CuePattern("face image reference", _PHOTO, 0.8)],
                                ["photo", "image", "picture"])
