"""The 18 HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)) and finding severities.

Every finding the scanner reports carries one ``HipaaIdentifier``; its
severity says how directly it points at a person. The audit gate refuses a
dataset with open Critical or High findings.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class Severity(IntEnum):
    """How directly a finding identifies a person; ordered so ``max`` works."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def blocks_training(self) -> bool:
        """Open Critical and High findings stop a dataset from being trained on."""
        return self >= Severity.HIGH


class HipaaIdentifier(Enum):
    """One Safe Harbor identifier: (number, short label, description, base severity)."""

    NAMES = (1, "Names", "Names of the patient, relatives, employers or household members", Severity.CRITICAL)
    GEOGRAPHIC = (2, "Geographic subdivisions", "Street address, city, county, precinct, ZIP code and "
                  "equivalent geocodes smaller than a state", Severity.HIGH)
    DATES = (3, "Dates and ages over 89", "All elements of dates (except year) related to a person: "
             "birth, admission, discharge, death; all ages over 89", Severity.HIGH)
    TELEPHONE = (4, "Telephone numbers", "Telephone numbers", Severity.HIGH)
    FAX = (5, "Fax numbers", "Fax numbers", Severity.HIGH)
    EMAIL = (6, "E-mail addresses", "Electronic mail addresses", Severity.HIGH)
    SSN = (7, "Social security numbers", "Social security numbers", Severity.CRITICAL)
    MEDICAL_RECORD = (8, "Medical record numbers", "Medical record numbers and chart numbers", Severity.CRITICAL)
    HEALTH_PLAN = (9, "Health plan beneficiary numbers", "Health plan, insurance member and beneficiary "
                   "numbers (Medicare MBI, Medicaid ID)", Severity.CRITICAL)
    ACCOUNT = (10, "Account numbers", "Account numbers, including bank and payment card numbers", Severity.HIGH)
    CERTIFICATE_LICENSE = (11, "Certificate/licence numbers", "Certificate and licence numbers (driver's "
                           "licence, DEA, professional licence, birth certificate)", Severity.HIGH)
    VEHICLE = (12, "Vehicle identifiers", "Vehicle identifiers and serial numbers, including licence "
               "plates and VINs", Severity.HIGH)
    DEVICE = (13, "Device identifiers", "Device identifiers and serial numbers (implants, pumps, "
              "monitors, phones)", Severity.HIGH)
    URL = (14, "Web URLs", "Web universal resource locators", Severity.MEDIUM)
    IP_ADDRESS = (15, "IP addresses", "Internet protocol address numbers", Severity.MEDIUM)
    BIOMETRIC = (16, "Biometric identifiers", "Biometric identifiers, including finger, retinal and "
                 "voice prints", Severity.CRITICAL)
    PHOTO = (17, "Full-face photographs", "Full-face photographs and any comparable images", Severity.HIGH)
    OTHER_UNIQUE = (18, "Other unique identifiers", "Any other unique identifying number, characteristic "
                    "or code (study IDs, passport numbers)", Severity.HIGH)

    def __init__(self, number: int, label: str, description: str, severity: Severity) -> None:
        self.number = number
        self.label = label
        self.description = description
        self.severity = severity


# The scanner's entity types (ours and the stock Presidio ones we keep) and the
# identifier each one is. Anything not listed here is not PHI and is dropped.
ENTITY_IDENTIFIERS: dict[str, HipaaIdentifier] = {
    "PERSON": HipaaIdentifier.NAMES,
    "LOCATION": HipaaIdentifier.GEOGRAPHIC,
    "STREET_ADDRESS": HipaaIdentifier.GEOGRAPHIC,
    "ZIP_CODE": HipaaIdentifier.GEOGRAPHIC,
    "FACILITY": HipaaIdentifier.GEOGRAPHIC,  # hospitals, clinics, care homes: named places smaller than a state
    "DATE": HipaaIdentifier.DATES,
    "AGE_OVER_89": HipaaIdentifier.DATES,
    "PHONE_NUMBER": HipaaIdentifier.TELEPHONE,
    "FAX_NUMBER": HipaaIdentifier.FAX,
    "EMAIL_ADDRESS": HipaaIdentifier.EMAIL,
    "US_SSN": HipaaIdentifier.SSN,
    "MEDICAL_RECORD_NUMBER": HipaaIdentifier.MEDICAL_RECORD,
    "HEALTH_PLAN_NUMBER": HipaaIdentifier.HEALTH_PLAN,
    "ACCOUNT_NUMBER": HipaaIdentifier.ACCOUNT,
    "CREDIT_CARD": HipaaIdentifier.ACCOUNT,
    "IBAN_CODE": HipaaIdentifier.ACCOUNT,
    "US_BANK_NUMBER": HipaaIdentifier.ACCOUNT,
    "LICENSE_NUMBER": HipaaIdentifier.CERTIFICATE_LICENSE,
    "US_DRIVER_LICENSE": HipaaIdentifier.CERTIFICATE_LICENSE,
    "MEDICAL_LICENSE": HipaaIdentifier.CERTIFICATE_LICENSE,
    "VEHICLE_ID": HipaaIdentifier.VEHICLE,
    "DEVICE_ID": HipaaIdentifier.DEVICE,
    "MAC_ADDRESS": HipaaIdentifier.DEVICE,
    "URL": HipaaIdentifier.URL,
    "IP_ADDRESS": HipaaIdentifier.IP_ADDRESS,
    "BIOMETRIC": HipaaIdentifier.BIOMETRIC,
    "PHOTO": HipaaIdentifier.PHOTO,
    "OTHER_ID": HipaaIdentifier.OTHER_UNIQUE,
    "US_PASSPORT": HipaaIdentifier.OTHER_UNIQUE,
    "US_ITIN": HipaaIdentifier.OTHER_UNIQUE,
}

# Redaction placeholders, typed so a reader of redacted text still knows what was there.
PLACEHOLDERS: dict[HipaaIdentifier, str] = {
    HipaaIdentifier.NAMES: "[NAME]",
    HipaaIdentifier.GEOGRAPHIC: "[ADDRESS]",
    HipaaIdentifier.DATES: "[DATE]",
    HipaaIdentifier.TELEPHONE: "[PHONE]",
    HipaaIdentifier.FAX: "[FAX]",
    HipaaIdentifier.EMAIL: "[EMAIL]",
    HipaaIdentifier.SSN: "[SSN]",
    HipaaIdentifier.MEDICAL_RECORD: "[MRN]",
    HipaaIdentifier.HEALTH_PLAN: "[HEALTH_PLAN_ID]",
    HipaaIdentifier.ACCOUNT: "[ACCOUNT]",
    HipaaIdentifier.CERTIFICATE_LICENSE: "[LICENSE]",
    HipaaIdentifier.VEHICLE: "[VEHICLE_ID]",
    HipaaIdentifier.DEVICE: "[DEVICE_ID]",
    HipaaIdentifier.URL: "[URL]",
    HipaaIdentifier.IP_ADDRESS: "[IP]",
    HipaaIdentifier.BIOMETRIC: "[BIOMETRIC]",
    HipaaIdentifier.PHOTO: "[PHOTO]",
    HipaaIdentifier.OTHER_UNIQUE: "[ID]",
}

# Finer placeholders where the entity type says more than the identifier does.
ENTITY_PLACEHOLDERS: dict[str, str] = {
    "AGE_OVER_89": "[AGE>89]",
    "ZIP_CODE": "[ZIP]",
    "LOCATION": "[LOCATION]",
    "FACILITY": "[FACILITY]",
}


def identifier_of(entity_type: str) -> HipaaIdentifier | None:
    """The Safe Harbor identifier an entity type is, or None when it is not PHI."""
    return ENTITY_IDENTIFIERS.get(entity_type)


def placeholder_for(entity_type: str) -> str:
    """The typed placeholder that replaces a finding of ``entity_type`` in redacted text."""
    if entity_type in ENTITY_PLACEHOLDERS:
        return ENTITY_PLACEHOLDERS[entity_type]
    identifier = identifier_of(entity_type)
    return PLACEHOLDERS[identifier] if identifier else "[PHI]"
