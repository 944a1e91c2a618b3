"""Admission committees (R-13 … R-16, F1): the approved pool of potential members, committees drawn
from it by the computer, their seats, replacements, conflict-of-interest declarations and observers.

The rules (who may sit where, the draw, the chair, validity) are pure functions in rules.py; every
change goes through services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vacancies.models import Institution, Position

from . import rules


class Field(models.Model):
    """A field of specialisation, shared by members (what they know) and committees (what the
    position needs): R-13.2.1 "specialised in the relevant field"."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field of specialisation")
        verbose_name_plural = _("fields of specialisation")

    def __str__(self):
        return self.name


class MemberPool(models.Model):
    """The list of potential committee members approved by KQZ, valid two years, renewable (R-13.5)."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="committee_pools"
    )
    decision_reference = models.CharField(_("approving decision"), max_length=200)
    approved_on = models.DateField(_("approved (or last renewed) on"))
    valid_until = models.DateField(_("valid until"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["institution", "-approved_on", "-id"]
        verbose_name = _("list of potential committee members")
        verbose_name_plural = _("lists of potential committee members")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("approved_on")), name="pool_valid_after_approval"
            ),
        ]
        indexes = [models.Index(fields=["valid_until"])]  # the daily expiry warning's query

    def __str__(self):
        return f"{self.institution} · {self.decision_reference}"

    def is_valid_on(self, day) -> bool:
        return rules.pool_is_valid_on(self.approved_on, self.valid_until, day)


class MemberCategory(models.TextChoices):
    PROFESSIONAL = rules.PROFESSIONAL, _("Professional")
    LOWER_MANAGEMENT = rules.LOWER_MANAGEMENT, _("Lower management")
    MIDDLE_MANAGEMENT = rules.MIDDLE_MANAGEMENT, _("Middle management")
    HIGHER_MANAGEMENT = rules.HIGHER_MANAGEMENT, _("Higher management")


class PoolMember(models.Model):
    """A person on the approved list. ``name`` is what a public committee list shows; everything else
    stays inside the portal (a draw publishes only what eligibility needs, under the member's id)."""

    pool = models.ForeignKey(
        MemberPool, verbose_name=_("pool"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="pool_memberships",
    )
    name = models.CharField(_("name"), max_length=200)
    # a member proposed by another institution when KQZ has too few.
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    is_civil_servant = models.BooleanField(_("civil servant"), default=True)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=MemberCategory.choices,
        blank=True,
        help_text=_("Civil servants only."),
    )
    unit = models.CharField(_("organisational unit"), max_length=255, blank=True)
    in_hr_unit = models.BooleanField(_("belongs to the HR unit (NJMBNJ)"), default=False)
    is_professor = models.BooleanField(_("professor"), default=False)
    is_trained = models.BooleanField(_("trained for committee work (R-13.8)"), default=False)
    fields = models.ManyToManyField(
        Field, blank=True, related_name="members", verbose_name=_("fields of specialisation")
    )
    active = models.BooleanField(
        _("on the list"),
        default=True,
        help_text=_("Untick to take the member off the list while keeping their history."),
    )

    class Meta:
        ordering = ["pool", "name", "id"]
        verbose_name = _("potential committee member")
        verbose_name_plural = _("potential committee members")
        constraints = [
            models.UniqueConstraint(fields=["pool", "user"], name="pool_member_once"),
            models.CheckConstraint(
                condition=Q(is_civil_servant=True) | Q(category=""),
                name="pool_member_category_only_for_civil_servants",
            ),
        ]

    def __str__(self):
        return self.name


class Unavailability(models.Model):
    """A period a member cannot sit (R-13.6): such a member is not drawn for an evaluation in it."""

    member = models.ForeignKey(
        PoolMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="unavailabilities"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason (not published)"), max_length=255, blank=True)

    class Meta:
        ordering = ["member", "starts_on"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="unavailability_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.starts_on} – {self.ends_on}"


class CommitteeStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    DRAWING = "drawing", _("Draw announced")
    DRAWN = "drawn", _("Drawn")
    APPOINTED = "appointed", _("Appointed")


# The committee's workflow: the only moves a service may make (services.py).
COMMITTEE_TRANSITIONS = {
    CommitteeStatus.DRAFT: {CommitteeStatus.DRAWING},
    CommitteeStatus.DRAWING: {CommitteeStatus.DRAWN, CommitteeStatus.DRAFT},  # back to draft: draw cancelled
    CommitteeStatus.DRAWN: {CommitteeStatus.APPOINTED},
    CommitteeStatus.APPOINTED: set(),
}


class Committee(models.Model):
    """The admission committee of one position, drawn ad hoc (R-13.4)."""

    position = models.OneToOneField(
        Position, on_delete=models.PROTECT, related_name="committee", verbose_name=_("position")
    )
    pool = models.ForeignKey(
        MemberPool,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("list of potential members"),
    )
    composition = models.CharField(
        _("composition"), max_length=10, choices=list(rules.COMPOSITION_LABELS.items())
    )
    fields = models.ManyToManyField(
        Field, blank=True, related_name="committees", verbose_name=_("fields of the position")
    )
    responsible_unit = models.CharField(_("unit responsible for the position"), max_length=255, blank=True)
    evaluation_from = models.DateField(_("evaluation from"), null=True, blank=True)
    evaluation_until = models.DateField(_("evaluation until"), null=True, blank=True)
    require_trained = models.BooleanField(_("draw trained members only (R-13.8)"), default=False)
    # The shortlisted candidates' names, one a line, that members declare conflicts against. Entered by
    # HR until the shortlist (issue 4) is linked here.
    candidate_names = models.TextField(_("shortlisted candidates (one name a line)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitteeStatus.choices,
        default=CommitteeStatus.DRAFT,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("admission committee")
        verbose_name_plural = _("admission committees")
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation_from__isnull=True)
                | Q(evaluation_until__isnull=True)
                | Q(evaluation_until__gte=models.F("evaluation_from")),
                name="committee_evaluation_period_ordered",
            ),
        ]

    def __str__(self):
        return str(self.position)

    @property
    def institution_id(self):
        return self.position.announcement.institution_id


class DrawKind(models.TextChoices):
    INITIAL = "initial", _("Committee")
    REPLACEMENT = "replacement", _("Replacement (R-13.6)")


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", _("Announced, awaiting the draw")
    DRAWN = "drawn", _("Drawn")
    CANCELLED = "cancelled", _("Cancelled before the draw")


class ReplacementReason(models.TextChoices):
    # R-13.6 "mungesa ose pamundësia e pjesëmarrjes"; a declared conflict of interest makes a member unable.
    ABSENCE = "absence", _("Absence")
    INABILITY = "inability", _("Unable to take part")
    CONFLICT = "conflict", _("Conflict of interest declared")


class Draw(models.Model):
    """One draw by the computer, public from its announcement on (see rules.py for the algorithm)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="draws"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DrawKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.COMMITTED
    )
    composition = models.CharField(_("composition"), max_length=10)
    position_reference = models.CharField(_("position reference"), max_length=300)
    algorithm_version = models.CharField(_("algorithm version"), max_length=100)
    snapshot = models.JSONField(_("snapshot"))
    snapshot_hash = models.CharField(_("snapshot hash"), max_length=64)
    commitment = models.CharField(_("HR's commitment"), max_length=64)
    portal_commitment = models.CharField(_("portal commitment"), max_length=64)
    # Kept secret until the draw, then published (its hash is public from the start).
    portal_value = models.CharField(_("portal value"), max_length=64)
    secret = models.CharField(_("HR's revealed secret"), max_length=200, blank=True)
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    result = models.JSONField(_("result"), default=list)
    chair = models.CharField(_("chair"), max_length=20, blank=True)
    replaced_seat = models.ForeignKey(
        "Seat",
        verbose_name=_("replaced seat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement_draws",
    )
    replacement_reason = models.CharField(
        _("replacement reason"), max_length=10, choices=ReplacementReason.choices, blank=True
    )
    committed_at = models.DateTimeField(_("committed at"))
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("committed by"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("cancel reason"), blank=True)

    class Meta:
        ordering = ["-committed_at", "-id"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        constraints = [
            # A committee waits for one draw at a time.
            models.UniqueConstraint(
                fields=["committee"], condition=Q(status="committed"), name="one_pending_draw_per_committee"
            ),
        ]

    def __str__(self):
        return f"{self.position_reference} · {self.get_kind_display()} #{self.pk}"


class SeatStatus(models.TextChoices):
    ACTIVE = "active", _("Sitting")
    REPLACED = "replaced", _("Replaced")


class Seat(models.Model):
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="seats"
    )
    seat_key = models.CharField(_("seat"), max_length=20)
    slot = models.PositiveSmallIntegerField(_("place"))
    member = models.ForeignKey(
        PoolMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="seats"
    )
    draw = models.ForeignKey(Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="seats")
    status = models.CharField(
        _("status"), max_length=10, choices=SeatStatus.choices, default=SeatStatus.ACTIVE
    )
    appointed_at = models.DateTimeField(_("appointed at"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # fixed at appointment, so a later change of the setting rewrites no history.
    fee_eur = models.DecimalField(_("fee (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replacement_reason = models.CharField(
        _("replacement reason"), max_length=10, choices=ReplacementReason.choices, blank=True
    )

    class Meta:
        ordering = ["committee", "id"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "seat_key", "slot"],
                condition=Q(status="active"),
                name="one_member_per_active_seat",
            ),
            # A member fills one seat at most (R-13.2 counts five distinct persons).
            models.UniqueConstraint(
                fields=["committee", "member"],
                condition=Q(status="active"),
                name="member_sits_once_per_committee",
            ),
        ]
        indexes = [
            models.Index(fields=["appointed_at"], name="seat_fee_report", condition=Q(fee_eur__isnull=False))
        ]

    def __str__(self):
        return f"{self.seat_key}/{self.slot}: {self.member}"

    @property
    def is_chair(self) -> bool:
        return (self.seat_key, self.slot) == rules.chair_position(self.committee.composition)

    @property
    def label(self):
        return rules.SEAT_LABELS.get(self.seat_key, self.seat_key)


class ConflictDeclaration(models.Model):
    """A member's declaration, per list of shortlisted candidates, that no conflict of interest exists,
    or that one does. Against the committee (hence the position) with the names as a snapshot, until
    the shortlist of issue 4 is linked."""

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.CASCADE, related_name="declarations"
    )
    candidate_names = models.TextField(_("candidates declared against"))
    candidate_list_digest = models.CharField(_("candidate list digest"), max_length=64)
    has_conflict = models.BooleanField(_("conflict of interest"))
    details = models.TextField(_("details (seen by HR only)"), blank=True)
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["seat", "candidate_list_digest"], name="one_declaration_per_list"
            ),
        ]

    def __str__(self):
        return f"{self.seat.member} · {self.declared_at:%Y-%m-%d}"


class ObserverKind(models.TextChoices):
    TRADE_UNION = "trade_union", _("Trade union")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Observer(models.Model):
    """A trade-union or civil-society representative (R-16.1) with observer status, bound to protect
    personal data (R-16.2): nothing is shown before that duty is accepted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="observer"
    )
    organisation = models.CharField(_("organisation"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ObserverKind.choices)
    data_protection_accepted_at = models.DateTimeField(
        _("data-protection duty accepted at"), null=True, blank=True
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("observer")
        verbose_name_plural = _("observers")

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class ObserverSitting(models.TextChoices):
    """Which sitting of the evaluation an observer gives notice for (R-16.3: the notice precedes what is
    observed)."""

    WRITTEN_TEST = "written_test", _("The written test")
    INTERVIEWS = "interviews", _("The interviews")
    DOCUMENTS = "documents", _("The evaluation of documents")
    WHOLE = "whole", _("Every sitting of the evaluation")


class ObserverNotice(models.Model):
    """R-16.3: the prior notice, to HR and the committee's chair, that the observer will attend; R-16.1 gives
    the right to representatives of trade unions and civil society, so HR accepts the notice (or refuses it,
    with a reason) before the observer sees anything of the evaluation."""

    observer = models.ForeignKey(
        Observer, verbose_name=_("observer"), on_delete=models.CASCADE, related_name="notices"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="observer_notices"
    )
    note = models.TextField(_("which steps you will attend"), blank=True)
    given_at = models.DateTimeField(_("given at"))
    sitting = models.CharField(
        _("sitting to observe"), max_length=20, choices=ObserverSitting.choices, default=ObserverSitting.WHOLE
    )
    # The day of the sitting the observer will attend: the notice must come before it.
    attends_on = models.DateField(_("day of the sitting"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by HR at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("refused by HR at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("observer's notice")
        verbose_name_plural = _("observers' notices")
        constraints = [
            models.UniqueConstraint(fields=["observer", "committee"], name="one_notice_per_evaluation"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(refused_at__isnull=True),
                name="observer_notice_accepted_or_refused",
            ),
        ]

    def __str__(self):
        return f"{self.observer} → {self.committee}"

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None and self.refused_at is None

    @property
    def state(self) -> str:
        return "accepted" if self.accepted else ("refused" if self.refused_at else "waiting")
