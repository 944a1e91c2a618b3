import threading
from collections import OrderedDict

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from recruitment.lib.pdf import pdf_rate_limited
from recruitment.lib.pdf_files import reader_language, stored_pdf_response
from recruitment.lib.public_cache import part_seconds, public_page, remembered
from recruitment.lib.text import without_control_characters

from . import rules, selectors, tasks
from .models import Category
from .pdf import announcement_pdf_path, render_announcement_pdf

PAGE_SIZE = 20


def _list_context(request, *, open_now: bool) -> dict:
    params = {
        # Without control characters (a NUL made PostgreSQL answer 500), whatever reached the view.
        "q": without_control_characters(request.GET.get("q", ""), max_length=200),
        "category": without_control_characters(request.GET.get("category", ""), max_length=30),
        "institution": without_control_characters(request.GET.get("institution", ""), max_length=30),
        "place": without_control_characters(request.GET.get("place", ""), max_length=255),
    }
    if params["category"] not in Category.values:
        params["category"] = ""
    # Without filters, the count (the home page's too) and the archive's order are kept per change of the
    # content.
    keep = None if any(params.values()) or not part_seconds() else remembered
    positions = selectors.search_pages(open_now=open_now, keep=keep, **params)
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "cards": _cards(request, page.object_list),
        "params": params,
        "query": query.urlencode(),
        "categories": Category.choices,
        "now": timezone.now(),
        # Shared by every page and filter of the list: kept until the public content changes.
        **remembered(f"filter-choices:{open_now}", lambda: selectors.filter_choices(open_now=open_now)),
    }


@public_page
def home(request):
    # The six closing soonest (LIMIT 6 in the database, sorted on their ids and deadlines only) and one COUNT
    # kept per change of the content.
    positions = selectors.search_pages(open_now=True, keep=remembered if part_seconds() else None)
    latest = positions[:6]
    return render(
        request,
        "vacancies/home.html",
        {
            "latest": latest,
            "cards": _cards(request, latest),
            "open_count": positions.count(),
            "now": timezone.now(),
        },
    )


# --- The vacancy cards ----------------------------------------------------------------------------------
#
# A card is rendered once per position, language and content, and then kept in this process's memory: its
# key is a digest of everything the card shows (selectors.card_digests, computed by PostgreSQL), so a card is
# retired by any change of what it shows (an amendment of the deadline, an extension, a closing, a new title
# or place) and survives every other publication; nothing has to invalidate it. A page's cards are read with
# one get_many. The Apply control (applications' {% apply_control %}) depends on the reader: an anonymous
# reader's is kept with the card (it depends on the position being open, which is in the key); a signed-in
# reader gets the card's content and their own control.


class _Cards:
    """The rendered cards, the least recently read dropped first beyond ``size`` (a card is 1–2 kB): a dict,
    not a Django cache, whose key validation and pickling cost more per card than the rest of its reading."""

    def __init__(self, size: int):
        self.size = size
        self._cards: OrderedDict[str, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, tuple[str, str]]:
        found = {}
        with self._lock:
            for key in keys:
                card = self._cards.get(key)
                if card is not None:
                    self._cards.move_to_end(key)
                    found[key] = card
        return found

    def set(self, key: str, card: tuple[str, str]) -> None:
        with self._lock:
            self._cards[key] = card
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()

    def __len__(self) -> int:
        return len(self._cards)


_CARDS = _Cards(getattr(settings, "PUBLIC_CARD_CACHE_ENTRIES", 10000))
_ANONYMOUS_APPLY = engines["django"].from_string(
    "{% load apply_tags %}{% apply_control position compact=True %}"
)


def _cards(request, ids: list[int]) -> dict:
    """The cards of a page's positions ``ids``: ``html`` (every card, for an anonymous reader) or ``items``
    (each card's content and position, for a signed-in reader's own Apply controls)."""
    anonymous = not request.user.is_authenticated
    seconds = part_seconds()
    stored: dict = {}
    keys: list[str] = []
    if seconds:
        language = get_language()
        digests = selectors.card_digests(ids, now=timezone.now())
        keys = [f"{language}:{pk}:{digests.get(pk)}" for pk in ids]
        stored = _CARDS.get_many(keys)
    missing = [pk for i, pk in enumerate(ids) if not seconds or keys[i] not in stored]
    wanted = missing if anonymous else ids
    positions = {p.pk: p for p in selectors.positions_by_ids(wanted)} if wanted else {}
    body_template = get_template("vacancies/_position_card.html") if missing else None
    cards, shown = [], []
    for i, pk in enumerate(ids):
        card = stored.get(keys[i]) if seconds else None
        if card is None:
            position = positions.get(pk)
            if position is None:  # deleted since the page's ids were read
                continue
            card = (
                body_template.render({"position": position}),
                _ANONYMOUS_APPLY.render({"position": position}),
            )
            if seconds:
                _CARDS.set(keys[i], card)
        cards.append(card)
        shown.append(pk)
    if anonymous:
        html = "".join(f'<li class="card">{body}  {apply}\n</li>' for body, apply in cards)
        return {"html": mark_safe(html)}  # noqa: S308 (the templates' own escaped output)
    return {
        "items": [
            {"position": positions[pk], "body": mark_safe(body)}  # noqa: S308 (the template's escaped output)
            for pk, (body, _apply) in zip(shown, cards, strict=True)
        ]
    }


@public_page
def vacancy_list(request):
    return render(request, "vacancies/list.html", {**_list_context(request, open_now=True), "archive": False})


@public_page
def archive(request):
    return render(request, "vacancies/list.html", {**_list_context(request, open_now=False), "archive": True})


def _reader_context(request, announcement_id):
    announcement = selectors.announcement_for_reader(user=request.user, pk=announcement_id)
    now = timezone.now()
    positions = list(announcement.positions.all())
    # The announcement stays open while any of its positions is: an extended one runs longer.
    deadline = max(
        (p.deadline for p in positions if p.closing_state != "closed"), default=announcement.closes_at
    )
    return {
        "announcement": announcement,
        "institution": announcement.institution,
        "positions": positions,
        "amendments": list(announcement.amendments.all()),
        "notices": rules.notices_for(
            announcement.rule_set
        ),  # the procedure's own rules (R-9.2 under 01/2024)
        "deadline": deadline,
        "time_left": _time_left(announcement, now, deadline),
        "is_preview": announcement.status == "draft",
        "now": now,
    }


def _time_left(announcement, now, deadline):
    return rules.time_left(now, deadline) if announcement.status == "published" else None


@public_page
def announcement_detail(request, announcement_id):
    return render(request, "vacancies/announcement.html", _reader_context(request, announcement_id))


@public_page
def position_detail(request, announcement_id, position_id):
    context = _reader_context(request, announcement_id)
    position = next((p for p in context["positions"] if p.pk == position_id), None)
    if position is None:
        raise Http404
    time_left = (
        None
        if position.closing_state == "closed"
        else _time_left(context["announcement"], context["now"], position.deadline)
    )
    return render(
        request,
        "vacancies/position.html",
        {
            **context,
            "position": position,
            "deadline": position.deadline,
            "time_left": time_left,
        },
    )


@pdf_rate_limited
def announcement_pdf(request, announcement_id):
    context = _reader_context(request, announcement_id)
    announcement = context["announcement"]
    filename = "".join(c if c.isalnum() or c in "-_" else "-" for c in announcement.reference)
    filename = f"{filename or 'announcement'}.pdf"
    if context["is_preview"]:  # HR's preview of a draft: changes at every edit, for HR alone, so drawn now
        pdf = render_announcement_pdf(announcement, language=get_language(), request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    # Published: the stored file of this version (a worker renders it; issue 13).
    language = reader_language()
    return stored_pdf_response(
        request,
        path=announcement_pdf_path(announcement, language),
        filename=filename,
        enqueue=lambda: tasks.announcement_pdf_render.delay(announcement.pk, language),
    )
