"""The vacancies' choices and transition tables: plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    KOSOVO = "XK", _("Kosovo")
    ALBANIA = "AL", _("Albania")


class RuleSet(models.TextChoices):
    """The law an institution recruits under; it decides which rules of rules.py apply."""

    KQZ_01_2024 = "kqz-01-2024", _("KQZ regulation 01/2024")
    KQZ_03_2017 = "kqz-03-2017", _("KQZ regulation 03/2017 (repealed by R-41)")
    ALBANIA = "al-civil-service", _("Albanian civil service (Formulari nr. 1)")


class StaffRole(models.TextChoices):
    HR = "hr", _("HR unit (NJMBNJ)")
    LEADER = "leader", _("Highest administrative leader")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


# The announcement's workflow: the only moves a service may make (see services.py).
ANNOUNCEMENT_TRANSITIONS: dict[str, set[str]] = {
    AnnouncementStatus.DRAFT: {AnnouncementStatus.PUBLISHED},
    AnnouncementStatus.PUBLISHED: {AnnouncementStatus.CLOSED},
    AnnouncementStatus.CLOSED: set(),
}


class Category(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    SPECIALIST = "specialist", _("Specialist")
    LOWER_MANAGEMENT = "lower_management", _("Lower management")
    MIDDLE_MANAGEMENT = "middle_management", _("Middle management")
    NON_PERMANENT = "non_permanent", _("Non-permanent staff")
    OTHER = "other", _("Other")


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Indefinite")
    FIXED_TERM = "fixed_term", _("Fixed term")


class ScoringScheme(models.TextChoices):
    """The scheme's name for now; the scoring app turns each into steps and thresholds."""

    KQZ_PROFESSIONAL = "kqz-professional", _("KQZ professional: written test 70 + interview 30 (R-20, R-23)")
    KQZ_SPECIALIST = "kqz-specialist", _("KQZ specialist: written test 70 + interview 30 (R-20, R-23)")
    KQZ_MANAGEMENT = (
        "kqz-management",
        _("KQZ lower/middle management: written test 60 + interview 40 (R-21, R-22)"),
    )
    F1 = "f1", _("Documents 40 + structured interview 60 (F1)")
    CUSTOM = "custom", _("Set by HR for this procedure")


class ClosingState(models.TextChoices):
    """A position's application period: open, extended once (R-12.2), closed (R-12.3)."""

    OPEN = "open", _("Open")
    EXTENDED = "extended", _("Extended (R-12.2)")
    CLOSED = "closed", _("Closed")


# The only moves of a position's closing state (vacancies.closing makes them).
CLOSING_TRANSITIONS = {
    ClosingState.OPEN: {ClosingState.EXTENDED, ClosingState.CLOSED},
    ClosingState.EXTENDED: {ClosingState.CLOSED},
    ClosingState.CLOSED: set(),
}


class RequirementKind(models.TextChoices):
    GENERAL = "general", _("General requirement")
    EDUCATION = "education", _("Education")
    QUALIFICATION = "qualification", _("Qualification")
    TRAINING = "training", _("Training")
    EXPERIENCE = "experience", _("Work experience")
    LANGUAGE = "language", _("Languages")
    SECURITY_CLEARANCE = "security_clearance", _("Security clearance")
    OTHER = "other", _("Other")
