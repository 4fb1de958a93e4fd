"""Geography below state level (Safe Harbor 2): street addresses, ZIP codes, towns.

States and countries are allowed and never reported. A town is only found
next to a cue ("lives in", "resident of", "Town, ST") because a capitalised
word alone is as likely a drug brand; spaCy's GPE tags cover the rest.
"""

from __future__ import annotations

import re

from core.phi.facility_words import MULTI_WORD_HEADS, SINGLE_WORD_HEADS
from core.phi.lexicon import CA_PROVINCE_CODES, COUNTRIES, US_STATE_CODES, US_STATES
from core.phi.recognizers.base import CuePattern, CuePatternRecognizer
from core.phi.recognizers.names import LOWER, UPPER

_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Way|Boulevard|Blvd|Place|Pl|Terrace|"
           r"Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Trail|Trl|Loop|Alley|Row|Crescent|Close|Path|"
           r"Pike|Plaza|Bend|Hollow|Ridge|Run|Crossing|Creek|Cliffs?|Heights|Mews|Green|Walk|Glen|Point)")
_WORD = r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))"
_UNIT = (r"(?:,?\s*(?:Apt\.?|Apartment|Unit|Suite|Ste\.?|#|Room|Rm\.?|Floor|Fl\.?|Trailer|Lot|Space|Bldg\.?|"
         r"Building)\s*#?\s*[A-Z0-9][A-Z0-9-]*){0,2}")
# Street forms from abroad: a suffix word ("Loorenstrasse 149") or a prefix ("ul. Narewska 94", "Rue …").
_FOREIGN_SUFFIX = (r"(?:stra(?:ss|ß)e|gasse|weg|platz|allee|katu|kuja|tie|tee|vej|gade|gatan|vägen|väg|straat|"
                   r"laan|utca|útja|ulica|cesta|centret)")
_FOREIGN_PREFIX = r"(?:ul\.|ulica|Rue|Via|Viale|Avda\.|Avenida|Calle|Rua|Praça|Plaza|Piazza|Chemin)"
_STATES = "|".join(sorted(US_STATE_CODES | CA_PROVINCE_CODES))
# Numbered roads: "Route 9", "Co Rd 12", "State Hwy 27", "County Road 4", "FM 1960".
_ROUTE = (r"(?:Route|Rte\.?|Highway|Hwy\.?|County\s+Road|County\s+Rd\.?|Co\.?\s+Rd\.?|Co\.?\s+Road|"
          r"State\s+(?:Route|Hwy\.?|Highway|Road|Rd\.?)|Farm\s+Road|Ranch\s+Road|FM|CR|SR|US|Interstate|I-)")
# "Murphy, MD" and "Quenby, PA" are credentials unless a ZIP code follows.
_STATES_NOT_CREDENTIALS = "|".join(sorted((US_STATE_CODES | CA_PROVINCE_CODES) - {"MD", "PA"}))
_STATE_NAMES = "|".join(sorted((s.title() for s in US_STATES), key=len, reverse=True))
_FACILITY_HEADS = "|".join(re.escape(h).replace("'", "['’]").replace(r"\ ", r"[ \t]+")
                           for h in sorted(MULTI_WORD_HEADS + SINGLE_WORD_HEADS, key=len, reverse=True))
_COUNTRIES = "|".join(sorted((c for c in COUNTRIES if len(c) > 3), key=len, reverse=True))


def street_address_recognizer() -> CuePatternRecognizer:
    patterns = [
        CuePattern("number street suffix", rf"\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:{_WORD}\s+){{1,4}}{_SUFFIX}\b\.?"
                   rf"(?!\w){_UNIT}", 0.85),
        CuePattern("foreign street suffix",
                   rf"\b(?:\d{{1,6}}\s+)?[A-ZÀ-Ý][\w'-]*{_FOREIGN_SUFFIX}\s+\d{{1,5}}\b{_UNIT}", 0.75),
        CuePattern("foreign street prefix",
                   rf"\b(?:\d{{1,6}}\s+)?{_FOREIGN_PREFIX}\s+(?:[A-Za-zÀ-ÿ][\w'-]*\s+){{1,3}}\d{{1,5}}\b{_UNIT}", 0.7),
        CuePattern("numbered route", r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?" + _ROUTE + r"\s+\d{1,4}[A-Z]?\b" + _UNIT, 0.8),
        CuePattern("post box", r"\b(?:P\.?\s?O\.?\s+|PSC\s+\d+,?\s+|Unit\s+\d+\s+)Box\s+\d+\b", 0.8),
        # Round 6: rural routes ("RR 2 Box 14", "Rural Route 3", "HC 61 Box 7").
        # "RR 22" alone is a respiratory rate: the abbreviations need their Box.
        CuePattern("rural route", r"\b(?:(?:RR|R\.R\.|HC)\s*#?\s*\d{1,4},?\s*Box\s+\d+|(?:Rural|Star)\s+Route\s*#?\s*\d{1,4}"
                   r"(?:,?\s*Box\s+\d+)?)\b", 0.75),
        CuePattern("unit", r"\b(?:Apt\.?|Apartment|Suite|Ste\.)\s*#?\s*\d+[A-Z]?\b", 0.6),
        CuePattern("address cue", r"(?<![A-Za-z])(?i:address(?:\s+is)?|lives\s+at|resides\s+at|located\s+at)[:\s]+"
                   r"(?P<value>\d{1,6}\s+(?:[A-ZÀ-Ý][\w'’.-]*\s?){1,4})", 0.7),
    ]
    return CuePatternRecognizer("STREET_ADDRESS", patterns, ["address", "street", "lives", "apt", "home"])


def _not_clinical(value: str) -> bool:
    """A town, not a lab, drug or clinical word ("Platelets, 12000" is a count)."""
    from core.phi.lexicon import is_clinical_word, is_state_or_country

    return not is_clinical_word(value) and not is_state_or_country(value)


def _town_before_zip(match) -> bool:
    return _not_clinical(match.group(0).rsplit(",", 1)[0])


# The end of a street address: its suffix or a numbered road, then units ("Rm 210", "Trailer 9", "#14").
_ADDRESS_END = (rf"(?:\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]{{1,2}}\.?\s+)?(?:(?:{_WORD}\s+){{1,4}}{_SUFFIX}\b\.?|{_ROUTE}\s+\d{{1,4}}[A-Z]?\b)"
                rf"|\bP\.?\s?O\.?\s+Box\s*#?\s*\d{{1,6}}\b|\b(?:RR|R\.R\.|HC)\s*#?\s*\d{{1,4}},?\s*Box\s+\d+\b"
                rf"|\b(?:Rural|Star)\s+Route\s*#?\s*\d{{1,4}}(?:,?\s*Box\s+\d+)?\b){_UNIT}")
_TOWN_NAME = r"(?:Mc|Mac|O['’])?[A-Z][a-z'’]+(?:[ -](?:(?:of|on|upon)[ -])?(?:Mc|Mac)?[A-Z][a-z'’]+){0,3}"


def zip_code_recognizer() -> CuePatternRecognizer:
    value = r"(?P<value>\d{5}(?:-\d{4})?|\d{3}\s\d{2})(?![\d-])"
    patterns = [
        CuePattern("zip after state", rf"(?<![A-Za-z])(?:{_STATES}),?\s+{value}", 0.8),
        CuePattern("zip after cue", rf"(?<![A-Za-z])(?i:zip(?:\s*code)?|postal\s+code|post\s*code)(?:\s+is)?\s*[:#]?\s*"
                   rf"(?P<value>\d{{3,5}}(?:-\d{{4}})?)(?![\d-])", 0.9),
        CuePattern("zip after street and town",
                   rf"\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]{{1,2}}\.?\s+)?(?:{_WORD}\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT},[ \t]+"
                   rf"[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){{0,2}},?[ \t]+{value}", 0.8),
        CuePattern("zip right after street",
                   rf"\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]{{1,2}}\.?\s+)?(?:{_WORD}\s+){{1,4}}{_SUFFIX}\b\.?{_UNIT},[ \t]+{value}",
                   0.75),
        CuePattern("zip after town cue",
                   r"(?<![A-Za-z])(?i:lives\s+in|living\s+in|resides\s+in|resident\s+of|moved\s+to|relocated\s+to)"
                   rf"\s+[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+){{0,2}},?[ \t]+{value}", 0.8),
        # "Tomah, 83695": a ZIP right after a town and a comma, no state between (round 5).
        CuePattern("zip after town", rf"(?<![\w'’-]){TOWN_WORD}(?:[ -]{TOWN_WORD}){{0,2}},[ \t]+{value}", 0.7, None,
                   _town_before_zip),
        # Round 6: "9939 Co Rd 12 Rm 210, Lone Pine 91879-6368", "State Hwy 27 #14, Tonopah 56266",
        # "2686 Co Rd 12, 27862-4826": the ZIP at the end of an address, with or without the town and state.
        CuePattern("zip at the end of an address", rf"{_ADDRESS_END},[ \t]+(?:{_TOWN_NAME},?[ \t]+)?(?:(?:{_STATES}),?[ \t]+)?"
                   rf"{value}", 0.8),
        # "Wrong zip on file (88825) ..., correct one is 01189": a ZIP a few words after the word zip.
        CuePattern("zip a few words after zip", r"(?<![A-Za-z])(?i:zip(?:\s*code)?|postal\s+code|post\s*code)\b"
                   r"[^.;\n]{0,40}?(?:\(|\b(?:is|was|to|be|:)\s+)(?P<value>\d{5}(?:-\d{4})?)(?![\d-])", 0.8),
        CuePattern("corrected zip", r"(?<![A-Za-z])(?i:correct|new|right|updated|actual|proper)\s+(?i:one|zip|code|"
                   r"zip\s+code|postcode)\s+(?i:is|was|should\s+be|:)\s+(?P<value>\d{5}(?:-\d{4})?)(?![\d-])", 0.75),
        CuePattern("postcode after country", rf"(?<![A-Za-z])(?i:{_COUNTRIES})\s+(?P<value>\d{{4,5}})(?!\d)", 0.6),
    ]
    return CuePatternRecognizer("ZIP_CODE", patterns, ["zip", "postal", "code"])


# A connecting word only inside a name ("Stratford-upon-Avon", "Isle of Wight"), never at its end ("Tarnwick on").
# A town word, apostrophe forms included: "O'Fallon", "Land O'Lakes", "Coeur d'Alene", "L'Anse", "Val-d'Or".
TOWN_WORD = r"(?:[dDlL]['’])?(?:Mc|Mac)?[A-Z](?:[a-z]*['’][A-Z])?[a-z'’]+"
_PLACE = rf"(?P<value>{TOWN_WORD}(?:[ -](?:(?:of|on|upon)[ -])?{TOWN_WORD}){{0,3}})"


# An address block's town line: alone on its line, after a street/unit line or before a "Country ZIP" line.
_TOWN_WORD = rf"[{UPPER}][{UPPER}{LOWER}'’.-]+"
_LINE_PLACE = rf"(?P<value>{_TOWN_WORD}(?:[ \t]+(?:{_TOWN_WORD}|de|del|la|nad|an|am|upon)){{0,4}})"


# What may follow a place named after "in": the end of a clause or a word that starts a new phrase.
_PHRASE_END = (r"(?=[ \t]*(?:[.,;:!?)]|$|\n|[ \t]+(?:for|to|and|with|since|last|until|on|at|where|after|before|"
               r"but|when|while|who|which|that|because|until|this|next|yesterday|today|tonight|over|during|by|"
               r"from|area|city|town|county|aware|informed|notified|says|said|asks|asked|wants|phoned)\b))")


def town_recognizer() -> CuePatternRecognizer:
    patterns = [
        CuePattern("town line after unit", rf"(?m)^[ \t>]*(?:Apt\.?|Suite|Unit|Ste\.?)[ \t]*\d+[A-Z]?[ \t]*\n"
                   rf"[ \t>]*{_LINE_PLACE}[ \t]*$", 0.6),
        CuePattern("town line before country", rf"(?m)^[ \t>]*{_LINE_PLACE}[ \t]*\n(?:[ \t>]*\n)?[ \t>]*"
                   rf"(?:(?i:{_COUNTRIES})[ \t]+\d{{4,5}}|,?[ \t]*(?:{_STATES})[ \t]+\d{{5}})[ \t]*$", 0.6),
        CuePattern("town after cue",
                   r"(?<![A-Za-z])(?i:lives\s+in|living\s+in|resides\s+in|resident\s+of|moved\s+(?:here\s+)?from|"
                   r"moved\s+to|relocated\s+to|born\s+in|grew\s+up\s+in|(?:drives|travels|commutes)(?:\s+in)?\s+from|"
                   r"town\s+of|city\s+of|village\s+of|county\s+of|from\s+the\s+town\s+of)\s+" + _PLACE, 0.75),
        # "from <Town>" is a weaker cue: "from Medicaid" and "from Cardiology" are caught by the lexicon filter.
        CuePattern("town after from", r"(?<![A-Za-z])(?i:from)\s+" + _PLACE + r"(?=\s+(?:called|calls|reports|"
                   r"presents|came|comes|arrived|for|to|is|was|and|with|visiting|who|now|area|asking|asks|asked|"
                   r"says|said|wants|farm|ranch|mill|after|about|re|regarding|today|yesterday|this)\b|[.,;)]|$)", 0.55),
        # "going home with her niece to Walla Walla", "drove back to Tomah": travel, then "to <Town>".
        CuePattern("town after travel to", r"(?<![A-Za-z])(?i:going|goes|went|moving|moved|driving|drove|drive|"
                   r"travell?(?:ing|ed)?|returning|returned|flying|flew|headed|heading|relocating|home)\b"
                   r"[^.;\n]{0,40}?\bto\s+" + _PLACE + _PHRASE_END, 0.55),
        CuePattern("town before state",
                   rf"(?P<value>{TOWN_WORD}(?:[ -]{TOWN_WORD}){{0,2}})"
                   rf"(?:,\s+(?:{_STATES_NOT_CREDENTIALS})\b(?=\s+\d{{5}}|\s*$|[.,;)])"
                   rf"|,?\s+(?:{_STATES})\s+(?=\d{{5}}))",
                   0.75),
        CuePattern("town before state name",
                   rf"(?P<value>{TOWN_WORD}(?:[ -]{TOWN_WORD}){{0,2}}),[ \t]+(?:{_STATE_NAMES})\b", 0.7),
        CuePattern("town after facility", rf"(?:{_FACILITY_HEADS})[ \t]+(?:in|of|at)[ \t]+{_PLACE}", 0.7),
        # "near Quillby Falls", "just outside Penhallow", "north of Eskdale": a direction word is a place cue.
        CuePattern("town after near", r"(?<![A-Za-z])(?i:near|nearby|outside(?:\s+of)?|close\s+to|"
                   r"(?:north|south|east|west)\s+of)\s+" + _PLACE, 0.65),
        # A capitalised name after a lower-case "in" ("hospitalized at Mount Cadair in Penhallow", "over in
        # Eskdale") ends a phrase; departments, months, languages and record systems are filtered by the lexicon.
        CuePattern("town after in", r"(?<![A-Za-z])(?:(?:over|up|down|out|back|here|there|living|staying|"
                   r"lives|stays|works|worked)\s+)?in\s+" + _PLACE + _PHRASE_END, 0.55),
        CuePattern("town before zip", rf"(?<![\w'’-])(?P<value>{TOWN_WORD}(?:[ -]{TOWN_WORD}){{0,2}}),[ \t]+"
                   r"\d{5}(?:-\d{4})?(?![\d-])", 0.65, _not_clinical),
        CuePattern("county", r"\b(?P<value>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+County)\b", 0.7),
        # Round 6: the town between an address and its ZIP ("..., Rm 210, Lone Pine 91879", "#14, Tonopah 56266").
        CuePattern("town at the end of an address", rf"{_ADDRESS_END},[ \t]+(?P<value>{_TOWN_NAME})"
                   rf"(?=,?[ \t]+(?:(?:{_STATES}),?[ \t]+)?\d{{5}}|[ \t]*(?:[.;:)]|$|\n))", 0.7, _not_clinical),
        # "2462 Kessler Ave, Willowmere.": the town after a street address.
        CuePattern("town after street", rf"\b\d{{1,6}}[A-Z]?\s+(?:[NSEW]\.?\s+)?(?:{_WORD}\s+){{1,4}}{_SUFFIX}\b\.?"
                   rf"{_UNIT},[ \t]+{_PLACE}(?=[ \t]*(?:[.;:)]|$|,?[ \t]+(?:{_STATES})\b|,?[ \t]+\d{{5}}))", 0.7),
    ]
    return CuePatternRecognizer("LOCATION", patterns, ["lives", "town", "city", "county", "resident"],
                                name="TownCueRecognizer")


def place_recognizers() -> list[CuePatternRecognizer]:
    return [street_address_recognizer(), zip_code_recognizer(), town_recognizer()]
