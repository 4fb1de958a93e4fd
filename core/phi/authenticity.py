"""The synthetic-authenticity check: is a finding one of the generator's fictional values?

The generator (``core.datasets.fictional``) writes names and places only from
its own invented lists, telephone numbers from the 555-01xx range reserved for
fiction, e-mail and web addresses on the reserved ``example.*`` domains, and
record numbers with its own prefix. A name or place in a synthetic dataset
that is not on those lists did not come from the generator: it is treated as
a possible leak of a real person.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from core.phi.hipaa import HipaaIdentifier

_TITLES = frozenset({"dr", "doctor", "np", "rn", "pa", "md", "lpn", "mr", "ms", "mrs", "mx", "miss", "pt", "prof"})
# Words of an address that are not part of a street's name.
_ADDRESS_WORDS = frozenset({"apt", "apartment", "unit", "suite", "ste", "room", "floor", "po", "box", "p", "o"})
_RESERVED_DOMAINS = ("example.org", "example.net", "example.com", "example.edu", "example")
_DOCUMENTATION_NETWORKS = tuple(ipaddress.ip_network(n) for n in
                                ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))
_PERSON_LISTS = ("FIRST_NAMES", "LAST_NAMES", "CLINICIAN_NAMES")
_PLACE_LISTS = ("CITIES", "STREETS", "CLINIC_NAMES", "PHARMACY_NAMES", "HEALTH_PLANS", "EMPLOYERS")


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_][\w'’-]*|\d+", text)]


@dataclass(frozen=True)
class FictionalLists:
    """The fictional values a synthetic dataset may contain.

    Build with :meth:`from_generator` (the generator's lists) or
    :meth:`from_lists` (tests, other generators).
    """

    person_words: frozenset[str]
    place_words: frozenset[str]
    zip_codes: frozenset[str] = frozenset()
    phone_digits: frozenset[str] = frozenset()
    email_domains: tuple[str, ...] = _RESERVED_DOMAINS
    mrn_prefix: str | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_lists(cls, person_names=(), place_names=(), zip_codes=(), phone_numbers=(), email_domains=(),
                   mrn_prefix: str | None = None, source: str = "lists") -> "FictionalLists":
        """Lists of whole names ("Dr. Orlin Mistlemere", "Lake Quillon"); words are what is compared."""
        person = {w for name in person_names for w in _words(name)} - _TITLES
        place = {w for name in place_names for w in _words(name) if not w.isdigit()}
        return cls(frozenset(person), frozenset(place), frozenset(z.strip() for z in zip_codes),
                   frozenset(re.sub(r"\D", "", p)[-10:] for p in phone_numbers),
                   tuple(d.lower() for d in email_domains) or _RESERVED_DOMAINS, mrn_prefix, (source,))

    @classmethod
    def from_generator(cls) -> "FictionalLists | None":
        """The lists of ``core.datasets.fictional``, or None when that module does not exist."""
        try:
            from core.datasets import fictional
        except ImportError:
            return None
        lists = lambda names: [v for n in names for v in getattr(fictional, n, [])]  # noqa: E731
        return cls.from_lists(lists(_PERSON_LISTS), lists(_PLACE_LISTS), getattr(fictional, "ZIP_CODES", []),
                              getattr(fictional, "PHONE_NUMBERS", []), getattr(fictional, "EMAIL_DOMAINS", []),
                              getattr(fictional, "MRN_PREFIX", None), source="core.datasets.fictional")

    def verify(self, identifier: HipaaIdentifier, entity_type: str, value: str, before: str = "") -> bool | None:
        """Whether a finding is a fictional value the generator writes.

        Args:
            identifier: the finding's Safe Harbor identifier.
            entity_type: the finding's entity type.
            value: the finding's text.
            before: up to a few dozen characters in front of it (for prefixes like "SYN-MRN-").

        Returns:
            True: verified fictional. False: a name or place not on the lists (a possible leak).
            None: this kind of identifier has no fictional list, so nothing can be verified.
        """
        if identifier is HipaaIdentifier.NAMES:
            # Either list will do: NER calls a fictional town a person as often as the reverse.
            words = [w for w in _words(value) if w not in _TITLES and len(w) > 1]
            return bool(words) and all(w in self.person_words or w in self.place_words for w in words)
        if identifier is HipaaIdentifier.GEOGRAPHIC:
            return self._place(entity_type, value)
        if identifier in (HipaaIdentifier.TELEPHONE, HipaaIdentifier.FAX):
            digits = re.sub(r"\D", "", value)[-10:]
            return digits in self.phone_digits or digits[-7:-2] == "55501"
        if identifier is HipaaIdentifier.EMAIL:
            return self._reserved_host(value.rsplit("@", 1)[-1])
        if identifier is HipaaIdentifier.URL:
            host = re.sub(r"^[a-z]+://", "", value.lower()).split("/", 1)[0].split(":", 1)[0]
            return self._reserved_host(host)
        if identifier is HipaaIdentifier.IP_ADDRESS:
            try:
                address = ipaddress.ip_address(value.strip())
            except ValueError:
                return False
            return any(address in network for network in _DOCUMENTATION_NETWORKS)
        if identifier is HipaaIdentifier.MEDICAL_RECORD and self.mrn_prefix:
            # The recognizer reports the digits after the cue; the prefix sits just in front of them.
            return value.startswith(self.mrn_prefix) or before.endswith(self.mrn_prefix)
        return None

    def _place(self, entity_type: str, value: str) -> bool:
        if entity_type == "ZIP_CODE":
            return value.strip() in self.zip_codes
        words = [w for w in _words(value) if not w.isdigit() and w not in _ADDRESS_WORDS and len(w) > 1]
        return bool(words) and all(w in self.place_words or w in self.person_words for w in words)

    def _reserved_host(self, host: str) -> bool:
        host = host.lower().strip(". ")
        return any(host == d or host.endswith("." + d) for d in self.email_domains + _RESERVED_DOMAINS)
