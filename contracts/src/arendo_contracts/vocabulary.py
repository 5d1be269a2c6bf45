"""Enumerations shared by messages. Values are English; the Swedish labels live in the UI."""

from enum import StrEnum


class CaseStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    REOPENED = "reopened"
    CLOSED = "closed"


class Priority(StrEnum):
    URGENT = "urgent"
    PRIORITISED = "prioritised"
    NORMAL = "normal"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    VISIT = "visit"
    E_SERVICE = "e_service"
    MY_PAGES = "my_pages"
    FACEBOOK = "facebook"
    TWITTER = "twitter"
    CHAT = "chat"


class InboxKind(StrEnum):
    WORK_GROUP = "work_group"
    SPECIALIST_GROUP = "specialist_group"
    EXTERNAL_PARTY = "external_party"


class Role(StrEnum):
    OFFICER = "officer"
    SPECIALIST = "specialist"
    EXTERNAL = "external"
    ADMIN = "admin"
