"""Full dates and ages over 89 (Safe Harbor 3); bare years and ages up to 89 stay.

Every element of a date except the year is PHI: "03/14/2019", "March 14",
"March 2019". A bare year ("in 2019") is not, and neither are relative times
("2 days ago") or clock times. Ages count only above 89.
"""

from __future__ import annotations

import re

from core.phi.recognizers.base import CuePattern, CuePatternRecognizer

_MONTH_NAMES = ("Jan(?:uary)?", "Feb(?:ruary)?", "Mar(?:ch)?", "Apr(?:il)?", "May", "June?", "July?", "Aug(?:ust)?",
                "Sep(?:t(?:ember)?)?", "Oct(?:ober)?", "Nov(?:ember)?", "Dec(?:ember)?")
# Title case and capitals ("Mar", "MAR", "MARCH"): a lower-case "may" or "mar" is a word, not a month.
_MONTH = "(?:" + "|".join(_MONTH_NAMES + tuple(m.upper() for m in _MONTH_NAMES)) + r")\.?"
# Clinic shorthand glues a day, a month and a year together ("13jul82", "04MAR2019"): any case there.
_MONTH_ABBREV = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
# Units that turn "May 5" into a dose ("May 5 mg" is not a date).
_NOT_DOSE = r"(?!\s*(?:mg|mcg|ml|mL|g|kg|units?|%|mmol))"


def _valid_numeric(value: str) -> bool:
    """A numeric date whose first two parts can be month/day or day/month."""
    parts = [int(p) for p in re.split(r"[/.-]", value)[:2]]
    a, b = parts
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)


def date_recognizer() -> CuePatternRecognizer:
    """Dates with a day or month element, in the numeric and written forms clinicians use."""
    patterns = [
        CuePattern("numeric date", rf"(?<![\d/.-])\d{{1,2}}[/-]\d{{1,2}}[/-](?:{_YEAR}|\d\d)(?![\d/])", 0.85,
                   _valid_numeric),
        CuePattern("dotted date", rf"(?<![\d.])\d{{1,2}}\.\d{{1,2}}\.{_YEAR}(?!\d|\.\d)", 0.9, _valid_numeric),
        CuePattern("iso date", rf"(?<!\d){_YEAR}[-/](?:0?[1-9]|1[0-2])[-/](?:0?[1-9]|[12]\d|3[01]){_TIME}(?!\d)",
                   0.85),
        CuePattern("month day year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", 0.85),
        CuePattern("day month year", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", 0.85),
        CuePattern("day-mon-year", rf"\b{_DAY}-{_MONTH}-(?:{_YEAR}|\d\d)\b", 0.85),
        CuePattern("mon-day-year", rf"\b{_MONTH}-{_DAY}-(?:{_YEAR}|\d\d)\b", 0.85),
        CuePattern("compact day-mon-year",
                   rf"(?<![\w/.-])(?:0?[1-9]|[12]\d|3[01]){_MONTH_ABBREV}(?:{_YEAR}|\d\d)(?![\w/])", 0.8),
        CuePattern("month day", rf"\b{_MONTH}\s+{_DAY}\b{_NOT_DOSE}(?!,?\s+{_YEAR})(?!:)", 0.7),
        CuePattern("day month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+{_YEAR})", 0.7),
        CuePattern("month year", rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", 0.6),
        # "on 3/14": a slash date without a year only counts after a date cue ("pain 7/10" is a score).
        CuePattern("cued month/day",
                   r"(?<![A-Za-z])(?i:on|dated?|dos|dob|d\.o\.b\.?|seen|admitted|discharged|visit|appt|"
                   r"appointment|since|until|born|check|recheck|due|next|f/u|follow[\s-]?up|return|rtc|scheduled|"
                   r"surgery|procedure|lmp|edd|edc|injury|doi|onset|expires?|"
                   # round 5: an event before the date ("labs drawn 2/21", "flu shot 3/6", "fell 10/27")
                   r"drawn|collected|shot|flu|vaccine|tdap|booster|rescheduled(?:\s+(?:to|for))?|moved\s+to|a1c|mammo(?:gram)?|ct|mri|echo|started|stopped|"
                   r"refilled|filled|dose|fell|checked|sent|given|done|last\s+seen|placed|changed)[:\s]+"
                   r"(?P<value>\d{1,2}/\d{1,2})(?![\d/])(?![ \t]*(?:of|doses?|tabs?|tablets?|murmur|strength|"
                   r"systolic|diastolic|holosystolic|units?|mg)\b)",
                   0.7, _valid_numeric),
    ]
    return CuePatternRecognizer("DATE", patterns, ["dob", "birth", "admitted", "discharged", "date", "died"])


_OLD = r"(?P<value>9\d|1[0-2]\d)"
_NAME_UPPER = "A-ZÀ-Ö"


def _not_a_lab(match) -> bool:
    """The word before "(93)" is a name or a person, not a lab, a vital sign or a drug ("Platelets (95)")."""
    from core.phi.lexicon import is_clinical_word

    word = match.group(0).split("(")[0].strip()
    return word.lower() in ("pt", "patient", "resident", "woman", "man", "female", "male", "mother", "father") \
        or not is_clinical_word(word)
def _not_a_lab_before_comma(match) -> bool:
    """The word before ", 95," is a name, not a lab or a vital sign ("Platelets, 95, ...")."""
    from core.phi.lexicon import is_clinical_word

    return not is_clinical_word(match.group(0).split(",")[0].strip())


_WORDS_90S = (r"(?P<value>(?i:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
              r"one\s+hundred(?:\s+and)?(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|ten))?))")


# Safe Harbor allows the aggregate "90 or older"; that wording is not an age.
_AGGREGATE = r"(?!\s*(?:\+|(?:or|and)\s+(?:older|over|above)))"


# People an age is said of: "Great-grandmother, 93, is ...", "her uncle (96)", "the resident is 94".
_PERSON_WORDS = (r"(?:pt|patient|resident|client|she|he|who|woman|man|lady|gentleman|gent|female|male|widow|widower|"
                 r"husband|wife|spouse|partner|neighbou?r|sister|brother|cousin|friend|"
                 r"(?:great[- ]?)*(?:grand[- ]?)?(?:mother|father|mom|dad|ma|pa|parent|aunt|uncle|ma'am)|"
                 r"(?:great[- ]?)*grand(?:ma|pa|mother|father|mom|dad|parent|aunt|uncle)|"
                 r"(?:mother|father)[- ]in[- ]law|nan|nana|nanna|granny|gran|gramps|grampa|widowed)")
_AGE_VERB = r"(?:is|was|turned|turns|will[ \t]+be|is[ \t]+now|just[ \t]+turned|has[ \t]+turned|recently[ \t]+turned)"
# What makes a number after "is" or "turned" a measure instead ("is 95%", "turned 90 degrees").
_NOT_A_MEASURE = r"(?![\d.,/]\d|[ \t]*(?:%|mg|kg|lbs?|bpm|mmhg|/|°|degrees?|min|minutes|mph|ml|cc|units?)\b|[ \t]*%)"
# Temperature cues: "T 99F", "temp 100F" are Fahrenheit, not an age and a sex.
_TEMPERATURE_BEFORE = re.compile(r"(?i)(?:\btemps?|\btmax|\bt|fever|febrile|afebrile|°)[ \t:=]*(?:of[ \t]+)?$")


def _not_a_temperature(match) -> bool:
    """ "99F" after "T" or "temp" is a temperature; after anything else it is an age and a sex ("99F, fall")."""
    return not _TEMPERATURE_BEFORE.search(match.string[max(0, match.start() - 12):match.start()])


def age_over_89_recognizer() -> CuePatternRecognizer:
    """Ages of 90 and above in the ways clinical notes write an age; 89 and below never match."""
    year_word = r"(?i:\s*-?\s*(?:years?|yrs?|y/o|y\.o\.?|yo|yr)(?:[- ]old)?(?![A-Za-z]))"
    patterns = [
        CuePattern("age before years", rf"(?<![\d.,/]){_OLD}{year_word}{_AGGREGATE}", 0.85),
        CuePattern("age after cue", rf"(?<![A-Za-z])(?i:aged?|age\s+of|at\s+age)\s*[:=]?\s*{_OLD}(?!\d|[.,/]\d)"
                   rf"{_AGGREGATE}", 0.85),
        CuePattern("age in words", rf"\b{_WORDS_90S}{year_word}", 0.8),
        CuePattern("age after a person and a verb",
                   rf"(?<![A-Za-z])(?i:{_PERSON_WORDS})[ \t]+(?i:{_AGE_VERB})[ \t]+{_OLD}{_NOT_A_MEASURE}\b", 0.8),
        # "Mrs. Ode turned 100", "Teodor turns 92 in May": "turned" with a number is an age unless a unit follows.
        CuePattern("age after turned", rf"(?<![A-Za-z])(?i:turned|turns|turning)[ \t]+{_OLD}{_NOT_A_MEASURE}\b"
                   rf"{_AGGREGATE}", 0.75),
        # "Great-grandmother, 93, is the main support", "her uncle (96) lives alone".
        CuePattern("age set off after a person",
                   rf"(?<![A-Za-z])(?i:{_PERSON_WORDS})[ \t]*(?:,[ \t]*|\([ \t]*){_OLD}[ \t]*(?=[,)]|[ \t]*$)", 0.75),
        # A caller's own age: "I'm 100 and my feet are numb", "I am 93".
        CuePattern("age after I am", rf"(?<![A-Za-z])(?i:i['’]m|i[ \t]+am)[ \t]+{_OLD}{_NOT_A_MEASURE}\b"
                   rf"(?![ \t]*(?:lbs?|pounds|kg|on|off|over))", 0.7),
        # "resident Jarrah Villanueva, 101, found on floor": a capitalised name, then the age set off by commas.
        CuePattern("age set off after a name", rf"[{_NAME_UPPER}][a-z'’-]+[ \t]*,[ \t]*{_OLD}[ \t]*,", 0.65, None,
                   _not_a_lab_before_comma),
        # Age and sex run together: "94F with dementia", "99M, fall at home", "Handoff: 101F".
        CuePattern("age and sex", rf"(?<![\w.,/+-]){_OLD}[ \t]?(?:[MF]|yo[MF]|y/o[MF])(?![\w/°-])", 0.75, None,
                   _not_a_temperature),
        CuePattern("age in parentheses after a name",
                   rf"(?:\b[{_NAME_UPPER}][a-z'’-]+|\b(?i:pt|patient|resident|woman|man|female|male|mother|father))"
                   rf"[ \t]*\({_OLD}\)", 0.7, None, _not_a_lab),
        CuePattern("age group word", r"(?i:\b(?:nonagenarian|centenarian|supercentenarian)s?\b)", 0.6),
    ]
    return CuePatternRecognizer("AGE_OVER_89", patterns, ["age", "aged", "old", "yo"])
