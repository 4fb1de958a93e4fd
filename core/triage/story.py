"""Read a free-text story ("A 48-year-old woman presents with …") into facts.

Extracts what the red-flag rules and the prompt need: age, sex, race/ethnicity
when stated, vital signs, pregnancy, findings with their assertion status
(active / denied / past / family / hypothetical), medicines and allergies.
Everything here is deterministic and offline; nothing is guessed that the text
does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.triage.lexicon import Lexicon, Mention, normalise

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}
_NUMBER = r"(\d{1,3}(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNIT_YEARS = {"year": 1.0, "yr": 1.0, "month": 1 / 12, "mo": 1 / 12, "week": 7 / 365.25, "wk": 7 / 365.25,
               "day": 1 / 365.25}

AGE_PATTERNS = [
    re.compile(rf"\b{_NUMBER}[\s-]*(year|yr|month|mo|week|wk|day)s?[\s-]*old\b"),
    re.compile(r"\baged?\s*:?\s*(\d{1,3}(?:\.\d+)?)()\b(?!\s*(?:%|mmol|kg|cm))"),
    re.compile(r"\b(\d{1,3})\s*(?:yo|y/o|y\.o\.|yrs? old)()(?!\w)"),
    # Clinical shorthand at the start of a note: "45M", "pt is a 72F".
    re.compile(r"^(?:(?:pt|patient)(?: is)?\s+)?(?:an?\s+)?(\d{1,3})\s?()(?:m|f)\b"),
]
_SHORTHAND_SEX = re.compile(r"^(?:(?:pt|patient)(?: is)?\s+)?(?:an?\s+)?\d{1,3}\s?(m|f)\b")

FEMALE_NOUNS = ("woman", "female", "girl", "lady", "mother-to-be")
MALE_NOUNS = ("man", "male", "boy", "gentleman")
_NOUN = re.compile(r"\b(" + "|".join(FEMALE_NOUNS + MALE_NOUNS) + r")\b")
_SHE = re.compile(r"\b(she|her|hers|herself)\b")
_HE = re.compile(r"\b(he|his|him|himself)\b")

RACE_WORDS = (
    "african american", "black", "white", "caucasian", "south asian", "east asian", "asian", "hispanic",
    "latina", "latino", "latinx", "arab", "middle eastern", "native american", "indigenous",
    "pacific islander", "mixed race", "mixed-race",
)
_RACE = re.compile(r"\b(" + "|".join(re.escape(w) for w in RACE_WORDS) + r")\s+(?=(?:\w+\s+)?(?:" +
                   "|".join(FEMALE_NOUNS + MALE_NOUNS) + r"|person|patient|infant|baby|child|adult)\b)")

_SEP = r"\s*(?:of|is|was|were|:|=|at|reading|measured at|up to|to)?\s*"
VITAL_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "bp": [re.compile(rf"\b(?:bp|b/p|blood pressure){_SEP}(\d{{2,3}})\s*/\s*(\d{{2,3}})"),
           re.compile(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*mm\s*hg")],
    "heart_rate": [re.compile(rf"\b(?:hr|heart rate|pulse(?: rate)?|tachycardic|bradycardic){_SEP}(\d{{1,4}})\b"),
                   re.compile(r"\b(\d{2,4})\s*(?:bpm|beats per minute|beats/min)")],
    "resp_rate": [re.compile(rf"\b(?:rr|resp(?:iratory)? rate|respirations?|resps){_SEP}(\d{{1,3}})\b"),
                  re.compile(r"\b(\d{1,3})\s*breaths\s*(?:/|per)\s*min")],
    "spo2": [re.compile(rf"\b(?:spo2|sp02|sao2|o2 sat(?:uration)?s?|oxygen sat(?:uration)?s?|sats|saturations?|"
                        rf"pulse ox(?:imetry)?){_SEP}(\d{{2,3}})\s*%?"),
             re.compile(r"\bsaturating\s*(?:at\s*)?(\d{2,3})\s*%"),
             re.compile(r"\b(\d{2,3})\s*%\s*on\s*(?:room air|air|ra)\b")],
    "temperature_c": [re.compile(rf"\b(?:temp(?:erature)?|febrile|pyrexial|fever){_SEP}(\d{{2,3}}(?:\.\d+)?)\s*"
                                 r"(?:°|º|degrees)?\s*([cf])?\b"),
                      re.compile(r"\bt\s*[:=]?\s*(\d{2}\.\d)\b()"),
                      re.compile(r"\b(\d{2,3}(?:\.\d+)?)\s*(?:°|º|degrees)\s*([cf])\b"),
                      # A bare 35.0-42.9 is a temperature ("feels hot, 38.3") when nothing else is.
                      re.compile(r"(?<![\d.])((?:3[5-9]|4[0-2])\.\d)(?![\d.])()(?!\s*(?:kg|mmol|mg|%|cm|weeks?|/))")],
    "pain_score": [re.compile(r"\bpain(?: score)?\s*(?:of|is|was|:)?\s*(\d{1,2})\s*(?:/|out of)\s*10\b"),
                   re.compile(r"\b(\d{1,2})\s*(?:/|out of)\s*10\b")],
    "glucose_mmol_l": [re.compile(r"\b(?:glucose|blood sugar|sugar|bm|cbg)\s*(?:\w+\s+){0,2}?(?:of|is|was|:|=|at|reads)?"
                                  r"\s*(\d{1,3}(?:\.\d+)?)\s*(mmol/l|mmol|mg/dl)?")],
}

_PREGNANCY_TEST = re.compile(r"\b(positive|negative) pregnancy test|pregnancy test (?:is |was )?(positive|negative)")
_GESTATION = re.compile(r"\b(\d{1,2}(?:\.\d)?)(?:\+\d)?\s*weeks?'?\s*(?:pregnant|gestation|of gestation|of pregnancy)")
_DURATION = re.compile(r"\b(?:for|over)\s+(?:the\s+)?(?:last\s+|past\s+)?((?:\d+|a few|several|an?|one|two|three|four|"
                       r"five|six|seven|eight|nine|ten)\s+(?:minutes?|hours?|days?|weeks?|months?|years?))")
_ONSET = re.compile(rf"\b(since (?:this morning|yesterday|last night|\w+day)|{_NUMBER} (?:minutes?|hours?|days?|weeks?|"
                    r"months?|years?) ago|this (?:morning|afternoon|evening)|last night|yesterday)\b")
_SEVERITY = re.compile(r"\b(mild|moderate|severe|very severe|excruciating|slight)\b")
_ALLERGY = re.compile(r"\ballerg(?:ic|y|ies) to ([a-z][a-z0-9 -]{1,40}?)(?=[,.;]|$| and\b| but\b)|"
                      r"\bknown ([a-z][a-z-]{1,30}) allergy")
_DRUG_SUFFIX = re.compile(
    r"\b([a-z]{3,}(?:pril|sartan|olol|statin|dipine|formin|prazole|cillin|mycin|floxacin|oxetine|traline|"
    r"triptyline|azepam|thiazide|semide|xaban|gatran|gliptin|gliflozin|thyroxine|butamol|solone|sone|"
    r"clovir|vudine|tegravir|navir|fenac|profen))\b")
# Medicines named without a concept of their own; anticoagulants and insulin are concepts
# (negation-aware) because red-flag rules depend on them.
_COMMON_DRUGS = ("paracetamol", "acetaminophen", "ibuprofen", "aspirin", "naproxen", "codeine", "morphine", "tramadol",
                 "iron tablet", "antacid", "antihistamine", "inhaler", "contraceptive pill",
                 "combined pill", "antiretroviral")


@dataclass
class StoryFacts:
    """What a story states, each fact as the text gives it."""

    age_years: float | None = None
    age_span: tuple[int, int] | None = None
    sex: str | None = None
    race_ethnicity: str | None = None
    vitals: dict[str, float] = field(default_factory=dict)
    vitals_text: dict[str, str] = field(default_factory=dict)
    pregnancy_status: str | None = None
    gestation_weeks: float | None = None
    mentions: list[Mention] = field(default_factory=list)
    medications: list[str] = field(default_factory=list)
    allergies: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)

    def active(self, kinds: set[str] | None = None, lexicon: Lexicon | None = None) -> list[Mention]:
        """Mentions asserted as present now (optionally only some concept kinds)."""
        lexicon = lexicon or Lexicon.load_default()
        return [m for m in self.mentions if m.status == "active"
                and (kinds is None or lexicon.concepts[m.concept].kind in kinds)]


def _number(token: str) -> float:
    return float(_WORD_NUMBERS.get(token, token) if token in _WORD_NUMBERS else token)


def find_age(norm: str) -> tuple[float | None, tuple[int, int] | None]:
    """The patient's age in years and where it is written (the first age stated)."""
    best: tuple[int, float, tuple[int, int]] | None = None
    for pattern in AGE_PATTERNS:
        match = pattern.search(norm)
        if match and (best is None or match.start() < best[0]):
            unit = match.group(2) or "year"
            years = _number(match.group(1)) * _UNIT_YEARS[unit]
            best = (match.start(), years, match.span())
    return (best[1], best[2]) if best else (None, None)


def find_sex(norm: str, age_span: tuple[int, int] | None) -> str | None:
    """Sex from the noun next to the age ("48-year-old woman"), else the first noun, else pronouns."""
    shorthand = _SHORTHAND_SEX.match(norm.strip())
    if shorthand:
        return "female" if shorthand.group(1) == "f" else "male"
    nouns = list(_NOUN.finditer(norm))
    if nouns:
        chosen = nouns[0]
        if age_span is not None:
            after = [m for m in nouns if 0 <= m.start() - age_span[1] <= 40]
            chosen = after[0] if after else chosen
        return "female" if chosen.group(1) in FEMALE_NOUNS else "male"
    she, he = len(_SHE.findall(norm)), len(_HE.findall(norm))
    if she != he:
        return "female" if she > he else "male"
    return None


def race_span(norm: str, age_span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Where the story states the patient's race/ethnicity ("a 48-year-old Black woman"), if it does."""
    for match in _RACE.finditer(norm):
        if age_span is None or 0 <= match.start() - age_span[1] <= 3:
            return match.span(1)
    return None


def find_race(norm: str, age_span: tuple[int, int] | None, text: str = "") -> str | None:
    """The race/ethnicity words as written (``text`` is the original story, same offsets as ``norm``)."""
    span = race_span(norm, age_span)
    if span is None:
        return None
    return (text or norm)[span[0]:span[1]].replace("-", " ")


def find_vitals(norm: str) -> tuple[dict[str, float], dict[str, str]]:
    """Vital signs as numbers (first value stated for each) and the text each came from."""
    values: dict[str, float] = {}
    texts: dict[str, str] = {}
    for name, patterns in VITAL_PATTERNS.items():
        for pattern in patterns:
            match = pattern.search(norm)
            if not match:
                continue
            texts[name] = match.group(0).strip()
            if name == "bp":
                values["bp_systolic"], values["bp_diastolic"] = float(match.group(1)), float(match.group(2))
            elif name == "temperature_c":
                value, unit = float(match.group(1)), (match.group(2) or "")
                # Fahrenheit when marked, or when the number only makes sense as °F.
                values[name] = round((value - 32) * 5 / 9, 1) if unit == "f" or 86 <= value <= 113 else value
            elif name == "glucose_mmol_l":
                value, unit = float(match.group(1)), (match.group(2) or "")
                values[name] = round(value / 18.0, 1) if unit == "mg/dl" or (not unit and value > 40) else value
            else:
                values[name] = float(match.group(1))
            break
    return values, texts


def find_pregnancy(norm: str, mentions: list[Mention]) -> tuple[str | None, float | None]:
    """Pregnancy status ("pregnant", "not_pregnant", "postpartum") and weeks of gestation if stated."""
    status = None
    test = _PREGNANCY_TEST.search(norm)
    if test:
        status = "pregnant" if "positive" in (test.group(1) or test.group(2)) else "not_pregnant"
    for mention in mentions:
        if mention.concept == "postpartum" and mention.status == "active":
            status = "postpartum"
        elif mention.concept == "pregnancy":
            if mention.status == "active":
                status = "pregnant"
            elif mention.status == "negated" and status is None:
                status = "not_pregnant"
    weeks = _GESTATION.search(norm)
    return status, (float(weeks.group(1)) if weeks and status == "pregnant" else None)


_AGO = re.compile(rf"\b{_NUMBER}\s*(minute|min|hour|hr|day|week|month|year)s?\s+ago\b")
_HOURS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1, "hr": 1, "day": 24, "week": 168, "month": 730, "year": 8766}
_RELATIVE = re.compile(r"\b(tonight|this evening|this afternoon|this morning|today|last night|yesterday|last week)\b")
_RELATIVE_HOURS = {"tonight": 2, "this evening": 3, "this afternoon": 4, "this morning": 6, "today": 6,
                   "last night": 12, "yesterday": 24, "last week": 168}


def sentence_of(norm: str, start: int, end: int) -> tuple[int, str]:
    """The sentence (to "." or ";") holding ``norm[start:end]``, and where it begins."""
    first = max(norm.rfind(".", 0, start), norm.rfind(";", 0, start)) + 1
    ends = [i for i in (norm.find(".", end), norm.find(";", end)) if i != -1]
    return first, norm[first:min(ends) if ends else len(norm)]


_FOR = re.compile(rf"\b(?:for|over)\s+(?:the\s+)?(?:last\s+|past\s+)?{_NUMBER}\s*(minute|min|hour|hr|day|week|month|year)s?\b")
_RECENT_CHANGE = re.compile(r"\b(?:worse|worsening|deteriorat\w*)\b")


def hours_ago(sentence: str) -> float | None:
    """How recently the sentence says something started or changed, in hours; None if it does not say.

    Takes the most recent of every time it states ("6 months ago", "for 3 weeks",
    "yesterday"), and 0 when it says the finding is getting worse: a long-standing
    problem with a fresh change must never look old.
    """
    times = [_number(m.group(1)) * _HOURS[m.group(2)] for pattern in (_AGO, _FOR) for m in pattern.finditer(sentence)]
    times += [float(_RELATIVE_HOURS[m.group(1)]) for m in _RELATIVE.finditer(sentence)]
    if _RECENT_CHANGE.search(sentence):
        times.append(0.0)
    return min(times) if times else None


def clause_details(norm: str, mention: Mention) -> tuple[str | None, str | None, str | None]:
    """Onset, duration and severity written in the same sentence as a finding, if any."""
    start, sentence = sentence_of(norm, mention.start, mention.end)
    duration = _DURATION.search(sentence)
    onset = _ONSET.search(sentence)
    severity = _SEVERITY.search(norm[max(start, mention.start - 25):mention.start])
    sev = severity.group(1) if severity else None
    sev = {"very severe": "severe", "excruciating": "severe", "slight": "mild"}.get(sev, sev) if sev else None
    return (onset.group(0) if onset else None, duration.group(1) if duration else None, sev)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return out


def read_story(text: str, lexicon: Lexicon | None = None) -> StoryFacts:
    """Extract the facts a story states.

    Args:
        text: the story, already checked for size and characters.
        lexicon: vocabulary; the shipped one when None.

    Returns:
        StoryFacts; vital values are *not* range-checked here (the intake model does that).
    """
    lexicon = lexicon or Lexicon.load_default()
    norm = normalise(text)
    facts = StoryFacts()
    facts.age_years, facts.age_span = find_age(norm)
    facts.sex = find_sex(norm, facts.age_span)
    facts.race_ethnicity = find_race(norm, facts.age_span, text)
    facts.vitals, facts.vitals_text = find_vitals(norm)
    facts.mentions = lexicon.find(text)
    facts.pregnancy_status, facts.gestation_weeks = find_pregnancy(norm, facts.mentions)
    kept = [m for m in facts.mentions if m.status not in ("negated", "family", "hypothetical")]
    facts.medications = _unique([m.text for m in kept if lexicon.concepts[m.concept].kind == "medication"]
                                + _DRUG_SUFFIX.findall(norm) + [d for d in _COMMON_DRUGS if d in norm])
    facts.history = _unique([m.text for m in kept if lexicon.concepts[m.concept].kind == "condition"])
    facts.allergies = _unique([(a or b).strip() for a, b in _ALLERGY.findall(norm)])
    # A medicine named only as an allergy ("allergic to penicillin") is not one the patient takes.
    allergic = {a.lower() for a in facts.allergies}
    facts.medications = [m for m in facts.medications if m.lower() not in allergic]
    return facts
