"""HR's preliminary verification of the candidates (R-17.1.1, R-18) up to the published shortlist.

One ``Review`` per submitted application of a closed position, with one ``Check`` per criterion of the
announcement (each general requirement, each specific requirement of the position, each required
document: R-18.1); HR's ``decision`` stays internal until the ``Shortlist`` is published (R-18.4,
R-18.5), when the eligible are listed in Albanian alphabetical order and every rejected candidate gets
an individual reasoned decision (R-18.6). A false declaration found at any stage, even after the
publication, excludes the candidate (R-9.3): a ``FalseDeclaration`` row keeps the evidence.
"""

import uuid

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationSubmission
from recruitment.lib.languages import pick_language
from vacancies.models import Position, RequiredDocument, Requirement

# Choices and transition tables live in choices.py (rules.py imports them without the models);
# they stay importable from here.
from .choices import (  # noqa: F401
    CheckResult,
    CriterionKind,
    Decision,
    Reason,
)


class VerificationPosition(Position):
    """The admin's list of positions to verify (a proxy: the position itself belongs to vacancies)."""

    class Meta:
        proxy = True
        verbose_name = _("position to verify")
        verbose_name_plural = _("positions to verify (R-18)")


class Review(models.Model):
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="review"
    )
    # The position and the submission reviewed, kept on the row: every list is per position, and the
    # decision is about what was submitted then (the frozen copy), not about a later edit of the profile.
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="reviews"
    )
    submission = models.ForeignKey(
        ApplicationSubmission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the frozen profile for the admin's search and the Albanian order.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    reference = models.CharField(_("reference number"), max_length=60)
    decision = models.CharField(
        _("decision"), max_length=15, choices=Decision.choices, default=Decision.UNDECIDED
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # list of Reason values
    explanation = models.TextField(_("explanation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    # Set at publication: the place on the shortlist (Albanian order), or None for those not on it.
    shortlist_rank = models.PositiveIntegerField(_("place on the shortlist"), null=True, blank=True)
    # Names the stored reasoned decision in the private storage; never anything typed.
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["position", "last_name", "first_name", "id"]
        verbose_name = _("verification of an application")
        verbose_name_plural = _("verification of the applications (R-18)")
        indexes = [
            models.Index(fields=["position", "decision"], name="review_position_decision"),
            # The few on a published list no longer eligible, read by every page of the public list
            # (selectors.published_shortlist_page): an index of those alone, not a scan of the position's
            # reviews (issue 13).
            models.Index(
                fields=["position", "shortlist_rank"],
                condition=Q(shortlist_rank__isnull=False) & ~Q(decision=Decision.ELIGIBLE),
                name="review_ranked_not_eligible",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} · {self.reference}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def shortlist_entry(self) -> dict:
        """The review as an entry of the published shortlist (Shortlist.entries, R-18.4)."""
        return {
            "review": self.pk,
            "application": self.application_id,
            "reference": self.reference,
            "first_name": self.first_name,
            "last_name": self.last_name,
        }

    def reason_labels(self) -> list[str]:
        return [str(Reason(r).label) for r in self.reasons if r in Reason.values]


class ReviewCount(models.Model):
    """How many reviews a position has, written by services.reviews_open (the only writer of reviews; none is
    ever deleted) in the transaction that creates them: HR's list of the position's reviews reads it instead
    of counting them on every page (issue 13: 1.2 ms at 10,000 reviews, the list's only part that grew with
    them). The demo's seed, which opens reviews in bulk, writes it too. A position whose reviews came another
    way (a test's factory) has none: the list counts them."""

    position = models.OneToOneField(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    reviews = models.PositiveIntegerField(_("reviews"))

    class Meta:
        verbose_name = _("number of reviews")
        verbose_name_plural = _("numbers of reviews")

    def __str__(self):
        return f"{self.position_id}: {self.reviews}"


class Check(models.Model):
    """One criterion of the announcement checked against one application's documents (R-18.1, R-18.2)."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="checks"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of criterion"), max_length=10, choices=CriterionKind.choices)
    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("required document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The criterion's text in every language as it stood when the review was opened.
    label = models.JSONField(_("criterion"), default=dict)
    result = models.CharField(
        _("result"), max_length=15, choices=CheckResult.choices, default=CheckResult.UNCHECKED
    )
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        ordering = ["review", "order", "id"]
        verbose_name = _("check of a criterion")
        verbose_name_plural = _("checks of the criteria (R-18.1)")
        constraints = [
            # Opening the reviews twice creates nothing twice.
            models.UniqueConstraint(
                fields=["review", "requirement"],
                name="one_check_per_requirement",
                condition=models.Q(requirement__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["review", "required_document"],
                name="one_check_per_document",
                condition=models.Q(required_document__isnull=False),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(requirement__isnull=False, required_document__isnull=True)
                    | models.Q(requirement__isnull=True, required_document__isnull=False)
                ),
                name="check_has_one_criterion",
            ),
        ]

    def __str__(self):
        return self.label_text

    @property
    def label_text(self) -> str:
        return pick_language(self.label, translation.get_language() or "sq")


class FalseDeclaration(models.Model):
    """R-9.3: a false declaration found at any stage excludes the candidate. Kept with its evidence."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.PROTECT, related_name="false_declarations"
    )
    found_at = models.DateTimeField(_("found at"))
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("found by")
    )
    evidence = models.TextField(_("evidence"), help_text=_("What shows the declaration false (internal)."))
    after_publication = models.BooleanField(_("found after the shortlist was published"), default=False)

    class Meta:
        ordering = ["review", "found_at", "id"]
        verbose_name = _("false declaration (R-9.3)")
        verbose_name_plural = _("false declarations (R-9.3)")

    def __str__(self):
        return f"{self.review} · {self.found_at:%Y-%m-%d}"


class Shortlist(models.Model):
    """The published shortlist of a position (R-18.4, R-18.5): once per position, never edited; a later
    exclusion (R-9.3) leaves ``entries`` as published and raises ``version`` (the public page and PDF
    then leave the excluded candidate out and say when the list changed)."""

    position = models.OneToOneField(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="shortlist"
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    # [{"review": id, "application": id, "reference": "...", "first_name": "...", "last_name": "..."}, ...]
    # in the published (Albanian alphabetical) order.
    entries = models.JSONField(_("candidates, as published"), default=list)
    # len(entries), kept by save() with the rows of ShortlistEntry: the public page counts without the array.
    listed_count = models.PositiveIntegerField(_("candidates listed"), default=0, editable=False)
    rejected_count = models.PositiveIntegerField(_("candidates not admitted"), default=0)
    # Raised by every later exclusion; names the stored PDF so a changed list gets a new file.
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    late = models.BooleanField(_("published after the 15 days of R-18.5"), default=False)

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")

    def __str__(self):
        return f"{self.position} · {self.published_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        """Saving ``entries`` writes them a row each too (ShortlistEntry) and their count, in the same
        transaction: the public page reads its page of rows by (shortlist, rank), where slicing the JSON made
        PostgreSQL detoast and expand the whole array at each request (12 ms at 10,000 names; issue 13)."""
        update_fields = kwargs.get("update_fields")
        writes = "entries" not in self.get_deferred_fields() and (
            update_fields is None or "entries" in update_fields
        )
        if writes:
            self.listed_count = len(self.entries)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "listed_count"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            if writes:
                ShortlistEntry.store(self)

    def pdf_path(self, language: str) -> str:
        """The stored PDF in the private storage (served by the public view: the list itself is public)."""
        return f"verification/shortlists/{self.position_id}-v{self.version}-{language.replace('_', '-')}.pdf"


class ShortlistEntry(models.Model):
    """One name of a published shortlist: ``Shortlist.entries[rank - 1]`` as published, a row each (issue 13),
    written by Shortlist.save and never edited (an exclusion, R-9.3, leaves it as published, as the JSON).
    Only the public page reads it; the JSON stays the record every other reader uses."""

    # Indexed by the unique (shortlist, rank) (its first column).
    shortlist = models.ForeignKey(
        Shortlist, on_delete=models.CASCADE, related_name="rows", db_index=False, verbose_name=_("shortlist")
    )
    rank = models.PositiveIntegerField(_("place on the shortlist"))
    data = models.JSONField(_("candidate, as published"))

    class Meta:
        verbose_name = _("name on a shortlist")
        verbose_name_plural = _("names on a shortlist")
        constraints = [models.UniqueConstraint(fields=["shortlist", "rank"], name="shortlist_entry_rank")]

    def __str__(self):
        return f"{self.shortlist_id} · {self.rank}"

    @staticmethod
    def store(shortlist: Shortlist) -> None:
        """(Re)write the rows of ``shortlist`` from its saved entries: on PostgreSQL one INSERT … SELECT from
        the stored array (no row built in Python), elsewhere in bulk."""
        ShortlistEntry.objects.filter(shortlist_id=shortlist.pk).delete()
        if connection.vendor != "postgresql":
            ShortlistEntry.objects.bulk_create(
                [
                    ShortlistEntry(shortlist_id=shortlist.pk, rank=i, data=entry)
                    for i, entry in enumerate(shortlist.entries, start=1)
                ],
                batch_size=1000,
            )
            return
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {qn(ShortlistEntry._meta.db_table)} (shortlist_id, rank, data) "
                f"SELECT s.id, e.i, e.value FROM {qn(Shortlist._meta.db_table)} s "
                "CROSS JOIN LATERAL jsonb_array_elements(s.entries) WITH ORDINALITY AS e(value, i) "
                "WHERE s.id = %s",
                [shortlist.pk],
            )
