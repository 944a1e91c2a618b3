import csv

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from vacancies.models import Category
from vacancies.selectors import filter_choices

from . import statistics as stats
from .openapi import PATHS
from .sitemaps import SITEMAPS

# Pages of people and staff, in every language prefix: nothing for a search engine to index.
PRIVATE_PREFIXES = (
    "applications/",
    "inbox/",
    "committees/mine/",
    "committees/observers/",
    "committees/compensation/",
    "evaluations/",
    "written-test/",
    "accounts/",
    "admin/",
    "mailbox/",
    "privacy/my-data/",
    "alerts/*/",
)  # the confirm and unsubscribe pages of one alert (by its secret token)


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    prefixes = [""] + [f"{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{lang}{private}" for lang in prefixes for private in PRIVATE_PREFIXES]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cache_control(max_age=3600, public=True)
def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS)


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico at the root whatever the page links to."""
    path = finders.find("img/favicon.ico")
    if path is None:  # collected static files only (production)
        raise Http404(static("img/favicon.ico"))
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def _year(request) -> int:
    try:
        return stats.parse_year(request.GET.get("year"), default=timezone.localdate().year)
    except ValueError as exc:
        raise Http404 from exc


def statistics(request):
    year = _year(request)
    institution = request.GET.get("institution", "")[:30]
    return render(
        request,
        "publicdata/statistics.html",
        {
            "year": year,
            "institution": institution,
            "years": sorted(set(stats.statistics_years()) | {timezone.localdate().year}, reverse=True),
            "institutions": stats.institutions_with_procedures(),
            "rows": stats.institution_year_statistics(year=year, institution=institution),
            "stages": stats.STAGES,
            "genders": stats.GENDERS,
            "communities": stats.COMMUNITIES,
            "threshold": stats.threshold(),
        },
    )


def statistics_position(request, position_id):
    position = stats.public_positions().filter(pk=position_id).first()
    if position is None:
        raise Http404
    (row,) = stats.procedure_statistics([position])
    return render(
        request,
        "publicdata/statistics_position.html",
        {
            "position": position,
            "stages": row["stages"],
            "genders": stats.GENDERS,
            "communities": stats.COMMUNITIES,
            "threshold": stats.threshold(),
        },
    )


def statistics_csv(request):
    year = _year(request)
    t = stats.threshold()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistics-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "level",
            "institution",
            "announcement",
            "position_code",
            "position",
            "stage",
            "recorded",
            "total",
            *[f"gender_{k or 'not_declared'}" for k, _l in stats.GENDERS],
            *[f"community_{k or 'not_declared'}" for k, _l in stats.COMMUNITIES],
        ]
    )

    def write(level, institution, announcement, code, title, stages):
        for stage in stages:
            cells = (
                [c.shown(t) for c in (stage.total, *stage.gender, *stage.community)]
                if stage.recorded
                else [""] * (1 + len(stats.GENDERS) + len(stats.COMMUNITIES))
            )
            writer.writerow(
                [level, institution, announcement, code, title, stage.key, int(stage.recorded), *cells]
            )

    for row in stats.institution_year_statistics(
        year=year, institution=request.GET.get("institution", "")[:30]
    ):
        inst = row["institution"].short_name
        write("institution_year", inst, "", "", str(year), row["stages"])
        for proc in row["procedures"]:
            p = proc["position"]
            write("procedure", inst, p.announcement.reference, p.code, p.title, proc["stages"])
    return response


def open_data(request):
    return render(
        request,
        "publicdata/open_data.html",
        {
            "institutions": filter_choices(open_now=False)["institutions"],
            "categories": Category.choices,
            "paths": list(PATHS),
            "api_root": request.build_absolute_uri("/api/v1").rstrip("/"),
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "rate": settings.API_RATE_LIMIT,
        },
    )
