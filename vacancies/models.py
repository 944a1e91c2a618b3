"""Institutions, announcements (konkurse) and their positions, as R-9.1, F1 and K23 describe them.

Texts meant for the public are stored per language (django-modeltranslation, see translation.py):
``title`` is read in the active language with Albanian as the fallback.
"""

import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules

# Choices and transition tables live in choices.py (rules.py imports them without the models);
# they stay importable from here.
from .choices import (  # noqa: F401
    ANNOUNCEMENT_TRANSITIONS,
    CLOSING_TRANSITIONS,
    AnnouncementStatus,
    Category,
    ClosingState,
    ContractType,
    Country,
    RequirementKind,
    RuleSet,
    ScoringScheme,
    StaffRole,
)
from .rules import extension_sentence

TIME_ZONE_CHOICES = [
    ("Europe/Belgrade", "Europe/Belgrade (Kosovo)"),
    ("Europe/Tirane", "Europe/Tirane (Albania)"),
]


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone.")) from exc


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=30, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, validators=[validate_time_zone]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("web site"), blank=True)
    rule_set = models.CharField(_("recruits under"), max_length=30, choices=RuleSet.choices)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.short_name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class InstitutionStaff(models.Model):
    """Who acts for an institution: its HR unit, and its highest administrative leader (R-15.6)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="institution_roles",
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices, default=StaffRole.HR)

    class Meta:
        verbose_name = _("institution staff")
        verbose_name_plural = _("institution staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution", "role"], name="unique_staff_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.institution} · {self.get_role_display()}"


class AnnouncementQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=AnnouncementStatus.DRAFT)

    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(status=AnnouncementStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


class Announcement(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="announcements"
    )
    reference = models.CharField(_("reference"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    rule_set = models.CharField(_("recruited under"), max_length=30, choices=RuleSet.choices)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    general_description = models.TextField(_("general description of the work (R-9.1.3)"), blank=True)
    formal_requirements = models.TextField(_("general formal requirements (R-9.1.5)"), blank=True)
    competencies = models.TextField(_("knowledge, skills and qualities evaluated (R-9.1.6)"), blank=True)
    how_to_apply = models.TextField(_("how to apply (R-9.1.7)"))
    documents_instructions = models.TextField(_("how to submit the documents (R-9.1.9)"), blank=True)
    evaluation_method = models.TextField(_("how candidates are evaluated (R-9.1.10)"), blank=True)
    notification_method = models.TextField(_("how candidates are notified (R-9.1.11)"))
    other_notes = models.TextField(_("other notes"), blank=True)
    contact_email = models.EmailField(_("e-mail (R-9.1.12)"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close (date and hour, R-9.1.8)"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"], name="unique_announcement_reference"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="announcement_closes_after_opening",
            ),
        ]
        # The id too: the open list reads the announcements in their deadline's order, each one's positions
        # after the other (vacancies.selectors.SearchPages), and stops after the page.
        indexes = [models.Index(fields=["status", "closes_at", "id"], name="announcement_status_deadline")]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def get_absolute_url(self):
        return reverse("vacancies:announcement", args=[self.pk])

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and not rules.closes_after_opening(self.opens_at, self.closes_at):
            errors["closes_at"] = _("The closing date and hour must come after the opening.")
        if (
            self.published_at
            and self.closes_at
            and self.institution_id
            and not rules.closing_within_application_period(
                rule_set=self.rule_set or self.institution.rule_set,
                published_at=self.published_at,
                closes_at=self.closes_at,
                tz=self.institution.tzinfo,
            )
        ):
            errors["closes_at"] = _(
                "Under regulation 01/2024 applications are accepted within %(days)s days of publication "
                "(R-8.2): close no later than %(latest)s."
            ) % {
                "days": rules.application_period_days(),
                "latest": rules.latest_closing_date(self.published_at, self.institution.tzinfo).strftime(
                    "%d.%m.%Y"
                ),
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        now = timezone.now()
        return self.status == AnnouncementStatus.PUBLISHED and self.opens_at <= now < self.closes_at


class JobGroup(models.Model):
    """A group of positions (R-6.1 "grup pozitash"): posts of one kind filled by one competition with one
    committee (R-13.4) and one ranking; the same group across competitions, so that a later competition
    re-ranks the winners list still valid (R-26.1, R-26.7)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="job_groups"
    )
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["institution", "code"]
        verbose_name = _("group of positions")
        verbose_name_plural = _("groups of positions")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="job_group_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class Position(models.Model):
    if TYPE_CHECKING:  # modeltranslation adds one field per language at run time (translation.py)
        title_sq: str
        grade_sq: str
        description_sq: str

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="positions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=500)
    # the competition fills the posts of a group of positions with one committee and one
    # ranking (the position is evaluated once whatever its number of posts); the group outlives the
    # competition.
    job_group = models.ForeignKey(
        JobGroup,
        verbose_name=_("group of positions"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("R-6.1: fill it when the competition is for posts of a group of positions."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    grade = models.CharField(_("class / grade"), max_length=200, blank=True)
    coefficient = models.DecimalField(
        _("coefficient"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    department = models.CharField(_("department / unit"), max_length=255, blank=True)
    supervisor = models.CharField(_("direct supervisor"), max_length=255, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=12, choices=ContractType.choices)
    duration = models.CharField(_("duration"), max_length=255, blank=True)
    number_of_positions = models.PositiveSmallIntegerField(
        _("number of positions"), default=1, validators=[MinValueValidator(1)]
    )
    place = models.CharField(_("place of work"), max_length=255, blank=True)
    salary_reference = models.CharField(_("salary"), max_length=255, blank=True)
    description = models.TextField(_("description of the work"), blank=True)
    duties = models.TextField(_("main duties"), blank=True, help_text=_("One duty per line."))
    scoring_scheme = models.CharField(_("evaluation scheme"), max_length=20, choices=ScoringScheme.choices)
    # Closing and extension, per position: set only by vacancies.closing.
    closing_state = models.CharField(
        _("application period"),
        max_length=10,
        choices=ClosingState.choices,
        default=ClosingState.OPEN,
        editable=False,
    )
    # the new deadline, five calendar days after the announced one at the same hour.
    extended_until = models.DateTimeField(_("extended until"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    # The fact behind the reason: the public page renders the sentence from it in the reader's language.
    applications_at_extension = models.PositiveIntegerField(
        _("applications at the announced deadline"), null=True, blank=True, editable=False
    )
    # The final closing time (the deadline that actually closed it, as scheduled, not when a task ran):
    # R-18.5's 15 days count from here.
    closed_at = models.DateTimeField(_("finally closed at"), null=True, blank=True, editable=False)
    applications_at_closing = models.PositiveIntegerField(
        _("applications at closing"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["announcement", "order", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        # The open list's extended positions in their deadline's order (vacancies.selectors.SearchPages):
        # the few extended ones, without reading every position.
        indexes = [
            models.Index(
                fields=["extended_until"],
                name="position_extended_until",
                condition=models.Q(extended_until__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number_of_positions__gte=1), name="position_at_least_one"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("vacancies:position", args=[self.announcement_id, self.pk])

    @property
    def deadline(self):
        """The effective closing time: the extended one (R-12.2) when there is one, else the
        announcement's."""
        return self.extended_until or self.announcement.closes_at

    @property
    def extension_reason_display(self):
        """The reason of the extension (R-12.2) in the active language, rendered from its facts."""
        if self.applications_at_extension is None:
            return self.extension_reason

        return extension_sentence(
            applications=self.applications_at_extension, positions=self.number_of_positions
        )

    @property
    def is_open(self):
        """Accepting applications now: the announcement is published and the position's deadline is ahead."""
        now = timezone.now()
        announcement = self.announcement
        return (
            self.closing_state != ClosingState.CLOSED
            and announcement.status == AnnouncementStatus.PUBLISHED
            and announcement.opens_at <= now < self.deadline
        )

    @property
    def duty_lines(self):
        return [line.strip(" ,;") for line in (self.duties or "").splitlines() if line.strip(" ,;")]


class PositionPlace(models.Model):
    """K23's split of a position's seats by place (e.g. Leposaviq 1, Zubin Potok 1, Zveçan 1)."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="places"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    place = models.CharField(_("place"), max_length=255)
    count = models.PositiveSmallIntegerField(_("positions"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["position", "order", "id"]
        verbose_name = _("place of the positions")
        verbose_name_plural = _("split of the positions by place")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="place_at_least_one"),
        ]

    def __str__(self):
        return f"{self.place}: {self.count}"


class Requirement(models.Model):
    if TYPE_CHECKING:  # modeltranslation adds one field per language at run time (translation.py)
        text_sq: str

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=RequirementKind.choices)
    text = models.TextField(_("requirement"))
    min_years = models.PositiveSmallIntegerField(_("minimum years"), null=True, blank=True)
    is_advantage = models.BooleanField(
        _("an advantage, not a condition"),
        default=False,
        help_text=_("Desirable, or 'considered an advantage': not checked in the preliminary verification."),
    )

    class Meta:
        ordering = ["position", "order", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.text[:80]


class RequiredDocument(models.Model):
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("document"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["position", "order", "id"]
        verbose_name = _("document to attach")
        verbose_name_plural = _("documents to attach")

    def __str__(self):
        return self.name


class Amendment(models.Model):
    """A change to a published announcement: never silent, always shown on the public page."""

    if TYPE_CHECKING:  # modeltranslation adds one field per language at run time (translation.py)
        reason_sq: str

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="amendments"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    # [{"field": "closes_at", "label": "...", "old": "...", "new": "..."}, ...]
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["announcement", "created_at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self):
        return f"{self.announcement.reference} · {self.created_at:%Y-%m-%d %H:%M}"


# The rows the public pages (home, lists, an announcement) show: a save or deletion of any of them changes
# those pages (apps.py bumps the public cache on it, recruitment/lib/public_cache.py). Their texts are the
# translated ones (translation.py).
PUBLIC_CONTENT = (
    Institution,
    Announcement,
    Position,
    PositionPlace,
    Requirement,
    RequiredDocument,
    Amendment,
    JobGroup,
)
