"""The generator's own identifier lists: every name and place it ever writes.

Synthetic records may only carry identifiers from these lists. The PHI audit
(``core.phi``) uses them as the authenticity check: a person or place name in
a dataset that is *not* listed here did not come from the generator and is
treated as a possible real-patient leak.

The names are invented on purpose (unusual given names, compound surnames,
towns that do not exist) so that a reader, and a scanner, can tell them from
real people and places. Phone numbers use the 555-01xx range that North
American numbering reserves for fiction, e-mail uses the reserved
``example.*`` domains, and ZIP codes use the unassigned ``000`` prefix.

Keep every entry unique across lists; tests check that.
"""

from __future__ import annotations

import re

FIRST_NAMES: list[str] = [
    "Alvessa", "Brannoc", "Cirelle", "Dovrin", "Elsmere", "Fennick", "Galinda", "Harrowe",
    "Isolune", "Jaskel", "Korrin", "Lunette", "Marisol-Vey", "Nerissa", "Orlin", "Pellamy",
    "Quenby", "Rosalind-Ivy", "Sorrel", "Tavessa", "Ulmar", "Velika", "Wrenna", "Xavrin",
    "Yselda", "Zephyrin", "Amaranth", "Bexley-Rue", "Calloway", "Delphine-Oak", "Emberlyn",
    "Faolan", "Gideonne", "Halcyon", "Ilvara", "Jorvik", "Kestrel", "Liriel", "Mordant",
    "Nimsy", "Oberyn-Ash", "Peregrine", "Quilla", "Rudimar", "Saffrey", "Thessaly", "Umbrielle",
    "Valorin", "Winslow-Fen", "Yarrowyn", "Zinnia-Belle", "Abeni-Lark", "Chidozie-Wren",
    "Itzamar", "Kaiyuki", "Mahalo-Rae", "Nalesi", "Oyelaran", "Pilarette", "Rashmiel",
    "Sunniva-Jo", "Tamsinor", "Xochitlan", "Yaretzi-Moon",
]

LAST_NAMES: list[str] = [
    "Quillfeather", "Marrowby", "Thistlewood", "Brackwater", "Oakenhollow", "Fernsby",
    "Ashgrove-Pell", "Windermoor", "Coppervale", "Larkspurrow", "Mistlemere", "Tallowgate",
    "Duskwhistle", "Hollowbrook", "Saltmarrow", "Gorsefield", "Kettlewick", "Pemberfen",
    "Ravensmoor", "Silverbough", "Underhay", "Vantablen", "Wickerstaff", "Yewdale-Fox",
    "Zellowmere", "Amberlythe", "Briarcombe", "Cinderholt", "Dapplewood", "Emberfell",
    "Foxglovey", "Glimmerton", "Hazelthorn", "Inkwater", "Juniperell", "Kindlebrook",
    "Lanternby", "Mossgarden", "Nettlecombe", "Oriel-Vane", "Puddlestone", "Quarrybend",
    "Rushwillow", "Sparrowhold", "Tumbleweir", "Umberfield", "Velvetmoss", "Waddlecombe",
    "Okonkwo-Vale", "Nakamoru", "Tlalocuex", "Abernathil", "Castellaro-Moon", "Delacroixe",
]

CITIES: list[str] = [
    "Lake Quillon", "Bramblecourt", "Port Emberly", "Harrowgate Springs", "Mistlefen",
    "Copperholt", "North Vellamy", "Saltmarrow Bay", "Tallowmere", "Kestrel Ridge",
    "Glimmerford", "East Oakenhollow", "Wickerton", "Fernsby Crossing", "Duskwater",
    "Lanternfield", "New Thistlegate", "Silverbough Falls", "Marrowvale", "Pemberfen Junction",
]

STREETS: list[str] = [
    "Lanternfish Lane", "Quillon Parkway", "Bramble Hollow Road", "Emberly Avenue",
    "Thistledown Court", "Copperkettle Street", "Mistletoe Row", "Sparrowhawk Drive",
    "Moonpetal Way", "Foxglove Terrace", "Saltmarsh Boulevard", "Tallowcandle Lane",
    "Kestrel Perch Road", "Willowisp Circle", "Gorsebloom Street", "Hazelnut Crescent",
    "Puddleduck Place", "Nettlebed Avenue", "Juniper Lantern Way", "Velvetmoss Drive",
]

CLINICIAN_NAMES: list[str] = [
    "Dr. Ysolde Brackwater", "Dr. Fennick Oakenhollow", "Dr. Tavessa Coppervale",
    "Dr. Orlin Mistlemere", "Dr. Wrenna Kettlewick", "Dr. Jaskel Ravensmoor",
    "Dr. Liriel Hazelthorn", "Dr. Pellamy Inkwater", "NP Sorrel Duskwhistle",
    "NP Quenby Lanternby", "PA Korrin Saltmarrow", "RN Nerissa Gorsefield",
    "RN Halcyon Tallowgate", "Dr. Itzamar Briarcombe", "Dr. Nalesi Kindlebrook",
]

CLINIC_NAMES: list[str] = [
    "Lake Quillon Family Clinic", "Bramblecourt Community Health Center",
    "Port Emberly Primary Care", "Mistlefen Family Practice", "Kestrel Ridge Wellness Clinic",
    "Copperholt Community Clinic", "Glimmerford Health Cooperative",
]

PHARMACY_NAMES: list[str] = [
    "Quillon Apothecary", "Bramble & Mortar Pharmacy", "Emberly Corner Drugstore",
    "Tallowmere Pharmacy", "Lanternfield Chemists",
]

HEALTH_PLANS: list[str] = [
    "Quillon Valley Health Plan", "Bramblecourt Mutual Care", "Emberly Community Assurance",
    "Mistlefen Medicaid Partners",
]

EMPLOYERS: list[str] = [
    "Copperholt Cannery", "Duskwater Logistics", "Glimmerford Schools", "Marrowvale Bakery Co-op",
    "Saltmarrow Fisheries",
]

#: Unassigned ZIP prefix ``000``: no real address has these codes.
ZIP_CODES: list[str] = [f"000{n:02d}" for n in (11, 17, 23, 29, 31, 37, 41, 43, 47, 53)]

#: 555-0100..555-0199 are reserved for fictional use in North America.
PHONE_NUMBERS: list[str] = [f"(555) 555-01{n:02d}" for n in range(0, 100, 7)]

#: Reserved documentation domains (RFC 2606).
EMAIL_DOMAINS: list[str] = ["example.org", "example.net", "example.com"]

#: Prefix of every synthetic medical record number ("SYN-MRN-004211").
MRN_PREFIX = "SYN-MRN-"

#: Which lists hold person names and which hold place names, for the PHI audit.
PERSON_NAME_LISTS = ("FIRST_NAMES", "LAST_NAMES", "CLINICIAN_NAMES")
PLACE_NAME_LISTS = ("CITIES", "STREETS", "CLINIC_NAMES", "PHARMACY_NAMES")


def person_name_tokens() -> frozenset[str]:
    """Every word of every fictional person name, lower-cased (titles dropped)."""
    tokens: set[str] = set()
    for name in FIRST_NAMES + LAST_NAMES + CLINICIAN_NAMES:
        tokens.update(_words(name))
    return frozenset(tokens - _TITLES)


def place_name_tokens() -> frozenset[str]:
    """Every word of every fictional place name, lower-cased."""
    tokens: set[str] = set()
    for name in CITIES + STREETS + CLINIC_NAMES + PHARMACY_NAMES:
        tokens.update(_words(name))
    return frozenset(tokens)


def is_fictional_person(text: str) -> bool:
    """True when every capitalised word of ``text`` is a fictional name word.

    Titles (Dr., NP, RN, PA, Mr., Ms., Mrs.) and initials are ignored, so
    "Dr. Orlin Mistlemere", "pt T. Quillfeather" and "Quenby" all pass, while
    any real-looking name ("John Smith") fails.
    """
    names = person_name_tokens()
    words = [w for w in _words(text) if w not in _TITLES and len(w) > 1]
    return bool(words) and all(w in names for w in words)


def is_fictional_place(text: str) -> bool:
    """True when ``text`` is, or lies within, a fictional place name or ZIP code."""
    stripped = text.strip()
    if stripped in ZIP_CODES:
        return True
    lowered = stripped.lower()
    for place in CITIES + STREETS + CLINIC_NAMES + PHARMACY_NAMES:
        if lowered and lowered in place.lower():
            return True
    words = _words(stripped)
    places = place_name_tokens()
    return bool(words) and all(w in places or w.isdigit() for w in words)


_TITLES = frozenset({"dr", "np", "rn", "pa", "mr", "ms", "mrs", "mx", "pt"})


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]*|\d+", text)]
