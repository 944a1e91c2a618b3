"""The verification's choices: plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    UNDECIDED = "undecided", _("Not decided yet")
    ELIGIBLE = "eligible", _("Eligible: continues to the evaluation (R-18.3)")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible (R-18.6)")
    EXCLUDED = "excluded", _("Excluded for a false declaration (R-9.3)")


class Reason(models.TextChoices):
    """Why a candidate does not continue; the decision names at least one (R-18.6: reasoned)."""

    MISSING_DOCUMENT = "missing_document", _("A required document is missing (R-9.2.2, R-11.2)")
    EDUCATION = "education", _("The education does not match the requirement")
    EXPERIENCE = "experience", _("The work experience is insufficient")
    LATE = "late", _("The application arrived after the deadline (R-9.2.2)")
    FALSE_DECLARATION = "false_declaration", _("False declaration (R-9.3)")
    OTHER_REQUIREMENT = "other_requirement", _("Another requirement of the announcement is not met")


class CriterionKind(models.TextChoices):
    GENERAL = "general", _("General requirement (R-9.1.4)")
    SPECIFIC = "specific", _("Specific requirement of the position")
    DOCUMENT = "document", _("Required document")


class CheckResult(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_VERIFIABLE = "not_verifiable", _("Cannot be verified from the documents")
