"""The winners list of a published result and what follows it (R-26): the posts to choose, the winners in rank
order, and the invitations to choose a post and consent in writing. Every change goes through
winners.services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import InvitationOutcome, ListState, PostState, ReasonableCause, WinnerState


def _optional_fk(to, verbose_name, related_name: str) -> models.ForeignKey:
    """A nullable, protected foreign key (the same columns the migrations made)."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class WinnersList(models.Model):
    """The list of winners of one published result (R-26.3), valid one year from its publication (R-26.7)."""

    result = models.OneToOneField(
        "scoring.EvaluationResult",
        verbose_name=_("results"),
        on_delete=models.PROTECT,
        related_name="winners_list",
    )
    position = models.ForeignKey(
        "vacancies.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="winners_lists",
    )
    # lists of the same group are re-ranked together; copied from the position when the list is made.
    job_group = _optional_fk("vacancies.JobGroup", _("group of positions"), "winners_lists")
    published_on = models.DateField(_("published on"))
    valid_until = models.DateField(_("valid until (R-26.7)"))
    state = models.CharField(_("state"), max_length=10, choices=ListState.choices, default=ListState.OPEN)
    created_at = models.DateTimeField(_("created at"))
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)
    # how many corrections of the published result (EvaluationResult.corrections) the list has
    # followed; a correction beyond it is still to be applied (winners.services.winners_list_follow_result).
    corrections_applied = models.PositiveIntegerField(_("corrections of the results followed"), default=0)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("winners list")
        verbose_name_plural = _("winners lists")
        indexes = [models.Index(fields=["state", "valid_until"], name="winners_list_open_idx")]

    def __str__(self):
        return f"{self.position} ({self.published_on:%d.%m.%Y})"


class Post(models.Model):
    """A vacant post a winner may choose (R-26.1): one per seat of the competition, and any other post of the
    same group that falls vacant within the list's year, added by HR."""

    position = models.ForeignKey(
        "vacancies.Position", verbose_name=_("competition"), on_delete=models.PROTECT, related_name="posts"
    )
    job_group = _optional_fk("vacancies.JobGroup", _("group of positions"), "posts")
    title = models.CharField(_("title"), max_length=500)
    unit = models.CharField(_("unit"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PostState.choices, default=PostState.VACANT)
    available_from = models.DateField(_("vacant from"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        parts = [self.title, self.unit, self.place]
        return " · ".join(part for part in parts if part)


class Winner(models.Model):
    """One winner of a list, in rank order (R-26.1); the rank is re-numbered across the open lists of a group
    when a later competition of the group publishes its list (R-26.7)."""

    winners_list = models.ForeignKey(
        WinnersList, verbose_name=_("winners list"), on_delete=models.PROTECT, related_name="winners"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="winners",
    )
    rank = models.PositiveIntegerField(_("rank"))
    # The rank and the exact total ("211/3") in the published result, kept for the re-ranking.
    result_rank = models.PositiveIntegerField(_("rank in the results"))
    total = models.CharField(_("final score"), max_length=40)
    state = models.CharField(
        _("state"), max_length=12, choices=WinnerState.choices, default=WinnerState.WAITING
    )
    post = _optional_fk(Post, _("chosen post"), "winners")
    postponed_until = models.DateField(_("postponed until"), null=True, blank=True)
    state_reason = models.TextField(_("reason of the last change"), blank=True)
    state_article = models.CharField(_("article"), max_length=30, blank=True)
    changed_at = models.DateTimeField(_("last changed at"))
    # a correction of the results no longer names this winner (an exclusion for a false declaration).
    # An appointed winner keeps the appointment (an act of the institution, not the list's): HR records what
    # the institution decided about it (``exclusion_decision``), and until then it is due (Due this week).
    excluded_at = models.DateTimeField(
        _("excluded by a correction of the results at (R-9.3)"), null=True, blank=True
    )
    exclusion_decided_at = models.DateTimeField(
        _("the institution's decision on the appointment recorded at"), null=True, blank=True
    )
    exclusion_decision = models.TextField(_("the institution's decision on the appointment"), blank=True)

    # Not columns: what selectors.winners_of sets on each winner it returns for the pages (and views.hr_remove
    # on the one it shows); absent on a winner read otherwise.
    name: str
    open_invitation: "Invitation | None"
    all_invitations: "list[Invitation]"
    removable: bool

    class Meta:
        ordering = ["winners_list", "rank", "id"]
        verbose_name = _("winner")
        verbose_name_plural = _("winners")
        constraints = [
            models.UniqueConstraint(fields=["winners_list", "application"], name="winner_once_per_list"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.application_id}"


class Invitation(models.Model):
    """HR's invitation to choose a post (R-26.3), its answer by ``respond_by`` and how it ended."""

    winner = models.ForeignKey(
        Winner, verbose_name=_("winner"), on_delete=models.PROTECT, related_name="invitations"
    )
    invited_at = models.DateTimeField(_("invited at"))
    invited_by = _optional_fk(settings.AUTH_USER_MODEL, _("invited by"), "+")
    # "The deadline set by HR for the candidates to appear": the invitation lapses at this time.
    respond_by = models.DateTimeField(_("answer by"))
    post = _optional_fk(Post, _("post chosen"), "invitations")
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=InvitationOutcome.choices, default=InvitationOutcome.OPEN
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # "Pëlqimi ... jepet me shkrim": the statement the winner confirmed in the portal, or the paper
    # one.
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_text = models.TextField(_("text of the consent"), blank=True)
    consent_on_paper = models.BooleanField(_("consent received on paper"), default=False)
    consent_scan_path = models.CharField(_("scan of the consent (private)"), max_length=255, blank=True)
    consent_scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True)
    cause = models.CharField(
        _("reasonable cause"), max_length=16, choices=ReasonableCause.choices, blank=True
    )
    cause_note = models.TextField(_("details of the cause"), blank=True)
    postponed_until = models.DateField(_("postponed until"), null=True, blank=True)
    recorded_by = _optional_fk(settings.AUTH_USER_MODEL, _("answer recorded by"), "+")

    class Meta:
        ordering = ["-invited_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per winner at a time.
            models.UniqueConstraint(
                fields=["winner"], condition=models.Q(outcome="open"), name="one_open_invitation_per_winner"
            ),
        ]
        indexes = [models.Index(fields=["outcome", "respond_by"], name="winners_invitation_due_idx")]

    def __str__(self):
        return f"{self.winner} · {self.invited_at:%d.%m.%Y}"
