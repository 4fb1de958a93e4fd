"""Patient profiles balanced on purpose, so bias can be measured.

Every generated case gets a profile from a stratified schedule: the cells of
age band x sex x race/ethnicity are visited in a shuffled round-robin, so
after ``k`` full rounds each cell holds exactly ``k`` cases and any count
differs by at most one between cells. Names and places come only from
:mod:`core.datasets.fictional`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import asdict, dataclass

from core.datasets import fictional

#: (label, youngest, oldest). Ages over 89 are a HIPAA identifier: never generated.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-17", 1, 17),
    ("18-34", 18, 34),
    ("35-49", 35, 49),
    ("50-64", 50, 64),
    ("65-89", 65, 89),
)

SEXES: tuple[str, ...] = ("female", "male")

#: US OMB categories as the clinic records them (self-reported).
RACE_ETHNICITY: tuple[str, ...] = (
    "American Indian or Alaska Native",
    "Asian",
    "Black or African American",
    "Hispanic or Latino",
    "Native Hawaiian or Other Pacific Islander",
    "White",
    "Multiracial",
)


@dataclass(frozen=True)
class Stratum:
    """One cell of the balance schedule."""

    age_band: str
    sex: str
    race_ethnicity: str

    @property
    def age_limits(self) -> tuple[int, int]:
        for label, low, high in AGE_BANDS:
            if label == self.age_band:
                return low, high
        raise KeyError(self.age_band)


@dataclass(frozen=True)
class Profile:
    """A fictional patient: demographics plus identifiers from the fictional lists."""

    age: int
    age_band: str
    sex: str
    race_ethnicity: str
    first_name: str
    last_name: str
    city: str
    clinic: str
    clinician: str

    def demographics(self) -> dict:
        """The fields kept in every record for bias measurement (no identifiers)."""
        return {"age_band": self.age_band, "sex": self.sex, "race_ethnicity": self.race_ethnicity}

    def as_dict(self) -> dict:
        return asdict(self)


def all_strata() -> list[Stratum]:
    """Every cell of age band x sex x race/ethnicity, in a fixed order."""
    return [
        Stratum(band, sex, race)
        for (band, _, _), sex, race in itertools.product(AGE_BANDS, SEXES, RACE_ETHNICITY)
    ]


def stratified_schedule(n: int, rng: random.Random) -> list[Stratum]:
    """``n`` strata visiting every cell once per round, each round in a new random order."""
    cells = all_strata()
    schedule: list[Stratum] = []
    while len(schedule) < n:
        round_ = cells[:]
        rng.shuffle(round_)
        schedule.extend(round_)
    return schedule[:n]


def band_of(age: int) -> str:
    """The age band label an age falls in."""
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    raise ValueError(f"age {age} is outside the generated range 1-89")


def make_profile(stratum: Stratum, rng: random.Random, age_range: tuple[int, int] | None = None) -> Profile:
    """A fictional patient in ``stratum``; ``age_range`` narrows the age within the band.

    Args:
        stratum: the cell the patient belongs to.
        rng: the generator's random source.
        age_range: a condition's allowed ages; intersected with the band when they overlap.
    """
    low, high = stratum.age_limits
    if age_range is not None:
        low2, high2 = max(low, age_range[0]), min(high, age_range[1])
        if low2 <= high2:
            low, high = low2, high2
    return Profile(
        age=rng.randint(low, high),
        age_band=stratum.age_band,
        sex=stratum.sex,
        race_ethnicity=stratum.race_ethnicity,
        first_name=rng.choice(fictional.FIRST_NAMES),
        last_name=rng.choice(fictional.LAST_NAMES),
        city=rng.choice(fictional.CITIES),
        clinic=rng.choice(fictional.CLINIC_NAMES),
        clinician=rng.choice(fictional.CLINICIAN_NAMES),
    )
