"""Writes tests/data/phi_locked5.jsonl: locked PHI set v5 (issue 15), written blind.

Clinician-style texts (telephone triage, portal messages, referral letters, sign-outs,
discharge summaries, ED notes, pharmacy/lab call-backs, billing, research, home-health
and EMS notes, fax covers) with character-offset PHI labels covering the 18 Safe
Harbor identifier classes, and PHI-free texts dense with eponyms, scores, drugs and
generic facility words. Every value is fictional (555-01xx numbers, example.* domains,
documentation IP ranges, invented names, towns and facilities). See PHI_LOCKED5.md.

Template syntax (on top of phi_generator.fill): ``[[a|b|c]]`` picks one alternative
(before filling, so alternatives may hold slots); a template starting ``^U `` is
rendered in capitals, ``^L `` in lower case (span values follow).

Usage: python tests/data/make_phi_locked5.py [--seed 5917] [--out PATH]
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phi_generator  # noqa: E402  (tests/data/phi_generator.py: filling, span check, CLI)

SEED = 5917
PHI_COPIES = 5
CLEAN_COPIES = 5

# ----------------------------------------------------------------------------------------------
# value lists (all invented or re-combined; none names a real patient)

FIRST = """Adaeze Bernadette Calvin Dolores Ezekiel Fern Gideon Harriet Ignacio Josefina Keanu Lavinia
Mordecai Nadia Obadiah Priya Quentin Rosalind Soren Thuy Ulysses Verna Wendell Ximena Yusuf Zelda
Bartholomew Cordelia Darnell Eloise Genevieve Horace Imani Jasper Kenji Lucinda Maximilian Nkechi
Ophelia Percival Rhiannon Tobias Wilhelmina Arvid Beatrix Cornelius Dagny Emeric Florentina Gustavo
Hildegard Isidore Junie Lazarus Marguerite Nils Odessa Pilar Reinhold Saoirse Thaddeus Vesna Wren
Yolanda Zebulon Maeve Rufus Tamsin Ambrose Oksana Delphine Anselm Marisol Teodoro Lorna Hyacinth
Bao Kwame Ingrid Esperanza Lyle Opal Cyrus Mireille Roscoe Sunniva""".split()
NICK = "Bev Dottie Zeke Gus Maxi Hattie Ike Cora Teddy Lou Fitz Ozzie Winnie Bunny Sal Rory".split()
LAST = """Abernathy Brightwell Castellanos Dunleavy Eckhardt Fairweather Gallardo Halloran Ingersoll
Jankowski Kowalczyk Lindqvist Maddox Nakagawa Okonkwo Pettibone Quintero Rasmussen Szymanski
Thibodeaux Umberger Vanderslice Whitcombe Yarbrough Zielinski Delacroix Featherstone Hargreaves
Iwasaki Kincaid Lachance Mwangi Oyelaran Prendergast Rourke Sandoval Truong Ulloa Villanueva Wojcik
Xiong Yeager Zamora Blackwood Cartwright Dombrowski Esposito Fenwick Grimaldi Holloway Ivanova
Jessup Kaczmarek Loughlin Merriweather Pemberton Quigley Rutledge Stanhope Tolliver Underwood
Vukovic Wetherby Achterberg Bouchard Crandall Haddad Lundgren Osei Bramwell Corcoran Drummond
Espinoza Faulkner Gaskell Hinojosa Ketteridge Lomax Marchetti Nwosu Ostrowski Pruitt Raskin
Seagrave Trevino Vasquez-Lin Wainwright""".split() + [
    "O'Sullivan", "McCandless", "van der Berg", "De la Cruz", "St. Germain", "Ashworth-Lyle",
    "Gutierrez-Moya", "Nguyen-Tran", "MacAlister", "D'Onofrio", "le Roux", "Al-Masri", "O'Dea",
    # surnames that are also eponyms or ordinary words
    "Graves", "Bell", "Wilson", "Baker", "Hunter", "Addison", "Murphy", "Whipple", "Homans",
    "Osler", "Kernig", "Frost", "Rivers", "Love", "Winter", "Brooks", "Hale", "King",
]
TITLES_F = ["Mrs.", "Mrs", "Ms.", "Ms", "Miss", "mrs", "ms"]
TITLES_M = ["Mr.", "Mr", "mr"]

TOWN_LIST = [
    "Marrowfield", "Quillan", "Tolland's Crossing", "Port Ashby", "Little Rennick", "Fort Calder",
    "Harrowgate", "Bexley Falls", "Cobb's Landing", "Wyndham Springs", "Osterby", "Pellston Ridge",
    "New Kesslar", "Ambry Junction", "Saltmarsh", "Hollis Bend", "East Varnum", "Dunmore Flats",
    "Grayling Hollow", "Mapleton Mills", "Lower Tinsdale", "Caraway Point", "Elsinore Heights",
    "Fenwick Station", "Glenrock Shoals", "Juniper Gap", "North Ottery", "Palisade Lake",
    "Quarry Hill", "Redwater", "Sawyer's Mill", "Tamarack Bluffs", "Upper Lisle", "Vantage Prairie",
    "Westerly Cove", "Yarrow Creek", "Zion Forks", "Bramblewood", "Holt's Corner", "Mount Evander",
    "St. Alric", "Sainte-Odile", "Kettle Falls Junction", "Big Sorrel", "Chinquapin", "Mercy Flats",
]
COUNTY_STEMS = ["Benning", "Tolliver", "Aubrac", "Kettle", "Pawnell", "Greer", "Sedgwick Falls",
                "Marlow", "Ocheyedan", "Wilkes-Barrow", "Cullen", "Tamsett", "Brisco", "Harlow"]
COUNTY_KIND = ["County", "County", "Co.", "Co", "Parish", "Borough", "county"]
STATES = ["WI", "MN", "Iowa", "OH", "KY", "Oregon", "TX", "NM", "VT", "ME", "GA", "Montana", "NC", "AZ"]
STREETS = ["Larkin", "Ormond", "Whitfield", "Quarry", "Tamarind", "Old Mill", "Beacon Hill", "Cotter",
           "Sassafras", "Halvard", "Kingfisher", "Marsh Hawk", "Ninebark", "Pruett", "Varnum"]
STREET_KIND = ["Ave", "Ave.", "Avenue", "St", "St.", "Street", "Rd", "Road", "Ln", "Lane", "Dr", "Ct",
               "Blvd", "Way", "Pkwy", "Terrace", "Cir"]

SAINTS = ["Agnes", "Brendan", "Clare", "Dominic", "Elizabeth", "Francis", "Gerard", "Hilda",
          "Ignatius", "Jude", "Kateri", "Luke", "Monica", "Nicholas", "Patrick", "Raphael", "Teresa",
          "Ursula", "Vincent de Paul", "Bridget", "Cecilia", "Gabriel", "Isidore", "Wenceslas"]
STEMS = ["Bayview", "Cedar Ridge", "Willow Creek", "Harrow Point", "Stonebridge", "Marlow Valley",
         "Pine Hollow", "Kestrel Bay", "Ashford", "Brightwater", "Laurel Heights", "Fox Run",
         "Greystone", "Northfield", "Silver Lake", "Heron Pond", "Blue Spruce", "Copper Basin",
         "Linden Grove", "Meadowlark", "Oak Terrace", "Prairie Rose", "Quail Run", "Riverbend",
         "Sable Point", "Thornbury", "Vale Harrow", "Whispering Pines", "Amberfield", "Tidewater",
         "Granite Lantern", "Evergreen Hills", "Four Ferries", "Lake Tessaly", "High Mesa Verdell", "Sunbury Knoll"]
FAITH = ["Mercy", "Good Samaritan", "Providence", "Holy Cross", "Sacred Heart", "Our Lady of Lourdes",
         "Our Lady of the Lake", "Baptist", "Methodist", "Presbyterian", "Adventist", "Lutheran",
         "Good Shepherd", "Holy Family", "Bethesda", "Covenant", "Shepherd of the Hills"]
HOSP_KIND = ["Hospital", "Medical Center", "Medical Centre", "Regional Medical Center", "Memorial Hospital",
             "Community Hospital", "General Hospital", "Regional Hospital", "Health System",
             "Hospital and Clinics", "Medical Ctr", "Regional", "Memorial", "General"]
CLINIC_KIND = ["Family Medicine", "Family Practice", "Internal Medicine Associates", "Pediatrics",
               "Medical Group", "Primary Care", "Clinic", "Women's Health", "Orthopedics & Sports Medicine",
               "Cardiology Associates", "Medical Clinic", "Physicians Group", "Pulmonary & Sleep Clinic"]
CARE_KIND = ["Care Center", "Nursing and Rehabilitation Center", "Nursing & Rehab", "Manor",
             "Skilled Nursing Facility", "Senior Living", "Healthcare Center", "Assisted Living",
             "Memory Care", "Nursing Home", "Care Home", "Rehabilitation & Healthcare", "Retirement Community",
             "Health and Rehabilitation", "Transitional Care Unit"]
UC_KIND = ["Urgent Care", "Walk-In Clinic", "ExpressCare", "QuickCare", "Immediate Care", "Urgent Care Center",
           "Walk-in Care", "FastCare", "Convenient Care", "After-Hours Clinic", "Urgent & Family Care"]
DIAL_KIND = ["Dialysis Center", "Dialysis", "Kidney Center", "Dialysis Unit", "Renal Care", "Home Dialysis",
             "Kidney Care", "Dialysis Clinic", "Artificial Kidney Center"]
HC_KIND = ["Community Health Center", "Health Centre", "Health Center", "Free Clinic", "Tribal Health Center",
           "Rural Health Clinic", "Behavioral Health", "Hospice", "Rehabilitation Hospital",
           "Surgery Center", "Imaging", "Cancer Institute", "Birth Center", "Wound Care Center",
           "Infusion Center", "Counseling Center", "Federally Qualified Health Center", "Health Services"]
AREA_WORDS = ["Northside", "Eastgate", "Westbrook", "Southpoint", "Uptown", "Midvalley", "Lakeside", "Hillcrest"]


def _pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def _person(rng: random.Random, variant: str) -> str:
    first, last = _pick(rng, FIRST), _pick(rng, LAST)
    mid = _pick(rng, "ABCDEFGHJKLMNPRSTW")
    forms = {
        "full": lambda: f"{first} {last}",
        "fml": lambda: f"{first} {mid}. {last}",
        "fmnl": lambda: f"{first} {mid} {last}",
        "lf": lambda: f"{last}, {first}",
        "lfm": lambda: f"{last}, {first} {mid}.",
        "LF": lambda: f"{last.upper()}, {first.upper()}",
        "LFNC": lambda: f"{last.upper()},{first.upper()}",
        "init": lambda: f"{first[0]}. {last}",
        "initnd": lambda: f"{first[0]} {last}",
        "lastinit": lambda: f"{last} {first[0]}",
        "last": lambda: last,
        "first": lambda: first,
        "nick": lambda: _pick(rng, NICK),
        "lower": lambda: f"{first} {last}".lower(),
        "flast": lambda: f"{first[0].lower()}{last.lower().replace(' ', '').replace(chr(39), '')}",
    }
    if not variant:
        variant = _pick(rng, ["full", "full", "full", "fml", "lf", "init", "fmnl", "lfm"])
    return forms[variant]()


def _location(rng: random.Random, variant: str) -> str:
    if variant == "county" or (not variant and rng.random() < 0.25):
        return f"{_pick(rng, COUNTY_STEMS)} {_pick(rng, COUNTY_KIND)}"
    town = _pick(rng, TOWN_LIST)
    return town.lower() if variant == "lc" else (town.upper() if variant == "uc" else town)


def _street(rng: random.Random, variant: str) -> str:
    n = rng.randrange(2, 9900)
    form = rng.randrange(9)
    street = f"{_pick(rng, STREETS)} {_pick(rng, STREET_KIND)}"
    if form == 0:
        return f"{n} {_pick(rng, ['N', 'S', 'E', 'W', 'N.', 'W.'])} {street}"
    if form == 1:
        return f"{n} {street} Apt {rng.randrange(1, 40)}{_pick(rng, 'ABCD')}"
    if form == 2:
        return f"{n} {street}, Unit {rng.randrange(100, 999)}"
    if form == 3:
        return f"RR {rng.randrange(1, 9)} Box {rng.randrange(10, 400)}"
    if form == 4:
        return f"{n} County Rd {rng.randrange(1, 99)}"
    if form == 5:
        return f"N{rng.randrange(1000, 9999)} Hwy {rng.randrange(10, 99)}"
    if form == 6:
        return f"{n} {street} #{rng.randrange(2, 30)}"
    return f"{n} {street}"


def _zip(rng: random.Random, variant: str) -> str:
    z = f"{rng.randrange(1000, 99999):05d}"
    return f"{z}-{rng.randrange(10000):04d}" if rng.random() < 0.3 else z


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MON3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _date(rng: random.Random, variant: str) -> str:
    y = rng.randrange(1921, 1990) if variant == "dob" else rng.randrange(2023, 2027)
    m, d = rng.randrange(1, 13), rng.randrange(1, 29)
    forms = [
        lambda: f"{m}/{d}/{y}", lambda: f"{m:02d}/{d:02d}/{y}", lambda: f"{m}/{d}/{y % 100:02d}",
        lambda: f"{m:02d}-{d:02d}-{y}", lambda: f"{y}-{m:02d}-{d:02d}", lambda: f"{m}.{d}.{y % 100:02d}",
        lambda: f"{MONTHS[m - 1]} {d}, {y}", lambda: f"{MON3[m - 1]} {d} {y}", lambda: f"{d} {MON3[m - 1]} {y}",
        lambda: f"{d}-{MON3[m - 1].upper()}-{y}", lambda: f"{MON3[m - 1].upper()} {d:02d} {y}",
        lambda: f"{m:02d}{d:02d}{y}", lambda: f"{MON3[m - 1]}. {d}, {y}", lambda: f"{_ordinal(d)} {MONTHS[m - 1]} {y}",
        lambda: f"{MONTHS[m - 1].lower()} {d} {y}",
    ]
    if variant != "dob":
        forms += [
            lambda: f"{m}/{d}", lambda: f"{MON3[m - 1]} {d}", lambda: f"{MONTHS[m - 1]} {_ordinal(d)}",
            lambda: f"{_ordinal(d)} of {MONTHS[m - 1]}", lambda: f"{m}-{d}", lambda: f"{MON3[m - 1].lower()} {d}",
            lambda: f"{MONTHS[m - 1]} {y}", lambda: f"{m}/{y}", lambda: f"{MON3[m - 1]} '{y % 100:02d}",
            lambda: f"{d}/{MON3[m - 1]}/{y}",
        ]
    if variant == "md":
        return _pick(rng, forms[15:21])()
    return _pick(rng, forms)()


AGE_WORDS = {90: "ninety", 91: "ninety-one", 92: "ninety-two", 93: "ninety-three", 94: "ninety-four",
             95: "ninety-five", 96: "ninety-six", 97: "ninety-seven", 98: "ninety-eight", 99: "ninety-nine",
             100: "one hundred", 101: "one hundred and one", 102: "one hundred and two"}


def _age(rng: random.Random, variant: str) -> str:
    a = rng.choices(range(90, 106), weights=[9, 9, 8, 8, 7, 7, 6, 5, 4, 4, 3, 2, 2, 1, 1, 1])[0]
    if variant == "w":
        word = AGE_WORDS[min(a, 102)]
        return word.replace("-", " ") if rng.random() < 0.25 else word
    return str(a)


def _phone_digits(rng: random.Random) -> tuple[str, str]:
    return f"{rng.randrange(201, 990)}", f"01{rng.randrange(100):02d}"


def _phone(rng: random.Random, variant: str) -> str:
    area, line = _phone_digits(rng)
    form = rng.randrange(11)
    return [f"({area}) 555-{line}", f"{area}-555-{line}", f"{area}.555.{line}", f"{area}555{line}",
            f"555-{line}", f"+1 {area} 555 {line}", f"1-{area}-555-{line}", f"{area}/555-{line}",
            f"({area})555-{line} x{rng.randrange(10, 999)}", f"{area} 555 {line}",
            f"({area}) 555-{line} ext. {rng.randrange(100, 9999)}"][form]


def _email(rng: random.Random, variant: str) -> str:
    first, last = _pick(rng, FIRST).lower(), _pick(rng, LAST).lower().replace(" ", "").replace("'", "")
    local = _pick(rng, [f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randrange(10, 99)}",
                        f"{last}.{first[0]}", f"{first}_{last}{rng.randrange(1950, 2005)}",
                        f"{first[0].upper()}{last.capitalize()}"])
    dom = _pick(rng, ["example.com", "example.org", "example.net", "mail.example.com", "example.edu",
                      "clinic.example.org"])
    return f"{local}@{dom}"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _ssn(rng: random.Random, variant: str) -> str:
    a, g, s = rng.randrange(100, 666), rng.randrange(10, 99), rng.randrange(1000, 9999)
    return _pick(rng, [f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}{g}{s}", f"{a}-{g}-{s}"])


def _mrn(rng: random.Random, variant: str) -> str:
    return _pick(rng, [_digits(rng, 8), _digits(rng, 7), "E" + _digits(rng, 7), f"{_digits(rng, 2)}-{_digits(rng, 2)}-{_digits(rng, 3)}",
                       "000" + _digits(rng, 6), f"M{_digits(rng, 6)}", _digits(rng, 10)])


def _mbi(rng: random.Random) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    ln = letters + "0123456789"
    c = [str(rng.randrange(1, 10)), _pick(rng, letters), _pick(rng, ln), str(rng.randrange(10)),
         _pick(rng, letters), _pick(rng, ln), str(rng.randrange(10)), _pick(rng, letters),
         _pick(rng, letters), str(rng.randrange(10)), str(rng.randrange(10))]
    s = "".join(c)
    return s if rng.random() < 0.5 else f"{s[:4]}-{s[4:7]}-{s[7:]}"


def _health_plan(rng: random.Random, variant: str) -> str:
    if variant == "mbi":
        return _mbi(rng)
    return _pick(rng, [_mbi(rng), f"{_pick(rng, ['XJH', 'ZQB', 'WKP', 'YRL'])}{_digits(rng, 9)}",
                       f"W{_digits(rng, 9)}", f"MCD{_digits(rng, 8)}", f"{_digits(rng, 9)}-01",
                       f"H{_digits(rng, 8)}", f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 4)}A",
                       f"U{_digits(rng, 8)}-{_digits(rng, 2)}"])


def _luhn(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + _digits(rng, length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def _account(rng: random.Random, variant: str) -> str:
    if variant == "card":
        n = _luhn(_pick(rng, ["4", "51", "55", "37"]), 16 if rng.random() < 0.8 else 15, rng)
        return " ".join(n[i:i + 4] for i in range(0, len(n), 4)) if rng.random() < 0.5 else n
    return _pick(rng, [f"HAR{_digits(rng, 9)}", _digits(rng, 9), f"{_digits(rng, 4)}-{_digits(rng, 5)}",
                       f"FIN {_digits(rng, 8)}", f"A{_digits(rng, 8)}", _digits(rng, 12),
                       f"{_digits(rng, 3)}-{_digits(rng, 6)}-{_digits(rng, 2)}"])


def _dea(rng: random.Random) -> str:
    l1, l2 = _pick(rng, "ABFM"), _pick(rng, "BCDFGHKLMNPRSTW")
    d = [rng.randrange(10) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return l1 + l2 + "".join(map(str, d)) + str(check)


def _license(rng: random.Random, variant: str) -> str:
    if variant == "dea":
        return _dea(rng)
    if variant == "dl":
        return _pick(rng, [f"{_pick(rng, 'SDKMTW')}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
                           f"{_pick(rng, 'ABCDKLM')}{_digits(rng, 7)}", _digits(rng, 9),
                           f"{_pick(rng, 'ABCDKLM')}{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 3)}"])
    return _pick(rng, [_dea(rng), f"RN{_digits(rng, 7)}", f"{_digits(rng, 6)}-30", f"MD{_digits(rng, 6)}",
                       f"{_digits(rng, 2)}-{_digits(rng, 6)}", f"RPH.{_digits(rng, 5)}", f"LPN {_digits(rng, 6)}",
                       f"C{_digits(rng, 5)}", f"EMT-P {_digits(rng, 5)}"])


VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _vehicle(rng: random.Random, variant: str) -> str:
    if variant == "vin" or (not variant and rng.random() < 0.4):
        return "".join(_pick(rng, VIN_CH) for _ in range(17))
    L = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return _pick(rng, [f"{rng.randrange(1, 9)}{''.join(_pick(rng, L) for _ in range(3))}{_digits(rng, 3)}",
                       f"{''.join(_pick(rng, L) for _ in range(3))}-{_digits(rng, 4)}",
                       f"{''.join(_pick(rng, L) for _ in range(3))} {_digits(rng, 3)}",
                       f"{_digits(rng, 3)} {''.join(_pick(rng, L) for _ in range(3))}",
                       f"{''.join(_pick(rng, L) for _ in range(2))}{_digits(rng, 2)}-{_pick(rng, L)}{_pick(rng, L)}{_digits(rng, 1)}"])


def _device(rng: random.Random, variant: str) -> str:
    L = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return _pick(rng, [
        f"{''.join(_pick(rng, L) for _ in range(3))}{_digits(rng, 6)}{_pick(rng, L)}",
        f"NG{_digits(rng, 7)}{_pick(rng, 'HKM')}", f"{_pick(rng, '89')}{_pick(rng, L)}{_digits(rng, 1)}{_pick(rng, L)}{_pick(rng, L)}{_digits(rng, 1)}",
        f"(01){_digits(rng, 14)}(21){_digits(rng, 8)}", f"{_digits(rng, 2)}-{_digits(rng, 6)}-{_digits(rng, 6)}-{_digits(rng, 1)}",
        f"SN {_digits(rng, 4)}-{_pick(rng, L)}{_digits(rng, 4)}", f"HM3-{_digits(rng, 5)}",
        f"{_pick(rng, L)}{_pick(rng, L)}{_digits(rng, 8)}", f"0x{_digits(rng, 4)}{_pick(rng, 'ABCDEF')}{_digits(rng, 3)}",
    ]).replace("SN ", "")


def _url(rng: random.Random, variant: str) -> str:
    first, last = _pick(rng, FIRST).lower(), _pick(rng, LAST).lower().replace(" ", "").replace("'", "")
    return _pick(rng, [
        f"https://www.example.org/patients/{first[0]}{last}", f"www.example.net/caring/{first}{last}",
        f"http://example.com/~{first[0]}{last}", f"https://portal.example-health.org/p/{_digits(rng, 6)}",
        f"example.org/fundraiser/help-{first}-{last}", f"https://example.com/obituaries/{first}-{last}-{rng.randrange(1930, 1990)}",
        f"https://files.example.net/share/{_digits(rng, 4)}{last}", f"http://www.{last}family.example.com",
        f"https://example.edu/study/subject/{_digits(rng, 5)}", f"https://telehealth.example.org/visit/{first}.{last}",
    ])


def _ip(rng: random.Random, variant: str) -> str:
    if rng.random() < 0.25:
        return f"2001:db8:{rng.randrange(16 ** 4):x}::{rng.randrange(1, 16 ** 3):x}"
    return f"{_pick(rng, ['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(1, 255)}"


BIOMETRICS = ["right index fingerprint", "left thumbprint", "fingerprint scan", "voiceprint", "voice print",
              "iris scan", "retinal scan", "palm-vein scan", "palm vein pattern", "facial geometry template",
              "face template", "gait signature", "thumbprint", "finger-vein scan", "hand geometry scan",
              "iris template", "fingerprints", "voice biometric", "right thumb print", "palm print"]
PHOTOS = ["full-face photo", "full face photograph", "facial photo", "photo of her face", "photo of his face",
          "headshot", "face photo", "selfie", "ID photo", "passport-style photo", "mugshot-style photo",
          "full-face picture", "photograph of the patient's face", "facial photograph", "head-on photo of his face"]


def _other_id(rng: random.Random, variant: str) -> str:
    L = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if variant == "user":
        return _person(rng, "flast") + _pick(rng, ["", "", str(rng.randrange(1, 9))])
    y = rng.randrange(23, 27)
    return _pick(rng, [
        f"CPS-{y}-{_digits(rng, 5)}", f"ACC{_digits(rng, 8)}", f"S{y}-{_digits(rng, 5)}", f"CY{y}-{_digits(rng, 4)}",
        f"REF{_digits(rng, 7)}", f"PA{_digits(rng, 8)}", f"{_digits(rng, 7)}", f"RX#{_digits(rng, 7)}".replace("RX#", "Rx"),
        f"WC-{y}-{_digits(rng, 6)}", f"SUBJ{_digits(rng, 3)}-{_digits(rng, 3)}", f"{_pick(rng, L)}{_pick(rng, L)}{_digits(rng, 6)}",
        f"NPI {_digits(rng, 10)}".replace("NPI ", ""), f"ORD{_digits(rng, 8)}", f"IR-{_digits(rng, 6)}",
        f"W{_digits(rng, 4)} {y} {_digits(rng, 6)}", f"TX-{_digits(rng, 4)}-{_pick(rng, L)}", f"{y}-CV-{_digits(rng, 4)}",
        f"AUTH{_digits(rng, 9)}", f"K{_digits(rng, 9)}", f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 3)}X",
    ])


def _saint(rng: random.Random) -> str:
    s = _pick(rng, SAINTS)
    pre = _pick(rng, ["St.", "St", "Saint", "St."])
    poss = s + ("'" if s.endswith("s") else "'s") if rng.random() < 0.5 and " " not in s else s
    return f"{pre} {poss}"


def _lc_saint(rng: random.Random) -> str:
    name = _pick(rng, SAINTS).lower().split()[0]
    return f"{_pick(rng, ['st', 'saint', 'st.'])} {name}{'' if name.endswith('s') else _pick(rng, ['s', '', 's'])}"


def _facility(rng: random.Random, variant: str) -> str:
    kinds = ["hosp", "hosp", "saint", "faith", "clinic", "care", "care", "uc", "uc", "dial", "hc", "hc",
             "abbr", "lc", "town", "univ", "area", "short", "abbrev", "abbrev"]
    v = variant or _pick(rng, kinds)
    stem = _pick(rng, STEMS)
    if v == "hosp":
        return f"{stem} {_pick(rng, HOSP_KIND)}"
    if v == "saint":
        return f"{_saint(rng)} {_pick(rng, HOSP_KIND + ['', '', 'Hospice', 'Rehab', 'Home'])}".strip()
    if v == "faith":
        return f"{_pick(rng, FAITH)} {_pick(rng, HOSP_KIND + ['Home Health', 'Village', 'Health'])}"
    if v == "clinic":
        return f"{_pick(rng, [stem, _pick(rng, LAST)])} {_pick(rng, CLINIC_KIND)}"
    if v == "care":
        return _pick(rng, [f"{stem} {_pick(rng, CARE_KIND)}", f"The {_pick(rng, ['Willows', 'Gardens', 'Landing', 'Pines', 'Terrace', 'Commons'])} at {_pick(rng, TOWN_LIST)}",
                           f"{_saint(rng)} {_pick(rng, CARE_KIND)}", f"{_pick(rng, LAST)} House", f"{stem} Villa"])
    if v == "uc":
        return _pick(rng, [f"{stem} {_pick(rng, UC_KIND)}", f"{_pick(rng, AREA_WORDS)} {_pick(rng, UC_KIND)}",
                           f"{_pick(rng, FAITH)} {_pick(rng, UC_KIND)} {_pick(rng, AREA_WORDS)}", f"{_pick(rng, TOWN_LIST)} {_pick(rng, UC_KIND)}"])
    if v == "dial":
        return _pick(rng, [f"{stem} {_pick(rng, DIAL_KIND)}", f"{_pick(rng, ['RenalPoint', 'Nephrocare', 'KidneyWorks', 'Dialyze'])} {_pick(rng, TOWN_LIST)}",
                           f"{_pick(rng, TOWN_LIST)} {_pick(rng, DIAL_KIND)}"])
    if v == "hc":
        return _pick(rng, [f"{stem} {_pick(rng, HC_KIND)}", f"{_pick(rng, TOWN_LIST)} {_pick(rng, HC_KIND)}"])
    if v == "abbr":
        name = f"{stem} {_pick(rng, ['Regional Medical Center', 'Memorial Hospital', 'Medical Center', 'Community Hospital', 'Health Center', 'Rehab Hospital'])}"
        return "".join(w[0] for w in name.replace("-", " ").split()).upper()
    if v == "lc":
        return _pick(rng, [f"{stem.lower()} {_pick(rng, ['med ctr', 'memorial', 'hosp', 'general', 'urgent care', 'dialysis', 'nursing home', 'rehab'])}",
                           _lc_saint(rng),
                           f"{_pick(rng, FAITH).lower()} {_pick(rng, ['hospital', 'regional', 'med center'])}"])
    if v == "town":
        town = _pick(rng, TOWN_LIST)
        return _pick(rng, [f"{town} {_pick(rng, ['Memorial Hospital', 'Community Hospital', 'Regional Medical Center', 'Health Center', 'Hospital'])}",
                           f"{stem} Hospital of {town}", f"{_pick(rng, COUNTY_STEMS)} County {_pick(rng, ['Hospital', 'Medical Center', 'Health Department', 'Nursing Home'])}"])
    if v == "univ":
        return _pick(rng, [f"University of {_pick(rng, TOWN_LIST)} Medical Center", f"{stem} University Hospital",
                           f"{_pick(rng, TOWN_LIST)} Children's Hospital", f"{stem} Children's", f"{_pick(rng, LAST)} Cancer Center"])
    if v == "area":
        return f"{_pick(rng, FAITH + [stem])} {_pick(rng, AREA_WORDS)}"
    if v == "abbrev":
        return _pick(rng, [f"{stem} Mem. Hosp.", f"{stem} Reg'l Med. Ctr.", f"{_saint(rng)} Hosp", f"{stem} Comm. Hosp.",
                           f"{stem} NH", f"{stem} SNF", f"{stem} UC", f"{stem} CHC", f"{stem} FQHC", f"{stem} Med Ctr",
                           f"{_pick(rng, FAITH)} Reg. Med. Ctr", f"{stem} ALF", f"{stem} Dialysis Ctr", f"{stem} Rehab Ctr",
                           f"{_pick(rng, TOWN_LIST)} Gen. Hosp."])
    if v == "pharm":
        return _pick(rng, [f"{stem} Pharmacy", f"{_pick(rng, LAST)} Drug", f"{_pick(rng, TOWN_LIST)} Apothecary",
                           f"{_pick(rng, AREA_WORDS)} Pharmacy #{rng.randrange(100, 9999)}", f"{_pick(rng, FAITH)} Outpatient Pharmacy",
                           f"{_pick(rng, LAST)}'s Pharmacy", f"{stem.lower()} pharmacy"])
    if v == "ems":
        return _pick(rng, [f"{_pick(rng, TOWN_LIST)} EMS", f"{_pick(rng, COUNTY_STEMS)} County Ambulance",
                           f"{stem} Fire & Rescue", f"{_pick(rng, FAITH)} Air Care", f"{_pick(rng, TOWN_LIST)} Rescue Squad",
                           f"{stem} Medical Transport"])
    if v == "lab":
        return _pick(rng, [f"{stem} Labs", f"{stem} Reference Laboratory", f"{_pick(rng, LAST)} Pathology Associates",
                           f"{_pick(rng, TOWN_LIST)} Diagnostic Lab"])
    if v == "supply":
        return _pick(rng, [f"{stem} Medical Supply", f"{_pick(rng, LAST)} Home Medical", f"{_pick(rng, TOWN_LIST)} DME"])
    if v == "short":
        return _pick(rng, [stem, _saint(rng), f"{_pick(rng, FAITH)}"])
    raise KeyError(v)


VALUES = {
    "PERSON": _person, "FACILITY": _facility, "LOCATION": _location, "STREET_ADDRESS": _street,
    "ZIP_CODE": _zip, "DATE": _date, "AGE_OVER_89": _age, "PHONE_NUMBER": _phone, "FAX_NUMBER": _phone,
    "EMAIL_ADDRESS": _email, "US_SSN": _ssn, "MEDICAL_RECORD_NUMBER": _mrn, "HEALTH_PLAN_NUMBER": _health_plan,
    "ACCOUNT_NUMBER": _account, "LICENSE_NUMBER": _license, "VEHICLE_ID": _vehicle, "DEVICE_ID": _device,
    "URL": _url, "IP_ADDRESS": _ip, "BIOMETRIC": lambda rng, v: _pick(rng, BIOMETRICS),
    "PHOTO": lambda rng, v: _pick(rng, PHOTOS), "OTHER_ID": _other_id,
}

# ----------------------------------------------------------------------------------------------
# unlabelled fillers (never PHI)

DRUGS = ["apixaban 5 mg BID", "Eliquis", "metoprolol succinate 25", "Lasix 40 mg", "furosemide", "Xarelto 20",
         "warfarin", "Keppra 500 BID", "levetiracetam", "Zosyn", "pip-tazo", "vanc", "ceftriaxone 1 g",
         "Augmentin", "amox-clav 875", "Norco 5/325", "oxycodone 5 mg", "Tylenol 650", "gabapentin 300 TID",
         "Entresto 24/26", "Jardiance 10", "Ozempic 0.5", "insulin glargine 18 units", "Lantus", "Humalog SSI",
         "Plavix", "atorvastatin 80", "Lipitor", "lisinopril 10", "amlodipine 5", "Synthroid 88 mcg",
         "prednisone 40", "Medrol dosepak", "DuoNeb", "albuterol HFA", "Symbicort", "Spiriva", "Zofran ODT 4",
         "Protonix 40", "famotidine", "Seroquel 25 qhs", "Ativan 0.5", "Haldol 2 mg", "Narcan", "Bactrim DS",
         "nitrofurantoin", "Cipro", "doxycycline 100 BID", "Paxlovid", "Tamiflu", "sertraline 50", "Zoloft",
         "Depakote", "lithium 300", "Aricept", "donepezil", "Sinemet 25/100", "Coumadin", "heparin gtt",
         "Lovenox 40", "epoetin", "sevelamer", "Renvela", "calcitriol", "Sensipar", "Humira", "methotrexate 15 mg weekly"]
EPONYMS_PHI = ["Bell's palsy", "a positive Murphy's sign", "Parkinson's", "Graves' disease", "Hashimoto's",
               "Crohn's", "a Baker's cyst", "Wilson disease", "Cushing's", "Addison's", "Homans sign negative",
               "Kernig and Brudzinski negative", "a Colles fracture", "Barrett's esophagus", "Meniere's",
               "Dupuytren's", "Raynaud's", "Alzheimer's dementia", "Guillain-Barre", "Hodgkin lymphoma in 2011",
               "a Mallory-Weiss tear", "Osgood-Schlatter", "Whipple in 2016", "Charcot foot", "Lyme disease",
               "Paget disease of bone", "Sjogren's", "a Bankart lesion", "Zenker diverticulum", "Bowen disease"]
TIMES = ["0730", "07:45", "1400", "2:15 pm", "10:40", "2230", "0315", "11 am", "1615", "9:05a", "1900", "noon"]
WEEKDAYS = ["Monday", "Tues", "Wednesday", "Thurs", "Friday", "Sat", "Sunday", "mon", "wed", "fri"]
SYMPTOMS = ["CP x2 days", "SOB worse lying flat", "fever 102.4", "dysuria and flank pain", "n/v/d since last night",
            "a fall with no LOC", "R knee swelling", "HA worst of life", "BRBPR", "LLE edema", "confusion per daughter",
            "cough w/ green sputum", "palpitations", "syncope in the shower", "a rash on the trunk", "dizziness on standing",
            "productive cough", "RLQ pain", "hypoglycemia to 48", "a COPD flare", "chest tightness", "low back pain"]
GENERIC = ["the ER", "urgent care", "the clinic", "the nursing home", "the dialysis unit", "the OSH", "the SNF",
           "rehab", "the walk-in", "the health center", "the infusion center", "the hospital", "the VA", "the ED",
           "the ICU", "an outside hospital", "the free clinic", "the hospice house", "assisted living",
           "the family practice", "a Level II trauma center", "the county hospital", "the ASC", "the group home",
           "a critical access hospital", "the children's hospital", "the psych unit", "the memory care unit"]
UNITS = ["home health", "PACU", "the cath lab", "L&D", "med-surg", "4 West", "the lab", "radiology", "pharmacy",
         "outpatient PT", "the step-down unit", "the MICU", "NICU", "pre-op", "the sleep lab", "endoscopy"]
DEPTS = ["Cardiology", "Nephrology", "GI", "Pulm", "Neuro", "Ortho", "Wound Care", "Palliative", "Endo", "ID",
         "Heme/Onc", "Urology", "OB/GYN", "Psych", "Rheum", "ENT", "Derm", "Vascular", "Case Management", "Social Work"]
YOUNG_AGE = ["husband (78)", "daughter (54)", "son, aged 61", "wife (84)", "sister (89)", "grandson (17)",
             "brother aged 72", "niece (40)", "mother (86)", "caregiver (63)", "partner (58)", "son (66)",
             "daughter-in-law, 59"]
YEARS = ["2009", "2014", "2017", "2019", "2020", "2021", "'98", "2003", "2011", "2022"]
LABS = ["K 5.9", "Na 128", "Cr 2.4 (baseline 1.6)", "Hgb 7.1", "INR 3.8", "trop 0.09", "BNP 1840", "WBC 14.2",
        "glucose 412", "lactate 3.1", "TSH 0.02", "A1c 9.4%", "plt 62", "Mg 1.4", "ALT 212", "lipase 940",
        "BUN/Cr 48/3.1", "eGFR 22", "procalcitonin 2.6", "CK 8400"]
SCORES = ["GCS 15", "NIHSS 4", "Wells 1.5", "HEART 3", "CHA2DS2-VASc 5", "CURB-65 of 2", "PHQ-9 17", "MoCA 21/30",
          "Braden 13", "Morse 55", "qSOFA 2", "Glasgow-Blatchford 7", "Centor 3", "Child-Pugh B", "MELD 19",
          "ECOG 2", "NYHA III", "mRS 3", "Apgar 8/9", "Bishop 6", "Gleason 3+4", "Killip II", "Caprini 6"]
AGESFX = ["yo", " yo", " y/o", "y/o", "F", "M", " yoF", "yoM", " y.o.", "-year-old", " year old", " years old",
          " yrs old", "yr old", " y", " y.o. female", " yo male", "yoF", " yo F", " YO"]

FILLERS = {
    "drug": lambda rng: _pick(rng, DRUGS), "epon": lambda rng: _pick(rng, EPONYMS_PHI),
    "time": lambda rng: _pick(rng, TIMES), "wk": lambda rng: _pick(rng, WEEKDAYS),
    "sx": lambda rng: _pick(rng, SYMPTOMS), "gen": lambda rng: _pick(rng, GENERIC),
    "dept": lambda rng: _pick(rng, DEPTS), "unit": lambda rng: _pick(rng, UNITS), "young": lambda rng: _pick(rng, YOUNG_AGE),
    "year": lambda rng: _pick(rng, YEARS), "lab": lambda rng: _pick(rng, LABS),
    "score": lambda rng: _pick(rng, SCORES), "agesfx": lambda rng: _pick(rng, AGESFX),
    "st": lambda rng: _pick(rng, STATES), "n": lambda rng: str(rng.randrange(2, 12)),
    "d": lambda rng: str(rng.randrange(10)), "dr": lambda rng: _pick(rng, ["Dr.", "Dr", "dr", "Dr.", "DR"]),
    "mrs": lambda rng: _pick(rng, TITLES_F), "mr": lambda rng: _pick(rng, TITLES_M),
}

# ----------------------------------------------------------------------------------------------
# PHI templates. Short slot names are expanded before filling (see ABBR); {AG} is an age over 89
# with a written suffix ("94yo", "94 y/o", "94F", ...).

PHI = [
    # --- telephone triage
    "Triage call {=time}: {P} (DOB {D:dob}) reports {=sx}. Advised {=gen}. Callback {PH}.",
    "TC from dtr {P:first} re her mom {P:full}, {AG}, {=sx} since {=wk}. pt lives at {F:care}, room {=n}. told to call 911 if worse",
    "^L phone note - pt {P:lower} called from {L} {=st}, says {=sx}, on {=drug}. best # {PH}",
    "Pt's wife called, states {=mr} {P:last} is more confused today; he is {A:w} and has {=epon}. Pls call her back at {PH} before {=time}.",
    "RN triage: caller {P:fml} (her {=young} is with her). Sx: {=sx}. Disposition: see at {F:uc} tonight, they close at 9. Pharmacy {F:pharm} on {SA}.",
    "after hrs call. {P:initnd} {AG} w/ {=sx}. daughter wants him seen at {F:lc} not {F:abbr}. ok. fu with {=dr} {P:last} {D:md}",
    "^U TRIAGE: {P:LF} DOB {D:dob} MRN {MRN} C/O {=sx}. SENT TO {F:hosp} ED.",
    "Nurse line: son {P:full} calling for father (pt is {A} yrs, lives alone in {L}). {=sx}, BP 88/50 on home cuff. EMS called to {SA}, {L} {=st} {Z}.",
    "Called pt back x2 at {PH} and {PH}, no answer, LVM to return call re {=lab}. Will send portal msg to {EM}.",
    "message from answering svc {=wk} {=time}: {P} {PH} - pt at {F:care} fell, skin tear, on {=drug}. needs order for xray?",
    # --- portal messages
    "Portal msg from {P:full}: \"hi dr {P:last}, my sugars have been 300s since i started {=drug}, can i come in {D:md}? my new cell is {PH}\"",
    "MyChart message (pt {P:lf}, MRN {MRN}): requesting refill of {=drug} to be sent to {F:pharm}, {L}. Also asks for her records to go to {EM}.",
    "^L pt sent portal msg: moved to {SA} {L} {Z}, pls update address. insurance now member id {HP}",
    "Patient message: \"Dr. {P:last} I had my labs at {F:hc} on {D} and they said {=lab}?? is that bad. - {P:full}\"",
    "Replied to portal message from {P:init} re {=sx}; advised {=gen} or {F:uc}. Pt states she is {AG} and does not drive, grandson {P:first} will bring her.",
    "Portal: pt uploaded a {PHO} for her new ID badge by mistake instead of wound pic. removed from chart. pt {P}, {D:dob}.",
    "Pt asks via portal if the video visit link {URL} is still good for {D:md} at {=time}. Logged in from IP {IP} last time and it failed.",
    # --- referral letters
    "Dear {=dr} {P:last},\nThank you for seeing {=mrs} {P:full} (DOB {D:dob}), a {AG} woman with {=epon} and {=sx}. She lives at {F:care} in {L}. Please fax your note to {FX}.\nSincerely, {P:fml}, MD",
    "REFERRAL: {P:LF} | DOB {D:dob} | Ins: Medicare {HP:mbi} | Referred to {F:clinic} ({=dept}) | Reason: {=sx} | Ref # {ID}",
    "Re: {P:full}, MRN {MRN}. I am referring this pleasant {A:w}-year-old gentleman from {L} for evaluation of {=epon}. He was recently admitted to {F:saint} ({D}).",
    "Referral faxed to {F} at {FX} on {D:md}; confirmation #{ID}. Pt aware. pt phone {PH}.",
    "To: {F:clinic}, attn {P:init}\nFrom: {F:hc}\nPt {P:full}, {D:dob}, {SA}, {L}, {=st} {Z}\nDx: {=epon}. Auth {ID}.",
    "Dear colleague, I saw {P:full} today, {D}. He is a {AG} retired farmer from near {L}, here with his {=young}. Plan: {=drug}, recheck {=lab} at {F:lc}.",
    # --- sign-outs
    "Sign-out: bed 12 {P:lastinit} {AG} {=epon} admitted from {F:care}, {=lab}, on {=drug}. family ({P:first}) {PH}. FULL CODE.",
    "S/O: {P:last} - from {F:abbr}, {=sx}, {=score}. If tanks call {=dr} {P:last} (cards) {PH}.",
    "^L signout to nights: rm 4 {P:last} {AG} - dtr {P:first} at bedside, going back to {F:lc} tmrw, 8 {P:last} - pending {=lab}",
    "Handoff - {P:init}, {AG}, POD1, lives at {F:care}. PCP {=dr} {P:full} at {F:clinic}. Dispo back to facility {D:md}.",
    "S/O to {P:first}: pt {P:lf} in 7B is the transfer from {F:town}, accepted by {=dr} {P:last}. Records coming by fax from {FX}.",
    "^U SIGNOUT {=wk}: {P:LFNC} {AG} ON {=drug}, FROM {F:care}. CODE STATUS DNR/DNI PER POLST DATED {D}.",
    # --- discharge summaries
    "DISCHARGE SUMMARY\nPatient: {P:lfm}  MRN: {MRN}  DOB: {D:dob}\nAdmitted: {D}  Discharged: {D}\nDischarged to: {F:care}, {L}\nPCP: {=dr} {P:full}\nDx: {=epon}; {=sx}.",
    "Discharged to {F:care} with {=drug}. Follow up with {=dr} {P:last} at {F:clinic} on {D} and with {=dept} at {F:hosp}. Facility nurse line {PH}.",
    "Hospital course: {AG} admitted {D} from {F:dial} for {=lab}. Discharge {D:md} back to {F:care} where she has lived since {=year}.",
    "d/c home with home health ({F:hc}, {PH}) to {SA}, {L}. daughter {P:full} is POA. f/u {F:uc} prn.",
    "Disposition: SNF. Accepting facility {F:care} ({L} {Z}), accepting MD {P:fml}. Report called to RN {P:first} at {PH} {=time}.",
    "Discharge instructions given to pt and son {P:first}. Pt is {A} years of age and hard of hearing. Appt {D} {=time} with {=dr} {P:last}.",
    # --- ED notes
    "ED NOTE: {AG} brought by {F:ems} from {F:care} with {=sx}. {=score}. {=lab}. Spoke with {=dr} {P:last} at {F:saint} re transfer.",
    "CC: {=sx}. HPI: {P:first} is a {AG} with {=epon} who was seen at {F:uc} on {D:md} and given {=drug}.",
    "pt well known to us, frequent visits to {F:lc} and {F:lc}. lives w/ {=young} on {SA}. Here for {=sx}.",
    "^U ED TRIAGE {D} {=time}: PT {P:LF} ARRIVED BY POV FROM {L}. {=sx}. ALLERGIES: PCN.",
    "MDM: {AG} from {F:care} with {=sx}, {=lab}, {=score}. Will admit to {=dept}. Discussed with daughter {P:full} ({PH}) and {=dr} {P:last}.",
    "Pt states last seen at {F} in {L} for the same {D}. Records requested (ROI {ID}).",
    "Transferred from {F:town} after {=sx}; OSH CT read as negative. Pt is {A:w} years old. Arrived via {F:ems}, tail no. {VEH}.",
    "ED course: pt's husband {P:first} says she is {A} and still drives her {=year} Buick, plate {VEH}.",
    "Pt presented to {F:abbr} ED {D:md} and left AMA, then came here. Prior {=epon}. Neph is {=dr} {P:last} at {F:dial}.",
    # --- pharmacy and lab call-backs
    "Call from {P:first} at {F:pharm} ({PH}): Rx {ID} for {=drug} is not covered under member ID {HP}. Prior auth needed.",
    "Lab called critical: {=lab} on {P:LF}, {D:dob}, drawn at {F:hc} {D:md} {=time}. Read back to {P:first}, RN.",
    "^L pharmacist {P:lower} from {F:lc} pharmacy called re {=drug} interaction w/ {=drug}. pt {P:lower} dob {D:dob}. prescriber dea {LIC:dea}",
    "Path called: accession {ID} on pt {P:full} (MRN {MRN}) shows {=epon}. Slides to {F:univ} for second opinion.",
    "Callback to {F:pharm} re: early refill {=drug}. Pt {P:init}, DOB {D:dob}. Spoke w/ RPh {P:full}, lic. {LIC}.",
    "Micro lab: blood cx from {D:md} on {P:lastinit} growing GPC in clusters. Called to {=dr} {P:last} at {PH}.",
    "Reference lab {F:lab} called, specimen {ID} hemolyzed, redraw needed. Pt {P:full} at {F:care}, fax {FX}.",
    # --- billing and registration
    "Billing: pt {P:LF} acct {AC} disputes charge for visit {D}. Ins Medicaid {HP}. Guarantor {P:full}, {SA}, {L} {=st} {Z}.",
    "Registration updated: SSN {SSN}, DL {LIC:dl}, phone {PH}, email {EM}. Pt {P:fml}.",
    "^U PATIENT ACCOUNT {AC} - {P:LF} - DOS {D} - {F:hosp} - BALANCE DUE. MAIL TO {SA}, {L} {=st} {Z}",
    "Pt paid copay by card ending... full number read out over phone, {AC:card}, exp 08/27; I told her not to. Pt {P:full}, acct {AC}.",
    "Financial counselor note: {P:lf} (SSN {SSN}) applying for charity care at {F:hosp}. Lives at {SA}. Hospital acct {AC}.",
    "Insurance verification: subscriber {P:full}, DOB {D:dob}, member {HP}, plan via employer. Pt is dependent {P:first}.",
    "Claim {ID} denied for DOS {D}. Resubmit with NPI and pt's MBI {HP:mbi}. Pt {P:lfm}.",
    "Workers comp: claim {ID}, employer on file. Injured {D}, seen at {F:uc}. Adjuster {P:full} {PH}, fax {FX}.",
    # --- research coordinators
    "Research: {P:full} consented {D} for the heart failure registry, subject ID {ID}. Contact {EM}, {PH}. Site: {F:univ}.",
    "Study visit {=n} for subj {ID} ({P:init}). Wearable serial {DEV} synced from IP {IP}. AE: {=sx}.",
    "^L research coord note: pt {P:lower} {AG} enrolled, e-consent at {URL}, device {DEV} given",
    "Coordinator emailed {P:full} at {EM} the visit schedule. Pt asked that her {PHO} not be used in the study newsletter.",
    "Biobank: {BIO} and {BIO} collected at enrollment for {P:full}, MRN {MRN}, per protocol amendment {D}.",
    "Screen fail: {P:lf}, {AG}, from {L}. Reason: {=lab}. Screening log # {ID}.",
    # --- home health and EMS
    "HH visit {D}: {P:full} at {SA}, {L}. Wound LLE improving. {=drug}. Gate code told to agency. Next visit {=wk}.",
    "Home health RN {P:full} (lic {LIC}) called: pt {P:last} {AG} BP 190/100, on {=drug}. Agency {F:hc}, {PH}.",
    "EMS run report: dispatched {=time} to {SA}, {L} {Z} for {=sx}. {AG} female, {=score}. Transported to {F:hosp}. Unit {VEH}.",
    "^U EMS: PT {P:LF} {AG} FOUND DOWN AT {F:care}. BGL 41. D10 GIVEN. TRANSPORT TO {F:abbr}.",
    "Medic report: {=mr} {P:last}, {A} y/o, fell in the parking lot of {F:uc} on {SA}. Ambulance {VEH}.",
    "OT home safety eval at {SA} {L}: pt {P:init} {AG} lives with {=young}, stairs x12, no grab bars.",
    "Hospice RN note: pt {P:full} actively dying, family present ({P:first}, {P:first}). Hospice {F:hc} on-call {PH}. morphine 5 mg sl q1h prn.",
    "Paramedic {P:full}, EMT-P lic {LIC}, gave report to RN at {=time}: {=sx}, {=lab}.",
    # --- fax covers
    "FAX COVER\nTo: {F:clinic}   Fax: {FX}\nFrom: {F:hosp} HIM   Phone: {PH}\nRe: {P:LF}  DOB {D:dob}\nPages: {=n}\nCONFIDENTIAL",
    "^U FAX TO {FX} ATTN {P:LF} RE PT {P:LF} MRN {MRN}",
    "fax cover - to {P:init} @ {F:dial} fax {FX} from {P:full} {F:lc}. re labs for {P:lower}",
    "Please fax records for {P:full} (DOB {D:dob}) to {F:care}, fax {FX}, or email {EM}.",
    # --- operational / security / IT
    "IT ticket: pt {P:full} could not log in to portal from {IP}; reset sent to {EM}. MRN {MRN}.",
    "Security: visitor badge photo ({PHO}) captured for {P:full} at the {F:short} main desk {D:md}; car {VEH} in lot B.",
    "Access audit: record of {P:lf} (MRN {MRN}) opened from workstation IP {IP} on {D} by user {ID:user}.",
    "Pt enrolled in biometric check-in: {BIO} on file for {P:fml}, {D:dob}.",
    "Pt declined {BIO} enrollment at {F:hosp} kiosk; will use photo ID. {P:full}.",
    "Telehealth visit with {P:full} via {URL}; pt joined from {L}, {=st}. Connection from {IP} dropped twice.",
    "Family set up an update page for {=mr} {P:last} at {URL}; pls do not post clinical details there. Contact {P:first}, {EM}.",
    "Social work: pt {P:full}, {AG}, widow, lives at {SA}, {L}. Son {P:full} in {L}, {PH}. CPS/APS case {ID}.",
    "APS report filed {D}, case {ID}. Concern re neighbor {P:full} handling pt's finances, acct {AC}.",
    # --- devices
    "Device check: PPM serial {DEV}, implanted {D} at {F:hosp}. Pt {P:full}, remote monitor pairs via {IP}.",
    "Pump clinic: {P:full}, insulin pump SN {DEV}, CGM transmitter {DEV}. Rep {P:full} {PH}.",
    "^L lvad pt {P:lower} controller s/n {DEV}, coordinator {P:first} {PH}, from {L}",
    "Hearing aid lost at {F:care}; serial {DEV}. Family ({P:full}) notified {D:md}.",
    "CPAP data card from {P:fml}, device {DEV}, shows AHI 4. Supplier {F:supply}, fax {FX}.",
    "Wheelchair van for {P:init} {D:md} {=time}, vehicle {VEH}, driver {P:first}. From {F:care} to {F:dial}.",
    # --- ages over 89, many phrasings
    "{P:full} is {A} and lives independently in {L}; manages her own {=drug}.",
    "Pt turned {A} on {D:md}. Still gardening. Seen with {=young}.",
    "{AG} with {=epon}, here from {F:care}.",
    "Age: {A}. Sex: F. Facility: {F}. Code: DNR.",
    "Centenarian? No, pt is {A} (per ID); {P:lf}. Dtr has the birth certificate; chart DOB {D:dob} is wrong.",
    "{=mrs} {P:last} ({A}) presents with {=sx}.",
    "A {A}-yo man from {L} with {=sx}, walked in to {F:uc}.",
    "She's {A:w} and sharp as a tack, per her {=young}. PCP {=dr} {P:last}, {F:clinic}.",
    "Pt is a {A} yr old retired teacher w/ {=epon}; lives with her {=young} in {L}.",
    "^L {AG} wm from {F:lc} w/ {=sx}",
    "{P:init}, aged {A}, referred by {F:hc}.",
    "Pt celebrated her {A}th birthday last week at {F:care}.",
    "Mr {P:last} is {A:w} years of age; his wife {P:first} is 8{=d} and still drives.",
    # --- mixed clinical run-on and lists
    "pt {P:full} {AG} from {F:care} c/o {=sx} {=lab} gave {=drug} called dtr {P:first} {PH} no answer will retry",
    "Problem list reviewed w/ {P:full}:\n- {=epon}\n- {=sx}\n- followed at {F:dial} MWF\n- cardiologist {=dr} {P:last} ({F:clinic})",
    "| Name | DOB | MRN | Facility |\n| {P:LF} | {D:dob} | {MRN} | {F:care} |\n| {P:LF} | {D:dob} | {MRN} | {F:dial} |",
    "Name: {P:lfm}\nDOB: {D:dob}\nAddr: {SA}\n{L}, {=st} {Z}\nPhone: {PH}\nInsurance: {HP}",
    "Contacts: 1) {P:full} (son) {PH}  2) {P:full} (neighbor) {PH}  3) {F:care} front desk {PH}",
    "Seen today {D}. Prior records from {F:hosp} and {F:clinic} reviewed. Pt {P:init} {AG}.",
    "outside records: {F:abbr} {D:md}, {F:lc} {D:md}, {F}. Pt says also went to {F:uc} but not sure when",
    "Pt's caregiver {P:first} says they moved from {L} to {L} in {=year}; new PCP at {F:hc}.",
    "Wound photos uploaded; separate {PHO} taken for chart ID per policy. {P:full}, MRN {MRN}.",
    "^U ADMIT TO {=dept} - {P:LF} - {F:hosp} - ATTENDING {P:LF} - {D}",
    "Case mgmt: pt {P:lf}, {AG}, Medicare {HP:mbi}, from {F:care}; SNF days remaining {=n}. CM {P:first} x{=n}.",
    "Pt says her old doctor was {=dr} {P:last} at {F:short} years ago; has {=epon}. DOB {D:dob}.",
    "Interpreter {P:full} (ID {ID}) used for visit with {P:full} on {D}.",
    "Court-ordered eval, docket {ID}, for {P:full}, {D:dob}. Attorney {P:full}, {PH}, {EM}.",
    "Dialysis note: {P:lastinit} {AG} runs MWF at {F:dial}, chair {=n}. Transport by {F:ems}, van {VEH}. {=lab}.",
    "Transplant: {P:full} listed {D} at {F:univ}, waitlist ID {ID}. {=lab}.",
    "Vaccine record: {P:full}, {D:dob}, flu shot {D} at {F:pharm}, lot irrelevant. Reg. {ID}.",
    "Urgent care note: {P:full} walked into {F:uc} on {SA} with {=sx}; sent to {F:hosp} for CT.",
    "^L dr {P:last} wants pt {P:lower} moved from {F:lc} to {F:lc} if bed, call {PH}",
    "Health centre intake: {P:full}, {D:dob}, {L}. Previously at {F:hc}. Email {EM}. SSN on file {SSN}.",
    "Rural clinic note - {P:init} drove in from {L} ({=n} hrs). {=sx}. {F:hc} is closest but no x-ray.",
    "Family sent the obituary page for chart closure: {URL}. {P:full}, died {D} at {F:care}, age {A}.",
    "Correction: earlier note in chart of {P:lf} belonged to {P:lf} (MRN {MRN}). Moved by HIM {D:md}.",
    "Pt verification: name {P:full}, DOB {D:dob}, last 4 of SSN confirmed, full SSN {SSN} on facesheet.",
    "Bank draft for payment plan: acct {AC}, routing on file. Guarantor {P:full}, email {EM}.",
    "Prescription monitoring check for {P:full}, DOB {D:dob}: fills at {F:pharm} and {F:pharm}. Prescriber DEA {LIC:dea}.",
    "Nursing home note: {F:care}, {D}. Resident {P:LF}, {AG}, {=epon}. Family {P:full} visited.",
    "Transfer packet from {F:care} to {F:hosp}: facesheet (SSN {SSN}), MAR, POLST, {PHO} for ID.",
    "Pt moved into {F:care} ({SA}, {L} {Z}) on {D}.",
    "Biometric timeclock at {F:dial} stores staff {BIO}; nurse {P:full} enrolled {D:md}.",
    "Forensic nurse: {BIO} and {PHO} obtained with consent from {P:full} per police case {ID}.",
    "Pt requests all {BIO} data from the sleep study app be deleted; account {EM}, IP {IP}.",
    "Rideshare receipt in pt's bag: car {VEH}, picked up at {SA} {D:md} {=time}.",
    "Pt drove himself in, {A} y/o, truck VIN {VEH:vin} per police for the MVC report {ID}.",
    "Phone unlock: {P:first}'s {BIO} is enrolled on her phone; daughter concerned. {F:care}, {PH}.",
    "The ID photo ({PHO}) on the wristband printer is of the wrong patient: {P:full} vs {P:full}. Fixed {D:md}.",
    "URL for the pt's shared home BP log: {URL} (pt {P:init}).",
    "Remote access from {IP} to the record of {P:full} flagged; user {ID:user} at {F:clinic}.",
    "Medical license {LIC} of {=dr} {P:full} verified for credentialing at {F:hosp} on {D}.",
    "New pt packet mailed to {P:full}, {SA}, {L} {=st} {Z}; pt to bring insurance card ({HP}) and {PHO} ID.",
    # --- more facility-heavy notes, typos, rarer identifiers
    "Pt has been to {F:uc}, {F:uc} and {F:hosp} ER this month for the same {=sx}; recieved {=drug} each time.",
    "bed search: {F:care} no, {F:care} no (no vent), {F:care} maybe - call admissions {P:first} {PH}",
    "^L placement options for {P:lower}: {F:care}, {F:care}, {F:care}",
    "Outside dialysis: {F:dial} ({L}), treatment days TTS, unit phone {PH}, fax {FX}. Nephrologist {=dr} {P:last}.",
    "pt gets dialysis at {F:lc} but wants to transfer to {F:dial} closer to her dtr in {L}",
    "Recd records from {F:hc}, {F:clinic} and {F:saint}; nothing from {F:abbr} yet. pt {P:init}",
    "Transfer center: {F:town} requesting transfer of {P:LF}, {AG}, {=sx}. Accepted to {=dept}, {=dr} {P:last}. Ref {ID}.",
    "^U TRANSFER FROM {F:abbr} TO {F:univ}. PT {P:LF}. DOB {D:dob}. SSN {SSN}.",
    "Pt was a resident of {F:care} until {D}, then moved to {F:care}; before that {F:faith} in {L} for rehab.",
    "Pt states her PCP is at the {F:hc} on {SA} in {L}, not the one on the highway.",
    "she was seen at {F:area} walk in yesterday, tehy gave her {=drug}, now {=sx}. husband {P:first} wants her at {F:saint} not here",
    "Pt's son lives near {F:univ} and wants her followed there; records to {F:univ} HIM fax {FX}.",
    "Tele-ICU: {F:town} eICU camera on pt {P:lastinit}; intensivist {=dr} {P:full} (license {LIC}) connected from {IP}.",
    "Death certificate no. {ID} signed for {P:full}, {A} years, died {D} at {F:care}. Funeral home notified at {PH}.",
    "Identity check failed: SSN {SSN} given by pt does not match the SSN {SSN} on the {F:hosp} facesheet. Pt {P:lf}.",
    "SSN: {SSN}  DL: {LIC:dl} ({=st})  Plate: {VEH}  VIN: {VEH:vin}",
    "^L ssn {SSN} dob {D:dob} pt {P:lower} - verified by registrar {P:lower} at {F:lc}",
    "Disability paperwork for {P:full} (SSN {SSN}) faxed to the state office {FX} on {D:md}.",
    "Pt's cardiologist posts her echo summary at {URL}; link saved in media. Pt {P:full}, {D:dob}.",
    "Please use {URL} for {P:full}'s pre-visit forms; questions to {EM}.",
    "^U PT PORTAL URL {URL} SENT TO {EM} FOR {P:LF}",
    "Crowdfunding page for {P:full}'s transplant, {URL}, lists her diagnosis and {F:univ}; SW to discuss privacy.",
    "Nursing license lookup: {P:full}, RN, lic {LIC}, {=st}, employed at {F:care}. Expires {D}.",
    "DEA {LIC:dea} and state license {LIC} for {=dr} {P:fml} added to the {F:clinic} credentialing file.",
    "Refund issued to card {AC:card} for acct {AC}, DOS {D}, {P:full}.",
    "^L acct {AC} pt {P:lower} self pay {F:lc} er visit {D:md}, payment plan {=n} months",
    "Guarantor account {AC} merged with {AC} (duplicate for {P:lf}, {D:dob}).",
    "Patient ID wristband scanned; {BIO} match failed, used {PHO} on file instead. {P:full}, MRN {MRN}.",
    "Pt's phone has a {BIO} lock; daughter {P:full} ({PH}) has the passcode for the med list.",
    "Glucometer serial {DEV} and pen needles sent by {F:supply}; pt {P:full}, {SA}, {L} {Z}.",
    "ICD interrogation {D}: device {DEV}, lead {DEV}. Pt {P:init}, {AG}, from {F:care}.",
    "^U MEMBER ID {HP} SUBSCRIBER {P:LF} DOB {D:dob}",
    "Medicaid redetermination due {D} for {P:full}, Medicaid ID {HP}, caseworker {P:full} at the {L} office {PH}.",
    "Pt {P:full} ({A}) lives alone on {SA}; meals from {F:hc}; neighbor checks daily.",
    "Age {A}, female, {F:care} resident, {=epon}, {=lab}; goals of care with {P:full} (HCPOA).",
    "At {A} she still walks to {F:clinic} for her INR checks; son {P:first} drives her in winter.",
    "Pt's mother ({A}) also a pt here: {P:full}, MRN {MRN}. Both live at {F:care}.",
    "Nearest options for her: {F:abbrev}, {F:uc}, or {F:hosp} (45 min). She chose {F:abbrev}.",
    "^U OSH: {F:abbrev}. PRIOR ADMITS {F:hosp} {=year}, {F:saint} {D}.",
    "hx per {F:abbrev} records: {=epon}, {=sx}. pt {P:lower}",
    "Pt works nights at {F:care} and brings her mother ({A}) to {F:dial} three times a week.",
    "Spoke with charge RN {P:first} at {F:abbrev} ({PH}): pt {P:last} left for {F:abbrev} by {F:ems} at {=time}.",
    "Hospice referral sent to {F:hc} and {F:saint} Hospice; pt {P:full}, {AG}, prefers to stay at {F:care}.",
    "Pt previously followed at {F:town} and {F:abbr}, now {F:clinic}.",
    "Flu clinic at {F:hc} {D:md}: {P:full} vaccinated, registry ID {ID}.",
]

# PHI-free templates: eponyms, scores (including ones named after places and people), drugs,
# generic facility words, departments, ages of 89 or less, bare years, headings, lab values.
SIGNS = ["Murphy's sign", "McBurney point tenderness", "Rovsing's sign", "Kernig's sign", "Brudzinski's sign",
         "Babinski", "Hoffmann's sign", "Romberg", "Trendelenburg gait", "Tinel's", "Phalen's test",
         "Finkelstein's test", "Lachman", "McMurray", "Thompson test", "Homans' sign", "Kehr's sign",
         "Cullen's sign", "Grey Turner's sign", "Battle's sign", "Chvostek's sign", "Trousseau's sign",
         "Nikolsky sign", "Auspitz sign", "Dix-Hallpike", "the Epley maneuver", "Weber and Rinne",
         "the Allen test", "Schober's test", "Spurling's test", "Hawkins-Kennedy", "Neer impingement sign",
         "Speed's test", "Ortolani and Barlow", "Galeazzi sign", "Kussmaul respirations", "Cheyne-Stokes breathing",
         "Levine's sign", "Gower's maneuver", "Froment's sign", "Durkan's test", "Ober's test", "Apley grind",
         "Lhermitte's sign", "Uhthoff phenomenon", "Marcus Gunn pupil", "Argyll Robertson pupils"]
DISEASES = ["Bell's palsy", "Graves' disease", "Hashimoto thyroiditis", "Crohn's disease", "Hodgkin lymphoma",
            "Kawasaki disease", "Guillain-Barre syndrome", "Parkinson's disease", "Alzheimer's", "Huntington's",
            "Wilson disease", "Whipple's disease", "Sjogren's", "Raynaud phenomenon", "Buerger's disease",
            "Takayasu arteritis", "Behcet's", "Meniere's disease", "Dupuytren's contracture", "Peyronie's",
            "Osgood-Schlatter", "Legg-Calve-Perthes", "Paget's disease of bone", "Mallory-Weiss tear",
            "Boerhaave syndrome", "a Zenker diverticulum", "a Schatzki ring", "Barrett's esophagus",
            "Meckel's diverticulum", "Hirschsprung's", "Budd-Chiari", "Gilbert syndrome", "Wernicke encephalopathy",
            "Korsakoff syndrome", "Todd's paralysis", "Brown-Sequard syndrome", "Horner syndrome",
            "Addison's disease", "Cushing syndrome", "Conn syndrome", "Sheehan syndrome", "Hashimoto's",
            "Lyme disease", "Rocky Mountain spotted fever", "West Nile virus", "Coxsackie", "Pontiac fever",
            "Legionnaires' disease", "St. Louis encephalitis", "a Baker's cyst", "Morton's neuroma",
            "de Quervain tenosynovitis", "a Bankart lesion", "a Hill-Sachs lesion", "a Colles fracture",
            "a Jones fracture", "a Maisonneuve fracture", "a Lisfranc injury", "a Monteggia fracture",
            "Tietze syndrome", "Dressler syndrome", "Brugada pattern", "Wolff-Parkinson-White", "Osborn waves",
            "Wellens pattern", "de Winter T waves", "Mobitz I", "Wenckebach", "Stevens-Johnson syndrome",
            "Kaposi sarcoma", "Burkitt lymphoma", "Ewing sarcoma", "Wilms tumor", "a Pancoast tumor",
            "Krukenberg tumor", "Virchow's node", "Sister Mary Joseph nodule", "Tommy John surgery"]
NAMED_SCORES = ["Glasgow Coma Scale 14", "Ottawa ankle rules negative", "San Francisco Syncope Rule negative",
                "Canadian C-spine rule applied", "Boston Bowel Preparation Scale 8", "New York Heart Association class II",
                "Edinburgh Postnatal Depression Scale 11", "Montreal Cognitive Assessment 24/30", "revised Geneva score 3",
                "Richmond Agitation-Sedation Scale -2", "Manchester triage category 3", "Vancouver Scar Scale 6",
                "Nottingham grade 2", "Stanford type B dissection", "Rochester criteria met", "Philadelphia criteria",
                "Boston criteria for probable CAA", "Los Angeles grade B esophagitis", "Prague C3M5",
                "Montreal classification L3", "Kansas City Cardiomyopathy Questionnaire 52", "Duke criteria",
                "Jones criteria", "Light's criteria", "Ranson 3", "Alvarado 7", "Wells score 4", "Hunt and Hess 2",
                "Fisher grade 3", "Spetzler-Martin II", "Salter-Harris II", "Garden III", "Weber B", "Schatzker II",
                "Gustilo IIIA", "Tanner stage 3", "Kellgren-Lawrence grade 3", "Hoehn and Yahr 2.5", "Karnofsky 70",
                "Killip class I", "Mallampati III", "Cormack-Lehane grade 2", "Child-Pugh A", "Forrest IIb",
                "Truelove and Witts severe", "Harvey-Bradshaw index 9", "Bristol stool type 6", "Rome IV criteria",
                "Hamilton Depression Rating Scale 18", "Beck Depression Inventory 22", "Apgar 7 and 9",
                "Bishop score 8", "Gleason 4+3", "Breslow 1.2 mm", "Clark level III", "Ann Arbor stage IIB",
                "Lugano stage III", "Rotterdam criteria", "Baltimore classification", "Tokyo guidelines grade II",
                "Atlanta classification moderately severe", "Milan criteria", "Toronto Bedside Swallowing test failed",
                "Barthel index 55", "Katz ADL 4/6", "Lawton IADL 3", "Norton scale 12", "Waterlow 15"]
AGE_OK = ["a 67-year-old woman", "an 89-year-old man", "a 72 yo M", "an 84F", "a 58 y/o", "a 45-year-old",
          "an 88 yo female", "a 79M", "an 81-year-old retired nurse", "a 63 yo", "an 86 y.o. woman", "a 34F"]
INEXACT_AGE = ["in her 90s", "over 90", "aged 90 or older", "a nonagenarian", "90+", "in his late nineties",
               "older than 90", "a centenarian-aged group"]
HEADINGS = ["ASSESSMENT AND PLAN", "HPI", "ROS", "PHYSICAL EXAM", "MEDICATIONS", "ALLERGIES", "DISPOSITION",
            "HOSPITAL COURSE", "IMPRESSION", "Plan:", "Subjective:", "Objective:", "A/P:", "PMH:", "FHx:"]

CLEAN_FILLERS = {
    "sign": lambda rng: _pick(rng, SIGNS), "dz": lambda rng: _pick(rng, DISEASES),
    "nscore": lambda rng: _pick(rng, NAMED_SCORES), "ageok": lambda rng: _pick(rng, AGE_OK),
    "inexact": lambda rng: _pick(rng, INEXACT_AGE), "head": lambda rng: _pick(rng, HEADINGS),
}

CLEAN = [
    "{=head} {=ageok} with {=dz} and {=dz}. {=sign} positive. {=nscore}. Start {=drug}.",
    "Exam: {=sign} negative, {=sign} equivocal. Suspect {=dz}. Refer to {=dept} at {=gen}.",
    "^L hx {=dz}, {=dz}. on {=drug} + {=drug}. {=lab}. f/u {=gen} in {=n} wks",
    "^U {=head}: {=dz}. {=nscore}. {=score}. CONTINUE {=drug}.",
    "Family history: mother with {=dz}, father with {=dz} diagnosed in {=year}. Patient is {=ageok}.",
    "{=ageok} seen at {=gen} for {=sx}; {=sign} positive, {=nscore}. Plan {=drug}, return to {=gen} if worse.",
    "Sign-out: bed 3 {=dz}, {=lab}, {=score}; bed 5 {=dz} on {=drug}, {=nscore}.",
    "Discharge to {=gen} with {=drug}. Follow up with {=dept} in {=n} weeks. Dx: {=dz}.",
    "Labs: {=lab}, {=lab}, {=lab}. {=nscore}. Impression: {=dz} vs {=dz}.",
    "Triage: {=sx}. {=score}. {=sign} noted. Sent to {=gen}.",
    "Pharmacy: {=drug} interacts with {=drug}; monitor {=lab}. Indication {=dz}.",
    "Reviewed {=nscore} and {=nscore}. Not consistent with {=dz}.",
    "Patients {=inexact} are grouped together in the registry; none here has {=dz}.",
    "Her {=young} brought her from {=gen}. She has {=dz} since {=year}; {=nscore}.",
    "| Test | Result |\n| {=lab} | high |\n| {=nscore} | |\n| {=sign} | positive |",
    "Teaching point: {=sign} is classic for {=dz}; {=sign} suggests {=dz}.",
    "Call-back from {=gen}: {=lab}. Provider aware. Continue {=drug}.",
    "ED course: {=ageok}, {=sx}, {=score}, {=nscore}. CT neg. Dispo {=gen}.",
    "^L pt is {=ageok}, hx {=dz} ({=year}) and {=dz}, {=nscore}, lives w/ {=young}",
    "Home health note: {=sx}. {=lab}. {=drug} held. {=sign} unchanged. Next visit per {=gen} schedule.",
    "EMS: {=ageok} from {=gen}, {=score}, {=sx}. Transported to {=gen}.",
    "Research screening: {=nscore}; exclusion for {=dz}. Age range 18 to 89. Consent in {=year}.",
    "Billing: visit for {=dz} ({=nscore} documented) at {=gen}; {=dept} consult.",
    "Fax cover: {=dept} to {=dept}. Re: {=dz} protocol. Pages {=n}. No patient information enclosed.",
    "Portal reply: {=drug} can cause {=sx}. If {=sign} or {=sx}, go to {=gen}.",
    "Referral to {=dept} for {=dz}; {=nscore}; {=sign} positive at {=gen}.",
    "Differential: {=dz}, {=dz}, {=dz}. {=sign} and {=sign} both negative.",
    "{=head}\n1. {=dz} - {=drug}\n2. {=dz} - {=nscore}\n3. {=lab} - recheck at {=gen}",
    "St. Vitus dance and {=dz} were discussed at the {=dept} conference; {=nscore}.",
    "Mount Fuji sign on CT after the {=dz} workup; {=nscore}; moved to {=gen}.",
    "Parkinson plus vs {=dz}; {=sign}; Hoehn and Yahr 3; {=drug}.",
    "^U {=dz}. {=sign} POSITIVE. {=nscore}. TO {=gen}.",
    "Screened {=ageok} and patients {=inexact} for {=dz}; {=nscore}.",
    "Ward round: {=dept} and {=dept} agree on {=drug} for {=dz}; {=lab}; {=score}.",
    "Wound care: {=nscore}; Braden 12; {=dz} contributes; dressing changed per {=gen} protocol.",
    "Pre-op: {=nscore}, {=score}, {=lab}. Hx {=dz} in {=year}. Cleared by {=dept}.",
    "Dialysis unit note: {=lab}, {=lab}. {=drug}, {=drug}. {=dz} stable.",
    "Sent to {=unit} then {=gen}; {=nscore}; {=sign}; {=drug} started. Hx {=dz} in {=year}.",
    "{=ageok} in {=unit} after {=dz}; {=score}; {=lab}; family at bedside.",
    "^U {=unit}: {=dz} / {=dz}. {=nscore}. {=lab}.",
    "recieved from {=gen}, {=ageok}, {=dz} - {=sign} + , tehy gave {=drug} at {=gen}",
    "Patient education on {=dz} and {=drug}; handout from the {=dept} clinic; return to {=gen} for {=sx}.",
    "Research note: cohort includes patients {=inexact}; {=nscore} and {=nscore} collected at baseline.",
    "Mother {=inexact} with {=dz}; father died in {=year} of {=dz}. Pt {=ageok}.",
    "Tele-ICU review: {=lab}, {=score}, {=nscore}; {=sign}; continue {=drug} in {=unit}.",
    "Billing query: {=dept} and {=unit} documentation for {=dz}; {=nscore} supports the level.",
    "Case conference at {=gen}: {=dz} with {=sign}; Charcot foot and Homans sign reviewed; {=drug}.",
]

# ----------------------------------------------------------------------------------------------

ABBR = {"P": "PERSON", "F": "FACILITY", "L": "LOCATION", "SA": "STREET_ADDRESS", "Z": "ZIP_CODE", "D": "DATE",
        "A": "AGE_OVER_89", "PH": "PHONE_NUMBER", "FX": "FAX_NUMBER", "EM": "EMAIL_ADDRESS", "SSN": "US_SSN",
        "MRN": "MEDICAL_RECORD_NUMBER", "HP": "HEALTH_PLAN_NUMBER", "AC": "ACCOUNT_NUMBER", "LIC": "LICENSE_NUMBER",
        "VEH": "VEHICLE_ID", "DEV": "DEVICE_ID", "URL": "URL", "IP": "IP_ADDRESS", "BIO": "BIOMETRIC",
        "PHO": "PHOTO", "ID": "OTHER_ID"}
_ABBR_SLOT = re.compile(r"\{(" + "|".join(sorted(ABBR, key=len, reverse=True)) + r")(:[^}]*)?\}")
_CHOICE = re.compile(r"\[\[(.*?)\]\]")
ALL_FILLERS = {**FILLERS, **CLEAN_FILLERS}


def expand(template: str) -> str:
    """Short slot names to entity types; {AG} to an age over 89 with a suffix."""
    template = template.replace("{AG}", "{AGE_OVER_89}{=agesfx}")
    return _ABBR_SLOT.sub(lambda m: "{" + ABBR[m.group(1)] + (m.group(2) or "") + "}", template)


def render(rng: random.Random, template: str) -> tuple[str, list[dict]]:
    case = None
    if template.startswith(("^U ", "^L ")):
        case, template = template[1], template[3:]
    template = _CHOICE.sub(lambda m: _pick(rng, m.group(1).split("|")), expand(template))
    text, spans = phi_generator.fill(rng, template, phi_generator.from_table(VALUES), ALL_FILLERS)
    if case:
        changed = text.upper() if case == "U" else text.lower()
        assert len(changed) == len(text), template
        text = changed
        for s in spans:
            s["value"] = text[s["start"]:s["end"]]
    return text, spans


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows, seen = [], set()
    for kind, templates, copies in (("phi", PHI, PHI_COPIES), ("clean", CLEAN, CLEAN_COPIES)):
        n = 0
        for _ in range(copies):
            for template in templates:
                text, spans = render(rng, template)
                if text in seen:
                    continue
                seen.add(text)
                assert (kind == "phi") == bool(spans), template
                rows.append({"id": f"locked5-{kind}-{n:04d}", "kind": kind, "text": text, "spans": spans})
                n += 1
    phi_generator.check_rows(rows)
    return rows


def main() -> int:
    return phi_generator.cli(__doc__, build, SEED, "phi_locked5.jsonl")


if __name__ == "__main__":
    sys.exit(main())
