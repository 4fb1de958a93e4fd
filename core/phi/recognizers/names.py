"""Patient, relative and clinician names in clinical phrasing (Safe Harbor 1).

spaCy's small model misses names that follow clinical shorthand ("pt J.
Smith", "seen by Dr. Quenby", "Brackwell, NP"); these patterns catch the name
after a title, role or relation word, and before a credential.
"""

from __future__ import annotations

import re

from core.phi.lexicon import is_clinical_word
from core.phi.recognizers.base import CuePattern, CuePatternRecognizer

# Upper- and lower-case letters of the Latin scripts (names like "Åsa Laine", "Šárka Ottová").
UPPER = ("A-ZÀ-ÖØ-Þ"
         "ĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿ"
         "ŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ")
LOWER = "a-zß-öø-ÿā-žſ"
# A name: optional initials, one to three capitalised words (hyphens and apostrophes allowed).
_PART = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)?"
_TITLE = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Doctor|Nurse|Sister|Father)\.?"
NAME = rf"(?!{_TITLE}\s)(?:[{UPPER}]\.\s?){{0,2}}{_PART}(?:[ \t]+(?:[{UPPER}]\.?[ \t]?)?{_PART}){{0,2}}"
_ROLE = (r"(?i:pt\.?|patient|seen\s+by|referred\s+by|signed\s+by|reviewed\s+by|discussed\s+with|called|"
         r"attending|resident|provider|pcp|nurse|clinician|caller|name|contact|emergency\s+contact|"
         r"spouse|wife|husband|partner|daughter|son|mother|father|sister|brother|caregiver|guardian|"
         r"grandson|granddaughter|niece|nephew|aunt|uncle|friend|landlord|employer|case\s+manager|"
         r"np|pa|rn|lpn|md|cc|attn|attention|maiden\s+name\s+is|my\s+name\s+is|directed\s+by|"
         r"written\s+by|calls\s+me|call\s+me|named\s+(?:him|her|them)|(?:last|first|sur|given|family)\s*name\??|"
         r"a\s+tribute\s+to|change\s+it\s+to)")
# Exactly two capitalised words, with an optional middle initial: "Ilse Ashgrove", "Ravil G Yefimov".
_FULL = rf"{_PART}[ \t]+(?:[{UPPER}]\.?[ \t]?)?{_PART}"
_SENTENCE_START = r"(?:^|(?<=[.!?;]\s)|(?<=\n))(?!(?i:pt|patient|dr|mr|mrs|ms|mx|nurse|doctor)\b)"
_PATIENT_FACT = (rf"(?=,?[ \t]+(?:(?:DOB|D\.O\.B\.?|MRN|DOD|aged?)\b|\(\d|from[ \t]+[{UPPER}]|"
                 r"(?:called|calls|reports|reported|presents|presented|states|stated|complains|denies|arrived|"
                 r"returns|returned|was[ \t]+seen|is[ \t]+a|was[ \t]+admitted)\b))")
_CREDENTIAL = r"(?:MD|M\.D\.|DO|NP|PA-C|PA|RN|LPN|APRN|FNP-C|FNP|DNP|PharmD|MSW|LCSW|CNM|CNA|MA|PhD)"


_PLACE_FORM = re.compile(r"(?:Mount|Mt\.?|St\.?|Saint)\s")


def _plausible_name(value: str) -> bool:
    """Not a drug, department, month or clinical term ("Patient Portal", "seen by Cardiology"), and not a
    saint or Mount form, which name facilities and places ("Mount Corrie called").
    """
    return not is_clinical_word(value) and not _PLACE_FORM.match(value)


def clinical_name_recognizer() -> CuePatternRecognizer:
    patterns = [
        CuePattern("name after title", rf"\b{_TITLE}\s+(?P<value>{NAME})", 0.9, _plausible_name),
        CuePattern("name after role",
                   rf"(?<![A-Za-z]){_ROLE}[:,]?\s+(?:is\s+|was\s+)?(?:{_TITLE}\s+)?(?P<value>{NAME})", 0.75,
                   _plausible_name),
        # Plain "by" is common in clinical text ("caused by Streptococcus"): two capitalised words only.
        CuePattern("full name after by", rf"(?<![A-Za-z])(?i:by)[ \t]+(?P<value>{_FULL})", 0.6, _plausible_name),
        CuePattern("name before credential", rf"(?P<value>{NAME}),?\s+{_CREDENTIAL}\b(?![a-z])", 0.85,
                   _plausible_name),
        # A full name opening a sentence, followed by what notes say about a patient.
        CuePattern("name opening a sentence", _SENTENCE_START + rf"(?P<value>{_FULL}){_PATIENT_FACT}", 0.7,
                   _plausible_name),
        CuePattern("last, first at start", rf"(?:^|\n)(?P<value>{_PART},\s+{_PART})(?=\s+(?:is|was|a|an|presents|"
                   rf"reports|\(|DOB)\b)", 0.8, _plausible_name),
    ]
    return CuePatternRecognizer("PERSON", patterns, ["dr", "patient", "pt", "mr", "mrs", "ms", "name"],
                                name="ClinicalNameRecognizer")
