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


# Round 6: a date grammar by families rather than by listed strings.
# Month names in any case when something makes them a date: an ordinal day ("may 9th"), a year, or the
# full name of a month that is not also an English word ("november 8", "june the 5th").
_MONTH_ANY = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTH_FULL_ANY = r"(?i:january|february|april|june|july|august|september|october|november|december)"
_ORDINAL_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)"
# "January the 3rd", "3rd of May", "the 3rd of January".
_THE = r"(?:[ \t]+the)?"
# Separators inside a numeric date; one date uses one separator (back-reference).
_NUMERIC_SEP = r"[/.-]"
# Words after a month-day pair that make it a range or a quantity ("2-3 days", "4-5 times", "7-8/10").
_NOT_A_RANGE = (r"(?![ \t]*(?:[-/]|%|x\b|(?i:days?|d|wks?|weeks?|months?|mos?|years?|yrs?|hours?|hrs?|h|mins?|"
                r"minutes?|times?|episodes?|attacks?|drinks?|beers?|cigarettes?|cigs?|packs?|ppd|tabs?|tablets?|"
                r"pills?|caps?|capsules?|puffs?|doses?|units?|mg|mcg|ml|cc|g|kg|lbs?|pounds?|cm|mm|inch(?:es)?|"
                r"beats?|breaths?|bpm|cm|points?|pads?|stools?|loose|bowel|servings?|cups?|glasses?|floors?|"
                r"blocks?|steps?|flights?|people|patients|kids|children|nights?|per|a\s+day|a\s+week|"
                r"year[- ]olds?|yo|y/o|out\s+of|of\s+\d|weeks?\s+ago)\b))")
# Words before a number that make it a quantity or a score, not a date ("pain 7-8", "x 2-3", "gcs 14-15").
_QUANTITY_BEFORE = re.compile(
    r"(?i)(?:\b(?:pain|score[sd]?|rated?|rating|scale|x|q|every|about|around|approx(?:imately)?|between|"
    r"last|past|takes?|drinks?|smokes?|level|levels|grade[sd]?|stage[sd]?|gcs|apgars?|bp|hr|rr|sbp|dbp|map|"
    r"temp|sats?|spo2|o2|aged?|ages|age|vision|strength|power|reflexes|murmur|gravida|para|size|"
    r"dilated|cm|station|effaced|ratio|titer|titre|uses?|used|wears?|needs?|walks?|climbs?|eats?|"
    r"lost|gained|wt|weight|ht|height|bmi|inr|ph|vs|versus|from\s+\d+)|[~<>=≈#x×]|\d)"
    r"[ \t:]*$")


def _not_a_quantity(match) -> bool:
    """A month-day without a year is not a range or a score: nothing quantity-like before it."""
    start = match.start("value")
    return not _QUANTITY_BEFORE.search(match.string[max(0, start - 24):start])


def _valid_month_day(value: str) -> bool:
    """ "9-4", "11/14": month 1-12 then day 1-31 (US order), or day then month."""
    return _valid_numeric(value)


def _valid_compact(value: str) -> bool:
    """Eight digits that read as a real date: MMDDYYYY, DDMMYYYY or YYYYMMDD with a year 1880-2039."""
    def real(year: str, a: str, b: str) -> bool:
        y, m, d = int(year), int(a), int(b)
        return 1880 <= y <= 2039 and 1 <= m <= 12 and 1 <= d <= 31
    return real(value[4:], value[:2], value[2:4]) or real(value[4:], value[2:4], value[:2]) or \
        real(value[:4], value[4:6], value[6:])


def _valid_month_year(value: str) -> bool:
    month = int(re.split(r"[/-]", value)[0])
    return 1 <= month <= 12


# Words that say a date follows (or an event that has one): a compact or month-day date is only read after one.
_DATE_CUE = (r"(?<![A-Za-z])(?i:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?|"
             r"on|dated?|dos|dob|d\.o\.b\.?|born|b\.|since|until|till|from|before|after|by|"
             r"seen|saw\s+(?:him|her|them|the\s+(?:patient|pt))|visit(?:ed)?|admit(?:ted)?|discharged?|d/c|dc|"
             r"appt|appointment|check|recheck|due|next|f/u|follow[\s-]?up|return|rtc|scheduled|surgery|procedure|"
             r"lmp|edd|edc|injury|doi|onset|expires?|expir(?:y|ation)|valid\s+(?:until|through|thru|to)|"
             r"effective|lapsed(?:\s+on)?|worked|last\s+day(?:\s+worked)?|drawn|collected|taken|shot|flu|vaccine|"
             r"tdap|booster|rescheduled(?:\s+(?:to|for))?|moved\s+to|a1c|mammo(?:gram)?|ct|mri|echo|scan|x-?ray|"
             r"biopsy|bloods|labs|ultrasound|ekg|ecg|swab|pcr|culture|colonoscopy|endoscopy|op|operation|"
             r"started|stopped|refilled|filled|dose|fell|checked|sent|given|done|last\s+seen(?:\s+well)?|placed|"
             r"changed|missed(?:\s+(?:hd|dialysis|appt|appointment))?|hd|dialysis|accident|implanted|consented|"
             r"enrolled|bitten|bite|fall|fracture|injured|"
             r"delivered|died|deceased|dod|expired|signed|received|faxed|called|vaccinated|immunized|tested|"
             r"positive|negative|diagnosed|dx|treated|operated|removed|inserted|started\s+on|notes\s+from|"
             # "seen at Saint Mary's 2-7", "implanted at Lakeview 04122020": a place between the event and the date
             r"(?:seen|treated|implanted|admitted|was|went)[ \t]+(?:at|in|to)(?:[ \t]+the)?"
             r"(?:(?:(?:[ \t]+(?:of|the|and|&|de|on))?[ \t]+(?-i:[A-Z][\w'’.&-]*)){1,6}|"
             r"[ \t]+(?:clinic|office|the\s+office|ed|er|a&e|urgent\s+care|hospital|surgery)))"
             r"(?:[ \t]+(?:on|at|in|of|from|the))?[:\s]+")


def date_recognizer() -> CuePatternRecognizer:
    """Dates with a day or month element, in the numeric and written forms clinicians use.

    The grammar (round 6) works by families: numeric day-month-year with one separator (slash, dash, dot)
    and a two- or four-digit year; ISO year-first; eight digits run together after a date cue; a month name
    with a day and/or a year in either order, with "the", "of", an ordinal and any capitalisation where the
    form is unambiguous; the month as a word between numbers ("25/Nov/1932", "13jul82"); month and year in
    numbers ("3/2024"); month and day in numbers only after a date cue and not as a range or a score.
    """
    patterns = [
        CuePattern("numeric date", rf"(?<![\d/.-])\d{{1,2}}(?P<sep>{_NUMERIC_SEP})\d{{1,2}}(?P=sep)"
                   rf"(?:{_YEAR}|\d\d)(?![\d/]|\.\d)", 0.85, _valid_numeric),
        CuePattern("iso date", rf"(?<!\d){_YEAR}(?P<sep>[-/.])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12]\d|3[01])"
                   rf"{_TIME}(?!\d)", 0.85),
        CuePattern("month day year", rf"\b{_MONTH}{_THE}\s+{_DAY},?\s+{_YEAR}\b", 0.85),
        CuePattern("month day year, any case", rf"\b{_MONTH_ANY}{_THE}\s+{_DAY},?\s+{_YEAR}\b", 0.8),
        CuePattern("day month year", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_ANY},?\s+{_YEAR}\b", 0.85),
        # "25/Nov/1932", "4-Aug-2026", "13.JUL.82", "25 Nov 1932" (month as a word between numbers).
        CuePattern("day-mon-year", rf"(?<![\w/.-]){_DAY}(?P<sep>[-/. ])(?:{_MONTH_ANY})(?P=sep)(?:{_YEAR}|\d\d)"
                   rf"(?![\w/])", 0.85),
        CuePattern("mon-day-year", rf"(?<![\w/.-]){_MONTH_ANY}(?P<sep>[-/.])(?:{_DAY})(?P=sep)(?:{_YEAR}|\d\d)"
                   rf"(?![\w/])", 0.85),
        CuePattern("compact day-mon-year",
                   rf"(?<![\w/.-])(?:0?[1-9]|[12]\d|3[01]){_MONTH_ABBREV}(?:{_YEAR}|\d\d)(?![\w/])", 0.8),
        CuePattern("month day", rf"\b{_MONTH}{_THE}\s+{_DAY}\b{_NOT_DOSE}(?!,?\s+{_YEAR})(?!:)", 0.7),
        # Lower-case months: with an ordinal ("may 9th", "june the 5th"), or a full name that is no English word.
        CuePattern("month and ordinal, any case", rf"\b{_MONTH_ANY}{_THE}\s+{_ORDINAL_DAY}\b(?!,?\s+{_YEAR})", 0.7),
        CuePattern("full month and day, any case", rf"\b{_MONTH_FULL_ANY}{_THE}\s+{_DAY}\b{_NOT_DOSE}"
                   rf"(?!,?\s+{_YEAR})(?!:)", 0.7),
        CuePattern("day month", rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+{_YEAR})", 0.7),
        CuePattern("ordinal of month, any case", rf"\b(?:the\s+)?{_ORDINAL_DAY}\s+(?:of\s+)?{_MONTH_ANY}(?![\w])"
                   rf"(?!,?\s+{_YEAR})", 0.7),
        CuePattern("month year", rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", 0.6),
        CuePattern("month year, any case", rf"\b{_MONTH_FULL_ANY}\s+(?:of\s+)?{_YEAR}\b", 0.6),
        # "3/2024", "03-2019": a month and a four-digit year.
        CuePattern("numeric month/year", rf"(?<![\d/.-])(?P<value>\d{{1,2}}[/-]{_YEAR})(?![\d/-]|\.\d)", 0.7,
                   _valid_month_year),
        # "DOB 08071995", "since 02222018": eight digits run together, only after a date cue.
        CuePattern("compact eight digits after a cue", rf"{_DATE_CUE}(?P<value>\d{{8}})(?![\d-])", 0.9,
                   _valid_compact),
        # "on 3/14", "saw him 9-4": month and day without a year, after a date cue, not a range or score.
        CuePattern("cued month/day",
                   rf"{_DATE_CUE}(?P<value>\d{{1,2}}(?P<sep>[/-])\d{{1,2}})(?![\d/-])(?!\.\d)"
                   r"(?![ \t]*(?:of|doses?|tabs?|tablets?|murmur|strength|systolic|diastolic|holosystolic|units?|mg)\b)"
                   + _NOT_A_RANGE, 0.7, _valid_month_day, _not_a_quantity),
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
def _not_a_lab_before_verb(match) -> bool:
    """The word before "is 95" is a name, not a lab, a vital sign or a drug ("Sodium is 132,")."""
    from core.phi.lexicon import is_clinical_word

    word = match.group(0).split()[0]
    return not is_clinical_word(word) and word.lower() not in ("it", "this", "that", "there", "which", "what", "total",
                                                               "number", "count", "reading", "result", "today")


def _not_a_lab_before_comma(match) -> bool:
    """The word before ", 95," is a name, not a lab or a vital sign ("Platelets, 95, ...")."""
    from core.phi.lexicon import is_clinical_word

    return not is_clinical_word(match.group(0).split(",")[0].strip())


_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# 90-129 in words: "ninety-six", "one hundred and two", "a hundred and twelve", "hundred-and-one".
_WORDS_90S = (rf"(?P<value>(?i:ninety(?:[- ]{_UNITS_WORD})?|(?:(?:one|a)[ \t-]+)?hundred(?:[ \t-]+and)?"
              rf"(?:[ \t-]+(?:{_TENS_WORD}(?:[- ]{_UNITS_WORD})?|{_TEENS_WORD}|{_UNITS_WORD}))?"
              rf"(?<!twenty)(?<!thirty)(?<!forty)(?<!fifty)))")


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
        # Round 6: "she is ninety-four", "her gran, now a hundred and two,", "turned one hundred".
        CuePattern("age in words after a person and a verb",
                   rf"(?<![A-Za-z])(?i:{_PERSON_WORDS}|they)[ \t]+(?i:{_AGE_VERB}|['’]s)[ \t]+(?:(?i:now|nearly|almost|"
                   rf"just|already)[ \t]+)?\b{_WORDS_90S}(?![\w-])", 0.75),
        # "Betty McCready is 102,", "T. Quigley was 97 when": a capitalised name, a verb, the age, then a break.
        CuePattern("age after a name and a verb",
                   rf"(?<![\w'’-])[{_NAME_UPPER}][\w'’-]+[ \t]+(?i:is|was|turned|turns|just[ \t]+turned|is[ \t]+now)"
                   rf"[ \t]+{_OLD}{_NOT_A_MEASURE}(?=[ \t]*(?:[,;.!?)]|$|\n|(?i:and|but|with|when|today|now|"
                   rf"this|next|last|on|in|years?|yrs?)\b))", 0.7, None, _not_a_lab_before_verb),
        CuePattern("age in words after at and a person",
                   rf"(?<![A-Za-z])(?i:at|by)[ \t]+{_WORDS_90S}[ \t]*,?[ \t]+(?i:she|he|they|the[ \t]+(?:patient|pt)|"
                   rf"pt|patient|mum|mom|dad|gran)\b", 0.75),
        # "Mr. Pell, a hundred and four, lives ...": an age in words set off after a name or a person.
        CuePattern("age in words set off",
                   rf"(?:[{_NAME_UPPER}][\w'’-]+|(?<![A-Za-z])(?i:{_PERSON_WORDS}))[ \t]*[,(][ \t]*(?:(?i:now|aged?)[ \t]+)?"
                   rf"{_WORDS_90S}[ \t]*(?=[,;.)]|$|\n)", 0.7),
        # "at 100 she still does her own shopping", "at 96, he drives": an age after "at" with a person after it.
        CuePattern("age after at and a person",
                   rf"(?<![A-Za-z])(?i:at|by)[ \t]+{_OLD}[ \t]*,?[ \t]+(?i:she|he|they|the[ \t]+(?:patient|pt)|"
                   rf"pt|patient|mum|mom|dad|gran)\b", 0.75),
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
        CuePattern("age set off after a name", rf"[{_NAME_UPPER}][\w'’-]+(?:[ \t]+[{_NAME_UPPER}]\.?)?[ \t]*,[ \t]*{_OLD}[ \t]*"
                   rf"(?:,|[.;](?![\d])|$|\n)", 0.65, None, _not_a_lab_before_comma),
        # "resident desmond eberhardt, 101.": a lower-case name after a person word, then the age.
        CuePattern("age set off after a person and a name",
                   rf"(?<![A-Za-z])(?i:{_PERSON_WORDS})[ \t]+(?:[a-z'’-]+[ \t]+){{0,2}}[a-z'’-]+[ \t]*,[ \t]*{_OLD}"
                   rf"[ \t]*(?:,|[.;](?![\d])|$|\n)", 0.65, None, _not_a_lab_before_comma),
        # Age and sex run together: "94F with dementia", "99M, fall at home", "Handoff: 101F".
        CuePattern("age and sex", rf"(?<![\w.,/+-]){_OLD}[ \t]?(?:[MF]|yo[MF]|y/o[MF])(?![\w/°-])", 0.75, None,
                   _not_a_temperature),
        CuePattern("age in parentheses after a name",
                   rf"(?:\b[{_NAME_UPPER}][a-z'’-]+|\b(?i:pt|patient|resident|woman|man|female|male|mother|father))"
                   rf"[ \t]*\({_OLD}\)", 0.7, None, _not_a_lab),
        CuePattern("age group word", r"(?i:\b(?:nonagenarian|centenarian|supercentenarian)s?\b)", 0.6),
    ]
    return CuePatternRecognizer("AGE_OVER_89", patterns, ["age", "aged", "old", "yo"])
