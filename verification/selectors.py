"""Read-side queries of the preliminary verification. ``eligible_applications`` is the contract the
next phase (scoring) reads: who was admitted to the professional evaluation (R-17.1.2, R-18.3)."""

import datetime as dt
import hashlib
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from recruitment.lib.json_pages import CountedRows
from recruitment.permissions import hr_institution_ids
from vacancies.models import ClosingState, Position

from . import rules
from .models import Check, Decision, Review, Shortlist, ShortlistEntry


def eligible_applications(position) -> QuerySet:
    """The applications of ``position`` admitted to the next phase: eligible on its published shortlist
    (R-18.3, R-18.4) and not excluded since (R-9.3). Empty until the shortlist is published (HR's
    decisions are internal until then). In the shortlist's order (Albanian alphabetical, R-18.4)."""
    position_id = getattr(position, "pk", position)
    return (
        Application.objects.filter(
            position_id=position_id,
            status=ApplicationStatus.SUBMITTED,
            review__decision=Decision.ELIGIBLE,
            review__shortlist_rank__isnull=False,
            position__shortlist__isnull=False,
        )
        .select_related("review", "last_submission", "applicant")
        .order_by("review__shortlist_rank", "pk")
    )


def is_published(position) -> bool:
    return Shortlist.objects.filter(position_id=getattr(position, "pk", position)).exists()


def _count_of(qs: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of ``qs`` (filtered on OuterRef("pk")), 0 when empty."""
    counted = qs.order_by().values("position_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def positions_to_verify(*, user) -> QuerySet:
    """Closed positions (R-12.3) of the institutions whose HR unit the user is, with the counts the admin
    lists (one query). Each count is its own correlated subquery, served by the index on position: joining
    applications and reviews both and counting DISTINCT multiplied the rows (applications × reviews: 130 s at
    5,000 applications, issue 13)."""
    qs = Position.objects.filter(closing_state=ClosingState.CLOSED)
    if not user.is_superuser:
        qs = qs.filter(announcement__institution__in=hr_institution_ids(user))
    # The shortlist's names (10,000 at most a position) are not read for a list that shows only its date.
    return (
        qs.select_related("announcement__institution", "shortlist")
        .defer("shortlist__entries")
        .annotate(
            submitted_count=_count_of(
                Application.objects.filter(position_id=OuterRef("pk"), status=ApplicationStatus.SUBMITTED)
            ),
            review_count=_count_of(Review.objects.filter(position_id=OuterRef("pk"))),
            undecided_count=_count_of(
                Review.objects.filter(position_id=OuterRef("pk"), decision=Decision.UNDECIDED)
            ),
        )
    )


def position_days_left(position: Position, now: dt.datetime | None = None) -> int | None:
    """R-18.5: days left of the 15, in the institution's time zone; None before the final closing, and for a
    historical procedure the 15 days do not bind (rules.shortlist_deadline_applies)."""
    if position.closed_at is None or not rules.shortlist_deadline_applies(position.announcement.rule_set):
        return None
    return rules.days_left(
        position.closed_at, now or timezone.now(), position.announcement.institution.tzinfo
    )


def decisions_state(rows) -> str:
    """A fingerprint of the decisions a publication would publish: (review id, decision, decided at) of every
    review. The confirmation page carries it; the publication refuses when the decisions changed since."""
    parts = sorted(
        f"{pk}:{decision}:{decided_at.isoformat() if decided_at else ''}" for pk, decision, decided_at in rows
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def publication_facts(position) -> dict:
    """What publishing the shortlist of ``position`` will do, for its confirmation page (R-18.4 … R-18.6): how
    many candidates the list names, how many reasoned rejections are sent, how many were excluded (told
    already), and what still stands in the way (undecided or not reviewed). A few counting queries."""
    rows = list(Review.objects.filter(position=position).values_list("pk", "decision", "decided_at"))
    counts = {d: 0 for d in Decision.values}
    for _pk, decision, _at in rows:
        counts[decision] += 1
    submitted = Application.objects.filter(position=position, status=ApplicationStatus.SUBMITTED).count()
    return {
        "eligible": counts[Decision.ELIGIBLE],
        "not_eligible": counts[Decision.NOT_ELIGIBLE],
        "excluded": counts[Decision.EXCLUDED],
        "undecided": counts[Decision.UNDECIDED],
        "not_reviewed": max(submitted - len(rows), 0),
        "state": decisions_state(rows),
    }


def reviews_of(position) -> QuerySet:
    return (
        Review.objects.filter(position=position)
        .select_related("application__applicant", "submission")
        .prefetch_related(Prefetch("checks", queryset=Check.objects.order_by("order", "id")))
    )


def published_shortlist(position_id: int) -> tuple[Shortlist, list[dict]]:
    """The public shortlist of a position and its current entries (the published ones, less any candidate
    excluded since for a false declaration, R-9.3); 404 when not published."""
    shortlist = (
        Shortlist.objects.select_related("position__announcement__institution")
        .filter(position_id=position_id)
        .first()
    )
    if shortlist is None:
        raise Http404
    still = set(
        Review.objects.filter(position_id=position_id, decision=Decision.ELIGIBLE).values_list(
            "pk", flat=True
        )
    )
    return shortlist, [e for e in shortlist.entries if e["review"] in still]


def published_shortlist_page(position_id: int, page_number, *, per_page: int = 100) -> tuple[Shortlist, Page]:
    """One page of the public shortlist (the published order, less any candidate excluded since, R-9.3) in a
    fixed number of queries and rows read whatever the length of the list; 404 when not published. The count
    is the Shortlist's own (``listed_count``) less the excluded; the page's names are its rows of
    ShortlistEntry from the first rank the page starts at (issue 13: the array is not read)."""
    shortlist = (
        Shortlist.objects.select_related("position__announcement__institution")
        .defer("entries")
        .filter(position_id=position_id)
        .first()
    )
    if shortlist is None:
        raise Http404
    # The places of those on the published list since excluded: a handful at most, from an index of
    # their own (review_ranked_not_eligible).
    excluded: list[int] = sorted(
        cast(int, rank)
        for rank in Review.objects.filter(position_id=position_id, shortlist_rank__isnull=False)
        .exclude(decision=Decision.ELIGIBLE)
        .values_list("shortlist_rank", flat=True)
    )

    def read(start: int, stop: int) -> list[dict]:
        # The published rank of the page's first name: start + 1, moved past each excluded rank before it.
        first = start + 1
        for rank in excluded:
            if rank > first:
                break
            first += 1
        rows = ShortlistEntry.objects.filter(shortlist_id=shortlist.pk, rank__gte=first)
        if excluded:
            rows = rows.exclude(rank__in=excluded)
        return list(rows.order_by("rank").values_list("data", flat=True)[: stop - start])

    entries = CountedRows(shortlist.listed_count - len(excluded), read)
    page = Paginator(cast(Any, entries), per_page).get_page(page_number)
    return shortlist, page


def outcomes_for(applications) -> dict[int, str]:
    """What the applicant may see of the verification of each application: the decision once the
    shortlist is published, an exclusion (R-9.3) as soon as it was told; nothing else (HR's draft
    decisions stay internal). application id -> Decision value."""
    ids = [a.pk for a in applications]
    if not ids:
        return {}
    rows = Review.objects.filter(application_id__in=ids).values_list(
        "application_id", "decision", "position__shortlist__id"
    )
    out = {}
    for application_id, decision, shortlist_id in rows:
        if decision == Decision.EXCLUDED or (shortlist_id is not None and decision != Decision.UNDECIDED):
            out[application_id] = decision
    return out


def outcome_told():
    """outcomes_for in SQL, over ``OuterRef("pk")`` of an application: the decision the applicant may see, or
    None (one review per application: its unique application)."""
    return Subquery(
        Review.objects.filter(application_id=OuterRef("pk"))
        .filter(
            Q(decision=Decision.EXCLUDED)
            | (Q(position__shortlist__isnull=False) & ~Q(decision=Decision.UNDECIDED))
        )
        .values("decision")[:1]
    )


def attach_outcomes(applications) -> list:
    """The applications as a list, each with ``verification_outcome`` (see outcomes_for), in two queries."""
    applications = list(applications)
    outcomes = outcomes_for(applications)
    for app in applications:
        app.verification_outcome = outcomes.get(app.pk, "")
    return applications


def told_decision(application) -> Review | None:
    """The reasoned decision the applicant was told (R-18.6: not admitted, once the shortlist is published;
    R-9.3: excluded, once recorded), with its checks, for their own application page; None before or
    otherwise."""
    if outcomes_for([application]).get(application.pk) not in (Decision.NOT_ELIGIBLE, Decision.EXCLUDED):
        return None
    return (
        Review.objects.select_related("position__announcement__institution", "submission", "application")
        .prefetch_related("checks")
        .filter(application_id=application.pk)
        .first()
    )
