"""The applications' choices and transition tables: plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Community(models.TextChoices):
    """Self-declared, optional; used only for R-27/R-28 and never shown to the committee."""

    ALBANIAN = "albanian", _("Albanian")
    SERBIAN = "serbian", _("Serbian")
    BOSNIAK = "bosniak", _("Bosniak")
    TURKISH = "turkish", _("Turkish")
    ROMA = "roma", _("Roma")
    ASHKALI = "ashkali", _("Ashkali")
    EGYPTIAN = "egyptian", _("Egyptian")
    GORANI = "gorani", _("Gorani")
    MONTENEGRIN = "montenegrin", _("Montenegrin")
    CROATIAN = "croatian", _("Croatian")
    OTHER = "other", _("Other")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class DegreeLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")
    OTHER = "other", _("Other")


class LanguageLevel(models.TextChoices):
    NATIVE = "native", _("Native language")
    C2 = "C2", "C2"
    C1 = "C1", "C1"
    B2 = "B2", "B2"
    B1 = "B1", "B1"
    A2 = "A2", "A2"
    A1 = "A1", "A1"


class QualificationKind(models.TextChoices):
    TRAINING = "training", _("Training")
    QUALIFICATION = "qualification", _("Professional qualification")
    SPECIALISATION = "specialisation", _("Specialisation")
    SKILL = "skill", _("Special skill")
    PUBLICATION = "publication", _("Publication")


# Countries offered for a diploma. "ZZ" is any other country; a diploma from a country other than
# the institution's asks for its nostrification.
DIPLOMA_COUNTRIES = [
    ("XK", _("Kosovo")),
    ("AL", _("Albania")),
    ("MK", _("North Macedonia")),
    ("RS", _("Serbia")),
    ("ME", _("Montenegro")),
    ("BA", _("Bosnia and Herzegovina")),
    ("HR", _("Croatia")),
    ("SI", _("Slovenia")),
    ("TR", _("Türkiye")),
    ("DE", _("Germany")),
    ("AT", _("Austria")),
    ("CH", _("Switzerland")),
    ("IT", _("Italy")),
    ("FR", _("France")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
    ("ZZ", _("Other country")),
]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The application's workflow: the only moves a service may make (see services.py). A withdrawn
# application is prepared again as a draft and then goes through every check of a submission.
APPLICATION_TRANSITIONS: dict[str, set[str]] = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED},
    ApplicationStatus.SUBMITTED: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.WITHDRAWN: {ApplicationStatus.DRAFT},
}


class EventKind(models.TextChoices):
    CREATED = "created", _("Application started")
    PLACE_CHOSEN = "place_chosen", _("Place chosen")
    DOCUMENT_ADDED = "document_added", _("Document attached")
    DOCUMENT_REMOVED = "document_removed", _("Document removed")
    SUBMITTED = "submitted", _("Application submitted")
    WITHDRAWN = "withdrawn", _("Application withdrawn")
    REOPENED = "reopened", _("Prepared again as a draft")
    # The preliminary verification (R-18, verification app): shown once told to the applicant.
    VERIFICATION_OPENED = "verification_opened", _("Preliminary verification started (R-18)")
    SHORTLISTED = "shortlisted", _("On the shortlist: continues to the evaluation (R-18.4)")
    NOT_ELIGIBLE = "not_eligible", _("Not admitted: reasoned decision sent (R-18.6)")
    EXCLUDED = "excluded", _("Excluded for a false declaration (R-9.3)")
    # The evaluation (scoring app): the rank and the result at each step, told to every candidate.
    RESULT_PUBLISHED = "result_published", _("Result of the evaluation published (R-25.4)")


# The profile's fields as the forms edit them and a submission freezes them.
PERSONAL_FIELDS = (
    "first_name",
    "parent_name",
    "last_name",
    "date_of_birth",
    "personal_number",
    "gender",
    "address",
    "phone",
    "email",
)
PERSONAL_REQUIRED = tuple(name for name in PERSONAL_FIELDS if name != "parent_name")
EDUCATION_FIELDS = ("level", "field_of_study", "institution", "country", "graduation_date", "nostrification")
EXPERIENCE_FIELDS = (
    "employer",
    "employer_address",
    "function",
    "title",
    "rank",
    "start_date",
    "end_date",
    "duties",
    "staff_supervised_count",
    "staff_supervised_kind",
    "reason_for_leaving",
)
LANGUAGE_FIELDS = ("language", "level")
QUALIFICATION_FIELDS = ("kind", "title", "provider", "date", "description")
REFEREE_FIELDS = ("name", "address", "contact")
