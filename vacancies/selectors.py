"""Read-side queries of the public pages. Each list is fetched in a fixed number of queries,
whatever the number of rows (select_related for the chain up, prefetch for the lists down)."""

import array
import datetime as dt
import heapq
import itertools
from collections.abc import Callable

from django.db import connection
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
    return _with_related(
        positions_matching(
            open_now=open_now, q=q, category=category, institution=institution, place=place, now=now
        )
    )


def positions_matching(
    *,
    open_now: bool = True,
    q: str = "",
    category: str = "",
    institution: str = "",
    place: str = "",
    now: dt.datetime | None = None,
) -> QuerySet:
    """positions_search without the related rows: what SearchPages sorts and counts."""
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
    return qs


# What a vacancy card shows (templates/vacancies/_position_card.html and the anonymous Apply control), as
# one digest per position computed by PostgreSQL: the key of the card in vacancies/views.py's store (a card
# is rendered, from the full rows, only when its key is new). Every language's text is in it (the reader's
# and its fallback are among them), the places in their order, the deadline and state, and whether it is
# open now (Position.is_open). The session's time zone is UTC (Django's connection): a time's text is fixed.
_CARD_DIGEST = """
SELECT p.id, md5(ROW(
    p.announcement_id, p.code, p.title_sq, p.title_sr_latn, p.title_en, p.category,
    p.place_sq, p.place_sr_latn, p.place_en, p.number_of_positions,
    p.job_group_id, g.code, g.name_sq, g.name_sr_latn, g.name_en,
    p.closing_state, p.closed_at, p.extended_until, a.closes_at,
    i.name_sq, i.name_sr_latn, i.name_en, i.time_zone,
    (SELECT string_agg(concat_ws('|', pp.place_sq, pp.place_sr_latn, pp.place_en, pp.count), '||'
                       ORDER BY pp."order", pp.id)
       FROM vacancies_positionplace pp WHERE pp.position_id = p.id),
    p.closing_state <> %s AND a.status = %s AND a.opens_at <= %s
        AND %s < COALESCE(p.extended_until, a.closes_at)
)::text)
FROM vacancies_position p
-- Each position's announcement by its primary key (OFFSET 0 keeps the lateral lookup: joined, the planner
-- preferred to hash every announcement for the page's 20 positions).
CROSS JOIN LATERAL (
    SELECT a.status, a.opens_at, a.closes_at, a.institution_id FROM vacancies_announcement a
    WHERE a.id = p.announcement_id OFFSET 0
) a
JOIN vacancies_institution i ON i.id = a.institution_id
LEFT JOIN vacancies_jobgroup g ON g.id = p.job_group_id
WHERE p.id = ANY(%s::bigint[])
"""


def card_digests(ids: list[int], *, now: dt.datetime) -> dict[int, str]:
    """{position id: the digest of what its card shows now} for the positions ``ids`` (one query)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_CARD_DIGEST, [ClosingState.CLOSED, AnnouncementStatus.PUBLISHED, now, now, list(ids)])
        return dict(cursor.fetchall())


class SearchPages:
    """A search's positions for a Paginator: a page is its positions' ids, sorted and limited in the database
    (the cards are read by id: vacancies/views.py). Sorting the full rows made PostgreSQL carry every open
    position's texts through the sort (14 ms at 5,000 open positions; the card's fields alone, 6 ms).

    The open list's ids come from two sorted streams merged here: the positions without an extension, in
    their announcement's deadline order (the announcements' (status, closes_at, id) index, then each one's
    positions: PostgreSQL stops after the page), and the extended ones in their own deadline's order (a
    partial index of the few). Sorting on the effective deadline, an expression over two tables, read every
    open position (2.7 ms at 5,000).

    ``keep``, when given (the lists without filters), is ``recruitment.lib.public_cache.remembered``: what is
    the same for every page of the list is kept per change of the content: the count, and the archive's
    order (its ids, a few bytes each). The archive cannot be read a page at a time from an index: its
    newest deadlines are those of positions closed before their announcement's deadline, which only a read
    of every open announcement's positions finds (3.4 ms at 5,000 archived and 5,000 open positions)."""

    ordered = True  # for Paginator: the order is the database's

    def __init__(self, matching: QuerySet, *, open_now: bool, now: dt.datetime, keep: Callable | None = None):
        self.matching = matching
        self.open_now = open_now
        self.now = now
        self._keep = keep
        self._count: int | None = None

    def _archive_ids(self) -> array.array | None:
        if self.open_now or self._keep is None:
            return None
        # An array of 8-byte ids: kept and read back as one block of bytes, not thousands of int objects.
        return self._keep("archive-ids", lambda: array.array("q", self.matching.values_list("pk", flat=True)))

    def count(self) -> int:
        if self._count is None:
            archive = self._archive_ids()
            if archive is not None:
                self._count = len(archive)
            elif self._keep is not None:
                self._count = self._keep(f"count:{self.open_now}", self.matching.count)
            else:
                self._count = self.matching.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _ids(self, start: int, stop: int) -> list[int]:
        archive = self._archive_ids()
        if archive is not None:
            return archive[start:stop].tolist()
        if not self.open_now:
            return list(self.matching.values_list("pk", flat=True)[start:stop])
        # The same order as positions_matching's: effective deadline, announcement, order, id.
        own = (
            self.matching.filter(extended_until__isnull=True, announcement__closes_at__gt=self.now)
            .order_by("announcement__closes_at", "announcement_id", "order", "id")
            .values_list("announcement__closes_at", "announcement_id", "order", "pk")[:stop]
        )
        extended = (
            self.matching.filter(extended_until__isnull=False)
            .order_by("extended_until", "announcement_id", "order", "id")
            .values_list("extended_until", "announcement_id", "order", "pk")[:stop]
        )
        merged = heapq.merge(list(own), list(extended))
        return [row[-1] for row in itertools.islice(merged, start, stop)]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop  # as Paginator and a view slice: [a:b]
        return self._ids(start, stop) if stop > start else []


def search_pages(
    *,
    open_now: bool = True,
    keep: Callable | None = None,
    now: dt.datetime | None = None,
    **filters: str,
) -> SearchPages:
    """positions_search's positions, a page at a time (SearchPages)."""
    now = now or timezone.now()
    matching = positions_matching(open_now=open_now, now=now, **filters)
    return SearchPages(matching, open_now=open_now, now=now, keep=keep)


def positions_by_ids(ids: list[int]) -> list[Position]:
    """The positions ``ids`` in that order, each with its announcement, institution, group and places."""
    rows = _with_related(Position.objects.filter(pk__in=ids).order_by()).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


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
