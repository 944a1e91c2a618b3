from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from recruitment.lib.pdf import pdf_rate_limited
from recruitment.lib.pdf_files import reader_language, stored_pdf_response
from recruitment.lib.public_cache import public_page, remembered
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
    positions = selectors.positions_search(open_now=open_now, **params)
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "params": params,
        "query": query.urlencode(),
        "categories": Category.choices,
        "now": timezone.now(),
        # Shared by every page and filter of the list: kept until the public content changes.
        **remembered(f"filter-choices:{open_now}", lambda: selectors.filter_choices(open_now=open_now)),
    }


@public_page
def home(request):
    # The six closing soonest (LIMIT 6 in the database) and one COUNT: neither reads every open position.
    return render(
        request,
        "vacancies/home.html",
        {
            "latest": list(selectors.positions_search(open_now=True)[:6]),
            "open_count": remembered("open-count", selectors.open_count),
            "now": timezone.now(),
        },
    )


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
