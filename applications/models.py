"""The applicant's reusable profile (R-11.1), applications to positions, their documents (R-11.2),
their submissions (each a frozen copy) and their history.

Decision (the issue leaves it open): one application per person and position is the database
constraint ``one_application_per_person_and_position`` on (applicant, position), for every status.
Withdrawing and submitting again does not create a second application: the same row moves
draft → submitted → withdrawn → draft → submitted (APPLICATION_TRANSITIONS). Each submission is a
new ``ApplicationSubmission`` row with its own reference number, receipt and frozen copy of the
profile and checklist, so nothing of an earlier submission is lost; ``ApplicationEvent`` is the
history the applicant sees, and the audit chain records every change. A partial unique constraint
on "active" applications was rejected: it would let withdrawn rows pile up per person and position
and make "the application" of a person ambiguous for HR's verification (R-18).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vacancies.models import Position, PositionPlace, RequiredDocument

# Choices and transition tables live in choices.py (rules.py imports them without the models);
# they stay importable from here.
from .choices import (  # noqa: F401
    APPLICATION_TRANSITIONS,
    DIPLOMA_COUNTRIES,
    ApplicationStatus,
    Community,
    DegreeLevel,
    Disability,
    EventKind,
    Gender,
    LanguageLevel,
    QualificationKind,
)

# --- Profile (R-11.1) ---------------------------------------------------------------------------


personal_number_validator = RegexValidator(
    r"^[A-Za-z0-9]{5,20}$",
    _("Enter the personal number as printed on the identity card (letters and digits)."),
)


class ApplicantProfile(models.Model):
    """Filled once and reused for every application; each submission keeps its own frozen copy."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="applicant_profile",
    )
    # personal data
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    parent_name = models.CharField(_("parent's name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    personal_number = models.CharField(
        _("personal number"), max_length=20, blank=True, validators=[personal_number_validator]
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail for this application"), blank=True)
    # Optional, self-declared; used only for, never shown to the committee.
    community = models.CharField(
        _("community (optional)"), max_length=20, choices=Community.choices, blank=True
    )
    disability = models.CharField(
        _("person with a disability (optional)"), max_length=3, choices=Disability.choices, blank=True
    )
    #
    computer_skills = models.TextField(_("computer skills"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self):
        return self.full_name or str(self.user)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class Education(models.Model):
    """R-11.1.3: degrees, institutions, graduation dates."""

    profile = models.ForeignKey(
        ApplicantProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="education"
    )
    level = models.CharField(_("level"), max_length=20, choices=DegreeLevel.choices)
    field_of_study = models.CharField(_("degree / field of study"), max_length=255)
    institution = models.CharField(_("educational institution"), max_length=255)
    country = models.CharField(_("country"), max_length=2, choices=DIPLOMA_COUNTRIES, default="XK")
    graduation_date = models.DateField(_("graduation date"))
    nostrification = models.CharField(
        _("nostrification (number and date of the decision)"),
        max_length=255,
        blank=True,
        help_text=_("For a diploma obtained abroad (R-11.2.1)."),
    )

    class Meta:
        ordering = ["-graduation_date", "id"]
        verbose_name = _("education")
        verbose_name_plural = _("education")

    def __str__(self):
        return f"{self.get_level_display()} · {self.field_of_study}"


class WorkExperience(models.Model):
    """R-11.1.4: every field the regulation names."""

    profile = models.ForeignKey(
        ApplicantProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="experience"
    )
    employer = models.CharField(_("employer"), max_length=255)
    employer_address = models.CharField(_("employer's address"), max_length=255)
    function = models.CharField(_("function"), max_length=255)
    title = models.CharField(_("title"), max_length=255, blank=True)
    rank = models.CharField(_("rank"), max_length=255, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Leave empty if you still work there.")
    )
    duties = models.TextField(_("short description of the duties"))
    staff_supervised_count = models.PositiveIntegerField(_("number of staff supervised"), default=0)
    staff_supervised_kind = models.CharField(_("type of staff supervised"), max_length=255, blank=True)
    reason_for_leaving = models.CharField(_("reason for leaving"), max_length=500, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self):
        return f"{self.function} · {self.employer}"


class LanguageSkill(models.Model):
    """R-11.1.5."""

    profile = models.ForeignKey(
        ApplicantProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return f"{self.language} ({self.level})"


class Qualification(models.Model):
    """R-11.1.6: trainings, professional qualifications, specialisations, special skills, publications."""

    profile = models.ForeignKey(
        ApplicantProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("organised / published by"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["kind", "-date", "id"]
        verbose_name = _("training, qualification or publication")
        verbose_name_plural = _("trainings, qualifications and publications")

    def __str__(self):
        return self.title


class Referee(models.Model):
    """R-11.1.8: name, address and contact of two referees."""

    profile = models.ForeignKey(
        ApplicantProfile, verbose_name=_("profile"), on_delete=models.CASCADE, related_name="referees"
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255)
    contact = models.CharField(_("phone or e-mail"), max_length=255)

    class Meta:
        ordering = ["id"]
        verbose_name = _("referee")
        verbose_name_plural = _("referees")

    def __str__(self):
        return self.name


# --- Applications -------------------------------------------------------------------------------


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="applications"
    )
    place = models.ForeignKey(
        PositionPlace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("place"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    # The person's language: messages about this application are written in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    # HR applied for a candidate who could not apply electronically, with their written consent.
    assisted = models.BooleanField(
        _("submitted by HR for the candidate (R-12.1)"), default=False, editable=False
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assisted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_submission = models.ForeignKey(
        "ApplicationSubmission",
        verbose_name=_("last submission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            # One application per person and position; withdrawing and submitting again reuses it.
            models.UniqueConstraint(
                fields=["applicant", "position"], name="one_application_per_person_and_position"
            ),
        ]
        indexes = [
            # The draft reminder's query, and HR's list of a position's applications.
            models.Index(fields=["status", "position"], name="application_status_position"),
        ]

    def __str__(self):
        return f"{self.applicant} · {self.position}"

    @property
    def announcement(self):
        return self.position.announcement


class ApplicationSubmission(models.Model):
    """One submission of an application: its reference, its frozen copy of the profile and the
    checklist with the documents' SHA-256, and its receipt. Never changed after it is written,
    except ``withdrawn_at``."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField(_("submission number"), validators=[MinValueValidator(1)])
    reference = models.CharField(_("reference number"), max_length=60, unique=True)
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    assisted = models.BooleanField(_("submitted by HR for the candidate (R-12.1)"), default=False)
    profile_snapshot = models.JSONField(_("profile as submitted"))
    checklist_snapshot = models.JSONField(_("documents as submitted"))
    context_snapshot = models.JSONField(_("position and declaration as submitted"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="unique_submission_number"),
        ]

    def __str__(self):
        return self.reference

    @property
    def receipt_path(self) -> str:
        # In the private storage; named by a random token, never by anything the applicant typed.
        return f"receipts/{self.token.hex}.pdf"


class ApplicationDocument(models.Model):
    """An uploaded file. ``label`` is the original name, kept only to show it (escaped); the file lives
    in the private storage under a random path. A document that was part of a submission is never
    deleted: removing it from a later draft only sets ``removed_at``."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="documents"
    )
    slot = models.CharField(_("checklist item"), max_length=40)
    required_document = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("required document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField(_("file name"), max_length=255)
    storage_path = models.CharField(_("storage path"), max_length=255, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted = models.BooleanField(_("submitted"), default=False, editable=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["application", "uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # The draft page's and the submission's query: the application's current documents.
            models.Index(
                fields=["application"], name="document_active", condition=models.Q(removed_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.label


class ApplicationEvent(models.Model):
    """The history the applicant sees on the application's page (the audit chain has the rest)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["application", "at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application history")

    def __str__(self):
        return f"{self.application_id} · {self.kind}"

    @property
    def detail(self) -> str:
        """What the history shows after the kind, in the reader's language. The app that writes the event
        stores its words untranslated with their values: ``data["detail"] = [[msgid, {values}], ...]`` (each
        msgid marked with gettext_noop where it is written, so it is in the catalogue); the parts are joined
        with " · "."""

        parts = (self.data or {}).get("detail") or []
        return " · ".join(gettext(msgid) % (values or {}) for msgid, values in parts)


# --- The person's document library --------------------------------------------------------------------------


class LibraryDocument(models.Model):
    """A file a person keeps to attach to later applications without uploading it again (a diploma, a CV).

    Checked by the same content checks as an application's documents (documents.inspect_upload) and kept in
    the private storage under a random path. Attaching it to an application copies the file to that
    application's own document (its own path and SHA-256), so deleting it from the library, or a later change,
    never touches what an application carries or a submission froze."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="library_documents",
    )
    label = models.CharField(_("file name"), max_length=255)
    storage_path = models.CharField(_("storage path"), max_length=255, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["owner", "-uploaded_at", "-id"]
        verbose_name = _("document of the library")
        verbose_name_plural = _("document library")

    def __str__(self):
        return self.label
