"""The read-only public API, version 1 (/api/v1/), described by openapi.py (served at /api/v1/openapi.json).

The same data as the public pages, never more: each endpoint reads through the selector its page uses (open
vacancies, announcements, published shortlists, published qualified lists, committee draws, the statistics).
Paginated (``page``, PAGE_SIZE a page), cached (API_CACHE_SECONDS), limited per client (API_RATE_LIMIT,
allauth's syntax, counted in the cache like the log-in limits). ``lang`` (sq, sr-latn, en) chooses the
language of texts.
"""

import hashlib
import json
from functools import wraps

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from committees import selectors as committee_selectors
from scoring import results as scoring_results
from scoring import selectors as scoring_selectors
from scoring.models import Evaluation
from vacancies import selectors as vacancy_selectors
from vacancies.models import Announcement, Category, Position
from verification import selectors as verification_selectors
from verification.models import Shortlist

from . import statistics as stats
from .openapi import spec

PAGE_SIZE = 50
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class BadRequest(Exception):
    pass


def _error(status: int, detail: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def api_view(view):
    """GET only; the rate limit; the language; 404 and 400 as JSON; cache headers."""

    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        rate = settings.API_RATE_LIMIT
        if (
            rate
            and ratelimit.consume(
                request, app="publicdata", action="api", config={"api": rate}, limit_get=True
            )
            is None
        ):
            return _error(429, "Too many requests: try again in a minute.", Retry_After="60")
        lang = request.GET.get("lang") or translation.get_language() or settings.LANGUAGE_CODE
        if lang not in LANGUAGES:
            return _error(400, f"Unknown language {lang!r}: one of {sorted(LANGUAGES)}.")
        seconds = settings.API_CACHE_SECONDS
        key = "publicdata-api:" + hashlib.sha256(f"{lang} {request.get_full_path()}".encode()).hexdigest()
        body = cache.get(key) if seconds else None
        if body is None:
            try:
                with translation.override(lang):
                    data = view(request, *args, **kwargs)
            except Http404:
                return _error(404, "Not found.")
            except BadRequest as exc:
                return _error(400, str(exc))
            body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
            if seconds:
                cache.set(key, body, seconds)
        response = HttpResponse(body, content_type="application/json")
        response["Content-Language"] = lang
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def _page(request, items, serialise) -> dict:
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError as exc:
        raise BadRequest("page must be a whole number") from exc
    if number < 1:
        raise BadRequest("page must be 1 or more")
    paginator = Paginator(items, PAGE_SIZE)
    try:
        page = paginator.page(number)
    except EmptyPage as exc:
        if number == 1:
            page = None
        else:
            raise Http404 from exc

    def link(n):
        query = request.GET.copy()
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page and page.has_next() else None,
        "previous": link(page.previous_page_number()) if page and page.has_previous() else None,
        "results": [serialise(request, item) for item in (page.object_list if page else [])],
    }


def _url(request, name, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


# --- Serialisers: exactly what the pages show ---------------------------------------------------------------


def _institution(inst) -> dict:
    return {"short_name": inst.short_name, "name": inst.name, "country": inst.country}


def _position(request, p, *, full=False) -> dict:
    data = {
        "id": p.pk,
        "announcement": p.announcement_id,
        "code": p.code,
        "title": p.title,
        "institution": _institution(p.announcement.institution),
        "category": p.category,
        "category_label": p.get_category_display(),
        "contract_type": p.contract_type,
        "number_of_positions": p.number_of_positions,
        "place": p.place,
        "places": [{"place": x.place, "count": x.count} for x in p.places.all()],
        "deadline": p.deadline,
        "extended": p.extended_until is not None,
        "open": p.is_open,
        "url": _url(request, "vacancies:position", p.announcement_id, p.pk),
    }
    if full:
        data.update(
            {
                "grade": p.grade,
                "coefficient": None if p.coefficient is None else str(p.coefficient),
                "department": p.department,
                "supervisor": p.supervisor,
                "duration": p.duration,
                "salary": p.salary_reference,
                "description": p.description,
                "duties": p.duty_lines,
                "requirements": [
                    {"kind": r.kind, "text": r.text, "min_years": r.min_years, "advantage": r.is_advantage}
                    for r in p.requirements.all()
                ],
                "documents": [
                    {"name": d.name, "required": d.required, "notes": d.notes} for d in p.documents.all()
                ],
            }
        )
    return data


def _announcement(request, a, *, full=False) -> dict:
    data = {
        "id": a.pk,
        "reference": a.reference,
        "title": a.title,
        "institution": _institution(a.institution),
        "status": a.status,
        "published_at": a.published_at,
        "opens_at": a.opens_at,
        "closes_at": a.closes_at,
        "url": _url(request, "vacancies:announcement", a.pk),
    }
    if full:
        data.update(
            {
                "legal_basis": a.legal_basis,
                "general_description": a.general_description,
                "formal_requirements": a.formal_requirements,
                "competencies": a.competencies,
                "how_to_apply": a.how_to_apply,
                "documents_instructions": a.documents_instructions,
                "evaluation_method": a.evaluation_method,
                "notification_method": a.notification_method,
                "contact_email": a.contact_email,
                "amendments": [{"at": m.created_at, "reason": m.reason} for m in a.amendments.all()],
                "positions": [_position(request, p, full=True) for p in a.positions.all()],
            }
        )
    return data


# --- Endpoints ----------------------------------------------------------------------------------------------


@api_view
def index(request):
    return {
        "version": "1",
        "openapi": _url(request, "api:openapi"),
        "endpoints": {
            name: _url(request, f"api:{name}")
            for name in ("announcements", "positions", "shortlists", "results", "draws", "statistics")
        },
    }


@api_view
def positions(request):
    state = request.GET.get("state", "open")
    if state not in ("open", "closed"):
        raise BadRequest("state is open or closed")
    category = request.GET.get("category", "")
    if category and category not in Category.values:
        raise BadRequest(f"category is one of {Category.values}")
    qs = vacancy_selectors.positions_search(
        open_now=state == "open",
        q=request.GET.get("q", "")[:200],
        category=category,
        institution=request.GET.get("institution", "")[:30],
    )
    return _page(request, qs, _position)


@api_view
def position(request, pk):
    p = next((x for x in _reader(request, None, position_id=pk).positions.all() if x.pk == pk), None)
    if p is None:
        raise Http404
    return _position(request, p, full=True)


def _reader(request, announcement_id, *, position_id=None):
    """A published or closed announcement as its public page reads it (drafts are nobody's here)."""

    if position_id is not None:
        announcement_id = (
            Position.objects.filter(pk=position_id).values_list("announcement_id", flat=True).first()
        )
        if announcement_id is None:
            raise Http404

    return vacancy_selectors.announcement_for_reader(user=AnonymousUser(), pk=announcement_id)


@api_view
def announcements(request):
    qs = Announcement.objects.public().select_related("institution").order_by("-published_at", "-id")
    institution = request.GET.get("institution", "")[:30]
    if institution:
        qs = qs.filter(institution__short_name=institution)
    return _page(request, qs, _announcement)


@api_view
def announcement(request, pk):
    return _announcement(request, _reader(request, pk), full=True)


def _shortlist_summary(request, s: Shortlist) -> dict:
    p = s.position
    return {
        "position": p.pk,
        "code": p.code,
        "title": p.title,
        "reference": p.announcement.reference,
        "institution": _institution(p.announcement.institution),
        "published_at": s.published_at,
        "changed_at": s.changed_at,
        "url": _url(request, "verification:shortlist", p.pk),
    }


@api_view
def shortlists(request):
    qs = Shortlist.objects.select_related("position__announcement__institution").order_by(
        "-published_at", "-pk"
    )
    return _page(request, qs, _shortlist_summary)


@api_view
def shortlist(request, position_id):
    s, entries = verification_selectors.published_shortlist(position_id)
    return {
        **_shortlist_summary(request, s),
        "candidates": [
            {
                "number": i,
                "last_name": e.get("last_name", ""),
                "first_name": e.get("first_name", ""),
                "reference": e.get("reference", ""),
            }
            for i, e in enumerate(entries, start=1)
        ],
    }


def _result_summary(request, e: Evaluation) -> dict:
    p = e.position
    return {
        "id": e.pk,
        "position": p.pk,
        "code": p.code,
        "title": p.title,
        "reference": p.announcement.reference,
        "institution": _institution(p.announcement.institution),
        "published_at": e.result.published_at,
        "act_number": e.result.act_number,
        "url": _url(request, "scoring:public_results", e.pk),
    }


@api_view
def results(request):
    qs = (
        Evaluation.objects.filter(status="published")
        .select_related("position__announcement__institution", "result")
        .order_by("-result__published_at", "-pk")
    )
    return _page(request, qs, _result_summary)


@api_view
def result(request, pk):
    """R-25.2: the qualified candidates in rank order, as the public page shows them (no other candidate)."""
    evaluation = scoring_selectors.published_evaluation(pk)
    rows = [row for row in scoring_results.compute_results(evaluation) if row.qualified]
    table = scoring_selectors.result_table(evaluation, rows)
    return {
        **_result_summary(request, evaluation),
        "without_winner": not rows,
        "qualified": [
            {
                "rank": item["row"].rank,
                "name": item["name"],
                "documents": item["documents"] or None,
                "written": item["written"] or None,
                "interview": item["interview"] or None,
                "total": item["total"],
                "winner": item["row"].winner,
                "tie_rule": item["row"].tie_rule,
            }
            for item in table
        ],
    }


def _draw_summary(request, d) -> dict:
    p = d.committee.position
    return {
        "id": d.pk,
        "kind": d.kind,
        "status": d.status,
        "committed_at": d.committed_at,
        "position": p.pk if p else None,
        "title": p.title if p else "",
        "institution": _institution(p.announcement.institution) if p else None,
        "url": _url(request, "committees:draw", d.pk),
        "record": _url(request, "committees:draw_json", d.pk),
    }


@api_view
def draws(request):
    return _page(request, committee_selectors.public_draws(), _draw_summary)


@api_view
def draw(request, pk):
    d = committee_selectors.draw_for_public(pk)
    # The record as draw.json publishes it (round-tripped: plain JSON types only).
    return {
        **_draw_summary(request, d),
        "draw_record": json.loads(json.dumps(committee_selectors.draw_record(d), cls=DjangoJSONEncoder)),
    }


def _stage_json(stage) -> dict:
    return stage.as_json()


@api_view
def statistics(request):
    try:
        year = stats.parse_year(request.GET.get("year"), default=timezone.localdate().year)
    except ValueError as exc:
        raise BadRequest(f"year must be a whole number from {stats.FIRST_YEAR} to {stats.LAST_YEAR}") from exc
    rows = stats.institution_year_statistics(year=year, institution=request.GET.get("institution", "")[:30])
    return {
        "year": year,
        "threshold": stats.threshold(),
        "institutions": [
            {
                "institution": _institution(row["institution"]),
                "stages": [_stage_json(s) for s in row["stages"]],
                "quotas": [
                    {
                        "category": q["category"],
                        "staff": q["staff"],
                        "non_majority": q["non_majority"].as_json(),
                        "share_percent": q["share"] or None,
                        "below_quota": q["below_quota"],
                    }
                    for q in row["quotas"]
                ],
                "procedures": [
                    {
                        "position": proc["position"].pk,
                        "code": proc["position"].code,
                        "title": proc["position"].title,
                        "reference": proc["position"].announcement.reference,
                        "stages": [_stage_json(s) for s in proc["stages"]],
                    }
                    for proc in row["procedures"]
                ],
            }
            for row in rows
        ],
    }


@api_view
def openapi(request):
    return spec(server=request.build_absolute_uri("/api/v1"))


def not_found(request, rest=""):
    """Any other address under /api/v1/ (a negative id, a typo): a JSON 404 as documented, not the site's
    page."""
    return _error(404, "Not found.")
