"""Read-side queries of the public pages. Each list is fetched in a fixed number of queries,
whatever the number of rows (select_related for the chain up, prefetch for the lists down)."""

import datetime as dt

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as translation_language

from recruitment.permissions import is_hr_of

from .models import Announcement, AnnouncementStatus, ClosingState, Institution, Position, PositionPlace

_TEXT_LANGS = ("sq", "sr_latn", "en")


def _text_search(q: str) -> Combinable:
    cond = (
        Q(code__icontains=q)
        | Q(announcement__reference__icontains=q)
        | Q(announcement__institution__short_name__icontains=q)
    )
    for lang in _TEXT_LANGS:
        cond |= Q(**{f"title_{lang}__icontains": q})
        cond |= Q(**{f"announcement__institution__name_{lang}__icontains": q})
        cond |= Q(**{f"place_{lang}__icontains": q})
    place_match = Q()
    for lang in _TEXT_LANGS:
        place_match |= Q(**{f"place_{lang}__icontains": q})
    return cond | Exists(PositionPlace.objects.filter(place_match, position=OuterRef("pk")))


def _place_filter(place: str) -> Combinable:
    exact = Q()
    for lang in _TEXT_LANGS:
        exact |= Q(**{f"place_{lang}__iexact": place})
    return exact | Exists(PositionPlace.objects.filter(exact, position=OuterRef("pk")))


def with_deadline(qs: QuerySet) -> QuerySet:
    """Annotate each position's effective deadline: its extension (R-12.2), else the announcement's."""
    return qs.alias(effective_deadline=Coalesce("extended_until", "announcement__closes_at"))


def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("announcement__institution", "job_group").prefetch_related("places")


def _open_or_archived(*, open_now: bool, now) -> QuerySet:
    """The base set of the open list, or of the archive (closed positions only: an open one is never in it).
    An extended position stays in the open list until its extended deadline, and only then goes to the
    archive."""
    qs = with_deadline(Position.objects)
    if open_now:
        return qs.filter(
            announcement__status=AnnouncementStatus.PUBLISHED,
            announcement__opens_at__lte=now,
            effective_deadline__gt=now,
        ).exclude(closing_state=ClosingState.CLOSED)
    return qs.filter(
        Q(announcement__status=AnnouncementStatus.CLOSED)
        | Q(closing_state=ClosingState.CLOSED)
        | Q(announcement__status=AnnouncementStatus.PUBLISHED, effective_deadline__lte=now)
    )


def positions_search(
    *,
    open_now: bool = True,
    q: str = "",
    category: str = "",
    institution: str = "",
    place: str = "",
    now: dt.datetime | None = None,
) -> QuerySet:
    """Open vacancies (or, with open_now=False, the archive of closed ones) matching the filters. Ordered in
    the database, so a page reads only its own rows (LIMIT/OFFSET), whatever the number of positions."""
    now = now or timezone.now()
    qs = _open_or_archived(open_now=open_now, now=now)
    if open_now:
        qs = qs.order_by("effective_deadline", "announcement_id", "order", "id")
    else:
        qs = qs.order_by("-effective_deadline", "announcement_id", "order", "id")
    q = (q or "").strip()
    if q:
        qs = qs.filter(_text_search(q))
    if category:
        qs = qs.filter(category=category)
    if institution:
        qs = qs.filter(announcement__institution__short_name=institution)
    if place:
        qs = qs.filter(_place_filter(place))
    return _with_related(qs)


def open_count(*, now: dt.datetime | None = None) -> int:
    """How many positions are open now (one COUNT in the database, nothing sorted)."""
    return _open_or_archived(open_now=True, now=now or timezone.now()).count()


def _translated_place():
    """The place in the reader's language, else in Albanian (the fallback of modeltranslation), as one SQL
    expression: the distinct values are then computed by the database, not read row by row."""
    lang = translation_language()
    own = NullIf(build_localized_fieldname("place", lang), Value(""), output_field=CharField())
    fallback = NullIf(build_localized_fieldname("place", "sq"), Value(""), output_field=CharField())
    return own if lang == "sq" else Coalesce(own, fallback, output_field=CharField())


def filter_choices(*, open_now: bool = True) -> dict:
    """The institutions and places offered in the filters: three queries whose results are the distinct
    choices (a few dozen rows), not the positions; the base set is the page's own (the archive's holds no open
    one)."""
    base = _open_or_archived(open_now=open_now, now=timezone.now())
    institutions = Institution.objects.filter(
        Exists(base.filter(announcement__institution=OuterRef("pk")))
    ).order_by("short_name")
    places = set(
        base.annotate(choice=_translated_place())
        .filter(choice__isnull=False)
        .order_by()
        .values_list("choice", flat=True)
        .distinct()
    )
    places |= set(
        PositionPlace.objects.filter(position__in=base.values("pk"))
        .annotate(choice=_translated_place())
        .filter(choice__isnull=False)
        .order_by()
        .values_list("choice", flat=True)
        .distinct()
    )
    return {"institutions": list(institutions), "places": sorted(places, key=str.casefold)}


def announcement_for_reader(*, user, pk: int) -> Announcement:
    """A published or closed announcement for anyone; a draft only for HR of its institution (a preview).

    Everyone else gets 404, so a draft's existence does not leak.
    """
    positions = (
        Position.objects.select_related("job_group")
        .prefetch_related("places", "requirements", "documents")
        .order_by("order", "id")
    )
    try:
        announcement = (
            Announcement.objects.select_related("institution")
            .prefetch_related(Prefetch("positions", queryset=positions), "amendments")
            .get(pk=pk)
        )
    except Announcement.DoesNotExist as exc:
        raise Http404 from exc
    if announcement.status == AnnouncementStatus.DRAFT and not is_hr_of(user, announcement.institution_id):
        raise Http404
    return announcement
