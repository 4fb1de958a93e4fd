"""Healthcare facility names (Safe Harbor 2; i2b2's HOSPITAL), reported as FACILITY.

Four ways a facility is named in clinical text, each a cue pattern:

- a name ending in a facility word: "Quillfield General Hospital", "Holloway
  Cancer Center", "Tarrow Falls General", "Nguyen Family Health Center", and
  "Children's Hospital of Ashcombe" (the name after the head);
- a saint form: "St. Aldric's", "Saint Wendeline" after a facility cue;
- a Mount form: "Mount Carrowmore", "Mt. Elderslie";
- hospital initials ("QGH", "BRMC", "VAMC") after a cue ("transferred from",
  "at") or before a unit word ("ED", "lab"); clinical abbreviations that end the
  same way ("LVH", "SAH", "TSH") are not.

A name made only of generic words ("the Heart Failure Clinic", "Regional Medical
Center") is not reported, and lower-case mentions ("the clinic", "an urgent
care", "the ER") never match. spaCy's ORG entities are used by
:class:`FacilityNerRecognizer` when a facility word or cue sits next to them.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from core.phi.facility_words import FACILITY_NOUNS_AFTER, MULTI_WORD_HEADS, SINGLE_WORD_HEADS, is_generic_name
from core.phi.recognizers.base import CuePattern, CuePatternRecognizer
from core.phi.recognizers.names import LOWER, UPPER

ENTITY = "FACILITY"

_HEADS = "|".join(re.escape(h).replace("'", "['’]").replace(r"\ ", r"[ \t]+")
                  for h in sorted(MULTI_WORD_HEADS + SINGLE_WORD_HEADS, key=len, reverse=True))
_LOWER_HEADS = r"(?:hospital|clinic|medical\s+cent(?:er|re)|health\s+cent(?:er|re)|urgent\s+care|nursing\s+home)"
# A capitalised name word ("Quillfield", "O'Halloran", "Mbeki-Ross", "McAulay", "St."), or an initial.
# No other word ends in a full stop, so a name never runs across a sentence ("HIGH. Outside hospital").
_CAP = rf"(?:St\.|Mt\.|Ste\.|[{UPPER}][{LOWER}A-Z'’-]*[{LOWER}A-Z'’]|[{UPPER}]\.?)"
_JOIN = r"[ \t]+(?:(?:of|and|&|the|de|la|du|on)[ \t]+)?"
_NAME = rf"{_CAP}(?:{_JOIN}{_CAP}){{0,5}}?"
_SAINT = r"(?:St\.?|Saint|Ste\.?)"
_MOUNT = r"(?:Mount|Mt\.?)"
# Words that open a sentence or a clause and are not part of a name ("Called Brenmoor Hospital").
_LEADING = frozenset("""
called seen sent transferred transfer admitted discharged outside patient pt per from at to in via went referred
records labs prior previously followed mother father wife husband son daughter the a an our my his her their this
osh during after before since when while if is was call phone spoke discussed and or both did does do has had have
please send fax faxed ask asked contact contacted reports reported states stated says said also then from at by
with without re cc attn attention dr mr mrs ms nurse mom dad staff works worked work resident residents member
members employee employees director physician physicians doctor doctors volunteer volunteers of & on de
""".split())
_CUE = (r"(?:(?<![A-Za-z])(?i:at|from|to|transferred\s+(?:to|from)|admitted\s+(?:to|at)|discharged\s+(?:from|to)|"
        r"seen\s+(?:at|in)|sent\s+(?:to|from)|followed\s+at|treated\s+at|care\s+at|delivered\s+at|records\s+from|"
        r"osh|outside\s+hospital|via|and|or)(?:\s+the)?[ \t]+|(?:->|→|=)[ \t]*)")
# Hospital initials and the clinical abbreviations that end the same way.
_INITIALS = r"(?:[A-Z]{1,4}(?:MC|GH|RMC|HC|CH|MH|H)|VAMC|VAH)"
_STRONG_INITIALS = re.compile(r"[A-Z]{1,4}(?:MC|GH|RMC)|VAMC")
CLINICAL_INITIALS = frozenset("""
BPH LVH RVH PPH ICH SAH SDH EDH IVH NPH TSH FSH LH ACTH ADH PTH LDH MCH MCHC GH HGH DH PMH FH SH HH PH CMC PMC SMC
OH IH AH BH NH RH SIADH CAH IIH PAH NASH ASH ESH FHH AIH IAH VH CH HC MH RMC MC GMC AMC DMH SCH NCH ECH PCH
""".split())
# All-capital English words with the same endings ("Priority: HIGH").
_CAPITAL_WORDS = frozenset("""
HIGH WITH BOTH EACH SUCH MUCH RICH TECH WISH PUSH RUSH CASH DASH FISH MASH BATH MATH PATH OATH ITCH INCH OUCH ARCH
ETCH HUH YEAH NAH MEH BLAH PUNCH LUNCH BUNCH MARCH SEARCH REACH TEACH PATCH MATCH WATCH BATCH CATCH COUCH TOUCH
SOUTH NORTH MONTH DEATH BIRTH EARTH TOOTH MOUTH HEALTH GROWTH DEPTH WIDTH LENGTH STRENGTH BREATH SMOOTH FRESH FLUSH
CRUSH BRUSH CRASH TRASH SPLASH ENGLISH SPANISH FINISH THIGH WEIGH NEIGH SIGH NIGH ROUGH TOUGH ENOUGH COUGH DOUGH
THOUGH THROUGH LAUGH
""".split())
_BEFORE_INITIALS = re.compile(r"(?i)(?:\b(?:at|from|to|transferred|transfer|admitted\s+to|sent\s+to|diverted\s+to|"
                              r"flown\s+to|taken\s+to|back\s+to|via|osh|outside\s+hospital|covering|of)|->|→|=):?\s*$")
_AFTER_INITIALS = re.compile(r"^[ \t]*(?:->|→)|^[ \t]+(?:ED|ER|ICU|NICU|PICU|CCU|OR|lab|labs|called|records|radiology|imaging|"
                             r"MRN|transfer|campus|hospitalist|ortho|cardiology|oncology|ob|L&D|pharmacy)\b")


def _trim_leading(value: str) -> tuple[int, str]:
    """Drop sentence-opening words in front of a name; returns (characters dropped, rest)."""
    dropped = 0
    while True:
        match = re.match(r"([^\s]+)[ \t]+", value)
        if not match or match.group(1).lower().strip(".,:;") not in _LEADING or \
                re.match(r"Our[ \t]+Lady\b", value):
            return dropped, value
        dropped += match.end()
        value = value[match.end():]


def _named(value: str) -> bool:
    """A name ending in a facility word has a word that is not generic and is not a title or a date."""
    head = re.search(rf"(?:{_HEADS}|{_LOWER_HEADS})$", value, flags=re.IGNORECASE)
    name = value[:head.start()] if head else value
    if not name.split():
        return False
    return not is_generic_name(name)


def _named_after_of(value: str) -> bool:
    """ "Children's Hospital of Ashcombe": the name after "of" is specific."""
    name = re.split(r"[ \t]+of[ \t]+", value, maxsplit=1)[-1]
    return not is_generic_name(name)


def _initials(value: str) -> bool:
    """Hospital initials, not a clinical abbreviation ("LVH") or a capitalised word ("HIGH")."""
    return value not in CLINICAL_INITIALS and value not in _CAPITAL_WORDS


_TITLE_BEFORE = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Doctor|Nurse)\.?[ \t]+$")


def _after_titled_person(text: str, start: int, end: int) -> int:
    """ "Dr. Stokes of Saltmarsh Behavioral Health": the facility starts after the person's "of"."""
    if not _TITLE_BEFORE.search(text[max(0, start - 12):start]):
        return start
    cut = re.search(r"[ \t]+of[ \t]+", text[start:end])
    return start + cut.end() if cut else start


class FacilityRecognizer(CuePatternRecognizer):
    """The cue patterns above, with leading sentence words trimmed from name matches."""

    trim_possessive = False

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            dropped, rest = _trim_leading(text[result.start:result.end])
            if dropped:
                if not rest or not _named(rest):
                    continue
                result.start += dropped
            if self._initials_need_context(text, result):
                continue
            result.start = _after_titled_person(text, result.start, result.end)
            results.append(result)
        return results

    @staticmethod
    def _initials_need_context(text: str, result: RecognizerResult) -> bool:
        """Initials not ending MC/GH/RMC and not after a cue need a unit word after them ("QGH ED")."""
        explanation = result.analysis_explanation
        if not explanation or explanation.pattern_name != "initials":
            return False
        value = text[result.start:result.end]
        if _STRONG_INITIALS.fullmatch(value) or _AFTER_INITIALS.match(text[result.end:result.end + 20]):
            return False
        return not _BEFORE_INITIALS.search(text[max(0, result.start - 40):result.start])


_FAITH = (r"(?:Our[ \t]+Lady[ \t]+of(?:[ \t]+the)?|Baptist|Methodist|Presbyterian|Lutheran|Adventist|Episcopal|Providence|Mercy|Sacred[ \t]+Heart|"
          r"Good[ \t]+Samaritan|Good[ \t]+Shepherd|Holy[ \t]+(?:Cross|Family|Name|Redeemer|Spirit)|Trinity|"
          r"Christ|Covenant|Advocate|Saint[ \t]+[A-Z][a-z]+['’]s|St\.?[ \t]+[A-Z][a-z]+['’]s)")
_FAITH_TWO_WORDS = (r"(?:Sacred[ \t]+Heart|Good[ \t]+Samaritan|Good[ \t]+Shepherd|Holy[ \t]+(?:Cross|Family|Name|"
                    r"Redeemer|Spirit))")
_CARE_BRAND = (rf"(?:[{UPPER}][{LOWER}]+(?:Care|Med|Health|Clinic|Doc|Cure|Stat|MD|Rx)|"
               rf"(?:Care|Med|Health|Clinic|Doc|Cure|Urgent|Minute|Quick|Ready|Rapid|Express)[{UPPER}][{LOWER}]+)")
# Any-case cue words before a casual facility name.
_CUE_ANY = (r"(?<![A-Za-z])(?i:at|from|to|is|of|via|in|with|seen\s+at|number\s+of|chart\s+at|records\s+from|"
            r"results\s+from|transferred\s+(?:to|from)|sent\s+to|went\s+to|go\s+to|called)(?:\s+the)?[ \t]+")
_LOWER_HEAD = (r"(?:(?:gen|mem|comm|univ|reg(?:\s+med)?)\s+(?:hosp|ctr)|med\s+ctr|hosp|ctr|chc|"
               r"regional|gen|general|memorial|dialysis|hospital|clinic|medical(?:\s+cent(?:er|re))?|"
               r"(?:family\s+)?health(?:\s+cent(?:er|re))?|care\s+home|nursing\s+home|rest\s+home|fqhc|"
               r"urgent\s+care|rehab|hospice|infirmary|med\s+ctr|mc)")
_LOWER_FACILITY = (rf"(?:(?:(?:st\.?|saint|mt\.?|mount)[ \t]+)?[a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+)?[ \t]+{_LOWER_HEAD}|"
                   r"(?:st\.?|saint|mt\.?|mount)[ \t]+[a-z][a-z'’]+|[a-z]{1,4}(?:rmc|mc|fqhc)|[b-df-hj-np-tv-z]{1,4}(?:gh|mh))")
_NOT_A_FACILITY_WORD = frozenset("""
the a an our my your his her their this that local outside nearest nearby other same new old any every some no
main big small general regional memorial medical family community county city rural urban private public
elevation depression segment wave changes fall falls retail previous prior usual regular closest nearest
anticoag anticoagulation memory wound pain fracture stroke diabetes sleep weight heart foot eye ear skin
""".split())


def _faith_named(value: str) -> bool:
    """ "Baptist Memorial", "Providence Aldergrove": the word after the faith word names one place, not a
    department or a generic word ("Baptist church", "Mercy Ships")."""
    last = value.split()[-1]
    return not is_generic_name(last) or bool(re.search(r"Health|Memorial|Medical|Hospital|Regional|General", value))


def _lower_facility(value: str) -> bool:
    """A lower-case facility: initials with at most one vowel ("uhmc"), a saint/Mount form, or a name word
    before a facility word ("lakehaven dialysis"); the name word is not generic or clinical."""
    from core.phi.lexicon import is_clinical_word

    words = value.split()
    if len(words) == 1:
        if re.fullmatch(r"[b-df-hj-np-tv-z]{1,4}(?:gh|mh)", value):
            return True  # "bgh", "nwmh": no vowel at all, no English word
        prefix = re.sub(r"(?:rmc|mc|fqhc)$", "", value)
        return sum(ch in "aeiou" for ch in prefix) <= 1
    name = words[1] if words[0].rstrip(".") in ("st", "saint", "mt", "mount") else words[0]
    if re.fullmatch(r"[a-z]+(?:ing|ed)", name):
        return False  # "the referring hospital", "a teaching hospital", "the assigned clinic"
    return name not in _NOT_A_FACILITY_WORD and not is_clinical_word(name) and not is_generic_name(name)


def _brand(match) -> bool:
    """A listed health-system brand (resources/phi/facility_brands.txt), not a person ("Mr. Kaiser")."""
    from core.phi.name_lists import facility_brands

    return match.group("brand") in facility_brands() and \
        not _TITLE_BEFORE.search(match.string[max(0, match.start() - 12):match.start()])


def facility_recognizer() -> FacilityRecognizer:
    patterns = [
        CuePattern("name and facility word", rf"(?<![\w'’-])(?P<value>{_NAME}[ \t]+(?:{_HEADS}))(?![\w'’-])", 0.8,
                   _named),
        CuePattern("name and lower-case facility word",
                   rf"(?<![\w'’-])(?P<value>{_NAME}[ \t]+{_LOWER_HEADS})(?![\w'’-])", 0.6, _named),
        CuePattern("facility word of name",
                   rf"(?<![\w'’-])(?P<value>(?:{_NAME}[ \t]+)?(?:{_HEADS})[ \t]+of[ \t]+(?:the[ \t]+)?{_CAP}"
                   rf"(?:[ \t]+{_CAP}){{0,2}})(?![\w'’-])", 0.8, _named_after_of),
        CuePattern("saint possessive", rf"(?<![\w'’-])(?P<value>{_SAINT}[ \t]+[{UPPER}][{LOWER}]+['’]s)"
                   rf"(?![\w'’-])(?![ \t]+(?i:wort|dance|fire|day|eve))", 0.7),
        CuePattern("saint after cue",
                   rf"{_CUE}(?:[{UPPER}][{LOWER}]+[ \t]+)?(?P<value>{_SAINT}[ \t]+[{UPPER}][{LOWER}]+)"
                   rf"(?![\w'’-])", 0.6),
        CuePattern("mount", rf"(?<![\w'’-])(?P<value>{_MOUNT}[ \t]+[{UPPER}][{LOWER}]+(?:[ \t]+[{UPPER}][{LOWER}]+)?)"
                   rf"(?![\w'’-])", 0.6, lambda v: not re.search(r"(?i)\b(?:ed|er)$", v)),
        # Round 5: a brand-only name ("seen at Geisinger"), with the town before or after it ("Bemidji Sanford").
        CuePattern("brand", rf"(?<![\w'’-])(?P<value>(?:[{UPPER}][{LOWER}]+[ \t]+)?(?P<brand>[{UPPER}][\w-]+)"
                   rf"(?:[ \t]+(?!(?:ED|ER|ICU)\b)[{UPPER}][{LOWER}]+)?)(?![\w'’-])", 0.8, None, _brand),
        CuePattern("initials", rf"(?<![\w'’/-])(?P<value>{_INITIALS})(?![\w'’/-])", 0.6, _initials),
        # Round 6: faith and charity names ("Baptist Memorial", "Providence Aldergrove", "Adventist Health Redstone",
        # "Sacred Heart of Ravenmoor", "Good Shepherd" after a cue): the faith word and a name or head after it.
        CuePattern("faith name", rf"(?<![\w'’-])(?P<value>{_FAITH}(?:[ \t]+(?:Health|Medical|Memorial|Regional|General|"
                   rf"Hospital|Healthcare))?(?:[ \t]+of)?[ \t]+[{UPPER}][{LOWER}]+(?:[ \t]+[{UPPER}][{LOWER}]+)?)"
                   rf"(?![\w'’-])", 0.65, _faith_named),
        CuePattern("faith name after cue", rf"{_CUE_ANY}(?P<value>{_FAITH_TWO_WORDS})(?![\w'’-])", 0.6),
        # A care brand in one word with an inner capital and a care word in it ("QuickCare on Main",
        # "ReadyCare Express", "MedStop"), with what follows it in a name.
        CuePattern("care brand", rf"(?<![\w'’-])(?P<value>{_CARE_BRAND}(?:[ \t]+(?:Express|Now|Plus|Walk-[Ii]n|"
                   rf"on[ \t]+[{UPPER}][{LOWER}]+|at[ \t]+[{UPPER}][{LOWER}]+))?)(?![\w'’-])", 0.65),
        # Casual lower-case spellings after a facility cue: "seen at uhmc er", "is st joes still", "from mt sinai",
        # "the number of saint agnes", "results from lakehaven dialysis", "chart at tallgrass fqhc".
        CuePattern("lower-case facility after cue", rf"{_CUE_ANY}(?P<value>{_LOWER_FACILITY})(?![\w'’-])", 0.6,
                   _lower_facility),
        # "went to Riverside ER", "from the Brenmoor ED": a name before a unit word, after a cue.
        CuePattern("name before unit after cue", rf"{_CUE}(?P<value>{_NAME})[ \t]+(?:ED|ER|E\.R\.|ICU|"
                   rf"[Ee]mergency[ \t]+(?:[Rr]oom|[Dd]epartment)|[Uu]rgent[ \t]+[Cc]are)(?![\w'’-])", 0.6, _named),
    ]
    return FacilityRecognizer(ENTITY, patterns, ["hospital", "transferred", "admitted", "discharged", "clinic",
                                                 "seen", "records", "facility"], name="FacilityRecognizer")


# Before an ORG: a facility verb, or a plain "at"/"from" (an ORG a patient is at or from is a facility or
# an employer, and Safe Harbor counts employers' names too).
_ORG_CUE = re.compile(r"(?i)(?:\b(?:transferred|admitted|discharged|seen|treated|followed|delivered|records|"
                      r"outside\s+hospital|osh)\s+(?:to|from|at|in)?|\b(?:at|from))\s*(?:the\s+)?$")
_TRAILING_UNIT = re.compile(r"(?:[ \t]+(?:ED|ER|ICU|NICU|PICU|CCU|OR|PACU|lab|labs|ward|campus|"
                            r"[Ee]mergency(?:[ \t]+[Dd]epartment)?|[Rr]adiology))+$")


class FacilityNerRecognizer(EntityRecognizer):
    """spaCy ORG entities next to a facility word or cue, reported as FACILITY.

    "seen at Hollyfield ED", "the Brenmoor clinic", "transferred from Kaiser Westside":
    the name alone is an organisation to spaCy; the word beside it makes it a facility.
    """

    LABELS = ("ORGANIZATION",)

    def __init__(self) -> None:
        super().__init__(supported_entities=[ENTITY], supported_language="en", name="FacilityNerRecognizer")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        if not nlp_artifacts or not nlp_artifacts.entities or (entities and ENTITY not in entities):
            return []
        results = []
        for ent in nlp_artifacts.entities:
            if ent.label_ not in self.LABELS:
                continue
            start, end = ent.start_char, ent.end_char
            dropped, value = _trim_leading(text[start:end])
            start += dropped
            heads = list(re.finditer(rf"(?:{_HEADS})(?![\w'’])", value))
            if heads and heads[-1].end() < len(value) and re.search(r"\s[a-z]", value[heads[-1].end():]):
                # "Sunrise Senior Living by EMS": the name ends at its facility word
                end -= len(value) - heads[-1].end()
                value = value[:heads[-1].end()]
            unit = _TRAILING_UNIT.search(value)
            if unit:  # "Quillfield General ED": the unit stays readable after redaction
                value, end = value[:unit.start()], end - len(unit.group(0))
            if not value or is_generic_name(value) or not value[:1].isupper() or any(c.isdigit() for c in value):
                continue  # "MELD 21" is a score, not a place
            if " " not in value and value.isupper() and not (re.fullmatch(_INITIALS, value) and _initials(value)):
                continue  # "MRN", "ICU": abbreviations, not hospital initials
            if not self._facility_near(text, start, end, value):
                continue
            if re.fullmatch(rf"(?:{_HEADS})", value) and not _ORG_CUE.search(text[max(0, start - 40):start]):
                continue  # "Baptist church on Sunday": a facility word alone, with no cue, names no place
            explanation = AnalysisExplanation(recognizer=self.name, original_score=0.6,
                                              textual_explanation=f"spaCy {ent.label_} next to a facility word")
            results.append(RecognizerResult(ENTITY, start, end, 0.6, explanation, recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}))
        return results

    @staticmethod
    def _facility_near(text: str, start: int, end: int, value: str) -> bool:
        if re.search(rf"(?:{_HEADS})$", value):
            return True
        after = re.match(r"[ \t]+([A-Za-z'’]+)", text[end:end + 20])
        if after and after.group(1).lower() in FACILITY_NOUNS_AFTER:
            word = after.group(1)
            if word.lower() not in ("or", "ed", "er") or word.isupper():  # "ED" the unit, "or" the word
                return True
        return bool(_ORG_CUE.search(text[max(0, start - 40):start]))
