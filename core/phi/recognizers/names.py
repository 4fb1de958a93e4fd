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
# One internal capital is allowed: "MacAulay", "McBride", "DeShawn".
_PART = rf"[{UPPER}][{LOWER}'’]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}{LOWER}][{LOWER}'’]+(?:[{UPPER}][{LOWER}]+)?)?"
_TITLE = r"(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Doctor|Nurse|Sister|Father)\.?"
NAME = rf"(?!{_TITLE}\s)(?:[{UPPER}]\.\s?){{0,2}}{_PART}(?:[ \t]+(?:[{UPPER}]\.?[ \t]?)?{_PART}){{0,2}}"
_ROLE = (r"(?i:pt\.?|patient|seen\s+by|referred\s+by|signed\s+by|reviewed\s+by|discussed\s+with|called|"
         r"interpreter|translator|chaplain|social\s+worker|pharmacist|therapist|aide|sitter|doula|coach|"
         r"voicemail\s+for|message\s+(?:for|to)|letter\s+to|follow(?:[\s-]*up)?\s+with|f/u\s+with|"
         r"appo?i?n?t(?:ment)?\s+with|spoke\s+(?:to|with)|talked\s+(?:to|with)|"
         r"(?:transfer\s+note|referral|re|client|name)\s*:|"
         r"attending|resident|provider|pcp|nurse|clinician|caller|name|contact|emergency\s+contact|"
         r"spouse|wife|husband|partner|daughter|son|mother|father|sister|brother|caregiver|guardian|"
         r"grandson|granddaughter|niece|nephew|aunt|uncle|friend|landlord|employer|case\s+manager|"
         r"neighbou?r|landlady|cousin|roommate|housemate|carer|fianc[eé]e?|girlfriend|boyfriend|godmother|godfather|"
         r"(?:step|foster|great-?|grand)(?:mother|father|mom|dad|daughter|son|parent|ma|pa|child)|"
         r"(?:mother|father|son|daughter|brother|sister)-in-law|power\s+of\s+attorney|poa|hcp|proxy|surrogate|"
         r"np|pa|rn|lpn|md|cc|attn|attention|maiden\s+name\s+is|my\s+name\s+is|directed\s+by|"
         r"written\s+by|calls\s+me|call\s+me|named\s+(?:him|her|them)|(?:last|first|sur|given|family)\s*name\??|"
         r"a\s+tribute\s+to|change\s+it\s+to|"
         r"bed\s+\d+[A-Z]?|room\s+\d+[A-Z]?|(?:returned\s+)?call\s+to|sent\s+(?:u|you|over)|needed\s+for|"
         r"registered\s+to|issued\s+to|belongs\s+to|msg\s+from|message\s+from|note\s+from|portal\s+msg\s+from|"
         r"hi\s+(?:it['’]?s|this\s+is)|it['’]s|this\s+is|housemate|flatmate|subscriber|guarantor|policy\s+holder)")
# Exactly two capitalised words, with an optional middle initial: "Ilse Ashgrove", "Ravil G Yefimov".
_FULL = rf"{_PART}[ \t]+(?:[{UPPER}]\.?[ \t]?)?{_PART}"
# Round 6: a full name with a particle or a third part ("Hamid Van Buren", "Moana St. Clair", "Nancy da Silva").
_PARTICLE = r"(?:da|de|del|della|di|du|van|von|der|den|ter|ten|le|la|bin|binti|ibn|al|el|St\.?|Van|Von|De|Da|Di|Du|Le|La|Del)"
_FULL3 = rf"{_PART}[ \t]+(?:[{UPPER}]\.?[ \t]?)?(?:{_PARTICLE}[ \t]+)?{_PART}(?:[ \t]+{_PART})?"
_SENTENCE_START = (r"(?:^|(?<=[.!?;:]\s)|(?<=\n)|(?<=\s[-–—]\s)|(?<=\s/\s))"
                   r"(?!(?i:pt|patient|dr|mr|mrs|ms|mx|nurse|doctor)\b)")
_PATIENT_FACT = (rf"(?=,?[ \t]+(?:(?:DOB|D\.O\.B\.?|MRN|DOD|SSN|aged?|acct|member|Medicaid|Medicare|"
                 rf"\d{{1,3}}[ \t]?(?:yo|y/o|y\.o\.|[MF])|\d{{1,3}}[ \t]+(?:years?|yrs?)|\d{{1,3}}(?:yo|y/o)?[MF]?,)\b|"
                 rf"\((?:\d|DOB|D\.O\.B|MRN|aged?\b)|from[ \t]+[{UPPER}]|"
                 r"(?:turned|turns|lives|lived|asks|asked|wants|needs|ran[ \t]+out|found|fell|can[ \t]+be[ \t]+reached|"
                 r"can['’]t|cannot|says|said|rang|phoned|moved|writes|wrote|refused|declined|speaks|missed|"
                 r"to[ \t]+be|here[ \t]+from|here[ \t]+for|"
                 r"is[ \t]+\d|was[ \t]+\d|has[ \t]+been|will[ \t]+be|came[ \t]+in|brought)\b|"
                 rf"\d{{1,6}}[ \t]+[{UPPER}][{LOWER}]|an?[ \t]+\d{{1,3}}[ \t-]?(?:y|yo|year)|"

                 r"(?:called|calls|reports|reported|presents|presented|states|stated|complains|denies|arrived|"
                 r"returns|returned|was[ \t]+seen|is[ \t]+a|was[ \t]+admitted)\b))")
# "Hye-jin Popescu's fistula bled": a possessive before a body or care word is said of a patient.
_POSSESSIVE_FACT = (r"(?=['’]s[ \t]+(?:fistula|line|port|wound|catheter|drain|stoma|cast|sugars?|bloods?|labs?|meds|MAR|"
                    r"chart|BP|INR|potassium|daughter|son|wife|husband|mother|father|carer|family)\b)")
_FACT = rf"(?:{_PATIENT_FACT}|{_POSSESSIVE_FACT})"
# Initials and a surname: "K. Dunmore", "N.J. Abernethy".
_INITIALED = rf"(?:[{UPPER}]\.[ \t]?){{1,2}}{_PART}"
# A surname in capitals or title case, a comma, a given name: "MARCHETTI, Ifeoma", "Szabo, Violetta".
_INVERTED = rf"(?:[{UPPER}][{UPPER}'’-]{{2,}}(?:[ \t][{UPPER}]{{2,}})?|{_PART}),[ \t]+{_PART}"
_CAPS_SURNAME = (rf"(?:(?:ST\.?|SAINT|VAN|VON|DA|DE|DEL|DELLA|DI|DU|LA|LE|TER|TEN|BIN|AL|EL|DER|DEN)[ \t]+){{0,2}}"
                 rf"[{UPPER}][{UPPER}'’-]+")
_CREDENTIAL = r"(?:MD|M\.D\.|DO|NP|PA-C|PA|RN|LPN|APRN|FNP-C|FNP|DNP|PharmD|MSW|LCSW|CNM|CNA|MA|PhD)"


_PLACE_FORM = re.compile(r"(?:Mount|Mt\.?|St\.?|Saint)\s")


def _plausible_name(value: str) -> bool:
    """Not a drug, department, month or clinical term ("Patient Portal", "seen by Cardiology"), and not a
    saint or Mount form or a name ending in a facility word, which name facilities and places
    ("Mount Corrie called", "of Carrowmere Hospitals").
    """
    from core.phi.facility_words import ends_with_facility_head

    return not is_clinical_word(value) and not _PLACE_FORM.match(value) and not ends_with_facility_head(value)


# Before an inverted name, these make it a place ("in Elko, Nevada") or a facility ("St. Vincent, Rochester").
_PLACE_BEFORE = re.compile(r"(?:\b(?i:in|at|near|from|to|of|outside|visiting)[ \t]+|\b(?:St|Saint|Ste|Mt|Mount)\.?[ \t]+)$")


# Generic nouns that take a letter label ("Vitamin D", "Bed C", "Hepatitis B", "Plan B"): not "Surname X".
from core.phi.lexicon import LABELLED_NOUNS as _LABELLED_NOUNS  # noqa: E402  ("Vitamin D", "Bed C")
# Species after a genus initial ("E. coli", "S. Aureus"): not "F. Surname".
from core.phi.lexicon import SPECIES as _SPECIES  # noqa: E402  ("E. coli", "S. Aureus")
_NOT_INITIALS = frozenset({"U.S.", "U.K.", "D.C.", "P.O.", "A.M.", "P.M.", "E.R.", "E.D.", "O.R.", "I.V.", "N.B.",
                           "U.S", "D.C", "P.O", "A.M", "P.M"})


def _surname_and_initial(value: str) -> bool:
    """ "Schultz T", "Ibarra-Soto G": a surname, not a labelled noun ("Vitamin D") or clinical term."""
    word = value.split()[0]
    return _plausible_name(word) and word.lower() not in _LABELLED_NOUNS and len(word) >= 2 and \
        not _is_common_word(word)


def _not_pronoun_or_article(match) -> bool:
    """ "Can I get ...", "Is A ok": "I" or "A" before a lower-case word is English, not an initial."""
    value = match.group("value")
    return not (value[-1] in "IA" and re.match(r"[ \t]+[a-z]", match.string[match.end():match.end() + 3]))


def _initial_and_surname(value: str) -> bool:
    """ "M. Eberhardt", "P. MacLeod": a surname after initials, not a genus and species ("E. coli")."""
    initials, _, surname = value.rpartition(" ") if " " in value else (value[:-len(value.split(".")[-1])], "",
                                                                       value.split(".")[-1])
    surname = surname.strip()
    compact = value[:len(value) - len(surname)].replace(" ", "")
    return _plausible_name(surname) and surname.lower() not in _SPECIES and compact not in _NOT_INITIALS and \
        not _is_common_word(surname)


def _caps_inverted(value: str) -> bool:
    """ "BEAUCHESNE, MARGARET": both parts are name-like words in capitals, not abbreviations or terms."""
    from core.phi.lexicon import is_state_or_country

    parts = [p.strip() for p in value.split(",")]
    for part in parts:
        letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", part)
        if len(letters) < 2 or not re.search(r"[AEIOUYÀ-Ÿ]", letters.upper()):
            return False
        if is_clinical_word(part) or is_state_or_country(part) or _is_common_word(part.split()[-1]):
            return False
    given = re.sub(r"[ \t]+[A-Z]\.?$", "", parts[1])
    return len(re.sub(r"[^A-Za-z]", "", given)) >= 3


# Common English words that open clauses or label things in capitals ("NOTE, PLEASE", "Plan B", "Take C").
_COMMON_WORDS = frozenset("""
the a an and or but if then so as at by for from in into of on to with without is are was were be been am do does
did done has have had not no yes ok okay please note notes see seen call called take taken give given make made
check new old next last first second third other another all any some each every this that these those there here
today tonight now later soon again also only just still very more most less least much many few per via re cc attn
urgent stat warning alert important update reminder attention caution total final plan option review follow
can could will would should may might must shall get got let hello hi dear thanks thank sorry why
said says told tells took takes came comes went goes gets has had being feels felt seems looks wants needs asks
reports denies states notes wanted needed asked reported denied stated noted left right back home well better worse
fine good bad pain
i me my we us our you your he him his she her it its they them their who whom which what when where why how
sorry something nothing anything everything someone anyone everyone somebody anybody nobody hello thanks
infant baby toddler child newborn extra help
""".split())


def _is_common_word(word: str) -> bool:
    return word.strip(".,;:'’").lower() in _COMMON_WORDS


# Round 6: names written in lower case ("pt ruth gutierrez", "re: jean-luc thorncastle", "marie-claire da silva").
_LOWER_WORD = rf"[{LOWER}][{LOWER}'’]+(?:-[{LOWER}][{LOWER}'’]+)?"
_LOWER_PARTICLE = r"(?:da|de|del|della|di|du|van|von|der|den|ter|ten|le|la|st\.?|bin|al|el)"
_LOWER_FULL = (rf"{_LOWER_WORD}[ \t]+(?:[{LOWER}]\.?[ \t]+)?(?:{_LOWER_PARTICLE}[ \t]+){{0,2}}{_LOWER_WORD}"
               rf"(?:-{_LOWER_WORD})?")
_LOWER_BREAK = (r"(?=[ \t]*(?:[,.;:?!)(\"]|$|\n|['’]s\b|[ \t]+(?:\d{1,3}[ \t]?(?:yo|y/o|[mfMF])\b|\d{1,3}(?:yo|[MF])|to\b|is\b|"
                r"was\b|asking|asks|asked|called|calls|rang|phoned|says|said|dob\b|mrn\b|here\b|has\b|had\b|wants|re\b|"
                r"about\b|regarding\b|at\b)))")


def _lower_name(value: str) -> bool:
    """A lower-case name: the first word a listed given name, no word a common or clinical word, and
    the last word no verb form ("pt ruth gutierrez" yes; "pt will need", "pt denies pain" no)."""
    from core.phi.name_lists import any_case_given_names

    words = [w for w in value.split() if not re.fullmatch(_LOWER_PARTICLE + r"|[a-z]\.?", w)]
    if len(words) < 2 or words[0].split("-")[0] not in any_case_given_names():
        return False
    if any(_is_common_word(w) or is_clinical_word(w) for w in words):
        return False
    return not re.fullmatch(r"[a-z'’-]+(?:ing|ed|ly)", words[-1])


# Endings of English adjectives, adverbs and verb forms ("afebrile", "comfortable", "overnight", "tolerating").
_NOT_NAME_ENDING = re.compile(r"[a-z'’-]*(?:ing|ed|ly|ble|ous|ive|ful|less|ary|ory|ish|ight|day|ness|ment|tion|sion|"
                              r"ward|wards|self|thing|body|one|where|ever)")


def _unlisted_lower_name(value: str) -> bool:
    """After a strong patient cue and before a break: a lower-case pair of name-like words even when the given
    name is not listed ("pt kalani ivanova,", "pt (orla kilbride)"); no common or clinical word, no word with
    an adjective, adverb or verb ending, each of three letters or more."""
    if _lower_name(value):
        return True
    words = [w for w in value.split() if not re.fullmatch(_LOWER_PARTICLE + r"|[a-z]\.?", w)]
    if len(words) < 2 or any(len(w) < 3 for w in words):
        return False
    return not any(_is_common_word(w) or is_clinical_word(w) or _NOT_NAME_ENDING.fullmatch(w) for w in words)


def _inverted_name(value: str) -> bool:
    """Both parts of "Surname, Given" are plausible names and neither is a state, a country or a
    clinical word ("Lasix, Coumadin", "Elko, Nevada" and "CT, Abdomen" are not names)."""
    from core.phi.lexicon import is_state_or_country

    parts = [p.strip() for p in value.split(",")]
    if any(p.rstrip(".") in ("St", "Ste", "Mt", "Saint", "Mount", "Dr", "Mr", "Mrs", "Ms") for p in parts):
        return False  # "Dr. Rankin, St. Luke's": a person and a saint-named facility, not "Surname, Given"
    return all(_plausible_name(p) and not is_state_or_country(p) for p in parts)


def _inverted_not_after_place_cue(match) -> bool:
    return not _PLACE_BEFORE.search(match.string[max(0, match.start() - 12):match.start()])


_NOT_A_PERSON_BEFORE = re.compile(r"\b(?:St|Saint|Ste|Mt|Mount)\.?[ \t]+$")


def _given_name_alone(match) -> bool:
    """A listed given name ("drive Kwabena to ...", "Marisol's sugars"), not a saint or Mount form."""
    from core.phi.name_lists import given_names

    value = match.group("value")
    return value in given_names() and not _NOT_A_PERSON_BEFORE.search(match.string[max(0, match.start() - 10):
                                                                                    match.start()])


_PERSON_VERB_AFTER = re.compile(
    r"^(?:['’]s[ \t]+(?:[A-Z]{2,}|[a-z]+)|[ \t]+(?:says|said|writes|wrote|missed|asks|asked|called|calls|rang|phoned|"
    r"wants|wanted|needs|needed|reports|reported|denies|refused|declined|left|came|went|arrived|fell|is\s+(?:here|"
    r"asking|upset|worried|due|back|home)|was\s+(?:seen|here|told|asked)|has\s+(?:been|had|a|no)|had\s+(?:a|no)|"
    r"will\s+(?:call|come|bring|be)|at\s+(?:\+|\(|\d))\b)")
_PERSON_CUE_BEFORE = re.compile(r"(?i)(?:\b(?:call(?:ed)?(?:\s+back)?(?:\s+to)?|ring|rang|phone(?:d)?(?:\s+to)?|"
                                r"ask(?:ed)?\s+for|tell|told|remind|text|email|paged?|message(?:d)?)[ \t]+)$")


def _given_name_in_context(match) -> bool:
    """A listed given name, any list, where a person is meant: a call/ask word before it, or a person's verb or
    a possessive after it; not a saint or Mount form, not after a title (the title pattern has it)."""
    from core.phi.name_lists import any_case_given_names

    value = match.group("value")
    if value.lower() not in any_case_given_names() or is_clinical_word(value):
        return False
    start = match.start("value")
    before = match.string[max(0, start - 30):start]
    if _NOT_A_PERSON_BEFORE.search(before[-10:]):
        return False
    after = match.string[match.end("value"):match.end("value") + 30]
    return bool(_PERSON_CUE_BEFORE.search(before) or _PERSON_VERB_AFTER.match(after))


def clinical_name_recognizer() -> CuePatternRecognizer:
    patterns = [
        CuePattern("name after title", rf"\b{_TITLE}\s+(?P<value>{NAME})", 0.9, _plausible_name),
        CuePattern("name after role",
                   rf"(?<![A-Za-z]){_ROLE}[:,]?\s+(?:is\s+|was\s+)?(?:{_TITLE}\s+)?(?P<value>{NAME})", 0.75,
                   _plausible_name),
        # Plain "by" is common in clinical text ("caused by Streptococcus"): two capitalised words only.
        CuePattern("full name after by", rf"(?<![A-Za-z])(?i:by)[ \t]+(?P<value>{_FULL})", 0.6, _plausible_name),
        # "the outside records of Hyacinth MacAulay", "device check for Osric Yardley": weaker still.
        # Round 6: "for Umaima Owusu denied", "notes for Carol T Nakamura DOB ...": after "for", any lower-case word.
        CuePattern("full name after for", rf"(?<![A-Za-z])(?i:for)[ \t]+(?P<value>{_FULL})(?=[ \t]+(?:[a-z]|DOB\b|MRN\b|\d))",
                   0.5, _plausible_name),
        CuePattern("full name after for/of/with", rf"(?<![A-Za-z])(?i:for|of|with|on)[ \t]+(?P<value>{_FULL}|{_INITIALED})"
                   rf"(?=[ \t]*(?:[.,;:)]|$|\n|[ \t]+(?:at|about|re|who|is|was|and|on|in)\b))", 0.5, _plausible_name),
        CuePattern("name before credential", rf"(?P<value>{NAME}),?\s+{_CREDENTIAL}\b(?![a-z])(?![ \t]+\d{{5}})", 0.85,
                   _plausible_name),
        # A full name opening a sentence, followed by what notes say about a patient.
        # "staff, Callum (98) has had ...": a single name right before an age in parentheses.
        CuePattern("name before an age", rf"(?<![\w'’-])(?P<value>{_PART})[ \t]*\((?:9\d|1[0-2]\d|[1-8]?\d)"
                   rf"(?:[ \t]*(?:yo|y/o|y\.o\.|[MF]))?\)", 0.6, _plausible_name),
        CuePattern("name opening a sentence", _SENTENCE_START + rf"(?P<value>{_FULL}){_FACT}", 0.7,
                   _plausible_name),
        # "N.C. Nwachukwu called back", "T. Ossington asks ...": initials and a surname open the sentence.
        CuePattern("initials and surname opening a sentence",
                   _SENTENCE_START + rf"(?P<value>(?:[{UPPER}]\.[ \t]?){{1,2}}{_PART}){_PATIENT_FACT}", 0.7,
                   _plausible_name),
        # "Per Quenby at the front desk", "per Ilse Brandvold, the daughter": a source named by "per".
        CuePattern("name after per", rf"(?<![A-Za-z])(?i:per)[ \t]+(?P<value>{NAME})(?=[ \t]*,|[ \t]+(?:at|from|in|of|"
                   rf"on|who|the)\b)", 0.6, _plausible_name),
        # "for Honeycutt, Wendell.", "bed 12, Yilmaz, Ifeoma, 97F", "PARK, Violetta turned 92": an inverted
        # name where a name goes; neither part may be a place, a state or clinical vocabulary.
        CuePattern("inverted name", rf"(?<![\w'’-])(?P<value>{_INVERTED}(?:[ \t]+[{UPPER}]\.?(?![\w'’-]))?)"
                   rf"(?![\w'’-])(?=[ \t]*(?:[,.;:)(\"?!/]|$|\n|"
                   rf"[ \t]+(?:is|was|turned|turns|ran|called|calls|asks|asked|who|reports|presents|DOB|MRN|aged?|"
                   rf"rang|phoned|moved|speaks|denied|to|at|for|from|has|had|here|\d{{1,3}}[ \t]?[MF]|\d{{1,3}}yo)\b))",
                   0.6, _inverted_name, _inverted_not_after_place_cue),
        # Round 5: a single given name from resources/phi/given_names.txt, with no role word before it.
        CuePattern("given name alone", rf"(?<![\w'’-])(?P<value>[{UPPER}][{LOWER}]+)(?![\w-])", 0.5, None,
                   _given_name_alone),
        # Round 6: name shapes that need no cue word.
        # "BEAUCHESNE, MARGARET", "O'SHAUGHNESSY, BRIAN", "ST. CLAIR, BRIGID", "VAN BUREN, ISADORA J."
        CuePattern("inverted name in capitals",
                   rf"(?<![\w'’.-])(?P<value>{_CAPS_SURNAME},[ \t]+[{UPPER}][{UPPER}'’-]+(?:[ \t]+[{UPPER}]{{2,}})?"
                   rf"(?:[ \t]+[{UPPER}]\.?)?)(?![\w'’-])", 0.7, _caps_inverted),
        # "Schultz T called", "for Ibarra-Soto G?", "resident Bergstrom R, 102": a surname and one initial.
        CuePattern("surname and initial", rf"(?<![\w'’.-])(?P<value>{_PART}[ \t]+[{UPPER}])(?![\w'’-]|\.[ \t]*[{LOWER}]|"
                   rf"\.\w|[ \t]+[{UPPER}][{LOWER}])", 0.6, _surname_and_initial, _not_pronoun_or_article),
        # "M. Eberhardt", "P. MacLeod", "N.J. Abernethy": initials and a surname anywhere.
        CuePattern("initials and surname", rf"(?<![\w.'’-])(?<!\d[ \t])(?P<value>(?:[{UPPER}]\.[ \t]?){{1,2}}{_PART})"
                   rf"(?![\w'’-])", 0.6, _initial_and_surname),
        # "S/O to nights: Hamid Van Buren 107yo", "Spoke to the RN: Moana St. Clair's fistula".
        CuePattern("name with a particle opening a sentence", _SENTENCE_START + rf"(?P<value>{_FULL3}){_FACT}",
                   0.65, _plausible_name),
        # Round 6: lower-case names after a patient cue, after a weaker cue before a break, or opening a line.
        CuePattern("lower-case name after patient cue",
                   rf"(?<![A-Za-z])(?i:pt|patient|re|resident|pharmacist|client|see|name|caller|for\s+pt|of\s+pt)"
                   rf"(?:[ \t]*:)?[ \t]+\(?(?P<value>{_LOWER_FULL})(?![\w'’-])", 0.6, _lower_name),
        CuePattern("unlisted lower-case name after patient cue",
                   rf"(?<![A-Za-z])(?i:pt|patient|resident|re)(?:[ \t]*:)?[ \t]+\(?(?P<value>{_LOWER_FULL})(?![\w'’-])"
                   rf"(?=[ \t]*\)|,?[ \t]*(?i:mrn|dob|d\.o\.b|acct|ssn)\b|,?[ \t]+\d{{1,3}}[ \t]?(?:yo|y/o|[mfMF])\b)", 0.55,
                   _unlisted_lower_name),
        CuePattern("lower-case name after cue", rf"(?<![A-Za-z])(?i:for|from|to|of|by|with|called|msg|note|"
                   rf"message)[ \t]+(?P<value>{_LOWER_FULL})(?![\w'’-]){_LOWER_BREAK}", 0.55, _lower_name),
        CuePattern("lower-case name opening a line", rf"(?:^|(?<=[.!?;:]\s)|(?<=\n)|(?<=\s[-–—]\s))(?P<value>{_LOWER_FULL})"
                   rf"(?![\w'’-]){_LOWER_BREAK}", 0.55, _lower_name),
        # Round 6: a single capitalised given name (curated or census list) where a person is meant: after a
        # call/ask/tell word, or before a person's verb or a possessive ("ask for Thaddeus's MAR",
        # "Thaddeus missed two sessions", "returned call to Kalani at ...").
        CuePattern("given name in a person context",
                   rf"(?:(?<![A-Za-z])(?i:call(?:ed)?(?:\s+back)?(?:\s+to)?|ring|rang|phone(?:d)?(?:\s+to)?|ask(?:ed)?\s+for|"
                   rf"ask|tell|told|remind|text|email|page|paged|message(?:d)?|see|saw|for|with|and|to)[ \t]+)?"
                   rf"(?<![\w'’-])(?P<value>[{UPPER}][{LOWER}]{{2,}}(?:-[{LOWER}{UPPER}][{LOWER}]+)?)(?![\w-])", 0.55, None,
                   _given_name_in_context),
        CuePattern("last, first at start", rf"(?:^|\n)(?P<value>{_PART},\s+{_PART})(?=\s+(?:is|was|a|an|presents|"
                   rf"reports|\(|DOB)\b)", 0.8, _plausible_name),
    ]
    return CuePatternRecognizer("PERSON", patterns, ["dr", "patient", "pt", "mr", "mrs", "ms", "name"],
                                name="ClinicalNameRecognizer")
