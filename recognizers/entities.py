"""The entity types piimap emits: the one list every wing reads (no Presidio, no spaCy).

They are Presidio entity names, SARIF rule ids and baseline keys, so the list only grows and a
rename needs a migration. The order is the display order (SARIF rules, reports, docs) and
matches the list in docs/architecture.md, which tests/recognizers/test_entities.py checks.
"""

from __future__ import annotations

ENTITY_TYPES: tuple[str, ...] = (
    "SG_NRIC_FIN",
    "SG_NRIC_PARTIAL",
    "SG_UEN",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IP_ADDRESS",
    "PERSON",
    "ORGANIZATION",
    "LOCATION",
    "SG_POSTAL_CODE",
    "SG_PASSPORT",
    "DEVICE_ID",
    "GEO_COORDINATE",
    "CREDIT_CARD",
)
# The types spaCy's named-entity recognition gives (Presidio's SpacyRecognizer).
NER_ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORGANIZATION", "LOCATION")
