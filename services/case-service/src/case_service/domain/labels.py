"""Swedish labels of values and fields as officers see them (the API and events keep English values)."""

from arendo_contracts.vocabulary import CaseStatus, Channel, Priority

STATUS_LABELS: dict[str, str] = {
    CaseStatus.NEW: "Ny",
    CaseStatus.IN_PROGRESS: "Pågående",
    CaseStatus.WAITING: "Vilande",
    CaseStatus.REOPENED: "Återöppnat",
    CaseStatus.CLOSED: "Avslutat",
}

PRIORITY_LABELS: dict[str, str] = {
    Priority.URGENT: "Akut",
    Priority.PRIORITISED: "Prioriterad",
    Priority.NORMAL: "Normal",
}

CHANNEL_LABELS: dict[str, str] = {
    Channel.PHONE: "Telefonsamtal",
    Channel.EMAIL: "E-post",
    Channel.SMS: "SMS",
    Channel.LETTER: "Brev",
    Channel.VISIT: "Besök",
    Channel.E_SERVICE: "E-tjänst",
    Channel.MY_PAGES: "Mina sidor",
    Channel.FACEBOOK: "Facebook",
    Channel.TWITTER: "Twitter",
    Channel.CHAT: "Chatt",
}

BOOLEAN_LABELS = {"true": "Ja", "false": "Nej"}

# Fields of the case as recorded in `FieldChange.field`; a field missing here is shown by its name.
FIELD_LABELS: dict[str, str] = {
    "title": "Rubrik",
    "description": "Beskrivning",
    "status": "Status",
    "priority": "Prioritet",
    "channel": "Inkommande kanal",
    "customer_wants_answer": "Kund önskar svar",
    "customer_answered": "Kund besvarad",
    "preferred_reply_form": "Önskad svarsform",
    "personal_data": "PU-uppgifter",
    "event_date": "Händelsedatum",
    "arrived_at": "Ankomstdatum",
    "inbox_id": "Inkorg",
    "officer": "Handläggare",
    "feedback_required": "Kräver återkoppling",
    "confidential": "Sekretess",
    "confidentiality_paragraph": "Sekretessparagraf",
    "case_types": "Ärendetyper",
    "case_type": "Ärendetyp",
    "areas": "Område",
    "area": "Område",
    "organisations": "Organisation",
    "organisation": "Organisation",
    "customer": "Kund",
    "property": "Fastighet",
    "lock": "Lås",
    "locked_by": "Låst av",
    "main_case": "Huvudärende",
    "sub_case": "Underärende",
    "link": "Länk",
    "link_description": "Länkbeskrivning",
    "alert": "Varning",
    "deed": "Handling",
    "note": "Anteckning",
    "notes": "Anteckningar",
    "closed_at": "Avslutsdatum",
    "reopen_at": "Återöppningsdatum",
    "reopen_reason": "Orsak till återöppning",
    "scheduled_reopen": "Schemalagd återöppning",
}

# How the values of some fields are shown; other values are shown as they are.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "priority": PRIORITY_LABELS,
    "channel": CHANNEL_LABELS,
    "preferred_reply_form": CHANNEL_LABELS,
    "customer_wants_answer": BOOLEAN_LABELS,
    "customer_answered": BOOLEAN_LABELS,
    "personal_data": BOOLEAN_LABELS,
    "feedback_required": BOOLEAN_LABELS,
    "confidential": BOOLEAN_LABELS,
}


def field_label(field: str | None) -> str | None:
    return None if field is None else FIELD_LABELS.get(field, field)


def value_label(field: str | None, value: str | None) -> str | None:
    if value is None or field is None:
        return value
    return VALUE_LABELS.get(field, {}).get(value, value)
