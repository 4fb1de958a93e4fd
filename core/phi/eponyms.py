"""Medical eponyms: names of people and places that, in a clinic, name a sign, score or disease.

"Babinski sign", "Parkinson's disease", "Glasgow Coma Scale", "Wells score" and
"Lyme disease" are clinical content, not PHI, but NER reads their first word as
a person or a place. A PERSON or LOCATION finding is not raised when it is an
eponym in use (:func:`is_eponym_use`); a real person who shares the surname
keeps the finding through context: a title or role before it ("Mr. Parkinson",
"Dr. Barrett", "patient Wilson") or a credential after it ("Barrett, MD").

The list was written for Prescreen from standard references (the eponym
sections of medical dictionaries and clinical-examination textbooks): surnames
of signs, reflexes, tests and manoeuvres; diseases, syndromes and tumours;
scores, scales, criteria and classifications; procedures, instruments and
devices; cells, bodies and stains. Lower-case, accents kept and also folded.
"""

from __future__ import annotations

import re
import unicodedata

_SIGNS_AND_TESTS = """
adson allen allis anderson apley apgar argyll auspitz austin babinski baker ballance barlow battle beau beck bell
blumberg boas bouchard brudzinski brown buerger carnett carvallo chaddock chadwick chvostek claude corrigan courvoisier
cullen dalrymple darier de musset demusset dix hallpike drummond duroziez ewart faber finkelstein flint froment frank
galeazzi goodell gottron gower gowers graham steell grey turner hamman hampton hawkins kennedy heberden hegar hoffmann
hoffman homans homan hoover janeway jendrassik kanavel kehr kernig kerley kussmaul lachman lasegue levine lhermitte
marcus gunn mcburney mcmurray mees mobitz muehrcke murphy musset neer nikolsky obrien ober ortolani osler pastia
patrick phalen prehn psoas quincke queckenstedt raynaud rinne romberg rosving rovsing roth schamroth schirmer simmonds
speed spurling stellwag stemmer thessaly thompson tinel traube trendelenburg trousseau uhthoff virchow weber westermark
wenckebach yergason adie marcus gunn mary joseph sister lhermitte moro galant landau adams stokes aschoff beevor
bezold bielschowsky biot bjerrum bragard broca cheyne dance dawbarn durkan ely fabere gaenslen goldflam gordon grasset
ludloff moebius möbius mulder noble oppenheim rossolimo schober semont slocum stewart thomas troisier waddell
wartenberg watson zohlen kayser fleischer brudzinski hutchinson robertson lund browder morton
"""
_DISEASES = """
addison addisonian alzheimer alport asperger bankart barrett bartholin bartter becker behcet behçet bell bence jones
berger bernard soulier bowen boerhaave brill zinsser brown sequard séquard brugada budd chiari buerger burkitt
caplan chagas charcot marie tooth chediak higashi conn cowden creutzfeldt jakob crigler najjar crohn cushing
cushingoid dandy walker de quervain dejerine dressler dubin johnson duchenne dupuytren ebstein edwards ehlers danlos
erb ewing fabry fallot fanconi felty fournier friedreich gaucher gilbert gitelman goodpasture graves grave guillain
barre barré hartnup hashimoto hansen henoch schonlein schönlein hirschsprung hodgkin horner hunter huntington hurler
jacksonian kallmann kaposi kartagener kawasaki kienbock kienböck klinefelter korsakoff krabbe kugelberg welander
lambert eaton legg calve calvé perthes leriche lesch nyhan letterer siwe libman sacks lisfranc lou gehrig gehrig
ludwig lyme mallory weiss marfan mcardle meckel meigs meniere ménière monteggia munchausen niemann pick noonan
osgood schlatter paget pancoast parkinson parkinsonian parkinsonism patau peutz jeghers peyronie pick plummer vinson
pompe pott prader willi prinzmetal raynaud reiter reye riedel salter harris scheuermann schatzki sheehan sjogren
sjögren smith stargardt stein leventhal stevens johnson still sturge tay sachs takayasu takotsubo tietze tourette
turner von willebrand von hippel lindau waldenstrom waldenström wallenberg waterhouse friderichsen wegener werdnig
hoffmann wernicke whipple wilms wilson wiskott aldrich wolff white zenker zollinger ellison zika ebola marburg
coxsackie norwalk lassa hill sachs colles jones bennett boxer rolando chance jefferson hangman maisonneuve pilon
segond tillaux smith barton galeazzi monteggia essex lopresti holstein lewis hurthle hürthle krukenberg wilms ewing
kaposi merkel burkitt hodgkin non reed sternberg alagille angelman arnold baastrup batten beckwith wiedemann blount
bornholm bourneville caffey canavan carrion castleman churg strauss cogan cori costello crouzon cruveilhier curling
digeorge duncan eisenmenger ekbom erdheim chester evans fahr farber forestier frey gardner gerstmann gilles glanzmann
gorlin hallervorden rich hand schuller schüller christian heerfordt holt oram horton jervell lange nielsen kasabach
merritt kearns sayre kikuchi kimura klippel feil trenaunay kohler köhler leber leigh lemierre lennox gastaut li
fraumeni loffler löffler loeffler lowe lynch machado madelung marchiafava mondor morquio nelson ogilvie ollier ormond
rendu parinaud parry perthes pickwickian pierre robin poland refsum rett romano ward rotor russell silver sandhoff
sezary sézary shy drager sipple sotos stickler strumpell strümpell sydenham tolosa treacher collins usher vogt
koyanagi harada recklinghausen waardenburg weil wermer williams wolman zellweger menetrier ménétrier cronkhite canada
caroli fitz hugh curtis asherman liddle ledderhose sever sinding larsen johansson freiberg preiser chopart garden
gustilo schatzker mason pauwels denis clay shoveler brenner sertoli leydig langerhans klatskin grawitz warthin spitz
dukes astler coller durie salmon rai binet epstein barr tommy john
"""
_SCORES = """
apgar alvarado ann arbor bishop blatchford braden breslow caprini centor child pugh clark cockcroft gault duke
framingham friedewald fisher forrester gleason glasgow geneva hunt hess jones karnofsky killip lansky light mallampati
mayo morse norton padua parkland ranson rankin rockall spetzler martin tanner waterlow wells westley ballard beers
bazett boston canadian denver edinburgh kingston manchester minnesota nexus ottawa oxford pecarn philadelphia richmond
rochester san francisco seattle toronto vancouver new york baltimore sengstaken blakemore aldrete apfel balthazar
borg bosniak brighton charlson cormack lehane fagerstrom fagerström fontaine forrest goldman hinchey lee lown marsh
mcdonald mcisaac rockwood rutherford sgarbossa wexner zung hamilton folstein katz lawton barthel berg tinetti jaeger
hardy rand rittler cobb risser kellgren lawrence outerbridge tonnis tönnis crowe dorr hoehn yahr debakey lugano
savary miller nottingham bloom richardson fuhrman masaoka
"""
_PROCEDURES_AND_THINGS = """
billroth bovie broviac epley foley heimlich hartmann hickman holter jackson pratt kocher luer mantoux nissen
papanicolaou pap pfannenstiel roux swan ganz seldinger tenckhoff valsalva whipple yankauer ziehl neelsen gram
tzanck coombs wright giemsa auer howell jolly heinz denver minnesota steri strip fowler trendelenburg snellen
ishihara amsler weber rinne schirmer allen thompson ortolani barlow
"""
# Place and people words that are part of a score, rule or disease name only with the word after them.
_PLACES = """
glasgow geneva ottawa canadian rochester boston manchester philadelphia edinburgh kingston richmond toronto seattle
new york vancouver oxford mayo baltimore denver minnesota framingham san francisco lyme rocky mountain west nile
japanese middle east spanish hong kong padua epworth stanford milan fukuoka atlanta montreal vienna rome berlin
sydney kyoto paris los angeles chapel hill sapporo amsterdam bethesda ghent tokyo oakland pittsburgh michigan dallas
houston columbia hopkins cambridge cleveland miami
"""
# Disease names from places, eponyms even alone ("history of Zika").
_PLACE_DISEASES = """
norwalk coxsackie marburg ebola zika lassa
"""


def _fold(word: str) -> str:
    """Lower-case without accents ("Ménière" -> "meniere")."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


EPONYM_WORDS = frozenset(_fold(w) for block in (_SIGNS_AND_TESTS, _DISEASES, _SCORES, _PROCEDURES_AND_THINGS, _PLACES,
                                                         _PLACE_DISEASES)
                         for w in block.split())

# First names and surnames in common use, and places that are real places alone ("lives in Glasgow"):
# an eponym only with a head word,
# a possessive or adjective form, or a clinical cue before them ("positive Murphy", "h/o Crohn").
COMMON_SURNAMES = frozenset("""
adams allen anderson baker barton battle bell bennett bernard bowen brown chance clark drummond edwards fisher fowler
frank graham gram hill hunt hunter jackson johnson jones kennedy lewis light mayo morse murphy norton patrick pratt
smith speed still thompson turner weber wells white wilson wright young hamilton lee thomas williams lynch berg cobb
garden nelson evans gardner gordon stewart watson russell lowe usher noble duncan curtis collins mason harris beck
sever rich john tommy christian miller lawrence hardy marsh forrest rand ward robin pierre silver rai salmon dance
canada poland mary joseph marie martin nielsen austin marcus lou louis hand russell romano sister li graves barrett
becker addison parkinson cushing crohn hodgkin down paget reiter holter foley whipple apgar barlow osler homans
hurler hawkins reed jakob jacob stokes gilbert leigh cori pott kimura tanner ranson duke bishop child pugh goldman katz
borg crowe bloom richardson mcdonald rutherford rockwood fontaine cormack grey flint steell ewart galant landau moro
hoffmann hoffman hamman lange jones smith evans nelson kennedy bernard frank pick sachs tay
""".split()) | frozenset(_fold(w) for w in _PLACES.split())  # places: "Glasgow" alone is a city

# Words that follow an eponym: "X sign", "X disease", "X Coma Scale", "X ankle rules".
HEAD_WORDS = frozenset("""
sign signs test tests testing maneuver maneuvers manoeuvre manoeuvres reflex reflexes phenomenon syndrome syndromes
disease diseases palsy score scores scoring scale scales criteria criterion rule rules classification class grade
grading stage staging index triad pentad node nodes nodule nodules lesion lesions spot spots fracture fractures
procedure operation incision catheter line lines tube drain shunt monitor stain smear bodies body cells cell protein
murmur pulse pupil pupils breathing respirations respiration position positioning gait point tenderness ulcer cyst
diverticulum lymphoma sarcoma tumor tumour encephalopathy thyroiditis esophagus oesophagus contracture angina
cardiomyopathy block dementia anemia anaemia ataxia dystrophy chorea tear virus fever flu encephalitis tenosynovitis
granulomatosis macroglobulinemia gangrene kyphosis colitis crisis features formula equation model protocol papules
click ophthalmopathy hump suction syringe repair fundoplication bypass approach space layer punch chart exam
examination method technique risk prep preparation system pathway tool questionnaire inventory survey
classification bundle hernia hematoma abscess osteotomy anastomosis nystagmus toes tremor canal duct gland glands
inventory angle dissection definition collar neuroma guidelines guideline rating index sleepiness rods cocci bacilli negative
positive nodes ring rings cataract spectrum sequence anomaly malformation complex screen screening developmental
triage
""".split())

# Heads strong enough to mark an unlisted capitalised word before them as an eponym ("Stemmer sign").
STRONG_HEADS = frozenset("""
sign signs test maneuver manoeuvre reflex phenomenon syndrome disease palsy score scale criteria rule rules
classification triad pentad nodes nodule nodules lesion lesions spots fracture procedure catheter stain smear bodies
murmur pulse pupil pupils lymphoma sarcoma tumor tumour encephalopathy thyroiditis contracture angina cardiomyopathy
dystrophy virus fever ulcer cyst diverticulum gangrene granulomatosis papules click lines wort dance
""".split()) | frozenset("""
tests protocol protocols model formula equation consensus nomogram questionnaire inventory index effect reaction
deformity paralysis crunch delusion encephalitis tenosynovitis retractor clamp clamps needle scissors forceps
speculum fixator wires wire traction reconstruction roll exam examination trichrome crystals rods cells staging
grading classification technique method operation repair incision approach position manoeuvres maneuvers
ratio angle pouch space membrane ligament fascia canal duct gland nerve artery loop ring apparatus
bundle node body granules inclusions lamp tube splint cast brace collar level fire
trocar cannula stent graft flap suture knot blade elevator dilator bougie laryngoscope speculum curette
""".split())
# After a possessive these are the person's own ("Svetlana's exam", "Ruth's cast"), not an eponym's head.
_BELONGINGS = frozenset("""
exam examination position tube splint cast brace collar level body ratio model index effect reaction chart
""".split())
# Round 6: words an eponym's name may carry between itself and its head ("Kansas City Cardiomyopathy
# Questionnaire", "Birmingham Vasculitis Activity Score", "Rotterdam CT score", "Grocott silver stain").
_BETWEEN_NAME_AND_HEAD = re.compile(r"(?:[ \t-]+(?:[A-Z][A-Za-z]+|[A-Z]{2,5}|silver|modified|revised|short|long|"
                                    r"frailty|frail|activity|coma|severity|risk|cognitive|respiratory|prognostic))")
# Classes written in capitals after a name: "Baveno VII", "Bosniak IIF", "Lauge-Hansen SER IV".
_ROMAN_AFTER = re.compile(r"^[ \t]+(?:[A-Z]{2,4}[ \t]+)?(?:II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)[A-F]?(?![A-Za-z])")
_CLASS_WORD = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XI|XII)[A-F]?|V|X")  # not "VA", "XL"
# A verb right after the name makes it a person ("brother Ian Stokes test-drove ..." is not; "… called" is).
_PERSON_VERB_AFTER = re.compile(r"^['’]?s?[ \t]+(?:called|calls|says|said|asks|asked|is|was|has|had|will|wants|"
                                r"needs|phoned|rang|lives|came|brought)\b")


def _followed_by_person_verb(text: str, end: int) -> bool:
    return bool(_PERSON_VERB_AFTER.match(text[end:end + 20]))


# Words shaped like a procedure or a disease ("Kasai portoenterostomy", "Ramstedt pyloromyotomy", "Morgagni hernia").
_PROCEDURE_OR_DISEASE = re.compile(r"[a-z]{3,}(?:ectomy|otomy|ostomy|plasty|pexy|rrhaphy|scopy|itis|osis|oma|emia|"
                                   r"aemia|pathy|plegia|trophy|algia)|hernias?|diverticul(?:um|a)|anomal(?:y|ies)")


_SAINT_OR_MOUNT = frozenset({"st", "st.", "saint", "ste", "mount", "mt", "mt."})

# A person is meant when one of these sits right before the word ("Mr. Parkinson", "patient Wilson").
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Doctor|Prof|Professor|Nurse|Sister|Father|Rev|Sr|Fr|Pt|pt|patient|Patient|"
    r"wife|husband|son|daughter|mother|father|brother|sister|spouse|partner|caller|resident|attending|"
    r"RN|NP|PA|MD|CNA|family|friend|neighbou?r|roommate|guardian|caregiver)\.?,?\s+)$")
# Relation words, unlike titles, also open a family history: "mother Crohn's disease".
_RELATION_BEFORE = re.compile(r"\b(?:wife|husband|son|daughter|mother|father|brother|sister|spouse|partner|family)"
                              r",?\s+$")
# … or a credential right after it ("Barrett, MD").
_CREDENTIAL_AFTER = re.compile(r"^,?\s+(?:MD|M\.D\.|DO|NP|PA-C|PA|RN|LPN|APRN|FNP|DNP|PharmD|PhD)\b")
# A clinical word before an eponym: "positive Murphy", "h/o Crohn", "known Graves".
_CLINICAL_BEFORE = re.compile(r"(?i)(?:\b(?:positive|negative|pos|neg|\+|history\s+of|hx\s+of|h/o|dx|known|"
                              r"suspected|possible|probable|likely|early|advanced|severe|mild|non|vs\.?|versus|"
                              r"tested\s+for|"
                              r"treated\s+for|test\s+for|concern\s+for|worried\s+about|workup\s+for|r/o|rule\s+out|"
                              r"exposure\s+to|s/p|status\s+post)[\s-]+)$")
_LEADING_VERB = re.compile(r"[A-Z][a-z]+(?:ed|ing)|Consider|Suspect|Rule|Exclude|Likely|Possible|Probable|Known|"
                           r"Hx|History|Discuss|Review|Check|Test|Note|Noted|Positive|Negative|Query|Concern")
_SAINT_WORDS = frozenset({"st", "saint", "ste"})  # "St. John's wort", "St. Vitus dance"
_TITLE_WORD = re.compile(r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Doctor|Prof|Nurse|Patient|Pt)\.?")
# Grades and classes after an eponym: "Killip II", "Child-Pugh B", "Glasgow of 13".
_GRADE = re.compile(r"(?:[IV]{1,4}|[A-C]|\d+(?:/\d+)?)")
_GRADE_AFTER = re.compile(r"^(?:['’]s?)?[ \t-]+(?:(?:of|class|grade|stage|type)[ \t]+)?"
                          r"(?:[IV]{1,4}|[A-C]|\d+)(?![A-Za-z])")
# Clinical shorthand NER takes into a name ("Hx Graves'"); it says nothing about who is meant.
_CLINICAL_SHORTHAND = frozenset({"hx", "h/o", "dx", "ddx", "pmh", "fhx", "fh", "sx", "r/o", "known", "suspected",
                                 "positive", "negative", "pos", "neg", "non", "early", "late", "bilateral", "left",
                                 "right", "acute", "chronic", "classic", "atypical", "modified", "revised"})
_WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:['’]s?)?")
_SUFFIXES = ("ian", "oid", "ism", "isms")


def _base(word: str) -> tuple[str, bool]:
    """The eponym word of one token and whether it was in a possessive or adjective form."""
    folded = _fold(word)
    if folded.endswith(("'s", "’s")):
        return folded[:-2], True
    if folded.endswith(("'", "’")):
        return folded[:-1], True
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and folded[:-len(suffix)] in EPONYM_WORDS:
            return folded[:-len(suffix)], True
    if folded not in EPONYM_WORDS and folded.endswith("s") and folded[:-1] in EPONYM_WORDS:
        return folded[:-1], True  # "Apgars 9/9"
    return folded, False


def _words(value: str) -> list[str]:
    # "O'Brien", "D'Amico": the apostrophe after a one-letter prefix is inside the name.
    value = re.sub(r"(?<![A-Za-z])([OD])['’](?=[A-Z])", r"\1", value)
    return _WORD.findall(value.replace("-", " "))


def _head_after_name(text: str, end: int) -> bool:
    """A strong head right after the candidate, or within three capitalised words of it, or a class in
    capitals ("Kansas City Cardiomyopathy Questionnaire", "Rotterdam CT score", "Baveno VII")."""
    rest = text[end:end + 80]
    possessive = bool(re.match(r"['’]s?(?![A-Za-z])", rest)) or text[max(0, end - 2):end] in ("'s", "’s")
    rest = re.sub(r"^['’]s?", "", rest)
    between = 0
    while between <= 3:
        nxt = re.match(r"[ \t-]+([A-Za-z][A-Za-z-]*)", rest)
        if not nxt:
            return False
        word = nxt.group(1).lower()
        if possessive and not between and word in _BELONGINGS:
            return False
        if word in STRONG_HEADS or (between and word in HEAD_WORDS) or _PROCEDURE_OR_DISEASE.fullmatch(word):
            return True
        gap = _BETWEEN_NAME_AND_HEAD.match(rest)
        if not gap:
            # one lower-case word before a strong head: "Kernohan notch phenomenon", "Apley grind test"
            two = re.match(r"[ \t-]+[a-z]+[ \t-]+([A-Za-z]+)", rest)
            return not between and bool(two) and two.group(1).lower() in STRONG_HEADS
        rest, between = rest[gap.end():], between + 1
    return False


def _head_follows(text: str, end: int, reach: int = 3) -> bool:
    """A head word within the next ``reach`` words ("Glasgow Coma Scale", "Kernig and Brudzinski signs")."""
    following = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[end:end + 60])[:reach + 1]
    return any(w.lower().strip("'’") in HEAD_WORDS for w in following)


def is_eponym_use(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (a PERSON or LOCATION candidate) is a medical eponym in use.

    Args:
        text: the whole text.
        start: the candidate's start offset.
        end: the candidate's end offset (exclusive).

    Returns:
        False when context says a person is meant (a title or role before, a credential after),
        or when a word of the candidate is neither an eponym nor a head word.
    """
    value = text[start:end]
    before, after = text[max(0, start - 40):start], text[end:end + 12]
    words = _words(value)
    if not words:
        return False
    if _TITLE_WORD.fullmatch(words[0]):
        return False  # NER took the title in: "Mr Parkinson"
    if len(words) > 1 and _LEADING_VERB.fullmatch(words[0]):
        words = words[1:]  # "Discussed Barrett esophagus": NER took the sentence's verb in
    # "Baveno VII", "Bosniak IIF": a class in roman numerals ends the candidate; "Child-Pugh A": a letter grade
    # after two listed names (one name and a letter is a person and an initial: "Gutierrez B").
    graded = len(words) > 1 and bool(_CLASS_WORD.fullmatch(words[-1]))
    lettered = len(words) > 2 and bool(_GRADE.fullmatch(words[-1]))
    words = [w for w in words if not _CLASS_WORD.fullmatch(w)] if graded else words
    bases = [_base(w) for w in words if not _GRADE.fullmatch(w) and _fold(w) not in _CLINICAL_SHORTHAND]
    if not bases:
        return False
    names = [(b, marked) for b, marked in bases if b not in HEAD_WORDS and b not in _SAINT_WORDS
             and b not in _SAINT_OR_MOUNT]
    if _fold(words[0]).rstrip(".") in _SAINT_OR_MOUNT and not _head_after_name(text, end) and \
            not any(b in STRONG_HEADS for b, _ in bases):
        return False  # round 6: "Saint Mary's", "st marys", "Mount Sinai": a facility or a place, not an eponym
    head_inside = len(names) < len(bases)
    if _CREDENTIAL_AFTER.match(after):
        return False
    if _TITLE_BEFORE.search(before):
        # "Sister Mary Joseph nodule" is a sign, not a nun; "mother Crohn's disease" (a family history)
        # is a disease: a listed eponym with a strong head right after it, after a relation word.
        if re.search(r"Sister\s+$", before):
            return _head_follows(text, end)
        if _RELATION_BEFORE.search(before) and len(names) <= 3 and _head_after_name(text, end) \
                and not _followed_by_person_verb(text, end):
            return True  # round 6: "brother Smith-Magenis syndrome", "daughter, Charles Bonnet syndrome"
        if not (_RELATION_BEFORE.search(before) and all(b in EPONYM_WORDS for b, _ in names)):
            return False
        # Round 5: "mother Tourette's", "mother Wolff-Parkinson-White": a possessive or a hyphenated
        # run of listed eponyms after a relation word is a disease in the family history.
        possessive = any(m for _, m in names) or bool(re.match(r"['’]s?(?![A-Za-z])", after))
        return possessive or "-" in value or \
            _followed_by_head_directly(text, end, any(b in STRONG_HEADS for b, _ in bases))
    if not names:
        return True
    known = all(b in EPONYM_WORDS for b, _ in names)
    head = head_inside or _head_follows(text, end)
    if not known:
        # An unknown capitalised word right before a head word is an eponym we do not list ("Stemmer sign").
        # Round 6: up to three words ("Carey Coombs murmur", "Foster Kennedy syndrome", "Holmes-Adie pupil"),
        # a head a few capitalised words on ("Edmonton Frail Scale"), or a class in capitals ("Baveno VII").
        strong_inside = any(b in STRONG_HEADS for b, _ in bases)
        if strong_inside and len(names) <= 3:
            return True
        return len(names) <= 3 and (_head_after_name(text, end) or
                                   (len(names) == 1 and (graded or bool(_ROMAN_AFTER.match(text[end:end + 16])))))
    head = head or bool(_GRADE_AFTER.match(text[end:end + 12]))  # "Killip II", "a Glasgow of 13"
    head = head or graded or lettered or _head_after_name(text, end)  # round 6: "Clark level III", "Child-Pugh A"
    common = all(b in COMMON_SURNAMES for b, _ in names)
    marked = any(m for _, m in names) or bool(re.match(r"['’]s?(?![A-Za-z])", after))  # "Ranson's" cut at "'s"
    return not common or head or marked or bool(_CLINICAL_BEFORE.search(before))


def _followed_by_head_directly(text: str, end: int, head_inside: bool) -> bool:
    """A strong head word inside the candidate or as the very next word."""
    if head_inside:
        return True  # the candidate ends with its head word (NER took "Stemmer sign" whole)
    nxt = re.match(r"['’]?s?\s+([A-Za-z][A-Za-z-]*)", text[end:end + 30])
    return bool(nxt) and nxt.group(1).lower() in STRONG_HEADS
