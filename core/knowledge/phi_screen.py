"""An optional guard at import: refuse documents that carry patient identifiers.

The knowledge base is for guidelines; a clinic letter or a case note imported
by mistake would put patient data into every later search result. The PHI
scanner (core.phi) looks for the record-level identifiers that no guideline
has: record, social-security, health-plan and account numbers, street
addresses, e-mail addresses and phone numbers. Names, places and dates are not
used here: on guideline text the NER model flags headings ("Abdominal",
"Burns") as names, so refusing on them would refuse the clinic's own protocols.
"""

from __future__ import annotations

from typing import Sequence

from core.errors import ValidationError
from core.knowledge.documents import SourceDocument

REFUSED_ENTITIES = frozenset({
    "MEDICAL_RECORD_NUMBER", "US_SSN", "HEALTH_PLAN_NUMBER", "ACCOUNT_NUMBER", "CREDIT_CARD", "IBAN_CODE",
    "US_BANK_NUMBER", "STREET_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER", "FAX_NUMBER", "US_PASSPORT",
})
MIN_SCORE = 0.6  # blood-pressure ranges such as "140/90-159/99" score 0.4 as phone numbers


def screen_documents(documents: Sequence[SourceDocument]) -> list[list]:
    """The patient identifiers found in each document (empty list: the document is clear).

    Returns:
        One list of :class:`core.phi.scan.Finding` per document, in order.
    """
    from core.phi.scan import scan_texts

    return [[f for f in findings if f.entity_type in REFUSED_ENTITIES and f.score >= MIN_SCORE]
            for findings in scan_texts([d.text for d in documents])]


def verdict(found: list) -> str:
    """The screen's verdict in words, naming kinds and positions, never the values."""
    if not found:
        return "clear: no patient identifiers"
    kinds = ", ".join(sorted({f.entity_type for f in found}))
    return f"looks like patient data ({len(found)} identifier(s): {kinds}; first at character {found[0].start})"


def refuse_documents_with_phi(documents: Sequence[SourceDocument]) -> None:
    """Raises if any document carries a patient identifier; says which kinds and where, never the value.

    Raises:
        ValidationError: names the first document with identifiers.
    """
    for doc, found in zip(documents, screen_documents(documents)):
        if found:
            raise ValidationError(
                f"document {doc.doc_id}", verdict(found),
                "the knowledge base takes guidelines only: remove the patient details and import again",
            )
