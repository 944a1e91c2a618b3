"""Announcement texts are stored per language (R-8.3: the official languages; English too)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Amendment,
    Announcement,
    Institution,
    JobGroup,
    Position,
    PositionPlace,
    RequiredDocument,
    Requirement,
)

# The translated texts of an announcement and of its positions, in the order of the form; published
# here for whatever fills them per language (demo/loader.py, demo/seed.py).
ANNOUNCEMENT_FIELDS = (
    "title",
    "legal_basis",
    "general_description",
    "formal_requirements",
    "competencies",
    "how_to_apply",
    "documents_instructions",
    "evaluation_method",
    "notification_method",
    "other_notes",
)
POSITION_FIELDS = (
    "title",
    "grade",
    "department",
    "supervisor",
    "duration",
    "place",
    "salary_reference",
    "description",
    "duties",
)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "address")


@register(JobGroup)
class JobGroupTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"sq": ("name",)}


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ANNOUNCEMENT_FIELDS
    # Albanian is required where the field is; the other languages fall back to it.
    required_languages = {"sq": ("title", "how_to_apply", "notification_method")}


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = POSITION_FIELDS
    required_languages = {"sq": ("title",)}


@register(PositionPlace)
class PositionPlaceTranslation(TranslationOptions):
    fields = ("place",)


@register(Requirement)
class RequirementTranslation(TranslationOptions):
    fields = ("text",)


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("name", "notes")


@register(Amendment)
class AmendmentTranslation(TranslationOptions):
    fields = ("reason",)
